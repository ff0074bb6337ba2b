package dev.slides.redis.internal;

import dev.slides.internal.text.Quantity;
import dev.slides.service.JobQueue;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JobQueue} on a Redis stream read by one consumer group, {@code workers}; each node is
 * a consumer named by its node id.
 *
 * <ul>
 *   <li><b>offer</b> adds an entry ({@code video}, {@code run}, {@code source}) unless as many
 *       jobs as the capacity wait already (counted across all nodes); a sorted set keeps the
 *       waiting ids in order, so {@link #waiting()} gives exact positions;
 *   <li><b>claim</b> takes, in one script, an entry whose holder has not renewed it for the
 *       visibility timeout ({@code XAUTOCLAIM}), else the next new one ({@code XREADGROUP}).
 *       The lease's attempt is the entry's delivery count: 1 when new, one more at each take-over;
 *   <li><b>renew</b>, <b>complete</b> and <b>release</b> first check, in the same script, that the
 *       entry is still pending for this node with the delivery count it was claimed with
 *       ({@code XPENDING}): a worker that was taken over changes nothing. Renew resets the idle
 *       time ({@code XCLAIM ... JUSTID}, which counts no delivery); complete acknowledges and
 *       deletes the entry ({@code XACK}, {@code XDEL}); release marks it idle for long, so the
 *       next claim anywhere takes it at once. That claim counts a delivery, but release records
 *       a hand-back beside it ({@code queue:handbacks}), and a lease's attempt is its
 *       deliveries less its hand-backs: a node stopped on purpose (a rolling deploy) does not
 *       use up a job's attempts, which count lost workers. So that a job cannot be handed back
 *       forever, at most {@link #MAX_HAND_BACKS} are recorded per entry; later ones count as
 *       attempts.
 * </ul>
 *
 * Idle workers wait on a pub/sub message that every offer publishes, and look again at least
 * every 250 ms (by default) for entries whose lease ran out.
 *
 * <p>A claim this node gave up waiting for (Redis paused or slow past the command timeout) may
 * still run once Redis goes on, since the command is already on its way: it then takes an entry
 * that no worker here runs, which would wait for the visibility timeout and then count as a
 * lost worker's attempt. Each claim records what it took under a token of its own, and the
 * node hands back the entries of its unanswered claims (as a release does, using no attempt)
 * as soon as Redis answers again.
 */
public final class RedisJobQueue implements JobQueue {
  private static final Logger log = LoggerFactory.getLogger(RedisJobQueue.class);
  private static final Script OFFER = Script.load("queue-offer.lua");
  private static final Script CLAIM = Script.load("queue-claim.lua");
  private static final Script LEASE = Script.load("queue-lease.lua");
  private static final Script REMOVE = Script.load("queue-remove.lua");
  private static final Script PRUNE = Script.load("queue-prune.lua");
  /**
   * How often an idle worker looks again without being woken: a lease that runs out sends no
   * message.
   */
  static final Duration CLAIM_RECHECK = Duration.ofMillis(250);
  /**
   * How long a released entry reads as idle: past the visibility timeout of any node, whatever
   * each was given (one deployed with a longer timeout than the node that let the job go must
   * still take it at once, not only after its own timeout).
   */
  private static final long RELEASED_IDLE_MILLIS = Duration.ofDays(365).toMillis();
  /**
   * Hand-backs of one entry that do not count as attempts: a rolling deploy hands a running job
   * back once per node it restarts, so this covers several deploys of a large cluster during
   * one job, while a job that every node gives up on still ends.
   */
  public static final int MAX_HAND_BACKS = 20;
  /** How long a claim's record stays: far longer than any outage a node waits through. */
  private static final Duration CLAIM_RECORD = Duration.ofHours(1);

  private final RedisCommands<String, String> redis;
  private final Keys keys;
  private final String consumer;
  private final Duration visibility;
  private final int capacity;
  private final long recheckNanos;
  private final Object signal = new Object();
  private long offers; // guarded by signal
  private volatile boolean closed;
  /** Tokens of claims sent that got no answer: Redis may have run them all the same. */
  private final Queue<String> unanswered = new ConcurrentLinkedQueue<>();

  RedisJobQueue(RedisCommands<String, String> redis, Notifications notifications, Keys keys,
      String consumer, Duration visibility, int capacity, Duration recheck) {
    this.redis = redis;
    this.recheckNanos = recheck.toNanos();
    this.keys = keys;
    this.consumer = consumer;
    this.visibility = visibility;
    this.capacity = capacity;
    createGroup();
    // Live nodes ask for work far more often than once a visibility timeout.
    long forgotten = PRUNE.runForNumber(redis, new String[] {keys.queue()}, Keys.GROUP, consumer,
        Long.toString(visibility.toMillis()));
    if (forgotten > 0) {
      log.info("Forgot {} of the job queue that held nothing and were idle",
          Quantity.of(forgotten, "consumer"));
    }
    notifications.subscribe(keys.offered(), (channel, message) -> wake());
  }

  /** Makes the stream and its consumer group unless they exist. */
  private void createGroup() {
    try {
      redis.xgroupCreate(XReadArgs.StreamOffset.from(keys.queue(), "0"), Keys.GROUP,
          XGroupCreateArgs.Builder.mkstream());
    } catch (RedisBusyException e) {
      // BUSYGROUP: another node (or an earlier start) made it
    }
  }

  private void wake() {
    synchronized (signal) {
      offers++;
      signal.notifyAll();
    }
  }

  @Override
  public boolean offer(Entry entry) {
    if (closed) {
      return false;
    }
    return OFFER.runForNumber(redis,
        new String[] {keys.queue(), keys.waiting(), keys.entries(), keys.sequence()},
        entry.videoId(), Long.toString(entry.run()), entry.source(), Integer.toString(capacity),
        keys.offered()) == 1;
  }

  @Override
  public Lease claim(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!closed) {
      long seen;
      synchronized (signal) {
        seen = offers;
      }
      Lease lease = tryClaim();
      if (lease != null) {
        return lease;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      synchronized (signal) {
        if (offers == seen && !closed) {
          // Woken by an offer; a lease that runs out sends no message, so look again anyway.
          TimeUnit.NANOSECONDS.timedWait(signal,
              Math.min(left, recheckNanos));
        }
      }
    }
    return null;
  }

  private Lease tryClaim() {
    handBackUnanswered();
    String token = UUID.randomUUID().toString();
    String[] keyNames = {keys.queue(), keys.waiting(), keys.entries(), keys.handBacks(),
        keys.claim(token)};
    String timeout = Long.toString(visibility.toMillis());
    String record = Long.toString(CLAIM_RECORD.toMillis());
    List<Object> claimed;
    try {
      try {
        claimed = CLAIM.run(redis, keyNames, Keys.GROUP, consumer, timeout, record);
      } catch (RedisCommandExecutionException e) {
        if (e.getMessage() == null || !e.getMessage().startsWith("NOGROUP")) {
          throw e;
        }
        // Redis came back without its data (no persistence, or a flush): the group made at
        // start is gone, and without it no node could claim again until restarted. Make it
        // again, from the stream's start, so that jobs offered since are claimed too.
        log.warn("The job queue's consumer group was gone from Redis (data lost?); making it"
            + " again");
        createGroup();
        claimed = CLAIM.run(redis, keyNames, Keys.GROUP, consumer, timeout, record);
      }
    } catch (RuntimeException e) {
      // No answer, or one that says Redis refused it: Redis may run it later all the same.
      unanswered.add(token);
      throw e;
    }
    if (claimed == null || claimed.isEmpty() || claimed.get(0) == null) { // a Lua false
      return null;
    }
    String id = (String) claimed.get(0);
    int deliveries = Integer.parseInt((String) claimed.get(1));
    int handBacks = Integer.parseInt((String) claimed.get(5));
    Entry entry = new Entry((String) claimed.get(2), Long.parseLong((String) claimed.get(3)),
        (String) claimed.get(4));
    RedisLease lease = new RedisLease(id, entry, deliveries, handBacks);
    if (deliveries > 1) {
      log.info("Took over job {} (entry {}, attempt {}, handed back {} times)", entry.videoId(),
          id, lease.attempt(), handBacks);
    }
    return lease;
  }

  @Override
  public boolean remove(String videoId) {
    return REMOVE.runForNumber(redis,
        new String[] {keys.queue(), keys.waiting(), keys.entries()}, videoId) == 1;
  }

  /**
   * Hands back the entries that claims of this node took after it had stopped waiting for
   * their answer, so that any node takes them up at once without counting an attempt; a
   * token stays for the next turn while Redis does not answer.
   */
  private void handBackUnanswered() {
    for (String token = unanswered.peek(); token != null; token = unanswered.peek()) {
      String took = redis.get(keys.claim(token));
      if (took != null) {
        String[] parts = took.split(" ");
        // Fenced as a lease is: nothing happens if it was completed or taken over since.
        if (lease(parts[0], Integer.parseInt(parts[1]), "release")) {
          log.info("Job {}: handed back its queue entry {}, which a claim of this node took"
              + " after it had stopped waiting for Redis's answer", parts[2], parts[0]);
        }
        redis.del(keys.claim(token));
      }
      unanswered.remove(token);
    }
  }

  /** Renews, completes or releases entry {@code id} if this node still holds that delivery. */
  private boolean lease(String id, int deliveries, String action) {
    // Fenced by the deliveries, which every claim counts, hand-backs included.
    try {
      return LEASE.runForNumber(redis, new String[] {keys.queue(), keys.handBacks()},
          Keys.GROUP, consumer, id, Integer.toString(deliveries), action,
          Long.toString(RELEASED_IDLE_MILLIS),
          Integer.toString(MAX_HAND_BACKS)) == 1;
    } catch (RedisCommandExecutionException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("NOGROUP")) {
        throw e;
      }
      // Redis lost the queue (no persistence, or a flush): the entry went with it, so this
      // node holds it no more than when it was taken over.
      return false;
    }
  }

  /**
   * The ids waiting for their first worker, in the order they will be claimed. An entry taken
   * back from a lost worker is claimed before them and is not listed: positions count the jobs
   * that were never started.
   */
  @Override
  public List<String> waiting() {
    return redis.zrange(keys.waiting(), 0, -1);
  }

  @Override
  public Duration leaseTime() {
    return visibility;
  }

  /** Stops claiming; leases already held can still be renewed, completed and released. */
  @Override
  public void close() {
    closed = true;
    synchronized (signal) {
      signal.notifyAll();
    }
    try {
      handBackUnanswered(); // so that another node need not wait out the visibility timeout
    } catch (RuntimeException e) {
      log.info("Could not hand back what unanswered claims may have taken ({}); other nodes"
          + " take it over after the visibility timeout", e.toString());
    }
  }

  private final class RedisLease implements Lease {
    private final String id;
    private final Entry entry;
    private final int deliveries;
    private final int handBacks;

    RedisLease(String id, Entry entry, int deliveries, int handBacks) {
      this.id = id;
      this.entry = entry;
      this.deliveries = deliveries;
      this.handBacks = handBacks;
    }

    @Override
    public Entry entry() {
      return entry;
    }

    @Override
    public int attempt() {
      return deliveries - handBacks;
    }

    @Override
    public int handBacks() {
      return handBacks;
    }

    private boolean lease(String action) {
      return RedisJobQueue.this.lease(id, deliveries, action);
    }

    @Override
    public boolean renew() {
      return lease("renew");
    }

    @Override
    public void complete() {
      if (!lease("complete")) {
        log.info("Job {}: not acknowledged, its queue entry is no longer this node's (taken"
            + " over, or lost from Redis)", entry.videoId());
      }
    }

    @Override
    public void release() {
      if (!lease("release")) {
        log.info("Job {}: not released, its queue entry is no longer this node's (taken over,"
            + " or lost from Redis)", entry.videoId());
      }
    }

    @Override
    public String toString() {
      return entry.videoId() + " (entry " + id + ", attempt " + attempt() + ")";
    }
  }
}
