package dev.slides.internal.job;

import dev.slides.JobListener;
import dev.slides.JobState;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a {@link JobListener} for a tracker so that a listener's failure stays its own: it is
 * logged and the tracker goes on telling the other listeners. Only an error of the virtual
 * machine (out of memory, a stack overflow) passes through: nothing after it can be trusted.
 *
 * <p>A listener that fails the same way again (the same exception class and message) is logged
 * with its stack trace the first time only, and at debug level after that: a listener broken
 * for good would otherwise write a stack trace for every update of every job. A different
 * failure of the same listener is logged in full again.
 */
public final class ListenerCalls {
  private static final Logger log = LoggerFactory.getLogger(ListenerCalls.class);

  /** The last failure logged in full for each listener, as class and message. */
  private static final Map<JobListener, String> LAST_LOGGED =
      Collections.synchronizedMap(new WeakHashMap<>());

  private ListenerCalls() {}

  /** {@link JobListener#onUpdate}, its failure logged. */
  public static void update(JobListener listener, String videoId, JobState state) {
    try {
      listener.onUpdate(videoId, state);
    } catch (RuntimeException | Error e) {
      failed(listener, e, "Job listener {} failed on job {} (version {}); ignored", listener,
          videoId, state.version());
    }
  }

  /** {@link JobListener#onGone}, its failure logged. */
  public static void gone(JobListener listener, String videoId) {
    try {
      listener.onGone(videoId);
    } catch (RuntimeException | Error e) {
      failed(listener, e, "Job listener {} failed on the end of job {}; ignored", listener,
          videoId);
    }
  }

  private static void failed(JobListener listener, Throwable e, String format, Object... args) {
    if (e instanceof VirtualMachineError error) {
      throw error;
    }
    String kind = e.getClass().getName() + ": " + e.getMessage();
    Object[] withCause = Arrays.copyOf(args, args.length + 1);
    withCause[args.length] = e;
    if (!Objects.equals(LAST_LOGGED.put(listener, kind), kind)) {
      log.warn(format, withCause);
    } else if (log.isDebugEnabled()) {
      log.debug(format + " (failed so before: its stack trace was logged then)", withCause);
    }
  }
}
