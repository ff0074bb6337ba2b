package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.redis.RedisJobs;
import dev.slides.redis.testing.LocalRedis;
import dev.slides.service.JobQueue;
import dev.slides.service.SlideService;
import dev.slides.testing.Await;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server with its jobs in Redis: readiness follows Redis; nodes share folders safely; the
 * settings reach Redis.
 */
class RedisServerTest {
  static LocalRedis redis;
  static RedisClient client;
  static StatefulRedisConnection<String, String> connection;

  /**
   * Redis's command timeout where a test freezes Redis and asks what answers meanwhile: longer
   * than any of its waits, so that nothing held behind a Redis command can answer before the
   * test lets Redis go on, however slow the machine. What answers then waited on no Redis
   * command; what waits on one answers only after (it once answered after the default 5 s
   * timeout, which the test told apart from at once by a 4 s margin).
   */
  static final Duration COMMAND_TIMEOUT_BEYOND_THE_TEST = Duration.ofHours(1);

  /** How long an answer that needs no Redis may take: only a failing test waits so long. */
  static final Duration ANSWER_DEADLINE = Duration.ofSeconds(60);

  @TempDir Path data;

  /**
   * When the node's Redis calls (and readiness's ping) time out: held, so that no call that
   * should answer can time out on a slow machine (with Redis stopped the client refuses a call
   * at once); by a 0.5 s clock where Redis is frozen and every answer is a 503 anyway; or run
   * by the test once a call is under way.
   */
  final TestTimeouts timeouts = new TestTimeouts();

  @BeforeAll
  static void startRedis() throws Exception {
    redis = LocalRedis.start();
    client = RedisClient.create(redis.url());
    connection = client.connect();
  }

  @AfterAll
  static void stopRedis() {
    connection.close();
    client.shutdown();
    redis.close();
  }

  /** Waits until the node is ready again: its client reconnects on its own schedule. */
  static void awaitReady(ServerFixture f) throws Exception {
    Await.until(Duration.ofSeconds(60), "the node to be ready again",
        () -> f.get("/healthz/ready"), ready -> ready.status() == 200);
  }

  ServerSettings settings(LocalRedis server, String node) {
    return ServerSettings.forTests(data, ServerFixture.PASSWORD).withRedis(server.url(), node)
        .withStoreLookupTimeout(Duration.ofMillis(500)).withJobStoreTimeouts(timeouts)
        // The store is local files: its look-ups answer, however long the machine takes.
        .withStoreLookupTimeouts(neverDue -> { });
  }

  /**
   * {@code request}'s answer, when it asks Redis (paused) once and that call times out once it
   * is under way: the timeout is the test's, not a clock racing the start of the call.
   */
  <T> T timedOutUnderWay(java.util.concurrent.Callable<T> request) throws Exception {
    return timedOutUnderWay(request, () -> true);
  }

