package dev.slides.export.internal;

import dev.slides.export.SlideDeck.Frame;
import dev.slides.export.SlideDeck.Segment;
import dev.slides.export.SlideDeck;
import dev.slides.internal.text.Quantity;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A deck as Markdown for note-taking tools: a {@code ## [mm:ss–mm:ss]} heading per slide, then
 * its image(s) (first and last frame when a build changed it) and a note when the slide was
 * shown before. Where images point is the caller's choice ({@code links}): the manifest's URLs,
 * or files written beside the Markdown.
 */
public final class MarkdownWriter {
  private final SlideDeck deck;
  private final Function<Frame, String> links;

  /**
   * @param links the link target of a stored frame's image (never called for duplicates)
   */
  public MarkdownWriter(SlideDeck deck, Function<Frame, String> links) {
    this.deck = deck;
    this.links = links;
  }

  public void write(OutputStream out) throws IOException {
    Writer w = new BufferedWriter(new OutputStreamWriter(out,
        StandardCharsets.UTF_8));
    w.write("# Slides of " + literal(deck.videoId()) + "\n\n");
    int slides = deck.slides().size();
    w.write(Quantity.of(slides, "slide") + " from "
        + TimeCodes.of(deck.durationSeconds()) + " of video.\n");
    if (slides == 0) {
      w.write("\nNo still slide was found in this video.\n");
    }
    for (Segment slide : deck.slides()) {
      w.write("\n## " + TimeCodes.bracketed(slide.startTime(), slide.endTime()) + "\n\n");
      if (slide.repeatsSlide() > 0) {
        Segment earlier = deck.slides().get(slide.repeatsSlide() - 1);
        w.write("*Shown before at " + TimeCodes.of(earlier.startTime()) + " (slide "
            + earlier.slideNumber() + ").*\n\n");
      }
      List<Frame> frames = deck.distinctFrames(slide);
      for (Frame frame : frames) {
        if (frame != frames.get(0)) {
          w.write("\n"); // a paragraph each: some tools squeeze images that share a line
        }
        String alt = "Slide " + slide.slideNumber() + (frames.size() == 1 ? ""
            : frame == slide.firstFrame() ? ", first frame" : ", last frame");
        w.write("![" + alt + "](" + destination(links.apply(deck.original(frame))) + ")\n");
      }
    }
    w.flush();
  }

  /**
   * {@code text} shown as it is: an id such as {@code _draft_} or {@code __init__} would
   * otherwise render as emphasis, its underscores gone. Backslash escapes are CommonMark's
   * (and every common renderer's) for any ASCII punctuation.
   */
  static String literal(String text) {
    StringBuilder b = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ("\\`*_[]<>~|".indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  /**
   * A link destination Markdown reads back unchanged: characters that would end or split it
   * are percent-encoded.
   */
  static String destination(String link) {
    StringBuilder b = new StringBuilder(link.length());
    for (int i = 0; i < link.length(); i++) {
      char c = link.charAt(i);
      switch (c) {
        case ' ' -> b.append("%20");
        case '(' -> b.append("%28");
        case ')' -> b.append("%29");
        case '<' -> b.append("%3C");
        case '>' -> b.append("%3E");
        case '\\' -> b.append("%5C");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format(Locale.ROOT, "%%%02X", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
