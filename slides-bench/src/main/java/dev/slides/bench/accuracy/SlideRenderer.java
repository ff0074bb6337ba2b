package dev.slides.bench.accuracy;

import dev.slides.bench.accuracy.CaseSpec.Design;
import dev.slides.bench.accuracy.CaseSpec.Live;
import dev.slides.bench.accuracy.CaseSpec.Motion;
import dev.slides.bench.accuracy.CaseSpec.Reveal;
import dev.slides.bench.accuracy.CaseSpec.Slide;
import dev.slides.bench.accuracy.CaseSpec.Step;
import dev.slides.testing.Animations;
import dev.slides.testing.Canvas;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Frames of one slide: its elements revealed over time (entrance, build steps) and its live
 * content. Each state (the first k elements drawn) is drawn once and cached; a reveal in
 * progress composes two neighbouring states within the element's box.
 */
final class SlideRenderer implements CaseRenderer.PartRenderer {
  private final Slide slide;
  private final Design design;
  private final int width;
  private final int height;
  private final int fps;
  private final int frames;
  private final int unit;
  private final List<Element> elements = new ArrayList<>();
  private final List<Appearance> reveals = new ArrayList<>();
  private final Canvas[] states;
  private Canvas wideChart;
  private int chartSpeed;
  private CaseRenderer.PartRenderer clip;
  private Canvas clipFrame;
  private int clipFrames;
  private final List<Stroke> ink = new ArrayList<>();
  private final int startFrame;
  private final long videoSeed;

  /** A pen stroke drawn along {@code points} ({x, y} pairs) over frames [start, end). */
  private record Stroke(int[] points, int start, int end) {}

  /**
   * A drawable part of the slide.
   *
   * @param x left of its box
   * @param y top of its box
   * @param w width of its box
   * @param h height of its box
   * @param textX where its text starts (typewriter reveals from there), or x
   * @param advance width of one character, 0 when it has no text
   * @param chars characters of text
   */
  private record Element(int x, int y, int w, int h, int textX, int advance, int chars,
                         Consumer<Canvas> draw) {}

  /** Elements {@code from} to {@code to - 1} appear over frames [start, end). */
  private record Appearance(int from, int to, Reveal style, int start, int end) {}

  SlideRenderer(Slide slide, int width, int height, int fps, int frames) {
    this(slide, width, height, fps, frames, 0, 0);
  }

  /**
   * The slide's frames; it starts at frame {@code startFrame} of a video whose seed is
   * {@code videoSeed} (what runs on the video's clock, as {@link Live#SUBTITLES}, needs both).
   */
  SlideRenderer(Slide slide, int width, int height, int fps, int frames, int startFrame,
                long videoSeed) {
    this.slide = slide;
    this.startFrame = startFrame;
    this.videoSeed = videoSeed;
    this.design = slide.design();
    this.width = width;
    this.height = height;
    this.fps = fps;
    this.frames = frames;
    this.unit = Math.max(2, height / 90);
    layout();
    int entranceEnd = (int) Math.round(slide.entranceSeconds() * fps);
    reveals.add(new Appearance(1, slide.shownAtStart(), slide.entrance(), 0, entranceEnd));
    int shown = slide.shownAtStart();
    for (Step step : slide.steps()) {
      int start = (int) Math.round(step.at() * fps);
      reveals.add(new Appearance(shown, shown + 1, step.reveal(), start,
          start + (int) Math.round(step.seconds() * fps)));
      shown++;
    }
    states = new Canvas[elements.size() + 1];
    if (slide.live() == Live.PEN_INK) {
      inkStrokes();
    }
    if (slide.live().clip()) {
      Element box = elements.get(1);
      clipFrame = new Canvas(box.w, box.h);
      clipFrames = slide.live() == Live.CLIP_TALKING_HEAD_FREEZES
          ? (int) Math.round(Live.CLIP_SECONDS_BEFORE_FREEZE * fps)
          : Math.max(1, frames - entranceEnd);
      Motion.Kind kind = switch (slide.live()) {
        case CLIP_TESTSRC2 -> Motion.Kind.TESTSRC2;
        case CLIP_MANDELBROT -> Motion.Kind.MANDELBROT;
        case CLIP_CAMERA_PAN -> Motion.Kind.CAMERA_PAN;
        default -> Motion.Kind.TALKING_HEAD;
      };
      clip = MotionRenderer.create(new Motion(kind, (double) clipFrames / fps), box.w, box.h,
          fps, clipFrames, design.seed());
    }
  }

