package dev.slides.bench.accuracy;

import dev.slides.testing.Canvas;
import java.util.Random;

/**
 * Drawing and compositing on {@link Canvas} rasters that Canvas itself does not offer: region
 * copies and blends for transitions and reveals, filled ellipses, thick lines, a photo-like
 * texture and bilinear upscaling. Everything works on the BGR bytes directly, so a whole 1080p
 * frame costs a few milliseconds.
 */
final class Raster {
  private Raster() {}

  /** Copies all of {@code src} into {@code dst} (same size). */
  static void copy(Canvas src, Canvas dst) {
    System.arraycopy(src.bgr(), 0, dst.bgr(), 0, dst.bgr().length);
  }

  /** Copies the w x h region at (sx, sy) of {@code src} to (dx, dy) of {@code dst}, clipped. */
  static void copyRegion(Canvas src, int sx, int sy, int w, int h, Canvas dst, int dx, int dy) {
    // Clip against both rasters.
    if (sx < 0) {
      w += sx;
      dx -= sx;
      sx = 0;
    }
    if (sy < 0) {
      h += sy;
      dy -= sy;
      sy = 0;
    }
    if (dx < 0) {
      w += dx;
      sx -= dx;
      dx = 0;
    }
    if (dy < 0) {
      h += dy;
      sy -= dy;
      dy = 0;
    }
    w = Math.min(w, Math.min(src.width - sx, dst.width - dx));
    h = Math.min(h, Math.min(src.height - sy, dst.height - dy));
    if (w <= 0 || h <= 0) {
      return;
    }
    byte[] s = src.bgr();
    byte[] d = dst.bgr();
    for (int y = 0; y < h; y++) {
      System.arraycopy(s, ((sy + y) * src.width + sx) * 3, d, ((dy + y) * dst.width + dx) * 3,
          w * 3);
    }
  }

  /** {@code out = (1 - alpha) * a + alpha * b} over the whole frame. */
  static void blend(Canvas a, Canvas b, double alpha, Canvas out) {
    int w = (int) Math.round(alpha * 256);
    byte[] x = a.bgr();
    byte[] y = b.bgr();
    byte[] o = out.bgr();
    for (int i = 0; i < o.length; i++) {
      o[i] = (byte) (((x[i] & 0xFF) * (256 - w) + (y[i] & 0xFF) * w + 128) >> 8);
    }
  }

  /** Within the region, {@code out = (1 - alpha) * out + alpha * b}. */
  static void blendRegion(Canvas out, Canvas b, int x0, int y0, int w, int h, double alpha) {
    int a = (int) Math.round(alpha * 256);
    int x1 = Math.min(out.width, x0 + w);
    int y1 = Math.min(out.height, y0 + h);
    x0 = Math.max(0, x0);
    y0 = Math.max(0, y0);
    byte[] o = out.bgr();
    byte[] s = b.bgr();
    for (int y = y0; y < y1; y++) {
      int end = (y * out.width + x1) * 3;
      for (int i = (y * out.width + x0) * 3; i < end; i++) {
        o[i] = (byte) (((o[i] & 0xFF) * (256 - a) + (s[i] & 0xFF) * a + 128) >> 8);
      }
    }
  }

  /** {@code out = factor * src}: a fade towards black. */
  static void darken(Canvas src, double factor, Canvas out) {
    int f = (int) Math.round(factor * 256);
    byte[] s = src.bgr();
    byte[] o = out.bgr();
    for (int i = 0; i < o.length; i++) {
      o[i] = (byte) (((s[i] & 0xFF) * f + 128) >> 8);
    }
  }

  /** A filled axis-aligned ellipse, clipped. */
  static void fillEllipse(Canvas c, double cx, double cy, double rx, double ry, int rgb) {
    int y0 = (int) Math.floor(cy - ry);
    int y1 = (int) Math.ceil(cy + ry);
    for (int y = y0; y <= y1; y++) {
      double dy = (y - cy) / ry;
      if (dy * dy > 1) {
        continue;
      }
      double half = rx * Math.sqrt(1 - dy * dy);
      int x0 = (int) Math.round(cx - half);
      int x1 = (int) Math.round(cx + half);
      c.rect(x0, y, x1 - x0 + 1, 1, rgb);
    }
  }

