package dev.slides.server;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Redis calls' timeouts as a test says: held (a call cannot time out, however slow the
 * machine) until the test runs one, or, between {@link #byTheClock} and {@link #held}, a real
 * clock's.
 */
final class TestTimeouts implements JobStoreCalls.Timeouts {
  /** A call's timeout, held, and when the call started. */
  record Due(Runnable timeout, CompletionStage<Void> started) {}

  private final BlockingQueue<Due> held = new LinkedBlockingQueue<>();
  private volatile JobStoreCalls.Timeouts clock;

  @Override
  public void schedule(Runnable timeout, CompletionStage<Void> started) {
    JobStoreCalls.Timeouts now = clock;
    if (now != null) {
      now.schedule(timeout, started);
    } else {
      held.add(new Due(timeout, started));
    }
  }

  /** From now on, each call's timeout comes {@code timeout} after it was asked for. */
  void byTheClock(Duration timeout) {
    clock = JobStoreCalls.Timeouts.after(timeout);
  }

  /** From now on, each call's timeout is held until the test runs it (the start). */
  void held() {
    clock = null;
  }

  /** Forgets the timeouts held so far: of calls that answered, or that the test let go. */
  void forgetHeld() {
    held.clear();
  }

  /** The timeout of the next call asked for (held since). */
  Due next() throws InterruptedException {
    Due due = held.poll(60, TimeUnit.SECONDS);
    if (due == null) {
      throw new AssertionError("no Redis call was asked for within 60 s");
    }
    return due;
  }
}
