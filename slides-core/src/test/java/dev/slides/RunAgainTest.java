package dev.slides;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slides.testing.ForwardingBlobStore;
import dev.slides.testing.GuardedStore;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.SampleLecture;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job run again for an id that has a result (another video, other settings): image keys are
 * fixed, so its images replace the earlier ones in place while the earlier manifest still names
 * them. A run that fails or is cancelled before its own manifest is in must leave the earlier
 * manifest naming the earlier images, not some of its own.
 */
class RunAgainTest {
  static final int W = 640;
  static final int H = 360;

  @TempDir static Path shared;
  static Path earlierVideo;
  static Path laterVideo;

  @BeforeAll
  static void writeVideos() throws IOException {
    earlierVideo = SampleLecture.writeBackAndForth(shared.resolve("earlier.mp4"), W, H);
    laterVideo = LectureVideo.builder(W, H, 10)
        .slide(Slides.solid(W, H, 0x00A000, "Green"), 2)
        .slide(Slides.solid(W, H, 0xE0E000, "Yellow"), 2)
        .slide(Slides.solid(W, H, 0xFFFFFF, "White"), 2)
        .slide(Slides.solid(W, H, 0x000000, "Black"), 2)
        .write(shared.resolve("later.mp4"));
  }

  static Map<String, byte[]> snapshot(InMemoryBlobStore store) {
    Map<String, byte[]> copy = new TreeMap<>();
    store.contents().forEach((key, blob) -> copy.put(key, blob.content()));
    return copy;
  }

  static void assertEarlierResultWhole(Map<String, byte[]> earlier, InMemoryBlobStore store) {
    earlier.forEach((key, bytes) -> assertArrayEquals(bytes,
        store.get(key).orElseThrow().content(), key + " is not what the earlier run wrote"));
  }

  /** One upload at a time, so that "the second image" is the same one every run. */
  static SlideExtractor oneUploadAtATime(BlobStore store) {
    return SlideExtractor.create(store, ExtractionOptions.builder().uploadConcurrency(1).build());
  }

  @Test
  void aStoreThatRefusesAWriteMidwayLeavesTheEarlierResultWhole() throws Exception {
    InMemoryBlobStore memory = new InMemoryBlobStore();
    assertEquals(3, SlideExtractor.create(memory).extract("talk", earlierVideo).slideCount());
    Map<String, byte[]> earlier = snapshot(memory);

    AtomicInteger images = new AtomicInteger();
    BlobStore refusingTheSecondImage = new GuardedStore(memory, key -> {
      if (key.endsWith(".webp") && images.incrementAndGet() == 2) {
        throw new IOException("Storage refused " + key + ": quota exceeded");
      }
    });
    JobTracker tracker = JobTracker.inMemory();
    ExtractionException e = assertThrows(ExtractionException.class,
        () -> oneUploadAtATime(refusingTheSecondImage).extract("talk", laterVideo, tracker));
    assertEquals("Upload failed", e.summary());
    assertTrue(tracker.get("talk").orElseThrow().error().contains("quota exceeded"));
    assertTrue(images.get() > 2, "the earlier images were written back");
    assertEarlierResultWhole(earlier, memory);

    // And the store still takes the next run whole.
    ExtractionResult again = SlideExtractor.create(memory).extract("talk", laterVideo);
    assertEquals(4, again.slideCount());
    assertNotEquals(new String(earlier.get("manifests/talk.json")),
        new String(memory.get("manifests/talk.json").orElseThrow().content()));
  }

  @Test
  void aRunCancelledDuringItsUploadLeavesTheEarlierResultWhole() throws Exception {
    InMemoryBlobStore memory = new InMemoryBlobStore();
    SlideExtractor.create(memory).extract("talk", earlierVideo);
    Map<String, byte[]> earlier = snapshot(memory);

    Thread job = Thread.currentThread(); // extract runs the job on the calling thread
    AtomicInteger images = new AtomicInteger();
    BlobStore cancelledAtTheSecondImage = new GuardedStore(memory, key -> {
      if (key.endsWith(".webp") && images.incrementAndGet() == 2) {
        job.interrupt(); // what DELETE /jobs/{id} and Ctrl-C do, while this image is written
      }
    });
    JobTracker tracker = JobTracker.inMemory();
    ExtractionException e = assertThrows(ExtractionException.class,
        () -> oneUploadAtATime(cancelledAtTheSecondImage).extract("talk", laterVideo, tracker));
    assertTrue(Thread.interrupted()); // kept for the caller; clear it
    assertEquals("cancelled", e.getMessage());
    assertEarlierResultWhole(earlier, memory);
  }

