package dev.slides;

import java.util.Locale;

/**
 * A rectangle of the frame, in shares of its width and height (0 to 1), so that one region
 * fits a video at any resolution: {@code Region.of(0, 0, 0.75, 1)} is the left three quarters.
 *
 * @param x left edge, share of the width
 * @param y top edge, share of the height
 * @param width share of the width
 * @param height share of the height
 */
public record Region(double x, double y, double width, double height) {
  /** The whole frame. */
  public static final Region FULL = new Region(0, 0, 1, 1);

  /**
   * Checks the region.
   *
   * @throws IllegalArgumentException when it has no size or does not lie inside the frame
   */
  public Region {
    if (width <= 0 || height <= 0) { // NaN goes on to the check below
      // "Must lie inside the frame" said nothing of the 0 in "10%,10%,0%,50%".
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "A region must have a size (width and height above 0): width=%s height=%s",
          width, height));
    }
    if (!(x >= 0 && y >= 0 && width > 0 && height > 0 && x + width <= 1 + 1e-9
        && y + height <= 1 + 1e-9)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "A region must lie inside the frame (shares 0 to 1): x=%s y=%s width=%s height=%s",
          x, y, width, height));
    }
  }

  /**
   * The region of these shares of the frame.
   *
   * @throws IllegalArgumentException when it does not lie inside the frame
   */
  public static Region of(double x, double y, double width, double height) {
    return new Region(x, y, width, height);
  }

  /**
   * Parses {@code x,y,width,height} in shares (0.1,0,0.8,1) or percent (10%,0%,80%,100%).
   *
   * @throws IllegalArgumentException when the text is not four numbers or the region leaves
   *     the frame
   */
  public static Region parse(String text) {
    String[] parts = text.split(",");
    if (parts.length != 4) {
      throw new IllegalArgumentException(
          "A region is x,y,width,height (shares of the frame, e.g. 0,0,0.75,1, or percent,"
              + " e.g. 0,0,75%,100%), got: " + text);
    }
    double[] v = new double[4];
    boolean anyPercent = false;
    boolean aboveOne = false;
    for (int i = 0; i < 4; i++) {
      String p = parts[i].trim();
      boolean percent = p.endsWith("%");
      anyPercent |= percent;
      try {
        v[i] = Double.parseDouble(percent ? p.substring(0, p.length() - 1) : p)
            / (percent ? 100 : 1);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Not a number in region '" + text + "': " + p);
      }
      aboveOne |= v[i] > 1;
    }
    if (aboveOne && !anyPercent) {
      // "10,10,50,50" meant percent: the frame check alone said "shares 0 to 1" and no more.
      throw new IllegalArgumentException("A region is in shares of the frame (0 to 1), or in"
          + " percent with a % after each number (10%,10%,50%,50%), got: " + text);
    }
    return new Region(v[0], v[1], v[2], v[3]);
  }

  /** Whether this is the whole frame. */
  public boolean isFull() {
    return x == 0 && y == 0 && width >= 1 && height >= 1;
  }

  /** The pixels of {@code frame} inside this region (the frame itself when it is full). */
  public LumaFrame crop(LumaFrame frame) {
    if (isFull()) {
      return frame;
    }
    int fw = frame.width();
    int fh = frame.height();
    int left = (int) Math.floor(x * fw);
    int top = (int) Math.floor(y * fh);
    int w = Math.max(1, Math.min(fw - left, (int) Math.round(width * fw)));
    int h = Math.max(1, Math.min(fh - top, (int) Math.round(height * fh)));
    byte[] src = frame.pixels();
    byte[] out = new byte[w * h];
    for (int row = 0; row < h; row++) {
      System.arraycopy(src, (top + row) * fw + left, out, row * w, w);
    }
    return new LumaFrame(w, h, out);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s,%s,%s,%s", x, y, width, height);
  }
}
