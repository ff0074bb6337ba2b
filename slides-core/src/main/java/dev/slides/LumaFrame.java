package dev.slides;

import java.util.Objects;

/**
 * A small grey image: one byte of luma per pixel, row after row, no padding. This is what the
 * analysis works on; decoders produce it straight from the video's luma plane.
 */
public final class LumaFrame {
  private final int width;
  private final int height;
  private final byte[] pixels;

  /**
   * Wraps {@code pixels} (not copied: the caller hands it over).
   *
   * @throws IllegalArgumentException when the array does not hold {@code width * height} bytes
   */
  public LumaFrame(int width, int height, byte[] pixels) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("Bad size " + width + "x" + height);
    }
    Objects.requireNonNull(pixels, "pixels");
    if (pixels.length != width * height) {
      throw new IllegalArgumentException(
          "Expected " + width * height + " bytes for " + width + "x" + height + ", got "
              + pixels.length);
    }
    this.width = width;
    this.height = height;
    this.pixels = pixels;
  }

  /** A frame of one grey level. */
  public static LumaFrame filled(int width, int height, int level) {
    byte[] px = new byte[width * height];
    java.util.Arrays.fill(px, (byte) level);
    return new LumaFrame(width, height, px);
  }

  /** Width in pixels. */
  public int width() {
    return width;
  }

  /** Height in pixels. */
  public int height() {
    return height;
  }

  /** The pixels themselves (not a copy): do not modify them. */
  public byte[] pixels() {
    return pixels;
  }

  /** The luma at (x, y), 0 to 255. */
  public int at(int x, int y) {
    return pixels[y * width + x] & 0xFF;
  }
}
