package dev.slides.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Waits for a condition that must hold sooner or later, set by threads or processes the test
 * cannot hear from in any other way (a count of open streams, a key in Redis, a line in another
 * process's log). It asks again and again, a little less often each time (from 1 ms up to every
 * 50 ms), until the condition holds or the deadline has passed; then it fails saying what it
 * waited for and the last value it saw.
 *
 * <p>For waiting only: a test must never sleep and then assert that something did not happen
 * (that passes unseen on a slow machine); it waits for a later event that proves the earlier one
 * would have been seen. The deadline is generous (seconds, not milliseconds): it only bounds how
 * long a failing test hangs, and never decides the outcome of a passing one.
 */
public final class Await {
  private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private Await() {}

  /** A value to look at, read again at each try; it may throw, which ends the wait. */
  @FunctionalInterface
  public interface Probe<T, E extends Exception> {
    T get() throws E;
  }

  /**
   * Reads {@code probe} until {@code done} accepts its value, and returns that value.
   *
   * @param what what is awaited, in words, for the failure message ("every stream closed")
   * @throws AssertionError when the value is not accepted within {@code timeout}; its message
   *     names {@code what} and shows the last value read
   */
  public static <T, E extends Exception> T until(Duration timeout, String what,
      Probe<? extends T, E> probe, Predicate<? super T> done) throws E, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = FIRST_PAUSE_NANOS;
    int tries = 0;
    while (true) {
      T value = probe.get();
      tries++;
      if (done.test(value)) {
        return value;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("Waited " + seconds(timeout) + " for " + what + ", in vain ("
            + (tries == 1 ? "1 try" : tries + " tries") + "); last seen: " + value);
      }
      TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
      pause = Math.min(2 * pause, LONGEST_PAUSE_NANOS);
    }
  }

  /**
   * Asks {@code condition} until it holds. Prefer {@link #until(Duration, String, Probe,
   * Predicate)} where there is a value worth showing when the wait fails.
   */
  public static void until(Duration timeout, String what, BooleanSupplier condition)
      throws InterruptedException {
    until(timeout, what, condition::getAsBoolean, Boolean::booleanValue);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
  }
}
