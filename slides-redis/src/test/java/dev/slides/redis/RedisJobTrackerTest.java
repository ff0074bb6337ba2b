package dev.slides.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.slides.JobListener;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import dev.slides.redis.internal.RedisJobTracker;
import dev.slides.redis.internal.RedisUnavailableException;
import dev.slides.testing.Await;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The Redis tracker as several nodes see it: each node is its own connection to one server. */
class RedisJobTrackerTest extends RedisNodesTest {
  @Override
  String keyPrefix(String testName) {
    return "t-" + testName + ":";
  }

  RedisJobs node(String name) {
    return node(name, RedisJobs.Options.defaults());
  }

  RedisJobs node(String name, RedisJobs.Options options) {
    return connect(name, options);
  }

  static JobState pending() {
    return JobState.of(JobStatus.PENDING, "Job initialized");
  }

  @Test
  void concurrentSubmissionsOnSeveralNodesCreateOneJob() throws Exception {
    List<JobTracker> trackers = List.of(node("a").tracker(), node("b").tracker(),
        node("c").tracker());
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      for (int round = 0; round < 20; round++) {
        String id = "job" + round;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<JobTracker.Creation>> results = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
          JobTracker tracker = trackers.get(t % 3);
          results.add(pool.submit(() -> {
            start.await();
            // As a submission does: create, or restart a failed job.
            return tracker.createOrRestart(id, pending(), s -> s.status() == JobStatus.FAILED);
          }));
        }
        start.countDown();
        int created = 0;
        for (Future<JobTracker.Creation> f : results) {
          created += f.get(30, TimeUnit.SECONDS).created() ? 1 : 0;
        }
        assertEquals(1, created, "round " + round);
        assertEquals(1, trackers.get(1).get(id).orElseThrow().version());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** As the in-memory tracker: a creation keeps a given time, a restart is stamped now. */
  @Test
  void aCreationKeepsTheTimeItIsGivenARestartDoesNot() {
    JobTracker tracker = node("a").tracker();
    java.time.Instant written = java.time.Instant.parse("2026-01-02T03:04:05.123456Z");
    JobState done = JobState.of(JobStatus.COMPLETED, "Job already completed");
    assertEquals(written, tracker.createIfAbsent("old", done, written).state().updatedAt());
    // As another node reads it back.
    assertEquals("2026-01-02T03:04:05.123456+00:00",
        node("b").tracker().get("old").orElseThrow().updatedAtText());
    tracker.createIfAbsent("failed", JobState.of(JobStatus.FAILED, "Job failed"));
    java.time.Instant before = java.time.Instant.now();
    JobState restarted = tracker.createOrRestart("failed", done,
        s -> s.status() == JobStatus.FAILED, written).state();
    assertFalse(restarted.updatedAt().isBefore(before.minusSeconds(1)), "" + restarted);
    java.time.Instant ahead = java.time.Instant.now().plus(Duration.ofDays(1));
    assertTrue(tracker.createIfAbsent("ahead", done, ahead).state().updatedAt().isBefore(ahead));
  }

  @Test
  void countingJobsByStatusReadsOnlyTheirStatusesManyJobsACall() {
    // A metrics scrape counts every job kept (a week of them by default): one round trip per
    // job took seconds for tens of thousands.
    JobTracker a = node("a").tracker();
    for (int i = 0; i < 2500; i++) {
      JobStatus status = i < 1200 ? JobStatus.PENDING
          : i < 2200 ? JobStatus.COMPLETED : JobStatus.FAILED;
      a.createIfAbsent("job" + i, JobState.of(status, "seeded"));
    }
    a.countByStatus(); // Redis learns the script (a first call is sent it whole)
    JobTracker b = node("b").tracker();
    redis.del(prefix + "job:job7"); // as when a job's key expires: the index still names it
    long readsBefore = calls("hmget");
    long scriptsBefore = calls("evalsha");

    Map<JobStatus, Integer> counts = b.countByStatus();

    assertEquals(Map.of(JobStatus.PENDING, 1199, JobStatus.COMPLETED, 1000,
        JobStatus.FAILED, 300), counts);
    assertEquals(0, calls("hmget") - readsBefore, "no job's whole state was read");
    assertEquals(3, calls("evalsha") - scriptsBefore, "a thousand jobs a call");
    assertEquals(null, redis.zscore(prefix + "jobs", "job7"), "the index forgets the lost job");
    assertEquals(counts, a.countByStatus());
  }

  /** How many times the server ran {@code command}, in scripts too. */
  static long calls(String command) {
    for (String line : redis.info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_" + command + ":calls=")) {
        return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
      }
    }
    return 0;
  }

