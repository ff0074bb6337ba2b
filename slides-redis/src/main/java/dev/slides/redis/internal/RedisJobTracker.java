package dev.slides.redis.internal;

import dev.slides.JobListener;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import dev.slides.internal.job.ListenerCalls;
import dev.slides.internal.text.Quantity;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JobTracker} shared by every node through Redis.
 *
 * <p><b>State.</b> One hash per job ({@link Keys}) holds the client JSON, status, version, run,
 * the submission the run belongs to ({@code origin}) and the worker. A change is computed in Java
 * from the state read, then written by one Lua script ({@code job-write.lua}) that applies it only
 * if the job is still at the version read (else the change is computed again from the newer
 * state) and, for a run's update, only while that run is current and unfinished: a stale worker
 * (paused, partitioned, or taken over) can never overwrite a newer run. Versions grow by one with
 * every write, restarts included. A finished job's hash expires after the configured time; while
 * it runs it never does.
 *
 * <p><b>Fan-out.</b> The script publishes every write ({@code version\njson}) on the job's
 * channel. A node subscribes once per job it has subscribers for (reference-counted): it waits
 * for Redis to confirm the subscription, then reads the state, so nothing published after the read
 * is missed; it hands each subscriber the newest state first and then only newer versions, in
 * order. After a reconnect (Lettuce subscribes again by itself) the state is read again, so a
 * message lost meanwhile costs intermediate states, never the latest; should the job be gone
 * then (Redis came back without its data), its subscribers are told so
 * ({@link JobListener#onGone}) instead of waiting for ever. A job deleted while the connection
 * stayed up (a {@code FLUSHALL}) publishes nothing either: the followed jobs' versions are read
 * every third of the lease time (at most every 10 s) to notice it, and to catch up with a job
 * that moved on unheard (its read after a reconnect failed: the pub/sub connection was back
 * before the command connection). {@link #addListener} hears
 * every job through one pattern subscription. Listeners are called on one thread per tracker,
 * outside any lock, in the order Redis published: per job, in version order.
 */
public final class RedisJobTracker extends JobTracker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisJobTracker.class);
  private static final Script WRITE = Script.load("job-write.lua");
  private static final Script FIELDS = Script.load("job-fields.lua");
  private static final int FIELDS_PER_CALL = 1000;
  private static final int MAX_TRIES = 1000;

  private final RedisCommands<String, String> redis;
  private final Notifications notifications;
  private final Keys keys;
  private final Clock clock;
  private final Duration finishedTtl;
  /** How long a run's work waits for Redis to answer again: the lease time. */
  private final Duration outageWait;
  private static final long OUTAGE_RETRY_MILLIS = 250;
  /** Calls every listener, one at a time, in the order the messages came. */
  private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "slides-redis-events");
    t.setDaemon(true);
    return t;
  });
  /**
   * Looks now and then whether the jobs followed here still exist and are at the version heard:
   * Redis deleting them (a {@code FLUSHALL}, a restart without persistence that this node's
   * connections did not notice as one) publishes nothing, nor does a read that failed after a
   * reconnect get another try by itself; a stream of the job would wait for ever.
   */
  private final ScheduledExecutorService followedCheck =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slides-redis-followed");
        t.setDaemon(true);
        return t;
      });
  private final CopyOnWriteArrayList<JobListener> listeners = new CopyOnWriteArrayList<>();
  /** Channels of the jobs with subscribers here; guarded by itself. */
  private final Map<String, JobChannel> channels = new HashMap<>();
  private boolean patternSubscribed; // guarded by listeners

  RedisJobTracker(RedisCommands<String, String> redis, Notifications notifications, Keys keys,
      Clock clock, Duration finishedTtl, Duration outageWait) {
    this.redis = redis;
    this.notifications = notifications;
    this.keys = keys;
    this.clock = clock;
    this.finishedTtl = finishedTtl;
    this.outageWait = outageWait;
  }

  /**
   * Starts looking now and then whether the followed jobs still exist; the owner calls it once,
   * after construction, and {@link #close} stops it.
   */
  void start() {
    // As often as workers renew their leases: a lost job's streams end about when its worker
    // notices that its lease is gone.
    long every = Math.max(100, Math.min(10_000, outageWait.toMillis() / 3));
    followedCheck.scheduleWithFixedDelay(this::endSubscriptionsOfLostJobs, every, every,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Tells the subscribers of each followed job that Redis no longer has that it is gone, and
   * hands on the state of each that Redis has at a newer version than this node heard. Reads
   * only the versions, a thousand jobs a call; a job found missing or newer is read again in
   * full. While Redis does not answer, nothing is decided: the next look tries again.
   */
  void endSubscriptionsOfLostJobs() {
    List<JobChannel> followed;
    synchronized (channels) {
      followed = new ArrayList<>(channels.values());
    }
    try {
      List<Object> versions = fields(followed.stream().map(c -> c.videoId).toList(),
          "version");
      for (int i = 0; i < followed.size(); i++) {
        JobChannel channel = followed.get(i);
        JobState heard = channel.latest;
        Object version = versions.get(i);
        if (version == null
            || (heard != null && Long.parseLong(version.toString()) > heard.version())) {
          dispatcher.execute(channel::readAgain);
        }
      }
    } catch (RuntimeException e) {
      log.debug("Cannot look whether the followed jobs still exist: {}", e.toString());
    }
  }

  /**
   * A call a run's work makes (its updates, its checks whether it was cancelled), waiting out an
   * outage of Redis (a restart, a fail-over, a dropped link) for up to the lease time instead of
   * failing the job at the first refused command: the work pauses and goes on when Redis is
   * back. Past the lease time another node may have taken the job over, and should this run
   * still write, its writes are fenced; an outage that lasts longer is a
   * {@link RedisUnavailableException} saying so. An interrupted worker (cancelled, stopping) waits
   * for nothing. Errors Redis answers with are not an outage and are thrown at once.
   */
  private <T> T outlasting(String videoId, java.util.function.Supplier<T> call) {
    long deadline = System.nanoTime() + outageWait.toNanos();
    boolean told = false;
    while (true) {
      try {
        return call.get();
      } catch (RedisException e) {
        if (e instanceof RedisCommandExecutionException
            || Thread.currentThread().isInterrupted()) {
          throw e;
        }
        if (System.nanoTime() - deadline > 0) {
          // The worker stops and says this in its log line: the operator's words, no trace.
          throw new RedisUnavailableException("The job store (Redis) did not answer for "
              + Quantity.seconds(outageWait) + " while the job ran", e);
        }
        if (!told) {
          told = true;
          log.warn("Job {}: Redis does not answer ({}); its work waits for it", videoId,
              e.getMessage());
        }
        try {
          Thread.sleep(OUTAGE_RETRY_MILLIS);
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** What the hash holds beside the state. */
  private record Stored(JobState state, long run, long origin) {}

  private Stored read(String videoId) {
    List<KeyValue<String, String>> fields = redis.hmget(keys.job(videoId), "state", "version",
        "run", "origin");
    if (!fields.get(0).hasValue()) {
      return null;
    }
    long version = Long.parseLong(fields.get(1).getValue());
    return new Stored(JobState.fromJson(fields.get(0).getValue(), version),
        Long.parseLong(fields.get(2).getValue()), Long.parseLong(fields.get(3).getValue()));
  }

  /** The script's answer: what it did, and the job as it is after. */
  private record Written(String code, long version, long run, JobState current) {
    boolean ok() {
      return code.equals("ok");
    }
  }

  private Written write(String mode, String videoId, long expected, long fence, JobState next) {
    List<Object> answer = WRITE.run(redis, new String[] {keys.job(videoId), keys.index()},
        mode, Long.toString(expected), Long.toString(fence), next.toJson(),
        next.status().wireName(), Long.toString(micros(next.updatedAt())),
        keys.updates(videoId), Long.toString(Math.max(1, finishedTtl.toSeconds())), videoId,
        next.worker() == null ? "" : next.worker());
    String code = (String) answer.get(0);
    long version = Long.parseLong((String) answer.get(1));
    long run = Long.parseLong((String) answer.get(2));
    JobState current = null;
    if (answer.size() > 3 && !((String) answer.get(3)).isEmpty()) {
      current = JobState.fromJson((String) answer.get(3), version);
    }
    return new Written(code, version, run, current);
  }

  private static long micros(Instant at) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, at);
  }

  /** Now, but never before the previous stamp: updated_at only grows, whatever the clocks. */
  private Instant now(JobState previous) {
    Instant now = clock.instant();
    return previous != null && now.isBefore(previous.updatedAt()) ? previous.updatedAt() : now;
  }

  @Override
  public Creation createOrRestart(String videoId, JobState initial,
      Predicate<JobState> replaceIf) {
    return createOrRestart(videoId, initial, replaceIf, null);
  }

  @Override
  public Creation createOrRestart(String videoId, JobState initial,
      Predicate<JobState> replaceIf, Instant createdAt) {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(replaceIf, "replaceIf");
    for (int i = 0; i < MAX_TRIES; i++) {
      Stored current = read(videoId);
      if (current != null && !replaceIf.test(current.state())) {
        return new Creation(current.state(), false, null);
      }
      JobState previous = current == null ? null : current.state();
      long expected = previous == null ? 0 : previous.version();
      Instant now = now(previous);
      // Only a creation keeps a given time: a restart is news, and updated_at never goes back.
      Instant at = previous == null && createdAt != null && createdAt.isBefore(now) ? createdAt
          : now;
      JobState next = stamp(initial, at, expected + 1);
      Written w = write("create", videoId, expected, 0, next);
      if (w.ok()) {
        return new Creation(next, true, new RedisRun(videoId, w.run()));
      }
      // Another node wrote first: decide again on what it wrote.
    }
    throw new IllegalStateException("Job " + videoId + " changes too fast to be created");
  }

  @Override
  public Optional<Run> takeOver(String videoId, long run, JobState initial) {
    Objects.requireNonNull(initial, "initial");
    for (int i = 0; i < MAX_TRIES; i++) {
      Stored current = read(videoId);
      if (current == null || current.origin() != run
          || current.state().status().isTerminal()) {
        return Optional.empty();
      }
      JobState next = stamp(initial, now(current.state()), current.state().version() + 1);
      Written w = write("takeover", videoId, current.state().version(), run, next);
      if (w.ok()) {
        return Optional.of(new RedisRun(videoId, w.run()));
      }
      if (!w.code().equals("conflict")) {
        return Optional.empty();
      }
    }
    throw new IllegalStateException("Job " + videoId + " changes too fast to be taken over");
  }

  @Override
  public Optional<JobState> get(String videoId) {
    Stored s = read(videoId);
    return s == null ? Optional.empty() : Optional.of(s.state());
  }

  @Override
  public Optional<Run> run(String videoId, long number) {
    return redis.exists(keys.job(videoId)) > 0
        ? Optional.of(new RedisRun(videoId, number)) : Optional.empty();
  }

  @Override
  public JobState update(String videoId, UnaryOperator<JobState> change) {
    JobState result = apply(videoId, -1, change);
    if (result == null) {
      throw new NoSuchElementException("Job not found: " + videoId);
    }
    return result;
  }

  /** The change applied unless refused; the state after, or null when the job is unknown. */
  private JobState apply(String videoId, long run, UnaryOperator<JobState> change) {
    Stored current = read(videoId);
    for (int i = 0; i < MAX_TRIES; i++) {
      if (current == null) {
        return null;
      }
      JobState state = current.state();
      if (state.status().isTerminal() || (run >= 0 && current.run() != run)) {
        return state; // finished, or another run's: nothing of this caller counts any more
      }
      JobState changed = Objects.requireNonNull(change.apply(state), "change returned null");
      JobState next = stamp(changed, now(state), state.version() + 1);
      Written w = write("update", videoId, state.version(), run, next);
      switch (w.code()) {
        case "ok":
          return next;
        case "conflict":
          current = w.current() == null ? null : new Stored(w.current(), w.run(), -1);
          break;
        case "missing":
          return null;
        default:
          log.debug("Refused an update of job {} from run {} (current run {})", videoId, run,
              w.run());
          return w.current();
      }
    }
    throw new IllegalStateException("Job " + videoId + " changes too fast to be updated");
  }

  @Override
  public Subscription addListener(JobListener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (listeners) {
      if (!patternSubscribed) {
        notifications.psubscribe(keys.updatesPattern(), new Notifications.Handler() {
          @Override
          public void onMessage(String channel, String message) {
            String videoId = keys.videoIdOf(channel);
            JobState state = parse(channel, message);
            if (state == null) {
              return;
            }
            dispatcher.execute(() -> {
              for (JobListener l : listeners) {
                ListenerCalls.update(l, videoId, state);
              }
            });
          }
        });
        patternSubscribed = true;
      }
      listeners.add(listener);
    }
    return () -> listeners.remove(listener);
  }

  /** A published state, or null (logged) when the message is not one. */
  private static JobState parse(String channel, String message) {
    try {
      int newline = message.indexOf('\n');
      return JobState.fromJson(message.substring(newline + 1),
          Long.parseLong(message.substring(0, newline)));
    } catch (RuntimeException e) {
      log.warn("Ignoring a message on {} that is not a job state: {}", channel, e.toString());
      return null;
    }
  }

  @Override
  public Optional<Subscription> subscribe(String videoId, JobListener listener) {
    Objects.requireNonNull(listener, "listener");
    JobChannel channel;
    boolean first;
    synchronized (channels) {
      channel = channels.computeIfAbsent(videoId, JobChannel::new);
      first = channel.refs++ == 0;
    }
    Subscriber subscriber = new Subscriber(listener);
    Stored current;
    try {
      if (first) {
        notifications.subscribe(keys.updates(videoId), channel);
        channel.confirmed.complete(null);
      } else {
        channel.confirmed.get(30, TimeUnit.SECONDS);
      }
      // Read only once subscribed: whatever is written after this read arrives as a message.
      current = readOrKnown(channel, first);
    } catch (RuntimeException | java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException e) {
      if (first) {
        channel.confirmed.completeExceptionally(e);
      }
      release(channel);
      throw e instanceof RuntimeException r ? r
          : new RedisUnavailableException("Cannot follow job " + videoId, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      release(channel);
      throw new RedisUnavailableException("Interrupted while following job " + videoId, e);
    }
    if (current == null) {
      release(channel);
      return Optional.empty();
    }
    dispatcher.execute(() -> channel.attach(subscriber, current.state()));
    return Optional.of(new Subscription() {
      private boolean closed;

      @Override
      public synchronized void close() {
        if (!closed) {
          closed = true;
          subscriber.closed = true;
          channel.subscribers.remove(subscriber);
          release(channel);
        }
      }
    });
  }

  /**
   * The job as Redis has it; while Redis does not answer, the newest state this node already
   * follows the job at (so another client of a job followed here is still served; it catches up
   * when Redis is back, as the others do).
   */
  private Stored readOrKnown(JobChannel channel, boolean first) {
    try {
      return read(channel.videoId);
    } catch (RuntimeException e) {
      JobState known = channel.latest;
      if (first || known == null) {
        throw e;
      }
      log.debug("Redis does not answer; following job {} from version {} known here",
          channel.videoId, known.version());
      return new Stored(known, -1, -1);
    }
  }

  private void release(JobChannel channel) {
    synchronized (channels) {
      if (--channel.refs == 0 && channels.get(channel.videoId) == channel) {
        channels.remove(channel.videoId);
        notifications.unsubscribe(keys.updates(channel.videoId));
      }
    }
  }

  @Override
  public List<Job> recent(int offset, int limit) {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit must not be negative");
    }
    if (limit == 0) {
      return List.of();
    }
    List<Job> jobs = new ArrayList<>();
    for (String id : redis.zrevrange(keys.index(), offset, offset + limit - 1L)) {
      Stored s = read(id);
      if (s == null) {
        redis.zrem(keys.index(), id); // expired: the listing forgets it too
      } else {
        jobs.add(new Job(id, s.state()));
      }
    }
    return jobs;
  }

  /**
   * Reads only each job's status, a thousand jobs a script call: a scrape of the metrics costs
   * a few round trips, not one per job kept (a week of them by default).
   */
  @Override
  public Map<JobStatus, Integer> countByStatus() {
    Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
    List<String> ids = redis.zrange(keys.index(), 0, -1);
    List<String> expired = new ArrayList<>();
    List<Object> statuses = fields(ids, "status");
    for (int i = 0; i < ids.size(); i++) {
      Object status = statuses.get(i);
      if (status == null) {
        expired.add(ids.get(i)); // the listing forgets it too, as recent() does
      } else {
        counts.merge(JobStatus.fromWireName(status.toString()), 1, Integer::sum);
      }
    }
    if (!expired.isEmpty()) {
      redis.zrem(keys.index(), expired.toArray(String[]::new));
    }
    return counts;
  }

  /**
   * The {@code field} of each job of {@code videoIds}, in their order, null where Redis has
   * none: only that field is read, a thousand jobs a script call.
   */
  private List<Object> fields(List<String> videoIds, String field) {
    List<Object> values = new ArrayList<>(videoIds.size());
    for (int from = 0; from < videoIds.size(); from += FIELDS_PER_CALL) {
      List<String> chunk =
          videoIds.subList(from, Math.min(videoIds.size(), from + FIELDS_PER_CALL));
      List<Object> answered = FIELDS.run(redis,
          chunk.stream().map(keys::job).toArray(String[]::new), field);
      for (int i = 0; i < chunk.size(); i++) {
        values.add(i < answered.size() ? answered.get(i) : null);
      }
    }
    return values;
  }

  @Override
  public boolean remove(String videoId) {
    boolean known = redis.del(keys.job(videoId)) > 0;
    redis.zrem(keys.index(), videoId);
    JobChannel channel;
    synchronized (channels) {
      channel = channels.get(videoId);
    }
    if (channel != null) {
      channel.subscribers.clear();
    }
    return known;
  }

  @Override
  public void close() {
    followedCheck.shutdownNow();
    dispatcher.shutdownNow();
  }

  /** One job's subscription on this node and its subscribers; touched on the dispatcher. */
  private final class JobChannel implements Notifications.Handler {
    final String videoId;
    final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    final java.util.concurrent.CompletableFuture<Void> confirmed =
        new java.util.concurrent.CompletableFuture<>();
    int refs; // guarded by channels
    /** The newest version handed out; only the dispatcher thread writes it. */
    volatile JobState latest;

    JobChannel(String videoId) {
      this.videoId = videoId;
    }

    @Override
    public void onMessage(String channel, String message) {
      JobState state = parse(channel, message);
      if (state != null) {
        dispatcher.execute(() -> offer(state));
      }
    }

    @Override
    public void onSubscribed(String channel) {
      // After a reconnect: what was published meanwhile is lost, the state is not.
      dispatcher.execute(this::readAgain);
    }

    /** Hands on the job's state as Redis has it now, or tells the subscribers it is gone. */
    void readAgain() {
      if (subscribers.isEmpty()) {
        return;
      }
      try {
        Stored s = read(videoId);
        if (s != null) {
          offer(s.state());
        } else {
          // Redis lost the job (it came back without its data, or was flushed): nothing will
          // be published for it any more, so its subscribers would wait for ever.
          List<Subscriber> told = subscribers.stream().filter(sub -> !sub.gone).toList();
          if (!told.isEmpty()) {
            log.info("Job {} is gone from Redis; ending its {} here", videoId,
                Quantity.of(told.size(), "subscription"));
          }
          for (Subscriber subscriber : told) {
            subscriber.gone(videoId);
          }
        }
      } catch (RuntimeException e) {
        log.warn("Cannot read job {} again ({}); trying again at the next look", videoId,
            e.toString());
      }
    }

    /** A state from Redis: handed to every subscriber if newer than what they have. */
    void offer(JobState state) {
      if (latest != null && state.version() <= latest.version()) {
        return;
      }
      latest = state;
      for (Subscriber s : subscribers) {
        s.offer(videoId, state);
      }
    }

    /** A new subscriber: the newest state known first, then everything newer. */
    void attach(Subscriber subscriber, JobState read) {
      if (subscriber.closed) {
        return;
      }
      offer(read);
      subscriber.offer(videoId, latest);
      subscribers.add(subscriber);
    }
  }

  /** A listener of one job, hearing each version once. */
  private static final class Subscriber {
    final JobListener listener;
    long last = -1; // only the dispatcher thread touches it
    boolean gone; // only the dispatcher thread touches it
    volatile boolean closed;

    Subscriber(JobListener listener) {
      this.listener = listener;
    }

    void offer(String videoId, JobState state) {
      if (!closed && !gone && state.version() > last) {
        last = state.version();
        ListenerCalls.update(listener, videoId, state);
      }
    }

    /** The job is gone: told once, and nothing after. */
    void gone(String videoId) {
      if (!closed && !gone) {
        gone = true;
        ListenerCalls.gone(listener, videoId);
      }
    }
  }

  private final class RedisRun implements Run {
    private final String videoId;
    private final long number;
    private volatile JobState last;

    RedisRun(String videoId, long number) {
      this.videoId = videoId;
      this.number = number;
    }

    @Override
    public String videoId() {
      return videoId;
    }

    @Override
    public long number() {
      return number;
    }

    @Override
    public JobState state() {
      Stored s = read(videoId);
      if (s != null) {
        last = s.state();
      }
      return last;
    }

    @Override
    public boolean isActive() {
      List<KeyValue<String, String>> fields =
          outlasting(videoId, () -> redis.hmget(keys.job(videoId), "run", "status"));
      if (!fields.get(0).hasValue()) {
        return false;
      }
      String status = fields.get(1).getValue();
      return Long.parseLong(fields.get(0).getValue()) == number
          && !status.equals("completed") && !status.equals("failed");
    }

    @Override
    public JobState update(UnaryOperator<JobState> change) {
      JobState after = outlasting(videoId, () -> apply(videoId, number, change));
      if (after != null) {
        last = after;
      }
      return last;
    }

    @Override
    public String toString() {
      return videoId + "#" + number;
    }
  }
}
