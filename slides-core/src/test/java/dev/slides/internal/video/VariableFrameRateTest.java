package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.slides.SamplingOptions;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A variable-frame-rate recording (a screen recorder writing a frame only when the screen
 * changes) shows each frame until the next: every point of the sampling grid gets a sample, the
 * frame on screen then, on every decoder path and when reading from a start.
 */
class VariableFrameRateTest {
  private static final int W = 320;
  private static final int H = 180;
  private static final double RATE = SamplingOptions.DEFAULT_SAMPLES_PER_SECOND;

  @TempDir static Path dir;
  static Path video;
  /** When the recorder wrote a frame: A, A again, B, B again, C (shown until 14 s). */
  static final double[] FRAMES = {0, 4, 4.5, 8.5, 10};

  @BeforeAll
  static void write() throws IOException {
    // Frames at 0 and 4 (A), 4.5 and 8.5 (B), 10 (C, then nothing until the end at 14).
    video = LectureVideo.builder(W, H, 30).onlyChangedFrames(4)
        .slide(Slides.bullets(W, H, 41, "A", 3), 4.5)
        .slide(Slides.dark(W, H, 42, "B", 2), 5.5)
        .slide(Slides.bullets(W, H, 43, "C", 4), 4)
        .write(dir.resolve("screen-recording.mp4"));
  }

  record Sample(double time, byte[] luma) {}

  static List<Sample> read(SamplingOptions options, double from) throws IOException {
    return read(options, from, Double.POSITIVE_INFINITY);
  }

  static List<Sample> read(SamplingOptions options, double from, double to) throws IOException {
    List<Sample> samples = new ArrayList<>();
    try (VideoFrames frames = VideoFrames.open(video, options, from, to)) {
      VideoFrame f;
      while ((f = frames.next()) != null) {
        if (f.time() + 1e-9 >= from) {
          samples.add(new Sample(f.time(), f.luma().pixels().clone()));
        }
      }
    }
    return samples;
  }

  @Test
  void everyGridPointGetsTheFrameOnScreen() throws IOException {
    for (SamplingOptions options : TimeRangeSeekTest.WAYS) {
      List<Sample> samples = read(options, 0);
      String way = options.toString();
      List<Double> times = samples.stream().map(Sample::time).toList();
      assertEquals(56, samples.size(), way + ": " + times);
      for (int i = 0; i < samples.size(); i++) {
        Sample s = samples.get(i);
        assertEquals(i / RATE, s.time(), 1e-6, way + ": " + times);
        // The frame written last at or before it, sampled at its own time (on the grid).
        Sample shown = samples.get((int) Math.round(FRAMES[frameAt(s.time())] * RATE));
        assertArrayEquals(shown.luma(), s.luma(), way + ": sample at " + s.time() + " s");
      }
      for (int slide : new int[] {18, 40}) { // B and C are other pictures than the one before
        assertFalse(Arrays.equals(samples.get(slide - 1).luma(), samples.get(slide).luma()),
            way + ": sample at " + samples.get(slide).time() + " s");
      }
    }
  }

  @Test
  void readingFromAStartGivesTheSamplesOfReadingFromZero() throws IOException {
    double from = 6.1; // inside B, whose frame is at 4.5 s
    for (SamplingOptions options : TimeRangeSeekTest.WAYS) {
      List<Sample> whole = read(options, 0).stream().filter(s -> s.time() >= from).toList();
      List<Sample> part = read(options, from);
      String way = options.toString();
      assertEquals(whole.stream().map(Sample::time).toList(),
          part.stream().map(Sample::time).toList(), way);
      assertEquals(31, part.size(), way); // 6.25 s to 13.75 s
      for (int i = 0; i < part.size(); i++) {
        assertArrayEquals(whole.get(i).luma(), part.get(i).luma(),
            way + ": sample at " + part.get(i).time() + " s");
      }
    }
  }

  @Test
  void aPartEndingInsideAStillSlideIsSampledToItsEnd() throws IOException {
    double to = 7.1; // B's frame at 4.5 s is shown until 8.5 s
    for (SamplingOptions options : TimeRangeSeekTest.WAYS) {
      List<Sample> whole = read(options, 0).stream().filter(s -> s.time() < to).toList();
      List<Sample> part = read(options, 0, to);
      String way = options.toString();
      assertEquals(whole.stream().map(Sample::time).toList(),
          part.stream().map(Sample::time).toList(), way);
      assertEquals(29, part.size(), way); // 0 s to 7 s
      assertArrayEquals(whole.get(28).luma(), part.get(28).luma(), way);
    }
  }

  private static int frameAt(double time) {
    int frame = 0;
    while (frame + 1 < FRAMES.length && time + 1e-9 >= FRAMES[frame + 1]) {
      frame++;
    }
    return frame;
  }
}