  @Test
  void aStaleRunsWriteIsRefusedOnceTheJobWasTakenOver() {
    JobTracker a = node("a").tracker();
    JobTracker b = node("b").tracker();
    JobTracker.Run lost = a.createIfAbsent("talk", pending()).run();
    lost.update(s -> s.withStatus(JobStatus.EXTRACTING, "Analysing").withWorker("a"));

    // Node b takes the work over: a new run of the same submission.
    JobTracker.Run next = b.takeOver("talk", lost.number(), JobState.of(JobStatus.PENDING,
        "Restarting")).orElseThrow();
    assertEquals(lost.number() + 1, next.number());
    assertFalse(lost.isActive());
    assertTrue(next.isActive());

    // The lost worker comes back and writes: nothing changes.
    JobState before = b.get("talk").orElseThrow();
    JobState answer = lost.update(s -> s.withStatus(JobStatus.COMPLETED, "late").withWorker("a"));
    assertEquals(before, answer);
    assertEquals(before, b.get("talk").orElseThrow());
    // Its view of the run is fenced too, by number, from any node.
    assertFalse(a.run("talk", lost.number()).orElseThrow().isActive());
    JobState after = next.update(s -> s.withStatus(JobStatus.DOWNLOADING, "Downloading"));
    assertEquals(before.version() + 1, after.version());
  }

  @Test
  void aTakeOverIsRefusedWhenANewSubmissionReplacedTheRun() {
    JobTracker a = node("a").tracker();
    JobTracker.Run first = a.createIfAbsent("talk", pending()).run();
    first.update(s -> s.withStatus(JobStatus.FAILED, "Job cancelled").withError("cancelled"));
    JobTracker.Run second = a.createOrRestart("talk", pending(),
        s -> s.status() == JobStatus.FAILED).run();
    // The first submission's queue entry, re-claimed, must not disturb the second one.
    assertTrue(a.takeOver("talk", first.number(), pending()).isEmpty());
    assertTrue(second.isActive());
    // A take-over of the second works, and one of the take-over's run is the same submission.
    JobTracker.Run third = a.takeOver("talk", second.number(), pending()).orElseThrow();
    assertTrue(a.takeOver("talk", second.number(), pending()).isPresent());
    assertFalse(third.isActive());
  }

