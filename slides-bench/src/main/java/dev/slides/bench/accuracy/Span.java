package dev.slides.bench.accuracy;

/**
 * A stretch of video in seconds, {@code start} inclusive to {@code end}: a static segment of the
 * ground truth or one a detector reported.
 *
 * @param label what it is (the slide's title in the truth), free text
 */
public record Span(double start, double end, String label) {
  public Span {
    if (!(end >= start)) {
      throw new IllegalArgumentException("Span ends before it starts: " + start + " > " + end);
    }
  }

  public Span(double start, double end) {
    this(start, end, "");
  }

  public double length() {
    return end - start;
  }

  /** Temporal intersection over union; 0 for disjoint spans. */
  public double iou(Span other) {
    double overlap = Math.min(end, other.end) - Math.max(start, other.start);
    if (overlap <= 0) {
      return 0;
    }
    double union = Math.max(end, other.end) - Math.min(start, other.start);
    return overlap / union;
  }
}
