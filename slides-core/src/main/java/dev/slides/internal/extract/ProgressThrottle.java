package dev.slides.internal.extract;

import java.time.Duration;

/** Lets through at most one progress update per interval; phase changes bypass it. */
final class ProgressThrottle {
  private final long intervalNanos;
  private long last = Long.MIN_VALUE;

  ProgressThrottle(Duration interval) {
    this.intervalNanos = interval.toNanos();
  }

  /** True when an update may go out now (and records it). */
  boolean tryAcquire() {
    long now = System.nanoTime();
    if (last == Long.MIN_VALUE || now - last >= intervalNanos) {
      last = now;
      return true;
    }
    return false;
  }

  /** Records an update that went out regardless (a phase change). */
  void reset() {
    last = System.nanoTime();
  }
}
