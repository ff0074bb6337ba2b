package dev.slides.internal.video;

import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;

/**
 * How stored frames are turned to be shown upright, from a stream's display matrix (phones store
 * portrait video as landscape frames plus "rotate 90 degrees"). One of the eight turns and
 * mirrors of a rectangle, read the way FFmpeg's own player and command line read the matrix.
 *
 * <p>An upright pixel (x, y) comes from the stored pixel found by swapping x and y when
 * {@code transpose}, then mirroring across the stored width ({@code flipX}) and height
 * ({@code flipY}).
 */
final class Orientation {
  static final Orientation UPRIGHT = new Orientation(false, false, false, "upright");

  private final boolean transpose;
  private final boolean flipX;
  private final boolean flipY;
  private final String description;

  private Orientation(boolean transpose, boolean flipX, boolean flipY, String description) {
    this.transpose = transpose;
    this.flipX = flipX;
    this.flipY = flipY;
    this.description = description;
  }

  /**
   * The orientation a display matrix (nine 32-bit values, as FFmpeg stores it) asks for.
   * Angles that are not a multiple of 90 degrees are ignored: slides are never filmed that way
   * on purpose, and turning by them would need cropping.
   */
  static Orientation fromDisplayMatrix(IntPointer matrix) {
    if (matrix == null || matrix.isNull()) {
      return UPRIGHT;
    }
    // Degrees to turn clockwise for display, in [0, 360).
    double theta = -Math.round(av_display_rotation_get(matrix));
    theta -= 360 * Math.floor(theta / 360 + 0.9 / 360);
    int a = matrix.get(0);
    int d = matrix.get(3);
    int e = matrix.get(4);
    if (Math.abs(theta - 90) < 1) {
      return d > 0 ? new Orientation(true, false, false, "transposed")
          : new Orientation(true, false, true, "turned 90 degrees clockwise");
    }
    if (Math.abs(theta - 180) < 1) {
      return new Orientation(false, a < 0, e < 0, "turned 180 degrees");
    }
    if (Math.abs(theta - 270) < 1) {
      return d < 0 ? new Orientation(true, true, true, "transposed and turned")
          : new Orientation(true, true, false, "turned 90 degrees counterclockwise");
    }
    if (Math.abs(theta) < 1 && e < 0) {
      return new Orientation(false, false, true, "flipped vertically");
    }
    return UPRIGHT;
  }

  boolean isUpright() {
    return !transpose && !flipX && !flipY;
  }

  /** True when width and height trade places. */
  boolean swapsSides() {
    return transpose;
  }

  /** Width as shown, of a stored frame {@code width} by {@code height}. */
  int uprightWidth(int width, int height) {
    return transpose ? height : width;
  }

  /** Height as shown, of a stored frame {@code width} by {@code height}. */
  int uprightHeight(int width, int height) {
    return transpose ? width : height;
  }

  /**
   * Turns one plane of bytes: {@code source} is {@code width} by {@code height} (stored
   * orientation) with rows {@code sourceStride} apart; the upright plane is written to
   * {@code target} with rows {@code targetStride} apart.
   */
  void turn(byte[] source, int sourceStride, int width, int height, byte[] target,
      int targetStride) {
    int outWidth = uprightWidth(width, height);
    int outHeight = uprightHeight(width, height);
    for (int y = 0; y < outHeight; y++) {
      int row = y * targetStride;
      for (int x = 0; x < outWidth; x++) {
        int u = transpose ? y : x;
        int v = transpose ? x : y;
        int sx = flipX ? width - 1 - u : u;
        int sy = flipY ? height - 1 - v : v;
        target[row + x] = source[sy * sourceStride + sx];
      }
    }
  }

  /** {@link #turn(byte[], int, int, int, byte[], int)} between native planes. */
  void turn(BytePointer source, int sourceStride, int width, int height, BytePointer target,
      int targetStride) {
    int outHeight = uprightHeight(width, height);
    byte[] in = new byte[sourceStride * height];
    source.position(0).get(in);
    byte[] out = new byte[targetStride * outHeight];
    turn(in, sourceStride, width, height, out, targetStride);
    target.position(0).put(out);
  }

  @Override
  public String toString() {
    return description;
  }
}
