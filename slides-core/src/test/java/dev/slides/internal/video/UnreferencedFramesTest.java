package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.SamplingOptions;
import dev.slides.internal.video.UnreferencedFrames.Framing;
import dev.slides.internal.video.UnreferencedFrames.Syntax;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packet index knows which frames a decoder skipping non-reference frames never returns,
 * so that samples handed out without decoding come at the times decoding gives.
 */
class UnreferencedFramesTest {
  @TempDir Path dir;

  @Test
  void thePacketIndexMarksExactlyTheFramesASkippingDecoderDrops() throws IOException {
    Path mpeg4 = LectureVideo.builder(320, 180, 25).gop(50).bFrames(2)
        .codec(LectureVideo.Codec.MPEG4).speakerInset(0.04)
        .slide(Slides.bullets(320, 180, 1, "A", 3), 4)
        .motion(2)
        .write(dir.resolve("mpeg4.mp4"));
    Path mpeg2 = LectureVideo.builder(320, 180, 25).gop(50).bFrames(2)
        .codec(LectureVideo.Codec.MPEG2).speakerInset(0.04)
        .slide(Slides.bullets(320, 180, 2, "B", 3), 4)
        .motion(2)
        .write(dir.resolve("mpeg2.ts"));
    for (Path video : List.of(mpeg4, mpeg2)) {
      SamplingOptions options = SamplingOptions.defaults();
      List<Long> notSkipped = new ArrayList<>();
      int skipped = 0;
      try (VideoDecoder probe = VideoDecoder.open(video, options, 1)) {
        assertTrue(probe.skipsNonReferenceFrames(), video.toString());
        PacketIndex index = probe.packetIndex();
        for (int i = 0; i < index.size(); i++) {
          if (index.isSkippedByDecoders(i)) {
            skipped++;
          } else {
            notSkipped.add(probe.micros(index.ticks(i)));
          }
        }
      }
      List<Long> decoded = new ArrayList<>();
      try (VideoDecoder decoder = VideoDecoder.open(video, options, 1)) {
        while (decoder.next() != null) {
          decoded.add(decoder.frameMicros());
        }
      }
      assertTrue(skipped >= 50, video + ": " + skipped + " B-frames");
      assertEquals(notSkipped, decoded, video.toString());
    }
  }

  @Test
  void h264FramesAreToldApartByTheirFirstSlicesReferenceIndicator() {
    // An access unit delimiter and an SEI (nal_ref_idc 0 both) come before the slice.
    byte[] aud = {0x09, (byte) 0xf0};
    byte[] sei = {0x06, 0x05, 0x01, 0x02, 0x03};
    byte[] unreferencedSlice = {0x01, (byte) 0x9e, 0x00};
    byte[] referencedSlice = {0x41, (byte) 0x9a, 0x00};
    assertToldApart(Syntax.H264, new byte[][] {aud, sei}, unreferencedSlice, referencedSlice);
  }

  @Test
  void hevcFramesAreToldApartByTheirFirstSlicesType() {
    // Two-byte NAL headers: an access unit delimiter (35) and a prefix SEI (39) first.
    byte[] aud = {0x46, 0x01, 0x50};
    byte[] sei = {0x4e, 0x01, 0x05, 0x01, 0x02};
    byte[] trailN = {0x00, 0x01, (byte) 0xd0}; // TRAIL_N (0): a sub-layer non-reference picture
    byte[] raslN = {0x10, 0x01, (byte) 0xd0}; // RASL_N (8)
    byte[] trailR = {0x02, 0x01, (byte) 0xd0}; // TRAIL_R (1): referred to
    assertToldApart(Syntax.HEVC, new byte[][] {aud, sei}, trailN, trailR);
    assertToldApart(Syntax.HEVC, new byte[][] {aud, sei}, raslN, trailR);
  }

