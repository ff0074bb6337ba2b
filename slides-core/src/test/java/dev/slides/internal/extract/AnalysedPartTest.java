package dev.slides.internal.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job analysing part of a video (a start and an end) seeks to it: its slides, segments and
 * images are those of reading the video from its start and dropping what lies before, and it
 * counts only the samples of the part.
 */
class AnalysedPartTest {
  private static final int W = 320;
  private static final int H = 180;

  @TempDir static Path dir;
  static Path video;

  @BeforeAll
  static void write() throws IOException {
    // 62 s: slides A and B before the part, C (from its middle), D and E (to its middle)
    // inside, F and A again after; keyframes every 2.3 s and at cuts, a speaker inset.
    video = LectureVideo.builder(W, H, 10).gop(23).speakerInset(0.04)
        .slide(Slides.bullets(W, H, 31, "A", 3), 9)
        .slide(Slides.dark(W, H, 32, "B", 2), 8)
        .slide(Slides.bullets(W, H, 33, "C", 4), 10)
        .crossfade(1)
        .slide(Slides.build(W, H, 34, "D", 3), 9)
        .slide(Slides.dark(W, H, 35, "E", 3), 9)
        .slide(Slides.bullets(W, H, 36, "F", 2), 8)
        .slide(Slides.bullets(W, H, 31, "A", 3), 8)
        .write(dir.resolve("part.mp4"));
  }

  static ExtractionResult run(SamplingOptions sampling, InMemoryBlobStore store, boolean seek)
      throws Exception {
    ExtractionOptions options = ExtractionOptions.builder().sampling(sampling)
        .detector(DetectorOptions.builder()
            .start(Duration.ofMillis(21_300)).end(Duration.ofMillis(41_700)).build()).build();
    JobTracker.Run run = JobTracker.inMemory().createIfAbsent("part",
        JobState.of(JobStatus.PENDING, "Job initialized")).run();
    ExtractionRun extraction = new ExtractionRun(run, video, store, options, false)
        .withImagesOnCallingThread();
    return (seek ? extraction : extraction.withoutSeeking()).run();
  }

  @Test
  void seekingFindsWhatReadingFromTheStartFinds() throws Exception {
    for (SamplingOptions sampling : new SamplingOptions[] {
        SamplingOptions.builder().decoders(2).decoderThreads(1).build(),
        SamplingOptions.builder().decoders(2).decoderThreads(1).skipStillStretches(false).build(),
        SamplingOptions.builder().decoders(1).decoderThreads(1).skipStillStretches(false)
            .build()}) {
      InMemoryBlobStore fromStart = new InMemoryBlobStore();
      ExtractionResult expected = run(sampling, fromStart, false);
      InMemoryBlobStore seeking = new InMemoryBlobStore();
      ExtractionResult actual = run(sampling, seeking, true);

      String way = sampling.toString();
      assertEquals(3, actual.slideCount(), way + ": " + actual.segments());
      for (SlideSegment s : actual.segments()) {
        assertTrue(s.startTime() >= 21.3 - 1e-9 && s.endTime() <= 41.7 + 1e-9, way + ": " + s);
      }
      assertEquals(expected.segments(), actual.segments(), way);
      assertEquals(SlideImagesOffTheAnalysisTest.segments(fromStart, "part"),
          SlideImagesOffTheAnalysisTest.segments(seeking, "part"), way);
      Map<String, byte[]> images = SlideImagesOffTheAnalysisTest.images(fromStart);
      assertEquals(images.keySet(), SlideImagesOffTheAnalysisTest.images(seeking).keySet(), way);
      images.forEach((key, bytes) -> assertArrayEquals(bytes,
          SlideImagesOffTheAnalysisTest.images(seeking).get(key), way + ": " + key));
      assertEquals(expected.samples(), actual.samples(), way);
    }
  }

  @Test
  void onlyThePartsSamplesAreCountedAndTheVideoKeepsItsLength() throws Exception {
    // 21.3 s to 41.7 s at four samples a second, on the first frame (10 a second) at or after
    // each quarter second: 21.3 s (for 21.25), then 21.5 to 41.5 s. Frames read before the
    // start, from the keyframe before it, are not counted.
    ExtractionResult result = run(SamplingOptions.builder().decoders(2).decoderThreads(1).build(),
        new InMemoryBlobStore(), true);
    assertEquals(62.0, result.durationSeconds(), 0.15);
    assertEquals(21.3, result.analysedFromSeconds(), 1e-9);
    assertEquals(41.7, result.analysedToSeconds(), 1e-9);
    assertTrue(result.isPartial());
    assertEquals(82, result.samples(), "samples at 21.3 s and from 21.5 s to 41.5 s");
    ExtractionResult whole = new ExtractionResult("w", "u", java.util.List.of(), 1, 10,
        Duration.ZERO, 0, 10, java.util.List.of());
    assertFalse(whole.isPartial());
    assertEquals(10, whole.analysedToSeconds());
  }
}
