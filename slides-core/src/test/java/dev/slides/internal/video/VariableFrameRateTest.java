package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  /**
   * A cut to a slide that fades in over 0.3 s, written at the recorder's full 30 fps, and then
   * nothing for 5.5 s: the sample time after the fade shows, and holds, the completed slide
   * (the fade's last frame), not the frame of the fade sampled at the grid point inside it.
   */
  @Test
  void aBurstOfFramesLeavesItsLastFrameHeld() throws IOException {
    // The same timeline with every frame written: B complete at 5 s.
    Path everyFrame = LectureVideo.builder(W, H, 30)
        .slide(Slides.bullets(W, H, 51, "A", 3), 4.1)
        .crossfade(0.3)
        .slide(Slides.dark(W, H, 52, "B", 2), 5.5)
        .slide(Slides.bullets(W, H, 53, "C", 4), 4)
        .write(dir.resolve("every-frame.mp4"));
    byte[] completed = samplesOf(everyFrame, TimeRange.WHOLE, TimeRangeSeekTest.WAYS.get(2))
        .get((int) Math.round(5 * RATE)).luma();
    // Frames written: A at 0 s, the fade from 4.1 s to 4.4 s (10 frames), C at 9.9 s. A
    // keyframe at C (the 12th) ends a chunk just after the fade; one at the fade's last frame
    // (the 11th) starts a chunk with a frame that is no sample but is then held.
    for (int gop : new int[] {250, 11, 10}) {
      // A until 4.1 s, B fading in until 4.4 s, B alone until 9.9 s, then C until 13.9 s.
      Path burst = LectureVideo.builder(W, H, 30).onlyChangedFrames(Double.POSITIVE_INFINITY)
          .gop(gop)
          .slide(Slides.bullets(W, H, 51, "A", 3), 4.1)
          .crossfade(0.3)
          .slide(Slides.dark(W, H, 52, "B", 2), 5.5)
          .slide(Slides.bullets(W, H, 53, "C", 4), 4)
          .write(dir.resolve("burst-" + gop + ".mp4"));
      for (SamplingOptions options : TimeRangeSeekTest.WAYS) {
        String way = "keyframe every " + gop + " frames, " + options;
        List<Sample> whole = samplesOf(burst, TimeRange.WHOLE, options);
        assertEquals(56, whole.size(), way + ": " + whole.stream().map(Sample::time).toList());
        byte[] midFade = whole.get(17).luma(); // 4.25 s: the frame at 4.27 s, inside the fade
        assertTrue(meanDifference(midFade, completed) > 40, way);
        for (int i = 18; i < 39; i++) { // 4.5 s to 9.5 s (C's frame at 9.9 s stands for 9.75)
          Sample s = whole.get(i);
          assertEquals(i / RATE, s.time(), 1e-6, way);
          // Not the same encoding as the reference: a few levels apart (the mid-fade frame 84).
          assertTrue(meanDifference(s.luma(), completed) < 10,
              way + ": sample at " + s.time() + " s differs from the completed slide by "
                  + meanDifference(s.luma(), completed));
        }
        // A part ending inside the still slide holds it too.
        List<Sample> part = samplesOf(burst, new TimeRange(0, 7.1), options);
        assertEquals(29, part.size(), way);
        assertArrayEquals(whole.get(18).luma(), part.get(18).luma(), way);
        assertArrayEquals(whole.get(28).luma(), part.get(28).luma(), way);
      }
    }
  }

  private static List<Sample> samplesOf(Path file, TimeRange range, SamplingOptions options)
      throws IOException {
    List<Sample> samples = new ArrayList<>();
    try (VideoFrames frames = VideoFrames.open(file, options, range.from(), range.to())) {
      VideoFrame f;
      while ((f = frames.next()) != null) {
        samples.add(new Sample(f.time(), f.luma().pixels().clone()));
      }
    }
    return samples;
  }

  private static double meanDifference(byte[] a, byte[] b) {
    long sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
    }
    return (double) sum / a.length;
  }

  private static int frameAt(double time) {
    int frame = 0;
    while (frame + 1 < FRAMES.length && time + 1e-9 >= FRAMES[frame + 1]) {
      frame++;
    }
    return frame;
  }
}