  @Test
  void onlyIdrPicturesStartTheDecodingAfresh() {
    // H.264: an IDR slice (type 5) against a non-IDR intra slice (type 1), after an SEI.
    byte[] sei = {0x06, 0x05, 0x01, 0x02, 0x03};
    byte[] idr = {0x65, (byte) 0x88, 0x00};
    byte[] nonIdr = {0x41, (byte) 0x9a, 0x00};
    assertStartsAfresh(Syntax.H264, sei, idr, nonIdr);
    // HEVC: IDR_W_RADL (19) against CRA (21), whose picture order count goes on.
    byte[] hevcSei = {0x4e, 0x01, 0x05, 0x01, 0x02};
    byte[] hevcIdr = {0x26, 0x01, (byte) 0xaf};
    byte[] cra = {0x2a, 0x01, (byte) 0xaf};
    assertStartsAfresh(Syntax.HEVC, hevcSei, hevcIdr, cra);
    // Other codecs go by the keyframe flag alone.
    try (BytePointer data = new BytePointer(new byte[] {1, 2, 3})) {
      assertTrue(UnreferencedFrames.startsAfresh(data, 3, Framing.NONE));
    }
  }

  private static void assertStartsAfresh(Syntax syntax, byte[] before, byte[] afresh,
      byte[] not) {
    for (Framing framing : List.of(new Framing(syntax, 4), new Framing(syntax, 0))) {
      java.util.function.Function<byte[][], byte[]> pack = framing.lengthSize() > 0
          ? UnreferencedFramesTest::lengthPrefixed : UnreferencedFramesTest::startCodes;
      byte[] yes = pack.apply(new byte[][] {before, afresh});
      byte[] no = pack.apply(new byte[][] {before, not});
      byte[] none = pack.apply(new byte[][] {before});
      try (BytePointer a = new BytePointer(yes); BytePointer b = new BytePointer(no);
           BytePointer c = new BytePointer(none)) {
        assertTrue(UnreferencedFrames.startsAfresh(a, yes.length, framing), framing.toString());
        assertFalse(UnreferencedFrames.startsAfresh(b, no.length, framing), framing.toString());
        assertFalse(UnreferencedFrames.startsAfresh(c, none.length, framing),
            framing.toString());
      }
    }
  }

  /** With both framings, after {@code before}, one slice is told unreferenced, the other not. */
  private static void assertToldApart(Syntax syntax, byte[][] before, byte[] unreferencedSlice,
      byte[] referencedSlice) {
    Framing lengths = new Framing(syntax, 4);
    Framing startCodes = new Framing(syntax, 0);
    assertTrue(unreferenced(lengthPrefixed(with(before, unreferencedSlice)), lengths));
    assertFalse(unreferenced(lengthPrefixed(with(before, referencedSlice)), lengths));
    assertTrue(unreferenced(startCodes(with(before, unreferencedSlice)), startCodes));
    assertFalse(unreferenced(startCodes(with(before, referencedSlice)), startCodes));
    // No slice in the packet, or a codec not told apart: taken for a frame decoding returns.
    assertFalse(unreferenced(lengthPrefixed(before), lengths));
    assertFalse(unreferenced(startCodes(with(before, unreferencedSlice)), Framing.NONE));
  }

  private static byte[][] with(byte[][] units, byte[] last) {
    byte[][] all = java.util.Arrays.copyOf(units, units.length + 1);
    all[units.length] = last;
    return all;
  }

  private static boolean unreferenced(byte[] packet, Framing framing) {
    try (BytePointer data = new BytePointer(packet)) {
      return UnreferencedFrames.unreferenced(data, packet.length, framing);
    }
  }

  private static byte[] lengthPrefixed(byte[]... units) {
    List<Byte> out = new ArrayList<>();
    for (byte[] unit : units) {
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.add((byte) (unit.length >> shift));
      }
      for (byte b : unit) {
        out.add(b);
      }
    }
    return bytes(out);
  }

  private static byte[] startCodes(byte[]... units) {
    List<Byte> out = new ArrayList<>();
    for (byte[] unit : units) {
      out.add((byte) 0);
      out.add((byte) 0);
      out.add((byte) 0);
      out.add((byte) 1);
      for (byte b : unit) {
        out.add(b);
      }
    }
    return bytes(out);
  }

  private static byte[] bytes(List<Byte> list) {
    byte[] out = new byte[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }
}
