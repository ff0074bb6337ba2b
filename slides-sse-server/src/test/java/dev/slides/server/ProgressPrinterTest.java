package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slides.JobState;
import dev.slides.JobStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The console progress on a clock the test moves: elapsed time and time left. */
class ProgressPrinterTest {
  static final long SECOND = 1_000_000_000L;

  final StringWriter text = new StringWriter();
  final AtomicLong now = new AtomicLong(5 * SECOND);

  static JobState state(JobStatus status, double percent, String message) {
    return JobState.of(status, message).withPercent(percent);
  }

  @Test
  void linesShowElapsedTimeAndAnEstimateOnceThereIsEnoughToGoOn() {
    ProgressPrinter p = new ProgressPrinter(new PrintWriter(text, true), false, now::get);
    p.onUpdate("talk", state(JobStatus.PENDING, 0, "Processing started"));
    now.addAndGet(SECOND);
    p.onUpdate("talk", state(JobStatus.EXTRACTING, 1, "Analysing")); // too early to tell
    now.addAndGet(9 * SECOND);
    p.onUpdate("talk", state(JobStatus.EXTRACTING, 25, "Analysing")); // 10 s for a quarter
    now.addAndGet(80 * SECOND);
    p.onUpdate("talk", state(JobStatus.EXTRACTING, 50, "Analysing")); // 90 s for a half
    now.addAndGet(3600 * SECOND);
    p.onUpdate("talk", state(JobStatus.COMPLETED, 100, "Done"));
    List<String> lines = text.toString().lines().map(String::stripTrailing).toList();
    assertEquals(List.of(
        "  0.0% pending     0:00 elapsed               Processing started",
        "  1.0% extracting  0:01 elapsed               Analysing",
        " 25.0% extracting  0:10 elapsed, ~0:30 left   Analysing",
        " 50.0% extracting  1:30 elapsed, ~1:30 left   Analysing",
        "100.0% completed   1:01:30 elapsed            Done"), lines);
    // The messages stay in one column when the estimate appears: the bar is redrawn in place,
    // and a message that jumps two places to the right as it does reads as a flicker.
    assertEquals(1, lines.subList(1, 4).stream().map(l -> l.indexOf("Analysing")).distinct()
        .count(), String.join("\n", lines));
  }

  @Test
  void anAnalysisOfUnknownLengthShowsNoEstimate() {
    ProgressPrinter p = new ProgressPrinter(new PrintWriter(text, true), false, now::get);
    p.onUpdate("piped", state(JobStatus.DOWNLOADING, 20, "Read the video"));
    now.addAndGet(30 * SECOND);
    // A video that declares no length: the bar holds at the analysis' start, no frame count.
    p.onUpdate("piped", state(JobStatus.EXTRACTING, 20, "Analyzing frames: frame 120")
        .withFrames(null, 120));
    assertEquals(" 20.0% extracting  0:30 elapsed               Analyzing frames: frame 120",
        text.toString().lines().toList().get(1).stripTrailing());
  }

  @Test
  void eachJobOfABatchHasItsOwnClock() {
    ProgressPrinter p = new ProgressPrinter(new PrintWriter(text, true), false, now::get);
    p.onUpdate("a", state(JobStatus.EXTRACTING, 10, "a"));
    now.addAndGet(100 * SECOND);
    p.onUpdate("b", state(JobStatus.EXTRACTING, 10, "b"));
    assertEquals(" 10.0% extracting  0:00 elapsed               b",
        text.toString().lines().toList().get(1).stripTrailing());
  }

  @Test
  void aStoppedBarEndsItsLineAndShowsNothingMore() {
    ProgressPrinter p = new ProgressPrinter(new PrintWriter(text, true), true, now::get);
    p.onUpdate("talk", state(JobStatus.EXTRACTING, 50, "Analysing"));
    p.stop();
    p.onUpdate("talk", JobState.of(JobStatus.FAILED, "Slide extraction failed"));
    p.stop();
    assertEquals("\r[###############...............]  50.0% extracting  0:00 elapsed"
        + "               Analysing" + System.lineSeparator(), text.toString());
  }
}
