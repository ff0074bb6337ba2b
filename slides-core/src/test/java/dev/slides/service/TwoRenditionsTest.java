package dev.slides.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slides.ExtractionOptions;
import dev.slides.InMemoryBlobStore;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.SlideExtractor;
import dev.slides.internal.service.YouTubeSource;
import dev.slides.internal.store.BlobKeys;
import dev.slides.testing.DecodedImage;
import dev.slides.testing.FaultyHttpServer.Works;
import dev.slides.testing.FaultyHttpServer;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A YouTube job whose video comes in two renditions of one lecture (320×180 and 640×360),
 * served from loopback, with a stand-in for yt-dlp that prints the two URLs it was asked for:
 * the small one is downloaded and analysed, the images are taken from the large one by seeking.
 */
class TwoRenditionsTest {
  private static final int SMALL = 320;
  private static final int LARGE = 640;

  @TempDir static Path videos;
  static byte[] small;
  static byte[] large;
  /** The large rendition fragmented as YouTube's video-only formats are. */
  static byte[] largeFragmented;
  /** The manifest of the large rendition extracted as one downloaded file. */
  static JsonNode reference;
  static InMemoryBlobStore referenceStore = new InMemoryBlobStore();

  @TempDir Path data;
  FaultyHttpServer cdn;
  InMemoryBlobStore store;
  SlideService service;
  Path ytDlp;

  @BeforeAll
  static void writeRenditions() throws Exception {
    // Long slides and a keyframe every 2 s: an image needs a small part of the file.
    small = Files.readAllBytes(lecture(SMALL, 180).write(videos.resolve("small.mp4")));
    Path largeFile = lecture(LARGE, 360).write(videos.resolve("large.mp4"));
    large = Files.readAllBytes(largeFile);
    largeFragmented = Files.readAllBytes(
        lecture(LARGE, 360).fragmented().write(videos.resolve("large-dash.mp4")));
    SlideExtractor.create(referenceStore).extract("talk", largeFile);
    reference = manifest(referenceStore);
  }

  private static LectureVideo.Builder lecture(int width, int height) {
    return LectureVideo.builder(width, height, 10).gop(20)
        .slide(Slides.bullets(width, height, 1, "Intro", 2), 16)
        .slide(Slides.bullets(width, height, 2, "Method", 3), 16)
        .crossfade(1)
        .slide(Slides.dark(width, height, 3, "Results", 3), 16)
        .slide(Slides.bullets(width, height, 4, "End", 1), 16);
  }

  @BeforeEach
  void start() throws Exception {
    cdn = FaultyHttpServer.start();
    cdn.serve("/small.mp4", small, new Works()).serve("/large.mp4", large, new Works())
        .serve("/large-dash.mp4", largeFragmented, new Works());
    store = new InMemoryBlobStore();
    // Answers as yt-dlp does for "-f A,B -g": one URL per format, in order.
    ytDlp = data.resolve("yt-dlp");
    Files.writeString(ytDlp, "#!/bin/sh\necho \"$@\" > \"$0.args\"\ncat \"$0.urls\"\n");
    Files.setPosixFilePermissions(ytDlp, PosixFilePermissions.fromString("rwx------"));
    service = SlideService.builder(SlideExtractor.create(store,
            ExtractionOptions.builder().spoolDirectory(data.resolve("spool")).build()))
        .videoSource(YouTubeSource.ytDlp(ytDlp, Duration.ofSeconds(30)))
        .allowedNetworks("127.0.0.1/32")
        // Far longer than any test waits: a test that waited for it would fail.
        .downloadStallTimeout(Duration.ofSeconds(60))
        .downloadDirectory(data.resolve("downloads"))
        .build()
        .start();
  }

  @AfterEach
  void stop() throws Exception {
    service.close();
    cdn.close();
  }

