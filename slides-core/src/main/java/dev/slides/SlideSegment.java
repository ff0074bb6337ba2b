package dev.slides;

/**
 * One segment of the manifest.
 *
 * @param kind static or moving
 * @param startTime seconds
 * @param endTime seconds
 * @param slideNumber 1-based index among static segments; 0 for moving ones
 * @param firstFrame the slide's first frame; null for moving segments
 * @param lastFrame the slide's last frame (builds complete); null for moving segments
 */
public record SlideSegment(
    SegmentKind kind,
    double startTime,
    double endTime,
    int slideNumber,
    SlideFrame firstFrame,
    SlideFrame lastFrame) {

  /**
   * Checks the segment.
   *
   * @throws IllegalArgumentException when a static segment lacks its first or last frame
   */
  public SlideSegment {
    java.util.Objects.requireNonNull(kind, "kind");
    if (kind == SegmentKind.STATIC && (firstFrame == null || lastFrame == null)) {
      throw new IllegalArgumentException("A static segment has a first and a last frame");
    }
  }

  /** A moving segment. */
  public static SlideSegment moving(double startTime, double endTime) {
    return new SlideSegment(SegmentKind.MOVING, startTime, endTime, 0, null, null);
  }

  /** Whether this is a slide. */
  public boolean isStatic() {
    return kind == SegmentKind.STATIC;
  }

  /** {@code endTime - startTime}, seconds. */
  public double duration() {
    return endTime - startTime;
  }

}
