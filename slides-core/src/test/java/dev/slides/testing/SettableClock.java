package dev.slides.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that reads what the test set, for code that takes a {@link Clock}; or one that
 * moves on by a step at every read ({@link #ticking}), so that each stamp is later than the last.
 */
public final class SettableClock extends Clock {
  private Instant now;
  private final Duration tick;

  public SettableClock(Instant start) {
    this(start, Duration.ZERO);
  }

  private SettableClock(Instant start, Duration tick) {
    this.now = start;
    this.tick = tick;
  }

  /** A clock whose reads give {@code start + step}, {@code start + 2 step}, and so on. */
  public static SettableClock ticking(Instant start, Duration step) {
    return new SettableClock(start, step);
  }

  /** Makes the clock read {@code instant} from now on (it may go back, as real clocks do). */
  public synchronized void set(Instant instant) {
    now = instant;
  }

  /** Moves the clock by {@code step} (back for a negative one). */
  public synchronized void advance(Duration step) {
    now = now.plus(step);
  }

  @Override
  public synchronized Instant instant() {
    now = now.plus(tick);
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a test clock reads UTC only");
  }
}