  @Test
  void analysesTheSmallRenditionAndTakesTheImagesFromTheLargeOneBySeeking() throws Exception {
    urls(cdn.url("/small.mp4"), cdn.url("/large.mp4"));
    JobState done = run("talk");
    assertEquals(JobStatus.COMPLETED, done.status(), done.toString());
    String args = Files.readString(Path.of(ytDlp + ".args"));
    assertTrue(args.contains("[height<=360]") && args.contains(","), args);

    JsonNode manifest = manifest(store);
    assertSameSegments(reference, manifest);
    assertTrue(slides(manifest) >= 4, manifest.toString());
    for (byte[] image : images(store)) {
      assertEquals(LARGE, DecodedImage.decode(image).width);
    }
    // The same frames as extracting from the large rendition alone.
    Map<String, byte[]> expected = imagesByKey(referenceStore);
    Map<String, byte[]> actual = imagesByKey(store);
    assertEquals(expected.keySet(), actual.keySet());
    for (String key : expected.keySet()) {
      assertTrue(meanDifference(expected.get(key), actual.get(key)) < 2.0, key);
    }
    // Once, plus the byte that asks for its size.
    assertEquals(small.length + 1, cdn.bytesAskedFor("/small.mp4"), "the small rendition, once");
    long fromLarge = cdn.bytesAskedFor("/large.mp4");
    assertTrue(fromLarge > 0 && fromLarge < large.length * 0.4,
        fromLarge + " bytes of the large rendition's " + large.length + " were fetched");
  }

  /**
   * YouTube's video-only formats are fragmented MP4: no sample table to aim the reads with, so
   * the images come from fragments read in growing blocks.
   */
  @Test
  void takesTheImagesFromAFragmentedLargeRenditionAsYouTubeServesIt() throws Exception {
    String boxes = new String(largeFragmented, 0, 4096, StandardCharsets.ISO_8859_1);
    assertTrue(boxes.contains("sidx") && boxes.contains("moof"), "the fixture is not fragmented");
    urls(cdn.url("/small.mp4"), cdn.url("/large-dash.mp4"));
    JobState done = run("talk");
    assertEquals(JobStatus.COMPLETED, done.status(), done.toString());

    assertSameSegments(reference, manifest(store));
    Map<String, byte[]> expected = imagesByKey(referenceStore);
    Map<String, byte[]> actual = imagesByKey(store);
    assertEquals(expected.keySet(), actual.keySet());
    for (String key : expected.keySet()) {
      assertEquals(LARGE, DecodedImage.decode(actual.get(key)).width, key);
      assertTrue(meanDifference(expected.get(key), actual.get(key)) < 2.0, key);
    }
    assertEquals(small.length + 1, cdn.bytesAskedFor("/small.mp4"), "the small rendition, once");
    long fromLarge = cdn.bytesAskedFor("/large-dash.mp4");
    // 59 % measured: whole blocks of up to 1 MB, where the sample table of a faststart file
    // aims each read at the bytes of one image (under 40 %, above).
    assertTrue(fromLarge > 0 && fromLarge < largeFragmented.length * 0.8,
        fromLarge + " bytes of the large rendition's " + largeFragmented.length + " were fetched");
  }

  @Test
  void whenTheLargeRenditionIsMissingTheImagesComeFromTheSmallOne() throws Exception {
    urls(cdn.url("/small.mp4"), cdn.url("/gone.mp4"));
    JobState done = run("talk");
    assertEquals(JobStatus.COMPLETED, done.status(), done.toString());
    assertTrue(cdn.requests.stream().anyMatch(r -> r.startsWith("GET /gone.mp4")),
        "the large rendition was asked for: " + cdn.requests);
    assertSameSegments(reference, manifest(store));
    for (byte[] image : images(store)) {
      assertEquals(SMALL, DecodedImage.decode(image).width);
    }
  }

  /**
   * An image's range request that gets headers and then no byte: a cancel must close it and end
   * the job's work at once, not when the stall timeout (60 s here) drops the connection.
   */
  @Test
  void cancellingWhileAnImageIsFetchedClosesTheRequestAndStopsTheWork() throws Exception {
    // The images are fetched while the job analyses; opening the rendition came before.
    cdn.serve("/large.mp4", large, new FaultyHttpServer.StallWhen(() -> service.tracker()
        .get("talk").map(s -> s.status() == JobStatus.EXTRACTING).orElse(false)));
    urls(cdn.url("/small.mp4"), cdn.url("/large.mp4"));
    List<Thread> before = rangeReaders();
    service.submitYouTube("talk").join();
    assertTrue(cdn.awaitStalled(Duration.ofSeconds(120)), "no image was fetched");

    assertTrue(service.cancel("talk"));
    assertTrue(cdn.awaitClientGone(Duration.ofSeconds(20)),
        "the stalled request is still open: the cancel waits for the stall timeout");
    assertTrue(service.awaitIdle(Duration.ofSeconds(20)), "the job's worker is still busy");
    JobState state = service.tracker().get("talk").orElseThrow();
    assertEquals(JobStatus.FAILED, state.status(), state.toString());
    assertEquals("cancelled", state.error());
    assertTrue(rangeReaders().stream().allMatch(before::contains),
        "a thread reading the large rendition is left running");
    assertFalse(store.read(BlobKeys.manifest("talk")).isPresent(), "nothing published");
  }

