package dev.slides.internal.detect;

import dev.slides.LumaFrame;

/**
 * A 64-bit DCT perceptual hash (the classic "pHash"): the frame averaged down to 32x32, its
 * 8x8 lowest DCT frequencies, one bit per coefficient above their median. Frames that look alike
 * get hashes a few bits apart; {@link #distance} counts the differing bits.
 */
public final class PerceptualHash {
  private static final int SIZE = 32;
  private static final int LOW = 8;
  private static final double[][] COS = new double[LOW][SIZE];

  static {
    for (int u = 0; u < LOW; u++) {
      for (int x = 0; x < SIZE; x++) {
        COS[u][x] = Math.cos((2 * x + 1) * u * Math.PI / (2 * SIZE));
      }
    }
  }

  private PerceptualHash() {}

  /** The hash of a grey frame. */
  public static long of(LumaFrame frame) {
    double[] small = shrink(frame);
    double[] rows = new double[SIZE * LOW]; // rows[y * LOW + u]
    for (int y = 0; y < SIZE; y++) {
      for (int u = 0; u < LOW; u++) {
        double sum = 0;
        double[] cos = COS[u];
        for (int x = 0; x < SIZE; x++) {
          sum += small[y * SIZE + x] * cos[x];
        }
        rows[y * LOW + u] = sum;
      }
    }
    double[] coefficients = new double[LOW * LOW];
    for (int v = 0; v < LOW; v++) {
      double[] cos = COS[v];
      for (int u = 0; u < LOW; u++) {
        double sum = 0;
        for (int y = 0; y < SIZE; y++) {
          sum += rows[y * LOW + u] * cos[y];
        }
        coefficients[v * LOW + u] = sum;
      }
    }
    double[] ac = java.util.Arrays.copyOfRange(coefficients, 1, coefficients.length);
    java.util.Arrays.sort(ac);
    double median = ac[ac.length / 2];
    long hash = 0;
    for (int i = 0; i < coefficients.length; i++) {
      if (coefficients[i] > median) {
        hash |= 1L << i;
      }
    }
    return hash;
  }

  /** Number of differing bits, 0 to 64. */
  public static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }

  /** Box-averages the frame to 32x32. */
  private static double[] shrink(LumaFrame frame) {
    int w = frame.width();
    int h = frame.height();
    byte[] px = frame.pixels();
    double[] out = new double[SIZE * SIZE];
    for (int ty = 0; ty < SIZE; ty++) {
      int y0 = ty * h / SIZE;
      int y1 = Math.max(y0 + 1, (ty + 1) * h / SIZE);
      for (int tx = 0; tx < SIZE; tx++) {
        int x0 = tx * w / SIZE;
        int x1 = Math.max(x0 + 1, (tx + 1) * w / SIZE);
        long sum = 0;
        for (int y = y0; y < y1; y++) {
          int row = y * w;
          for (int x = x0; x < x1; x++) {
            sum += px[row + x] & 0xFF;
          }
        }
        out[ty * SIZE + tx] = (double) sum / ((y1 - y0) * (x1 - x0));
      }
    }
    return out;
  }
}
