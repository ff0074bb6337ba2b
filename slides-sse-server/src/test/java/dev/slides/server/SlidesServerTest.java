package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import dev.slides.internal.job.InMemoryJobTracker;
import dev.slides.service.SlideService;
import dev.slides.testing.Await;
import dev.slides.testing.BadFiles;
import dev.slides.testing.DecodedImage;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API and its SSE streams, over real loopback HTTP. */
class SlidesServerTest {
  @TempDir static Path videos;
  static Path lecture;
  static Path bigLecture;

  @TempDir Path data;
  VideoHttpServer cdn;
  ServerFixture f;

  @BeforeAll
  static void writeVideos() throws Exception {
    lecture = LectureVideo.builder(320, 180, 10)
        .slide(Slides.bullets(320, 180, 1, "One", 2), 3)
        .slide(Slides.bullets(320, 180, 2, "Two", 2), 3)
        .write(videos.resolve("lecture.mp4"));
    // Large enough (> 8 MB) for parallel ranged downloads.
    bigLecture = LectureVideo.builder(640, 360, 10).noise(30).bitrate(8_000_000)
        .slide(Slides.bullets(640, 360, 1, "One", 2), 6)
        .slide(Slides.bullets(640, 360, 2, "Two", 2), 6)
        .write(videos.resolve("big.mp4"));
  }

  @BeforeEach
  void start() throws Exception {
    cdn = new VideoHttpServer()
        .serve("lecture.mp4", lecture)
        .serve("big.mp4", bigLecture)
        .serve("notavideo.mp4", BadFiles.text(videos.resolve("notes.txt")));
    f = new ServerFixture(settings());
  }

  /** The tests' settings: the loopback CDN is reachable through the allow-list. */
  ServerSettings settings() {
    return ServerFixture.withVideosFrom(ServerSettings.forTests(data, ServerFixture.PASSWORD),
        cdn);
  }

  @AfterEach
  void stop() {
    f.close();
    cdn.close();
  }

  /** Collects the events of one SSE stream. */
  static final class Events extends EventSourceListener {
    final List<String> ids = Collections.synchronizedList(new ArrayList<>());
    final List<String> types = Collections.synchronizedList(new ArrayList<>());
    final List<String> data = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch closed = new CountDownLatch(1);
    final CountDownLatch received = new CountDownLatch(1);
    volatile Throwable failure;
    volatile int status;

    @Override
    public void onOpen(EventSource source, Response response) {
      status = response.code();
    }

    @Override
    public void onEvent(EventSource source, String id, String type, String payload) {
      ids.add(id);
      types.add(type);
      data.add(payload);
      received.countDown();
    }

    @Override
    public void onClosed(EventSource source) {
      closed.countDown();
    }

    @Override
    public void onFailure(EventSource source, Throwable t, Response response) {
      failure = t;
      if (response != null) {
        status = response.code();
      }
      closed.countDown();
    }

    List<String> statuses() throws Exception {
      List<String> out = new ArrayList<>();
      for (String d : new ArrayList<>(data)) {
        out.add(ServerFixture.JSON.readTree(d).get("status").asText());
      }
      return out;
    }

    JsonNode last() throws Exception {
      return ServerFixture.JSON.readTree(data.get(data.size() - 1));
    }
  }

  Events follow(String id, String lastEventId) {
    Events events = new Events();
    Request.Builder b = f.request("/jobs/" + id + "/stream");
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    EventSources.createFactory(f.http).newEventSource(b.build(), events);
    return events;
  }

  @Test
  void fullFlowStreamsEveryPhaseAndPublishesFetchableSlides() throws Exception {
    cdn.hold("lecture.mp4");
    ServerFixture.Answer posted = f.post("/process/youtube/lecture");
    assertEquals(200, posted.status());
    assertEquals("Download started", posted.body().get("message").asText());
    assertEquals("/jobs/lecture", posted.body().get("track").asText());
    assertEquals("/jobs/lecture/stream", posted.body().get("stream").asText());
    f.awaitStatus("lecture", "downloading", Duration.ofSeconds(10)); // held there until released
    Events events = follow("lecture", null);
    assertTrue(events.received.await(10, TimeUnit.SECONDS), "the stream starts with the state");
    cdn.release("lecture.mp4");
    assertTrue(events.closed.await(60, TimeUnit.SECONDS));
    assertEquals(200, events.status);
    List<String> order = new ArrayList<>();
    for (String s : events.statuses()) {
      if (order.isEmpty() || !order.get(order.size() - 1).equals(s)) {
        order.add(s);
      }
    }
    assertEquals(List.of("downloading", "extracting", "uploading", "completed"), order);
    // No event name on normal updates (okhttp-sse reports none as null).
    assertTrue(events.types.stream().allMatch(t -> t == null), events.types.toString());
    for (int i = 1; i < events.ids.size(); i++) {
      assertTrue(Long.parseLong(events.ids.get(i)) > Long.parseLong(events.ids.get(i - 1)));
    }
    JsonNode done = events.last();
    String manifestUrl = done.get("metadata_uri").asText();
    assertTrue(manifestUrl.startsWith(f.base() + "/files/manifests/lecture.json"), manifestUrl);
    JsonNode manifest = ServerFixture.JSON.readTree(f.fetch(manifestUrl));
    JsonNode segments = manifest.get("lecture").get("segments");
    assertEquals(2, segments.size());
    for (JsonNode s : segments) {
      byte[] image = f.fetch(s.get("first_frame").get("url").asText());
      assertTrue(DecodedImage.isWebp(image));
    }
    // Downloads are deleted when the job's worker lets go of it (a client may see "completed"
    // a moment before): once the service is idle, none is left.
    assertTrue(f.server.service().awaitIdle(Duration.ofSeconds(30)));
    try (var files = Files.list(data.resolve("downloads"))) {
      assertEquals(0, files.count());
    }
    // A finished job's stream: one event, then the server closes it.
    Events again = follow("lecture", null);
    assertTrue(again.closed.await(10, TimeUnit.SECONDS));
    assertEquals(List.of("completed"), again.statuses());
    // POST again: already completed, nothing downloaded.
    ServerFixture.Answer repeat = f.post("/process/youtube/lecture");
    assertEquals("Job already completed", repeat.body().get("message").asText());
    assertEquals("completed", repeat.body().get("job").get("status").asText());
  }

