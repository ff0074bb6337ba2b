package dev.slides.internal.job;

import dev.slides.JobListener;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory {@link JobTracker}. Each job's monitor orders its updates; deliveries to
 * listeners are queued per job under that monitor and handed out after it is released, by one
 * thread at a time per job: a thread that updates a job delivers its queue unless another thread
 * (or an outer call on the same thread, when a listener updated the job) is already doing so,
 * which then delivers the new item too. So listeners run outside every lock and see each job's
 * versions in order.
 */
public final class InMemoryJobTracker extends JobTracker {
  private static final Logger log = LoggerFactory.getLogger(InMemoryJobTracker.class);

  private final Clock clock;
  private final ConcurrentHashMap<String, Cell> jobs = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<JobListener> listeners = new CopyOnWriteArrayList<>();

  public InMemoryJobTracker(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Creation createOrRestart(String videoId, JobState initial,
      Predicate<JobState> replaceIf) {
    return createOrRestart(videoId, initial, replaceIf, null);
  }

  @Override
  public Creation createOrRestart(String videoId, JobState initial,
      Predicate<JobState> replaceIf, Instant createdAt) {
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(replaceIf, "replaceIf");
    while (true) {
      Cell existing = jobs.get(videoId);
      Creation result;
      if (existing == null) {
        Cell fresh = new Cell(videoId);
        synchronized (fresh) {
          if (jobs.putIfAbsent(videoId, fresh) != null) {
            continue; // somebody else won the race: look again
          }
          fresh.state = stamp(initial, at(createdAt), 1);
          fresh.run = 1;
          fresh.origin = 1;
          fresh.live = true;
          fresh.enqueue(fresh.state, null);
          result = new Creation(fresh.state, true, new InMemoryRun(fresh, 1));
        }
        drain(fresh);
        return result;
      }
      synchronized (existing) {
        if (!existing.live) {
          continue; // removed meanwhile: look again
        }
        if (!replaceIf.test(existing.state)) {
          return new Creation(existing.state, false, null);
        }
        existing.state = stamp(initial, now(existing.state), existing.state.version() + 1);
        existing.run++;
        existing.origin = existing.run;
        existing.enqueue(existing.state, null);
        result = new Creation(existing.state, true, new InMemoryRun(existing, existing.run));
      }
      drain(existing);
      return result;
    }
  }

  @Override
  public boolean restore(String videoId, JobState state) {
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(state, "state");
    Cell fresh = new Cell(videoId);
    synchronized (fresh) {
      if (jobs.putIfAbsent(videoId, fresh) != null) {
        return false;
      }
      // It keeps its time: the list of recent jobs orders by it, and a restart is no news
      // about a job that ended before it. A record without one gets the time of this start.
      Instant at = state.updatedAt().isAfter(Instant.EPOCH) ? state.updatedAt() : now(null);
      fresh.state = stamp(state, at, Math.max(0, state.version()) + 1);
      fresh.run = 1;
      fresh.origin = 1;
      fresh.live = true;
      fresh.enqueue(fresh.state, null);
    }
    drain(fresh);
    return true;
  }

  @Override
  public Optional<Run> takeOver(String videoId, long run, JobState initial) {
    Objects.requireNonNull(initial, "initial");
    Cell job = jobs.get(videoId);
    if (job == null) {
      return Optional.empty();
    }
    Run next;
    synchronized (job) {
      if (!job.live || job.origin != run || job.state.status().isTerminal()) {
        return Optional.empty();
      }
      job.state = stamp(initial, now(job.state), job.state.version() + 1);
      job.run++;
      job.enqueue(job.state, null);
      next = new InMemoryRun(job, job.run);
    }
    drain(job);
    return Optional.of(next);
  }

  @Override
  public Optional<JobState> get(String videoId) {
    Cell job = jobs.get(videoId);
    return job == null ? Optional.empty() : Optional.ofNullable(job.state);
  }

  @Override
  public Optional<Run> run(String videoId, long number) {
    Cell job = jobs.get(videoId);
    return job == null ? Optional.empty() : Optional.of(new InMemoryRun(job, number));
  }

  @Override
  public JobState update(String videoId, UnaryOperator<JobState> change) {
    Cell job = jobs.get(videoId);
    if (job == null) {
      throw new NoSuchElementException("Job not found: " + videoId);
    }
    return apply(job, ANY_RUN, change);
  }

  private static final long ANY_RUN = -1;

  private JobState apply(Cell job, long run, UnaryOperator<JobState> change) {
    JobState next;
    synchronized (job) {
      if (!job.live) {
        if (run != ANY_RUN) {
          return job.state; // the job was removed: its runs are over
        }
        throw new NoSuchElementException("Job not found: " + job.videoId);
      }
      JobState current = job.state;
      if (run != ANY_RUN && run != job.run) {
        log.debug("Ignoring an update of job {} from run {} (current run {})", job.videoId, run,
            job.run);
        return current;
      }
      if (current.status().isTerminal()) {
        log.debug("Ignoring an update of finished job {} ({})", job.videoId, current.status());
        return current;
      }
      next = Objects.requireNonNull(change.apply(current), "change returned null");
      next = stamp(next, now(current), current.version() + 1);
      job.state = next;
      job.enqueue(next, null);
    }
    drain(job);
    return next;
  }

  @Override
  public boolean remove(String videoId) {
    return removeIf(videoId, state -> true);
  }

  /**
   * Forgets a job, as {@link #remove}, only when its state still passes {@code condition}
   * (checked under the job's lock: a job started again meanwhile stays).
   *
   * @return whether the job was forgotten
   */
  public boolean removeIf(String videoId, Predicate<JobState> condition) {
    Cell job = jobs.get(videoId);
    if (job == null) {
      return false;
    }
    synchronized (job) {
      if (!job.live || !condition.test(job.state)) {
        return false;
      }
      jobs.remove(videoId, job);
      job.live = false;
      job.enqueue(null, null); // after what is queued: its subscribers hear it is gone
    }
    drain(job);
    return true;
  }

  @Override
  public Subscription addListener(JobListener listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public Optional<Subscription> subscribe(String videoId, JobListener listener) {
    Objects.requireNonNull(listener, "listener");
    Cell job = jobs.get(videoId);
    if (job == null) {
      return Optional.empty();
    }
    Subscriber subscriber;
    synchronized (job) {
      if (!job.live) {
        return Optional.empty();
      }
      // From the current version on: earlier ones still queued are not for it.
      subscriber = new Subscriber(listener, job.state.version());
      job.subscribers.add(subscriber);
      job.enqueue(job.state, subscriber);
    }
    drain(job);
    return Optional.of(() -> job.subscribers.remove(subscriber));
  }

  @Override
  public List<Job> recent(int offset, int limit) {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit must not be negative");
    }
    return jobs.values().stream()
        .filter(j -> j.state != null)
        .map(j -> new Job(j.videoId, j.state))
        .sorted(Comparator.comparing((Job j) -> j.state().updatedAt()).reversed()
            .thenComparing(Job::videoId))
        .skip(offset)
        .limit(limit)
        .toList();
  }

  /** One pass over the jobs, without sorting or copying them as {@link #recent} does. */
  @Override
  public Map<JobStatus, Integer> countByStatus() {
    Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
    for (Cell job : jobs.values()) {
      JobState state = job.state;
      if (state != null) {
        counts.merge(state.status(), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** Number of listeners subscribed to one job (not counting those of every job). */
  public int subscriberCount(String videoId) {
    Cell job = jobs.get(videoId);
    return job == null ? 0 : job.subscribers.size();
  }

  /** {@code createdAt}, but now when it is null or later than now. */
  private Instant at(Instant createdAt) {
    Instant now = clock.instant();
    return createdAt == null || createdAt.isAfter(now) ? now : createdAt;
  }

  private Instant now(JobState previous) {
    Instant now = clock.instant();
    if (previous != null && now.isBefore(previous.updatedAt())) {
      return previous.updatedAt(); // the wall clock stepped back: keep updated_at monotonic
    }
    return now;
  }

  /**
   * Hands out the job's queued deliveries, in order, unless another thread (or an outer frame of
   * this one) is already at it; that one then delivers what was queued meanwhile.
   */
  private void drain(Cell job) {
    while (true) {
      Delivery next;
      synchronized (job) {
        if (job.delivering) {
          return;
        }
        next = job.pending.poll();
        if (next == null) {
          return;
        }
        job.delivering = true;
      }
      try {
        deliver(job, next);
      } finally {
        synchronized (job) {
          job.delivering = false;
        }
      }
    }
  }

  private void deliver(Cell job, Delivery d) {
    if (d.state == null) { // the job was forgotten
      for (Subscriber s : job.subscribers) {
        ListenerCalls.gone(s.listener, job.videoId);
      }
      job.subscribers.clear();
      return;
    }
    if (d.only != null) {
      d.only.offer(job.videoId, d.state);
      return;
    }
    for (JobListener listener : listeners) {
      ListenerCalls.update(listener, job.videoId, d.state);
    }
    for (Subscriber s : job.subscribers) {
      s.offer(job.videoId, d.state);
    }
  }

  /** A listener of one job, hearing each version once, from the one current when it came. */
  private static final class Subscriber {
    final JobListener listener;
    final long from;
    long last = -1; // only touched by the job's single delivering thread

    Subscriber(JobListener listener, long from) {
      this.listener = listener;
      this.from = from;
    }

    void offer(String videoId, JobState state) {
      if (state.version() >= from && state.version() > last) {
        last = state.version();
        ListenerCalls.update(listener, videoId, state);
      }
    }
  }

  /**
   * A state to hand out: to every listener, or to {@code only} (a new subscriber); no state: the
   * job was forgotten, which its subscribers hear last.
   */
  private record Delivery(JobState state, Subscriber only) {}

  private final class InMemoryRun implements Run {
    private final Cell job;
    private final long number;

    InMemoryRun(Cell job, long number) {
      this.job = job;
      this.number = number;
    }

    @Override
    public String videoId() {
      return job.videoId;
    }

    @Override
    public long number() {
      return number;
    }

    @Override
    public JobState state() {
      return job.state;
    }

    @Override
    public boolean isActive() {
      synchronized (job) {
        return job.live && job.run == number && !job.state.status().isTerminal();
      }
    }

    @Override
    public JobState update(UnaryOperator<JobState> change) {
      return apply(job, number, change);
    }

    @Override
    public String toString() {
      return job.videoId + "#" + number;
    }
  }

  /** One job's mutable cell; its monitor guards everything but the subscriber list. */
  private static final class Cell {
    final String videoId;
    volatile JobState state;
    long run;
    /** The run that the current run was submitted as (take-overs keep it). */
    long origin;
    boolean live;
    boolean delivering;
    final ArrayDeque<Delivery> pending = new ArrayDeque<>();
    final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    Cell(String videoId) {
      this.videoId = videoId;
    }

    void enqueue(JobState state, Subscriber only) {
      pending.add(new Delivery(state, only));
    }
  }
}
