package dev.slides.internal.detect;

import dev.slides.DetectorOptions;
import dev.slides.LumaFrame;
import dev.slides.SegmentDetector;

/**
 * Where two analysis frames differ in the {@link SegmentDetector}'s finest terms: the cells
 * (16-pixel squares of the smoothed frame) where a few pixels differ by a few grey levels, which
 * the detector calls <em>stirred</em> and uses to tell a picture at rest from one that is
 * moving. A cell that is not stirred cannot count as changed in any of the detector's
 * comparisons, at any sensitivity: its coarser measure of a slide change only counts larger
 * differences in more pixels.
 *
 * <p>For a decoder that skips stretches of video known to hold one still picture, and must
 * compare two frames exactly as the detector would before trusting that nothing changed between
 * them.
 */
public final class StirredCells {
  private final int cellSize;
  private final int cols;
  private final int rows;
  private final boolean[] stirred;

  private StirredCells(int cellSize, int cols, int rows, boolean[] stirred) {
    this.cellSize = cellSize;
    this.cols = cols;
    this.rows = rows;
    this.stirred = stirred;
  }

  /**
   * Compares two frames of one size with the detector's smoothing, cells and stir threshold.
   *
   * @throws IllegalArgumentException when the frames differ in size
   */
  public static StirredCells between(LumaFrame a, LumaFrame b) {
    return between(smooth(a), smooth(b));
  }

  /**
   * Compares two frames smoothed by {@link #smooth}: for a frame compared with several others,
   * smoothed once.
   *
   * @throws IllegalArgumentException when the frames differ in size
   */
  public static StirredCells between(Smoothed a, Smoothed b) {
    if (a.width != b.width || a.height != b.height) {
      throw new IllegalArgumentException("Frames of different sizes: " + a.width + "x"
          + a.height + " and " + b.width + "x" + b.height);
    }
    Tuning options = new Tuning(DetectorOptions.defaults());
    CellGrid grid = new CellGrid(a.width, a.height, options);
    // The pixels as they are, no flicker taken off: a stretch whose keyframes differ only by
    // a flickering light is decoded and the detector sees its frames, as before.
    CellGrid.PairChanges pair = grid.pairChanges(a.pixels, b.pixels, options.stirThreshold(),
        options.stirMinPixels(), 0);
    return new StirredCells(options.cellSize(), grid.cols, grid.rows, pair.stirred());
  }

  /** {@code frame} smoothed as the detector smooths the frames it compares. */
  public static Smoothed smooth(LumaFrame frame) {
    return new Smoothed(frame.width(), frame.height(), CellGrid.smooth(frame));
  }

  /** An analysis frame smoothed as the detector smooths it (see {@link #smooth}). */
  public static final class Smoothed {
    private final int width;
    private final int height;
    private final byte[] pixels;

    private Smoothed(int width, int height, byte[] pixels) {
      this.width = width;
      this.height = height;
      this.pixels = pixels;
    }
  }

  /**
   * Side of a cell in pixels of the frames compared (cells at the right and bottom edges may be
   * smaller).
   */
  public int cellSize() {
    return cellSize;
  }

  /** Columns of cells. */
  public int cols() {
    return cols;
  }

  /** Rows of cells. */
  public int rows() {
    return rows;
  }

  /** Number of cells: {@code cols() * rows()}; a cell's number is {@code row * cols() + col}. */
  public int cells() {
    return stirred.length;
  }

  /** Whether cell {@code c} differs. */
  public boolean stirred(int c) {
    return stirred[c];
  }

  /** How many cells differ. */
  public int count() {
    int n = 0;
    for (boolean s : stirred) {
      n += s ? 1 : 0;
    }
    return n;
  }

  /** True when no cell differs: the detector cannot tell the two frames apart. */
  public boolean none() {
    return count() == 0;
  }
}
