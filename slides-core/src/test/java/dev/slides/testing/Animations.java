package dev.slides.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleFunction;
import java.util.function.DoubleToIntFunction;

/**
 * Scenes for {@link LectureVideo.Builder#scene}: what real decks and recordings do between and
 * inside slides (content that fades or types in, charts that drift, sparse motion on a dark
 * background).
 */
public final class Animations {
  private Animations() {}

  /** {@code to} fades in over {@code from} during the first {@code fade} seconds, then holds. */
  public static DoubleFunction<Canvas> fadeIn(Canvas from, Canvas to, double fade) {
    return t -> t >= fade ? to : from.copy().blend(to, t / fade);
  }

  /**
   * {@code to} appears row by row, top to bottom, during the first {@code seconds} (text typed
   * in, a list revealed line by line), over {@code from}; then holds.
   */
  public static DoubleFunction<Canvas> typeIn(Canvas from, Canvas to, double seconds) {
    return t -> {
      if (t >= seconds) {
        return to;
      }
      Canvas c = from.copy();
      int rows = (int) (to.height * t / seconds);
      int cols = (int) (to.width * ((t / seconds * 8) % 1));
      for (int y = 0; y < to.height; y++) {
        int upTo = y < rows ? to.width : (y < rows + to.height / 30 ? cols : 0);
        if (upTo > 0) {
          System.arraycopy(to.bgr, y * to.width * 3, c.bgr, y * to.width * 3, upTo * 3);
        }
      }
      return c;
    };
  }

  /**
   * {@code slide} filmed under a flickering light: every frame's brightness scaled by
   * 1 + {@code amplitude} sin(2 pi 1.3 t) plus Gaussian noise of two thirds of {@code amplitude},
   * as a camera sees a projector in a room lit by mains light. {@code t0} continues the
   * flicker of an earlier scene; the noise is drawn from the frame's time, so a frame rendered
   * twice is the same.
   */
  public static DoubleFunction<Canvas> flickeringLight(Canvas slide, double amplitude, double t0,
      long seed) {
    return t -> {
      double time = t0 + t;
      Random r = new Random(seed ^ Double.doubleToLongBits(time));
      double gain = 1 + amplitude * Math.sin(2 * Math.PI * 1.3 * time)
          + amplitude * 2 / 3 * r.nextGaussian();
      Canvas c = slide.copy();
      for (int i = 0; i < c.bgr.length; i++) {
        c.bgr[i] = (byte) Math.min(255, (int) Math.round((c.bgr[i] & 0xFF) * gain));
      }
      return c;
    };
  }

