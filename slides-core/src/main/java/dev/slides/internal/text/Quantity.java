package dev.slides.internal.text;

import java.time.Duration;
import java.util.Locale;

/**
 * A count with its noun, or a time in seconds, in the words people read in job messages, logs
 * and exports:
 * {@code Quantity.of(1, "slide")} is "1 slide", {@code Quantity.of(3, "slide")} "3 slides".
 * Every noun counted so far takes an "s"; one that does not should get its own plural here
 * rather than a hand-written {@code == 1 ?} at its call site.
 */
public final class Quantity {
  private Quantity() {}

  /** {@code count} and {@code noun}, the noun with an "s" unless the count is exactly one. */
  public static String of(long count, String noun) {
    return count + " " + (count == 1 ? noun : noun + "s");
  }

  /**
   * A timeout or a wait in seconds, as error messages give it: "30 s", or "0.5 s" for the short
   * ones of tests (one decimal).
   */
  public static String seconds(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s"
        : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
