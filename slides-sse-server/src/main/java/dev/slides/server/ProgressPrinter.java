package dev.slides.server;

import dev.slides.JobListener;
import dev.slides.JobState;
import dev.slides.JobStatus;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows a job's progress on the console: a bar redrawn in place on a terminal, or plain lines
 * (one per phase and per tenth of the way) when the output is a file or a pipe.
 */
final class ProgressPrinter implements JobListener {
  private static final int BAR = 30;

  private final PrintWriter out;
  private final boolean terminal;
  private JobStatus lastStatus;
  private int lastTenth = -1;
  private int lastLength;

  ProgressPrinter(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public synchronized void onUpdate(String videoId, JobState state) {
    double percent = state.percent() == null ? 0 : state.percent();
    if (terminal) {
      drawBar(state, percent);
    } else {
      int tenth = (int) (percent / 10);
      if (state.status() != lastStatus || tenth > lastTenth) {
        out.printf(Locale.ROOT, "%5.1f%% %-10s %s%n", percent, state.status().wireName(),
            state.message());
        out.flush();
      }
      lastTenth = state.status() != lastStatus ? (int) (percent / 10) : Math.max(lastTenth, tenth);
    }
    lastStatus = state.status();
  }

  private void drawBar(JobState state, double percent) {
    int filled = (int) Math.round(BAR * percent / 100.0);
    String line = String.format(Locale.ROOT, "[%s%s] %5.1f%% %-10s %s", "#".repeat(filled),
        ".".repeat(BAR - filled), percent, state.status().wireName(), state.message());
    int pad = Math.max(0, lastLength - line.length());
    out.print("\r" + line + " ".repeat(pad));
    lastLength = line.length();
    if (state.status().isTerminal()) {
      out.println();
    }
    out.flush();
  }
}
