package dev.slides;

/**
 * Receives every accepted update of the jobs it listens to, in order per job.
 *
 * <p>Like OkHttp's {@code EventListener}: called on the thread that made the update, while the
 * job's ordering lock is held, so it must return quickly and must not call back into the tracker
 * for the same job from another thread while waiting. Heavy work belongs elsewhere (a queue, an
 * I/O thread). An exception thrown here is logged and otherwise ignored: it never reaches the
 * job nor other listeners.
 */
@FunctionalInterface
public interface JobListener {
  void onUpdate(String videoId, JobState state);
}
