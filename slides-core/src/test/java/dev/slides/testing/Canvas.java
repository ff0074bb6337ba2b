package dev.slides.testing;

import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * A small BGR raster for drawing fixture frames without fonts or AWT: rectangles, a built-in
 * blocky "font" (each character a fixed pseudo-random 5x7 glyph), blending and noise.
 */
public final class Canvas {
  public final int width;
  public final int height;
  final byte[] bgr;

  public Canvas(int width, int height) {
    this.width = width;
    this.height = height;
    this.bgr = new byte[width * height * 3];
  }

  public Canvas copy() {
    Canvas c = new Canvas(width, height);
    System.arraycopy(bgr, 0, c.bgr, 0, bgr.length);
    return c;
  }

  /**
   * The raster itself, not a copy: B, G, R bytes per pixel, row after row, no padding. For code
   * that streams frames to an encoder or composes them faster than pixel by pixel.
   */
  public byte[] bgr() {
    return bgr;
  }

  /** A copy turned clockwise by 0, 90, 180 or 270 degrees. */
  public Canvas turned(int degreesClockwise) {
    int turns = Math.floorMod(degreesClockwise, 360) / 90;
    if (turns * 90 != Math.floorMod(degreesClockwise, 360)) {
      throw new IllegalArgumentException("Only quarter turns: " + degreesClockwise);
    }
    Canvas c = turns % 2 == 0 ? new Canvas(width, height) : new Canvas(height, width);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int tx;
        int ty;
        switch (turns) {
          case 1 -> { tx = height - 1 - y; ty = x; }
          case 2 -> { tx = width - 1 - x; ty = height - 1 - y; }
          case 3 -> { tx = y; ty = width - 1 - x; }
          default -> { tx = x; ty = y; }
        }
        System.arraycopy(bgr, (y * width + x) * 3, c.bgr, (ty * c.width + tx) * 3, 3);
      }
    }
    return c;
  }

  /**
   * A copy {@code newWidth} wide and as high, each pixel taken from the nearest column (how an
   * anamorphic recording stores a wide picture in fewer, wider pixels).
   */
  public Canvas squeezed(int newWidth) {
    Canvas c = new Canvas(newWidth, height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < newWidth; x++) {
        int sx = Math.min(width - 1, (int) ((x + 0.5) * width / newWidth));
        System.arraycopy(bgr, (y * width + sx) * 3, c.bgr, (y * newWidth + x) * 3, 3);
      }
    }
    return c;
  }

  /** Fills the whole canvas with an RGB colour. */
  public Canvas fill(int rgb) {
    return rect(0, 0, width, height, rgb);
  }

  /** Fills a rectangle (clipped) with an RGB colour. */
  public Canvas rect(int x, int y, int w, int h, int rgb) {
    byte r = (byte) (rgb >> 16);
    byte g = (byte) (rgb >> 8);
    byte b = (byte) rgb;
    int x0 = Math.max(0, x);
    int y0 = Math.max(0, y);
    int x1 = Math.min(width, x + w);
    int y1 = Math.min(height, y + h);
    for (int yy = y0; yy < y1; yy++) {
      int i = (yy * width + x0) * 3;
      for (int xx = x0; xx < x1; xx++) {
        bgr[i++] = b;
        bgr[i++] = g;
        bgr[i++] = r;
      }
    }
    return this;
  }

  /**
   * Writes text with blocky glyphs: each character is a 5x7 pattern derived from the character,
   * drawn with pixels of {@code scale} size. Returns the x after the text.
   */
  public int text(int x, int y, int scale, String text, int rgb) {
    int cx = x;
    for (char ch : text.toCharArray()) {
      if (ch != ' ') {
        long bits = glyph(ch);
        for (int row = 0; row < 7; row++) {
          for (int col = 0; col < 5; col++) {
            if ((bits >> (row * 5 + col) & 1) != 0) {
              rect(cx + col * scale, y + row * scale, scale, scale, rgb);
            }
          }
        }
      }
      cx += 6 * scale;
    }
    return cx;
  }

  private static long glyph(char ch) {
    Random random = new Random(ch * 7919L + 17);
    long bits = 0;
    for (int i = 0; i < 35; i++) {
      if (random.nextInt(100) < 45) {
        bits |= 1L << i;
      }
    }
    return bits | 1L; // never blank
  }

  /** This canvas = (1 - alpha) * this + alpha * other. */
  public Canvas blend(Canvas other, double alpha) {
    for (int i = 0; i < bgr.length; i++) {
      double v = (1 - alpha) * (bgr[i] & 0xFF) + alpha * (other.bgr[i] & 0xFF);
      bgr[i] = (byte) Math.round(v);
    }
    return this;
  }

  /** Adds Gaussian noise of standard deviation {@code sigma} to every channel. */
  public Canvas noise(Random random, double sigma) {
    return noise(random::nextGaussian, sigma);
  }

  /** Adds {@code sigma} times the numbers {@code gaussian} gives to every channel. */
  Canvas noise(DoubleSupplier gaussian, double sigma) {
    for (int i = 0; i < bgr.length; i++) {
      int v = (int) Math.round((bgr[i] & 0xFF) + gaussian.getAsDouble() * sigma);
      bgr[i] = (byte) Math.max(0, Math.min(255, v));
    }
    return this;
  }

  /** Pastes {@code other} at (x, y), clipped. */
  public Canvas paste(Canvas other, int x, int y) {
    for (int yy = 0; yy < other.height; yy++) {
      int ty = y + yy;
      if (ty < 0 || ty >= height) {
        continue;
      }
      for (int xx = 0; xx < other.width; xx++) {
        int tx = x + xx;
        if (tx < 0 || tx >= width) {
          continue;
        }
        int s = (yy * other.width + xx) * 3;
        int t = (ty * width + tx) * 3;
        bgr[t] = other.bgr[s];
        bgr[t + 1] = other.bgr[s + 1];
        bgr[t + 2] = other.bgr[s + 2];
      }
    }
    return this;
  }

  /** A filled circle. */
  public Canvas disc(int cx, int cy, int radius, int rgb) {
    for (int y = cy - radius; y <= cy + radius; y++) {
      for (int x = cx - radius; x <= cx + radius; x++) {
        int dx = x - cx;
        int dy = y - cy;
        if (dx * dx + dy * dy <= radius * radius) {
          rect(x, y, 1, 1, rgb);
        }
      }
    }
    return this;
  }

  /** An arrow-shaped mouse pointer, {@code size} pixels tall, outlined in black. */
  public Canvas pointer(int x, int y, int size) {
    for (int row = 0; row < size; row++) {
      int w = Math.max(1, row * 2 / 3);
      rect(x, y + row, w, 1, 0x000000);
      if (w > 2) {
        rect(x + 1, y + row, w - 2, 1, 0xFFFFFF);
      }
    }
    return this;
  }

  /** RGB at (x, y). */
  public int rgbAt(int x, int y) {
    int i = (y * width + x) * 3;
    return (bgr[i + 2] & 0xFF) << 16 | (bgr[i + 1] & 0xFF) << 8 | (bgr[i] & 0xFF);
  }
}
