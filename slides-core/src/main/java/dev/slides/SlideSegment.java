package dev.slides;

import dev.slides.detect.DuplicateDetector.FrameRef;
import dev.slides.detect.SegmentKind;

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

  public boolean isStatic() {
    return kind == SegmentKind.STATIC;
  }

  public double duration() {
    return endTime - startTime;
  }

  /**
   * A stored (or reused) slide image.
   *
   * @param frameId {@code "{n}-first.webp"} or {@code "{n}-last.webp"}
   * @param duplicateOf the earliest equal frame, whose image {@code url} points at; or null
   * @param url where the image can be read
   */
  public record SlideFrame(String frameId, FrameRef duplicateOf, String url) {}
}
