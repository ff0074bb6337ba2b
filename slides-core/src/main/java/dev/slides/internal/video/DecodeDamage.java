package dev.slides.internal.video;

import dev.slides.internal.text.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What went wrong while decoding a video that could still be read: data FFmpeg could not decode
 * and frames it had to patch up, and where in the video that happened.
 *
 * @param errors number of decode errors (undecodable packets plus frames marked damaged)
 * @param stretches where they happened, in time order; errors less than
 *     {@link #MERGE_SECONDS} apart share a stretch; at most {@link #MAX_STRETCHES} are listed
 */
public record DecodeDamage(int errors, List<Stretch> stretches) {
  /** Errors closer together than this are reported as one stretch. */
  public static final double MERGE_SECONDS = 2.0;
  /** Stretches listed at most; later errors are still counted. */
  public static final int MAX_STRETCHES = 10;
  /** A cleanly decoded video. */
  public static final DecodeDamage NONE = new DecodeDamage(0, List.of());

  /**
   * A damaged part of the video.
   *
   * @param from seconds from the start of the video of the first error
   * @param to seconds of the last error ({@code from} when there was one)
   * @param errors errors in the stretch
   */
  public record Stretch(double from, double to, int errors) {}

  public DecodeDamage {
    stretches = List.copyOf(stretches);
  }

  public boolean isEmpty() {
    return errors == 0;
  }

  /**
   * Whether errors were met between {@code from} and {@code to} (seconds, a microsecond's
   * slack either way): frames lost there, not a still screen.
   */
  public boolean touches(double from, double to) {
    for (Stretch s : stretches) {
      if (s.from() < to + 1e-6 && s.to() > from - 1e-6) {
        return true;
      }
    }
    return false;
  }

  /** Plain words for people: "14 decode errors at 6.2-11.2 s and 40.0 s". */
  public String describe() {
    if (errors == 0) {
      return "no decode errors";
    }
    StringBuilder out = new StringBuilder();
    out.append(Quantity.of(errors, "decode error"));
    if (stretches.isEmpty()) {
      return out.toString();
    }
    out.append(" at ");
    int listed = stretches.size();
    int counted = 0;
    for (int i = 0; i < listed; i++) {
      Stretch s = stretches.get(i);
      counted += s.errors();
      if (i > 0) {
        out.append(i == listed - 1 && counted == errors ? " and " : ", ");
      }
      out.append(s.to() - s.from() < 0.05
          ? String.format(Locale.ROOT, "%.1f s", s.from())
          : String.format(Locale.ROOT, "%.1f-%.1f s", s.from(), s.to()));
    }
    if (counted < errors) {
      out.append(" and later");
    }
    return out.toString();
  }

  /** Collects errors as a decoder meets them; not thread-safe (one per decoder). */
  static final class Log {
    private final List<double[]> stretches = new ArrayList<>(); // from, to, errors
    private int errors;

    void add(double seconds) {
      errors++;
      merge(Math.max(0, seconds), Math.max(0, seconds), 1);
    }

    /** Adds everything another decoder collected. */
    void addAll(DecodeDamage other) {
      errors += other.errors();
      for (Stretch s : other.stretches()) {
        merge(s.from(), s.to(), s.errors());
      }
    }

    private void merge(double from, double to, int count) {
      // Out of order is fine (decoders reorder frames): a close error widens its stretch.
      for (double[] s : stretches) {
        if (from <= s[1] + MERGE_SECONDS && to >= s[0] - MERGE_SECONDS) {
          s[0] = Math.min(s[0], from);
          s[1] = Math.max(s[1], to);
          s[2] += count;
          return;
        }
      }
      if (stretches.size() < MAX_STRETCHES) {
        stretches.add(new double[] {from, to, count});
        stretches.sort((x, y) -> Double.compare(x[0], y[0]));
      }
    }

    boolean isEmpty() {
      return errors == 0;
    }

    /** What was collected, which is then forgotten. */
    DecodeDamage drain() {
      DecodeDamage out = snapshot();
      errors = 0;
      stretches.clear();
      return out;
    }

    DecodeDamage snapshot() {
      if (errors == 0) {
        return NONE;
      }
      return new DecodeDamage(errors,
          stretches.stream().map(s -> new Stretch(s[0], s[1], (int) s[2])).toList());
    }
  }
}
