package dev.slides.internal.video;

/**
 * The part of a video whose samples are wanted, in seconds from its start: {@code [from, to)}.
 * Frame sources seek to the last keyframe before {@code from} instead of decoding everything
 * before it, and stop at {@code to}.
 */
record TimeRange(double from, double to) {
  /** The whole video. */
  static final TimeRange WHOLE = new TimeRange(0, Double.POSITIVE_INFINITY);

  TimeRange {
    if (!(from >= 0) || !(to > from)) {
      throw new IllegalArgumentException("Bad time range " + from + " to " + to);
    }
  }

  boolean startsAtZero() {
    return from == 0;
  }

  /**
   * Samples expected from a video of {@code duration} seconds at {@code rate}: the grid points
   * of the sampling rule that fall in this range and before the end; 0 when the duration is
   * unknown.
   */
  int expectedSamples(double duration, double rate) {
    if (!(duration > 0)) {
      return 0;
    }
    double end = Math.min(duration, to);
    int before = from > 0 ? (int) Math.ceil(from * rate - 1e-6) : 0;
    int upTo = (int) Math.ceil(end * rate - 1e-6);
    return Math.max(1, upTo - before);
  }

  /** The time the video's frames should reach: its declared length, or the range's end. */
  double declaredEnd(double duration) {
    return Math.min(duration, to);
  }
}
