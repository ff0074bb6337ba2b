package dev.slides.internal.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.DetectorOptions;
import dev.slides.ExtractionOptions;
import dev.slides.ExtractionResult;
import dev.slides.InMemoryBlobStore;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import dev.slides.SamplingOptions;
import dev.slides.SlideSegment;
import dev.slides.testing.Canvas;
import dev.slides.testing.DecodedImage;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A screen recording that writes a frame only when the screen changes still gives its slides:
 * each still slide, carried by one or two frames over several seconds, is one slide, on every
 * decoder path and from a start time, and the frames analysed and the job's progress count
 * the points of the sampling grid.
 */
class VariableFrameRateExtractionTest {
  private static final int W = 320;
  private static final int H = 180;

  @TempDir static Path dir;
  static Path video;

  @BeforeAll
  static void write() throws IOException {
    // Five frames in 14 s: A at 0 and 4 s, B at 4.5 and 8.5 s, C at 10 s until the end.
    video = LectureVideo.builder(W, H, 30).onlyChangedFrames(4)
        .slide(Slides.bullets(W, H, 51, "A", 3), 4.5)
        .slide(Slides.dark(W, H, 52, "B", 2), 5.5)
        .slide(Slides.bullets(W, H, 53, "C", 4), 4)
        .write(dir.resolve("screen-recording.mp4"));
  }

  static final List<SamplingOptions> WAYS = List.of(
      SamplingOptions.builder().decoders(2).decoderThreads(1).build(),
      SamplingOptions.builder().decoders(2).decoderThreads(1).skipStillStretches(false).build(),
      SamplingOptions.builder().decoders(1).decoderThreads(1).skipStillStretches(false).build());

  /** The job's updates, for its progress. */
  static ExtractionResult run(SamplingOptions sampling, double start, List<JobState> updates)
      throws Exception {
    ExtractionOptions options = ExtractionOptions.builder().sampling(sampling)
        .detector(DetectorOptions.builder()
            .start(Duration.ofMillis(Math.round(start * 1000))).build()).build();
    JobTracker tracker = JobTracker.inMemory();
    tracker.addListener((id, state) -> updates.add(state));
    JobTracker.Run run = tracker.createIfAbsent("vfr",
        JobState.of(JobStatus.PENDING, "Job initialized")).run();
    return new ExtractionRun(run, video, new InMemoryBlobStore(), options, false)
        .withImagesOnCallingThread().run();
  }

  @Test
  void eachStillSlideIsFoundOnEveryPath() throws Exception {
    for (SamplingOptions sampling : WAYS) {
      List<JobState> updates = new ArrayList<>();
      ExtractionResult result = run(sampling, 0, updates);
      String way = sampling + ": " + result.segments();
      assertEquals(3, result.slideCount(), way);
      assertSlidesAt(result, new double[] {0, 4.5, 10}, way);
      assertEquals(14.0, result.segments().get(2).endTime(), 0.05, way);
      assertEquals(56, result.samples(), way + ": one a quarter second for 14 s");
      assertProgress(updates, 56, way);
    }
  }

  @Test
  void fromAStartInsideASlideItsSlidesAreFound() throws Exception {
    for (SamplingOptions sampling : WAYS) {
      List<JobState> updates = new ArrayList<>();
      ExtractionResult result = run(sampling, 6.1, updates);
      String way = sampling + ": " + result.segments();
      assertEquals(2, result.slideCount(), way);
      assertSlidesAt(result, new double[] {6.25, 10}, way);
      assertEquals(31, result.samples(), way + ": one a quarter second from 6.25 s to 13.75 s");
      assertProgress(updates, 31, way);
    }
  }

