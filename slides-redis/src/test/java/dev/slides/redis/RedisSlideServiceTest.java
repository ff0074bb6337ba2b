package dev.slides.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.slides.BlobStore;
import dev.slides.ExtractionOptions;
import dev.slides.InMemoryBlobStore;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.JobListener;
import dev.slides.JobTracker;
import dev.slides.internal.job.StoreOutageException;
import dev.slides.SlideExtractor;
import dev.slides.redis.testing.LocalRedis;
import dev.slides.service.JobQueue;
import dev.slides.service.SlideService;
import dev.slides.testing.Await;
import dev.slides.testing.FaultyHttpServer.StallAfter;
import dev.slides.testing.FaultyHttpServer.Works;
import dev.slides.testing.FaultyHttpServer;
import dev.slides.testing.ForwardingBlobStore;
import dev.slides.testing.ForwardingJobQueue;
import dev.slides.testing.JobEnds;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Services of several nodes sharing one Redis: cancels, take-overs, giving up. */
class RedisSlideServiceTest {
  /**
   * Short, so that take-overs and renewals (every 200 ms) come soon. It cannot make a lease run
   * out where a test needs it held: a claim takes over only a lease idle past the claiming
   * node's own timeout, and while a node here runs a job nothing with this timeout claims (a
   * service has one worker, busy with that job; the nodes made by {@link #redisNode} alone
   * claim only where the test does; other services that stay idle meanwhile are given
   * {@link #NEVER_TAKING_OVER}). Where a take-over must happen, it happens whenever the lease
   * has run out, however slow the machine.
   */
  static final Duration VISIBILITY = Duration.ofMillis(600);
  /**
   * For nodes that must take nothing over while a test runs: a claim takes over a lease idle
   * past the claiming node's own timeout, and a loaded machine may hold up a worker's renewals
   * for longer than {@link #VISIBILITY}.
   */
  static final Duration NEVER_TAKING_OVER = Duration.ofHours(1);

  @TempDir static Path videos;
  static byte[] twoSlides;
  static LocalRedis server;
  static RedisClient raw;
  static StatefulRedisConnection<String, String> rawConnection;
  static RedisCommands<String, String> redis;

