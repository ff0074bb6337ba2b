package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.SamplingOptions;
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
    assertTrue(unreferenced(lengthPrefixed(aud, sei, unreferencedSlice), 4));
    assertFalse(unreferenced(lengthPrefixed(aud, sei, referencedSlice), 4));
    assertTrue(unreferenced(startCodes(aud, sei, unreferencedSlice),
        VideoDecoder.UNREFERENCED_START_CODES));
    assertFalse(unreferenced(startCodes(aud, sei, referencedSlice),
        VideoDecoder.UNREFERENCED_START_CODES));
    // No slice in the packet: taken for a frame decoding returns.
    assertFalse(unreferenced(lengthPrefixed(aud, sei), 4));
    assertFalse(unreferenced(startCodes(sei, unreferencedSlice),
        VideoDecoder.UNREFERENCED_UNKNOWN));
  }

  private static boolean unreferenced(byte[] packet, int framing) {
    try (BytePointer data = new BytePointer(packet)) {
      return VideoDecoder.unreferenced(data, packet.length, framing);
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
