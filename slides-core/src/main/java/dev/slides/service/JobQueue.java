package dev.slides.service;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where submitted jobs wait for a worker. The {@link SlideService} keeps one in memory by
 * default; a shared implementation (Redis Streams, in {@code slides-redis}) lets the workers of
 * several nodes take jobs from one queue and take over those of a node that stopped.
 *
 * <p>A worker {@linkplain #claim claims} an entry and holds it as a {@link Lease}: it renews the
 * lease while it works, {@linkplain Lease#complete() completes} it when the job ends (whatever
 * the outcome), or {@linkplain Lease#release() releases} it for another worker. A shared queue
 * hands an entry whose lease was not renewed in time to another worker, counting the attempt
 * (a lost worker); an entry released on purpose is handed on without counting one.
 * Implementations are thread-safe.
 */
public interface JobQueue extends AutoCloseable {
  /**
   * A job to run.
   *
   * @param videoId the job's id
   * @param run the run of the job this entry belongs to (see {@link dev.slides.JobTracker.Run})
   * @param source what to fetch: {@code youtube:<id>} for the configured video source, or an
   *     http(s) URL given by a caller
   */
  record Entry(String videoId, long run, String source) {
    /** Checks that neither {@code videoId} nor {@code source} is null. */
    public Entry {
      Objects.requireNonNull(videoId, "videoId");
      Objects.requireNonNull(source, "source");
    }
  }

  /** A claimed entry. */
  interface Lease {
    /** What was claimed. */
    Entry entry();

    /**
     * 1 on the first claim; one more each time a lost worker's entry is taken over. An entry
     * {@linkplain #release() handed back} is not a lost worker's (see {@link #handBacks()}).
     */
    int attempt();

    /**
     * How many times workers handed this entry back before this claim. Such an entry is
     * started again like a lost worker's, but the hand-back is not counted in
     * {@link #attempt()}; a queue may bound how many hand-backs it leaves uncounted. A queue
     * that never hands entries to another worker answers 0, the default.
     */
    default int handBacks() {
      return 0;
    }

    /**
     * Extends the lease. Returns false when this worker no longer holds it (it was taken
     * over): the worker must stop working on the entry.
     */
    boolean renew();

    /** The job ended (completed or failed): the entry leaves the queue. */
    void complete();

    /**
     * Gives the entry back for another worker to take (on shutdown), which starts it again
     * without counting an attempt.
     */
    void release();
  }

  /**
   * Adds {@code entry} unless the queue is full; the check and the addition are one step.
   *
   * @return false when the queue is full
   */
  boolean offer(Entry entry);

  /**
   * Takes the next waiting entry, waiting up to {@code timeout} for one.
   *
   * @return the lease, or null when none came
   */
  Lease claim(Duration timeout) throws InterruptedException;

  /** Removes a waiting (not yet claimed) entry of {@code videoId}; false when there is none. */
  boolean remove(String videoId);

  /** The ids waiting, in the order they will be claimed. */
  List<String> waiting();

  /** How long a lease lasts without renewal; workers renew well within it. */
  Duration leaseTime();

  @Override
  void close();
}
