package dev.slides.export.internal;

import dev.slides.export.SlideDeck.Frame;
import dev.slides.export.SlideDeck.Segment;
import dev.slides.export.SlideDeck;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * File names for a deck's stored images that sort in slide order ({@code 001-first.webp},
 * {@code 012-last.webp}), as written into a ZIP or beside a Markdown file. Duplicates have no
 * file of their own: they use the name of the frame they repeat.
 */
public final class ImageNames {
  private ImageNames() {}

  /** Every stored frame's file name, in slide order, first frame before last. */
  public static Map<Frame, String> of(SlideDeck deck) {
    int digits = Math.max(3, Integer.toString(deck.slides().size()).length());
    Map<Frame, String> names = new LinkedHashMap<>();
    for (Segment slide : deck.slides()) {
      put(names, slide.firstFrame(), slide.slideNumber(), "first", digits);
      put(names, slide.lastFrame(), slide.slideNumber(), "last", digits);
    }
    return names;
  }

  private static void put(Map<Frame, String> names, Frame frame, int number, String position,
                          int digits) {
    if (frame.duplicateOf() != null) {
      return;
    }
    String id = frame.frameId();
    int dot = id.lastIndexOf('.');
    String extension = dot > 0 ? id.substring(dot).toLowerCase(Locale.ROOT) : ".webp";
    names.put(frame, String.format(Locale.ROOT, "%0" + digits + "d-%s%s", number, position,
        extension));
  }
}