  @Test
  void aRunThatFailsWritingItsManifestPutsTheEarlierManifestBack() throws Exception {
    InMemoryBlobStore memory = new InMemoryBlobStore();
    SlideExtractor.create(memory).extract("talk", earlierVideo);
    Map<String, byte[]> earlier = snapshot(memory);

    // The store keeps the manifest, then its answer is lost: the run cannot tell it is in.
    BlobStore losingTheManifestsAnswer = new BlobStore() {
      @Override
      public String put(String key, byte[] content, String contentType) throws IOException {
        String url = memory.put(key, content, contentType);
        if (key.startsWith("manifests/") && !new String(content).equals(
            new String(earlier.get(key)))) {
          throw new IOException("Storage did not answer writing " + key);
        }
        return url;
      }

      @Override
      public Optional<String> find(String key) {
        return memory.find(key);
      }

      @Override
      public Optional<byte[]> read(String key) {
        return memory.read(key);
      }
    };
    assertThrows(ExtractionException.class,
        () -> SlideExtractor.create(losingTheManifestsAnswer).extract("talk", laterVideo));
    assertEarlierResultWhole(earlier, memory);
  }

  /**
   * The image keys the manifest in the store names (none without one): each frame's key but a
   * frame shown again, which names its original's.
   */
  static Set<String> namedImages(InMemoryBlobStore store, String id) throws IOException {
    Set<String> keys = new TreeSet<>();
    Optional<byte[]> manifest = store.read("manifests/" + id + ".json");
    if (manifest.isEmpty()) {
      return keys;
    }
    for (JsonNode segment : new ObjectMapper().readTree(manifest.get()).path(id).path("segments")) {
      for (String position : List.of("first_frame", "last_frame")) {
        JsonNode frame = segment.path(position);
        if (frame.isObject() && frame.path("duplicate_of").isNull()) {
          keys.add("slides/" + id + "/" + frame.path("frame_id").asText());
        }
      }
    }
    return keys;
  }

  static Set<String> imagesIn(InMemoryBlobStore store) {
    Set<String> keys = new TreeSet<>(store.contents().keySet());
    keys.removeIf(key -> !key.startsWith("slides/"));
    return keys;
  }

  @Test
  void aRunWithNoEarlierResultThatFailsLeavesNoImages() throws Exception {
    InMemoryBlobStore memory = new InMemoryBlobStore();
    AtomicInteger images = new AtomicInteger();
    BlobStore refusingTheThirdImage = new GuardedStore(memory, key -> {
      if (key.endsWith(".webp") && images.incrementAndGet() == 3) {
        throw new IOException("Storage refused " + key + ": quota exceeded");
      }
    });
    JobTracker tracker = JobTracker.inMemory();
    List<Set<String>> whenFailed = new java.util.concurrent.CopyOnWriteArrayList<>();
    tracker.addListener((id, state) -> {
      if (state.status() == JobStatus.FAILED) {
        whenFailed.add(Set.copyOf(memory.contents().keySet()));
      }
    });
    assertThrows(ExtractionException.class,
        () -> oneUploadAtATime(refusingTheThirdImage).extract("talk", laterVideo, tracker));
    assertEquals(Map.of(), memory.contents(), "the two images it wrote are gone");
    // Gone before the job read as failed: a client (or test) that sees it finds them gone.
    assertEquals(List.of(Set.of()), whenFailed);
  }

  @Test
  void aRunWithNoEarlierResultWhoseManifestMayBeInLeavesNothing() throws Exception {
    InMemoryBlobStore memory = new InMemoryBlobStore();
    // The store keeps the manifest, then its answer is lost: the run cannot tell it is in.
    BlobStore losingTheManifestsAnswer = new ForwardingBlobStore(memory) {
      @Override
      public String put(String key, byte[] content, String contentType) throws IOException {
        String url = memory.put(key, content, contentType);
        if (key.startsWith("manifests/")) {
          throw new IOException("Storage did not answer writing " + key);
        }
        return url;
      }
    };
    assertThrows(ExtractionException.class,
        () -> SlideExtractor.create(losingTheManifestsAnswer).extract("talk", laterVideo));
    // The manifest goes first: never one that names a removed image.
    assertEquals(Map.of(), memory.contents());
  }

