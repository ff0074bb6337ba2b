package dev.slides;

import java.util.Objects;

/**
 * A kept slide image, as the manifest lists it.
 *
 * @param frameId {@code "{n}-first.webp"} or {@code "{n}-last.webp"}
 * @param duplicateOf the earliest equal frame, whose image {@code url} points at; null when
 *     the image was stored for this frame
 * @param url where the image can be read; null until published
 */
public record SlideFrame(String frameId, FrameRef duplicateOf, String url) {
  /** Checks that {@code frameId} is not null. */
  public SlideFrame {
    Objects.requireNonNull(frameId, "frameId");
  }

  /** The same frame, published at {@code url}. */
  public SlideFrame withUrl(String url) {
    return new SlideFrame(frameId, duplicateOf, url);
  }

  /**
   * A frame of a static segment: the manifest's {@code duplicate_of}.
   *
   * @param segmentId 1-based number of the static segment (the slide)
   * @param position its first or its last frame
   */
  public record FrameRef(int segmentId, FramePosition position) {
    /**
     * Checks the reference.
     *
     * @throws IllegalArgumentException when {@code segmentId} is below 1
     */
    public FrameRef {
      Objects.requireNonNull(position, "position");
      if (segmentId < 1) {
        throw new IllegalArgumentException("segmentId is 1-based, got " + segmentId);
      }
    }

    /** The frame's id: {@code "{segmentId}-{position}.webp"}. */
    public String frameId() {
      return segmentId + "-" + position.wireName() + ".webp";
    }
  }
}