  /**
   * A client that cannot keep up (it stops reading while one frame is in flight) still gets
   * every status change, in order; updates within one status are merged into the newest, so it
   * costs the server one pending state per status, not a backlog.
   */
  @Test
  void aClientThatCannotKeepUpStillSeesEveryStatusInOrder() throws Exception {
    JobTracker tracker = f.server.service().tracker();
    // One frame far larger than the socket buffers between server and client (the client's is
    // pinned small; the server's grows to 4 MB at most): while the client does not read, the
    // server cannot finish writing it, so every update below arrives while it waits.
    String huge = "x".repeat(16 << 20);
    tracker.createIfAbsent("burst", JobState.of(JobStatus.PENDING, huge));
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.setSoTimeout(30_000);
      socket.connect(new InetSocketAddress("127.0.0.1", f.server.port()));
      socket.getOutputStream().write(("GET /jobs/burst/stream HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + ServerFixture.PASSWORD + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = new BufferedInputStream(socket.getInputStream());
      // The server is writing the pending frame now.
      String start = readThrough(in, "data: {\"status\":\"pending\"");
      assertTrue(start.startsWith("HTTP/1.1 200"), start);
      for (int i = 1; i <= 100; i++) {
        int n = i;
        tracker.update("burst", s -> s.withStatus(JobStatus.DOWNLOADING, "Downloading " + n));
      }
      for (int i = 1; i <= 100; i++) {
        int n = i;
        tracker.update("burst", s -> s.withStatus(JobStatus.EXTRACTING, "Frame " + n));
      }
      tracker.update("burst", s -> s.withStatus(JobStatus.UPLOADING, "Uploading 1"));
      tracker.update("burst", s -> s.withStatus(JobStatus.UPLOADING, "Uploading 2"));
      tracker.update("burst", s -> s.withStatus(JobStatus.COMPLETED, "Done"));
      String rest = new String(in.readAllBytes(), StandardCharsets.UTF_8); // until the server closes
      List<String> received = new ArrayList<>();
      for (String line : rest.split("\n")) {
        if (line.startsWith("data: ")) {
          JsonNode state = ServerFixture.JSON.readTree(line.substring(6));
          received.add(state.get("status").asText() + ": " + state.get("message").asText());
        }
      }
      assertEquals(List.of("downloading: Downloading 100", "extracting: Frame 100",
          "uploading: Uploading 2", "completed: Done"), received);
    }
  }

  /** Reads up to and including {@code marker}; returns what was read. */
  static String readThrough(InputStream in, String marker) throws java.io.IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      b.append((char) c);
      if (b.length() >= marker.length() && b.lastIndexOf(marker) == b.length() - marker.length()) {
        return b.toString();
      }
      if (b.length() > 64 << 10) {
        break;
      }
    }
    throw new AssertionError("never saw " + marker + " in: " + b);
  }

  @Test
  void fiftyConcurrentPostsCreateOneJob() throws Exception {
    cdn.hold("lecture.mp4");
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<ServerFixture.Answer>> answers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      answers.add(pool.submit(() -> {
        go.await();
        return f.post("/process/youtube/lecture");
      }));
    }
    go.countDown();
    int started = 0;
    int inProgress = 0;
    for (Future<ServerFixture.Answer> a : answers) {
      ServerFixture.Answer answer = a.get(30, TimeUnit.SECONDS);
      assertEquals(200, answer.status());
      String message = answer.body().get("message").asText();
      if (message.equals("Download started")) {
        started++;
      } else if (message.equals("Job already in progress")) {
        inProgress++;
        assertNotNull(answer.body().get("job"));
      }
    }
    pool.shutdown();
    assertEquals(1, started);
    assertEquals(49, inProgress);
    cdn.release("lecture.mp4");
    f.awaitStatus("lecture", "completed", Duration.ofSeconds(60));
  }

  @Test
  void everyApiRouteNeedsTheBearerTokenAndAuthComesFirst() throws Exception {
    String[][] routes = {
        {"GET", "/"}, {"POST", "/process/youtube/abc"}, {"POST", "/process"},
        {"GET", "/jobs/abc"}, {"GET", "/jobs/abc/stream"}, {"DELETE", "/jobs/abc"},
        {"GET", "/progress"}, {"POST", "/drain"}, {"GET", "/jobs/unknown-id"},
        {"GET", "/no/such/route"}};
    for (String[] route : routes) {
      for (String auth : new String[] {null, "Bearer wrong", "Basic " + ServerFixture.PASSWORD,
          "Bearer"}) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.base() + route[1]))
            .method(route[0], HttpRequest.BodyPublishers.noBody());
        if (auth != null) {
          b.header("Authorization", auth);
        }
        HttpResponse<String> r = f.jdk.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode(), route[0] + " " + route[1] + " with " + auth);
        assertEquals("{\"detail\":\"Invalid or missing API password\"}", r.body());
      }
    }
    // The scheme is case-insensitive.
    HttpResponse<String> ok = f.jdk.send(HttpRequest.newBuilder(URI.create(f.base() + "/progress"))
        .header("Authorization", "bEaReR " + ServerFixture.PASSWORD).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ok.statusCode());
    // Health probes need none.
    assertEquals(200, f.jdk.send(HttpRequest.newBuilder(URI.create(f.base() + "/healthz/live"))
        .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    assertEquals(200, f.jdk.send(HttpRequest.newBuilder(URI.create(f.base() + "/healthz/ready"))
        .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  @Test
  void unknownJobsAre404AndBadIdsAre400() throws Exception {
    ServerFixture.Answer missing = f.get("/jobs/nothing-here");
    assertEquals(404, missing.status());
    assertEquals("Job not found: nothing-here", missing.body().get("detail").asText());
    Events stream = follow("nothing-here", null);
    assertTrue(stream.closed.await(10, TimeUnit.SECONDS));
    assertEquals(404, stream.status);
    assertTrue(stream.data.isEmpty());
    for (String bad : List.of("a.b", "x".repeat(65), "a%20b", "%2E", "a%2Fb")) {
      assertEquals(400, f.get("/jobs/" + bad).status(), bad);
      assertEquals(400, f.post("/process/youtube/" + bad).status(), bad);
    }
    assertEquals(404, f.get("/no/such/route").status());
    assertEquals(400, f.postJson("/process", "{not json").status());
    // A body that is no object, or a url that is no string, says so; "Missing url" is for none.
    for (String notAnObject : List.of("[1]", "\"http://x/v.mp4\"", "5")) {
      ServerFixture.Answer answer = f.postJson("/process", notAnObject);
      assertEquals(400, answer.status(), notAnObject);
      assertEquals("The body must be a JSON object: {\"url\": \"https://...\", \"video_id\":"
          + " optional}", answer.body().get("detail").asText(), notAnObject);
    }
    ServerFixture.Answer urlNotText = f.postJson("/process", "{\"url\": 5}");
    assertEquals("\"url\" must be a string: {\"url\": \"https://...\"}",
        urlNotText.body().get("detail").asText());
    for (String none : List.of("{}", "{\"url\": null}", "")) {
      assertEquals("Missing \"url\"", f.postJson("/process", none).body().get("detail").asText(),
          none);
    }
    assertEquals(400, f.postJson("/process", "{\"url\":\"file:///etc/passwd\"}").status());
    assertEquals(400, f.postJson("/process", "{\"url\":\"http://x/v.mp4\",\"video_id\":\"../x\"}")
        .status());
    // A video_id that is not a string is a mistake, not "no id": it was silently replaced by
    // a url-... id the caller never learnt to ask for.
    for (String id : List.of("12", "true", "[\"a\"]", "{}")) {
      ServerFixture.Answer notText = f.postJson("/process",
          "{\"url\":\"http://x/v.mp4\",\"video_id\":" + id + "}");
      assertEquals(400, notText.status(), id);
      assertEquals("Invalid video_id: use [A-Za-z0-9_-]{1,64}",
          notText.body().get("detail").asText(), id);
    }
    // Files: no listing, no escape.
    assertEquals(404, f.jdk.send(HttpRequest.newBuilder(URI.create(f.base() + "/files/"))
        .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    assertEquals(404, f.jdk.send(HttpRequest.newBuilder(
        URI.create(f.base() + "/files/..%2F..%2Fetc%2Fpasswd")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  @Test
  void lastEventIdGetsTheCurrentStateOnlyWhenNewer() throws Exception {
    f.post("/process/youtube/lecture");
    JsonNode done = f.awaitStatus("lecture", "completed", Duration.ofSeconds(60));
    assertNotNull(done);
    // The client already has the final state (or claims a newer one): 204, which tells an
    // EventSource to stop reconnecting, where an empty 200 had it come back every 3 s.
    long version = f.server.service().tracker().get("lecture").orElseThrow().version();
    for (long seen : List.of(version, version + 5)) {
      HttpResponse<String> upToDate = f.jdk.send(HttpRequest.newBuilder(
              URI.create(f.base() + "/jobs/lecture/stream"))
          .header("Authorization", "Bearer " + ServerFixture.PASSWORD)
          .header("Last-Event-ID", Long.toString(seen)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(204, upToDate.statusCode(), "Last-Event-ID " + seen);
      assertEquals("", upToDate.body());
      assertTrue(upToDate.headers().firstValue("content-type").isEmpty());
      assertTrue(upToDate.headers().firstValue("content-length").isEmpty(), "none in a 204");
    }
    Events upToDate = follow("lecture", Long.toString(version));
    assertTrue(upToDate.closed.await(10, TimeUnit.SECONDS));
    assertEquals(204, upToDate.status);
    assertTrue(upToDate.data.isEmpty(), upToDate.data.toString());
    Events behind = follow("lecture", Long.toString(version - 1));
    assertTrue(behind.closed.await(10, TimeUnit.SECONDS));
    assertEquals(List.of("completed"), behind.statuses());
    assertEquals(Long.toString(version), behind.ids.get(0));
    assertEquals(200, behind.status);
  }

  /** Reads a stream's raw lines (comments included) until it ends or time runs out. */
  List<String> rawLines(String id, Duration atMost) throws Exception {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    HttpRequest request = HttpRequest.newBuilder(URI.create(f.base() + "/jobs/" + id + "/stream"))
        .header("Authorization", "Bearer " + ServerFixture.PASSWORD).build();
    HttpResponse<java.io.InputStream> response =
        f.jdk.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals("text/event-stream; charset=utf-8",
        response.headers().firstValue("content-type").orElse(""));
    Thread reader = ServerFixture.readLines(response.body(), lines);
    reader.join(atMost.toMillis());
    return new ArrayList<>(lines);
  }

  @Test
  void heartbeatsAndTheInactivityTimeout() throws Exception {
    f.close();
    f = new ServerFixture(settings()
        .withStreamTimings(Duration.ofMillis(200), Duration.ofMillis(1500)));
    cdn.hold("lecture.mp4"); // the job sits in "downloading" without news
    f.post("/process/youtube/lecture");
    List<String> lines = rawLines("lecture", Duration.ofSeconds(10));
    assertEquals("retry: 3000", lines.get(0));
    assertTrue(lines.get(1).startsWith("id: "), lines.toString());
    assertTrue(lines.get(2).startsWith("data: {\"status\":\""), lines.toString());
    // The first heartbeat is due long before the timeout, and the stream's timers run in the
    // order they are due: one at least, however slow the machine. How many more come depends on
    // how soon each one ran (the next is due 200 ms after it): a loaded machine that ran the
    // first one a second late left no room for a third, so the test asked for three in vain.
    // That they go on is checked where nothing ends the stream meanwhile (a queued job's).
    assertTrue(lines.stream().anyMatch(l -> l.startsWith(":")), lines.toString());
    int error = lines.indexOf("event: error");
    assertTrue(error > 0, lines.toString());
    assertEquals("data: No updates for job lecture in the last 1 seconds", lines.get(error + 1));
    assertEquals("<closed>", lines.get(lines.size() - 1));
    cdn.release("lecture.mp4");
  }

  @Test
  void aJobWaitingInTheQueueKeepsItsStreamOpenPastTheInactivityTimeout() throws Exception {
    // With one worker, a job waits for the one ahead of it without news for as long as that one
    // takes. Its stream must stay open (heartbeats only): a client such as the web app that
    // upstream served, which reads one stream to the end, would otherwise stop following a job
    // that is only waiting its turn.
    f.close();
    f = new ServerFixture(settings()
        .withStreamTimings(Duration.ofMillis(100), Duration.ofMillis(1000)));
    cdn.hold("lecture.mp4");
    cdn.serve("second.mp4", lecture);
    f.post("/process/youtube/lecture");
    f.awaitStatus("lecture", "downloading", Duration.ofSeconds(10));
    f.post("/process/youtube/second");
    assertEquals("pending", f.get("/jobs/second").body().get("status").asText());
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    HttpRequest request = HttpRequest.newBuilder(URI.create(f.base() + "/jobs/second/stream"))
        .header("Authorization", "Bearer " + ServerFixture.PASSWORD).build();
    Thread reader = ServerFixture.readLines(
        f.jdk.send(request, HttpResponse.BodyHandlers.ofInputStream()).body(), lines);
    // A heartbeat comes at most every 100 ms: 15 of them span more than the 1 s timeout. The
    // stream's timers run in the order they are due on one I/O thread, so once the 15th
    // heartbeat is in, a timeout due after 1 s would have ended the stream before it, however
    // slow the machine: not a pause, but a later event that proves the earlier one was not.
    Await.until(Duration.ofSeconds(20), "15 heartbeats, or the stream's end",
        () -> List.copyOf(lines), seen -> heartbeats(seen) >= 15 || seen.contains("<closed>"));
    assertFalse(lines.contains("event: error"), lines.toString());
    assertTrue(heartbeats(lines) >= 15, lines.toString());
    cdn.release("lecture.mp4");
    reader.join(TimeUnit.SECONDS.toMillis(60));
    List<String> data = new ArrayList<>();
    for (String line : new ArrayList<>(lines)) {
      if (line.startsWith("data: ")) {
        data.add(ServerFixture.JSON.readTree(line.substring(6)).get("status").asText());
      }
    }
    assertEquals("pending", data.get(0));
    assertEquals("completed", data.get(data.size() - 1), lines.toString());
    assertFalse(lines.contains("event: error"), lines.toString());
  }

  private static long heartbeats(List<String> lines) {
    synchronized (lines) {
      return lines.stream().filter(l -> l.startsWith(":")).count();
    }
  }

  @Test
  void twoHundredClientsOnOneJobAllSeeTheEnd() throws Exception {
    cdn.hold("lecture.mp4");
    f.post("/process/youtube/lecture");
    List<Events> clients = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      clients.add(follow("lecture", null));
    }
    Await.until(Duration.ofSeconds(20), "200 open streams", f.server::openStreams,
        open -> open >= 200);
    assertEquals(200, f.server.openStreams());
    cdn.release("lecture.mp4");
    for (Events e : clients) {
      assertTrue(e.closed.await(60, TimeUnit.SECONDS));
      assertEquals("completed", e.last().get("status").asText());
    }
    Await.until(Duration.ofSeconds(10), "every stream to close", f.server::openStreams,
        open -> open == 0);
    assertEquals(0, ((InMemoryJobTracker) f.server.service().tracker()).subscriberCount("lecture"));
  }

  @Test
  void aClientThatLeavesIsCleanedUpAtOnce() throws Exception {
    cdn.hold("lecture.mp4");
    f.post("/process/youtube/lecture");
    Events events = new Events();
    EventSource source = EventSources.createFactory(f.http)
        .newEventSource(f.request("/jobs/lecture/stream").build(), events);
    assertTrue(events.received.await(10, TimeUnit.SECONDS), "no event came");
    assertEquals(1, f.server.openStreams());
    source.cancel();
    Await.until(Duration.ofSeconds(10), "the stream to close", f.server::openStreams,
        open -> open == 0);
    assertEquals(0, ((InMemoryJobTracker) f.server.service().tracker()).subscriberCount("lecture"));
    cdn.release("lecture.mp4");
    f.awaitStatus("lecture", "completed", Duration.ofSeconds(60)); // the job did not notice
  }

  @Test
  void aDownloadThatDropsHalfwayResumes() throws Exception {
    long size = Files.size(bigLecture);
    assertTrue(size > 8 << 20, "fixture must be large enough for ranged parts: " + size);
    cdn.dropOnceAfter("big.mp4", 1 << 20);
    ServerFixture.Answer posted = f.postJson("/process",
        "{\"url\":\"" + cdn.url("big.mp4") + "\",\"video_id\":\"big\"}");
    assertEquals("Download started", posted.body().get("message").asText());
    JsonNode done = f.awaitStatus("big", "completed", Duration.ofSeconds(120));
    assertNotNull(done.get("metadata_uri").asText());
    // The broken range was resumed from where it stopped (up to 1 MiB in: the bytes in flight
    // when the connection was cut are lost), not restarted from its start.
    List<Long> starts = cdn.rangesSeen.stream()
        .map(r -> Long.parseLong(r.substring(6, r.indexOf('-')))).toList();
    assertTrue(starts.stream().anyMatch(s -> starts.stream()
            .anyMatch(p -> p < s && s <= p + (1 << 20))),
        cdn.rangesSeen.toString());
  }

  @Test
  void aDownloadThatFailsHalfwayLeavesNoDownloadCountsInTheFailedState() throws Exception {
    // The byte counts describe a download under way: once the job has failed they are absent
    // (null), as after a cancel or a restart, not the counts of the attempt that gave up.
    f.close();
    // Every attempt is cut; the whole download gives up after a second rather than after its
    // retries' back-off.
    f = new ServerFixture(settings().withDownloadTimeouts(Duration.ofSeconds(30),
        Duration.ofSeconds(1)));
    cdn.dropAlwaysAfter("lecture.mp4", 4096);
    f.postJson("/process",
        "{\"url\":\"" + cdn.url("lecture.mp4") + "\",\"video_id\":\"cut\"}");
    JsonNode failed = f.awaitStatus("cut", "failed", Duration.ofSeconds(60));
    assertEquals("Video download failed", failed.get("message").asText());
    assertTrue(failed.get("downloaded_bytes").isNull(), failed.toString());
    assertTrue(failed.get("total_bytes").isNull(), failed.toString());
    assertTrue(failed.get("percent").isNull(), failed.toString());
  }

  @Test
  void aSourceThatIsNotAVideoFailsClearlyAndTheServerGoesOn() throws Exception {
    f.postJson("/process", "{\"url\":\"" + cdn.url("notavideo.mp4") + "\",\"video_id\":\"bad\"}");
    JsonNode failed = f.awaitStatus("bad", "failed", Duration.ofSeconds(30));
    assertEquals("Slide extraction failed", failed.get("message").asText());
    // Named as the caller knows it, not by the file name of this server's copy.
    assertEquals("Not a video file: the downloaded video (its content is not in any known video"
        + " format)", failed.get("error").asText());
    // A 404 source fails the download.
    f.post("/process/youtube/missing");
    JsonNode missing = f.awaitStatus("missing", "failed", Duration.ofSeconds(30));
    assertEquals("Video download failed", missing.get("message").asText());
    assertTrue(missing.get("error").asText().contains("HTTP 404"), missing.toString());
    // A failed job is started again by the next POST.
    cdn.serve("missing.mp4", lecture);
    assertEquals("Download started", f.post("/process/youtube/missing").body().get("message")
        .asText());
    f.awaitStatus("missing", "completed", Duration.ofSeconds(60));
  }

  @Test
  void withoutTheAllowListCallersCannotReachLoopbackButTheOperatorsTemplateCan()
      throws Exception {
    f.close();
    f = new ServerFixture(ServerSettings.forTests(data, ServerFixture.PASSWORD)
        .withYoutubeUrlTemplate(cdn.template()));
    f.postJson("/process", "{\"url\":\"" + cdn.url("lecture.mp4") + "\",\"video_id\":\"own\"}");
    JsonNode refused = f.awaitStatus("own", "failed", Duration.ofSeconds(30));
    assertEquals("Video download failed", refused.get("message").asText());
    assertEquals("Could not connect to " + cdn.url("lecture.mp4"),
        refused.get("error").asText());
    assertTrue(cdn.rangesSeen.isEmpty(), "nothing reached the loopback server");
    // A closed port of an allowed-looking name reads exactly the same.
    try (dev.slides.testing.ClosedPort closedPort = new dev.slides.testing.ClosedPort()) {
      String closed = "http://127.0.0.1:" + closedPort.port() + "/videos/lecture.mp4";
      f.postJson("/process", "{\"url\":\"" + closed + "\",\"video_id\":\"closed\"}");
      assertEquals("Could not connect to " + closed,
          f.awaitStatus("closed", "failed", Duration.ofSeconds(30)).get("error").asText());
    }
    // The operator's own template is configuration, not input: it is not filtered.
    f.post("/process/youtube/lecture");
    f.awaitStatus("lecture", "completed", Duration.ofSeconds(60));
  }

  /**
   * The server listens before its routes are in place (the local store's URLs need the port):
   * what comes meanwhile is a 503 that says to ask again in a second, as every 503 of the
   * server says when to ask again.
   */
  @Test
  void beforeItsRoutesAreInPlaceTheServerAnswers503WithRetryAfter() throws Exception {
    io.undertow.Undertow listening = SlidesServer.listen(settings(), new SlidesServer.Switch());
    try {
      int port = ((java.net.InetSocketAddress) listening.getListenerInfo().get(0).getAddress())
          .getPort();
      HttpResponse<String> starting = f.jdk.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/jobs")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(503, starting.statusCode());
      assertEquals("{\"detail\":\"Starting\"}", starting.body());
      assertEquals("1", starting.headers().firstValue("Retry-After").orElse(null));
    } finally {
      listening.stop();
    }
  }

  @Test
  void drainRefusesNewJobsAndLetsRunningOnesFinish() throws Exception {
    cdn.hold("lecture.mp4");
    f.post("/process/youtube/lecture");
    // Running, not only queued: a drain leaves queued jobs to another worker by design.
    f.awaitStatus("lecture", "downloading", Duration.ofSeconds(10));
    ServerFixture.Answer drained = f.post("/drain");
    assertEquals(202, drained.status());
    assertEquals("draining", drained.body().get("status").asText());
    HttpResponse<String> ready = f.jdk.send(HttpRequest.newBuilder(
        URI.create(f.base() + "/healthz/ready")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(503, ready.statusCode());
    assertEquals("{\"detail\":\"Draining for shutdown\"}", ready.body());
    // The node goes away: a balancer sends the retry to another one, or here once restarted.
    assertEquals("10", ready.headers().firstValue("Retry-After").orElse(null));
    ServerFixture.Answer refused = f.post("/process/youtube/other");
    assertEquals(503, refused.status());
    assertEquals("Draining for shutdown", refused.body().get("detail").asText());
    assertEquals("10", refused.retryAfter());
    ServerFixture.Answer upload = f.call(f.request("/process/upload?video_id=other")
        .post(okhttp3.RequestBody.create(new byte[16], okhttp3.MediaType.get("video/mp4")))
        .build());
    assertEquals(503, upload.status(), upload.text());
    assertEquals("10", upload.retryAfter());
    cdn.release("lecture.mp4");
    f.awaitStatus("lecture", "completed", Duration.ofSeconds(60));
  }

  @Test
  void cancelEndsARunningJobAndFreesItsDownload() throws Exception {
    cdn.hold("lecture.mp4");
    f.post("/process/youtube/lecture");
    f.awaitStatus("lecture", "downloading", Duration.ofSeconds(10));
    Events events = follow("lecture", null);
    ServerFixture.Answer cancelled = f.delete("/jobs/lecture");
    assertEquals(200, cancelled.status());
    assertEquals("failed", cancelled.body().get("job").get("status").asText());
    assertEquals("cancelled", cancelled.body().get("job").get("error").asText());
    assertTrue(events.closed.await(10, TimeUnit.SECONDS));
    assertEquals("failed", events.last().get("status").asText());
    cdn.release("lecture.mp4");
    assertEquals(409, f.delete("/jobs/lecture").status());
    assertEquals(404, f.delete("/jobs/never").status());
    assertTrue(f.server.service().awaitIdle(Duration.ofSeconds(10)));
    try (var files = Files.list(data.resolve("downloads"))) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void aJobCancelledWhileUploadingKeepsNoUploadCounts() throws Exception {
    // slides_processed and total_slides describe an upload under way; the failed state that a
    // cancel leaves has none, as the Python service's failed states had none.
    CountDownLatch uploading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    dev.slides.InMemoryBlobStore memory = new dev.slides.InMemoryBlobStore();
    dev.slides.BlobStore store = new dev.slides.BlobStore() {
      @Override
      public String put(String key, byte[] content, String contentType)
          throws java.io.IOException {
        uploading.countDown();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("cancelled");
        }
        return memory.put(key, content, contentType);
      }

      @Override
      public java.util.Optional<String> find(String key) throws java.io.IOException {
        return memory.find(key);
      }
    };
    f.close();
    f = new ServerFixture(settings(), store);
    try {
      f.post("/process/youtube/lecture");
      assertTrue(uploading.await(60, TimeUnit.SECONDS));
      JsonNode before = f.get("/jobs/lecture").body();
      assertEquals("uploading", before.get("status").asText(), before.toString());
      assertTrue(before.get("total_slides").isInt(), before.toString());
      JsonNode cancelled = f.delete("/jobs/lecture").body().get("job");
      assertEquals("failed", cancelled.get("status").asText());
      for (String key : List.of("current_frame", "slides_processed", "total_slides", "percent",
          "downloaded_bytes", "total_bytes", "metadata_uri")) {
        assertTrue(cancelled.get(key).isNull(), key + " in " + cancelled);
      }
    } finally {
      release.countDown();
    }
  }

  @Test
  void queuedJobsKnowTheirPlace() throws Exception {
    cdn.hold("lecture.mp4");
    f.post("/process/youtube/lecture");
    f.awaitStatus("lecture", "downloading", Duration.ofSeconds(10));
    cdn.serve("second.mp4", lecture);
    cdn.serve("third.mp4", lecture);
    f.post("/process/youtube/second");
    f.post("/process/youtube/third");
    assertEquals("Queued: position 1 of 2", f.get("/jobs/second").body().get("message").asText());
    assertEquals("Queued: position 2 of 2", f.get("/jobs/third").body().get("message").asText());
    assertEquals("pending", f.get("/jobs/third").body().get("status").asText());
    cdn.release("lecture.mp4");
    f.awaitStatus("third", "completed", Duration.ofSeconds(60));
  }

  @Test
  void aFullQueueRefusesMoreJobsUntilThereIsRoom() throws Exception {
    f.close();
    f = new ServerFixture(settings().withConcurrency(1, 1));
    cdn.hold("lecture.mp4");
    cdn.serve("second.mp4", lecture);
    cdn.serve("third.mp4", lecture);
    f.post("/process/youtube/lecture");
    f.awaitStatus("lecture", "downloading", Duration.ofSeconds(10));
    assertEquals("Download started", f.post("/process/youtube/second").body().get("message")
        .asText());
    ServerFixture.Answer refused = f.post("/process/youtube/third");
    assertEquals(503, refused.status());
    assertTrue(refused.body().get("detail").asText().contains("Too many jobs"), refused.text());
    assertEquals("30", refused.retryAfter(), "a place frees when a job starts");
    assertEquals(404, f.get("/jobs/third").status(), "a refused job leaves no trace");
    // Asking about a job that is already queued is never refused.
    assertEquals("Job already in progress", f.post("/process/youtube/second").body()
        .get("message").asText());
    cdn.release("lecture.mp4");
    f.awaitStatus("second", "completed", Duration.ofSeconds(60));
    assertEquals("Download started", f.post("/process/youtube/third").body().get("message")
        .asText());
    f.awaitStatus("third", "completed", Duration.ofSeconds(60));
  }

  @Test
  void progressListsDownloads() throws Exception {
    cdn.hold("lecture.mp4");
    f.post("/process/youtube/lecture");
    // "downloading" is published while the video is still being resolved, before the file is
    // registered; the request reaching the CDN is what says the download has begun.
    cdn.awaitHeld("lecture.mp4", Duration.ofSeconds(10));
    JsonNode progress = f.get("/progress").body();
    assertTrue(progress.has("lecture.download.mp4"), progress.toString());
    JsonNode entry = progress.get("lecture.download.mp4");
    assertEquals(Set.of("status", "percent", "downloaded_mb", "total_mb"),
        fieldNames(entry));
    assertTrue(Set.of("init", "downloading").contains(entry.get("status").asText()));
    cdn.release("lecture.mp4");
    f.awaitStatus("lecture", "completed", Duration.ofSeconds(60));
    // The download is deleted (and forgotten) by the job's worker once the job has completed:
    // housekeeping after the result is out, so it is awaited, not assumed.
    assertTrue(f.server.service().awaitIdle(Duration.ofSeconds(30)));
    JsonNode after = f.get("/progress").body();
    assertFalse(after.has("lecture.download.mp4"), "deleted downloads are forgotten: " + after);
  }

  static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void manifestInTheStoreCompletesAtOnceWithoutDownloading() throws Exception {
    Path manifest = data.resolve("store/manifests/stored.json");
    Files.createDirectories(manifest.getParent());
    Files.writeString(manifest, "{\"stored\":{\"segments\":[]}}");
    ServerFixture.Answer posted = f.post("/process/youtube/stored");
    assertEquals("Job already completed", posted.body().get("message").asText());
    assertEquals(f.base() + "/files/manifests/stored.json",
        posted.body().get("job").get("metadata_uri").asText());
    assertTrue(cdn.rangesSeen.isEmpty());
    // And GET finds a stored manifest even when the job is not in memory.
    Path other = data.resolve("store/manifests/other.json");
    Files.writeString(other, "{}");
    assertEquals("completed", f.get("/jobs/other").body().get("status").asText());
  }

  /**
   * The web app opens the stream of a job right after its POST, and treats a 404 as fatal: a
   * job only the store knows (the server restarted, or forgot it) streams its completed state
   * and ends. And a POST for an id whose last run failed completes from a manifest that has
   * appeared since, as the Python service did, instead of running the job again.
   */
  @Test
  void aManifestInTheStoreAnswersTheStreamAndCompletesAJobThatHadFailed() throws Exception {
    Path manifests = Files.createDirectories(data.resolve("store/manifests"));
    Files.writeString(manifests.resolve("known.json"), "{\"known\":{\"segments\":[]}}");
    Events stream = follow("known", null);
    assertTrue(stream.closed.await(10, TimeUnit.SECONDS));
    assertEquals(200, stream.status);
    assertEquals(List.of("completed"), stream.statuses());
    assertEquals(f.base() + "/files/manifests/known.json",
        stream.last().get("metadata_uri").asText());

    // The CDN has no video of this id: the first run fails.
    assertEquals("Download started", f.post("/process/youtube/gone").body().get("message")
        .asText());
    f.awaitStatus("gone", "failed", Duration.ofSeconds(30));
    Files.writeString(manifests.resolve("gone.json"), "{\"gone\":{\"segments\":[]}}");
    ServerFixture.Answer again = f.post("/process/youtube/gone");
    assertEquals("Job already completed", again.body().get("message").asText(),
        again.body().toString());
    assertEquals("completed", again.body().get("job").get("status").asText());
    assertEquals(f.base() + "/files/manifests/gone.json",
        again.body().get("job").get("metadata_uri").asText());
    assertEquals("completed", f.get("/jobs/gone").body().get("status").asText());
  }

  @Test
  void ytDlpIsUsedWhenNoTemplateIsSet() throws Exception {
    f.close();
    Path fake = data.resolve("fake-yt-dlp");
    Files.writeString(fake, "#!/bin/sh\n"
        + "for a in \"$@\"; do last=\"$a\"; done\n"
        + "case \"$last\" in *v=lecture) echo '" + cdn.url("lecture.mp4") + "';;\n"
        + "  *) echo 'ERROR: [youtube] Video unavailable' >&2; exit 1;; esac\n");
    fake.toFile().setExecutable(true);
    // What yt-dlp prints is not trusted configuration: the allow-list must admit the CDN.
    f = new ServerFixture(ServerSettings.forTests(data, ServerFixture.PASSWORD).withYtDlp(fake)
        .withAllowedNetworks("127.0.0.0/8"));
    f.post("/process/youtube/lecture");
    f.awaitStatus("lecture", "completed", Duration.ofSeconds(60));
    f.post("/process/youtube/gone");
    JsonNode gone = f.awaitStatus("gone", "failed", Duration.ofSeconds(30));
    assertEquals("Unable to resolve video stream URL", gone.get("message").asText());
    assertTrue(gone.get("error").asText().contains("Video unavailable"), gone.toString());

    f.close();
    f = new ServerFixture(ServerSettings.forTests(data, ServerFixture.PASSWORD)
        .withYtDlp(data.resolve("no-such-yt-dlp")));
    f.post("/process/youtube/abc");
    JsonNode missing = f.awaitStatus("abc", "failed", Duration.ofSeconds(30));
    assertEquals("yt-dlp is not available at \"" + data.resolve("no-such-yt-dlp")
        + "\": there is no such program (install it, or name its path:"
        + " SLIDES_YTDLP_PATH or --yt-dlp for the server, VideoSource.ytDlp(path) in the"
        + " library)",
        missing.get("error").asText());
  }

  @Test
  void theLargeYouTubeRenditionIsAnalysedWhenTheOperatorAsksForIt() throws Exception {
    f.close();
    Path fake = data.resolve("recording-yt-dlp");
    Files.writeString(fake, "#!/bin/sh\necho \"$@\" > \"$0.args\"\necho '"
        + cdn.url("lecture.mp4") + "'\n");
    fake.toFile().setExecutable(true);
    f = new ServerFixture(ServerSettings.forTests(data, ServerFixture.PASSWORD).withYtDlp(fake)
        .withAllowedNetworks("127.0.0.0/8").toBuilder().smallYouTubeRendition(false).build());
    f.post("/process/youtube/lecture");
    f.awaitStatus("lecture", "completed", Duration.ofSeconds(60));
    String args = Files.readString(Path.of(fake + ".args"));
    assertTrue(args.contains("-f "), args);
    assertFalse(args.contains("[height<=360]"), "a small rendition was asked for: " + args);
  }

  /** Frames the decoder decoded, and the frames the video has, from its debug line. */
  long[] framesDecodedForJob(ServerSettings settings, String id) throws Exception {
    return DecodedFrames.during(() -> {
      f.close();
      f = new ServerFixture(settings);
      ServerFixture.Answer posted = f.postJson("/process",
          "{\"url\":\"" + cdn.url("still.mp4") + "\",\"video_id\":\"" + id + "\"}");
      assertEquals(200, posted.status(), posted.text());
      f.awaitStatus(id, "completed", Duration.ofSeconds(60));
    });
  }

  @Test
  void theFullDecodeSettingReachesTheDecoder() throws Exception {
    // Long still slides, a keyframe every 2.5 s: most of it is skipped unless told not to.
    cdn.serve("still.mp4", LectureVideo.builder(320, 180, 10).gop(25)
        .slide(Slides.bullets(320, 180, 4, "One", 4), 10)
        .slide(Slides.dark(320, 180, 5, "Two", 2), 8)
        .write(videos.resolve("still.mp4")));
    long[] screened = framesDecodedForJob(settings(), "screened");
    long[] full = framesDecodedForJob(settings().toBuilder().fullDecode(true).build(), "full");
    assertTrue(full[0] >= full[1], "every frame decoded: " + full[0] + " of " + full[1]);
    assertTrue(screened[0] < full[0] / 2, screened[0] + " of " + screened[1] + " decoded");
  }

  @Test
  void theStartUpLineSaysWhichDetectionSettingsTookEffect() throws Exception {
    f.close();
    List<String> lines;
    try (LogLines log = new LogLines(SlidesServer.class)) {
      f = new ServerFixture(settings().toBuilder().fullDecode(true)
          .smallYouTubeRendition(false).build());
      f.close();
      f = new ServerFixture(settings());
      lines = log.startingWith("Listening on ");
    }
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).contains("full decode on, YouTube analysis large"), lines.get(0));
    assertTrue(lines.get(1).contains("full decode off, YouTube analysis small"), lines.get(1));
  }

  @Test
  void aStopPastTheTimeoutSaysTheRunningJobsEndWithThisProcess() throws Exception {
    // With jobs in memory nobody else can run them: the operator is told they are lost.
    List<String> lines = f.stopPastTheTimeoutWhileDownloading(cdn, "lecture");
    assertEquals(List.of("1 job still running and 0 waiting in the queue after 0 s; stopping"
        + " them (they read failed, error interrupted)"), lines);
  }

  @Test
  void downloadsAboveTheSizeLimitAreRefused() throws Exception {
    f.close();
    f = new ServerFixture(settings().withMaxDownloadBytes(10_000));
    f.post("/process/youtube/lecture");
    JsonNode failed = f.awaitStatus("lecture", "failed", Duration.ofSeconds(30));
    assertEquals("Video download failed", failed.get("message").asText());
    assertTrue(failed.get("error").asText().contains("limit"), failed.toString());
    assertTrue(f.server.service().awaitIdle(Duration.ofSeconds(10)));
    try (var files = Files.list(data.resolve("downloads"))) {
      assertEquals(0, files.count(), "a refused download leaves nothing behind");
    }
  }

  @Test
  void aRetentionKeepsDownloadsAfterTheJob() throws Exception {
    f.close();
    f = new ServerFixture(settings().withDownloadRetention(Duration.ofHours(1)));
    f.post("/process/youtube/lecture");
    f.awaitStatus("lecture", "completed", Duration.ofSeconds(60));
    assertTrue(Files.size(data.resolve("downloads/lecture.download.mp4")) > 0);
    assertEquals("complete",
        f.get("/progress").body().get("lecture.download.mp4").get("status").asText());
  }

  /** Starts a graceful shutdown (60 s for running jobs) on a thread, once it drains. */
  private Thread startGracefulShutdown() throws InterruptedException {
    Thread stopper = new Thread(() -> f.server.shutdown(Duration.ofSeconds(60)));
    stopper.start();
    Await.until(Duration.ofSeconds(10), "the service to drain",
        () -> f.server.service().isDraining());
    return stopper;
  }

  @Test
  void gracefulShutdownLetsTheRunningJobFinishAndClosesStreams() throws Exception {
    cdn.hold("lecture.mp4");
    f.post("/process/youtube/lecture");
    f.awaitStatus("lecture", "downloading", Duration.ofSeconds(10));
    Events events = follow("lecture", null);
    Thread stopper = startGracefulShutdown();
    cdn.release("lecture.mp4");
    assertTrue(events.closed.await(60, TimeUnit.SECONDS));
    assertEquals("completed", events.last().get("status").asText());
    stopper.join(60_000);
    assertFalse(stopper.isAlive());
    assertTrue(Files.exists(data.resolve("store/manifests/lecture.json")));
  }

  @Test
  void aStopEndsTheStreamsOfQueuedJobsWithTheirFailure() throws Exception {
    // Jobs still waiting when the server stops never run (with jobs in memory nobody else can
    // run them). Their streams must end with that news, not just close: a client that reads a
    // stream to its end would take a bare close for the end of the job and look for a manifest.
    cdn.hold("lecture.mp4");
    cdn.serve("second.mp4", lecture);
    f.post("/process/youtube/lecture");
    f.awaitStatus("lecture", "downloading", Duration.ofSeconds(10));
    f.post("/process/youtube/second");
    Events running = follow("lecture", null);
    Events queued = follow("second", null);
    assertTrue(queued.received.await(10, TimeUnit.SECONDS));
    try (LogLines server = new LogLines(SlidesServer.class);
        LogLines service = new LogLines(SlideService.class)) {
      Thread stopper = startGracefulShutdown();
      cdn.release("lecture.mp4");
      assertTrue(running.closed.await(60, TimeUnit.SECONDS));
      assertEquals("completed", running.last().get("status").asText());
      assertTrue(queued.closed.await(60, TimeUnit.SECONDS));
      JsonNode last = queued.last();
      assertEquals("failed", last.get("status").asText(), queued.data.toString());
      assertEquals("interrupted", last.get("error").asText());
      assertEquals("Job interrupted: the server stopped", last.get("message").asText());
      stopper.join(60_000);
      assertFalse(stopper.isAlive());
      // The operator reads what the stop does, which job it cost, and that it is over.
      assertEquals(List.of("Stopping: waiting up to 60 s for 1 job running to finish; 1 job in"
          + " the queue will not start (failed, error interrupted)"),
          server.startingWith("Stopping"));
      assertEquals(List.of("Job second interrupted: the server stopped before it started"
          + " (submit it again)"), service.startingWith("Job second"));
      assertEquals(List.of("Stopped"), server.startingWith("Stopped"));
    }
    // The next start counts as left unfinished only what a crash left: this stop recorded its
    // jobs as they ended.
    f.close();
    try (LogLines service = new LogLines(SlideService.class)) {
      f = new ServerFixture(settings());
      assertEquals(List.of("Restored 2 jobs (0 left unfinished by the last process, now failed,"
          + " error interrupted; 0 finished over 168 h ago forgotten)"),
          service.startingWith("Restored"));
    }
  }

  @Test
  void refusesToStartWithoutAPasswordUnlessInsecure() {
    IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> ServerSettings.builder().dataDirectory(data).apiPassword(null).build());
    assertTrue(refused.getMessage().contains("API_PASSWORD is not set"), refused.getMessage());
    ServerSettings insecure = ServerSettings.builder().dataDirectory(data).insecure(true).build();
    assertEquals(null, insecure.apiPassword());
  }
}
