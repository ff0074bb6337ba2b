package dev.slides.internal.detect;

import dev.slides.LumaFrame;
import java.util.Arrays;

/**
 * Frames of one size cut into square cells, and the per-cell count of changed pixels between
 * two frames. Shared by the segment and duplicate detectors so both judge "changed" alike.
 */
final class CellGrid {
  final int width;
  final int height;
  final int cols;
  final int rows;
  final int cells;
  /** Changed pixels that make a slide change, for frames of this size. */
  final int minChangePixels;
  private final int size;
  private final int threshold;
  private final int cellMinPixels;
  private final Tuning options;

  /**
   * The whole-picture brightness change taken off before two pictures are compared (see
   * {@link #atBrightnessOf}): {@link Tuning#maxExposureChange()}, or 0 while the detector sees
   * the picture fade (see {@link #exposureAllowance(boolean)}).
   */
  private double exposureAllowance;

  CellGrid(int width, int height, Tuning options) {
    this.options = options;
    this.exposureAllowance = options.maxExposureChange();
    this.width = width;
    this.height = height;
    this.size = options.cellSize();
    this.threshold = options.pixelThreshold();
    this.cellMinPixels = options.cellMinPixels();
    this.cols = (width + size - 1) / size;
    this.rows = (height + size - 1) / size;
    this.cells = cols * rows;
    this.minChangePixels = Math.max(4,
        (int) Math.round(options.minChangeFraction() * width * height));
  }

  /**
   * Whether the comparisons take off a camera's exposure change from now on: not while the
   * picture fades (its brightness drifting one way over seconds, see
   * Detection#brightnessDrifts). A slow fade's every step is as small as an exposure's hunt,
   * and taken off, its samples would hold as pictures; it is motion.
   */
  void exposureAllowance(boolean allowed) {
    exposureAllowance = allowed ? options.maxExposureChange() : 0;
  }

  /**
   * Counts, per cell, pixels whose grey level differs by more than the threshold; cells with
   * fewer than the minimum get 0. Cells flagged in {@code skip} (may be null) are not counted.
   * A change of the whole picture's brightness a camera's exposure makes is taken off first
   * (see {@link #atBrightnessOf}).
   *
   * @return the number of changed cells
   */
  int countChanges(byte[] a, byte[] b, int[] perCell, boolean[] skip) {
    return countChanges(a, b, perCell, skip, null);
  }

  /**
   * As {@link #countChanges(byte[], byte[], int[], boolean[])}, at a threshold per cell (see
   * {@link #slideThresholds}); null for the usual one everywhere.
   */
  int countChanges(byte[] a, byte[] b, int[] perCell, boolean[] skip, int[] thresholds) {
    b = atBrightnessOf(a, b, skip, exposureAllowance);
    Arrays.fill(perCell, 0);
    for (int y = 0; y < height; y++) {
      int rowCell = (y / size) * cols;
      int rowOffset = y * width;
      for (int cx = 0; cx < cols; cx++) {
        int cell = rowCell + cx;
        if (skip != null && skip[cell]) {
          continue;
        }
        int from = rowOffset + cx * size;
        int to = rowOffset + Math.min(width, (cx + 1) * size);
        int threshold = thresholds == null ? this.threshold : thresholds[cell];
        int n = 0;
        for (int i = from; i < to; i++) {
          int d = (a[i] & 0xFF) - (b[i] & 0xFF);
          n += (d > threshold || d < -threshold) ? 1 : 0;
        }
        perCell[cell] += n;
      }
    }
    int changed = 0;
    for (int c = 0; c < cells; c++) {
      if (perCell[c] < cellMinPixels) {
        perCell[c] = 0;
      } else {
        changed++;
      }
    }
    return changed;
  }