  /** A line {@code thickness} pixels wide (square pen). */
  static void line(Canvas c, int x0, int y0, int x1, int y1, int thickness, int rgb) {
    int steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0));
    int half = thickness / 2;
    for (int i = 0; i <= steps; i++) {
      double t = steps == 0 ? 0 : (double) i / steps;
      int x = (int) Math.round(x0 + (x1 - x0) * t);
      int y = (int) Math.round(y0 + (y1 - y0) * t);
      c.rect(x - half, y - half, thickness, thickness, rgb);
    }
  }

  /** An outlined rectangle. */
  static void frame(Canvas c, int x, int y, int w, int h, int border, int rgb) {
    c.rect(x, y, w, border, rgb);
    c.rect(x, y + h - border, w, border, rgb);
    c.rect(x, y, border, h, rgb);
    c.rect(x + w - border, y, border, h, rgb);
  }

  /** {@code (1 - t) * a + t * b} per channel of two RGB colours. */
  static int mix(int a, int b, double t) {
    int r = (int) Math.round(((a >> 16) & 0xFF) * (1 - t) + ((b >> 16) & 0xFF) * t);
    int g = (int) Math.round(((a >> 8) & 0xFF) * (1 - t) + ((b >> 8) & 0xFF) * t);
    int bl = (int) Math.round((a & 0xFF) * (1 - t) + (b & 0xFF) * t);
    return r << 16 | g << 8 | bl;
  }

  /**
   * Resizes {@code low} onto all of {@code out} with bilinear interpolation (for smooth fields
   * computed at low resolution).
   */
  static void upscale(Canvas low, Canvas out) {
    byte[] s = low.bgr();
    byte[] o = out.bgr();
    double sx = (double) (low.width - 1) / Math.max(1, out.width - 1);
    double sy = (double) (low.height - 1) / Math.max(1, out.height - 1);
    int[] x0 = new int[out.width];
    int[] fx = new int[out.width];
    for (int x = 0; x < out.width; x++) {
      double p = x * sx;
      x0[x] = Math.min(low.width - 2, (int) p);
      fx[x] = (int) Math.round((p - x0[x]) * 256);
    }
    for (int y = 0; y < out.height; y++) {
      double p = y * sy;
      int y0 = Math.min(low.height - 2, (int) p);
      int fy = (int) Math.round((p - y0) * 256);
      int r0 = y0 * low.width * 3;
      int r1 = r0 + low.width * 3;
      int i = y * out.width * 3;
      for (int x = 0; x < out.width; x++) {
        int a = r0 + x0[x] * 3;
        int b = r1 + x0[x] * 3;
        int f = fx[x];
        for (int ch = 0; ch < 3; ch++) {
          int top = (s[a + ch] & 0xFF) * (256 - f) + (s[a + 3 + ch] & 0xFF) * f;
          int bottom = (s[b + ch] & 0xFF) * (256 - f) + (s[b + 3 + ch] & 0xFF) * f;
          o[i++] = (byte) ((top * (256 - fy) + bottom * fy + 32768) >> 16);
        }
      }
    }
  }

  /**
   * {@code src} scaled by {@code scale} about its middle onto {@code out} (of the same size),
   * bilinear; where the scaled picture does not reach, {@code outside}'s pixel (black when
   * null).
   */
  static void scaleAbout(Canvas src, double scale, Canvas outside, Canvas out) {
    double step = 1 / scale;
    resample(src, src.width / 2.0 - out.width / 2.0 * step, src.height / 2.0
        - out.height / 2.0 * step, step, outside, out);
  }

  /**
   * Fills {@code out} from {@code src} seen through a window whose top left is at
   * ({@code x0}, {@code y0}) in {@code src} and which moves {@code step} source pixels per
   * output pixel, interpolating bilinearly between source pixels (a move of a fraction of a
   * pixel shows); outside {@code src}, {@code outside}'s pixel (black when null).
   */
  static void resample(Canvas src, double x0, double y0, double step, Canvas outside,
                       Canvas out) {
    byte[] s = src.bgr();
    byte[] o = out.bgr();
    byte[] b = outside == null ? null : outside.bgr();
    int[] sx = new int[out.width];
    int[] fx = new int[out.width];
    for (int x = 0; x < out.width; x++) {
      double p = x0 + x * step;
      sx[x] = (int) Math.floor(p);
      fx[x] = (int) Math.round((p - sx[x]) * 256);
      if (fx[x] == 256) {
        sx[x]++;
        fx[x] = 0;
      }
    }
    for (int y = 0; y < out.height; y++) {
      double p = y0 + y * step;
      int sy = (int) Math.floor(p);
      int fy = (int) Math.round((p - sy) * 256);
      if (fy == 256) {
        sy++;
        fy = 0;
      }
      int i = y * out.width * 3;
      boolean rowInside = sy >= 0 && sy + 1 < src.height;
      for (int x = 0; x < out.width; x++, i += 3) {
        if (!rowInside || sx[x] < 0 || sx[x] + 1 >= src.width) {
          for (int ch = 0; ch < 3; ch++) {
            o[i + ch] = b == null ? 0 : b[i + ch];
          }
          continue;
        }
        int a = (sy * src.width + sx[x]) * 3;
        int c = a + src.width * 3;
        int f = fx[x];
        for (int ch = 0; ch < 3; ch++) {
          int top = (s[a + ch] & 0xFF) * (256 - f) + (s[a + 3 + ch] & 0xFF) * f;
          int bottom = (s[c + ch] & 0xFF) * (256 - f) + (s[c + 3 + ch] & 0xFF) * f;
          o[i + ch] = (byte) ((top * (256 - fy) + bottom * fy + 32768) >> 16);
        }
      }
    }
  }

  /**
   * A photo-like texture: smooth colour fields at two scales (sky, hills, foliage), a few
   * shaded blobs, and fine grain, so that every small area has detail and a pan over it
   * changes the whole frame.
   */
  static Canvas photo(int width, int height, long seed) {
    Random random = new Random(seed);
    int coarse = Math.max(2, width / 96);
    Canvas low = new Canvas(coarse + 2, Math.max(2, coarse * height / width) + 2);
    int sky = 0x6FA8DC;
    int ground = 0x4E7A3A;
    for (int y = 0; y < low.height; y++) {
      double t = (double) y / (low.height - 1);
      for (int x = 0; x < low.width; x++) {
        int base = mix(sky, ground, Math.min(1, Math.max(0, (t - 0.35) * 2.5)));
        low.rect(x, y, 1, 1, mix(base, random.nextInt(0x1000000), 0.35));
      }
    }
    Canvas out = new Canvas(width, height);
    upscale(low, out);
    Canvas mid = new Canvas(Math.max(2, width / 12), Math.max(2, height / 12));
    for (int y = 0; y < mid.height; y++) {
      for (int x = 0; x < mid.width; x++) {
        int v = random.nextInt(256);
        mid.rect(x, y, 1, 1, v << 16 | v << 8 | v);
      }
    }
    Canvas detail = new Canvas(width, height);
    upscale(mid, detail);
    for (int i = 0; i < 25; i++) {
      double cx = random.nextDouble() * width;
      double cy = height * (0.4 + 0.6 * random.nextDouble());
      double r = height * (0.03 + 0.1 * random.nextDouble());
      int colour = mix(random.nextInt(0x1000000), 0x303020, 0.5);
      fillEllipse(out, cx, cy, r * 1.4, r, colour);
      fillEllipse(out, cx - r * 0.3, cy - r * 0.3, r * 0.6, r * 0.4, mix(colour, 0xFFFFFF, 0.3));
    }
    byte[] o = out.bgr();
    byte[] d = detail.bgr();
    for (int i = 0; i < o.length; i++) {
      int v = (o[i] & 0xFF) + ((d[i] & 0xFF) - 128) / 3 + random.nextInt(17) - 8;
      o[i] = (byte) Math.max(0, Math.min(255, v));
    }
    return out;
  }
}