  @TempDir Path data;
  String prefix;
  FaultyHttpServer cdn;
  InMemoryBlobStore store = new InMemoryBlobStore();
  final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    twoSlides = Files.readAllBytes(LectureVideo.builder(320, 180, 10)
        .slide(Slides.bullets(320, 180, 1, "One", 2), 3)
        .slide(Slides.bullets(320, 180, 2, "Two", 2), 3)
        .write(videos.resolve("two.mp4")));
    server = LocalRedis.start();
    raw = RedisClient.create(server.url());
    rawConnection = raw.connect();
    redis = rawConnection.sync();
  }

  @AfterAll
  static void tearDown() {
    rawConnection.close();
    raw.shutdown();
    server.close();
  }

  @BeforeEach
  void start(TestInfo test) throws Exception {
    prefix = "s-" + test.getTestMethod().orElseThrow().getName() + ":";
    cdn = FaultyHttpServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    cdn.close();
  }

  RedisJobs redisNode(String name) {
    return redisNode(name, VISIBILITY);
  }

  RedisJobs redisNode(String name, Duration visibility) {
    return redisNode(server, name, visibility);
  }

  /** A node on {@code redis}, closed after the test. */
  RedisJobs redisNode(LocalRedis redis, String name, Duration visibility) {
    RedisJobs node = RedisJobs.connect(redis.url(), RedisJobs.Options.builder().nodeId(name)
        .keyPrefix(prefix).visibilityTimeout(visibility).build());
    open.add(node);
    return node;
  }

  SlideService service(String name) {
    return service(name, VISIBILITY);
  }

  SlideService service(String name, Duration visibility) {
    RedisJobs node = redisNode(name, visibility);
    return service(name, node, node.queue());
  }

  SlideService service(String name, RedisJobs node, JobQueue queue) {
    return service(name, node, queue, 3);
  }

  SlideService service(String name, RedisJobs node, JobQueue queue, int maxAttempts) {
    return service(name, node.tracker(), queue, maxAttempts);
  }

  SlideService service(String name, JobTracker tracker, JobQueue queue, int maxAttempts) {
    return service(name, tracker, queue, maxAttempts, store);
  }

  SlideService service(String name, JobTracker tracker, JobQueue queue, int maxAttempts,
      BlobStore blobs) {
    SlideService service = SlideService.builder(SlideExtractor.create(blobs,
            ExtractionOptions.builder().spoolDirectory(data.resolve(name + "/spool")).build()))
        .tracker(tracker)
        .queue(queue)
        .nodeId(name)
        .maxAttempts(maxAttempts)
        .videoSource(id -> URI.create(cdn.url("/" + id + ".mp4")))
        .allowedNetworks("127.0.0.0/8")
        .downloadStallTimeout(Duration.ofMinutes(5))
        .downloadDirectory(data.resolve(name + "/downloads"))
        .progressInterval(Duration.ZERO)
        .build()
        .start();
    open.add(service);
    return service;
  }

  /**
   * A node's queue whose first lease renewal waits until {@code resume} opens: the node is
   * paused there (as by SIGSTOP) and misses the renewals due meanwhile.
   */
  static final class PausedAtFirstRenewal extends ForwardingJobQueue {
    final CountDownLatch paused = new CountDownLatch(1);
    final CountDownLatch resume = new CountDownLatch(1);

    PausedAtFirstRenewal(JobQueue queue) {
      super(queue);
    }

    @Override
    protected Lease lease(Lease claimed) {
      return new ForwardingLease(claimed) {
        @Override
        public boolean renew() {
          if (paused.getCount() > 0) {
            paused.countDown();
            try {
              resume.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt(); // the service is closing
            }
          }
          return super.renew();
        }
      };
    }

    @Override
    public void close() {
      resume.countDown();
      super.close();
    }
  }

  long pending() {
    return redis.xpending(prefix + "queue", "workers").getCount();
  }

  @Test
  void aCancelSentToAnotherNodeStopsTheWorkerThatRunsTheJob() throws Exception {
    cdn.serve("/talk.mp4", twoSlides, new StallAfter(20_000));
    SlideService owner = service("owner");
    assertEquals(SlideService.Outcome.STARTED,
        owner.submitYouTube("talk").get(10, TimeUnit.SECONDS).outcome());
    assertTrue(cdn.awaitStalled(Duration.ofSeconds(20)));
    SlideService other = service("other", NEVER_TAKING_OVER); // the owner runs it
    assertEquals("owner", other.tracker().get("talk").orElseThrow().worker());

    assertTrue(other.cancel("talk"));
    // The owner hears it through Redis and aborts its download: the stall (minutes) cannot
    // explain the connection going away.
    assertTrue(cdn.awaitClientGone(Duration.ofSeconds(10)), "the owner's download went on");
    assertTrue(owner.awaitIdle(Duration.ofSeconds(10)));
    JobState end = owner.tracker().get("talk").orElseThrow();
    assertEquals(JobStatus.FAILED, end.status());
    assertEquals("cancelled", end.error());
    assertEquals(0, pending(), "the owner acknowledged its lease");
    assertFalse(Files.exists(data.resolve("owner/downloads/talk.download.mp4")));
  }

  @Test
  void aCancelWhoseMessageNeverArrivedStopsTheWorkerAtItsNextRenewal() throws Exception {
    cdn.serve("/talk.mp4", twoSlides, new StallAfter(20_000));
    SlideService owner = service("owner");
    owner.submitYouTube("talk").get(10, TimeUnit.SECONDS);
    assertTrue(cdn.awaitStalled(Duration.ofSeconds(20)));
    // A cancel made while the owner's pub/sub link was down: it is in Redis, but its message
    // never reaches the owner (written here past the script, which would publish it).
    long version = Long.parseLong(redis.hget(prefix + "job:talk", "version"));
    JobState cancelled = JobState.of(JobStatus.FAILED, "Job cancelled").withError("cancelled");
    redis.hset(prefix + "job:talk", Map.of("state", cancelled.toJson(), "status", "failed",
        "version", Long.toString(version + 1)));

    // A renewal is due every 200 ms; the stall (minutes) cannot explain the download ending.
    assertTrue(cdn.awaitClientGone(Duration.ofSeconds(10)), "the owner's download went on");
    assertTrue(owner.awaitIdle(Duration.ofSeconds(10)));
    assertEquals(cancelled.toJson(), redis.hget(prefix + "job:talk", "state"),
        "the stopped worker wrote nothing over the cancel");
    assertEquals(0, pending(), "the owner acknowledged its lease");
    assertFalse(Files.exists(data.resolve("owner/downloads/talk.download.mp4")));
  }

  @Test
  void aJobWhoseWorkerWasLostRestartsAsANewRunThatTheLostWorkerCannotTouch() throws Exception {
    cdn.serve("/talk.mp4", twoSlides, new Works());
    RedisJobs lostNode = redisNode("lost");
    // What a node that then died did: created the job, claimed it, wrote a state.
    JobTracker.Run lostRun = lostNode.tracker().createIfAbsent("talk",
        JobState.of(JobStatus.PENDING, "Job initialized")).run();
    assertTrue(lostNode.queue().offer(new JobQueue.Entry("talk", lostRun.number(),
        "youtube:talk")));
    assertNotNull(lostNode.queue().claim(Duration.ofSeconds(5)));
    lostRun.update(s -> s.withStatus(JobStatus.DOWNLOADING, "Downloading video")
        .withWorker("lost"));

    // Heard from before the rescuer starts: its worker may take the job over at once (the
    // lost lease can have run out already), before a listener added after the start.
    List<JobState> seen = new CopyOnWriteArrayList<>();
    RedisJobs rescuerNode = redisNode("rescuer");
    rescuerNode.tracker().addListener((id, s) -> seen.add(s));
    SlideService rescuer = service("rescuer", rescuerNode, rescuerNode.queue());
    JobState end = JobEnds.await(rescuer.tracker(), "talk");
    assertEquals(JobStatus.COMPLETED, end.status(), end.toString());
    assertEquals("rescuer", end.worker());
    // Heard on the tracker's own thread, maybe a moment after the end was.
    Await.until(Duration.ofSeconds(10), "the restart as attempt 2 of 3", () -> List.copyOf(seen),
        heard -> heard.stream().anyMatch(s -> s.status() == JobStatus.PENDING
            && s.message().contains("attempt 2 of 3")));
    // The lost worker wakes up and writes: refused, the job stays completed.
    assertEquals(end, lostRun.update(s -> s.withStatus(JobStatus.FAILED, "late")));
    assertEquals(end, rescuer.tracker().get("talk").orElseThrow());
    assertTrue(rescuer.awaitIdle(Duration.ofSeconds(10)));
    assertEquals(0, pending());
    assertTrue(store.get("manifests/talk.json").isPresent());
  }

  @Test
  void afterMaxAttemptsOfLostWorkersTheJobFailsWithTheGiveUpError() throws Exception {
    RedisJobs lostNode = redisNode("lost");
    JobTracker.Run run = lostNode.tracker().createIfAbsent("talk",
        JobState.of(JobStatus.PENDING, "Job initialized")).run();
    lostNode.queue().offer(new JobQueue.Entry("talk", run.number(), "youtube:talk"));
    // Three workers claim it and vanish, each after the previous one's lease ran out.
    for (int attempt = 1; attempt <= 3; attempt++) {
      JobQueue.Lease lease = redisNode("lost-" + attempt).queue().claim(Duration.ofSeconds(10));
      assertNotNull(lease);
      assertEquals(attempt, lease.attempt());
    }
    SlideService last = service("last");
    JobState end = JobEnds.await(last.tracker(), "talk");
    assertEquals(JobStatus.FAILED, end.status());
    assertEquals("gave up after 3 attempts (worker lost)", end.error());
    assertTrue(last.awaitIdle(Duration.ofSeconds(10)));
    assertEquals(0, pending(), "the entry is acknowledged: nobody tries again");
    assertTrue(cdn.requests.isEmpty(), "no download for a job given up");
  }

  @Test
  void withOneAttemptAllowedTheGiveUpCountsItInTheSingular() throws Exception {
    RedisJobs lostNode = redisNode("lost");
    JobTracker.Run run = lostNode.tracker().createIfAbsent("talk",
        JobState.of(JobStatus.PENDING, "Job initialized")).run();
    lostNode.queue().offer(new JobQueue.Entry("talk", run.number(), "youtube:talk"));
    assertNotNull(lostNode.queue().claim(Duration.ofSeconds(10)));
    RedisJobs lastNode = redisNode("last");
    SlideService last = service("last", lastNode, lastNode.queue(), 1);
    JobState end = JobEnds.await(last.tracker(), "talk");
    assertEquals(JobStatus.FAILED, end.status());
    assertEquals("gave up after 1 attempt (worker lost)", end.error());
    assertEquals("Job failed: the workers running it were lost 1 time", end.message());
    assertTrue(last.awaitIdle(Duration.ofSeconds(10)));
  }

  @Test
  void aNodeStoppedPastItsShutdownTimeoutHandsItsRunningJobToAnotherNode() throws Exception {
    // Leases far longer than the test: only the hand-back, not a lease running out, can move
    // the job to the other node.
    Duration longLease = NEVER_TAKING_OVER;
    cdn.serve("/talk.mp4", twoSlides, new StallAfter(20_000));
    SlideService leaving = service("leaving", longLease);
    assertEquals(SlideService.Outcome.STARTED,
        leaving.submitYouTube("talk").get(10, TimeUnit.SECONDS).outcome());
    assertTrue(cdn.awaitStalled(Duration.ofSeconds(20)));
    // SIGTERM: drain, wait for the running job (stalled: it cannot end), then stop.
    leaving.drain();
    // The time is a bound only: the download stays stalled until the test ends it, so a correct
    // drain never ends the job however slow the machine; a drain that cancels it would end it
    // at once (and the hand-back below, not a cancel, is checked too).
    assertFalse(leaving.awaitIdle(Duration.ofMillis(100)), "the stalled job cannot have ended");
    SlideService staying = service("staying", longLease);
    List<JobState> seen = new CopyOnWriteArrayList<>();
    staying.tracker().addListener((id, s) -> seen.add(s));
    cdn.serve("/talk.mp4", twoSlides, new Works());
    leaving.close();

    JobState end = JobEnds.await(staying.tracker(), "talk");
    assertEquals(JobStatus.COMPLETED, end.status(), end.toString());
    assertEquals("staying", end.worker());
    assertTrue(seen.stream().anyMatch(s -> s.message().equals(
        "Restarting: the node running this job stopped and handed it back")), seen.toString());
    assertTrue(seen.stream().noneMatch(s -> "cancelled".equals(s.error())),
        "a hand-back is no cancel: " + seen);
    assertTrue(staying.awaitIdle(Duration.ofSeconds(10)));
    assertEquals(0, pending());
    assertFalse(Files.exists(data.resolve("leaving/downloads/talk.download.mp4")));
  }

  private static Logger serviceLog() {
    return (Logger) LoggerFactory.getLogger(SlideService.class);
  }

  /** Collects what the service logs, until detached from {@link #serviceLog()}. */
  private static ListAppender<ILoggingEvent> serviceLogEvents() {
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    serviceLog().addAppender(events);
    return events;
  }

  @Test
  void anOutageOfTheQueueIsSaidOnceWhenItStartsAndOnceWhenItEnds() throws Exception {
    ListAppender<ILoggingEvent> events = serviceLogEvents();
    try (LocalRedis own = LocalRedis.start()) {
      RedisJobs node = redisNode(own, "node", VISIBILITY);
      // Watches the claims of the node's two workers: many fail while Redis is down.
      CountDownLatch failed = new CountDownLatch(6);
      AtomicReference<CountDownLatch> answered = new AtomicReference<>(new CountDownLatch(1));
      JobQueue watched = new ForwardingJobQueue(node.queue()) {
        @Override
        public Lease claim(Duration timeout) throws InterruptedException {
          try {
            Lease lease = super.claim(timeout);
            answered.get().countDown();
            return lease;
          } catch (RuntimeException e) {
            failed.countDown();
            throw e;
          }
        }
      };
      SlideService service = SlideService.builder(SlideExtractor.create(store,
              ExtractionOptions.builder().spoolDirectory(data.resolve("spool")).build()))
          .tracker(node.tracker())
          .queue(watched)
          .nodeId("node")
          .concurrency(2)
          .downloadDirectory(data.resolve("downloads"))
          .build()
          .start();
      open.add(service);
      assertTrue(answered.get().await(10, TimeUnit.SECONDS), "no claim answered");

      own.stop();
      assertTrue(failed.await(30, TimeUnit.SECONDS), "the claims did not fail");
      own.startAgain();
      Await.until(Duration.ofSeconds(60), "the line that the queue answers again",
          () -> queueLines(events), said -> said.stream().anyMatch(l -> l.startsWith("INFO ")));
      // Typically two lines; a claim under way when Redis went away may fail otherwise
      // ("Connection closed") than those after it: that is said too, once.
      List<String> lines = queueLines(events);
      assertEquals(1, lines.stream().filter(l -> l.startsWith("WARN Cannot claim jobs: the job"
          + " queue does not answer (")).count(), lines.toString());
      assertTrue(lines.contains("WARN Cannot claim jobs: the job queue does not answer"
          + " (Currently not connected. Commands are rejected.). Workers try again every second;"
          + " the next line says when it answers again") || lines.contains("WARN The job queue"
          + " still does not answer, now: Currently not connected. Commands are rejected."),
          lines.toString());
      assertEquals(lines.size(), Set.copyOf(lines).size(), "said once: " + lines);
      assertTrue(lines.get(0).startsWith("WARN Cannot claim jobs"), lines.toString());
      assertTrue(lines.get(lines.size() - 1).matches("INFO The job queue answers again \\(it"
          + " did not for [0-9.]+ s\\); workers claim jobs again"), lines.toString());
      assertEquals(1, lines.stream().filter(l -> l.startsWith("INFO ")).count(),
          lines.toString());
    } finally {
      serviceLog().detachAppender(events);
    }
  }

  @Test
  void anOutageLongerThanTheLeaseWhileDownloadingHandsTheJobBackAndItCompletesOnceRedisAnswers()
      throws Exception {
    cdn.serve("/talk.mp4", twoSlides, new StallAfter(20_000));
    assertOutageHandsTheJobBack(store, () -> assertTrue(cdn.awaitStalled(Duration.ofSeconds(20))),
        cdn::release); // the bytes come: the next progress update waits for Redis
  }

  @Test
  void anOutageLongerThanTheLeaseWhileUploadingHandsTheJobBackAndItCompletesOnceRedisAnswers()
      throws Exception {
    cdn.serve("/talk.mp4", twoSlides, new Works());
    CountDownLatch putting = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    BlobStore held = new ForwardingBlobStore(store) {
      @Override
      public String put(String key, byte[] content, String contentType) throws IOException {
        if (putting.getCount() > 0) { // the first image of the first run waits
          putting.countDown();
          try {
            assertTrue(go.await(60, TimeUnit.SECONDS), "never let go");
          } catch (InterruptedException e) {
            throw new InterruptedIOException();
          }
        }
        return super.put(key, content, contentType);
      }
    };
    // The upload goes on: its progress update waits for Redis, in the extraction's own code.
    assertOutageHandsTheJobBack(held, () -> assertTrue(putting.await(60, TimeUnit.SECONDS)),
        go::countDown);
  }

  /** Work whose end the test awaits or causes. */
  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }

  /**
   * Runs a job on a node of a Redis of its own, which freezes (its data kept) once {@code
   * working} returned; then {@code goOn} lets the work go on to its next progress update, which
   * waits for Redis past the lease time (0.6 s) and gives up. Only then does Redis go on: a
   * failure written now would land. Asserts that none is: the job completes, and one WARN line
   * without a stack trace says that it went back to the queue.
   */
  private void assertOutageHandsTheJobBack(BlobStore blobs, Step working, Step goOn)
      throws Exception {
    // Every line of the project's, the extraction's too: none may carry a stack trace.
    Logger projectLog = (Logger) LoggerFactory.getLogger("dev.slides");
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    projectLog.addAppender(events);
    try (LocalRedis own = LocalRedis.start()) {
      // A second per command that gets no answer rather than the default 5 s.
      RedisJobs node = RedisJobs.connect(own.url(), RedisJobs.Options.builder().nodeId("node")
          .keyPrefix(prefix).visibilityTimeout(VISIBILITY).commandTimeout(Duration.ofSeconds(1))
          .build());
      open.add(node);
      List<JobState> heard = new CopyOnWriteArrayList<>();
      open.add(node.tracker().addListener((id, state) -> heard.add(state)));
      OutageWatchingTracker tracker = new OutageWatchingTracker(node.tracker());
      SlideService service = service("node", tracker, node.queue(), 3, blobs);
      service.submitYouTube("talk").get(10, TimeUnit.SECONDS);
      working.run();

      own.pause();
      try {
        goOn.run();
        assertTrue(tracker.gaveUp.await(60, TimeUnit.SECONDS), "the work never gave up");
      } finally {
        own.resume();
      }

      JobState end = JobEnds.await(node.tracker(), "talk");
      assertEquals(JobStatus.COMPLETED, end.status(), end.toString());
      assertTrue(heard.stream().noneMatch(s -> s.status() == JobStatus.FAILED),
          "an outage is not the job's fault: " + heard);
      assertTrue(service.awaitIdle(Duration.ofSeconds(30)));
      RedisClient ownClient = RedisClient.create(own.url());
      try (StatefulRedisConnection<String, String> ownRedis = ownClient.connect()) {
        assertEquals(0, ownRedis.sync().xpending(prefix + "queue", "workers").getCount(),
            "the job's entry left the queue");
      } finally {
        ownClient.shutdown();
      }

      List<ILoggingEvent> said;
      synchronized (events) {
        said = List.copyOf(events.list);
      }
      String lines = said.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()
          + (e.getThrowableProxy() == null ? "" : " [stack trace]")).toList().toString();
      assertTrue(said.stream().noneMatch(e -> e.getThrowableProxy() != null), lines);
      List<ILoggingEvent> outage = said.stream()
          .filter(e -> e.getFormattedMessage().contains("did not answer for")).toList();
      assertEquals(1, outage.size(), lines);
      assertEquals(Level.WARN, outage.get(0).getLevel(), lines);
      assertEquals("Job talk: The job store (Redis) did not answer for 0.6 s while the job ran;"
          + " its work stopped and it went back to the queue: a node starts it again once the"
          + " store answers", outage.get(0).getFormattedMessage());
    } finally {
      projectLog.detachAppender(events);
    }
  }

  /**
   * A tracker whose runs tell when their work gave up waiting for the store ({@link
   * StoreOutageException}), as it does once Redis has not answered for the lease time.
   */
  static final class OutageWatchingTracker extends JobTracker {
    final CountDownLatch gaveUp = new CountDownLatch(1);
    private final JobTracker tracker;

    OutageWatchingTracker(JobTracker tracker) {
      this.tracker = tracker;
    }

    private Optional<Run> watched(Optional<Run> run) {
      return run.map(r -> new Run() {
        @Override
        public String videoId() {
          return r.videoId();
        }

        @Override
        public long number() {
          return r.number();
        }

        @Override
        public JobState state() {
          return r.state();
        }

        @Override
        public boolean isActive() {
          try {
            return r.isActive();
          } catch (StoreOutageException e) {
            gaveUp.countDown();
            throw e;
          }
        }

        @Override
        public JobState update(UnaryOperator<JobState> change) {
          try {
            return r.update(change);
          } catch (StoreOutageException e) {
            gaveUp.countDown();
            throw e;
          }
        }
      });
    }

    @Override
    public Creation createOrRestart(String videoId, JobState initial,
        Predicate<JobState> replaceIf) {
      return tracker.createOrRestart(videoId, initial, replaceIf);
    }

    @Override
    public Creation createOrRestart(String videoId, JobState initial,
        Predicate<JobState> replaceIf, Instant createdAt) {
      return tracker.createOrRestart(videoId, initial, replaceIf, createdAt);
    }

    @Override
    public Optional<Run> takeOver(String videoId, long run, JobState initial) {
      return watched(tracker.takeOver(videoId, run, initial));
    }

    @Override
    public Optional<JobState> get(String videoId) {
      return tracker.get(videoId);
    }

    @Override
    public Optional<Run> run(String videoId, long number) {
      return watched(tracker.run(videoId, number));
    }

    @Override
    public JobState update(String videoId, UnaryOperator<JobState> change) {
      return tracker.update(videoId, change);
    }

    @Override
    public Subscription addListener(JobListener listener) {
      return tracker.addListener(listener);
    }

    @Override
    public Optional<Subscription> subscribe(String videoId, JobListener listener) {
      return tracker.subscribe(videoId, listener);
    }

    @Override
    public List<Job> recent(int offset, int limit) {
      return tracker.recent(offset, limit);
    }

    @Override
    public Map<JobStatus, Integer> countByStatus() {
      return tracker.countByStatus();
    }

    @Override
    public boolean remove(String videoId) {
      return tracker.remove(videoId);
    }
  }

  @Test
  void renewalsFailingWhileRedisIsPausedAreSaidOnceAndTheirRecoveryOnce() throws Exception {
    // The test waits for two renewals to time out: a second each rather than the default 5 s.
    Duration commandTimeout = Duration.ofSeconds(1);
    ListAppender<ILoggingEvent> events = serviceLogEvents();
    try (LocalRedis own = LocalRedis.start()) {
      RedisJobs node = RedisJobs.connect(own.url(), RedisJobs.Options.builder().nodeId("node")
          .keyPrefix(prefix).visibilityTimeout(VISIBILITY).commandTimeout(commandTimeout)
          .build());
      open.add(node);
      CountDownLatch failed = new CountDownLatch(2);
      AtomicReference<CountDownLatch> renewed = new AtomicReference<>(new CountDownLatch(1));
      JobQueue watched = new ForwardingJobQueue(node.queue()) {
        @Override
        protected Lease lease(Lease claimed) {
          return new ForwardingLease(claimed) {
            @Override
            public boolean renew() {
              try {
                boolean held = super.renew();
                renewed.get().countDown();
                return held;
              } catch (RuntimeException e) {
                failed.countDown();
                throw e;
              }
            }
          };
        }
      };
      SlideService service = service("node", node, watched);
      // The download stalls: the job waits for bytes, and only its renewals ask Redis.
      cdn.serve("/talk.mp4", twoSlides, new StallAfter(20_000));
      service.submitYouTube("talk").get(10, TimeUnit.SECONDS);
      assertTrue(cdn.awaitStalled(Duration.ofSeconds(20)));
      assertTrue(renewed.get().await(10, TimeUnit.SECONDS), "never renewed");

      RedisClient rawClient = RedisClient.create(own.url());
      try (StatefulRedisConnection<String, String> raw = rawClient.connect()) {
        // Renewals (scripts, which write) wait until two of them have timed out, one after the
        // other, however long that takes; then the test ends the pause. The ten minutes are a
        // bound only, should the test fail on its way.
        CountDownLatch back = new CountDownLatch(1);
        renewed.set(back);
        client(raw, "PAUSE", Long.toString(Duration.ofMinutes(10).toMillis()), "WRITE");
        try {
          assertTrue(failed.await(60, TimeUnit.SECONDS), "the renewals did not fail");
        } finally {
          client(raw, "UNPAUSE");
        }
        assertTrue(back.await(60, TimeUnit.SECONDS), "never renewed again");
      } finally {
        rawClient.shutdown();
      }
      Await.until(Duration.ofSeconds(30), "the line that the lease is renewed again",
          () -> renewalLines(events), said -> said.stream().anyMatch(l -> l.startsWith("INFO ")));
      assertEquals(List.of("WARN Job talk: cannot renew its lease (Command timed out after "
          + commandTimeout.toSeconds() + " second(s)); it keeps working and tries again quietly",
          "INFO Job talk: its lease is renewed again"), renewalLines(events));
    } finally {
      serviceLog().detachAppender(events);
    }
  }

  /** A {@code CLIENT} subcommand, which Lettuce's API lacks in full ({@code PAUSE ... WRITE}). */
  private static void client(StatefulRedisConnection<String, String> raw, String... args) {
    CommandArgs<String, String> command = new CommandArgs<>(StringCodec.UTF8);
    for (String arg : args) {
      command.add(arg);
    }
    raw.sync().dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8), command);
  }

  private static List<String> renewalLines(ListAppender<ILoggingEvent> events) {
    synchronized (events) {
      return events.list.stream()
          .filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.INFO))
          .map(e -> e.getLevel() + " " + e.getFormattedMessage())
          .filter(line -> line.contains("lease")).toList();
    }
  }

  /**
   * Every message said so far. Read under the appender's lock, which it holds while it adds one:
   * the nodes' threads may still be logging (a claim loop), and the list is a plain one.
   */
  private static List<String> messages(ListAppender<ILoggingEvent> events) {
    synchronized (events) {
      return events.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  /** What the service said about its queue, at INFO and above, with the level. */
  private static List<String> queueLines(ListAppender<ILoggingEvent> events) {
    synchronized (events) {
      return events.list.stream()
          .filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.INFO))
          .map(e -> e.getLevel() + " " + e.getFormattedMessage())
          .filter(line -> line.contains("queue")).toList();
    }
  }

  @Test
  void aNodePausedPastItsLeaseReportsTheLostLeaseOnce() throws Exception {
    ListAppender<ILoggingEvent> events = serviceLogEvents();
    try {
      cdn.serve("/talk.mp4", twoSlides, new StallAfter(20_000));
      RedisJobs pausedNode = redisNode("paused");
      PausedAtFirstRenewal pausedQueue = new PausedAtFirstRenewal(pausedNode.queue());
      SlideService paused = service("paused", pausedNode, pausedQueue);
      paused.submitYouTube("talk").get(10, TimeUnit.SECONDS);
      assertTrue(cdn.awaitStalled(Duration.ofSeconds(20)));
      assertTrue(pausedQueue.paused.await(10, TimeUnit.SECONDS), "no renewal came");
      // While the node is paused its lease runs out and another node takes the entry (a node
      // that then does nothing, so the paused one hears of it only from its renewal). It takes
      // entries idle for 2 s: the paused node misses about ten renewals, one due every 200 ms.
      RedisJobs thief = redisNode("thief", Duration.ofSeconds(2));
      JobQueue.Lease taken = thief.queue().claim(Duration.ofSeconds(20));
      assertNotNull(taken, "the paused node's lease never ran out");
      assertEquals(2, taken.attempt());

      pausedQueue.resume.countDown(); // SIGCONT
      assertTrue(paused.awaitIdle(Duration.ofSeconds(20)), "the paused node never stopped");
      List<String> lost = messages(events).stream()
          .filter(m -> m.contains("no longer holds it")).toList();
      assertEquals(List.of("Job talk: this node no longer holds it (taken over); stopping"),
          lost, "a lost lease is reported once, not once per missed renewal");
    } finally {
      serviceLog().detachAppender(events);
    }
  }

  @Test
  void aWorkerWhoseJobRedisLostSaysSoRatherThanThatItWasTakenOver() throws Exception {
    ListAppender<ILoggingEvent> events = serviceLogEvents();
    try {
      cdn.serve("/talk.mp4", twoSlides, new StallAfter(20_000));
      SlideService node = service("flushed");
      node.submitYouTube("talk").get(10, TimeUnit.SECONDS);
      assertTrue(cdn.awaitStalled(Duration.ofSeconds(20)));
      // Once the bytes before the stall are recorded, the worker only waits for more: it can
      // learn that the job is gone from its lease renewal only, not from a progress update.
      Await.until(Duration.ofSeconds(20), "the download to reach the stall",
          () -> node.tracker().get("talk").orElseThrow(),
          s -> Long.valueOf(20_000).equals(s.downloadedBytes()));
      // FLUSHALL while the job runs: its state and the queue are gone.
      List<String> keys = redis.keys(prefix + "*");
      redis.del(keys.toArray(String[]::new));
      assertTrue(node.awaitIdle(Duration.ofSeconds(20)), "the worker never stopped");
      List<String> said = messages(events);
      List<String> lost = said.stream()
          .filter(m -> m.startsWith("Job talk: ") && m.endsWith("; stopping")).toList();
      assertEquals(List.of("Job talk: gone from the job store (its data was lost); stopping"),
          lost, said.toString());
    } finally {
      serviceLog().detachAppender(events);
    }
  }

  @Test
  void rollingRestartsDuringOneLongJobDoNotUseUpItsAttempts() throws Exception {
    // Four nodes stopped one after the other past their shutdown timeout (more than the three
    // attempts allowed), each while running the job; the fifth one finishes it.
    Duration longLease = NEVER_TAKING_OVER;
    cdn.serve("/talk.mp4", twoSlides, new StallAfter(20_000));
    SlideService first = service("node-0", longLease);
    first.submitYouTube("talk").get(10, TimeUnit.SECONDS);
    SlideService running = first;
    for (int restart = 1; restart <= 4; restart++) {
      assertTrue(cdn.awaitStalled(Duration.ofSeconds(20)), "node " + (restart - 1)
          + " is not running the job: " + running.tracker().get("talk"));
      SlideService next = service("node-" + restart, longLease);
      if (restart == 4) {
        cdn.serve("/talk.mp4", twoSlides, new Works());
      }
      running.drain();
      running.close(); // past the shutdown timeout: the job is handed back
      running = next;
    }
    JobState end = JobEnds.await(running.tracker(), "talk");
    assertEquals(JobStatus.COMPLETED, end.status(), end.toString());
    assertEquals("node-4", end.worker());
    assertTrue(running.awaitIdle(Duration.ofSeconds(10)));
    assertEquals(0, pending());
  }

  @Test
  void aDrainingNodeClaimsNoMoreJobsAndAnotherNodeRunsThem() throws Exception {
    cdn.serve("/talk.mp4", twoSlides, new Works());
    SlideService draining = service("draining");
    draining.drain();
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> draining.submitYouTube("talk").get(10, TimeUnit.SECONDS));
    assertInstanceOf(SlideService.RejectedException.class, refused.getCause());
    // Queued by a node without workers, while the draining one idles and could take it.
    RedisJobs submitter = redisNode("submitter");
    JobTracker.Run run = submitter.tracker().createIfAbsent("talk",
        JobState.of(JobStatus.PENDING, "Job initialized")).run();
    assertTrue(submitter.queue().offer(new JobQueue.Entry("talk", run.number(), "youtube:talk")));
    SlideService other = service("other");
    JobState end = JobEnds.await(other.tracker(), "talk");
    assertEquals(JobStatus.COMPLETED, end.status(), end.toString());
    assertEquals("other", end.worker(), "the draining node took no job");
    assertTrue(draining.awaitIdle(Duration.ofSeconds(1)));
  }

  @Test
  void queuePositionsCountTheJobsWaitingOnEveryNode() throws Exception {
    // Each node busy with a download that stalls: what is submitted next waits in the queue.
    cdn.serve("/busy-a.mp4", twoSlides, new StallAfter(20_000));
    cdn.serve("/busy-b.mp4", twoSlides, new StallAfter(20_000));
    SlideService a = service("a", NEVER_TAKING_OVER);
    a.submitYouTube("busy-a").get(10, TimeUnit.SECONDS);
    assertTrue(cdn.awaitStalled(Duration.ofSeconds(20)));
    SlideService b = service("b", NEVER_TAKING_OVER);
    b.submitYouTube("busy-b").get(10, TimeUnit.SECONDS);
    assertTrue(cdn.awaitStalled(Duration.ofSeconds(20)));

    a.submitYouTube("first").get(10, TimeUnit.SECONDS);
    assertEquals("Queued: position 1 of 1", a.tracker().get("first").orElseThrow().message());
    b.submitYouTube("second").get(10, TimeUnit.SECONDS);
    // Submitted on b, and the job waiting on a's behalf moved too: one queue for all nodes.
    assertEquals("Queued: position 1 of 2", a.tracker().get("first").orElseThrow().message());
    assertEquals("Queued: position 2 of 2", a.tracker().get("second").orElseThrow().message());

    assertTrue(b.cancel("first"));
    assertEquals("Queued: position 1 of 1", a.tracker().get("second").orElseThrow().message());
  }

  @Test
  void anApplicationFailureFailsAtOnceWithoutAnotherAttempt() throws Exception {
    // No video at that address: 404.
    SlideService node = service("only");
    node.submitYouTube("missing").get(10, TimeUnit.SECONDS);
    JobState end = JobEnds.await(node.tracker(), "missing");
    assertEquals(JobStatus.FAILED, end.status());
    assertTrue(node.awaitIdle(Duration.ofSeconds(10)));
    assertEquals(0, pending(), "acknowledged: a 404 is not retried elsewhere");
    assertEquals(0, redis.xlen(prefix + "queue"));
  }
}
