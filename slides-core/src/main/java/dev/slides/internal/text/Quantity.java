package dev.slides.internal.text;

/**
 * A count with its noun, in the words people read in job messages, logs and exports:
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
}
