package dev.slides.internal.detect;

/**
 * The median of the mean differences noted so far, kept as a histogram of hundredths of a grey
 * level: constant memory however long the video, and a median that one stretch of unusual
 * pairs cannot move far.
 */
final class NoiseFloor {
  /** Width of a bin, in grey levels. */
  private static final double BIN = 0.01;
  /** Differences from this many bins' width up all fall into the last bin. */
  private static final int BINS = 500;

  private final int[] bins = new int[BINS];
  private int count;

  void add(double meanDifference) {
    int bin = (int) Math.min(BINS - 1, Math.max(0, Math.floor(meanDifference / BIN)));
    bins[bin]++;
    count++;
  }

  int count() {
    return count;
  }

  /** The median noted difference, as the middle of its bin; 0 before any. */
  double median() {
    int half = (count + 1) / 2;
    int seen = 0;
    for (int b = 0; b < BINS; b++) {
      seen += bins[b];
      if (seen >= half) {
        return (b + 0.5) * BIN;
      }
    }
    return 0;
  }
}
