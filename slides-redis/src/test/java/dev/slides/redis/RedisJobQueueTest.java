package dev.slides.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.redis.internal.RedisJobQueue;
import dev.slides.redis.testing.Leases;
import dev.slides.service.JobQueue;
import dev.slides.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The stream queue as nodes use it. A claim takes over a lease idle past the claiming node's
 * visibility timeout. Every node here has a timeout of an hour, so nothing is ever taken over
 * because the machine was slow; where a test needs a lease to have run out it says so
 * ({@link #leasesRunOut()}, Redis's own idle time set past the timeout without waiting).
 *
 * <p>A claim expected to find nothing is given a short wait, a bound only: a claim looks at the
 * queue at least once whatever its timeout, and what it could find was offered before it on the
 * test's own thread (no lease runs out by itself), so a slow machine cannot make such a claim
 * come back empty where it should not.
 */
class RedisJobQueueTest extends RedisNodesTest {
  /** For every node: no lease runs out while a test runs unless the test makes it. */
  static final Duration VISIBILITY = Duration.ofHours(1);
  /** For the one node that forgets idle consumers: short, so that the test does not wait long. */
  static final Duration SHORT_VISIBILITY = Duration.ofMillis(500);
  static final Duration WAIT = Duration.ofSeconds(10);

  @Override
  String keyPrefix(String testName) {
    return "q-" + testName + ":";
  }

  JobQueue node(String name) {
    return node(name, 100);
  }

  JobQueue node(String name, int capacity) {
    return node(name, capacity, VISIBILITY);
  }

  JobQueue node(String name, int capacity, Duration visibility) {
    return connect(name, RedisJobs.Options.builder().visibilityTimeout(visibility)
        .queueCapacity(capacity).build()).queue();
  }

  /**
   * Every lease held now reads as not renewed for longer than any node's timeout (twice
   * {@link #VISIBILITY}): the next claim takes one over.
   */
  void leasesRunOut() {
    assertTrue(Leases.idleFor(redis, prefix + "queue", VISIBILITY.multipliedBy(2)) > 0,
        "no lease held");
  }

  static JobQueue.Entry entry(String id) {
    return new JobQueue.Entry(id, 1, "youtube:" + id);
  }

  long pending() {
    return redis.xpending(prefix + "queue", "workers").getCount();
  }

  @Test
  void entriesAreClaimedOnceInOrderAndCompletedLeaveNothingPending() throws Exception {
    JobQueue a = node("a");
    JobQueue b = node("b");
    a.offer(entry("one"));
    b.offer(entry("two"));
    assertEquals(List.of("one", "two"), b.waiting());
    JobQueue.Lease first = b.claim(WAIT);
    JobQueue.Lease second = a.claim(WAIT);
    assertEquals("one", first.entry().videoId());
    assertEquals("youtube:one", first.entry().source());
    assertEquals("two", second.entry().videoId());
    assertEquals(1, first.attempt());
    assertEquals(List.of(), a.waiting());
    assertNull(a.claim(Duration.ofMillis(100)), "nothing else to claim");
    assertEquals(2, pending());
    first.complete();
    second.complete();
    assertEquals(0, pending());
    assertEquals(0, redis.xlen(prefix + "queue"), "completed entries are deleted");
  }

  @Test
  void aLostWorkersEntryIsTakenOverAndItsLeaseNoLongerCounts() throws Exception {
    JobQueue a = node("a");
    JobQueue b = node("b");
    a.offer(entry("talk"));
    JobQueue.Lease lost = a.claim(WAIT);
    assertTrue(lost.renew());
    assertNull(b.claim(Duration.ZERO), "taken over while held");
    // a stops renewing: once the visibility timeout has passed, b takes it over.
    leasesRunOut();
    JobQueue.Lease taken = b.claim(Duration.ZERO);
    assertNotNull(taken, "never taken over");
    assertEquals("talk", taken.entry().videoId());
    assertEquals(2, taken.attempt());
    // The lost worker comes back: it holds nothing any more.
    assertFalse(lost.renew());
    lost.complete(); // no acknowledgement on b's behalf
    assertEquals(1, pending());
    assertTrue(taken.renew());
    taken.complete();
    assertEquals(0, pending());
  }

  /**
   * Redis paused past a node's command timeout: the node gives up on its claim, but the command
   * is on its way and Redis runs it once it goes on, taking an entry no worker of the node runs.
   * It used to stay there until the visibility timeout and then count as a lost worker's
   * attempt (a 20 s pause cost a job two of its three attempts in a manual run).
   */
  @Test
  void anEntryTakenByAClaimTheNodeGaveUpOnIsHandedBackWithoutCountingAnAttempt()
      throws Exception {
    JobQueue a = connect("a", RedisJobs.Options.builder().visibilityTimeout(VISIBILITY)
        .commandTimeout(Duration.ofMillis(200)).build()).queue();
    JobQueue b = node("b");
    assertNull(a.claim(Duration.ZERO)); // as a running node has, the script is loaded
    b.offer(entry("talk"));
    server.pause();
    try {
      assertThrows(RuntimeException.class, () -> a.claim(Duration.ZERO), "answered in time");
    } finally {
      server.resume();
    }
    // On a's connection, after the claim: by its answer Redis has run the claim.
    assertEquals(List.of(), a.waiting(), "the claim did not take the entry");
    assertEquals(1, pending());
    JobQueue.Lease lease = a.claim(Duration.ZERO);
    assertNotNull(lease, "the entry stays with a claim nobody heard until the timeout");
    assertEquals("talk", lease.entry().videoId());
    assertEquals(1, lease.attempt(), "no worker was lost");
    assertTrue(lease.renew());
    lease.complete();
    assertEquals(0, pending());
  }

  @Test
  void twoWorkersOfOneNodeAreToldApartByTheirAttempt() throws Exception {
    JobQueue a = node("a");
    a.offer(entry("talk"));
    JobQueue.Lease stalled = a.claim(WAIT);
    leasesRunOut();
    JobQueue.Lease again = a.claim(Duration.ZERO); // the same node, after the first worker stalled
    assertEquals(2, again.attempt());
    assertFalse(stalled.renew(), "the same consumer name is not enough to hold the lease");
    assertTrue(again.renew());
  }

  /**
   * A renewal resets how long the lease has been idle: an entry idle past the claimer's timeout
   * is taken over, unless its holder renewed it since. The lease is made to run out by Redis's
   * idle time, not by waiting, so nothing depends on how long the steps take.
   */
  @Test
  void renewingKeepsTheLease() throws Exception {
    JobQueue a = node("a");
    JobQueue b = node("b");
    a.offer(entry("talk"));
    JobQueue.Lease held = a.claim(WAIT);
    leasesRunOut();
    assertTrue(held.renew());
    assertNull(b.claim(Duration.ZERO), "taken over although renewed after it ran out");
    // Not renewed any more: taken over once idle for the timeout.
    leasesRunOut();
    JobQueue.Lease taken = b.claim(Duration.ZERO);
    assertNotNull(taken, "an entry idle past the timeout was not taken over");
    assertEquals(2, taken.attempt());
    assertFalse(held.renew());
    taken.complete();
  }

  @Test
  void aReleasedEntryIsClaimedAgainAtOnceWithoutCountingAnAttempt() throws Exception {
    JobQueue a = node("a");
    // A much longer timeout than a's: it takes a hand-back at once too.
    JobQueue b = node("b", 100, Duration.ofDays(30));
    a.offer(entry("talk"));
    a.offer(entry("other"));
    JobQueue.Lease held = a.claim(WAIT);
    held.release();
    JobQueue.Lease next = b.claim(Duration.ofMillis(100)); // long before the timeout
    assertEquals("talk", next.entry().videoId(), "before the entries still waiting");
    assertEquals(1, next.attempt(), "a hand-back is no lost worker");
    assertEquals(1, next.handBacks());
    assertFalse(held.renew(), "the worker that handed it back holds nothing");
    assertTrue(next.renew());
    a.claim(WAIT).complete(); // "other", out of the way
    // Lost after a hand-back: that one counts.
    leasesRunOut();
    JobQueue.Lease taken = a.claim(Duration.ZERO);
    assertNotNull(taken, "never taken over");
    assertEquals(2, taken.attempt());
    assertEquals(1, taken.handBacks());
    taken.complete();
    assertEquals(0, pending());
    assertEquals(0, redis.exists(prefix + "queue:handbacks"), "nothing kept for a completed entry");
  }

  @Test
  void aLeaseReleasedTwiceCountsOneHandBack() throws Exception {
    JobQueue a = node("a");
    JobQueue b = node("b");
    a.offer(entry("talk"));
    JobQueue.Lease held = a.claim(WAIT);
    held.release();
    held.release(); // a shutdown and a failing job may both give it back
    JobQueue.Lease next = b.claim(WAIT);
    assertEquals(1, next.handBacks());
    assertEquals(1, next.attempt(), "a delivery given back twice is still one hand-back");
  }

  @Test
  void handBacksPastTheBoundCountAsAttempts() throws Exception {
    JobQueue a = node("a");
    a.offer(entry("talk"));
    JobQueue.Lease lease = a.claim(WAIT);
    for (int i = 1; i <= RedisJobQueue.MAX_HAND_BACKS; i++) {
      lease.release();
      lease = a.claim(WAIT);
      assertEquals(1, lease.attempt(), "hand-back " + i);
    }
    // A job that every node hands back cannot go round forever: from here on they count.
    lease.release();
    lease = a.claim(WAIT);
    assertEquals(2, lease.attempt());
    assertEquals(RedisJobQueue.MAX_HAND_BACKS, lease.handBacks());
  }

  @Test
  void theQueueHoldsAtMostItsCapacityAcrossNodes() {
    JobQueue a = node("a", 2);
    JobQueue b = node("b", 2);
    assertTrue(a.offer(entry("one")));
    assertTrue(b.offer(entry("two")));
    assertFalse(a.offer(entry("three")));
    assertFalse(b.offer(entry("three")));
    assertEquals(List.of("one", "two"), a.waiting());
  }

  @Test
  void aWaitingEntryCanBeRemovedAndIsNeverClaimed() throws Exception {
    JobQueue a = node("a");
    a.offer(entry("one"));
    a.offer(entry("two"));
    assertTrue(a.remove("one"));
    assertFalse(a.remove("one"));
    assertEquals(List.of("two"), a.waiting());
    assertEquals("two", a.claim(WAIT).entry().videoId());
    assertFalse(a.remove("two"), "a claimed entry no longer waits");
    assertNull(a.claim(Duration.ofMillis(100)));
  }

  @Test
  void aNewerRunReplacesTheWaitingOne() throws Exception {
    JobQueue a = node("a");
    a.offer(entry("one"));
    a.offer(new JobQueue.Entry("one", 2, "https://example.org/one.mp4"));
    assertEquals(List.of("one"), a.waiting());
    JobQueue.Lease lease = a.claim(WAIT);
    assertEquals(2, lease.entry().run());
    assertNull(a.claim(Duration.ofMillis(100)));
  }

  @Test
  void aQueueLostWithRedisDataIsMadeAgainAndItsNodesClaimAgainWithoutARestart()
      throws Exception {
    JobQueue a = node("a");
    JobQueue b = node("b");
    // Redis restarted without persistence (or was flushed): every key of the queue is gone,
    // the consumer group the nodes made at start with it.
    redis.del(prefix + "queue", prefix + "queue:waiting", prefix + "queue:entries",
        prefix + "queue:seq");
    assertNull(a.claim(Duration.ofMillis(100)), "nothing to claim, and no failure");
    b.offer(entry("after")); // makes the stream again, without a group
    JobQueue.Lease lease = b.claim(WAIT);
    assertEquals("after", lease.entry().videoId());
    assertEquals(1, lease.attempt());
    assertEquals(1, pending());
    lease.complete();
    assertEquals(0, pending());
  }

  @Test
  void aLeaseLostWithRedisDataIsNoLongerHeldAndEndsWithoutAnError() throws Exception {
    JobQueue a = node("a");
    a.offer(entry("running"));
    JobQueue.Lease lease = a.claim(WAIT);
    // Redis flushed while the job runs: the stream and its consumer group are gone.
    redis.del(prefix + "queue", prefix + "queue:waiting", prefix + "queue:entries",
        prefix + "queue:seq", prefix + "queue:handbacks");
    assertFalse(lease.renew(), "the worker is told its lease is gone, as for a take-over");
    lease.release(); // its worker stops and hands it back: nothing to hand back, no error
    lease.complete();
  }

  @Test
  void aStartingNodeForgetsConsumersThatHoldNothingAndWereIdleLongerThanTheTimeout()
      throws Exception {
    JobQueue gone = node("gone");
    JobQueue holding = node("holding");
    gone.offer(entry("done"));
    gone.claim(WAIT).complete();
    holding.offer(entry("held"));
    JobQueue.Lease held = holding.claim(WAIT);
    assertEquals(Set.of("gone", "holding"), consumers());
    // Redis's own clock says when both have been idle past the visibility timeout.
    // (Idle only grows: once past the timeout, they stay past it however slow the machine.)
    Await.until(WAIT, "both consumers to be idle past " + SHORT_VISIBILITY.toMillis() + " ms",
        () -> redis.xinfoConsumers(prefix + "queue", "workers"),
        all -> all.stream().noneMatch(c -> idleMillis(c) <= SHORT_VISIBILITY.toMillis()));
    node("new", 100, SHORT_VISIBILITY); // forgets consumers idle past its own timeout
    // The one that holds an entry stays: its lease is for the visibility timeout to settle.
    assertEquals(Set.of("holding"), consumers());
    assertNotNull(held);
  }

  Set<String> consumers() {
    Set<String> names = new java.util.TreeSet<>();
    for (Object consumer : redis.xinfoConsumers(prefix + "queue", "workers")) {
      names.add(field(consumer, "name"));
    }
    return names;
  }

  static long idleMillis(Object consumer) {
    return Long.parseLong(field(consumer, "idle"));
  }

  /** A field of one consumer as XINFO CONSUMERS lists it: name, value, name, value... */
  static String field(Object consumer, String name) {
    List<?> pairs = (List<?>) consumer;
    for (int i = 0; i + 1 < pairs.size(); i += 2) {
      if (name.equals(String.valueOf(pairs.get(i)))) {
        return String.valueOf(pairs.get(i + 1));
      }
    }
    throw new AssertionError("no " + name + " in " + consumer);
  }
}