  @Test
  void whenYtDlpHasOneRenditionItIsDownloadedAndAnalysedAsBefore() throws Exception {
    urls(cdn.url("/large.mp4"));
    JobState done = run("talk");
    assertEquals(JobStatus.COMPLETED, done.status(), done.toString());
    assertTrue(Files.readString(Path.of(ytDlp + ".args")).contains("[height<=360]"),
        "asked for two renditions");
    assertSameSegments(reference, manifest(store));
    assertEquals(large.length + 1, cdn.bytesAskedFor("/large.mp4"));
    for (byte[] image : images(store)) {
      assertEquals(LARGE, DecodedImage.decode(image).width);
    }
  }

  /** The threads that read renditions by range requests. */
  private static List<Thread> rangeReaders() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("slides-range-read")).toList();
  }

  private void urls(String... urls) throws Exception {
    Files.writeString(Path.of(ytDlp + ".urls"), String.join("\n", urls) + "\n");
  }

  private JobState run(String id) throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    service.tracker().addListener((v, st) -> {
      if (v.equals(id) && st.status().isTerminal()) {
        done.countDown();
      }
    });
    service.submitYouTube(id).join();
    assertTrue(done.await(120, TimeUnit.SECONDS), "job never ended");
    return service.tracker().get(id).orElseThrow();
  }

  private static JsonNode manifest(InMemoryBlobStore store) throws Exception {
    return new ObjectMapper().readTree(store.read(BlobKeys.manifest("talk")).orElseThrow())
        .get("talk");
  }

  private static List<byte[]> images(InMemoryBlobStore store) {
    List<byte[]> out = new ArrayList<>(imagesByKey(store).values());
    assertFalse(out.isEmpty());
    return out;
  }

  private static Map<String, byte[]> imagesByKey(InMemoryBlobStore store) {
    Map<String, byte[]> out = new java.util.TreeMap<>();
    store.contents().forEach((key, blob) -> {
      if (key.endsWith(".webp")) {
        out.put(key, blob.content());
      }
    });
    return out;
  }

  /** The same segments, kinds and image keys; times within a sample (0.25 s). */
  private static void assertSameSegments(JsonNode expected, JsonNode actual) {
    JsonNode a = expected.get("segments");
    JsonNode b = actual.get("segments");
    assertEquals(a.size(), b.size(), actual.toString());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).get("kind"), b.get(i).get("kind"));
      assertEquals(a.get(i).get("start_time").asDouble(), b.get(i).get("start_time").asDouble(),
          0.26, "segment " + i);
      assertEquals(a.get(i).get("end_time").asDouble(), b.get(i).get("end_time").asDouble(),
          0.26, "segment " + i);
    }
    assertEquals(slides(expected), slides(actual));
  }

  private static long slides(JsonNode manifest) {
    long n = 0;
    for (JsonNode segment : manifest.get("segments")) {
      n += segment.has("first_frame") ? 1 : 0;
    }
    return n;
  }

  private static double meanDifference(byte[] a, byte[] b) throws Exception {
    DecodedImage x = DecodedImage.decode(a);
    DecodedImage y = DecodedImage.decode(b);
    assertEquals(x.width, y.width);
    assertEquals(x.height, y.height);
    long sum = 0;
    for (int j = 0; j < x.height; j += 2) {
      for (int i = 0; i < x.width; i += 2) {
        int[] p = x.rgb(i, j);
        int[] q = y.rgb(i, j);
        sum += Math.abs(p[0] - q[0]) + Math.abs(p[1] - q[1]) + Math.abs(p[2] - q[2]);
      }
    }
    return sum / (3.0 * (x.height / 2) * (x.width / 2));
  }
}
