package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.internal.job.InMemoryJobTracker;
import dev.slides.testing.SettableClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobTrackerTest {
  static JobState pending() {
    return JobState.of(JobStatus.PENDING, "Job initialized");
  }

  @Test
  void concurrentCreatorsOnlyOneWins() throws Exception {
    JobTracker tracker = JobTracker.inMemory();
    int threads = 16;
    for (int round = 0; round < 50; round++) {
      String id = "job" + round;
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> {
          start.await();
          return tracker.createIfAbsent(id, pending()).created();
        }));
      }
      start.countDown();
      int created = 0;
      for (Future<Boolean> f : results) {
        created += f.get() ? 1 : 0;
      }
      pool.shutdown();
      assertEquals(1, created, "round " + round);
    }
  }

  @Test
  void restartReplacesOnlyWhatThePredicateAccepts() {
    JobTracker tracker = JobTracker.inMemory();
    assertTrue(tracker.createIfAbsent("a", pending()).created());
    tracker.update("a", s -> s.withStatus(JobStatus.FAILED, "boom").withError("x"));
    JobTracker.Creation again = tracker.createOrRestart("a", pending(),
        s -> s.status() == JobStatus.FAILED);
    assertTrue(again.created());
    assertEquals(JobStatus.PENDING, again.state().status());
    assertEquals(3, again.state().version());
    JobTracker.Creation kept = tracker.createOrRestart("a", pending(),
        s -> s.status() == JobStatus.FAILED);
    assertFalse(kept.created());
  }

  @Test
  void updatesStampVersionAndTimeMonotonically() {
    SettableClock clock = new SettableClock(Instant.parse("2025-01-01T00:00:10Z"));
    JobTracker tracker = JobTracker.inMemory(clock);
    JobState a = tracker.createIfAbsent("j", pending()).state();
    clock.set(Instant.parse("2025-01-01T00:00:05Z")); // the clock steps back
    JobState b = tracker.update("j", s -> s.withStatus(JobStatus.EXTRACTING, "go"));
    assertEquals(1, a.version());
    assertEquals(2, b.version());
    assertFalse(b.updatedAt().isBefore(a.updatedAt()));
  }

  /**
   * A job rebuilt from a record of when it finished keeps that time when created; a restart is
   * news and is stamped now; a time after now reads as now (a clock ahead elsewhere).
   */
  @Test
  void aCreationKeepsTheTimeItIsGivenARestartDoesNot() {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    JobTracker tracker = JobTracker.inMemory(Clock.fixed(now, ZoneOffset.UTC));
    Instant written = Instant.parse("2026-01-02T03:04:05.123456Z");
    JobState done = JobState.of(JobStatus.COMPLETED, "Job already completed");
    assertEquals(written, tracker.createIfAbsent("old", done, written).state().updatedAt());
    assertEquals("2026-01-02T03:04:05.123456+00:00", tracker.get("old").orElseThrow()
        .updatedAtText());
    // Already known: neither its state nor its time changes.
    assertFalse(tracker.createIfAbsent("old", done, written.plusSeconds(1)).created());
    assertEquals(written, tracker.get("old").orElseThrow().updatedAt());
    tracker.createIfAbsent("failed", JobState.of(JobStatus.FAILED, "Job failed"));
    assertEquals(now, tracker.createOrRestart("failed", done,
        s -> s.status() == JobStatus.FAILED, written).state().updatedAt());
    assertEquals(now, tracker.createIfAbsent("ahead", done, now.plusSeconds(3600)).state()
        .updatedAt());
    assertEquals(now, tracker.createIfAbsent("untimed", done, null).state().updatedAt());
  }

  @Test
  void finishedJobsIgnoreFurtherUpdates() {
    JobTracker tracker = JobTracker.inMemory();
    tracker.createIfAbsent("j", pending());
    JobState done = tracker.update("j", s -> s.withStatus(JobStatus.COMPLETED, "done"));
    JobState after = tracker.update("j", s -> s.withStatus(JobStatus.EXTRACTING, "late"));
    assertEquals(done, after);
    NoSuchElementException unknown =
        assertThrows(NoSuchElementException.class, () -> tracker.update("nope", s -> s));
    assertEquals("Job not found: nope", unknown.getMessage());
  }

  @Test
  void listenersSeeEveryChangeInOrderPerJobUnderConcurrency() throws Exception {
    JobTracker tracker = JobTracker.inMemory();
    Map<String, List<Long>> seen = new ConcurrentHashMap<>();
    tracker.addListener((id, s) ->
        seen.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>()))
            .add(s.version()));
    int jobs = 8;
    int updatesPerThread = 500;
    int threadsPerJob = 3;
    for (int j = 0; j < jobs; j++) {
      tracker.createIfAbsent("job" + j, pending());
    }
    ExecutorService pool = Executors.newFixedThreadPool(jobs * threadsPerJob);
    CountDownLatch start = new CountDownLatch(1);
    for (int j = 0; j < jobs; j++) {
      String id = "job" + j;
      for (int t = 0; t < threadsPerJob; t++) {
        pool.submit(() -> {
          start.await();
          for (int i = 0; i < updatesPerThread; i++) {
            int frame = i;
            tracker.update(id, s -> s.withFrames(100, frame));
          }
          return null;
        });
      }
    }
    start.countDown();
    pool.shutdown();
    assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
    for (int j = 0; j < jobs; j++) {
      List<Long> versions = seen.get("job" + j);
      assertEquals(1 + threadsPerJob * updatesPerThread, versions.size());
      for (int i = 0; i < versions.size(); i++) {
        assertEquals(i + 1, versions.get(i), "job" + j + " out of order at " + i);
      }
    }
  }

  @Test
  void aThrowingListenerDisturbsNobody() {
    JobTracker tracker = JobTracker.inMemory();
    AtomicInteger good = new AtomicInteger();
    tracker.addListener((id, s) -> {
      throw new IllegalStateException("listener bug");
    });
    tracker.addListener((id, s) -> good.incrementAndGet());
    tracker.createIfAbsent("j", pending());
    JobState s = tracker.update("j", st -> st.withStatus(JobStatus.EXTRACTING, "go"));
    assertEquals(JobStatus.EXTRACTING, s.status());
    assertEquals(2, good.get());
  }

  @Test
  void subscribeDeliversTheCurrentStateThenEveryChangeWithoutGaps() throws Exception {
    JobTracker tracker = JobTracker.inMemory();
    tracker.createIfAbsent("j", pending());
    // The writer writes before the subscription, all the while it is made, and 2000 times
    // after: told by latch and flag rather than by a pause, which on a slow machine could let
    // the subscription come after the last write (or before the first) and test no overlap.
    CountDownLatch writing = new CountDownLatch(1);
    AtomicBoolean subscribed = new AtomicBoolean();
    Thread writer = new Thread(() -> {
      for (int after = 0; after < 2000; ) {
        boolean subscribedBefore = subscribed.get(); // counts only writes begun after it
        tracker.update("j", s -> s.withFrames(2000, s.currentFrame() == null ? 1 : s.currentFrame() + 1));
        writing.countDown();
        if (subscribedBefore) {
          after++;
        }
      }
    });
    writer.start();
    assertTrue(writing.await(30, TimeUnit.SECONDS), "the writer never wrote");
    List<Long> versions = Collections.synchronizedList(new ArrayList<>());
    JobTracker.Subscription sub = tracker.subscribe("j", (id, s) -> versions.add(s.version()))
        .orElseThrow();
    subscribed.set(true);
    writer.join();
    long last = tracker.get("j").orElseThrow().version();
    sub.close();
    tracker.update("j", s -> s.withFrames(1, 1)); // not seen after close
    assertTrue(versions.get(0) > 1, "the current state first, not the job's start: " + versions);
    assertTrue(versions.size() > 2000, "every change after the subscription: " + versions.size());
    for (int i = 1; i < versions.size(); i++) {
      assertEquals(versions.get(i - 1) + 1, versions.get(i));
    }
    assertEquals(last, versions.get(versions.size() - 1));
    assertEquals(0, ((InMemoryJobTracker) tracker).subscriberCount("j"));
    assertTrue(tracker.subscribe("unknown", (id, s) -> { }).isEmpty());
  }

  @Test
  void listenersCanBeAddedAndRemovedWhileUpdatesRun() throws Exception {
    JobTracker tracker = JobTracker.inMemory();
    tracker.createIfAbsent("j", pending());
    AtomicInteger calls = new AtomicInteger();
    Thread writer = new Thread(() -> {
      for (int i = 0; i < 5000; i++) {
        tracker.update("j", s -> s.withFrames(1, 1));
      }
    });
    writer.start();
    for (int i = 0; i < 200; i++) {
      JobTracker.Subscription s = tracker.addListener((id, st) -> calls.incrementAndGet());
      s.close();
    }
    writer.join();
    tracker.update("j", s -> s.withFrames(1, 1));
    int before = calls.get();
    tracker.update("j", s -> s.withFrames(1, 1));
    assertEquals(before, calls.get(), "removed listeners are not called");
  }

  @Test
  void anOlderRunCannotTouchTheJobOnceItWasRestarted() {
    JobTracker tracker = JobTracker.inMemory();
    List<JobState> seen = Collections.synchronizedList(new ArrayList<>());
    tracker.addListener((id, state) -> seen.add(state));
    JobTracker.Run first = tracker.createIfAbsent("j", pending()).run();
    first.update(s -> s.withStatus(JobStatus.DOWNLOADING, "first"));
    tracker.update("j", s -> s.withStatus(JobStatus.FAILED, "Job cancelled").withError("cancelled"));
    assertFalse(first.isActive(), "a cancelled run is over");
    JobTracker.Run second = tracker.createOrRestart("j", pending(),
        s -> s.status() == JobStatus.FAILED).run();
    assertEquals(2, second.number());
    int before = seen.size();
    JobState untouched = first.update(s -> s.withStatus(JobStatus.EXTRACTING, "stale"));
    assertEquals(JobStatus.PENDING, untouched.status());
    assertEquals(before, seen.size(), "listeners heard nothing of the old run");
    assertFalse(first.isActive());
    assertTrue(second.isActive());
    assertEquals(JobStatus.EXTRACTING,
        second.update(s -> s.withStatus(JobStatus.EXTRACTING, "fresh")).status());
    assertFalse(tracker.createIfAbsent("j", pending()).created());
    assertEquals(null, tracker.createIfAbsent("j", pending()).run());
  }

  @Test
  void restoredJobsContinueTheirVersions() {
    JobTracker tracker = JobTracker.inMemory();
    JobState saved = JobState.fromJson(JobState.of(JobStatus.FAILED, "Job interrupted")
        .withError("interrupted").toJson(), 41);
    assertTrue(tracker.restore("j", saved));
    assertEquals(42, tracker.get("j").orElseThrow().version());
    assertFalse(tracker.restore("j", saved), "a known job is not replaced");
  }

  /**
   * A restart brings its finished jobs back at the time they ended, not at the time of the
   * restart: the list of recent jobs keeps its order, and they do not all read as just updated.
   */
  @Test
  void restoredJobsKeepTheirTimes() {
    JobState older = recorded(JobStatus.COMPLETED, "2026-01-05T10:00:00.000001+00:00");
    JobState newer = recorded(JobStatus.FAILED, "2026-01-05T11:30:00.000002+00:00");
    JobState timeless = recorded(JobStatus.COMPLETED, null); // a record written without one
    assertEquals(Instant.EPOCH, timeless.updatedAt());

    JobTracker tracker = JobTracker.inMemory();
    Instant restart = Instant.now();
    // Restored newest first, as a folder listing may well give them.
    tracker.restore("newer", newer);
    tracker.restore("older", older);
    tracker.restore("timeless", timeless);
    assertEquals(older.updatedAt(), tracker.get("older").orElseThrow().updatedAt());
    assertEquals(newer.updatedAt(), tracker.get("newer").orElseThrow().updatedAt());
    assertFalse(tracker.get("timeless").orElseThrow().updatedAt().isBefore(restart),
        "a state without a time gets the time of the restart");
    assertEquals(List.of("timeless", "newer", "older"),
        tracker.recent(0, 10).stream().map(JobTracker.Job::videoId).toList());
  }

  /** A state as a job record holds it, with {@code updatedAt} (null: none). */
  private static JobState recorded(JobStatus status, String updatedAt) {
    String json = JobState.of(status, "ended").toJson().replaceFirst(
        "\"updated_at\":(null|\"[^\"]*\")",
        "\"updated_at\":" + (updatedAt == null ? "null" : "\"" + updatedAt + "\""));
    return JobState.fromJson(json, 7);
  }

  /**
   * The listener contract (OkHttp's EventListenerTest forbids locks the same way): a listener
   * that makes another thread update the same job and waits for that update must not deadlock,
   * so listeners run outside the tracker's locks; and every other listener still sees the
   * versions in order, although the second update happened while the first was being delivered.
   */
  @Test
  void listenersRunOutsideLocksAndReentrantUpdatesKeepTheirOrder() throws Exception {
    JobTracker tracker = JobTracker.inMemory();
    List<Long> seenBySecond = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger reentered = new AtomicInteger();
    // Checked after the update returns: the tracker logs and swallows what a listener throws,
    // so an assertion failing inside the listener could never fail this test.
    AtomicBoolean otherBlocked = new AtomicBoolean();
    tracker.addListener((id, state) -> {
      if (state.version() == 2 && reentered.incrementAndGet() == 1) {
        Thread other = new Thread(() -> tracker.update(id, s -> s.withFrames(10, 3)));
        other.start();
        try {
          other.join(10_000); // under a tracker lock this would never finish
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        otherBlocked.set(other.isAlive());
        // And an update from the listener's own thread: delivered after this call returns.
        tracker.update(id, s -> s.withFrames(10, 4));
      }
    });
    tracker.addListener((id, state) -> seenBySecond.add(state.version()));
    tracker.createIfAbsent("j", pending());
    tracker.update("j", s -> s.withFrames(10, 2));
    assertFalse(otherBlocked.get(), "the other thread's update was blocked by a tracker lock");
    assertEquals(List.of(1L, 2L, 3L, 4L), seenBySecond);
    assertEquals(4, tracker.get("j").orElseThrow().version());
  }

  @Test
  void aThrowingListenerIsLoggedAndOthersAndTheUpdateGoOn() {
    JobTracker tracker = JobTracker.inMemory();
    List<Long> seen = new ArrayList<>();
    tracker.addListener((id, state) -> {
      throw new IllegalStateException("listener bug");
    });
    tracker.addListener((id, state) -> seen.add(state.version()));
    tracker.createIfAbsent("j", pending());
    JobState updated = tracker.update("j", s -> s.withFrames(1, 1));
    assertEquals(2, updated.version());
    assertEquals(List.of(1L, 2L), seen);
  }

  @Test
  void recentJobsComeNewestFirstInPages() {
    Clock clock = SettableClock.ticking(Instant.ofEpochSecond(1_700_000_000L),
        java.time.Duration.ofSeconds(1));
    JobTracker tracker = JobTracker.inMemory(clock);
    for (String id : List.of("a", "b", "c", "d")) {
      tracker.createIfAbsent(id, pending());
    }
    tracker.update("b", s -> s.withFrames(1, 1));
    assertEquals(List.of("b", "d", "c"),
        tracker.recent(0, 3).stream().map(JobTracker.Job::videoId).toList());
    assertEquals(List.of("a"),
        tracker.recent(3, 3).stream().map(JobTracker.Job::videoId).toList());
  }

  @Test
  void aJobIsForgottenOnlyWhileItsStateStillQualifies() {
    InMemoryJobTracker tracker = (InMemoryJobTracker) JobTracker.inMemory();
    JobTracker.Run first = tracker.createOrRestart("abc", JobState.of(JobStatus.PENDING, "Queued"),
        s -> false).run();
    first.update(s -> s.withStatus(JobStatus.FAILED, "Boom"));
    // Started again before the forgetting got to it: it stays.
    JobTracker.Run second = tracker.createOrRestart("abc",
        JobState.of(JobStatus.PENDING, "Queued"), s -> s.status().isTerminal()).run();
    assertFalse(tracker.removeIf("abc", s -> s.status().isTerminal()));
    assertEquals(JobStatus.PENDING, tracker.get("abc").orElseThrow().status());
    second.update(s -> s.withStatus(JobStatus.COMPLETED, "Done"));
    assertTrue(tracker.removeIf("abc", s -> s.status().isTerminal()));
    assertTrue(tracker.get("abc").isEmpty());
    assertTrue(tracker.subscribe("abc", (id, st) -> { }).isEmpty());
    assertFalse(tracker.removeIf("abc", s -> true));
  }

  @Test
  void subscribersOfAForgottenJobHearItIsGoneAfterItsStates() {
    for (boolean conditional : new boolean[] {false, true}) {
      InMemoryJobTracker tracker = (InMemoryJobTracker) JobTracker.inMemory();
      tracker.createIfAbsent("j", pending());
      List<String> heard = Collections.synchronizedList(new ArrayList<>());
      tracker.subscribe("j", new JobListener() {
        @Override
        public void onUpdate(String videoId, JobState state) {
          heard.add(state.status().wireName());
        }

        @Override
        public void onGone(String videoId) {
          heard.add("gone " + videoId);
        }
      }).orElseThrow();
      tracker.update("j", st -> st.withStatus(JobStatus.FAILED, "Boom"));
      assertTrue(conditional ? tracker.removeIf("j", st -> st.status().isTerminal())
          : tracker.remove("j"));
      tracker.remove("j"); // once only
      assertEquals(List.of("pending", "failed", "gone j"), heard, "removeIf: " + conditional);
      assertEquals(0, tracker.subscriberCount("j"));
    }
  }
}