  @Test
  void aRunAgainThatFailsLeavesOnlyTheImagesOfTheEarlierResult() throws Exception {
    InMemoryBlobStore memory = new InMemoryBlobStore();
    SlideExtractor.create(memory).extract("talk", earlierVideo); // 3 slides
    Map<String, byte[]> earlier = snapshot(memory);

    // Every image of the 4 slides goes in (slide 4 last), then the manifest is refused.
    AtomicInteger manifests = new AtomicInteger();
    BlobStore refusingItsManifest = new GuardedStore(memory, key -> {
      if (key.startsWith("manifests/") && manifests.incrementAndGet() == 1) {
        assertTrue(imagesIn(memory).contains("slides/talk/4-first.webp"));
        throw new IOException("Storage refused " + key + ": quota exceeded");
      }
    });
    assertThrows(ExtractionException.class,
        () -> SlideExtractor.create(refusingItsManifest).extract("talk", laterVideo));
    assertEarlierResultWhole(earlier, memory);
    assertEquals(earlier.keySet(), memory.contents().keySet(), "no image of the failed run");
  }

  @Test
  void aRunAgainCancelledDuringItsUploadLeavesOnlyTheImagesOfTheEarlierResult()
      throws Exception {
    InMemoryBlobStore memory = new InMemoryBlobStore();
    SlideExtractor.create(memory).extract("talk", earlierVideo);
    Map<String, byte[]> earlier = snapshot(memory);
    assertFalse(earlier.containsKey("slides/talk/4-first.webp"));

    Thread job = Thread.currentThread();
    BlobStore cancelledWhileWritingSlide4 = new GuardedStore(memory, key -> {
      if (key.equals("slides/talk/4-first.webp")) {
        job.interrupt(); // the image is written all the same, then the run stops
      }
    });
    assertThrows(ExtractionException.class,
        () -> oneUploadAtATime(cancelledWhileWritingSlide4).extract("talk", laterVideo));
    assertTrue(Thread.interrupted()); // kept for the caller; clear it
    assertEarlierResultWhole(earlier, memory);
    assertEquals(earlier.keySet(), memory.contents().keySet(), "no image of the cancelled run");
  }

  /**
   * A cancel followed at once by a new submission (on this node after the grace for the old
   * run, or on another): the new run writes the same keys, so the cancelled run must not remove
   * or put back anything once it started.
   */
  @Test
  void aCancelledRunLeavesTheStoreToANextRunThatAlreadyStarted() throws Exception {
    InMemoryBlobStore memory = new InMemoryBlobStore();
    JobTracker tracker = JobTracker.inMemory();
    byte[] nextRunsImage = {1, 2, 3};
    Thread job = Thread.currentThread();
    AtomicInteger images = new AtomicInteger();
    BlobStore cancelledAtTheThirdImage = new GuardedStore(memory, key -> {
      if (key.endsWith(".webp") && images.incrementAndGet() == 3) {
        tracker.update("talk", s -> s.withStatus(JobStatus.FAILED, "Job cancelled")
            .withError("cancelled"));
        assertTrue(tracker.createOrRestart("talk", JobState.of(JobStatus.PENDING, "Queued"),
            s -> s.status() == JobStatus.FAILED).created());
        memory.put("slides/talk/1-first.webp", nextRunsImage, "image/webp"); // the next run's
        job.interrupt();
      }
    });
    assertThrows(ExtractionException.class,
        () -> oneUploadAtATime(cancelledAtTheThirdImage).extract("talk", laterVideo, tracker));
    assertTrue(Thread.interrupted()); // kept for the caller; clear it
    assertArrayEquals(nextRunsImage, memory.get("slides/talk/1-first.webp").orElseThrow()
        .content(), "the next run's image is left alone");
    assertEquals(JobStatus.PENDING, tracker.get("talk").orElseThrow().status());
  }

  /**
   * What a run killed outright (the process, the machine) leaves: images no manifest names and
   * no run knows of. The next run of the id lists the id's folder and removes them; what the
   * library never writes there stays.
   */
  @Test
  void theNextRunRemovesTheImagesOfAKilledRun() throws Exception {
    InMemoryBlobStore memory = new InMemoryBlobStore();
    for (String frame : List.of("1-first", "5-first", "5-last", "12-last")) {
      memory.put("slides/talk/" + frame + ".webp", new byte[] {1, 2, 3}, "image/webp");
    }
    memory.put("slides/talk/notes.txt", new byte[] {1}, "text/plain");
    memory.put("slides/talk2/5-first.webp", new byte[] {1}, "image/webp"); // another id's
    assertEquals(4, SlideExtractor.create(memory).extract("talk", laterVideo).slideCount());
    Set<String> expected = new TreeSet<>(namedImages(memory, "talk"));
    expected.add("slides/talk/notes.txt");
    expected.add("slides/talk2/5-first.webp");
    assertEquals(expected, imagesIn(memory));
  }

