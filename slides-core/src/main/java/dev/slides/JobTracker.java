package dev.slides;

import dev.slides.internal.job.InMemoryJobTracker;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The record of jobs by video id, and their fan-out to listeners. {@link #inMemory()} keeps them
 * in this process (the default); a shared implementation (Redis, in {@code slides-redis}) lets
 * several nodes see and run the same jobs.
 *
 * <p>Every accepted change stamps {@code updated_at} (never earlier than the previous stamp) and a
 * per-job {@linkplain JobState#version() version} that only grows. A job in a terminal state
 * ({@code completed} or {@code failed}) no longer changes until a new run starts it again.
 *
 * <p>Each creation or restart of a job starts a new {@link Run}. Whoever does the work of a job
 * updates it through its run, so once the job has been cancelled or restarted, a worker still
 * busy with an older run cannot change it any more.
 *
 * <h2>Listeners</h2>
 * A {@link JobListener} added with {@link #addListener} hears every change of every job; one
 * given to {@link #subscribe} hears the job's current state, then every later change of it, with
 * no gap and no repeat. Listeners are called:
 * <ul>
 *   <li>outside any lock of the tracker, so a listener may itself update jobs, from its own
 *       thread or another one, without deadlock;
 *   <li>in version order for each job: no listener ever sees a job's version 3 after its
 *       version 4, even when updates of the job come from several threads at once or from a
 *       listener (the update is delivered after the listener returns);
 *   <li>on a thread that updated that job (the in-memory tracker delivers on the updating thread,
 *       or on whichever updating thread is already delivering for the job), or on a thread of the
 *       shared store's client. Listeners must therefore be quick and must not block: hand slow
 *       work to another thread;
 *   <li>each on its own: a listener that throws is logged and skipped; the others and the update
 *       are unaffected.
 * </ul>
 *
 * <pre>{@code
 * JobTracker jobs = JobTracker.inMemory();
 * jobs.addListener((id, state) -> log.info("{} -> {}", id, state.toJson()));
 * JobTracker.Run run = jobs.createIfAbsent("abc", JobState.of(JobStatus.PENDING, "Queued")).run();
 * run.update(s -> s.withStatus(JobStatus.EXTRACTING, "Analysing frames"));
 * }</pre>
 */
public abstract class JobTracker {
  /** For implementations only: a tracker is made with {@link #inMemory()} or by a plug-in. */
  protected JobTracker() {}

  /** A tracker that keeps jobs in this process: the default of the library and the server. */
  public static JobTracker inMemory() {
    return new InMemoryJobTracker(Clock.systemUTC());
  }

  /** An in-memory tracker stamping times from {@code clock} (for tests). */
  public static JobTracker inMemory(Clock clock) {
    return new InMemoryJobTracker(clock);
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
  public interface Run {
    /** The job's id. */
    String videoId();

    /** Counts the runs of one job: 1, 2, ... */
    long number();

    /** The job's current state (which may already belong to a later run). */
    JobState state();

    /** True while this is the job's current run and the job has not finished. */
    boolean isActive();

    /**
     * Applies {@code change} like {@link JobTracker#update}, but only while this run
     * {@linkplain #isActive() is active}; otherwise returns the job's state untouched.
     */
    JobState update(UnaryOperator<JobState> change);
  }

  /** A registration that ends with {@link #close()}; closing twice is harmless. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /** A job and its state, as {@link #recent} lists them. */
  public record Job(String videoId, JobState state) {}

  /**
   * Creates the job with {@code initial}, or, when it exists and {@code replaceIf} accepts its
   * current state, starts a new run of it with {@code initial}. Atomic: of several concurrent
   * calls for one id (on any node of a shared tracker), one creates.
   */
  public abstract Creation createOrRestart(String videoId, JobState initial,
      Predicate<JobState> replaceIf);

  /**
   * As {@link #createOrRestart(String, JobState, Predicate)}, but a job this call creates (one
   * the tracker did not know) is stamped {@code createdAt} rather than now: for a finished job
   * rebuilt from a record of when it finished (its manifest), so that it reads the same however
   * often it is rebuilt. A restart is news, and is stamped now. The trackers of this project
   * keep {@code createdAt}; the default, for other trackers, stamps now.
   *
   * @param createdAt when what {@code initial} describes happened; null, or a time after now,
   *     means now
   */
  public Creation createOrRestart(String videoId, JobState initial,
      Predicate<JobState> replaceIf, Instant createdAt) {
    return createOrRestart(videoId, initial, replaceIf);
  }

  /**
   * Starts a new run of the job for a worker taking over the work of a lost one (its node
   * stopped, or it let the work go): atomically, when the job has not finished and its current
   * run is {@code run} or a run started by an earlier take-over of {@code run}. From then on the
   * lost worker's run no longer counts, so its late updates cannot touch the job. An
   * {@code initial} state that is terminal ends the job instead (a worker that gives up).
   *
   * @param run the run the queued work was submitted as (its queue entry's run)
   * @return the new run, or empty when the job is unknown, has finished, or was started again by
   *     a new submission meanwhile (the work is then no longer wanted)
   */
  public abstract Optional<Run> takeOver(String videoId, long run, JobState initial);

  /** Creates the job with {@code initial} unless it exists. */
  public Creation createIfAbsent(String videoId, JobState initial) {
    return createOrRestart(videoId, initial, state -> false);
  }

  /**
   * Creates the job with {@code initial}, stamped {@code createdAt}, unless it exists (see
   * {@link #createOrRestart(String, JobState, Predicate, Instant)}).
   */
  public Creation createIfAbsent(String videoId, JobState initial, Instant createdAt) {
    return createOrRestart(videoId, initial, state -> false, createdAt);
  }

  /** The job's current state. */
  public abstract Optional<JobState> get(String videoId);

  /**
   * A handle on run {@code number} of the job, for a worker that knows the run only by its
   * number (from a queue): it updates the job only while that run is current and unfinished.
   *
   * @return empty when the tracker does not know the job
   */
  public abstract Optional<Run> run(String videoId, long number);

  /**
   * Applies {@code change} to the job's current state and publishes the result, whatever run is
   * current. A finished job no longer changes: the call returns its state untouched. Work that
   * belongs to a run updates through {@link Run#update} instead.
   *
   * @throws NoSuchElementException when the tracker does not know the job
   */
  public abstract JobState update(String videoId, UnaryOperator<JobState> change);

  /** Listens to every job, from the next change on. */
  public abstract Subscription addListener(JobListener listener);

  /**
   * Listens to one job: {@code listener} hears the current state first, then every later
   * change, with no gap and no repeat between the two.
   *
   * @return the subscription, or empty when the tracker does not know the job
   */
  public abstract Optional<Subscription> subscribe(String videoId, JobListener listener);

  /** Up to {@code limit} jobs, most recently updated first, skipping the first {@code offset}. */
  public abstract List<Job> recent(int offset, int limit);

  /**
   * How many jobs the tracker knows, by status (a status no job has is absent), as a metrics
   * scrape asks for it. This lists every job through {@link #recent}; a tracker whose jobs live
   * elsewhere overrides it with a way that does not fetch each job's whole state.
   */
  public Map<JobStatus, Integer> countByStatus() {
    Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
    for (Job job : recent(0, Integer.MAX_VALUE)) {
      counts.merge(job.state().status(), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * Forgets a job: its subscribers hear what was already on its way, then
   * {@link JobListener#onGone}, and nothing more. Returns whether it was known.
   */
  public abstract boolean remove(String videoId);

  /**
   * Brings back a job known from an earlier process (a job record kept on disk), unless the
   * tracker knows it already. Its version continues from {@code state}'s, so a client that
   * reconnects with the last event id it saw still gets this state as news; its
   * {@code updated_at} stays {@code state}'s (the time of this call when it has none). A
   * shared tracker that outlives processes ignores this (returns false).
   *
   * @return true when the job was added
   */
  public boolean restore(String videoId, JobState state) {
    return false;
  }

  /**
   * For implementations: {@code state} stamped with its update time and version, the only way
   * a state gets them.
   */
  protected static JobState stamp(JobState state, Instant updatedAt, long version) {
    return state.stamped(updatedAt, version);
  }
}