  @Override
  public void close() {
    if (clip != null) {
      clip.close();
    }
  }

  @Override
  public void render(int frame, Canvas out) {
    int visible = 1;
    Appearance running = null;
    for (Appearance r : reveals) {
      if (frame >= r.end) {
        visible = r.to;
      } else {
        if (frame >= r.start) {
          running = r;
        }
        break;
      }
    }
    if (running == null || running.style == Reveal.CUT) {
      Raster.copy(state(running == null ? visible : running.to), out);
    } else {
      // Progress of frame n of a reveal over N frames is (n + 1) / (N + 1): the first frame
      // already differs from the state before, the frame after the last shows the state after.
      double p = (frame - running.start + 1.0) / (running.end - running.start + 1.0);
      compose(running, p, out);
    }
    live(frame, running == null ? visible : running.from, out);
  }

  /** The clip's frame at the slide's {@code frame}: its first until the entrance is over. */
  private void playClip(int frame, Canvas out) {
    int entranceEnd = (int) Math.round(slide.entranceSeconds() * fps);
    int at = Math.min(clipFrames - 1, Math.max(0, frame - entranceEnd));
    try {
      clip.render(at, clipFrame);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Element box = elements.get(1);
    Raster.copyRegion(clipFrame, 0, 0, box.w, box.h, out, box.x, box.y);
  }

  private void compose(Appearance r, double p, Canvas out) {
    Canvas before = state(r.from);
    Canvas after = state(r.to);
    Raster.copy(before, out);
    int x0 = Integer.MAX_VALUE;
    int y0 = Integer.MAX_VALUE;
    int x1 = 0;
    int y1 = 0;
    for (int i = r.from; i < r.to; i++) {
      Element e = elements.get(i);
      x0 = Math.min(x0, e.x);
      y0 = Math.min(y0, e.y);
      x1 = Math.max(x1, e.x + e.w);
      y1 = Math.max(y1, e.y + e.h);
    }
    switch (r.style) {
      case FADE -> Raster.blendRegion(out, after, x0, y0, x1 - x0, y1 - y0, p);
      case FLY_IN -> {
        double eased = 1 - (1 - p) * (1 - p);
        int dx = (int) Math.round((1 - eased) * (width - x0));
        Raster.copyRegion(after, x0, y0, x1 - x0, y1 - y0, out, x0 + dx, y0);
      }
      case TYPEWRITER -> {
        int total = 0;
        for (int i = r.from; i < r.to; i++) {
          total += Math.max(1, elements.get(i).chars);
        }
        int typed = (int) Math.floor(p * total);
        for (int i = r.from; i < r.to && typed > 0; i++) {
          Element e = elements.get(i);
          int n = Math.min(typed, Math.max(1, e.chars));
          typed -= n;
          int right = e.advance == 0 || n >= e.chars ? e.x + e.w : e.textX + n * e.advance;
          Raster.copyRegion(after, e.x, e.y, right - e.x, e.h, out, e.x, e.y);
        }
      }
      case CUT -> Raster.copy(after, out);
      default -> throw new IllegalStateException(r.style.toString());
    }
  }

  private Canvas state(int shown) {
    if (states[shown] == null) {
      Canvas c = new Canvas(width, height).fill(design.theme().background());
      for (int i = 0; i < shown; i++) {
        elements.get(i).draw.accept(c);
      }
      states[shown] = c;
    }
    return states[shown];
  }

  private void live(int frame, int visible, Canvas out) {
    double t = (double) frame / fps;
    int accent = design.theme().accent();
    switch (slide.live()) {
      case NONE -> { }
      case PANNING_CHART -> {
        if (visible >= 2) {
          // Panning starts where the entrance ends, from the picture the entrance revealed.
          Element chart = elements.get(1);
          double panning = Math.max(0, t - slide.entranceSeconds());
          int offset = (int) Math.round(panning * chartSpeed);
          Raster.copyRegion(wideChart, offset, 0, chart.w, chart.h, out, chart.x, chart.y);
        }
      }
      case PULSING_GLOW -> {
        double pulse = 0.5 + 0.5 * Math.sin(2 * Math.PI * t / 1.6);
        int cx = width * 11 / 12;
        int cy = height / 10 + unit * 3;
        int background = design.theme().background();
        Raster.fillEllipse(out, cx, cy, unit * 4.5, unit * 4.5, Raster.mix(background, accent,
            0.25 + 0.35 * pulse));
        Raster.fillEllipse(out, cx, cy, unit * 2, unit * 2, Raster.mix(accent, 0xFFFFFF,
            0.5 * pulse));
      }
      case PROGRESS_LINE -> {
        int h = Math.max(3, height / 180);
        out.rect(0, height - 2 * h, (int) Math.round((double) width * frame / frames), h, accent);
      }
      case BLINKING_CURSOR -> {
        if ((int) Math.floor(t * 2) % 2 == 0) {
          Element last = elements.get(visible - 1);
          int x = last.advance == 0 ? last.x + last.w + unit : last.textX + last.chars
              * last.advance + last.advance / 2;
          out.rect(x, last.y, Math.max(2, last.advance / 3), last.h, design.theme().ink());
        }
      }
      case CAPTIONS -> {
        // A live-caption strip along the bottom (a word every 0.4 s, the line cleared when
        // full), drawn by the unit tests' fixture so both test the same thing.
        Raster.copy(Animations.liveCaptions(out, design.seed()).apply(t), out);
      }
      case CLIP_TESTSRC2, CLIP_MANDELBROT, CLIP_CAMERA_PAN, CLIP_TALKING_HEAD_FREEZES -> {
        if (visible >= 2) {
          playClip(frame, out);
        }
      }
      case PEN_INK -> drawInk(frame, out);
      case KEN_BURNS -> reframe(frame, out);
      case SUBTITLES -> {
        double video = (double) (startFrame + frame) / fps;
        Raster.copy(Animations.subtitles(out, videoSeed, Math.max(2, height / 144),
            u -> Animations.speechLine(videoSeed, u)).apply(video), out);
      }
      case WAVEFORM -> Raster.copy(Animations.waveform(out, videoSeed, fps)
          .apply((double) (startFrame + frame) / fps), out);
      default -> throw new IllegalStateException(slide.live().toString());
    }
  }

  /** The slide as drawn, before {@link #reframe} resamples it. */
  private Canvas unframed;

  /** See {@link Live#KEN_BURNS}: the move follows from the design's seed. */
  private void reframe(int frame, Canvas out) {
    Random move = new Random(design.seed() ^ 0x4B42);
    double zoom = 0.04 + 0.04 * move.nextDouble();
    boolean in = move.nextBoolean();
    double angle = move.nextDouble() * 2 * Math.PI;
    double pan = 0.4 * move.nextDouble();
    double q = frames <= 1 ? 0 : (double) frame / (frames - 1);
    double scale = in ? 1 + zoom * q : 1 + zoom * (1 - q);
    double step = 1 / scale;
    double roomX = (width - width * step) / 2;
    double roomY = (height - height * step) / 2;
    double x0 = roomX * (1 + pan * Math.cos(angle));
    double y0 = roomY * (1 + pan * Math.sin(angle));
    if (unframed == null) {
      unframed = new Canvas(width, height);
    }
    Raster.copy(out, unframed);
    // Where the window's last column or row falls on the slide's edge, the edge itself.
    Raster.resample(unframed, x0, y0, step, unframed, out);
  }

  /**
   * Three strokes, each on an element shown when it starts: a wavy underline, a loop around
   * the element's start, an arrow pointing at its end from the right. Each is drawn over 1-3 s
   * from about 12 %, 39 % and 66 % into the slide and then held.
   */
  private void inkStrokes() {
    Random random = new Random(design.seed() * 7 + 3);
    for (int k = 0; k < 3; k++) {
      int start = (int) Math.round((0.12 + 0.27 * k) * frames);
      int end = start + (int) Math.round((1 + 2 * random.nextDouble()) * fps);
      int shown = 1;
      for (Appearance r : reveals) {
        if (start >= r.end) {
          shown = r.to;
        }
      }
      // The elements after the title first, the title when nothing else is shown.
      Element e = elements.get(shown == 1 ? 0 : 1 + (k + random.nextInt(3)) % (shown - 1));
      List<int[]> p = new ArrayList<>();
      switch (k) {
        case 0 -> {
          int y = e.y + e.h + unit;
          int length = Math.min(e.w, width / 3);
          for (int i = 0; i <= 24; i++) {
            p.add(new int[] {e.x + length * i / 24, (int) (y + unit * 0.6 * Math.sin(i * 1.3))});
          }
        }
        case 1 -> {
          double rx = Math.min(e.w, width / 5) * 0.6;
          double ry = Math.min(e.h, 8 * unit) * 0.9 + unit;
          double cx = e.x + rx * 0.8;
          double cy = e.y + Math.min(e.h, 8 * unit) / 2.0;
          for (int i = 0; i <= 40; i++) {
            double a = -Math.PI / 2 + i * 2.15 * Math.PI / 40; // a little past the full loop
            p.add(new int[] {(int) (cx + rx * Math.cos(a)), (int) (cy + ry * Math.sin(a))});
          }
        }
        default -> {
          int tx = Math.min(width - 12 * unit, e.x + Math.min(e.w, width / 2) + 2 * unit);
          int ty = e.y + Math.min(e.h, 8 * unit) / 2;
          int fx = Math.min(width - unit, tx + 10 * unit);
          int fy = ty + 6 * unit;
          for (int i = 0; i <= 16; i++) {
            p.add(new int[] {fx + (tx - fx) * i / 16, fy + (ty - fy) * i / 16});
          }
          p.add(new int[] {tx + 3 * unit, ty});
          p.add(new int[] {tx, ty});
          p.add(new int[] {tx + unit, ty + 3 * unit});
        }
      }
      int[] flat = new int[p.size() * 2];
      for (int i = 0; i < p.size(); i++) {
        flat[2 * i] = p.get(i)[0];
        flat[2 * i + 1] = p.get(i)[1];
      }
      ink.add(new Stroke(flat, start, end));
    }
  }

  /**
   * The strokes begun by {@code frame}, each as far as it has been drawn, in whole pieces of
   * its polyline (20-40 a stroke): a piece drawn part way would round its end differently
   * from frame to frame, and ink would vanish at its edge.
   */
  private void drawInk(int frame, Canvas out) {
    int thickness = Math.max(3, unit * 2 / 3);
    for (Stroke s : ink) {
      if (frame < s.start) {
        continue;
      }
      int segments = s.points.length / 2 - 1;
      int drawn = (int) Math.ceil(Math.min(1, (frame - s.start + 1.0) / (s.end - s.start))
          * segments);
      for (int i = 0; i < drawn; i++) {
        Raster.line(out, s.points[2 * i], s.points[2 * i + 1], s.points[2 * i + 2],
            s.points[2 * i + 3], thickness, 0xE03030);
      }
    }
  }

  // ---- layout: where each element goes, and how it is drawn ----

  private void layout() {
    int ink = design.theme().ink();
    int accent = design.theme().accent();
    int small = Math.max(1, unit / 2);
    switch (design.layout()) {
      case TITLE_CARD -> {
        int scale = unit * 3 / 2;
        String title = design.title();
        int tw = title.length() * 6 * scale;
        int ty = height * 2 / 5;
        elements.add(text((width - tw) / 2, ty, scale, title, ink));
        for (int i = 0; i < design.lines().size(); i++) {
          String line = design.lines().get(i);
          int lw = line.length() * 6 * small;
          elements.add(text((width - lw) / 2, ty + 10 * scale + i * 7 * unit, small, line,
              accent));
        }
      }
      case BULLETS -> {
        elements.add(title(accent));
        for (int i = 0; i < design.lines().size(); i++) {
          elements.add(bullet(width / 12, height / 4 + i * 7 * unit, small,
              design.lines().get(i), ink, accent));
        }
      }
      case CHART, PHOTO -> {
        elements.add(title(accent));
        int px = width / 12;
        int py = height / 4;
        int pw = width / 2;
        int ph = height * 11 / 20;
        if (slide.live().clip()) {
          // A video player about a third of the frame (even sides, as FFmpeg's sources want),
          // black until the clip's first frame is drawn over it.
          if (design.layout() != CaseSpec.Layout.PHOTO) {
            throw new IllegalArgumentException(design.title() + ": a clip plays in a photo"
                + " layout's picture box");
          }
          int vw = width * 13 / 25 / 2 * 2;
          int vh = height * 17 / 25 / 2 * 2;
          elements.add(new Element(px, py, vw, vh, px, 0, 0, c -> c.rect(px, py, vw, vh,
              0x000000)));
        } else if (design.layout() == CaseSpec.Layout.PHOTO) {
          Canvas photo = Raster.photo(pw, ph, design.seed());
          elements.add(new Element(px, py, pw, ph, px, 0, 0,
              c -> Raster.copyRegion(photo, 0, 0, pw, ph, c, px, py)));
        } else if (slide.live() == Live.PANNING_CHART) {
          chartSpeed = Math.max(4, width / 100);
          wideChart = lineChart(pw + chartSpeed * (frames / fps + 2), ph);
          elements.add(new Element(px, py, pw, ph, px, 0, 0,
              c -> Raster.copyRegion(wideChart, 0, 0, pw, ph, c, px, py)));
        } else {
          elements.add(new Element(px, py, pw, ph, px, 0, 0, c -> barChart(c, px, py, pw, ph)));
        }
        for (int i = 0; i < design.lines().size(); i++) {
          elements.add(bullet(width * 5 / 8, py + i * 7 * unit, small, design.lines().get(i),
              ink, accent));
        }
      }
      case BOXES -> {
        elements.add(title(accent));
        int n = design.lines().size();
        int gap = width / 24;
        int bw = (width * 10 / 12 - (n - 1) * gap) / n;
        int bh = height / 5;
        int by = height * 9 / 20;
        int fill = Raster.mix(design.theme().background(), accent, 0.25);
        for (int i = 0; i < n; i++) {
          int bx = width / 12 + i * (bw + gap);
          String label = design.lines().get(i);
          int ax = i == 0 ? bx : bx - gap;
          int border = Math.max(2, unit / 3);
          elements.add(new Element(ax, by, bx + bw - ax, bh, bx, 0, label.length(), c -> {
            if (bx > ax) {
              c.rect(ax + border, by + bh / 2 - border, gap - 2 * border, 2 * border, ink);
              Raster.fillEllipse(c, bx - border * 2, by + bh / 2.0, border * 2, border * 3, ink);
            }
            c.rect(bx, by, bw, bh, fill);
            Raster.frame(c, bx, by, bw, bh, border, accent);
            int lw = label.length() * 6 * small;
            c.text(bx + (bw - lw) / 2, by + (bh - 7 * small) / 2, small, label, ink);
          }));
        }
      }
      case DOCUMENT -> {
        // A PDF viewer: a grey toolbar with the file's name, the page between grey gutters.
        int bar = documentTop(height);
        int gutter = width / 14;
        int page = 0xFFFFFF;
        int chrome = 0xDADCE0;
        int lx = gutter + width / 16;
        elements.add(new Element(0, 0, width, height, unit * 2, 6 * small, design.title().length(),
            c -> {
              c.rect(0, 0, width, height, page);
              c.rect(0, bar, gutter, height - bar, chrome);
              c.rect(width - gutter, bar, gutter, height - bar, chrome);
              c.rect(0, 0, width, bar, 0x3C4043);
              c.text(unit * 2, (bar - 7 * small) / 2, small, design.title(), 0xE8EAED);
            }));
        int pitch = documentPitch(height);
        for (int i = 0; i < design.lines().size(); i++) {
          String line = design.lines().get(i);
          int y = bar + unit * 2 + i * pitch;
          if (line.startsWith("# ")) {
            String heading = line.substring(2);
            elements.add(new Element(lx, y, heading.length() * 6 * small, pitch, lx, 6 * small,
                heading.length(), c -> {
                  c.text(lx, y, small, heading, accent);
                  c.rect(lx, y + 8 * small, heading.length() * 6 * small, Math.max(1, small / 2),
                      accent);
                }));
          } else {
            elements.add(text(lx, y, small, line, ink));
          }
        }
      }
      default -> throw new IllegalStateException(design.layout().toString());
    }
  }

  /** Where a {@link CaseSpec.Layout#DOCUMENT} window's scrolling part starts, in pixels. */
  static int documentTop(int height) {
    return Math.max(2, height / 90) * 6;
  }

  /** How far apart a {@link CaseSpec.Layout#DOCUMENT}'s lines are, in pixels. */
  static int documentPitch(int height) {
    return Math.max(2, height / 90) * 5;
  }

  private Element title(int colour) {
    return text(width / 12, height / 10, unit, design.title(), colour);
  }

  private static Element text(int x, int y, int scale, String text, int colour) {
    return new Element(x, y, text.length() * 6 * scale, 7 * scale, x, 6 * scale, text.length(),
        c -> c.text(x, y, scale, text, colour));
  }

  private static Element bullet(int x, int y, int scale, String text, int ink, int accent) {
    int textX = x + 5 * scale;
    return new Element(x, y, textX - x + text.length() * 6 * scale, 7 * scale, textX, 6 * scale,
        text.length(), c -> {
          c.rect(x, y + 2 * scale, 3 * scale, 3 * scale, accent);
          c.text(textX, y, scale, text, ink);
        });
  }

  private void barChart(Canvas c, int x, int y, int w, int h) {
    Random random = new Random(design.seed());
    int ink = design.theme().ink();
    int grid = Raster.mix(design.theme().background(), ink, 0.15);
    for (int g = 1; g <= 4; g++) {
      c.rect(x, y + h - g * h / 5, w, 1, grid);
    }
    int bars = 5 + random.nextInt(4);
    int slot = (w - unit * 2) / bars;
    for (int b = 0; b < bars; b++) {
      int bh = (int) (h * (0.15 + 0.75 * random.nextDouble()));
      int colour = Raster.mix(design.theme().accent(), b % 2 == 0 ? 0x000000 : 0xFFFFFF, 0.2);
      c.rect(x + unit * 2 + b * slot + slot / 6, y + h - bh, slot * 2 / 3, bh, colour);
    }
    c.rect(x, y, Math.max(2, unit / 3), h, ink);
    c.rect(x, y + h - Math.max(2, unit / 3), w, Math.max(2, unit / 3), ink);
  }

  /** A long line chart that the slide pans along. */
  private Canvas lineChart(int w, int h) {
    Random random = new Random(design.seed());
    int background = design.theme().background();
    int ink = design.theme().ink();
    Canvas c = new Canvas(w, h).fill(background);
    int grid = Raster.mix(background, ink, 0.15);
    for (int g = 1; g <= 4; g++) {
      c.rect(0, h - g * h / 5, w, 1, grid);
    }
    for (int x = unit * 8; x < w; x += unit * 8) {
      c.rect(x, 0, 1, h, grid);
    }
    double value = 0.5;
    int step = unit * 2;
    int px = 0;
    int py = (int) (h * (1 - value));
    for (int x = step; x < w + step; x += step) {
      value = Math.max(0.1, Math.min(0.9, value + (random.nextDouble() - 0.5) * 0.12));
      int y = (int) (h * (1 - value));
      Raster.line(c, px, py, x, y, Math.max(2, unit / 3), design.theme().accent());
      px = x;
      py = y;
    }
    c.rect(0, h - Math.max(2, unit / 3), w, Math.max(2, unit / 3), ink);
    return c;
  }
}
