package dev.slides;

/**
 * Receives every accepted update of the jobs it listens to, in order per job.
 *
 * <p>Like OkHttp's {@code EventListener}: called outside any lock of the tracker, in version
 * order per job, on a thread that updated the job (or on a thread of a shared tracker's client),
 * so it must return quickly: hand heavy work to another thread. It may update jobs itself, from
 * its own thread or another one; an update it makes of the same job is delivered after it
 * returns. An exception thrown here is logged and otherwise ignored: it never reaches the job
 * nor other listeners. See {@link JobTracker} for the whole contract.
 */
@FunctionalInterface
public interface JobListener {
  /**
   * One accepted change.
   *
   * @param videoId the job's id
   * @param state the job's state after the change, stamped with its version and time
   */
  void onUpdate(String videoId, JobState state);

  /**
   * The job subscribed to is no longer known to the tracker (it was {@linkplain
   * JobTracker#remove removed}, or a shared store lost it, as a Redis without persistence does
   * when it restarts): nothing more will come for it. Called at most
   * once, after every state delivered, and only to listeners given to
   * {@link JobTracker#subscribe}; by default nothing happens.
   *
   * @param videoId the job's id
   */
  default void onGone(String videoId) {}
}