  /**
   * The pixels of the flagged cells in which {@code a} and {@code b} differ by more than the
   * usual threshold, marked in {@code into} (one flag a pixel); how many there are.
   */
  int markDiffering(byte[] a, byte[] b, boolean[] in, boolean[] into) {
    int n = 0;
    for (int y = 0; y < height; y++) {
      int rowCell = (y / size) * cols;
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        int d = (a[i] & 0xFF) - (b[i] & 0xFF);
        if (in[rowCell + x / size] && (d > threshold || d < -threshold)) {
          into[i] = true;
          n++;
        }
      }
    }
    return n;
  }

  /** How many of the flagged pixels differ between {@code a} and {@code b} (usual threshold). */
  int differingAt(byte[] a, byte[] b, boolean[] pixels) {
    int n = 0;
    for (int i = 0; i < pixels.length; i++) {
      int d = (a[i] & 0xFF) - (b[i] & 0xFF);
      if (pixels[i] && (d > threshold || d < -threshold)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Changed pixels between {@code a} and {@code b} outside the flagged cells, counting only
   * cells with at least the minimum (so scattered noise adds nothing).
   */
  int differingPixels(byte[] a, byte[] b, int[] perCell, boolean[] skip) {
    return differingPixels(a, b, perCell, skip, null);
  }

  /**
   * As {@link #differingPixels(byte[], byte[], int[], boolean[])}, at a threshold per cell;
   * null for the usual one everywhere.
   */
  int differingPixels(byte[] a, byte[] b, int[] perCell, boolean[] skip, int[] thresholds) {
    countChanges(a, b, perCell, skip, thresholds);
    return sum(perCell);
  }

  /** The grey-level difference above which a pixel changed, in slide comparisons by default. */
  int threshold() {
    return threshold;
  }

  /**
   * The grey-level difference above which a pixel differs from {@code picture} taken as a
   * slide: {@code slide}, the threshold of the whole slide's contrast (Tuning#slideThreshold;
   * the contrast is the largest difference from the most common grey level that at least
   * {@link #minChangePixels} pixels reach, so that a few stray pixels do not count: dark text
   * on a light slide gives 120 and more, light grey text on white about 45), and per cell
   * {@code cells}: that one, and in a cell whose own content is faint on the slide's background
   * the lower threshold of that content's contrast. Light grey lines beside a dark logo or
   * title: the logo gives the slide an ordinary contrast, and a changed line would change no
   * pixel by the ordinary threshold. A cell holds faint content when its most common grey is
   * the slide's background and a twelfth of its pixels or more stand out from it by
   * {@link Tuning#FAINT_CONTENT} grey levels or more (the strokes of a line of text, not the
   * grain of a filmed screen), while no content of ordinary contrast lies in it or next to it;
   * its threshold then follows the strongest content there. Empty cells, cells at or next to
   * content of ordinary contrast and cells of another background (a photo, a panel, the uneven
   * light of a camera) keep the whole slide's threshold.
   */
  SlideThresholds slideThresholds(byte[] picture) {
    int[] histograms = new int[cells * 256];
    for (int y = 0; y < height; y++) {
      int rowCell = (y / size) * cols;
      int rowOffset = y * width;
      for (int x = 0; x < width; x++) {
        histograms[(rowCell + x / size) * 256 + (picture[rowOffset + x] & 0xFF)]++;
      }
    }
    int[] whole = new int[256];
    for (int i = 0; i < histograms.length; i++) {
      whole[i & 0xFF] += histograms[i];
    }
    int background = mostCommon(whole, 0);
    int slide = options.slideThreshold(reach(whole, 0, background, minChangePixels));
    int[] thresholds = new int[cells];
    Arrays.fill(thresholds, slide);
    // The strongest content of each cell, reached by a few of its pixels (a letter's stroke).
    int[] strongest = new int[cells];
    for (int c = 0; c < cells; c++) {
      strongest[c] = reach(histograms, c * 256, background, cellMinPixels);
    }
    for (int c = 0; c < cells; c++) {
      int at = c * 256;
      boolean faintContent = Math.abs(mostCommon(histograms, at) - background) <= 2
          && reach(histograms, at, background, (cellPixels(c) + 11) / 12)
              >= Tuning.FAINT_CONTENT;
      if (!faintContent) {
        continue;
      }
      // The threshold follows the strongest content around the cell too: the edge of a dark
      // letter or logo that reaches into it is no faint content.
      int row = c / cols;
      int col = c % cols;
      int around = 0;
      for (int r = Math.max(0, row - 1); r <= Math.min(rows - 1, row + 1); r++) {
        for (int k = Math.max(0, col - 1); k <= Math.min(cols - 1, col + 1); k++) {
          around = Math.max(around, strongest[r * cols + k]);
        }
      }
      // Content of ordinary contrast around gives the full threshold, no lower than the
      // slide's: the minimum keeps the slide's then, with no branch taken only now and then
      // (a compiled method would be dropped and compiled again the first time it is).
      thresholds[c] = Math.min(slide, options.slideThreshold(around));
    }
    return new SlideThresholds(slide, thresholds);
  }

  /**
   * The whole slide's threshold of {@link #slideThresholds} alone, {@code slide}: the same
   * number, without the histograms of every cell.
   */
  int slideThreshold(byte[] picture) {
    int[] whole = new int[256];
    for (byte b : picture) {
      whole[b & 0xFF]++;
    }
    int background = mostCommon(whole, 0);
    return options.slideThreshold(reach(whole, 0, background, minChangePixels));
  }

  /** See {@link #slideThresholds}. */
  record SlideThresholds(int slide, int[] cells) {}

  /** The grey level counted most often in the histogram at {@code offset} (256 counts). */
  private static int mostCommon(int[] histograms, int offset) {
    int best = 0;
    for (int v = 1; v < 256; v++) {
      if (histograms[offset + v] > histograms[offset + best]) {
        best = v;
      }
    }
    return best;
  }

  /**
   * The largest difference from {@code background} that at least {@code pixels} pixels of the
   * histogram at {@code offset} reach; 0 when none.
   */
  private static int reach(int[] histograms, int offset, int background, int pixels) {
    // Counts by distance from the background first: no bounds test per distance, which the
    // JIT compiler hoisted by the profile of the first slides and had to undo on others.
    int[] byDistance = new int[256];
    for (int v = 0; v < 256; v++) {
      byDistance[Math.abs(v - background)] += histograms[offset + v];
    }
    int reached = 0;
    for (int d = 255; d > 0; d--) {
      reached += byDistance[d];
      if (reached >= pixels) {
        return d;
      }
    }
    return 0;
  }

  /**
   * Whether {@code after} only adds to {@code before}: the changed pixels (outside the flagged
   * cells) lay on empty background in {@code before} (a locally flat area), apart from a small
   * share at the edges of what was already there, and they cover a minority of the frame. A
   * change that removes or alters anything shown, or repaints the background, is not a build.
   */
  boolean isBuild(byte[] before, byte[] after, boolean[] skip, int minChangePixels,
      double overlapShare) {
    return isBuild(before, after, skip, minChangePixels, overlapShare, null);
  }

  /**
   * As {@link #isBuild(byte[], byte[], boolean[], int, double)}, at a threshold per cell; null
   * for the usual one everywhere.
   */
  boolean isBuild(byte[] before, byte[] after, boolean[] skip, int minChangePixels,
      double overlapShare, int[] thresholds) {
    ChangedPixels c = changedPixels(before, after, skip, thresholds);
    if (c.changed < minChangePixels || c.changed > c.counted * 0.35) {
      return false;
    }
    // Nothing shown may change or vanish: only the rim where new content touches old (a few
    // pixels, however much is added) may fall on content.
    return c.onContent <= Math.min(overlapShare * c.changed, minChangePixels / 2.0);
  }

  /**
   * The share of the pixels changed from {@code before} to {@code after} (beyond each cell's
   * threshold, outside {@code skip}) that lay on content in {@code before} rather than on an
   * empty area: content removed or covered changes its own pixels, content added the
   * background's. 0 when none changed.
   */
  double shareOnContent(byte[] before, byte[] after, boolean[] skip, int[] thresholds) {
    ChangedPixels c = changedPixels(before, after, skip, thresholds);
    return c.changed == 0 ? 0 : (double) c.onContent / c.changed;
  }

  /**
   * Pixels outside {@code skip}: those compared, those changed beyond their cell's threshold
   * (the usual one everywhere when {@code thresholds} is null), and of those, the ones that lay
   * on content in {@code before} (not in a locally flat area).
   */
  private record ChangedPixels(int counted, int changed, int onContent) {}

  private ChangedPixels changedPixels(byte[] before, byte[] after, boolean[] skip,
      int[] thresholds) {
    after = atBrightnessOf(before, after, skip, exposureAllowance);
    int changed = 0;
    int onContent = 0;
    int counted = 0;
    for (int y = 0; y < height; y++) {
      int rowCell = (y / size) * cols;
      for (int x = 0; x < width; x++) {
        int cell = rowCell + x / size;
        if (skip[cell]) {
          continue;
        }
        int threshold = thresholds == null ? this.threshold : thresholds[cell];
        counted++;
        int i = y * width + x;
        int d = (after[i] & 0xFF) - (before[i] & 0xFF);
        if (d > threshold || d < -threshold) {
          changed++;
          if (!flat(before, x, y, threshold)) {
            onContent++;
          }
        }
      }
    }
    return new ChangedPixels(counted, changed, onContent);
  }

  /** No edge within two pixels of (x, y): the pixel is part of an empty area. */
  private boolean flat(byte[] px, int x, int y, int threshold) {
    int min = 255;
    int max = 0;
    for (int yy = Math.max(0, y - 2); yy <= Math.min(height - 1, y + 2); yy++) {
      int o = yy * width;
      for (int xx = Math.max(0, x - 2); xx <= Math.min(width - 1, x + 2); xx++) {
        int v = px[o + xx] & 0xFF;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    return max - min <= threshold;
  }

  /**
   * How a sample differs from the previous one, per cell.
   *
   * @param changed cells with at least the minimum of pixels changed beyond the slide-change
   *     threshold (what a slide comparison counts)
   * @param stirred cells where a few pixels differ by a few grey levels once a flicker of the
   *     light is taken off: a much finer measure, for telling still from moving (sparse snow, a
   *     faint evolving background, text typing in); every changed cell is stirred too
   * @param absoluteSums the sum of absolute grey-level differences in each cell, once a flicker
   *     of the light is taken off
   * @param brightnessChange how much the whole picture's brightness changed, as a share (0.02:
   *     2 % brighter): the median over the cells of their brightness ratio
   * @param flickerTakenOff whether that change was taken off before the fine measures: small
   *     enough for a light flickering over a filmed screen, large enough to matter
   */
  record PairChanges(boolean[] changed, boolean[] stirred, double[] absoluteSums,
                     double brightnessChange, boolean flickerTakenOff) {

    /**
     * The same changes seen from the other frame: the brightness change turned round; the fine
     * measures are kept (they differ by the few percent of a flicker taken off at most).
     */
    PairChanges reversed() {
      return new PairChanges(changed, stirred, absoluteSums, 1 / (1 + brightnessChange) - 1,
          flickerTakenOff);
    }
  }

  /** No change: what the first sample of a video differs by. */
  PairChanges noChanges() {
    return new PairChanges(new boolean[cells], new boolean[cells], new double[cells], 0, false);
  }

  /** Fixed-point scale of the brightness ratio, so that the per-pixel work stays in integers. */
  private static final int RATIO_ONE = 1 << 12;

  /** Every how many rows {@link #atBrightnessOf} measures the cells' brightness. */
  private static final int EXPOSURE_ROW_STEP = 4;

  /**
   * Everything {@link PairChanges} holds.
   *
   * @param maxFlicker the largest change of the whole picture's brightness, as a share, taken
   *     off before the fine measures; a larger one is a fade, and 0 compares the pixels as they
   *     are
   */
  PairChanges pairChanges(byte[] a, byte[] b, int stirThreshold, int stirMinPixels,
      double maxFlicker) {
    boolean[] changed = new boolean[cells];
    int[] coarse = new int[cells];
    long[] sumsA = new long[cells];
    long[] sumsB = new long[cells];
    // The fine measures as if no flicker were taken off, in the same pass: most pairs keep
    // them, and only a flicker taken off needs a second pass over the pixels.
    long[] absoluteSums = new long[cells];
    int[] fine = new int[cells];
    for (int y = 0; y < height; y++) {
      int rowCell = (y / size) * cols;
      int rowOffset = y * width;
      for (int cx = 0; cx < cols; cx++) {
        int cell = rowCell + cx;
        int from = rowOffset + cx * size;
        int to = rowOffset + Math.min(width, (cx + 1) * size);
        int nCoarse = 0;
        int nFine = 0;
        int sumA = 0;
        int sumB = 0;
        int sumAbs = 0;
        for (int i = from; i < to; i++) {
          int va = a[i] & 0xFF;
          int vb = b[i] & 0xFF;
          int d = va - vb;
          int abs = d < 0 ? -d : d;
          sumA += va;
          sumB += vb;
          sumAbs += abs;
          nCoarse += abs > threshold ? 1 : 0;
          nFine += abs > stirThreshold ? 1 : 0;
        }
        coarse[cell] += nCoarse;
        fine[cell] += nFine;
        sumsA[cell] += sumA;
        sumsB[cell] += sumB;
        absoluteSums[cell] += sumAbs;
      }
    }
    // A light flickering over the screen scales every pixel by about the same factor: the
    // cells' brightness ratios agree on it, whatever each cell shows (the median ignores the
    // few where content changed). The mean shift decides whether it is worth taking off.
    double[] ratios = new double[cells];
    double[] shifts = new double[cells];
    for (int c = 0; c < cells; c++) {
      ratios[c] = (sumsB[c] + 1.0) / (sumsA[c] + 1.0);
      shifts[c] = (double) (sumsB[c] - sumsA[c]) / cellPixels(c);
    }
    double ratio = Selection.median(ratios);
    double change = ratio - 1;
    // Under half a grey level the picture did not move as a whole (rounding and noise); beyond
    // the limit it is a fade, which must look like motion everywhere. Either way the pixels are
    // compared as they are.
    boolean takeOff = maxFlicker > 0 && Math.abs(change) <= maxFlicker
        && Math.abs(Selection.median(shifts)) >= 0.5;
    int scale = takeOff ? (int) Math.round(ratio * RATIO_ONE) : RATIO_ONE;
    boolean[] stirred = new boolean[cells];
    double[] sums = new double[cells];
    if (scale != RATIO_ONE) {
      // The pixels of a scaled by the ratio: |a * scale - b * one| beyond the stir threshold
      // (times one), and the sums of those differences.
      int stirLimit = stirThreshold * RATIO_ONE;
      long[] scaledSums = new long[cells];
      Arrays.fill(fine, 0);
      for (int y = 0; y < height; y++) {
        int rowCell = (y / size) * cols;
        int rowOffset = y * width;
        for (int cx = 0; cx < cols; cx++) {
          int cell = rowCell + cx;
          int from = rowOffset + cx * size;
          int to = rowOffset + Math.min(width, (cx + 1) * size);
          int nFine = 0;
          long sum = 0;
          for (int i = from; i < to; i++) {
            int d = (a[i] & 0xFF) * scale - (b[i] & 0xFF) * RATIO_ONE;
            int abs = d < 0 ? -d : d;
            sum += abs;
            nFine += abs > stirLimit ? 1 : 0;
          }
          fine[cell] += nFine;
          scaledSums[cell] += sum;
        }
      }
      for (int c = 0; c < cells; c++) {
        sums[c] = (double) scaledSums[c] / RATIO_ONE;
      }
    } else {
      for (int c = 0; c < cells; c++) {
        sums[c] = absoluteSums[c];
      }
    }
    for (int c = 0; c < cells; c++) {
      changed[c] = coarse[c] >= cellMinPixels;
      // A flicker taken off may hide part of a change the slide comparison counts: it stirs.
      stirred[c] = changed[c] || fine[c] >= stirMinPixels;
    }
    return new PairChanges(changed, stirred, sums, change, takeOff);
  }

  /**
   * {@code b} at the brightness of {@code a}, when the whole of {@code b} is brighter or darker
   * by a common factor of at most {@code maxChange} (as a share): a camera's exposure drifting
   * or hunting scales every pixel of a filmed screen alike. The factor is the median, over the
   * cells outside {@code skip} (may be null), of their brightness ratio, as for a flicker (see
   * {@link #pairChanges}); the few cells where content changed do not move it. Below half a
   * grey level of mean shift, or beyond the limit (a fade, another picture), {@code b} itself.
   * The cells' brightness is measured on every {@link #EXPOSURE_ROW_STEP}th row: the slide
   * comparisons run several times per sample, and a whole pass over both pictures for each
   * made the detector a sixth slower; a common factor shows as well in a quarter of the rows.
   */
  byte[] atBrightnessOf(byte[] a, byte[] b, boolean[] skip, double maxChange) {
    if (a == b || maxChange <= 0) {
      return b;
    }
    long[] sumsA = new long[cells];
    long[] sumsB = new long[cells];
    int[] measured = new int[cells];
    for (int y = 0; y < height; y += EXPOSURE_ROW_STEP) {
      int rowCell = (y / size) * cols;
      int rowOffset = y * width;
      for (int cx = 0; cx < cols; cx++) {
        int cell = rowCell + cx;
        if (skip != null && skip[cell]) {
          continue;
        }
        int from = rowOffset + cx * size;
        int to = rowOffset + Math.min(width, (cx + 1) * size);
        int sumA = 0;
        int sumB = 0;
        for (int i = from; i < to; i++) {
          sumA += a[i] & 0xFF;
          sumB += b[i] & 0xFF;
        }
        sumsA[cell] += sumA;
        sumsB[cell] += sumB;
        measured[cell] += to - from;
      }
    }
    int counted = 0;
    double[] ratios = new double[cells];
    double[] shifts = new double[cells];
    for (int c = 0; c < cells; c++) {
      if (skip == null || !skip[c]) {
        ratios[counted] = (sumsB[c] + 1.0) / (sumsA[c] + 1.0);
        shifts[counted] = (double) (sumsB[c] - sumsA[c]) / measured[c];
        counted++;
      }
    }
    if (counted == 0) {
      return b;
    }
    double ratio = Selection.median(Arrays.copyOf(ratios, counted));
    if (Math.abs(ratio - 1) > maxChange
        || Math.abs(Selection.median(Arrays.copyOf(shifts, counted))) < 0.5) {
      return b;
    }
    int scale = (int) Math.round(RATIO_ONE / ratio);
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      int v = ((b[i] & 0xFF) * scale + RATIO_ONE / 2) >> 12;
      out[i] = (byte) (v > 255 ? 255 : v);
    }
    return out;
  }

  /**
   * Twice the pixel row of the centre of cell row {@code r} (the last row may be cut short by
   * the frame's edge, and its centre is that of the part in the frame).
   */
  int rowCentreTwice(int r) {
    return r * size + Math.min(height, (r + 1) * size);
  }

  /** As {@link #rowCentreTwice}, for cell column {@code c}. */
  int columnCentreTwice(int c) {
    return c * size + Math.min(width, (c + 1) * size);
  }

  /** Pixels in cell {@code c} (cells at the right and bottom edges may be smaller). */
  int cellPixels(int c) {
    int col = c % cols;
    int row = c / cols;
    return (Math.min(width, (col + 1) * size) - col * size)
        * (Math.min(height, (row + 1) * size) - row * size);
  }

  static int sum(int[] perCell) {
    int sum = 0;
    for (int n : perCell) {
      sum += n;
    }
    return sum;
  }

  int cellOf(int pixel) {
    return (pixel / width / size) * cols + (pixel % width) / size;
  }

  /** Copies the pixels of the flagged cells from {@code from} into {@code to}. */
  void copyCells(byte[] from, byte[] to, boolean[] flagged) {
    for (int y = 0; y < height; y++) {
      int rowCell = (y / size) * cols;
      int rowOffset = y * width;
      for (int cx = 0; cx < cols; cx++) {
        if (flagged[rowCell + cx]) {
          int start = rowOffset + cx * size;
          int end = rowOffset + Math.min(width, (cx + 1) * size);
          System.arraycopy(from, start, to, start, end - start);
        }
      }
    }
  }

  /**
   * A 3x3 box blur. Encoders refine a new picture over several frames (blocks first, detail
   * later) and ring around text; both are fine-grained and mostly vanish here, while a changed
   * word or a new slide does not.
   */
  static byte[] smooth(LumaFrame frame) {
    int w = frame.width();
    int h = frame.height();
    byte[] in = frame.pixels();
    if (w < 3 || h < 3) {
      return in.clone();
    }
    // Horizontal sums of three rows at a time (the frame is mirrored at its edges), so nothing
    // of the frame's size is allocated but the result.
    int[] above = new int[w];
    int[] row = new int[w];
    int[] below = new int[w];
    rowSums(in, w, 1, above);
    rowSums(in, w, 0, row);
    byte[] out = new byte[w * h];
    for (int y = 0; y < h; y++) {
      rowSums(in, w, y == h - 1 ? y - 1 : y + 1, below);
      int o = y * w;
      for (int x = 0; x < w; x++) {
        out[o + x] = (byte) ((above[x] + row[x] + below[x] + 4) / 9);
      }
      int[] spare = above;
      above = row;
      row = below;
      below = spare;
    }
    return out;
  }

  private static void rowSums(byte[] in, int w, int y, int[] sums) {
    int o = y * w;
    sums[0] = 2 * (in[o] & 0xFF) + (in[o + 1] & 0xFF);
    for (int x = 1; x < w - 1; x++) {
      sums[x] = (in[o + x - 1] & 0xFF) + (in[o + x] & 0xFF) + (in[o + x + 1] & 0xFF);
    }
    sums[w - 1] = (in[o + w - 2] & 0xFF) + 2 * (in[o + w - 1] & 0xFF);
  }
}
