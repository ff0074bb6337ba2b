package dev.slides;

/**
 * A stretch of video of one kind. Segments from one detector are contiguous: each starts where
 * the previous one ends.
 *
 * @param kind static (a slide) or moving
 * @param startTime seconds from the start of the video
 * @param endTime seconds from the start of the video; the next segment starts here
 * @param firstSample index of the first sample inside the segment
 * @param lastSample index of the last sample inside the segment (for a static segment, the
 *     sample that shows its final state, builds included)
 */
public record Segment(
    SegmentKind kind, double startTime, double endTime, long firstSample, long lastSample) {

  /** {@code endTime - startTime}. */
  public double duration() {
    return endTime - startTime;
  }

  /** Number of samples inside. */
  public long sampleCount() {
    return lastSample - firstSample + 1;
  }
}