  /** A failed run's clean-up removes them too, once the earlier result is back whole. */
  @Test
  void aFailedRunRemovesTheImagesOfAKilledRunToo() throws Exception {
    InMemoryBlobStore memory = new InMemoryBlobStore();
    SlideExtractor.create(memory).extract("talk", earlierVideo);
    Map<String, byte[]> earlier = snapshot(memory);
    memory.put("slides/talk/9-first.webp", new byte[] {1, 2, 3}, "image/webp"); // the killed run's
    AtomicInteger manifests = new AtomicInteger();
    BlobStore refusingItsManifest = new GuardedStore(memory, key -> {
      if (key.startsWith("manifests/") && manifests.incrementAndGet() == 1) {
        throw new IOException("Storage refused " + key + ": quota exceeded");
      }
    });
    assertThrows(ExtractionException.class,
        () -> SlideExtractor.create(refusingItsManifest).extract("talk", laterVideo));
    assertEarlierResultWhole(earlier, memory);
    assertEquals(earlier.keySet(), memory.contents().keySet());
  }

  /**
   * Listing fails (a key without the right to list, a network fault): the run completes, says
   * so in its warnings, and removes the images it knows of all the same.
   */
  @Test
  void aStoreThatCannotListStillCompletesTheRunAndRemovesWhatItKnowsOf() throws Exception {
    InMemoryBlobStore memory = new InMemoryBlobStore();
    SlideExtractor.create(memory).extract("talk", laterVideo); // 4 slides
    memory.put("slides/talk/9-first.webp", new byte[] {1, 2, 3}, "image/webp");
    BlobStore refusingToList = new ForwardingBlobStore(memory) {
      @Override
      public List<String> list(String prefix) throws IOException {
        throw new IOException("Storage refused to list " + prefix);
      }
    };
    JobTracker tracker = JobTracker.inMemory();
    ExtractionResult again = SlideExtractor.create(refusingToList)
        .extract("talk", earlierVideo, tracker);
    assertEquals(3, again.slideCount());
    assertEquals(JobStatus.COMPLETED, tracker.get("talk").orElseThrow().status());
    assertEquals(List.of("the images of talk in the store could not be listed, so those of a"
        + " run that ended without cleaning up may stay"), again.warnings());
    Set<String> expected = new TreeSet<>(namedImages(memory, "talk"));
    expected.add("slides/talk/9-first.webp"); // nobody knew of it
    assertEquals(expected, imagesIn(memory), "the earlier run's fourth slide went");
  }

  /**
   * A cancel, then a new submission at once, which begins while the cancelled run puts the
   * earlier images back: the cancelled run lists and removes nothing, or it would remove an
   * image the next run just wrote.
   */
  @Test
  void aCancelledRunRemovesNothingOnceANextRunStartedWhileItPutTheStoreBack()
      throws Exception {
    InMemoryBlobStore memory = new InMemoryBlobStore();
    SlideExtractor.create(memory).extract("talk", earlierVideo);
    Map<String, byte[]> earlier = snapshot(memory);
    JobTracker tracker = JobTracker.inMemory();
    byte[] nextRunsImage = {1, 2, 3};
    Thread job = Thread.currentThread();
    AtomicInteger images = new AtomicInteger();
    AtomicBoolean cancelled = new AtomicBoolean();
    AtomicBoolean nextRunBegun = new AtomicBoolean();
    BlobStore cancelledAtTheSecondImage = new ForwardingBlobStore(memory) {
      @Override
      public String put(String key, byte[] content, String contentType) throws IOException {
        if (!cancelled.get() && key.endsWith(".webp") && images.incrementAndGet() == 2) {
          cancelled.set(true);
          tracker.update("talk", s -> s.withStatus(JobStatus.FAILED, "Job cancelled")
              .withError("cancelled"));
          job.interrupt(); // the image is written all the same, then the run stops
        } else if (cancelled.get() && Arrays.equals(earlier.get(key), content)
            && nextRunBegun.compareAndSet(false, true)) {
          // An earlier image going back: the next run begins and writes an image of its own.
          assertTrue(tracker.createOrRestart("talk", JobState.of(JobStatus.PENDING, "Queued"),
              s -> s.status() == JobStatus.FAILED).created());
          memory.put("slides/talk/7-first.webp", nextRunsImage, "image/webp");
        }
        return memory.put(key, content, contentType);
      }
    };
    assertThrows(ExtractionException.class,
        () -> oneUploadAtATime(cancelledAtTheSecondImage).extract("talk", laterVideo, tracker));
    assertTrue(Thread.interrupted()); // kept for the caller; clear it
    assertTrue(nextRunBegun.get(), "an earlier image was put back");
    assertArrayEquals(nextRunsImage, memory.get("slides/talk/7-first.webp").orElseThrow()
        .content(), "the next run's image is left alone");
  }

