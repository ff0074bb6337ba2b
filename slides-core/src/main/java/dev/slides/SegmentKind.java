package dev.slides;

import java.util.Locale;

/** What a stretch of video shows: a slide that holds still, or anything else. */
public enum SegmentKind {
  /** A slide: the picture holds still (apart from areas that keep changing, such as an inset). */
  STATIC,
  /** Motion, transitions, a picture held too briefly to be a slide. */
  MOVING;

  /** {@code static} or {@code moving}, as the manifest spells it. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
