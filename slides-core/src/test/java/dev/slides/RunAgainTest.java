package dev.slides;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.testing.GuardedStore;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.SampleLecture;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
    return SlideExtractor.create(store, ExtractionOptions.defaults().withUploadConcurrency(1));
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
}
