package dev.slides.internal.job;

import dev.slides.JobListener;
import dev.slides.JobState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a {@link JobListener} for a tracker so that a listener's failure stays its own: it is
 * logged and the tracker goes on telling the other listeners. Only an error of the virtual
 * machine (out of memory, a stack overflow) passes through: nothing after it can be trusted.
 */
public final class ListenerCalls {
  private static final Logger log = LoggerFactory.getLogger(ListenerCalls.class);

  private ListenerCalls() {}

  /** {@link JobListener#onUpdate}, its failure logged. */
  public static void update(JobListener listener, String videoId, JobState state) {
    try {
      listener.onUpdate(videoId, state);
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      log.warn("Job listener {} failed on job {} (version {}); ignored", listener, videoId,
          state.version(), e);
    }
  }

  /** {@link JobListener#onGone}, its failure logged. */
  public static void gone(JobListener listener, String videoId) {
    try {
      listener.onGone(videoId);
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      log.warn("Job listener {} failed on the end of job {}; ignored", listener, videoId, e);
    }
  }
}
