package dev.slides.export.internal;

import java.util.Locale;

/** Times as people read them in exports: {@code 04:05}, or {@code 01:02:03} past an hour. */
final class TimeCodes {
  /** An en dash, as in {@code [00:03–00:09]}. */
  public static final String DASH = "\u2013";

  private TimeCodes() {}

  /** Whole seconds, rounded down (as video players show them). */
  public static String of(double seconds) {
    long total = (long) Math.floor(Math.max(0, seconds));
    long hours = total / 3600;
    long minutes = total / 60 % 60;
    long secs = total % 60;
    return hours > 0 ? String.format(Locale.ROOT, "%02d:%02d:%02d", hours, minutes, secs)
        : String.format(Locale.ROOT, "%02d:%02d", minutes, secs);
  }

  /** {@code 00:03–00:09} */
  public static String range(double start, double end) {
    return of(start) + DASH + of(end);
  }

  /** {@code [00:03–00:09]} */
  public static String bracketed(double start, double end) {
    return "[" + range(start, end) + "]";
  }

  /** Seconds with three decimals and a dot, whatever the locale ({@code 3.250}). */
  public static String seconds(double seconds) {
    return String.format(Locale.ROOT, "%.3f", seconds);
  }
}
