package dev.slides.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.JobState;
import dev.slides.JobTracker;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Waits for a job to end, on its tracker's own notifications rather than by asking again. */
public final class JobEnds {
  private JobEnds() {}

  /**
   * Waits until the job's state is terminal (at most a minute, which only bounds how long a
   * failing test hangs) and returns that state.
   *
   * @throws AssertionError when the job does not end within the minute; its message shows the
   *     job's state then
   */
  public static JobState await(JobTracker tracker, String id) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    // The subscription hears the current state first, so a job that has ended counts at once.
    JobTracker.Subscription subscription = tracker.subscribe(id, (version, state) -> {
      if (state.status().isTerminal()) {
        done.countDown();
      }
    }).orElseThrow(() -> new AssertionError("no job " + id));
    try {
      assertTrue(done.await(60, TimeUnit.SECONDS),
          () -> "job " + id + " never ended: " + tracker.get(id));
    } finally {
      subscription.close();
    }
    return tracker.get(id).orElseThrow();
  }
}