  @Test
  void aRecordingThatEndsOnAHeldSlideIsNotTakenForATruncatedFile() throws Exception {
    // Six seconds of motion at 30 frames a second, then one frame shown for 14 s: the frames
    // stop at 6 s of a 20 s stream, which the stream itself declares.
    Path ending = LectureVideo.builder(W, H, 30).onlyChangedFrames(Double.POSITIVE_INFINITY)
        .motion(6)
        .slide(Slides.bullets(W, H, 54, "Thank you", 2), 14)
        .write(dir.resolve("ends-on-a-slide.mp4"));
    for (SamplingOptions sampling : WAYS) {
      ExtractionOptions options = ExtractionOptions.builder().sampling(sampling).build();
      JobTracker.Run run = JobTracker.inMemory().createIfAbsent("ending",
          JobState.of(JobStatus.PENDING, "Job initialized")).run();
      ExtractionResult result = new ExtractionRun(run, ending, new InMemoryBlobStore(),
          options, false).withImagesOnCallingThread().run();
      String way = sampling + ": " + result.segments();
      assertEquals(1, result.slideCount(), way);
      SlideSegment last = result.segments().get(result.segments().size() - 1);
      assertTrue(last.isStatic(), way);
      assertEquals(6.0, last.startTime(), 0.3, way);
      assertEquals(20.0, last.endTime(), 0.05, way);
      assertEquals(80, result.samples(), way);
      assertEquals(List.of(), result.warnings(), way);
    }
  }

  @Test
  void aSlideThatFadesInIsPublishedComplete() throws Exception {
    // A cut to B fading in over 0.3 s at the recorder's full rate, then nothing until C.
    Canvas a = Slides.bullets(W, H, 55, "A", 3);
    Canvas b = Slides.dark(W, H, 56, "B", 2);
    Canvas c = Slides.bullets(W, H, 57, "C", 4);
    Path burst = LectureVideo.builder(W, H, 30).onlyChangedFrames(Double.POSITIVE_INFINITY)
        .slide(a, 4.1).crossfade(0.3).slide(b, 5.5).slide(c, 4)
        .write(dir.resolve("fade-then-still.mp4"));
    List<int[]> backgrounds = List.of(rgb(a.rgbAt(2, 2)), rgb(b.rgbAt(2, 2)), rgb(c.rgbAt(2, 2)));
    for (SamplingOptions sampling : WAYS) {
      ExtractionOptions options = ExtractionOptions.builder().sampling(sampling).build();
      JobTracker.Run run = JobTracker.inMemory().createIfAbsent("fade",
          JobState.of(JobStatus.PENDING, "Job initialized")).run();
      InMemoryBlobStore store = new InMemoryBlobStore();
      ExtractionResult result = new ExtractionRun(run, burst, store, options, false)
          .withImagesOnCallingThread().run();
      String way = sampling + ": " + result.segments();
      assertEquals(3, result.slideCount(), way);
      // Every published picture shows one of the slides, none the fade half done.
      for (Map.Entry<String, InMemoryBlobStore.Blob> e : store.contents().entrySet()) {
        if (e.getKey().endsWith(".webp")) {
          int[] shown = DecodedImage.decode(e.getValue().content()).rgb(2, 2);
          assertTrue(backgrounds.stream().anyMatch(bg -> distance(bg, shown) < 24),
              way + ": " + e.getKey() + " shows " + java.util.Arrays.toString(shown));
        }
      }
    }
  }

  private static int[] rgb(int packed) {
    return new int[] {packed >> 16 & 0xff, packed >> 8 & 0xff, packed & 0xff};
  }

  private static int distance(int[] rgb, int[] other) {
    int d = 0;
    for (int i = 0; i < 3; i++) {
      d = Math.max(d, Math.abs(rgb[i] - other[i]));
    }
    return d;
  }

  private static void assertSlidesAt(ExtractionResult result, double[] starts, String way) {
    List<SlideSegment> slides = result.segments().stream().filter(SlideSegment::isStatic)
        .toList();
    for (int i = 0; i < starts.length; i++) {
      assertEquals(starts[i], slides.get(i).startTime(), 0.3, way);
    }
  }

  /** Frames analysed reach the frames expected, never going back or past them. */
  private static void assertProgress(List<JobState> updates, int frames, String way) {
    int current = 0;
    for (JobState s : updates) {
      if (s.status() == JobStatus.EXTRACTING && s.currentFrame() != null) {
        assertTrue(s.currentFrame() >= current, way + ": went back to " + s.currentFrame());
        assertEquals(frames, s.frameCount(), way);
        current = s.currentFrame();
      }
    }
    assertEquals(frames, current, way);
  }
}