  /** {@link #timedOutUnderWay(java.util.concurrent.Callable)} once the call got {@code soFar}. */
  <T> T timedOutUnderWay(java.util.concurrent.Callable<T> request,
      java.util.function.BooleanSupplier soFar) throws Exception {
    timeouts.forgetHeld(); // of the calls that answered before
    java.util.concurrent.FutureTask<T> answer = new java.util.concurrent.FutureTask<>(request);
    new Thread(answer, "request while Redis is paused").start();
    TestTimeouts.Due due = timeouts.next();
    due.started().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    Await.until(Duration.ofSeconds(60), "the call to get so far", soFar);
    due.timeout().run();
    return answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** {@link #settings} with Redis's command timeout beyond the test's waits. */
  ServerSettings frozenRedisSettings(LocalRedis server, String node) {
    return settings(server, node).toBuilder()
        .redisCommandTimeout(COMMAND_TIMEOUT_BEYOND_THE_TEST).build();
  }

  @Test
  void whileRedisIsAwayReadinessFailsKnownStreamsGoOnAndRequestsGet503() throws Exception {
    // A Redis of its own: this one goes away.
    try (LocalRedis outage = LocalRedis.start();
        VideoHttpServer cdn = new VideoHttpServer(); // serves nothing: every video is a 404
        ServerFixture f = new ServerFixture(
            ServerFixture.withVideosFrom(settings(outage, "ready-node"), cdn))) {
      runningOnAnotherNode(outage, "followed");
      assertEquals(200, f.get("/healthz/ready").status());
      try (Response following = openStream(f, "followed")) {
        assertEquals("Analysing", firstState(following).get("message").asText());

        outage.stop();
        ServerFixture.Answer away = f.get("/healthz/ready");
        assertEquals(503, away.status(), away.text());
        assertTrue(away.text().contains("Redis"), away.text());
        assertEquals("5", away.retryAfter());
        assertEquals(200, f.get("/healthz/live").status(), "alive all the same");
        // A request that needs Redis: a plain 503, not an internal error.
        ServerFixture.Answer job = f.get("/jobs/followed");
        assertEquals(503, job.status(), job.text());
        assertEquals(ErrorHandler.REDIS_UNAVAILABLE, job.body().get("detail").asText());
        assertEquals("5", job.retryAfter());
        // A job this node follows already: another client gets its newest known state.
        try (Response second = openStream(f, "followed")) {
          assertEquals("Analysing", firstState(second).get("message").asText());
        }
      }

      outage.startAgain();
      // The client reconnects on its own schedule: ask until then, with a generous deadline.
      awaitReady(f);
      // It came back empty, the queue's consumer group gone with the rest: a job submitted now
      // is still taken up by a worker (its video is missing, so it fails at once).
      ServerFixture.Answer posted = f.post("/process/youtube/after-outage");
      assertEquals(200, posted.status(), posted.text());
      Await.until(Duration.ofSeconds(60), "the job to be taken up (and fail)",
          () -> f.get("/jobs/after-outage"),
          after -> "failed".equals(after.body().path("status").asText()));
    }
  }

  @Test
  void requestsAnswered503WhileRedisIsDownAreNotEachAWarning() throws Exception {
    try (LocalRedis outage = LocalRedis.start();
        ServerFixture f = new ServerFixture(settings(outage, "quiet-node"))) {
      runningOnAnotherNode(outage, "elsewhere");
      outage.stop();
      Await.until(ANSWER_DEADLINE, "the node to see Redis gone", () -> f.get("/jobs/elsewhere"),
          a -> a.status() == 503);
      try (LogLines server = new LogLines(SlidesServer.class);
          LogLines errors = new LogLines(ErrorHandler.class)) {
        for (int i = 0; i < 20; i++) { // a client polling through the outage
          assertEquals(503, f.get("/jobs/elsewhere").status());
        }
        assertEquals(503, f.get("/jobs").status());
        assertEquals(503, f.post("/process/youtube/another").status());
        assertEquals(503, f.delete("/jobs/elsewhere").status());
        // The outage has its own lines (Redis unreachable, then reachable again): one a
        // request would be hundreds in a few minutes of polling.
        assertEquals(List.of(), server.startingWith(""));
        assertEquals(List.of(), errors.startingWith(""));
      }
    }
  }

  @Test
  void requestsWaitingOnAPausedRedisHoldNoWorkerAndGet503WithinTheLookUpTimeout()
      throws Exception {
    try (LocalRedis paused = LocalRedis.start();
        VideoHttpServer cdn = new VideoHttpServer(); // serves nothing: every video is a 404
        ServerFixture f = new ServerFixture(
            ServerFixture.withVideosFrom(frozenRedisSettings(paused, "paused-node"), cdn))) {
      runningOnAnotherNode(paused, "known");
      assertEquals(200, f.get("/jobs/known").status());
      try (RawRedis raw = RawRedis.to(paused)) {
        long clients = raw.sync().clientList().lines().count();
        // Frozen until the test lets it go on: no request waiting on Redis may answer but by
        // the look-up timeout, which comes by the clock meanwhile (every answer is a 503).
        timeouts.byTheClock(Duration.ofMillis(500));
        paused.pause();
        try {
          // More requests needing Redis than the server has worker threads.
          List<java.util.concurrent.CompletableFuture<Integer>> flood =
              new java.util.ArrayList<>();
          for (int i = 0; i < 3 * SlidesServer.WORKER_THREADS; i++) {
            flood.add(statusOf(f, f.request(i % 2 == 0 ? "/jobs/known" : "/jobs/other-" + i)
                .get().build()));
          }
          // Meanwhile what needs no Redis answers, while no Redis command can time out (waiting
          // behind the flood for a worker thread, it could not).
          okhttp3.OkHttpClient whileFrozen = f.http.newBuilder()
              .callTimeout(ANSWER_DEADLINE).build();
          for (String path : List.of("/healthz/live", "/", "/app/app.js")) {
            try (Response r = whileFrozen.newCall(f.request(path).get().build()).execute()) {
              assertEquals(200, r.code(), path);
            } catch (java.io.InterruptedIOException e) {
              throw new AssertionError(path + " did not answer while Redis was paused", e);
            }
          }
          // The other routes that need Redis: a plain 503. (A new stream waits for Redis's own
          // command timeout, to start from a state this node knows if it follows the job.)
          ServerFixture.Answer jobs = f.get("/jobs");
          assertEquals(503, jobs.status(), jobs.text());
          assertEquals("5", jobs.retryAfter(), "Redis did not answer within the look-up timeout");
          assertEquals(503, f.post("/process/youtube/during-pause").status());
          for (java.util.concurrent.CompletableFuture<Integer> answer : flood) {
            assertEquals(503, answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
          }
        } finally {
          paused.resume();
        }
        timeouts.held(); // what follows must answer, however slow the machine
        awaitReady(f);
        // Recovered: as many requests as before all answered, on the same connections.
        List<java.util.concurrent.CompletableFuture<Integer>> after = new java.util.ArrayList<>();
        for (int i = 0; i < 3 * SlidesServer.WORKER_THREADS; i++) {
          after.add(statusOf(f, f.request("/jobs/known").get().build()));
        }
        for (java.util.concurrent.CompletableFuture<Integer> answer : after) {
          assertEquals(200, answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
        }
        try (Response stream = openStream(f, "known")) {
          assertEquals("Analysing", firstState(stream).get("message").asText());
        }
        assertEquals(clients, raw.sync().clientList().lines().count(), "no connection leaked");
      }
    }
  }

  @Test
  void streamsClosedWhileRedisIsPausedHoldNoIoThreadAndUnsubscribeOnceItIsBack()
      throws Exception {
    try (LocalRedis paused = LocalRedis.start();
        ServerFixture f = new ServerFixture(frozenRedisSettings(paused, "closing-node"))) {
      List<String> jobs = List.of("one", "two", "three");
      runningOnAnotherNode(paused, jobs.toArray(String[]::new));
      // Two streams of each job: closing the first only counts the subscription down, closing
      // the second ends the node's subscription to the job's channel.
      List<Response> streams = new java.util.ArrayList<>();
      for (String id : jobs) {
        for (int i = 0; i < 2; i++) {
          Response stream = openStream(f, id);
          streams.add(stream);
          assertEquals("Analysing", firstState(stream).get("message").asText());
        }
      }
      try (RawRedis raw = RawRedis.to(paused)) {
        String channels = "*updates:*"; // the channels of the jobs' updates
        assertEquals(jobs.size(), raw.sync().pubsubChannels(channels).size(),
            "one channel a followed job");
        // Frozen until the test lets it go on: whatever happens meanwhile, Redis answers nothing.
        // A command sent now is answered once it goes on.
        paused.pause();
        java.util.concurrent.CompletableFuture<String> pauseOver;
        try {
          pauseOver = raw.async().ping().toCompletableFuture();
          // Every client goes away: each close is heard on an I/O thread, which ends the stream's
          // subscription there.
          for (Response stream : streams) {
            stream.close();
          }
          Await.until(Duration.ofSeconds(30), "every stream to close", f.server::openStreams,
              open -> open == 0);
          // Every I/O thread still serves its connections: each request on a connection of its
          // own (the server hands them to its I/O threads in turn), answered while no Redis
          // command can time out.
          okhttp3.OkHttpClient whileFrozen = f.http.newBuilder()
              .callTimeout(ANSWER_DEADLINE).build();
          for (int i = 0; i < 4; i++) {
            for (String path : List.of("/healthz/live", "/", "/app/app.js")) {
              try (Response r = whileFrozen.newCall(f.request(path).header("Connection", "close")
                  .get().build()).execute()) {
                assertEquals(200, r.code(), path);
              } catch (java.io.InterruptedIOException e) {
                throw new AssertionError(path + " did not answer while Redis was paused", e);
              }
            }
          }
          assertTrue(!pauseOver.isDone(), "all that happened while Redis was paused");
        } finally {
          paused.resume();
        }
        assertEquals("PONG", pauseOver.get(60, java.util.concurrent.TimeUnit.SECONDS));
        // The unsubscriptions sent during the pause reach Redis once it is over.
        Await.until(Duration.ofSeconds(30), "no channel of a job's updates left",
            () -> raw.sync().pubsubChannels(channels), List::isEmpty);
        try (Response again = openStream(f, "one")) {
          assertEquals("Analysing", firstState(again).get("message").asText());
        }
      }
    }
  }

  @Test
  void streamsClosedWhileRedisIsDownLeaveNoSubscriptionOnceItIsBack() throws Exception {
    try (LocalRedis outage = LocalRedis.start();
        ServerFixture f = new ServerFixture(settings(outage, "closing-node"))) {
      runningOnAnotherNode(outage, "left");
      Response stream = openStream(f, "left");
      assertEquals("Analysing", firstState(stream).get("message").asText());
      outage.stop();
      stream.close();
      Await.until(Duration.ofSeconds(60), "the stream to close", f.server::openStreams,
          open -> open == 0);
      outage.startAgain();
      awaitReady(f);
      try (RawRedis raw = RawRedis.to(outage)) {
        // The node's pub/sub connection is back: the client subscribes again, in one request,
        // to every channel it had, the queue's among them; the job's, which its unsubscription
        // refused while Redis was down left in that list, is left again.
        Await.until(Duration.ofSeconds(60), "the node to subscribe again",
            () -> raw.sync().pubsubChannels("*queue:offered"), channels -> !channels.isEmpty());
        Await.until(Duration.ofSeconds(30), "no channel of a job's updates left",
            () -> raw.sync().pubsubChannels("*updates:*"), List::isEmpty);
      }
    }
  }

  @Test
  void whileRedisIsPausedCancelAndSubmitSayWhatMayHaveHappenedAndMetricsStillAnswer()
      throws Exception {
    try (LocalRedis paused = LocalRedis.start();
        VideoHttpServer cdn = new VideoHttpServer(); // serves nothing: every video is a 404
        ServerFixture f = new ServerFixture(
            ServerFixture.withVideosFrom(settings(paused, "paused-node"), cdn))) {
      runningOnAnotherNode(paused, "known");
      String before = f.get("/metrics").text();
      // Frozen until the test lets it go on: an answer that came from a look-up timing out says
      // so in other words (ErrorHandler.REDIS_UNAVAILABLE).
      ServerFixture.Answer cancel;
      ServerFixture.Answer posted;
      ServerFixture.Answer metrics;
      paused.pause();
      try {
        // Each call times out once under way: it may go on once Redis does.
        cancel = timedOutUnderWay(() -> f.delete("/jobs/known"));
        posted = timedOutUnderWay(() -> f.post("/process/youtube/during-pause"));
        metrics = timedOutUnderWay(() -> f.get("/metrics"));
      } finally {
        paused.resume();
      }
      String late = "The job store (Redis) did not answer within 0.5 s, so ";
      org.junit.jupiter.api.Assertions.assertAll(
          () -> assertTrue(before.contains("\nslides_job_store_up 1.0\n")
              && before.contains("\nslides_queue_length 0.0\n"), before),
          () -> assertEquals(503, cancel.status(), cancel.text()),
          () -> assertEquals(late + "the job may have been cancelled all the same: ask for it"
              + " (GET /jobs/known) to know, or send the DELETE again",
              cancel.body().path("detail").asText(), cancel.text()),
          () -> assertEquals(503, posted.status(), posted.text()),
          () -> assertEquals(late + "the job may have been submitted all the same: sending"
              + " the same request again is safe, it joins the job if there is one",
              posted.body().path("detail").asText(), posted.text()),
          // Scraped all the same: what this node knows, without what Redis holds.
          () -> assertEquals(200, metrics.status(), metrics.text()),
          () -> assertTrue(metrics.text().contains("\nslides_job_store_up 0.0\n"),
              metrics.text()),
          () -> assertTrue(metrics.text().contains("\nslides_sse_clients 0.0\n"),
              metrics.text()),
          () -> assertTrue(!metrics.text().contains("slides_queue_length")
              && !metrics.text().contains("slides_jobs{"), metrics.text()));
      awaitReady(f);
      String after = f.get("/metrics").text();
      assertTrue(after.contains("\nslides_job_store_up 1.0\n"), after);
      assertTrue(after.contains("\nslides_jobs{status=\"extracting\"} "), after);
      // The retries the answers invited are safe: a plain answer, one job. The cancel and the
      // submission sent during the pause went on once Redis did, unless their Redis commands
      // had timed out by then (how long the pause lasted is the machine's): either is what
      // their answers said, so the retried cancel finds the job running (200) or ended by the
      // first one (409), and the job ends cancelled either way.
      ServerFixture.Answer again = f.post("/process/youtube/during-pause");
      assertEquals(200, again.status(), again.text());
      ServerFixture.Answer cancelled = f.delete("/jobs/known");
      assertTrue(cancelled.status() == 200 || cancelled.status() == 409, cancelled.text());
      Await.until(Duration.ofSeconds(60), "the job to read as cancelled",
          () -> f.get("/jobs/known"), known -> "failed".equals(known.body().path("status")
              .asText()) && "cancelled".equals(known.body().path("error").asText()));
    }
  }

  @Test
  void anUploadAnswered503WhileRedisIsPausedLeavesNoFileAndTheConnectionServesTheNextRequest()
      throws Exception {
    try (LocalRedis paused = LocalRedis.start();
        ServerFixture f = new ServerFixture(settings(paused, "upload-node"))) {
      Path work = data.resolve("nodes/upload-node");
      Path uploads = work.resolve("uploads");
      byte[] video = "not really a video: no job gets so far".getBytes(StandardCharsets.UTF_8);
      okhttp3.Request upload = f.request("/process/upload?video_id=paused-upload")
          .post(okhttp3.RequestBody.create(video, okhttp3.MediaType.get("video/mp4"))).build();
      ServerFixture.Answer answer;
      String connection;
      paused.pause(); // frozen until the test lets it go on
      try {
        // The submission times out once under way, the upload taken over by the service (which
        // moved it away): it may go on once Redis does.
        Response r = timedOutUnderWay(() -> f.http.newCall(upload).execute(),
            () -> noFilesUnder(uploads));
        try (r) {
          String text = r.body().string();
          answer = new ServerFixture.Answer(r.code(), ServerFixture.JSON.readTree(text), text);
          connection = r.header("Connection");
        }
      } finally {
        paused.resume();
      }
      org.junit.jupiter.api.Assertions.assertAll(
          () -> assertEquals(503, answer.status(), answer.text()),
          () -> assertEquals("The job store (Redis) did not answer within 0.5 s, so the job"
              + " may have been submitted all the same: sending the same video again is safe,"
              + " it joins the job if there is one", answer.body().path("detail").asText(),
              answer.text()),
          () -> assertTrue(!"close".equalsIgnoreCase(connection),
              "the body was read to its end: the connection stays open"));
      // The submission went on: once it ends, the upload is gone (with no job, at once; with
      // one, when it ends, the file being no video).
      Await.until(Duration.ofSeconds(60), "no upload left behind",
          () -> filesUnder(uploads, work.resolve("downloads")), List::isEmpty);
    }
  }

  @Test
  void anUploadWhoseSubmissionNeverReachedRedisIsDeletedAndTheAnswerSaysItWasNotKept()
      throws Exception {
    // Not taken over by the service (no call made: JobStoreCalls' threads were all busy).
    Path kept = Files.write(data.resolve("upload-1.part"), new byte[8]);
    Throwable late = new SlideService.StoreUnavailableException("The job store (Redis) did not"
        + " answer within 2 s, so the job may have been submitted all the same: ...");
    assertEquals("The job store (Redis) did not answer in time, so no job started and the upload"
        + " was not kept: send the video again shortly",
        SlidesServer.uploadNotSubmitted(kept, late).getMessage());
    assertTrue(Files.notExists(kept), "deleted");
    // Taken over (moved away) by the service, which deletes it if no job starts: the answer
    // stays as it was.
    assertEquals(late, SlidesServer.uploadNotSubmitted(data.resolve("upload-2.part"), late));
  }

  private static boolean noFilesUnder(Path folder) {
    try {
      return filesUnder(folder).isEmpty();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<Path> filesUnder(Path... folders) throws IOException {
    List<Path> files = new java.util.ArrayList<>();
    for (Path folder : folders) {
      if (Files.isDirectory(folder)) {
        try (java.util.stream.Stream<Path> all = Files.list(folder)) {
          all.forEach(files::add);
        }
      }
    }
    return files;
  }

  /** The status the server answers {@code request} with, asked without waiting. */
  private static java.util.concurrent.CompletableFuture<Integer> statusOf(ServerFixture f,
      okhttp3.Request request) {
    java.util.concurrent.CompletableFuture<Integer> status =
        new java.util.concurrent.CompletableFuture<>();
    f.http.newCall(request).enqueue(new okhttp3.Callback() {
      @Override
      public void onFailure(okhttp3.Call call, IOException e) {
        status.completeExceptionally(e);
      }

      @Override
      public void onResponse(okhttp3.Call call, Response response) {
        try (response) {
          status.complete(response.code());
        }
      }
    });
    return status;
  }

  @Test
  void aStreamOfAJobThatRedisLostEndsWithAnErrorEvent() throws Exception {
    try (LocalRedis lost = LocalRedis.start();
        ServerFixture f = new ServerFixture(settings(lost, "streaming-node"));
        RawRedis raw = RawRedis.to(lost)) {
      runningOnAnotherNode(lost, "forgotten");
      try (Response following = openStream(f, "forgotten")) {
        assertEquals("Analysing", firstState(following).get("message").asText());
        // Redis comes back without its data: the job is gone (nothing is published for that)
        // and the node's pub/sub connection dropped.
        raw.sync().flushall();
        raw.sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());

        BufferedSource body = following.body().source();
        StringBuilder rest = new StringBuilder();
        for (String line = body.readUtf8Line(); line != null; line = body.readUtf8Line()) {
          if (!line.startsWith(":")) { // heartbeats
            rest.append(line).append('\n');
          }
        }
        // (The blank line that ends the first state's frame, then the error frame.)
        assertEquals("\nevent: error\ndata: Job not found: forgotten (the job store lost it)\n\n",
            rest.toString(), "the stream ends with an error, and closes");
      }
    }
  }

  @Test
  void eachNodeCountsTheJobsItRanNotEveryJobItHearsOf() throws Exception {
    try (ServerFixture f = new ServerFixture(settings(redis, "counting"));
        RedisJobs other = RedisJobs.connect(redis.url(),
            RedisJobs.Options.builder().nodeId("other").build())) {
      // Every node hears every job's updates; the metrics' listener was added first, so once
      // this one has heard both ends, the metrics have taken both into account.
      java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(2);
      f.server.service().tracker().addListener((id, state) -> {
        if (state.status().isTerminal()) {
          ended.countDown();
        }
      });
      // A job run by another node, and one run by this one, written alike.
      for (String[] job : new String[][] {{"theirs", "other", "1000"}, {"ours", "counting",
          "300"}}) {
        long bytes = Long.parseLong(job[2]);
        other.tracker().createIfAbsent(job[0], JobState.of(JobStatus.PENDING, "Queued"));
        other.tracker().update(job[0], s -> s.withStatus(JobStatus.DOWNLOADING, "Downloading")
            .withWorker(job[1]).withDownload(bytes, bytes));
        other.tracker().update(job[0], s -> s.withStatus(JobStatus.COMPLETED, "Done"));
      }
      assertTrue(ended.await(30, java.util.concurrent.TimeUnit.SECONDS), "ends never heard");

      String text = f.get("/metrics").text();
      // Summed over the nodes, the counters give each job once.
      assertTrue(text.contains("\nslides_download_bytes_total 300.0\n"), text);
      assertTrue(text.contains("\nslides_job_duration_seconds_count{outcome=\"completed\"} 1\n"),
          text);
      assertTrue(text.contains("\nslides_job_phase_duration_seconds_count{phase=\"downloading\"} 1\n"),
          text);
    }
  }

  @Test
  void aStopPastTheTimeoutHandsTheRunningJobBackForAnotherNode() throws Exception {
    try (LocalRedis own = LocalRedis.start();
        VideoHttpServer cdn = new VideoHttpServer();
        ServerFixture f = new ServerFixture(
            ServerFixture.withVideosFrom(settings(own, "stopping-node"), cdn));
        RedisJobs other = RedisJobs.connect(own.url(),
            RedisJobs.Options.builder().nodeId("other").build())) {
      List<String> lines;
      try (LogLines jobs = new LogLines(SlideService.class)) {
        lines = f.stopPastTheTimeoutWhileDownloading(cdn, "handed");
        // The README: the log names each job the stop ends.
        assertEquals(List.of("Job handed: stopped here; handed back to the shared queue for"
            + " another node"), jobs.startingWith("Job handed:"));
      }
      assertEquals(List.of("1 job still running after 0 s; handing them back to the shared"
          + " queue for another node"), lines);
      // As the line says: another node takes the job up.
      JobQueue.Lease lease = other.queue().claim(Duration.ofSeconds(30));
      assertNotNull(lease, "nothing handed back");
      assertEquals("handed", lease.entry().videoId());
      lease.release();
    }
  }

  @Test
  void aStopWhileRedisIsDownStillDrainsWaitsForItsJobAndStops() throws Exception {
    try (LocalRedis outage = LocalRedis.start();
        VideoHttpServer cdn = new VideoHttpServer();
        ServerFixture f = new ServerFixture(
            ServerFixture.withVideosFrom(settings(outage, "stopping-in-outage"), cdn))) {
      cdn.hold("stranded.mp4");
      try {
        f.post("/process/youtube/stranded");
        f.awaitStatus("stranded", "downloading", Duration.ofSeconds(10));
        outage.stop();
        try (LogLines log = new LogLines(SlidesServer.class)) {
          // It once threw Redis's "Currently not connected" from here: no drain, no wait.
          f.server.shutdown(Duration.ZERO);
          assertEquals(List.of("Stopping: waiting up to 0 s for 1 job running here to finish;"
              + " jobs in the shared queue stay for the other nodes"),
              log.startingWith("Stopping"));
          assertEquals(List.of("1 job still running after 0 s; handing them back to the shared"
              + " queue for another node"), log.startingWith("1 job still running"));
          assertEquals(List.of("Stopped"), log.startingWith("Stopped"));
        }
        assertTrue(f.server.service().isDraining(), "the node drained");
      } finally {
        cdn.release("stranded.mp4");
      }
    }
  }

  static Response openStream(ServerFixture f, String id) throws IOException {
    Response response = f.http.newCall(f.request("/jobs/" + id + "/stream").get().build())
        .execute();
    assertEquals(200, response.code(), () -> "stream of " + id + ": " + response.code());
    return response;
  }

  /** The first state a stream sends. */
  static JsonNode firstState(Response stream) throws IOException {
    BufferedSource body = stream.body().source();
    for (String line = body.readUtf8Line(); line != null; line = body.readUtf8Line()) {
      if (line.startsWith("data: ")) {
        return ServerFixture.JSON.readTree(line.substring(6));
      }
    }
    throw new AssertionError("the stream ended without a state");
  }

  @Test
  void aNodeThatCannotReachRedisSaysSoInPlainWordsAndExits() throws Exception {
    try (dev.slides.testing.ClosedPort port = new dev.slides.testing.ClosedPort()) {
      int closed = port.port();
      // The system's own words for it: "Connection refused" in English, "Bağlantı reddedildi"
      // where the machine speaks Turkish. The node passes them on as they are.
      String refused = assertThrows(ConnectException.class, () -> SocketChannel.open(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), closed)).close()).getMessage();
      ExtractCommandTest.Run run = ExtractCommandTest.run("serve", "--host", "127.0.0.1",
          "--port", "0", "--data-dir", data.toString(), "--api-password", "pw",
          "--redis-url", "redis://:s3cret@127.0.0.1:" + closed + "/0");
      assertEquals(1, run.exit(), run.err());
      assertEquals("Cannot use Redis at redis://***@127.0.0.1:" + closed
          + "/0: " + refused, run.err().strip());
    }
  }

  @Test
  void aNodeWorksAndSweepsInItsOwnFoldersOnly() throws Exception {
    // Debris of another node sharing the data directory, and of this node's last life.
    Path theirs = Files.createDirectories(data.resolve("nodes/other/spool/slides-x-1"));
    Files.write(theirs.resolve("1-first.webp"), new byte[8]);
    Path mine = Files.createDirectories(data.resolve("nodes/mine/spool/slides-y-1"));
    Files.write(mine.resolve("1-first.webp"), new byte[8]);
    try (ServerFixture f = new ServerFixture(settings(redis, "mine"))) {
      assertTrue(Files.exists(theirs), "another node's work is left alone");
      assertTrue(Files.notExists(mine), "this node's debris is swept");
      assertTrue(Files.isDirectory(data.resolve("nodes/mine/downloads")));
      assertTrue(Files.notExists(data.resolve("jobs")), "Redis holds the jobs, not files");
      // A job written by another node is known here, with its worker.
      runningOnAnotherNode(redis, "elsewhere");
      ServerFixture.Answer job = f.get("/jobs/elsewhere");
      assertEquals(200, job.status(), job.text());
      assertEquals("other", job.body().get("worker").asText());
    }
  }

  @Test
  void finishedJobsAreKeptForTheConfiguredRetention() throws Exception {
    // A manifest in the local store: asking for the job records it as completed in Redis.
    Path manifest = Files.createDirectories(data.resolve("store/manifests")).resolve("kept.json");
    Files.writeString(manifest, "{\"video_id\":\"kept\",\"slides\":[]}", StandardCharsets.UTF_8);
    ServerSettings settings = settings(redis, "retention").toBuilder()
        .finishedJobRetention(Duration.ofHours(1)).build();
    try (ServerFixture f = new ServerFixture(settings)) {
      ServerFixture.Answer job = f.get("/jobs/kept");
      assertEquals(200, job.status(), job.text());
      assertEquals("completed", job.body().get("status").asText());
      long ttl = connection.sync().ttl("slides:job:kept");
      assertTrue(ttl > 0 && ttl <= 3600, "expires within the hour set, not 7 days: " + ttl);
    }
  }

  /** Jobs a node named "other" runs (extracting), as this server finds them in Redis. */
  private static void runningOnAnotherNode(LocalRedis redis, String... ids) {
    try (RedisJobs other = RedisJobs.connect(redis.url(),
        RedisJobs.Options.builder().nodeId("other").build())) {
      for (String id : ids) {
        other.tracker().createIfAbsent(id, JobState.of(JobStatus.EXTRACTING, "Analysing")
            .withWorker("other"));
      }
    }
  }

  /** A connection of its own to {@code redis}, beside the server's: to pause, kill or look. */
  private record RawRedis(RedisClient client, StatefulRedisConnection<String, String> connection)
      implements AutoCloseable {
    static RawRedis to(LocalRedis redis) {
      RedisClient client = RedisClient.create(redis.url());
      return new RawRedis(client, client.connect());
    }

    io.lettuce.core.api.sync.RedisCommands<String, String> sync() {
      return connection.sync();
    }

    io.lettuce.core.api.async.RedisAsyncCommands<String, String> async() {
      return connection.async();
    }

    @Override
    public void close() {
      client.shutdown();
    }
  }
}
