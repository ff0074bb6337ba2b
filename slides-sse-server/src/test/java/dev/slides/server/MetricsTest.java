package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.BlobStore;
import dev.slides.InMemoryBlobStore;
import dev.slides.testing.ForwardingBlobStore;
import dev.slides.testing.GuardedStore;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics}, scraped over HTTP and parsed, after real jobs. */
class MetricsTest {
  @TempDir static Path videos;
  static Path lecture;

  @TempDir Path data;
  VideoHttpServer cdn;
  ServerFixture f;

  @BeforeAll
  static void writeVideo() throws Exception {
    lecture = LectureVideo.builder(320, 180, 10)
        .slide(Slides.bullets(320, 180, 1, "One", 2), 3)
        .slide(Slides.bullets(320, 180, 2, "Two", 2), 3)
        .write(videos.resolve("lecture.mp4"));
  }

  /** Counted down once the metrics have heard of the job's end (see {@link #start}). */
  final CountDownLatch ended = new CountDownLatch(1);

  void start(ServerSettings settings, BlobStore store) throws Exception {
    cdn = new VideoHttpServer().serve("lecture.mp4", lecture);
    f = new ServerFixture(ServerFixture.withVideosFrom(settings, cdn), store);
    // Listeners hear an update one after another in the order they were added, the metrics'
    // first: when this one hears the end, the metrics have counted it. (A client can see the
    // new state a moment before the listeners are told.)
    f.server.service().tracker().addListener((id, state) -> {
      if (state.status().isTerminal()) {
        ended.countDown();
      }
    });
  }

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
    if (cdn != null) {
      cdn.close();
    }
  }

  /** Every sample of the exposition text, keyed by name and labels as written. */
  Map<String, Double> scrape() throws Exception {
    ServerFixture.Answer a = f.get("/metrics");
    assertEquals(200, a.status(), a.text());
    Map<String, Double> samples = new HashMap<>();
    for (String line : a.text().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return samples;
  }

  static double value(Map<String, Double> samples, String series) {
    Double v = samples.get(series);
    if (v == null) {
      throw new AssertionError("no " + series + " in " + new java.util.TreeMap<>(samples));
    }
    return v;
  }

  @Test
  void aJobIsCountedTimedPerPhaseAndItsBytesAreCounted() throws Exception {
    start(ServerSettings.forTests(data, ServerFixture.PASSWORD), null);
    cdn.hold("lecture.mp4");
    assertEquals(200, f.post("/process/youtube/lecture").status());
    f.awaitStatus("lecture", "downloading", Duration.ofSeconds(10));
    SlidesServerTest.Events events = new SlidesServerTest.Events();
    EventSources.createFactory(f.http).newEventSource(
        f.request("/jobs/lecture/stream").build(), events);
    assertTrue(events.received.await(10, TimeUnit.SECONDS));

    Map<String, Double> during = scrape();
    assertEquals(1, value(during, "slides_sse_clients"));
    assertEquals(1, value(during, "slides_jobs{status=\"downloading\"}"));
    assertEquals(0, value(during, "slides_jobs{status=\"completed\"}"));
    assertEquals(0, value(during, "slides_queue_length"));

    cdn.release("lecture.mp4");
    assertTrue(events.closed.await(60, TimeUnit.SECONDS));
    assertEquals("completed", events.last().get("status").asText());
    assertTrue(ended.await(10, TimeUnit.SECONDS));

    Map<String, Double> after = scrape();
    assertEquals(0, value(after, "slides_sse_clients"));
    assertEquals(1, value(after, "slides_jobs{status=\"completed\"}"));
    assertEquals(0, value(after, "slides_jobs{status=\"downloading\"}"));
    assertEquals(1, value(after, "slides_job_duration_seconds_count{outcome=\"completed\"}"));
    assertTrue(value(after, "slides_job_duration_seconds_sum{outcome=\"completed\"}") > 0);
    for (String phase : new String[] {"pending", "downloading", "extracting", "uploading"}) {
      assertEquals(1, value(after,
          "slides_job_phase_duration_seconds_count{phase=\"" + phase + "\"}"), phase);
    }
    assertEquals(Files.size(lecture), value(after, "slides_download_bytes_total"));
    long stored;
    try (Stream<Path> files = Files.walk(data.resolve("store"))) {
      stored = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    assertTrue(stored > 0);
    assertEquals(stored, value(after, "slides_store_upload_bytes_total"));
    assertEquals(0, value(after, "slides_store_errors_total{operation=\"put\"}"));
  }

  /** The README counts an uploaded video with the downloaded ones: the bytes a job took in. */
  @Test
  void anUploadedVideosBytesAreCountedAsTakenIn() throws Exception {
    start(ServerSettings.forTests(data, ServerFixture.PASSWORD), null);
    byte[] video = Files.readAllBytes(lecture);
    ServerFixture.Answer a = f.call(f.request("/process/upload?video_id=uploaded")
        .post(okhttp3.RequestBody.create(video, okhttp3.MediaType.get("video/mp4"))).build());
    assertEquals(200, a.status(), a.text());
    assertTrue(ended.await(60, TimeUnit.SECONDS));
    assertEquals("completed", f.get("/jobs/uploaded").body().get("status").asText());
    assertEquals(video.length, value(scrape(), "slides_download_bytes_total"));
  }

  @Test
  void storeFailuresAreCounted() throws Exception {
    BlobStore refusing = new BlobStore() {
      @Override
      public String put(String key, byte[] content, String contentType) throws IOException {
        throw new IOException("Store refused " + key);
      }

      @Override
      public Optional<String> find(String key) {
        return Optional.empty();
      }
    };
    start(ServerSettings.forTests(data, ServerFixture.PASSWORD), refusing);
    assertEquals(200, f.post("/process/youtube/lecture").status());
    f.awaitStatus("lecture", "failed", Duration.ofSeconds(60));
    assertTrue(ended.await(10, TimeUnit.SECONDS));
    Map<String, Double> after = scrape();
    assertTrue(value(after, "slides_store_errors_total{operation=\"put\"}") >= 1);
    assertEquals(0, value(after, "slides_store_upload_bytes_total"));
    assertEquals(1, value(after, "slides_jobs{status=\"failed\"}"));
    assertEquals(1, value(after, "slides_job_duration_seconds_count{outcome=\"failed\"}"));
  }

  /** The server's store is metered: removing goes through too, or failed jobs leak images. */
  @Test
  void aJobWhoseManifestIsRefusedLeavesNoImageInTheStore() throws Exception {
    InMemoryBlobStore memory = new InMemoryBlobStore();
    BlobStore refusingManifests = new GuardedStore(memory, key -> {
      if (key.startsWith("manifests/")) {
        throw new IOException("Store refused " + key);
      }
    });
    start(ServerSettings.forTests(data, ServerFixture.PASSWORD), refusingManifests);
    assertEquals(200, f.post("/process/youtube/lecture").status());
    f.awaitStatus("lecture", "failed", Duration.ofSeconds(60));
    assertTrue(ended.await(10, TimeUnit.SECONDS));
    Map<String, Double> after = scrape();
    assertTrue(value(after, "slides_store_upload_bytes_total") > 0, "images went in");
    assertEquals(Map.of(), memory.contents(), "and were removed");
    assertEquals(0, value(after, "slides_store_errors_total{operation=\"delete\"}"));
  }

  /**
   * The metered store hands a removal of many keys on whole, so S3 and Vercel Blob remove them in
   * batches (not a request or two per key), and a failed one counts as a failed delete.
   */
  @Test
  void theMeteredStoreRemovesManyKeysWithOneCall() throws Exception {
    List<Collection<String>> calls = new ArrayList<>();
    BlobStore inner = new ForwardingBlobStore(new InMemoryBlobStore()) {
      @Override
      public void delete(String key) {
        throw new AssertionError("removed one key at a time: " + key);
      }

      @Override
      public void deleteAll(Collection<String> keys) throws IOException {
        calls.add(List.copyOf(keys));
        if (keys.contains("slides/b/1-first.webp")) {
          throw new IOException("Store refused to remove " + keys);
        }
      }
    };
    ServerMetrics metrics = new ServerMetrics();
    BlobStore metered = metrics.meter(inner);
    metered.deleteAll(List.of("slides/a/1-first.webp", "slides/a/2-first.webp"));
    assertEquals(List.of(List.of("slides/a/1-first.webp", "slides/a/2-first.webp")), calls);
    assertThrows(IOException.class, () -> metered.deleteAll(List.of("slides/b/1-first.webp")));
    assertTrue(metrics.scrape().contains("slides_store_errors_total{operation=\"delete\"} 1.0"),
        metrics.scrape());
  }

  /**
   * Listing goes through the metered store too: the images a killed run left, which no run
   * knows of, go at the next run of the id.
   */
  @Test
  void aJobRemovesTheImagesAKilledRunLeftInTheStore() throws Exception {
    InMemoryBlobStore memory = new InMemoryBlobStore();
    memory.put("slides/lecture/7-first.webp", new byte[] {1, 2, 3}, "image/webp");
    start(ServerSettings.forTests(data, ServerFixture.PASSWORD), memory);
    assertEquals(200, f.post("/process/youtube/lecture").status());
    f.awaitStatus("lecture", "completed", Duration.ofSeconds(60));
    assertTrue(ended.await(10, TimeUnit.SECONDS));
    assertTrue(memory.get("slides/lecture/1-first.webp").isPresent());
    assertTrue(memory.get("slides/lecture/7-first.webp").isEmpty(), memory.contents().keySet()
        .toString());
    assertEquals(0, value(scrape(), "slides_store_errors_total{operation=\"list\"}"));
  }

  @Test
  void metricsNeedThePasswordUnlessMadePublic() throws Exception {
    start(ServerSettings.forTests(data, ServerFixture.PASSWORD), null);
    Request anonymous = new Request.Builder().url(f.base() + "/metrics").build();
    try (Response r = f.http.newCall(anonymous).execute()) {
      assertEquals(401, r.code());
    }
    f.close();
    f = new ServerFixture(ServerSettings.forTests(data, ServerFixture.PASSWORD).toBuilder()
        .metricsPublic(true).build());
    try (Response r = f.http.newCall(new Request.Builder().url(f.base() + "/metrics").build())
        .execute()) {
      assertEquals(200, r.code());
      assertTrue(r.header("Content-Type").startsWith("text/plain"));
      assertTrue(r.body().string().contains("slides_queue_length"));
    }
  }
}
