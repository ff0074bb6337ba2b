package dev.slides.internal.video;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_clone;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.SamplingOptions;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A keyframe decoded only when its picture is encoded is the frame decoding gives there. */
class KeyframePictureTest {
  @TempDir Path dir;

  @Test
  void aKeyframeDecodedOnDemandEncodesAsTheDecodedFrame() throws Exception {
    Path video = LectureVideo.builder(320, 180, 10).gop(20).speakerInset(0.04)
        .slide(Slides.bullets(320, 180, 61, "One", 3), 5)
        .motion(3)
        .slide(Slides.dark(320, 180, 62, "Two", 2), 5)
        .write(dir.resolve("keys.mp4"));
    SamplingOptions options = SamplingOptions.defaults();
    Map<Long, byte[]> decoded = new HashMap<>();
    long[] keyTicks;
    long[] keyMicros;
    Orientation orientation;
    try (VideoDecoder decoder = VideoDecoder.open(video, options, 1)) {
      keyTicks = decoder.packetIndex().keyframeTicks();
      keyMicros = new long[keyTicks.length];
      for (int k = 0; k < keyTicks.length; k++) {
        keyMicros[k] = decoder.micros(keyTicks[k]);
      }
      orientation = decoder.orientation();
      decoder.seek(keyTicks[0]);
      AVFrame frame;
      int k = 0;
      while ((frame = decoder.next()) != null && k < keyMicros.length) {
        if (decoder.frameMicros() == keyMicros[k]) {
          try (FfmpegPicture picture = new FfmpegPicture(av_frame_clone(frame), orientation)) {
            decoded.put(keyMicros[k], picture.encodeWebp(320, 80));
          }
          k++;
        }
      }
    }
    assertTrue(keyTicks.length >= 6, keyTicks.length + " keyframes");
    assertEquals(keyTicks.length, decoded.size());
    try (KeyframePicture.Source source =
             new KeyframePicture.Source(video, options, 320, 180, orientation)) {
      assertEquals(Orientation.UPRIGHT, orientation);
      // Out of order, as images are asked for, and one twice.
      for (int k : new int[] {3, 0, keyTicks.length - 1, 3, 1}) {
        try (KeyframePicture picture = source.picture(keyTicks[k], keyMicros[k])) {
          assertEquals(320, picture.width());
          assertEquals(180, picture.height());
          assertArrayEquals(decoded.get(keyMicros[k]), picture.encodeWebp(320, 80),
              "keyframe " + k);
        }
      }
    }
  }

  @Test
  void picturesOutliveTheirSourceAndTheDecoderClosesWithTheLast() throws Exception {
    Path video = LectureVideo.builder(320, 180, 10).gop(20)
        .slide(Slides.bullets(320, 180, 63, "Only", 3), 4)
        .write(dir.resolve("one.mp4"));
    long ticks;
    long micros;
    try (VideoDecoder decoder = VideoDecoder.open(video, SamplingOptions.defaults(), 1)) {
      ticks = decoder.packetIndex().keyframeTicks()[1];
      micros = decoder.micros(ticks);
    }
    KeyframePicture.Source source = new KeyframePicture.Source(video,
        SamplingOptions.defaults(), 320, 180, Orientation.UPRIGHT);
    KeyframePicture picture = source.picture(ticks, micros);
    KeyframePicture copy = picture.copy();
    source.close();
    picture.close();
    picture.close(); // closing twice releases once
    assertTrue(copy.encodeWebp(160, 80).length > 0, "still usable after its source closed");
    copy.close();
    assertThrows(IllegalStateException.class, () -> copy.encodeWebp(160, 80));
    assertThrows(IllegalStateException.class, () -> source.picture(ticks, micros));
  }
}
