package dev.slides.server;

import java.time.Duration;

/** A time on the command line: {@code 90}, {@code 1:30}, {@code 01:02:03.5}. */
final class TimeArgument {
  private TimeArgument() {}

  /**
   * Parses seconds, {@code mm:ss} or {@code hh:mm:ss}, each with optional decimals.
   *
   * @throws IllegalArgumentException naming the option when the text is not a time
   */
  static Duration parse(String text, String option) {
    String[] parts = text.trim().split(":");
    if (parts.length > 3) {
      throw bad(text, option);
    }
    double seconds = 0;
    try {
      for (int i = 0; i < parts.length; i++) {
        double v = Double.parseDouble(parts[i]);
        boolean last = i == parts.length - 1;
        if (v < 0 || Double.isNaN(v) || Double.isInfinite(v) || (!last && v != Math.floor(v))
            || (i > 0 && v >= 60)) {
          throw bad(text, option);
        }
        seconds = seconds * 60 + v;
      }
    } catch (NumberFormatException e) {
      throw bad(text, option);
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  private static IllegalArgumentException bad(String text, String option) {
    return new IllegalArgumentException("Invalid " + option + " \"" + text
        + "\": use seconds (90), mm:ss (1:30) or hh:mm:ss (1:02:03).");
  }
}
