package dev.slides.internal.video;

import dev.slides.LumaFrame;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * An analysis frame kept compressed (deflate, lossless): the screening keeps one for every
 * chunk's first keyframe, and a slide's grey picture at the analysis width takes a fifth to a
 * tenth of its pixels so. Unpacked, it is the frame it was made of, byte for byte.
 */
final class PackedLuma {
  /** What an instance costs besides its compressed bytes (headers, fields), roughly. */
  private static final int OVERHEAD_BYTES = 48;

  private final int width;
  private final int height;
  private final byte[] packed;

  private PackedLuma(int width, int height, byte[] packed) {
    this.width = width;
    this.height = height;
    this.packed = packed;
  }

  /**
   * {@code frame} compressed with {@code deflater} (reset first; the caller owns and ends it).
   */
  static PackedLuma pack(LumaFrame frame, Deflater deflater) {
    byte[] pixels = frame.pixels();
    deflater.reset();
    deflater.setInput(pixels);
    deflater.finish();
    byte[] out = new byte[pixels.length / 4 + 64];
    int n = 0;
    while (!deflater.finished()) {
      if (n == out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      n += deflater.deflate(out, n, out.length - n);
    }
    return new PackedLuma(frame.width(), frame.height(), Arrays.copyOf(out, n));
  }

  /** A deflater for {@link #pack}: the fastest level, which is what slides need. */
  static Deflater deflater() {
    return new Deflater(Deflater.BEST_SPEED);
  }

  /** The heap this takes, roughly. */
  long bytes() {
    return packed.length + OVERHEAD_BYTES;
  }

  /** The frame, a new instance each time. */
  LumaFrame unpack() {
    byte[] pixels = new byte[width * height];
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(packed);
      int n = 0;
      while (n < pixels.length && !inflater.finished()) {
        int got = inflater.inflate(pixels, n, pixels.length - n);
        if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += got;
      }
      if (n != pixels.length) {
        throw new IllegalStateException("A kept analysis frame unpacked to " + n + " of "
            + pixels.length + " bytes");
      }
    } catch (DataFormatException e) {
      throw new IllegalStateException("A kept analysis frame could not be unpacked", e);
    } finally {
      inflater.end();
    }
    return new LumaFrame(width, height, pixels);
  }
}
