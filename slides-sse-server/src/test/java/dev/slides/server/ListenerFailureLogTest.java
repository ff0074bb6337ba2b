package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slides.JobListener;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import dev.slides.internal.job.ListenerCalls;
import org.junit.jupiter.api.Test;

/**
 * A listener broken for good is said once, not at every update: the tracker's log holds one
 * line (with its stack trace) for each different failure of a listener. In this module for its
 * Logback, where the log can be read back.
 */
class ListenerFailureLogTest {
  @Test
  void aListenerThatFailsTheSameWayAgainIsLoggedOnce() {
    JobTracker tracker = JobTracker.inMemory();
    String[] failure = {"broken"};
    JobListener broken = (id, state) -> {
      throw new IllegalStateException(failure[0]);
    };
    try (LogLines log = new LogLines(ListenerCalls.class)) {
      tracker.addListener(broken);
      tracker.createIfAbsent("talk", JobState.of(JobStatus.PENDING, "Queued"));
      for (int i = 0; i < 5; i++) {
        String message = "Step " + i;
        tracker.update("talk", s -> s.withStatus(JobStatus.DOWNLOADING, message));
      }
      assertEquals(1, log.startingWith("Job listener").size(), "one line for six failures");
      failure[0] = "broken otherwise";
      tracker.update("talk", s -> s.withStatus(JobStatus.DOWNLOADING, "Another"));
      tracker.update("talk", s -> s.withStatus(JobStatus.DOWNLOADING, "And another"));
      assertEquals(2, log.startingWith("Job listener").size(),
          "a different failure is said, once");
    }
  }
}
