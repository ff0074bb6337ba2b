package dev.slides;

import java.util.Locale;

/** What a stretch of video shows: a slide that holds still, or anything else. */
public enum SegmentKind {
  STATIC,
  MOVING;

  /** {@code static} or {@code moving}, as the manifest spells it. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
