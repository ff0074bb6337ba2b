package dev.slides.internal.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slides.ExtractionException;
import dev.slides.ExtractionOptions;
import dev.slides.ExtractionResult;
import dev.slides.InMemoryBlobStore;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import dev.slides.SlideExtractor.ImageSource;
import dev.slides.testing.SampleLecture;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slide images are made on a thread of their own while the analysis goes on: the results are
 * those of making them on the analysing thread, and failures and cancels end the job as before.
 */
class SlideImagesOffTheAnalysisTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;
  /** Six slides, one shown twice: a dozen images to make. */
  static Path sample;
  /** Red, blue, red again, motion: two images to make. */
  static Path small;

  @BeforeAll
  static void writeVideos() throws IOException {
    sample = SampleLecture.write(shared.resolve("sample.mp4"));
    small = SampleLecture.writeBackAndForth(shared.resolve("small.mp4"), 320, 180);
  }

  @Test
  void imagesAndManifestAreThoseMadeOnTheAnalysingThread() throws Exception {
    InMemoryBlobStore inline = new InMemoryBlobStore();
    ExtractionResult expected = run("same", sample, inline, null, true);
    InMemoryBlobStore spooled = new InMemoryBlobStore();
    ExtractionResult actual = run("same", sample, spooled, null, false);

    assertEquals(SampleLecture.EXPECTED_SLIDES, actual.slideCount());
    assertEquals(expected.segments(), actual.segments());
    assertEquals(segments(inline, "same"), segments(spooled, "same"));
    Map<String, byte[]> images = images(inline);
    assertTrue(images.size() >= SampleLecture.EXPECTED_SLIDES, images.keySet().toString());
    assertEquals(images.keySet(), images(spooled).keySet());
    images.forEach((key, bytes) -> assertArrayEquals(bytes, images(spooled).get(key), key));
  }

  @Test
  void whenTheImageSourceFailsThatImageAndEveryLaterOneComeFromTheAnalysedVideo()
      throws Exception {
    InMemoryBlobStore fromVideo = new InMemoryBlobStore();
    run("fallback", sample, fromVideo, null, true);
    Map<String, byte[]> own = images(fromVideo);
    AtomicInteger calls = new AtomicInteger();
    OpenSource failingThird = (seconds, maxWidth, quality) -> {
      int call = calls.incrementAndGet();
      if (call == 3) {
        throw new IOException("the other rendition's server went away");
      }
      return ("source image " + call).getBytes(StandardCharsets.UTF_8);
    };
    InMemoryBlobStore mixed = new InMemoryBlobStore();
    run("fallback", sample, mixed, failingThird, false);

    assertEquals(3, calls.get(), "after its failure the source is not asked again");
    List<String> keys = new ArrayList<>(images(mixed).keySet()); // in slide order
    assertEquals(new ArrayList<>(own.keySet()), keys);
    assertArrayEquals("source image 1".getBytes(StandardCharsets.UTF_8),
        images(mixed).get(keys.get(0)));
    assertArrayEquals("source image 2".getBytes(StandardCharsets.UTF_8),
        images(mixed).get(keys.get(1)));
    for (String key : keys.subList(2, keys.size())) {
      assertArrayEquals(own.get(key), images(mixed).get(key), key);
    }
  }

  @Test
  void theAnalysisGoesOnWhileAnImageIsBeingMade() throws Exception {
    JobTracker tracker = JobTracker.inMemory();
    CountDownLatch analysed = new CountDownLatch(1);
    tracker.addListener((id, s) -> {
      if (s.status() == JobStatus.EXTRACTING && s.currentFrame() != null
          && s.currentFrame() > 0 && s.currentFrame().equals(s.frameCount())) {
        analysed.countDown();
      }
    });
    List<Boolean> analysedWhileMakingTheFirst = new ArrayList<>();
    OpenSource waitsForTheAnalysis = (seconds, maxWidth, quality) -> {
      if (analysedWhileMakingTheFirst.isEmpty()) {
        try {
          // On the analysing thread this could only time out: nothing analyses meanwhile.
          analysedWhileMakingTheFirst.add(analysed.await(60, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          throw new InterruptedIOException();
        }
      }
      return new byte[] {1};
    };
    JobTracker.Run run = tracker.createIfAbsent("overlap",
        JobState.of(JobStatus.PENDING, "Job initialized")).run();
    new ExtractionRun(run, small, new InMemoryBlobStore(), ExtractionOptions.defaults(), false,
        waitsForTheAnalysis).run();
    assertEquals(List.of(true), analysedWhileMakingTheFirst);
  }

  @Test
  void interruptingTheJobWhileAnImageHangsCancelsItAndEndsTheImageThread() throws Exception {
    HangingSource hanging = new HangingSource();
    InMemoryBlobStore store = new InMemoryBlobStore();
    JobTracker tracker = JobTracker.inMemory();
    try {
      CompletableFuture<ExtractionResult> outcome = new CompletableFuture<>();
      Thread job = new Thread(() -> complete(outcome, () -> run(tracker, "interrupted", store,
          hanging)), "job-interrupted");
      job.start();
      assertTrue(hanging.entered.await(60, TimeUnit.SECONDS));
      job.interrupt();

      assertCancelled(outcome);
      assertEquals("cancelled", tracker.get("interrupted").orElseThrow().error());
      assertEquals(1, hanging.calls.get(), "images waiting behind the hanging one were dropped");
      ImageSpoolTest.assertThreadEnds("slides-images-interrupted");
      assertTrue(store.contents().isEmpty(), store.contents().keySet().toString());
    } finally {
      hanging.release.countDown(); // frees a thread the code under test failed to interrupt
    }
  }

  @Test
  void aJobCancelledThroughItsTrackerStopsWhileAnImageHangs() throws Exception {
    HangingSource hanging = new HangingSource();
    InMemoryBlobStore store = new InMemoryBlobStore();
    JobTracker tracker = JobTracker.inMemory();
    try {
      CompletableFuture<ExtractionResult> outcome = new CompletableFuture<>();
      Thread job = new Thread(() -> complete(outcome, () -> run(tracker, "dropped", store,
          hanging)), "job-dropped");
      job.start();
      assertTrue(hanging.entered.await(60, TimeUnit.SECONDS));
      // As a service cancels a job another process runs: through the tracker, no interrupt.
      tracker.update("dropped", s -> s.withStatus(JobStatus.FAILED, "Job cancelled")
          .withError("cancelled"));

      assertCancelled(outcome);
      ImageSpoolTest.assertThreadEnds("slides-images-dropped");
      assertTrue(store.contents().isEmpty(), store.contents().keySet().toString());
    } finally {
      hanging.release.countDown();
    }
  }

  @Test
  void anImageThatCannotBeWrittenFailsTheJobWithThatError() throws Exception {
    Path spoolRoot = Files.createDirectories(shared.resolve("spool-failing"));
    // The first image deletes the job's spool folder, so writing it fails (as a full disk would).
    OpenSource deletesTheSpool = (seconds, maxWidth, quality) -> {
      try (Stream<Path> files = Files.walk(spoolRoot)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          if (!p.equals(spoolRoot)) {
            Files.delete(p);
          }
        }
      }
      return new byte[] {1};
    };
    JobTracker tracker = JobTracker.inMemory();
    JobTracker.Run run = tracker.createIfAbsent("unwritable",
        JobState.of(JobStatus.PENDING, "Job initialized")).run();
    InMemoryBlobStore store = new InMemoryBlobStore();
    ExtractionException e = assertThrows(
        ExtractionException.class, () -> new ExtractionRun(run, small, store,
            ExtractionOptions.builder().spoolDirectory(spoolRoot).build(), false, deletesTheSpool)
            .run());

    assertEquals("Slide extraction failed", e.summary());
    assertTrue(e.getMessage().endsWith("1-first.webp"), e.getMessage());
    JobState state = tracker.get("unwritable").orElseThrow();
    assertEquals(JobStatus.FAILED, state.status());
    assertEquals("Slide extraction failed", state.message());
    assertEquals(e.getMessage(), state.error());
    assertTrue(store.contents().isEmpty());
    ImageSpoolTest.assertThreadEnds("slides-images-unwritable");
  }

  /** An image source with nothing to close, written as a lambda. */
  interface OpenSource extends ImageSource {
    @Override
    default void close() {}
  }

  /** An image source whose every call hangs until interrupted (or released by the test). */
  static final class HangingSource implements ImageSource {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public byte[] webpAt(double seconds, int maxWidth, int quality) throws IOException {
      calls.incrementAndGet();
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new InterruptedIOException("image request interrupted");
      }
      return new byte[] {1};
    }

    @Override
    public void close() {}
  }

  interface Job {
    ExtractionResult run() throws Exception;
  }

  static void complete(CompletableFuture<ExtractionResult> outcome, Job job) {
    try {
      outcome.complete(job.run());
    } catch (Throwable e) {
      outcome.completeExceptionally(e);
    }
  }

  static void assertCancelled(CompletableFuture<ExtractionResult> outcome) throws Exception {
    ExecutionException e = assertThrows(
        ExecutionException.class, () -> outcome.get(60, TimeUnit.SECONDS));
    ExtractionException cancelled = assertInstanceOf(ExtractionException.class, e.getCause());
    assertEquals("Job cancelled", cancelled.summary());
    assertEquals("cancelled", cancelled.getMessage());
  }

  /** The sample lecture, whose dozen images fill the spool while the first one hangs. */
  static ExtractionResult run(JobTracker tracker, String id, InMemoryBlobStore store,
      ImageSource images) throws ExtractionException {
    JobTracker.Run run = tracker.createIfAbsent(id,
        JobState.of(JobStatus.PENDING, "Job initialized")).run();
    return new ExtractionRun(run, sample, store, ExtractionOptions.defaults(), false, images)
        .run();
  }

  static ExtractionResult run(String id, Path video, InMemoryBlobStore store, ImageSource images,
      boolean onTheAnalysingThread) throws ExtractionException {
    JobTracker.Run run = JobTracker.inMemory().createIfAbsent(id,
        JobState.of(JobStatus.PENDING, "Job initialized")).run();
    ExtractionRun extraction = new ExtractionRun(run, video, store, ExtractionOptions.defaults(),
        false, images);
    return (onTheAnalysingThread ? extraction.withImagesOnCallingThread() : extraction).run();
  }

  /** The images stored, in slide order (1-first, 1-last, 2-first, ...). */
  static Map<String, byte[]> images(InMemoryBlobStore store) {
    Map<String, byte[]> images = new TreeMap<>(Comparator
        .comparingInt((String key) -> Integer.parseInt(
            key.substring(key.lastIndexOf('/') + 1, key.indexOf('-', key.lastIndexOf('/')))))
        .thenComparing(key -> key.endsWith("-last.webp")));
    store.contents().forEach((key, blob) -> {
      if (key.startsWith("slides/")) {
        images.put(key, blob.content());
      }
    });
    return images;
  }

  /** The manifest's segments (its time stamp differs from run to run). */
  static JsonNode segments(InMemoryBlobStore store, String id) throws IOException {
    JsonNode root = JSON.readTree(store.get("manifests/" + id + ".json").orElseThrow().content());
    ObjectNode video = (ObjectNode) root.get(id);
    assertTrue(video.hasNonNull("updated_at"));
    return video.get("segments");
  }
}
