package dev.slides;

import java.util.Locale;

/** Which of a slide's two kept frames: the first (initial state) or the last (full build). */
public enum FramePosition {
  /** The slide as it first holds still. */
  FIRST,
  /** The slide as it last holds, builds complete. */
  LAST;

  /** {@code "first"} or {@code "last"}: the manifest's {@code frame_position}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
