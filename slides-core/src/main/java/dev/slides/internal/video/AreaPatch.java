package dev.slides.internal.video;

import dev.slides.LumaFrame;
import dev.slides.internal.detect.StirredCells;

/**
 * The pixels of some cells of an analysis frame: the content a small area that keeps changing
 * (a speaker inset) had at a keyframe, kept to stand in for its motion in a stretch that is not
 * decoded. Small: a tenth of a frame at most.
 */
final class AreaPatch {
  private final int width;
  private final int height;
  private final int cellSize;
  private final int cols;
  private final boolean[] cells;
  private final byte[] pixels;

  /** The pixels of {@code frame} in the stirred cells of {@code area}. */
  AreaPatch(LumaFrame frame, StirredCells area) {
    this.width = frame.width();
    this.height = frame.height();
    this.cellSize = area.cellSize();
    this.cols = area.cols();
    this.cells = new boolean[area.cells()];
    for (int c = 0; c < cells.length; c++) {
      cells[c] = area.stirred(c);
    }
    this.pixels = copy(frame.pixels(), null);
  }

  /** {@code frame} with the cells of every patch replaced by the patch's pixels. */
  static LumaFrame apply(LumaFrame frame, Iterable<AreaPatch> patches) {
    byte[] out = frame.pixels().clone();
    for (AreaPatch p : patches) {
      if (p.width != frame.width() || p.height != frame.height()) {
        throw new IllegalArgumentException("Patch of another frame size");
      }
      p.copy(null, out);
    }
    return new LumaFrame(frame.width(), frame.height(), out);
  }

  /**
   * Gathers the cells' pixels from {@code frame} into a new array ({@code into} null), or
   * scatters the patch's pixels into {@code into}.
   */
  private byte[] copy(byte[] frame, byte[] into) {
    int count = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x += cellSize) {
        if (cells[(y / cellSize) * cols + x / cellSize]) {
          count += Math.min(cellSize, width - x);
        }
      }
    }
    byte[] gathered = into == null ? new byte[count] : null;
    int at = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x += cellSize) {
        if (cells[(y / cellSize) * cols + x / cellSize]) {
          int n = Math.min(cellSize, width - x);
          if (into == null) {
            System.arraycopy(frame, y * width + x, gathered, at, n);
          } else {
            System.arraycopy(pixels, at, into, y * width + x, n);
          }
          at += n;
        }
      }
    }
    return gathered;
  }
}