  @Test
  void versionsOnlyGrowThroughUpdatesRestartsAndTakeOvers() {
    JobTracker a = node("a").tracker();
    JobTracker b = node("b").tracker();
    List<Long> versions = new ArrayList<>();
    JobTracker.Creation created = a.createIfAbsent("j", pending());
    versions.add(created.state().version());
    versions.add(b.update("j", s -> s.withStatus(JobStatus.DOWNLOADING, "d")).version());
    versions.add(b.takeOver("j", created.run().number(), pending()).orElseThrow().state()
        .version());
    versions.add(a.update("j", s -> s.withStatus(JobStatus.FAILED, "x").withError("e"))
        .version());
    versions.add(b.createOrRestart("j", pending(), s -> s.status() == JobStatus.FAILED)
        .state().version());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), versions);
    // A finished job changes no more.
    JobState done = a.update("j", s -> s.withStatus(JobStatus.COMPLETED, "done"));
    assertEquals(done, b.update("j", s -> s.withStatus(JobStatus.EXTRACTING, "late")));
    assertFalse(done.updatedAt().isBefore(created.state().updatedAt()));
  }

  @Test
  void concurrentUpdatesFromSeveralNodesLoseNothing() throws Exception {
    List<JobTracker> trackers = List.of(node("a").tracker(), node("b").tracker());
    trackers.get(0).createIfAbsent("j", pending());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicInteger done = new AtomicInteger();
    List<Future<?>> all = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      JobTracker tracker = trackers.get(t % 2);
      all.add(pool.submit(() -> {
        for (int i = 0; i < 50; i++) {
          // Each change counts on the state it is applied to: a lost update would show.
          tracker.update("j", s -> s.withFrames(1000,
              (s.currentFrame() == null ? 0 : s.currentFrame()) + 1));
          done.incrementAndGet();
        }
        return null;
      }));
    }
    for (Future<?> f : all) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    JobState end = trackers.get(1).get("j").orElseThrow();
    assertEquals(200, end.currentFrame());
    assertEquals(201, end.version());
  }

  @Test
  void finishedJobsExpireAndRunningOnesDoNot() throws Exception {
    // An hour: the time it takes to read the TTL back cannot matter.
    JobTracker a = node("a", RedisJobs.Options.builder().finishedJobTtl(Duration.ofHours(1))
        .build()).tracker();
    a.createIfAbsent("running", pending());
    a.createIfAbsent("done", pending());
    a.update("done", s -> s.withStatus(JobStatus.COMPLETED, "done"));
    assertEquals(-1, redis.pttl(prefix + "job:running"), "a running job never expires");
    long ttl = redis.pttl(prefix + "job:done");
    assertTrue(ttl > Duration.ofMinutes(59).toMillis() && ttl <= Duration.ofHours(1).toMillis(),
        "ttl " + ttl);
    // The hour is up (Redis expires the key in a millisecond): ask until it is gone.
    redis.pexpire(prefix + "job:done", 1);
    Await.until(Duration.ofSeconds(20), "the finished job to expire", () -> a.get("done"),
        Optional::isEmpty);
    assertTrue(a.get("running").isPresent());
    assertEquals(List.of("running"), a.recent(0, 10).stream().map(JobTracker.Job::videoId)
        .toList());
    // A restart makes it live again: no expiry while it runs.
    a.createIfAbsent("done", pending());
    assertEquals(-1, redis.pttl(prefix + "job:done"));
  }

  /**
   * The index of jobs by update time must not keep the ids of expired jobs for ever: a node
   * that nobody lists jobs from and no scraper asks for metrics would grow it by one id a job.
   */
  @Test
  void theEndOfAJobForgetsExpiredJobsFromTheIndex() {
    JobTracker a = node("a", RedisJobs.Options.builder().finishedJobTtl(Duration.ofHours(1))
        .build()).tracker();
    Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
    for (String id : List.of("expired", "waiting")) {
      a.createOrRestart(id, pending(), s -> false, twoHoursAgo);
    }
    redis.del(prefix + "job:expired"); // as when its key expired, an hour after its end
    a.createIfAbsent("j", pending());
    a.update("j", s -> s.withStatus(JobStatus.COMPLETED, "done"));
    assertEquals(List.of("waiting", "j"), redis.zrange(prefix + "jobs", 0, -1),
        "an expired job's id stayed in the index; a job still waiting must stay, however old");
  }

  @Test
  void recentListsJobsNewestFirst() {
    JobTracker a = node("a").tracker();
    a.createIfAbsent("one", pending());
    a.createIfAbsent("two", pending());
    a.update("one", s -> s.withStatus(JobStatus.DOWNLOADING, "d"));
    assertEquals(List.of("one", "two"), a.recent(0, 10).stream().map(JobTracker.Job::videoId)
        .toList());
    assertEquals(List.of("two"), a.recent(1, 10).stream().map(JobTracker.Job::videoId)
        .toList());
  }

  @Test
  void aSubscriberOnAnotherNodeHearsTheCurrentStateThenEveryVersionInOrder() throws Exception {
    JobTracker writer = node("a").tracker();
    JobTracker reader = node("b").tracker();
    writer.createIfAbsent("j", pending());
    writer.update("j", s -> s.withStatus(JobStatus.DOWNLOADING, "d"));
    LinkedBlockingQueue<JobState> heard = new LinkedBlockingQueue<>();
    JobTracker.Subscription sub = reader.subscribe("j", (id, s) -> heard.add(s)).orElseThrow();
    assertEquals(2, heard.poll(10, TimeUnit.SECONDS).version(), "the current state first");
    ExecutorService pool = Executors.newFixedThreadPool(3);
    for (int t = 0; t < 3; t++) {
      pool.submit(() -> {
        for (int i = 0; i < 100; i++) {
          int frame = i;
          writer.update("j", s -> s.withStatus(JobStatus.EXTRACTING, "e").withFrames(100, frame));
        }
        return null;
      });
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
    writer.update("j", s -> s.withStatus(JobStatus.COMPLETED, "done"));
    long expected = 3;
    JobState s;
    do {
      s = heard.poll(10, TimeUnit.SECONDS);
      assertNotNull(s, "version " + expected + " never came");
      assertEquals(expected++, s.version(), "no gap, no repeat, in order");
    } while (s.status() != JobStatus.COMPLETED);
    assertEquals(303, s.version());
    sub.close();
  }

  @Test
  void aListenerThatUpdatesTheJobCannotReorderWhatOthersHear() throws Exception {
    JobTracker a = node("a").tracker();
    JobTracker b = node("b").tracker();
    a.createIfAbsent("j", pending());
    // On node b, a listener reacts to each state by writing the next one from its own thread
    // (as a cancel watcher might); every listener of every node must still hear 1, 2, 3, ...
    Map<String, List<Long>> heard = new ConcurrentHashMap<>();
    CountDownLatch end = new CountDownLatch(2);
    b.addListener((id, s) -> {
      if (s.status() == JobStatus.EXTRACTING && s.currentFrame() < 50) {
        b.update(id, x -> x.withFrames(100, x.currentFrame() + 1));
      }
    });
    for (JobTracker t : List.of(a, b)) {
      List<Long> mine = Collections.synchronizedList(new ArrayList<>());
      heard.put(t == a ? "a" : "b", mine);
      t.addListener((id, s) -> {
        mine.add(s.version());
        if (s.currentFrame() != null && s.currentFrame() == 50) {
          end.countDown();
        }
      });
    }
    a.update("j", s -> s.withStatus(JobStatus.EXTRACTING, "e").withFrames(100, 0));
    assertTrue(end.await(30, TimeUnit.SECONDS));
    for (List<Long> versions : heard.values()) {
      List<Long> expected = new ArrayList<>();
      for (long v = 2; v <= 52; v++) {
        expected.add(v);
      }
      assertEquals(expected, versions);
    }
  }

  /**
   * Redis stops answering writes ({@code CLIENT PAUSE ... WRITE}: the scripts that write wait,
   * this connection's own commands do not) until the test lets it go on with
   * {@code CLIENT UNPAUSE}; at most for {@code max}, a bound should the test fail on its way.
   */
  static void pauseWrites(Duration max) {
    redis.dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
        new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(max.toMillis()).add("WRITE"));
  }

  static void unpause() {
    redis.dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
        new CommandArgs<>(StringCodec.UTF8).add("UNPAUSE"));
  }

  @Test
  void aRunsWorkWaitsOutAShortOutageOfRedisInsteadOfFailing() throws Exception {
    // Commands time out well before Redis answers again: each try fails until the pause ends.
    // The work waits for Redis up to the lease time, here an hour.
    RedisJobs node = node("a", RedisJobs.Options.builder().commandTimeout(Duration.ofMillis(200))
        .visibilityTimeout(Duration.ofHours(1)).build());
    JobTracker.Run run = node.tracker().createIfAbsent("j", pending()).run();
    JobState after = waitingOutAFrozenRedis(
        () -> run.update(s -> s.withStatus(JobStatus.EXTRACTING, "Analysing")));
    assertEquals(JobStatus.EXTRACTING, after.status());
    assertTrue(waitingOutAFrozenRedis(run::isActive), "a read waits it out too");
    assertEquals("Analysing", node.tracker().get("j").orElseThrow().message());
  }

  /**
   * {@code call}'s result, called on a thread of its own while Redis is frozen: Redis goes on
   * only once the tracker has said that the work waits for it, so the call met the outage
   * however slow the machine.
   */
  static <T> T waitingOutAFrozenRedis(Callable<T> call) throws Exception {
    Logger trackerLog = (Logger) LoggerFactory.getLogger(RedisJobTracker.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    trackerLog.addAppender(lines);
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try {
      Future<T> result;
      server.pause();
      try {
        result = worker.submit(call);
        // The work met the outage (a command timed out) and says it waits: only now end it.
        Await.until(Duration.ofSeconds(60), "the work to wait for Redis (or to end)", () -> {
          synchronized (lines) {
            return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
          }
        }, said -> result.isDone()
            || said.stream().anyMatch(l -> l.contains(": Redis does not answer")));
        assertFalse(result.isDone(), "the work did not wait for Redis");
      } finally {
        server.resume();
      }
      return result.get(60, TimeUnit.SECONDS);
    } finally {
      worker.shutdownNow();
      trackerLog.detachAppender(lines);
    }
  }

  /**
   * An outage longer than the lease time fails the work's write, and the job reads as failed
   * with that error: it must say in plain words that Redis did not answer, not quote the
   * client library ("Command timed out after 200 millisecond(s)").
   */
  @Test
  void aRunsWorkOutlastedByAnOutageSaysInPlainWordsThatRedisDidNotAnswer() {
    RedisJobs node = node("a", RedisJobs.Options.builder().commandTimeout(Duration.ofMillis(200))
        .visibilityTimeout(Duration.ofSeconds(1)).build());
    JobTracker.Run run = node.tracker().createIfAbsent("j", pending()).run();
    // Writes wait until the test ends the pause, long after the second the work waits (the
    // minute is a bound only, for a work that never gives up).
    pauseWrites(Duration.ofMinutes(1));
    RuntimeException e;
    try {
      e = assertThrows(RuntimeException.class,
          () -> run.update(s -> s.withStatus(JobStatus.EXTRACTING, "Analysing")));
    } finally {
      unpause();
    }
    assertInstanceOf(RedisUnavailableException.class, e, e.toString());
    assertEquals("The job store (Redis) did not answer for 1 s while the job ran",
        e.getMessage());
  }

  @Test
  void aSubscriberCatchesUpWithWhatWasWrittenWhileItsConnectionWasDown() throws Exception {
    JobTracker writer = node("a").tracker();
    JobTracker reader = node("b").tracker();
    writer.createIfAbsent("j", pending());
    LinkedBlockingQueue<JobState> heard = new LinkedBlockingQueue<>();
    reader.subscribe("j", (id, s) -> heard.add(s)).orElseThrow();
    assertEquals(1, heard.poll(10, TimeUnit.SECONDS).version());
    // A write whose message is lost (written past the script, as if published while the
    // subscriber was disconnected), then the subscriber's connection drops.
    String state = JobState.of(JobStatus.EXTRACTING, "lost message").toJson();
    redis.hset(prefix + "job:j", Map.of("state", state, "status", "extracting", "version", "2"));
    redis.clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
    JobState caughtUp = heard.poll(20, TimeUnit.SECONDS);
    assertNotNull(caughtUp, "nothing heard after the reconnect");
    assertEquals(2, caughtUp.version());
    assertEquals("lost message", caughtUp.message());
    // And it goes on hearing new states.
    writer.update("j", s -> s.withStatus(JobStatus.COMPLETED, "done"));
    assertEquals(3, heard.poll(10, TimeUnit.SECONDS).version());
  }

  /**
   * After a restart of Redis the node's pub/sub connection may be back before its command
   * connection: the read after the new subscription fails then, and what was published
   * meanwhile (the job's end, say) would never reach the subscriber, whose stream would wait
   * for ever. The node's regular look at the followed jobs catches up instead.
   */
  @Test
  void aSubscriberCatchesUpWhenTheReadAfterAReconnectFailed() throws Exception {
    JobTracker writer = node("a").tracker();
    // Looks every third of a second at the jobs it follows.
    JobTracker reader = node("b",
        RedisJobs.Options.builder().visibilityTimeout(Duration.ofSeconds(1)).build())
        .tracker();
    writer.createIfAbsent("j", pending());
    LinkedBlockingQueue<JobState> heard = new LinkedBlockingQueue<>();
    reader.subscribe("j", (id, s) -> heard.add(s)).orElseThrow();
    assertEquals(1, heard.poll(10, TimeUnit.SECONDS).version());
    Logger trackerLog = (Logger) LoggerFactory.getLogger(RedisJobTracker.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    trackerLog.addAppender(lines);
    String key = prefix + "job:j";
    try {
      // The read after the reconnect fails (here: Redis answers it with an error, as a
      // command connection still down refuses it).
      redis.set(key, "not a job hash"); // replaces the hash at once
      redis.clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
      Await.until(Duration.ofSeconds(20), "the read after the reconnect to fail", () -> {
        synchronized (lines) {
          return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
      }, said -> said.stream().anyMatch(l -> l.startsWith("Cannot read job j again")));
    } finally {
      trackerLog.detachAppender(lines);
    }
    // Meanwhile the job ended; its message was published before the node subscribed again.
    String state = JobState.of(JobStatus.COMPLETED, "done while unheard").toJson();
    redis.hset(key + ":next", Map.of("state", state, "status", "completed", "version", "2",
        "run", "1", "origin", "1"));
    redis.rename(key + ":next", key); // at once: the job is never missing meanwhile
    JobState caughtUp = heard.poll(20, TimeUnit.SECONDS);
    assertNotNull(caughtUp, "the subscriber never heard that the job ended");
    assertEquals(2, caughtUp.version());
    assertEquals("done while unheard", caughtUp.message());
  }

  /** A listener that notes "state {version}" for each update and "gone {id}". */
  private static JobListener versionsAndGone(LinkedBlockingQueue<String> heard) {
    return new JobListener() {
      @Override
      public void onUpdate(String videoId, JobState state) {
        heard.add("state " + state.version());
      }

      @Override
      public void onGone(String videoId) {
        heard.add("gone " + videoId);
      }
    };
  }

  @Test
  void subscribersOfAJobThatRedisLostAreToldItIsGoneWhenTheConnectionComesBack()
      throws Exception {
    JobTracker writer = node("a").tracker();
    JobTracker reader = node("b").tracker();
    writer.createIfAbsent("j", pending());
    LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
    reader.subscribe("j", versionsAndGone(heard)).orElseThrow();
    assertEquals("state 1", heard.poll(10, TimeUnit.SECONDS));
    // Redis restarted without its data: the job's hash is gone (deleting it publishes
    // nothing), and the subscriber's connection dropped.
    redis.del(prefix + "job:j");
    redis.clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
    assertEquals("gone j", heard.poll(20, TimeUnit.SECONDS),
        "the subscriber was left waiting for a job that no longer exists");
  }

  @Test
  void subscribersOfAJobThatRedisLostAreToldItIsGoneWhileTheConnectionStaysUp()
      throws Exception {
    JobTracker writer = node("a").tracker();
    // Looks every third of the lease time whether the jobs it follows still exist.
    JobTracker reader = node("b",
        RedisJobs.Options.builder().visibilityTimeout(Duration.ofSeconds(1)).build())
        .tracker();
    writer.createIfAbsent("j", pending()); // queued: nothing will be written for it for long
    LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
    reader.subscribe("j", versionsAndGone(heard)).orElseThrow();
    assertEquals("state 1", heard.poll(10, TimeUnit.SECONDS));
    // A FLUSHALL: the hash is gone, nothing is published, and the pub/sub connection stays up,
    // so no reconnect makes the node read the job again.
    redis.del(prefix + "job:j");
    assertEquals("gone j", heard.poll(20, TimeUnit.SECONDS),
        "the subscriber was left waiting for a job that no longer exists");
  }

  @Test
  void aSubscriberThatFailsOnTheEndOfAJobDoesNotKeepTheOthersFromHearingIt() throws Exception {
    JobTracker writer = node("a").tracker();
    // Looks every 2 s whether the jobs it follows still exist.
    JobTracker reader = node("b",
        RedisJobs.Options.builder().visibilityTimeout(Duration.ofSeconds(6)).build())
        .tracker();
    writer.createIfAbsent("j", pending());
    CountDownLatch failed = new CountDownLatch(1);
    reader.subscribe("j", new JobListener() {
      @Override
      public void onUpdate(String videoId, JobState state) {}

      @Override
      public void onGone(String videoId) {
        failed.countDown();
        throw new AssertionError("a listener's bug");
      }
    }).orElseThrow();
    LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
    reader.subscribe("j", versionsAndGone(heard)).orElseThrow();
    assertEquals("state 1", heard.poll(10, TimeUnit.SECONDS));
    redis.del(prefix + "job:j");
    assertTrue(failed.await(20, TimeUnit.SECONDS), "the first subscriber was never told");
    // Back before the next look: only the look that told the first subscriber can tell the
    // second one.
    writer.createIfAbsent("j", pending());
    assertEquals("gone j", heard.poll(20, TimeUnit.SECONDS),
        "the second subscriber was left waiting behind the first one's error");
  }

  @Test
  void nodesSubscribeOncePerJobAndLetGoWithTheLastSubscriber() throws Exception {
    RedisJobs b = node("b");
    JobTracker a = node("a").tracker();
    a.createIfAbsent("j", pending());
    List<JobTracker.Subscription> subs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      subs.add(b.tracker().subscribe("j", (id, s) -> {}).orElseThrow());
    }
    assertEquals(1, redis.pubsubNumsub(prefix + "updates:j").get(prefix + "updates:j"));
    subs.forEach(JobTracker.Subscription::close);
    Await.until(Duration.ofSeconds(10), "the node to unsubscribe",
        () -> redis.pubsubNumsub(prefix + "updates:j").get(prefix + "updates:j"), n -> n == 0);
    assertEquals(Optional.empty(), b.tracker().subscribe("unknown", (id, s) -> {}));
  }
}
