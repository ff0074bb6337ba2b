package dev.slides.testing;

import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * The numbers {@code new Random(seed).nextGaussian()} gives, one after another, drawn in a
 * third of the time: the same 48-bit linear congruential generator and the same polar method
 * (with {@link StrictMath}, as {@link Random} has it), without the atomic seed and the lock that
 * make a {@link Random} safe to share between threads. Camera noise draws a number for every
 * byte of every frame (124 million for 18 s of 640x360), which took most of the time of writing
 * a noisy fixture. Not for use by more than one thread.
 */
final class Gaussians implements DoubleSupplier {
  private static final long MULTIPLIER = 0x5DEECE66DL;
  private static final long ADDEND = 0xBL;
  private static final long MASK = (1L << 48) - 1;

  private long seed;
  private double nextNextGaussian;
  private boolean haveNextNextGaussian;

  Gaussians(long seed) {
    this.seed = (seed ^ MULTIPLIER) & MASK;
  }

  private int next(int bits) {
    seed = (seed * MULTIPLIER + ADDEND) & MASK;
    return (int) (seed >>> (48 - bits));
  }

  private double nextDouble() {
    return (((long) next(26) << 27) + next(27)) * 0x1.0p-53;
  }

  @Override
  public double getAsDouble() {
    if (haveNextNextGaussian) {
      haveNextNextGaussian = false;
      return nextNextGaussian;
    }
    double v1;
    double v2;
    double s;
    do {
      v1 = 2 * nextDouble() - 1;
      v2 = 2 * nextDouble() - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s == 0);
    double multiplier = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
    nextNextGaussian = v2 * multiplier;
    haveNextNextGaussian = true;
    return v1 * multiplier;
  }
}