  @Test
  void aRunAgainWithFewerSlidesRemovesTheEarlierImagesItsManifestDoesNotName()
      throws Exception {
    InMemoryBlobStore memory = new InMemoryBlobStore();
    SlideExtractor.create(memory).extract("talk", laterVideo); // 4 slides
    assertTrue(imagesIn(memory).contains("slides/talk/4-first.webp"));
    ExtractionResult again = SlideExtractor.create(memory).extract("talk", earlierVideo);
    assertEquals(3, again.slideCount());
    assertEquals(namedImages(memory, "talk"), imagesIn(memory));
    assertFalse(imagesIn(memory).contains("slides/talk/4-first.webp"));
  }

  /**
   * The images no manifest names go in one call: a store that removes in batches (S3, Vercel
   * Blob) then makes one request for them all instead of one or two per image.
   */
  @Test
  void aRunAgainRemovesTheEarlierImagesWithOneCall() throws Exception {
    InMemoryBlobStore memory = new InMemoryBlobStore();
    SlideExtractor.create(memory).extract("talk", laterVideo); // 4 slides
    memory.put("slides/talk/9-first.webp", new byte[] {1}, "image/webp"); // a killed run's
    Set<String> before = imagesIn(memory);
    List<Collection<String>> calls = new ArrayList<>();
    AtomicInteger singleDeletes = new AtomicInteger();
    BlobStore counting = new ForwardingBlobStore(memory) {
      @Override
      public void delete(String key) throws IOException {
        singleDeletes.incrementAndGet();
        super.delete(key);
      }

      @Override
      public void deleteAll(Collection<String> keys) throws IOException {
        calls.add(List.copyOf(keys));
        super.deleteAll(keys);
      }
    };
    assertEquals(3, SlideExtractor.create(counting).extract("talk", earlierVideo).slideCount());
    Set<String> removed = new TreeSet<>(before);
    removed.removeAll(imagesIn(memory));
    assertTrue(removed.size() >= 2, removed.toString());
    assertEquals(List.of(List.copyOf(removed)), calls);
    assertEquals(0, singleDeletes.get());
  }

  @Test
  void aRunAgainFindingNoSlidesRemovesEveryEarlierImage() throws Exception {
    InMemoryBlobStore memory = new InMemoryBlobStore();
    SlideExtractor.create(memory).extract("talk", laterVideo);
    assertFalse(imagesIn(memory).isEmpty());
    Path motion = LectureVideo.builder(W, H, 10).motion(4).write(shared.resolve("motion.mp4"));
    assertEquals(0, SlideExtractor.create(memory).extract("talk", motion).slideCount());
    assertEquals(Set.of(), imagesIn(memory));
  }

  @Test
  void aStoreThatCannotRemoveStillCompletesTheRun() throws Exception {
    InMemoryBlobStore memory = new InMemoryBlobStore();
    SlideExtractor.create(memory).extract("talk", laterVideo);
    Set<String> earlierImages = imagesIn(memory);
    BlobStore refusingToRemove = new ForwardingBlobStore(memory) {
      @Override
      public void delete(String key) throws IOException {
        throw new IOException("Storage refused to remove " + key);
      }

      @Override
      public void deleteAll(Collection<String> keys) throws IOException {
        throw new IOException("Storage refused to remove " + keys);
      }
    };
    JobTracker tracker = JobTracker.inMemory();
    assertEquals(3, SlideExtractor.create(refusingToRemove)
        .extract("talk", earlierVideo, tracker).slideCount());
    assertEquals(JobStatus.COMPLETED, tracker.get("talk").orElseThrow().status());
    assertEquals(earlierImages, imagesIn(memory), "left, and logged");

    // One that only publishes (no delete at all) too.
    BlobStore publishing = new BlobStore() {
      @Override
      public String put(String key, byte[] content, String contentType) {
        return memory.put(key, content, contentType);
      }

      @Override
      public Optional<String> find(String key) {
        return memory.find(key);
      }

      @Override
      public Optional<byte[]> read(String key) {
        return memory.read(key);
      }
    };
    assertEquals(4, SlideExtractor.create(publishing).extract("talk", laterVideo).slideCount());
  }
}