  /**
   * Sparse particles (snow, confetti) drifting over a dark background: every sample pair
   * changes a little everywhere, nothing large anywhere.
   */
  public static DoubleFunction<Canvas> particles(int width, int height, int n, long seed) {
    Random r = new Random(seed);
    double[] x = new double[n];
    double[] y = new double[n];
    double[] vx = new double[n];
    double[] vy = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextDouble() * width;
      y[i] = r.nextDouble() * height;
      vx[i] = (r.nextDouble() - 0.5) * width * 0.2;
      vy[i] = height * (0.05 + r.nextDouble() * 0.2);
    }
    int size = Math.max(2, height / 90);
    return t -> {
      Canvas c = new Canvas(width, height).fill(0x101018);
      for (int i = 0; i < n; i++) {
        int px = Math.floorMod((long) (x[i] + vx[i] * t), width);
        int py = Math.floorMod((long) (y[i] + vy[i] * t), height);
        c.rect(px, py, size, size, 0xE0E0E0);
      }
      return c;
    };
  }

  /**
   * A slowly evolving pattern on a dark background (a cellular automaton): small blocks switch on
   * and off, a few percent of them every half second.
   */
  public static DoubleFunction<Canvas> evolvingPattern(int width, int height, long seed) {
    int block = Math.max(4, height / 45);
    int cols = width / block;
    int rows = height / block;
    double[] phase = new double[cols * rows];
    Random r = new Random(seed);
    for (int i = 0; i < phase.length; i++) {
      phase[i] = r.nextDouble() * 6;
    }
    return t -> {
      Canvas c = new Canvas(width, height).fill(0x0C0C14);
      for (int by = 0; by < rows; by++) {
        for (int bx = 0; bx < cols; bx++) {
          // Each block lives through its own periods of three seconds, on in some of them.
          int i = by * cols + bx;
          long period = (long) Math.floor((t + phase[i]) / 3);
          if (new Random(seed * 31 + i * 1_000_003L + period).nextInt(100) < 12) {
            c.rect(bx * block, by * block, block - 1, block - 1, 0x40C080);
          }
        }
      }
      return c;
    };
  }

  /** {@code to}'s content flies in from the right over {@code seconds}, then holds. */
  public static DoubleFunction<Canvas> flyIn(Canvas background, Canvas to, double seconds) {
    return t -> {
      if (t >= seconds) {
        return to;
      }
      double u = t / seconds;
      int offset = (int) (to.width * (1 - u * (2 - u))); // ease out
      Canvas c = background.copy();
      for (int y = 0; y < to.height; y++) {
        int n = to.width - offset;
        if (n > 0) {
          System.arraycopy(to.bgr, y * to.width * 3, c.bgr, (y * to.width + offset) * 3, n * 3);
        }
      }
      return c;
    };
  }

  /**
   * A slide whose chart drifts slowly sideways: the lower half shows a line chart that pans by
   * {@code pixelsPerSecond}; the title and text above it hold still.
   */
  public static DoubleFunction<Canvas> panningChart(Canvas slide, double pixelsPerSecond) {
    int w = slide.width;
    int h = slide.height;
    return t -> {
      Canvas c = slide.copy();
      int top = h * 11 / 20;
      int bottom = h * 19 / 20;
      c.rect(w / 12, top, w * 5 / 6, bottom - top, 0xFFFFFF);
      int shift = (int) (t * pixelsPerSecond);
      for (int x = w / 12; x < w * 11 / 12; x++) {
        double u = (x + shift) / (double) w;
        int y = (int) (top + (bottom - top) * (0.5 + 0.35 * Math.sin(u * 9) * Math.cos(u * 2.3)));
        c.rect(x, y, 1, Math.max(2, h / 180), 0x2050A0);
      }
      return c;
    };
  }

  /**
   * A slide whose chart pans by {@code pixelsPerSecond} from its first frame, as a deck's
   * animated chart does: a box from a twelfth of the width and a quarter of the height, half the
   * width and 55 % of the height, showing a line chart on faint grid lines ({@code grid}, every
   * 32 pixels at 360 lines); the title above it and the slide around it hold still.
   */
  public static DoubleFunction<Canvas> panningGridChart(Canvas slide, double pixelsPerSecond,
      int grid) {
    int x0 = slide.width / 12;
    int y0 = slide.height / 4;
    int w = slide.width / 2;
    int h = slide.height * 11 / 20;
    int spacing = Math.max(8, slide.height / 90 * 8);
    int wide = w + (int) Math.ceil(pixelsPerSecond * 60);
    Canvas chart = new Canvas(wide, h).fill(slide.rgbAt(x0, y0));
    for (int g = 1; g <= 4; g++) {
      chart.rect(0, h - g * h / 5, wide, 1, grid);
    }
    for (int x = spacing; x < wide; x += spacing) {
      chart.rect(x, 0, 1, h, grid);
    }
    Random random = new Random(7);
    double value = 0.5;
    for (int x = 0; x < wide; x += 2) {
      value = Math.max(0.1, Math.min(0.9, value + (random.nextDouble() - 0.5) * 0.06));
      chart.rect(x, (int) (h * (1 - value)), 2, 2, 0x2050A0);
    }
    return t -> {
      int offset = Math.min(wide - w, (int) Math.round(t * pixelsPerSecond));
      Canvas view = new Canvas(w, h);
      for (int y = 0; y < h; y++) {
        System.arraycopy(chart.bgr(), (y * wide + offset) * 3, view.bgr(), y * w * 3, w * 3);
      }
      return slide.copy().paste(view, x0, y0);
    };
  }

  /** A slide with a soft glow that pulses once a second behind a badge in one corner. */
  public static DoubleFunction<Canvas> pulsingGlow(Canvas slide) {
    int w = slide.width;
    int h = slide.height;
    return t -> {
      Canvas c = slide.copy();
      double level = 0.5 + 0.5 * Math.sin(t * 2 * Math.PI);
      int shade = (int) (0xC0 + 0x30 * level);
      c.disc(w * 5 / 6, h / 6, h / 10, shade << 16 | shade << 8 | 0x40);
      return c;
    };
  }

  /** A slide with a progress line growing along its bottom edge over {@code seconds}. */
  public static DoubleFunction<Canvas> progressLine(Canvas slide, double seconds) {
    int w = slide.width;
    int h = slide.height;
    return t -> {
      Canvas c = slide.copy();
      c.rect(0, h - Math.max(2, h / 90), (int) (w * Math.min(1, t / seconds)),
          Math.max(2, h / 90), 0xD04020);
      return c;
    };
  }

  /**
   * A slide under a live-caption strip: a black band along the bottom where a word appears
   * every 0.4 s, the line cleared once the next word would not fit. Each cell of the band
   * changes only when a word lands in it or the line is cleared, but something in the band
   * changes in most sample pairs.
   */
  public static DoubleFunction<Canvas> liveCaptions(Canvas slide, long seed) {
    int w = slide.width;
    int h = slide.height;
    int scale = Math.max(2, h / 120);
    int band = 11 * scale;
    String[] words = new String[200];
    Random r = new Random(seed);
    for (int i = 0; i < words.length; i++) {
      char[] chars = new char[3 + r.nextInt(5)];
      for (int k = 0; k < chars.length; k++) {
        chars[k] = (char) ('a' + r.nextInt(26));
      }
      words[i] = new String(chars);
    }
    return t -> {
      Canvas c = slide.copy();
      c.rect(0, h - band, w, band, 0x000000);
      int shown = (int) (t / 0.4) + 1;
      // Lay the words out line by line; only the line the newest word is on is drawn.
      int x = scale * 2;
      int lineStart = 0;
      for (int i = 0; i < shown; i++) {
        int width = (words[i % words.length].length() + 1) * 6 * scale;
        if (x + width > w) {
          x = scale * 2;
          lineStart = i;
        }
        x += width;
      }
      x = scale * 2;
      for (int i = lineStart; i < shown; i++) {
        x = c.text(x, h - band + 2 * scale, scale, words[i % words.length], 0xFFFFFF) + 6 * scale;
      }
      return c;
    };
  }

  /**
   * {@code slide} with burned-in subtitles, a new line every {@code period} seconds, each shown
   * for all of it but the last {@code gap} seconds (the band empty then), with glyphs of a
   * 120th of the slide's height; see {@link #subtitles(Canvas, long, int, DoubleToIntFunction)}.
   * The lines follow from the scene's time from {@code offset}.
   */
  public static DoubleFunction<Canvas> subtitles(Canvas slide, long seed, double offset,
                                                 double period, double gap) {
    return subtitles(slide, seed, Math.max(1, slide.height / 120), time -> {
      double t = offset + time;
      return t % period > period - gap ? -1 : (int) Math.floor(t / period);
    });
  }

  /**
   * The line of speech shown {@code t} seconds into a video drawn from {@code seed}, or -1 for
   * none, as the accuracy corpus's subtitled deck has them: the first from 0.4 s, each for
   * 1.5-5 s, then two times in three a gap of 0.15-0.6 s, else the next line at once.
   */
  public static int speechLine(long seed, double t) {
    Random speech = new Random(seed * 31 + 23);
    double start = 0.4;
    for (int line = 0; ; line++) {
      double end = start + 1.5 + 3.5 * speech.nextDouble();
      if (t < start) {
        return -1;
      }
      if (t < end) {
        return line;
      }
      start = end + (speech.nextInt(3) == 0 ? 0 : 0.15 + 0.45 * speech.nextDouble());
    }
  }

  /**
   * {@code slide} with burned-in subtitles: line {@code line.applyAsInt(t)} (none when it is
   * negative) of 24-40 letters in words of five, white glyphs of {@code scale} pixels a dot in a
   * black box centred at the bottom, its top 15 {@code scale} above the slide's bottom edge and
   * 10 {@code scale} tall. Line {@code i} depends only on {@code seed} and {@code i}.
   */
  public static DoubleFunction<Canvas> subtitles(Canvas slide, long seed, int scale,
                                                 DoubleToIntFunction line) {
    int w = slide.width;
    int h = slide.height;
    return t -> {
      int index = line.applyAsInt(t);
      if (index < 0) {
        return slide;
      }
      Canvas c = slide.copy();
      Random r = new Random(seed * 1000 + index);
      StringBuilder text = new StringBuilder();
      int length = 24 + r.nextInt(16);
      for (int i = 0; i < length; i++) {
        text.append(i % 6 == 5 ? ' ' : (char) ('a' + r.nextInt(26)));
      }
      int width = length * 6 * scale;
      int x = (w - width) / 2;
      int top = h - 15 * scale;
      c.rect(x - 2 * scale, top, width + 4 * scale, 10 * scale + 1, 0x000000);
      c.text(x, top + (3 * scale + 1) / 2, scale, text.toString(), 0xFFFFFF);
      return c;
    };
  }

  /**
   * An audiogram's waveform over {@code picture}: bars in the yellow of a podcast player across
   * 80 % of the width in the lowest 18 % of the frame, centred on the band's middle, new every
   * frame at {@code fps} (levels drawn from {@code seed} and the frame), so the band's lowest
   * and highest rows change only now and then. Bars 4 and gaps 2 pixels wide at 640 pixels'
   * width, in proportion at other widths.
   */
  public static DoubleFunction<Canvas> waveform(Canvas picture, long seed, double fps) {
    int w = picture.width;
    int h = picture.height;
    int s = Math.max(1, w / 640);
    int top = h * 82 / 100;
    int band = h - top;
    return t -> {
      Canvas c = picture.copy();
      Random level = new Random(seed * 100_000L + Math.round(t * fps));
      for (int x = w / 10; x < w * 9 / 10; x += 6 * s) {
        int bar = (int) (band * (0.1 + 0.85 * Math.abs(Math.sin(x / s * 0.05 + t * 7))
            * level.nextDouble()));
        c.rect(x, top + (band - bar) / 2, 4 * s, Math.max(1, bar), 0xF0C040);
      }
      return c;
    };
  }

  /**
   * {@code to} written over {@code from} as a pen writes on a board: band after band of rows
   * (only bands where the two differ), each from left to right at an even pace, without pause,
   * over {@code seconds}; then holds. Each sample adds a little ink in a small area.
   */
  public static DoubleFunction<Canvas> handwriting(Canvas from, Canvas to, double seconds) {
    int w = to.width;
    int band = Math.max(4, to.height / 12);
    List<Integer> bands = new ArrayList<>();
    for (int y0 = 0; y0 < to.height; y0 += band) {
      int from0 = y0 * w * 3;
      int to0 = Math.min(to.height, y0 + band) * w * 3;
      if (!Arrays.equals(from.bgr, from0, to0, to.bgr, from0, to0)) {
        bands.add(y0);
      }
    }
    double per = seconds / Math.max(1, bands.size());
    return t -> {
      if (t >= seconds) {
        return to;
      }
      Canvas c = from.copy();
      int k = (int) (t / per);
      for (int i = 0; i <= k && i < bands.size(); i++) {
        int upTo = i < k ? w : (int) (w * (t - k * per) / per);
        for (int y = bands.get(i); y < Math.min(to.height, bands.get(i) + band); y++) {
          System.arraycopy(to.bgr, y * w * 3, c.bgr, y * w * 3, upTo * 3);
        }
      }
      return c;
    };
  }

  /**
   * {@code picture} under a Ken Burns move for {@code seconds}: the window onto it is scaled
   * by {@code zoom} (0.08: 8 % closer at the end; negative zooms out from that close a start)
   * at an even pace, while its middle drifts by {@code panX} and {@code panY} of the picture's
   * width and height, resampled bilinearly (as a slideshow editor renders each frame). The
   * window never leaves the picture: keep the pan within half the zoom.
   */
  public static DoubleFunction<Canvas> kenBurns(Canvas picture, double seconds, double zoom,
                                                double panX, double panY) {
    int w = picture.width;
    int h = picture.height;
    return t -> {
      double q = Math.min(1, Math.max(0, t / seconds));
      // Zooming out starts where zooming in ends.
      double scale = zoom >= 0 ? 1 + zoom * q : 1 - zoom * (1 - q);
      double ww = w / scale;
      double wh = h / scale;
      double cx = Math.max(ww / 2, Math.min(w - ww / 2, w / 2.0 + panX * w * q));
      double cy = Math.max(wh / 2, Math.min(h - wh / 2, h / 2.0 + panY * h * q));
      Canvas out = new Canvas(w, h);
      byte[] in = picture.bgr;
      byte[] o = out.bgr;
      // Where each column samples, worked out once for all rows (the same sums for each).
      int[] x0s = new int[w];
      int[] x1s = new int[w];
      double[] fxs = new double[w];
      for (int x = 0; x < w; x++) {
        double sx = cx - ww / 2 + (x + 0.5) / scale - 0.5;
        x0s[x] = Math.max(0, Math.min(w - 1, (int) Math.floor(sx)));
        x1s[x] = Math.min(w - 1, x0s[x] + 1);
        fxs[x] = Math.max(0, Math.min(1, sx - x0s[x]));
      }
      for (int y = 0; y < h; y++) {
        double sy = cy - wh / 2 + (y + 0.5) / scale - 0.5;
        int y0 = Math.max(0, Math.min(h - 1, (int) Math.floor(sy)));
        int y1 = Math.min(h - 1, y0 + 1);
        double fy = Math.max(0, Math.min(1, sy - y0));
        for (int x = 0; x < w; x++) {
          int x0 = x0s[x];
          int x1 = x1s[x];
          double fx = fxs[x];
          for (int ch = 0; ch < 3; ch++) {
            double top = (in[(y0 * w + x0) * 3 + ch] & 0xFF) * (1 - fx)
                + (in[(y0 * w + x1) * 3 + ch] & 0xFF) * fx;
            double bottom = (in[(y1 * w + x0) * 3 + ch] & 0xFF) * (1 - fx)
                + (in[(y1 * w + x1) * 3 + ch] & 0xFF) * fx;
            o[(y * w + x) * 3 + ch] = (byte) Math.round(top * (1 - fy) + bottom * fy);
          }
        }
      }
      return out;
    };
  }
}
