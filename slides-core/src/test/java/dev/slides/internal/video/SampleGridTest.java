package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slides.SamplingOptions;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One sample per point of the grid, whatever rounding the frames' times carry. An MPEG-TS
 * may start at a time in 90 kHz ticks that is no whole number of microseconds (FFmpeg's own
 * files at 30 fps with B-frames start at 1.466667 s), so frames on the grid come out a
 * microsecond early; each such frame must stand for its grid point once, not be followed by a
 * second sample for the same point.
 */
class SampleGridTest {
  @TempDir Path dir;

  @Test
  void aFrameAMicrosecondEarlyIsTheSampleOfItsPointAndNoOtherIs() throws IOException {
    Path video = LectureVideo.builder(160, 90, 30).codec(LectureVideo.Codec.MPEG2).bFrames(2)
        .gop(90).startFrame(2)
        .slide(Slides.bullets(160, 90, 1, "A", 3), 5)
        .slide(Slides.bullets(160, 90, 2, "B", 3), 5)
        .write(dir.resolve("recording.ts"));
    for (SamplingOptions options : TimeRangeSeekTest.WAYS) {
      List<Double> times = new ArrayList<>();
      try (VideoFrames frames = VideoFrames.open(video, options)) {
        VideoFrame f;
        while ((f = frames.next()) != null) {
          times.add(f.time());
        }
      }
      assertEquals(40, times.size(), options + ": " + times);
    }
  }

  @Test
  void theNextPointAfterAFrameJustBeforeAPointIsTheOneAfterIt() {
    assertEquals(1.25, FfmpegVideoFrames.nextSampleTime(0.999999, 4), 1e-12);
    assertEquals(1.25, FfmpegVideoFrames.nextSampleTime(1.0, 4), 1e-12);
    assertEquals(1.0, FfmpegVideoFrames.nextSampleTime(0.99999, 4), 1e-12);
    assertEquals(2.0, FfmpegVideoFrames.nextSampleTime(0.999999, 1), 1e-12);
  }
}
