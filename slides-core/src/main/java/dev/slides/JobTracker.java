package dev.slides;

import dev.slides.internal.service.JobRecords;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * The thread-safe registry of jobs by video id.
 *
 * <p>Every accepted change stamps {@code updated_at} (never earlier than the previous stamp) and a
 * per-job {@linkplain JobState#version() version} that only grows, then reaches the listeners:
 * first those added with {@link #addListener} (all jobs), then those subscribed to that job. Each
 * listener sees every change of a job, in order. Nothing here polls.
 *
 * <p>Each creation or restart of a job starts a new {@link Run}. Whoever does the work of a job
 * updates it through its run, so once the job has been restarted, a worker still busy with an
 * older run (a cancelled download that has not noticed yet) can no longer change it.
 *
 * <pre>{@code
 * JobTracker jobs = new JobTracker();
 * jobs.addListener((id, state) -> log.info("{} -> {}", id, state.toJson()));
 * jobs.createOrRestart("abc", JobState.of(JobStatus.PENDING, "Job initialized"), s -> false);
 * jobs.update("abc", s -> s.withStatus(JobStatus.EXTRACTING, "Analysing frames"));
 * }</pre>
 */
public final class JobTracker {
  private static final Logger log = LoggerFactory.getLogger(JobTracker.class);

  private final Clock clock;
  private final ConcurrentHashMap<String, Job> jobs = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<JobListener> listeners = new CopyOnWriteArrayList<>();

  public JobTracker() {
    this(Clock.systemUTC());
  }

  public JobTracker(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The outcome of a creation attempt: the job's state, and whether this call created (or
   * restarted) it.
   *
   * @param state the job's state after the call
   * @param created true when this call started a new run of the job
   * @param run the run this call started; null when {@code created} is false
   */
  public record Creation(JobState state, boolean created, Run run) {}

  /**
   * One run of a job: what one {@link #createOrRestart} started. Its updates reach the job only
   * while it is the job's current run and the job has not finished; after that they are
   * ignored, so work that outlives a cancel or a restart cannot touch the job's next run.
   */
  public final class Run {
    private final String videoId;
    private final Job job;
    private final long number;

    private Run(String videoId, Job job, long number) {
      this.videoId = videoId;
      this.job = job;
      this.number = number;
    }

    public String videoId() {
      return videoId;
    }

    /** Counts the runs of one job: 1, 2, ... */
    public long number() {
      return number;
    }

    /** The job's current state (which may already belong to a later run). */
    public JobState state() {
      return job.state;
    }

    /** True while this is the job's current run and the job has not finished. */
    public boolean isActive() {
      synchronized (job) {
        return job.live && job.run == number && !job.state.status().isTerminal();
      }
    }

    /**
     * Applies {@code change} like {@link JobTracker#update}, but only while this run
     * {@linkplain #isActive() is active}; otherwise returns the job's state untouched.
     */
    public JobState update(UnaryOperator<JobState> change) {
      return apply(videoId, job, number, change);
    }

    @Override
    public String toString() {
      return videoId + "#" + number;
    }
  }

  /** A registration that ends with {@link #close()}; closing twice is harmless. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /** The current state of a job, if the tracker knows it. */
  public Optional<JobState> get(String videoId) {
    Job job = jobs.get(videoId);
    return job == null ? Optional.empty() : Optional.of(job.state);
  }

  /** Every known job and its current state, in no particular order. */
  public Map<String, JobState> snapshot() {
    Map<String, JobState> copy = new LinkedHashMap<>();
    jobs.forEach((id, job) -> copy.put(id, job.state));
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Creates the job with {@code initial} unless it exists; when it exists and {@code replaceIf}
   * accepts its current state (say, a failed job being retried), the job starts again from
   * {@code initial}, keeping its subscribers and its growing version. Atomic: of two concurrent
   * callers for one id, exactly one gets {@code created == true}.
   */
  public Creation createOrRestart(
      String videoId, JobState initial, Predicate<? super JobState> replaceIf) {
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(initial, "initial");
    while (true) {
      Job existing = jobs.get(videoId);
      if (existing == null) {
        Job fresh = new Job();
        synchronized (fresh) {
          if (jobs.putIfAbsent(videoId, fresh) == null) {
            JobState state = initial.stamped(now(null), 1);
            fresh.state = state;
            fresh.run = 1;
            fresh.live = true;
            publish(videoId, fresh, state);
            return new Creation(state, true, new Run(videoId, fresh, 1));
          }
        }
        continue; // somebody else won the race: look again
      }
      synchronized (existing) {
        if (!existing.live) {
          continue; // removed or not yet published: look again
        }
        if (!replaceIf.test(existing.state)) {
          return new Creation(existing.state, false, null);
        }
        JobState state = initial.stamped(now(existing.state), existing.state.version() + 1);
        existing.state = state;
        existing.run++;
        publish(videoId, existing, state);
        return new Creation(state, true, new Run(videoId, existing, existing.run));
      }
    }
  }

  /**
   * Brings back a job known from an earlier process (see {@link JobRecords}), unless the tracker
   * knows it already. Its version continues from {@code state}'s, so a client that reconnects
   * with the last event id it saw before the restart still gets this state as news.
   *
   * @return true when the job was added
   */
  public boolean restore(String videoId, JobState state) {
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(state, "state");
    Job fresh = new Job();
    synchronized (fresh) {
      if (jobs.putIfAbsent(videoId, fresh) != null) {
        return false;
      }
      JobState restored = state.stamped(now(null), Math.max(0, state.version()) + 1);
      fresh.state = restored;
      fresh.run = 1;
      fresh.live = true;
      publish(videoId, fresh, restored);
      return true;
    }
  }

  /** Creates the job with {@code initial} unless it exists. */
  public Creation createIfAbsent(String videoId, JobState initial) {
    return createOrRestart(videoId, initial, state -> false);
  }

  /**
   * Applies {@code change} to the job's current state and publishes the result. A job in a
   * terminal state ({@code completed} or {@code failed}) no longer changes: the call returns its
   * state untouched. Use {@link #createOrRestart} to run a finished job again.
   *
   * @throws NoSuchElementException when the tracker does not know the job
   */
  public JobState update(String videoId, UnaryOperator<JobState> change) {
    Job job = jobs.get(videoId);
    if (job == null) {
      throw new NoSuchElementException("Job not found: " + videoId);
    }
    return apply(videoId, job, ANY_RUN, change);
  }

  private static final long ANY_RUN = -1;

  private JobState apply(String videoId, Job job, long run, UnaryOperator<JobState> change) {
    synchronized (job) {
      if (!job.live) {
        if (run != ANY_RUN) {
          return job.state; // the job was removed: its runs are over
        }
        throw new NoSuchElementException("Job not found: " + videoId);
      }
      JobState current = job.state;
      if (run != ANY_RUN && run != job.run) {
        log.debug("Ignoring an update of job {} from run {} (current run {})", videoId, run,
            job.run);
        return current;
      }
      if (current.status().isTerminal()) {
        log.debug("Ignoring an update of finished job {} ({})", videoId, current.status());
        return current;
      }
      JobState next = Objects.requireNonNull(change.apply(current), "change returned null");
      next = next.stamped(now(current), current.version() + 1);
      job.state = next;
      publish(videoId, job, next);
      return next;
    }
  }

  /** Forgets a job. Its subscribers get nothing more. Returns whether it was known. */
  public boolean remove(String videoId) {
    Job job = jobs.remove(videoId);
    if (job == null) {
      return false;
    }
    synchronized (job) {
      job.live = false;
      job.subscribers.clear();
    }
    return true;
  }

  /** Listens to every job, from the next change on. */
  public Subscription addListener(JobListener listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Listens to one job: {@code listener} receives the current state at once (on this thread),
   * then every later change, with no gap and no repeat between the two.
   *
   * @return the subscription, or empty when the tracker does not know the job
   */
  public Optional<Subscription> subscribe(String videoId, JobListener listener) {
    Objects.requireNonNull(listener, "listener");
    Job job = jobs.get(videoId);
    if (job == null) {
      return Optional.empty();
    }
    synchronized (job) {
      if (!job.live) {
        return Optional.empty();
      }
      job.subscribers.add(listener);
      deliver(listener, videoId, job.state);
    }
    return Optional.of(() -> job.subscribers.remove(listener));
  }

  /** Number of listeners subscribed to one job (not counting those of every job). */
  public int subscriberCount(String videoId) {
    Job job = jobs.get(videoId);
    return job == null ? 0 : job.subscribers.size();
  }

  private Instant now(JobState previous) {
    Instant now = clock.instant();
    if (previous != null && now.isBefore(previous.updatedAt())) {
      return previous.updatedAt(); // the wall clock stepped back: keep updated_at monotonic
    }
    return now;
  }

  private void publish(String videoId, Job job, JobState state) {
    for (JobListener listener : listeners) {
      deliver(listener, videoId, state);
    }
    for (JobListener listener : job.subscribers) {
      deliver(listener, videoId, state);
    }
  }

  private static void deliver(JobListener listener, String videoId, JobState state) {
    try {
      listener.onUpdate(videoId, state);
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      log.warn("Job listener {} failed on job {} (version {}); ignored",
          listener, videoId, state.version(), e);
    }
  }

  /** One job's mutable cell; its monitor orders the job's updates and their delivery. */
  private static final class Job {
    volatile JobState state;
    /** The current run's number; grows with every restart. */
    long run;
    boolean live;
    final CopyOnWriteArrayList<JobListener> subscribers = new CopyOnWriteArrayList<>();
  }
}
