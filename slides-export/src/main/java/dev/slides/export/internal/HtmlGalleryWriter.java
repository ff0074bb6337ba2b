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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A deck as one self-contained HTML page: the slides in order, each with its time range, its
 * image(s) embedded as {@code data:} URIs (first and last frame when a build changed it), and
 * repeats marked with a link to their first showing. Plain HTML and CSS: no script, nothing
 * fetched, readable offline, one column on a phone, light or dark as the reader's system is.
 */
public final class HtmlGalleryWriter {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  // Colours: text and badges keep at least 7:1 contrast on their backgrounds in both schemes.
  private static final String STYLE = """
      :root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1f;--muted:#4a4a52;--card:#f3f3f6;\
      --line:#c9c9d1;--link:#0a4f9e;--mark-bg:#fff1bf;--mark-fg:#4a3600}
      @media (prefers-color-scheme:dark){:root{--bg:#131316;--fg:#ececf1;--muted:#c2c2cc;\
      --card:#1f1f24;--line:#44444d;--link:#9cc9ff;--mark-bg:#4a3a00;--mark-fg:#ffeeb0}}
      *{box-sizing:border-box}
      body{margin:0;background:var(--bg);color:var(--fg);\
      font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
      header,main{max-width:75rem;margin:0 auto;padding:1rem}
      h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0;overflow-wrap:anywhere}
      .summary{color:var(--muted);margin:0}
      ol{list-style:none;margin:0;padding:0;display:grid;gap:1.25rem;align-items:start;\
      grid-template-columns:repeat(auto-fill,minmax(min(100%,30rem),1fr))}
      .slide{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.75rem}
      h2{font-size:1.125rem;margin:0 0 .5rem}
      .time{font-weight:normal;font-variant-numeric:tabular-nums;color:var(--muted)}
      .repeat{display:inline-block;margin:0 0 .5rem;padding:0 .5rem;border-radius:.25rem;\
      background:var(--mark-bg);color:var(--mark-fg);font-size:.875rem}
      .repeat a{color:inherit}
      .frames{display:grid;gap:.75rem;\
      grid-template-columns:repeat(auto-fit,minmax(min(100%,22rem),1fr))}
      figure{margin:0}
      img{display:block;width:100%;height:auto;border:1px solid var(--line);border-radius:.25rem}
      figcaption{font-size:.875rem;color:var(--muted)}
      a{color:var(--link)}
      a:focus-visible{outline:3px solid var(--link);outline-offset:2px}
      .empty{padding:2rem 1rem;text-align:center;background:var(--card);border-radius:.5rem}
      @media print{.slide{break-inside:avoid}}
      """;

  private final SlideDeck deck;

  public HtmlGalleryWriter(SlideDeck deck) {
    this.deck = deck;
  }

  public void write(OutputStream out) throws IOException {
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    String title = "Slides of " + deck.videoId();
    w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    w.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    w.write("<meta name=\"generator\" content=\"slides-export\">\n");
    w.write("<title>" + escape(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n");
    w.write("<body>\n<header>\n<h1>" + escape(title) + "</h1>\n<p class=\"summary\">"
        + escape(summary()) + "</p>\n</header>\n<main>\n");
    if (deck.slides().isEmpty()) {
      w.write("<p class=\"empty\">No still slide was found in this video.</p>\n");
    } else {
      w.write("<ol class=\"slides\">\n");
      for (Segment slide : deck.slides()) {
        writeSlide(w, slide);
      }
      w.write("</ol>\n");
    }
    w.write("</main>\n</body>\n</html>\n");
    w.flush();
  }

  private void writeSlide(Writer w, Segment slide) throws IOException {
    int n = slide.slideNumber();
    String range = TimeCodes.range(slide.startTime(), slide.endTime());
    w.write("<li class=\"slide\" id=\"slide-" + n + "\">\n<h2>Slide " + n
        + " <span class=\"time\">[" + range + "]</span></h2>\n");
    if (slide.repeatsSlide() > 0) {
      w.write("<p class=\"repeat\">Shown before as <a href=\"#slide-" + slide.repeatsSlide()
          + "\">slide " + slide.repeatsSlide() + "</a></p>\n");
    }
    List<Frame> frames = deck.distinctFrames(slide);
    w.write("<div class=\"frames\">\n");
    for (Frame frame : frames) {
      boolean first = frame == slide.firstFrame();
      String caption = frames.size() == 1 ? null
          : first ? "First frame (" + TimeCodes.of(slide.startTime()) + ")"
          : "Last frame, build complete (" + TimeCodes.of(slide.endTime()) + ")";
      String alt = "Slide " + n + (caption == null ? "" : first ? ", first frame" : ", last frame")
          + ", shown " + range;
      byte[] image = deck.image(frame);
      // Refused in the PDF's words: a browser shows no other type either.
      String type = SlideImageTypes.mediaType(image, "slide " + n + " (" + frame.frameId() + ")");
      Optional<WebpSize> size = WebpSize.of(image);
      w.write("<figure><img alt=\"" + escape(alt) + "\"");
      if (size.isPresent()) {
        w.write(" width=\"" + size.get().width() + "\" height=\"" + size.get().height() + "\"");
      }
      w.write(" src=\"data:" + type + ";base64,");
      w.write(Base64.getEncoder().encodeToString(image));
      w.write("\">");
      if (caption != null) {
        w.write("<figcaption>" + escape(caption) + "</figcaption>");
      }
      w.write("</figure>\n");
    }
    w.write("</div>\n</li>\n");
  }

  private String summary() {
    StringBuilder s = new StringBuilder();
    s.append(Quantity.of(deck.slides().size(), "slide")).append(" \u00b7 ")
        .append(Quantity.of(deck.segments().size(), "segment")).append(" \u00b7 ")
        .append(TimeCodes.of(deck.durationSeconds())).append(" of video");
    deck.updatedAt().ifPresent(t -> s.append(" \u00b7 extracted ").append(WHEN.format(t)));
    return s.toString();
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
