package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.ExtractionException;
import dev.slides.InMemoryBlobStore;
import dev.slides.SamplingOptions;
import dev.slides.SlideExtractor;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MPEG-TS recording with reordered frames (broadcast MPEG-2, H.264 with B-frames), whose last
 * keyframe starts the last chunk. FFmpeg's MPEG-TS seek to that keyframe lands at the end of the
 * file and decodes nothing; the decoders then go back further, so the end of the video is read
 * like the rest instead of being lost (or failing the job as truncated).
 */
class MpegTsSeekTest {
  @TempDir static Path dir;
  static Path video;

  @BeforeAll
  static void write() throws IOException {
    // Keyframes at 0 and 6 s only: the second chunk starts at the last keyframe.
    video = LectureVideo.builder(320, 180, 10).codec(LectureVideo.Codec.MPEG2).bFrames(2)
        .gop(60)
        .slide(Slides.bullets(320, 180, 1, "A", 3), 6)
        .slide(Slides.bullets(320, 180, 2, "B", 3), 4)
        .write(dir.resolve("broadcast.ts"));
  }

  private static List<Double> sampleTimes(SamplingOptions options, double from)
      throws IOException {
    List<Double> times = new ArrayList<>();
    try (VideoFrames frames = VideoFrames.open(video,
        options.toBuilder().samplesPerSecond(1.0).build(), from,
        Double.POSITIVE_INFINITY)) {
      VideoFrame f;
      while ((f = frames.next()) != null) {
        if (f.time() + 1e-9 >= from) {
          times.add(f.time());
        }
      }
    }
    return times;
  }

  @Test
  void theLastChunkIsDecodedEveryWay() throws IOException {
    for (SamplingOptions options : TimeRangeSeekTest.WAYS) {
      // One sample a second, on the first frame decoded at or after it (B-frames are skipped).
      List<Double> times = sampleTimes(options, 0);
      assertEquals(10, times.size(), options + ": " + times);
      assertTrue(times.get(9) >= 9.0, options + ": " + times);
    }
  }

  @Test
  void aStartAfterTheLastKeyframeIsReached() throws IOException {
    for (SamplingOptions options : TimeRangeSeekTest.WAYS) {
      List<Double> times = sampleTimes(options, 7);
      assertEquals(3, times.size(), options + ": " + times);
      assertTrue(times.get(2) >= 9.0, options + ": " + times);
    }
  }

  @Test
  void theSlideOfTheLastChunkIsFound() throws ExtractionException {
    assertEquals(2, SlideExtractor.create(new InMemoryBlobStore())
        .extract("broadcast", video).slideCount());
  }
}
