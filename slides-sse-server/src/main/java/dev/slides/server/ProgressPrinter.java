package dev.slides.server;

import dev.slides.JobListener;
import dev.slides.JobState;
import dev.slides.JobStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows a job's progress on the console: a bar redrawn in place on a terminal, or plain lines
 * (one per phase and per tenth of the way) when the output is a file or a pipe. Both show the
 * time since the job started and, once it has gone far enough to tell, an estimate of the time
 * left: the time so far scaled by the share of the bar still to go.
 */
final class ProgressPrinter implements JobListener {
  private static final int BAR = 30;
  /** Below this share of the bar or this time, an estimate would be a guess. */
  private static final double ETA_MIN_PERCENT = 2;
  private static final long ETA_MIN_NANOS = 2_000_000_000L;

  private final PrintWriter out;
  private final boolean terminal;
  private final LongSupplier nanoTime;
  private long startNanos = Long.MIN_VALUE;
  private String videoId;
  private JobStatus lastStatus;
  private int lastTenth = -1;
  private int lastLength;
  private boolean midLine;
  private boolean stopped;

  ProgressPrinter(PrintWriter out, boolean terminal) {
    this(out, terminal, System::nanoTime);
  }

  ProgressPrinter(PrintWriter out, boolean terminal, LongSupplier nanoTime) {
    this.out = out;
    this.terminal = terminal;
    this.nanoTime = nanoTime;
  }

  @Override
  public synchronized void onUpdate(String videoId, JobState state) {
    if (stopped) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (!videoId.equals(this.videoId) || state.status() == JobStatus.PENDING) {
      this.videoId = videoId; // a new job of a batch: its own clock
      startNanos = now;
      lastStatus = null;
      lastTenth = -1;
    }
    double percent = state.percent() == null ? 0 : state.percent();
    if (state.status() == JobStatus.COMPLETED) {
      percent = 100;
    }
    // An analysis whose total is unknown (a video declaring no length) holds the bar still:
    // the time so far says nothing about the time left.
    boolean unknownTotal = state.status() == JobStatus.EXTRACTING && state.frameCount() == null
        && state.currentFrame() != null;
    String times = unknownTotal ? clock(now - startNanos) + " elapsed"
        : times(now - startNanos, percent, state.status());
    if (terminal) {
      drawBar(state, percent, times);
    } else {
      int tenth = (int) (percent / 10);
      if (state.status() != lastStatus || tenth > lastTenth) {
        out.printf(Locale.ROOT, "%5.1f%% %-11s %-26s %s%n", percent, state.status().wireName(),
            times, message(state));
        out.flush();
      }
      lastTenth = state.status() != lastStatus ? tenth : Math.max(lastTenth, tenth);
    }
    lastStatus = state.status();
  }

  /**
   * Shows nothing more, and ends a bar drawn in place with a line break so that whatever is
   * printed next ("Cancelled") starts on a new line. The progress shown stays where the work
   * was stopped rather than showing how it wound down.
   */
  synchronized void stop() {
    stopped = true;
    endLine();
  }

  /** Ends a bar drawn in place with a line break. */
  private void endLine() {
    if (midLine) {
      out.println();
      out.flush();
      midLine = false;
    }
  }

  private void drawBar(JobState state, double percent, String times) {
    int filled = (int) Math.round(BAR * percent / 100.0);
    String line = String.format(Locale.ROOT, "[%s%s] %5.1f%% %-11s %-26s %s",
        "#".repeat(filled), ".".repeat(BAR - filled), percent, state.status().wireName(), times,
        message(state));
    int pad = Math.max(0, lastLength - line.length());
    out.print("\r" + line + " ".repeat(pad));
    lastLength = line.length();
    midLine = true;
    if (state.status().isTerminal()) {
      out.println();
      midLine = false;
      lastLength = 0;
    }
    out.flush();
  }

  /**
   * Whether standard input (0), output (1) or error (2) is a terminal: where a bar redrawn in
   * place belongs (a pipe or a file gets lines, never carriage returns), where no video comes
   * from. Java has no isatty: on Linux {@code /proc/self/fd} names the terminal
   * ({@code /dev/pts/3}); elsewhere {@link System#console()} tells for standard input and
   * output (it looks at both), and standard error, which it does not look at, counts as none.
   * It told for standard error too, so {@code --csv - 2>log} at a terminal filled the log with
   * redrawn bars.
   */
  static boolean isTerminal(int fd) {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty")
          || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return fd != 2 && System.console() != null;
    }
  }

  private static String message(JobState state) {
    return state.message() == null ? "" : state.message();
  }

  /** "0:12 elapsed, ~0:30 left", or just the elapsed time when there is nothing to estimate. */
  static String times(long elapsedNanos, double percent, JobStatus status) {
    String elapsed = clock(elapsedNanos) + " elapsed";
    if (status.isTerminal() || percent < ETA_MIN_PERCENT || elapsedNanos < ETA_MIN_NANOS) {
      return elapsed;
    }
    double left = elapsedNanos * (100 - percent) / percent;
    return elapsed + ", ~" + clock((long) left) + " left";
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
  static String clock(long nanos) {
    long s = Math.max(0, nanos / 1_000_000_000L);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
