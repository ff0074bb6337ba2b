package dev.slides.internal.detect;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A picture held on screen while it is slowly reframed (a Ken Burns zoom and pan, as slideshow
 * editors put on every picture): a chain of samples each of which shows the chain's first
 * sample, its <em>origin</em>, under a small zoom and shift (a similarity transform without
 * rotation) and otherwise the same. The detector then analyses the origin's pixels in place of
 * each such sample's, so that the picture holds as a still slide does, and the slide's first
 * and last samples are kept as usual. A change of picture (a cut, a crossfade), a change of
 * content, or a reframing too fast or too large (see Tuning#maxReframeZoomRate) ends the
 * chain: the detector then sees the sample as it is.
 *
 * <p>How a sample is judged: the transform is fitted (Gauss-Newton on copies about 160 pixels
 * wide, from the last sample's transform) against the origin; its zoom and shift since the
 * origin, and since the last sample, must be within the rates and sizes of Tuning; and the
 * sample must be the chain's sample of a second before (see Tuning#reframeSpanSeconds) under
 * the transform between them: fewer pixels differing by more than the slide's threshold than
 * make a slide change, and a small mean difference (a crossfade raises it at once). A chain
 * opens on a sample that shows the sample a second before (or the first one after a cut) so
 * reframed, the reframing explaining most of the difference between them.
 *
 * <p>Only tried where needed: a chain opens only on a sample pair that changed over much of
 * the frame, finely (see Detection#mayBeReframed); a still slide costs nothing.
 */
final class Reframing {
  /** Width of the copy the transform is fitted on, about. */
  private static final int FIT_WIDTH = 160;

  private final CellGrid grid;
  private final Tuning options;
  private final int factor;
  private final int sw;
  private final int sh;

  // The open chain: its origin's pixels (as the detector holds them), its time, its slide
  // threshold, the fitting copy and its gradients; the transform of the newest sample.
  private byte[] origin;
  private double originTime;
  private int threshold;
  /**
   * The origin's copies to fit on: about 160 pixels wide, and half that; the fine one is made
   * only once a coarse fit passed (most attempts end on the coarse copy).
   */
  private Level fine;
  private Level coarse;

  /**
   * The fitting copies of the last few samples fitted, newest last: a sample fitted now is the
   * sample before the next one (tried from it where the last step is checked) and, a second
   * later, the sample a chain would open from, so that during sustained motion each sample is
   * downscaled once and not three times.
   */
  private final ArrayDeque<Copies> copies = new ArrayDeque<>();

  /** How many samples' copies are kept: a second at 4 samples a second, and then some. */
  private static final int KEPT_COPIES = 8;

  /**
   * What is kept of a sample, each made when first needed: its pixels (by identity), its fine
   * and coarse copies, as levels to fit on where it is an origin, and the least and greatest
   * grey level of each of its blocks (see #cannotShow).
   */
  private static final class Copies {
    final byte[] pixels;
    float[] fine;
    float[] coarse;
    Level fineLevel;
    Level coarseLevel;
    int[] low;
    int[] high;

    Copies(byte[] pixels) {
      this.pixels = pixels;
    }
  }
  /**
   * The newest sample's picture p shows the origin at c + scale (p - c) + shift (c the middle
   * of the frame), in pixels of the analysed frame.
   */
  private double scale = 1;
  private double shiftX;
  private double shiftY;

  /**
   * The chain's samples of the last {@link Tuning#reframeSpanSeconds()} and the one before
   * them, oldest first, each with its transform from the origin: each new sample is compared
   * with the oldest of them (the origin while the chain is younger), so that what resampling
   * blurs as the zoom adds up is not taken for a change, while a crossfade or content changed
   * within that time is.
   */
  private final ArrayDeque<Framed> chain = new ArrayDeque<>();

  /** A sample of the chain: its time, pixels and transform from the origin. */
  private record Framed(double time, byte[] pixels, double scale, double shiftX,
                        double shiftY) {}

  /** What the last fit found, for the decision. */
  private double fitScale;
  private double fitShiftX;
  private double fitShiftY;

  Reframing(CellGrid grid, Tuning options) {
    this.grid = grid;
    this.options = options;
    this.factor = Math.max(1, Math.round((float) grid.width / FIT_WIDTH));
    this.sw = grid.width / factor;
    this.sh = grid.height / factor;
  }

  boolean open() {
    return origin != null;
  }

  /** The origin's pixels, to analyse in place of a sample of the chain. */
  byte[] origin() {
    return origin;
  }

  void close() {
    origin = null;
    originCopies = null;
    fine = null;
    coarse = null;
    chain.clear();
  }

  /** The open chain's origin's copies. */
  private Copies originCopies;

  /** The copies of {@code px}: kept ones where {@code px} was fitted lately. */
  private Copies copiesOf(byte[] px) {
    for (Iterator<Copies> it = copies.descendingIterator(); it.hasNext(); ) {
      Copies c = it.next();
      if (c.pixels == px) {
        return c;
      }
    }
    Copies c = new Copies(px);
    if (copies.size() == KEPT_COPIES) {
      copies.removeFirst();
    }
    copies.addLast(c);
    return c;
  }

  private float[] fineOf(Copies c) {
    if (c.fine == null) {
      if (factor == 2 && grid.width % 4 == 0 && grid.height % 4 == 0) {
        downscaleWithBounds(c);
      } else {
        c.fine = downscale(c.pixels);
      }
    }
    return c.fine;
  }

  /**
   * The fine copy of {@code c} at the analysed frames' usual size (320 wide, a factor of 2),
   * and in the same pass the bounds of its blocks (see #boundsOf): the pixels are read once.
   */
  private void downscaleWithBounds(Copies c) {
    int w = grid.width;
    byte[] px = c.pixels;
    float[] out = new float[sw * sh];
    float norm = 1f / (factor * factor);
    int bw = w / BLOCK;
    int[] low = new int[bw * (grid.height / BLOCK)];
    int[] high = new int[low.length];
    for (int y = 0; y < sh; y++) {
      int o = 2 * y * w;
      int p = y * sw;
      int b = (y / 2) * bw;
      boolean first = y % 2 == 0;
      for (int x = 0; x < sw; x += 2, o += 4, b++) {
        int a0 = px[o] & 0xFF;
        int a1 = px[o + 1] & 0xFF;
        int a2 = px[o + w] & 0xFF;
        int a3 = px[o + w + 1] & 0xFF;
        int c0 = px[o + 2] & 0xFF;
        int c1 = px[o + 3] & 0xFF;
        int c2 = px[o + w + 2] & 0xFF;
        int c3 = px[o + w + 3] & 0xFF;
        out[p + x] = (a0 + a1 + a2 + a3) * norm;
        out[p + x + 1] = (c0 + c1 + c2 + c3) * norm;
        int least = Math.min(Math.min(Math.min(a0, a1), Math.min(a2, a3)),
            Math.min(Math.min(c0, c1), Math.min(c2, c3)));
        int greatest = Math.max(Math.max(Math.max(a0, a1), Math.max(a2, a3)),
            Math.max(Math.max(c0, c1), Math.max(c2, c3)));
        low[b] = first ? least : Math.min(low[b], least);
        high[b] = first ? greatest : Math.max(high[b], greatest);
      }
    }
    c.fine = out;
    c.low = low;
    c.high = high;
  }

  private float[] coarseOf(Copies c) {
    if (c.coarse == null) {
      c.coarse = halve(fineOf(c), sw, sh);
    }
    return c.coarse;
  }

  /** The origin's fine copy to fit on, made when first needed. */
  private Level fineLevel() {
    if (fine == null) {
      if (originCopies.fineLevel == null) {
        originCopies.fineLevel = Level.of(fineOf(originCopies), sw, sh, factor);
      }
      fine = originCopies.fineLevel;
    }
    return fine;
  }

  /**
   * Whether {@code px} (at {@code time}) still shows the open chain's origin, reframed within
   * the bounds; the chain's transform follows it. The chain is left open either way: the
   * caller closes it.
   */
  boolean follows(double time, byte[] px) {
    if (!fit(px, scale, shiftX, shiftY, Double.NaN)) {
      return false;
    }
    if (!withinBounds(time - originTime)
        || !stepWithinRate(chain.peekLast(), time, fitScale, fitShiftX, fitShiftY)) {
      return false;
    }
    while (chain.size() > 1) {
      Iterator<Framed> it = chain.iterator();
      it.next();
      if (it.next().time() > time - options.reframeSpanSeconds() + 1e-9) {
        break;
      }
      chain.removeFirst();
    }
    // The transform from the base to this sample.
    Framed base = chain.peekFirst();
    double s = fitScale / base.scale();
    double tx = (fitShiftX - base.shiftX()) / base.scale();
    double ty = (fitShiftY - base.shiftY()) / base.scale();
    if (!sameAt(base.pixels(), px, s, tx, ty)) {
      return false;
    }
    scale = fitScale;
    shiftX = fitShiftX;
    shiftY = fitShiftY;
    chain.addLast(new Framed(time, px, scale, shiftX, shiftY));
    return true;
  }

  /**
   * Whether {@code px} (at {@code time}) shows {@code before} (at {@code beforeTime}) reframed
   * within the bounds, the reframing explaining most of the difference, and the step from
   * {@code previous} (the sample just before, at {@code previousTime}) is within the rates too;
   * if so, a chain opens with {@code before} as its origin.
   */
  boolean opens(double beforeTime, byte[] before, double previousTime, byte[] previous,
      double time, byte[] px) {
    origin = before;
    originTime = beforeTime;
    originCopies = copiesOf(before);
    fine = null;
    threshold = -1;
    scale = 1;
    shiftX = 0;
    shiftY = 0;
    if (cannotShow(originCopies, copiesOf(px), time - beforeTime)) {
      close();
      return false;
    }
    if (originCopies.coarseLevel == null) {
      originCopies.coarseLevel = Level.of(coarseOf(originCopies), sw / 2, sh / 2, 2 * factor);
    }
    coarse = originCopies.coarseLevel;
    boolean opened = fit(px, 1, 0, 0, time - beforeTime) && withinBounds(time - beforeTime)
        && moves() && sameAt(before, px, fitScale, fitShiftX, fitShiftY) && explained(before, px);
    if (opened && previous != before) {
      // The last step alone must not be too fast either: motion that speeds up (a zoom
      // transition easing in) may look slow over the second before.
      double s = fitScale;
      double tx = fitShiftX;
      double ty = fitShiftY;
      opened = fit(previous, s, tx, ty, Double.NaN)
          && stepWithinRate(new Framed(previousTime, previous, fitScale, fitShiftX, fitShiftY),
              time, s, tx, ty);
      fitScale = s;
      fitShiftX = tx;
      fitShiftY = ty;
    }
    if (!opened) {
      close();
      return false;
    }
    scale = fitScale;
    shiftX = fitShiftX;
    shiftY = fitShiftY;
    chain.addLast(new Framed(beforeTime, before, 1, 0, 0));
    chain.addLast(new Framed(time, px, scale, shiftX, shiftY));
    return true;
  }

  /** {@link #cannotShow(Copies, Copies, double)} of two samples' pixels. */
  boolean cannotShow(byte[] before, byte[] px, double seconds) {
    return cannotShow(copiesOf(before), copiesOf(px), seconds);
  }

  /** Side of the blocks {@link #cannotShow} bounds grey levels in. */
  private static final int BLOCK = 4;

  /** Scratch for {@link #cannotShow}: the bounds of the blocks around each block. */
  private int[] aroundLow;
  private int[] aroundHigh;
  private int[] spread;

  /**
   * Whether {@code px} surely is not {@code before} under any reframing within the bounds for
   * {@code seconds} (see #withinBounds), so that no fit is needed to tell: as many pixels as
   * make a slide change, each of which every such reframing keeps in the frame, are brighter
   * or darker by more than the slide's threshold than all of {@code before} near them (as far
   * as such a reframing moves a pixel, and its bilinear neighbours), so {@link #sameAt} would
   * count them whatever the fit found. Told by blocks of {@link #BLOCK} pixels square: a block
   * of {@code px} whose least grey is above the greatest around it in {@code before} (plus the
   * threshold) has all its pixels so, one whose greatest is above at least one. The threshold
   * is the ordinary one, which no slide's exceeds (Tuning#slideThreshold). A presenter who
   * walked over the slide within the second is told here, at a fraction of a fit's cost.
   */
  private boolean cannotShow(Copies before, Copies px, double seconds) {
    int w = grid.width;
    int h = grid.height;
    double span = Math.max(seconds, 1e-3);
    double zoom = Math.min(options.maxReframeZoom(), options.maxReframeZoomRate() * span);
    double shift = w * Math.min(options.maxReframeShift(), options.maxReframeShiftRate() * span);
    double grow = Math.exp(zoom) - 1;
    // How far from a pixel its source may lie, with room for rounding and the bilinear
    // neighbours.
    int rx = (int) Math.ceil(grow * (w - 1) / 2.0 + shift) + 2;
    int ry = (int) Math.ceil(grow * (h - 1) / 2.0 + shift) + 2;
    if (2 * rx >= w || 2 * ry >= h) {
      return false;
    }
    int bw = (w + BLOCK - 1) / BLOCK;
    int bh = (h + BLOCK - 1) / BLOCK;
    if (aroundLow == null) {
      aroundLow = new int[bw * bh];
      aroundHigh = new int[bw * bh];
      spread = new int[bw * bh];
    }
    boundsOf(before);
    boundsOf(px);
    int kx = (rx + BLOCK - 1) / BLOCK;
    int ky = (ry + BLOCK - 1) / BLOCK;
    around(before.low, aroundLow, bw, bh, kx, ky, false);
    around(before.high, aroundHigh, bw, bh, kx, ky, true);
    int limit = options.pixelThreshold();
    int most = grid.minChangePixels;
    int differing = 0;
    // The blocks whose pixels all lie at least rx and ry inside the frame.
    int firstX = (rx + BLOCK - 1) / BLOCK;
    int lastX = (w - rx) / BLOCK - 1;
    int firstY = (ry + BLOCK - 1) / BLOCK;
    int lastY = (h - ry) / BLOCK - 1;
    int full = BLOCK * BLOCK;
    for (int by = firstY; by <= lastY; by++) {
      for (int bx = firstX; bx <= lastX; bx++) {
        int b = by * bw + bx;
        int above = aroundHigh[b] + limit;
        int below = aroundLow[b] - limit;
        int least = px.low[b];
        int greatest = px.high[b];
        if (least > above || greatest < below) {
          differing += full;
        } else {
          differing += (greatest > above ? 1 : 0) + (least < below ? 1 : 0);
        }
      }
      if (differing >= most) {
        return true;
      }
    }
    return false;
  }

  /** Makes the least and greatest grey level of each block of {@code c}, once. */
  private void boundsOf(Copies c) {
    if (c.low == null) {
      // Made with the fine copy where that is how (see #downscaleWithBounds).
      fineOf(c);
    }
    if (c.low != null) {
      return;
    }
    int w = grid.width;
    int h = grid.height;
    int bw = (w + BLOCK - 1) / BLOCK;
    int bh = (h + BLOCK - 1) / BLOCK;
    int[] low = new int[bw * bh];
    int[] high = new int[bw * bh];
    java.util.Arrays.fill(low, 255);
    byte[] px = c.pixels;
    int whole = w / BLOCK * BLOCK;
    for (int y = 0; y < h; y++) {
      int row = y * w;
      int blocks = (y / BLOCK) * bw;
      int b = blocks;
      // Four pixels of a row at a time, into their block.
      for (int x = 0; x < whole; x += BLOCK, b++) {
        int v0 = px[row + x] & 0xFF;
        int v1 = px[row + x + 1] & 0xFF;
        int v2 = px[row + x + 2] & 0xFF;
        int v3 = px[row + x + 3] & 0xFF;
        low[b] = Math.min(low[b], Math.min(Math.min(v0, v1), Math.min(v2, v3)));
        high[b] = Math.max(high[b], Math.max(Math.max(v0, v1), Math.max(v2, v3)));
      }
      for (int x = whole; x < w; x++) {
        int v = px[row + x] & 0xFF;
        b = blocks + x / BLOCK;
        low[b] = Math.min(low[b], v);
        high[b] = Math.max(high[b], v);
      }
    }
    c.low = low;
    c.high = high;
  }

  /** Scratch for {@link #around}: a line of blocks, the least or greatest of twos and fours. */
  private int[] line = new int[0];
  private int[] twos = new int[0];
  private int[] fours = new int[0];

  /**
   * The least (or {@code greatest}) of {@code in} over the blocks up to kx and ky away, or over
   * more of them (3 away where less; a wider neighbourhood only bounds the more loosely), to
   * {@code out}.
   */
  private void around(int[] in, int[] out, int bw, int bh, int kx, int ky, boolean greatest) {
    int[] tmp = spread;
    for (int by = 0; by < bh; by++) {
      spreadLine(in, tmp, by * bw, 1, bw, kx, greatest);
    }
    for (int bx = 0; bx < bw; bx++) {
      spreadLine(tmp, out, bx, bw, bh, ky, greatest);
    }
  }

  /**
   * One line of {@link #around}: {@code n} blocks from {@code start}, {@code step} apart. The
   * least of some values is the greatest of their negatives, negated: one path serves both.
   */
  private void spreadLine(int[] in, int[] out, int start, int step, int n, int k,
      boolean greatest) {
    if (line.length < n) {
      line = new int[n];
      twos = new int[n];
      fours = new int[n];
    }
    int sign = greatest ? 1 : -1;
    int[] v = line;
    for (int i = 0; i < n; i++) {
      v[i] = sign * in[start + i * step];
    }
    if (k > 3) {
      for (int i = 0; i < n; i++) {
        int m = v[i];
        for (int j = Math.max(0, i - k); j <= Math.min(n - 1, i + k); j++) {
          m = Math.max(m, v[j]);
        }
        out[start + i * step] = sign * m;
      }
      return;
    }
    // Of i and i + 1, then of i to i + 3; then of i - 3 to i + 3.
    int[] two = twos;
    int[] four = fours;
    for (int i = 0; i < n - 1; i++) {
      two[i] = Math.max(v[i], v[i + 1]);
    }
    two[n - 1] = v[n - 1];
    for (int i = 0; i < n - 2; i++) {
      four[i] = Math.max(two[i], two[i + 2]);
    }
    for (int i = Math.max(0, n - 2); i < n; i++) {
      four[i] = two[i];
    }
    for (int i = 0; i < n; i++) {
      out[start + i * step] = sign * Math.max(four[Math.max(0, i - 3)], four[i]);
    }
  }

  /** Share of the mean difference the reframing may leave where a chain opens. */
  private static final double EXPLAINED = 0.7;

  /** Whether the last fit moves the frame's corners by at least the least move. */
  private boolean moves() {
    return cornerMove() >= options.minReframeMove();
  }

  /** How far the last fit moves the frame's farthest corner, in analysis pixels. */
  private double cornerMove() {
    double hx = grid.width / 2.0;
    double hy = grid.height / 2.0;
    double most = 0;
    for (int sx = -1; sx <= 1; sx += 2) {
      for (int sy = -1; sy <= 1; sy += 2) {
        most = Math.max(most, Math.hypot((fitScale - 1) * sx * hx + fitShiftX,
            (fitScale - 1) * sy * hy + fitShiftY));
      }
    }
    return most;
  }

  /**
   * Whether the step from {@code last} to the transform ({@code s}, {@code tx}, {@code ty}) at
   * {@code time} is within the rates of zoom and shift.
   */
  private boolean stepWithinRate(Framed last, double time, double s, double tx, double ty) {
    double span = Math.max(time - last.time(), 1e-3);
    double zoom = Math.abs(Math.log(s / last.scale()));
    double shift = Math.hypot(tx - last.shiftX(), ty - last.shiftY()) / last.scale()
        / grid.width;
    return zoom / span <= options.maxReframeZoomRate()
        && shift / span <= options.maxReframeShiftRate();
  }

  /** Whether the last fit's reframing is within the bounds of speed and of size. */
  private boolean withinBounds(double seconds) {
    double zoom = Math.abs(Math.log(fitScale));
    double shift = Math.hypot(fitShiftX, fitShiftY) / grid.width;
    double span = Math.max(seconds, 1e-3);
    return zoom <= options.maxReframeZoom() && shift <= options.maxReframeShift()
        && zoom / span <= options.maxReframeZoomRate()
        && shift / span <= options.maxReframeShiftRate();
  }

  /**
   * Whether the reframing found explains the change from {@code before} to {@code px}: the
   * mean difference left after it (by the last {@link #sameAt}) is at most {@link #EXPLAINED}
   * of the one before (a fade, a change of content or noise are not explained by moving the
   * picture).
   */
  private boolean explained(byte[] before, byte[] px) {
    long sum = 0;
    for (int i = 0; i < px.length; i++) {
      sum += Math.abs((px[i] & 0xFF) - (before[i] & 0xFF));
    }
    double raw = (double) sum / px.length;
    return residual <= raw * EXPLAINED;
  }

  /** The mean difference left by the last {@link #sameAt}. */
  private double residual;

  /**
   * Whether {@code px} is {@code picture} under the transform, at the slide's threshold: fewer
   * pixels differ by more than it than make a slide change (the pixels that leave the frame are
   * not compared), and the mean difference left is small.
   *
   * <p>Rows are compared a few rows apart first, and the comparison stops once the pixels that
   * differ, or the difference summed, already make the answer no: motion (a presenter walking,
   * grain under a camera's shake) differs over a region that a sparse pass meets at once. The
   * pixels compared are known beforehand: those whose column and row both map into the frame.
   */
  private boolean sameAt(byte[] picture, byte[] px, double s, double tx, double ty) {
    if (threshold < 0) {
      // Measured once per chain, and only for a move that fitted.
      threshold = grid.slideThreshold(origin);
    }
    int w = grid.width;
    int h = grid.height;
    double cx = (w - 1) / 2.0;
    double cy = (h - 1) / 2.0;
    if (columns == null) {
      columns = new int[w];
      weights = new double[w];
      rows = new int[h];
    }
    // Where each column maps in the picture (-1 for out of the frame), and its weight.
    int[] x0s = columns;
    double[] fxs = weights;
    int wide = 0;
    for (int x = 0; x < w; x++) {
      double ox = cx + s * (x - cx) + tx;
      if (ox < 0 || ox > w - 1) {
        x0s[x] = -1;
        continue;
      }
      int x0 = Math.min(w - 2, (int) ox);
      x0s[x] = x0;
      fxs[x] = ox - x0;
      wide++;
    }
    int high = 0;
    for (int y = 0; y < h; y++) {
      double oy = cy + s * (y - cy) + ty;
      if (!(oy < 0 || oy > h - 1)) {
        rows[high++] = y;
      }
    }
    int compared = wide * high;
    residual = Double.MAX_VALUE;
    if (!(compared > 0.6 * w * h)) {
      return false;
    }
    int most = grid.minChangePixels;
    double maxResidual = options.maxReframeResidual();
    int limit = threshold;
    // The columns that map into the frame are one run (the mapping only grows with x).
    int first = 0;
    while (x0s[first] < 0) {
      first++;
    }
    int end = first + wide;
    if (mixed == null) {
      mixed = new double[2][w];
      mixedRow = new int[2];
    }
    mixedRow[0] = -1;
    mixedRow[1] = -1;
    int differing = 0;
    long sum = 0;
    // Every ROW_PASSES-th row first, then the rest in order, each row of the picture mixed
    // along x once for the two rows of px it lies between.
    for (int pass = 0; pass < 2; pass++) {
      for (int r = 0; r < high; r++) {
        if ((r % ROW_PASSES == 0) != (pass == 0)) {
          continue;
        }
        int y = rows[r];
        double oy = cy + s * (y - cy) + ty;
        int y0 = Math.min(h - 2, (int) oy);
        double fy = oy - y0;
        double[] top = mixedAlong(picture, y0, -1, first, end);
        double[] bottom = mixedAlong(picture, y0 + 1, y0, first, end);
        int out = y * w;
        int rowDiffering = 0;
        long rowSum = 0;
        for (int x = first; x < end; x++) {
          int d = Math.abs(round(top[x] * (1 - fy) + bottom[x] * fy) - (px[out + x] & 0xFF));
          rowSum += d;
          rowDiffering += d > limit ? 1 : 0;
        }
        sum += rowSum;
        differing += rowDiffering;
        // The sum only grows: past the bound it stays past it.
        if (differing >= most || (double) sum / compared > maxResidual) {
          return false;
        }
      }
    }
    residual = (double) sum / compared;
    return differing < most && residual <= maxResidual;
  }

  /**
   * {@link Math#round(double)} of a grey level between 0 and 255 (a bilinear mix of bytes),
   * without its general case: adding a half and truncating gives the same there but for just
   * under a half, which the sum rounds up to 1 (Math.round gives 0).
   */
  static int round(double grey) {
    return grey < 0.5 ? 0 : (int) (grey + 0.5);
  }

  /** Scratch for {@link #sameAt}: two rows of the picture mixed along x, and which rows. */
  private double[][] mixed;
  private int[] mixedRow;

  /**
   * Row {@code y} of {@code picture} mixed along x as {@link #sameAt} maps the columns
   * {@code first} to {@code end}: kept while the next rows need it, and row {@code keep} (the
   * other one in use) kept too.
   */
  private double[] mixedAlong(byte[] picture, int y, int keep, int first, int end) {
    if (mixedRow[0] == y) {
      return mixed[0];
    }
    if (mixedRow[1] == y) {
      return mixed[1];
    }
    // Replace the row further up (rows are asked for going down), never the one kept.
    int k = mixedRow[0] == keep ? 1 : mixedRow[1] == keep ? 0
        : mixedRow[0] < mixedRow[1] ? 0 : 1;
    double[] m = mixed[k];
    int w = grid.width;
    int row = y * w;
    int[] x0s = columns;
    double[] fxs = weights;
    for (int x = first; x < end; x++) {
      double fx = fxs[x];
      int i = row + x0s[x];
      m[x] = (picture[i] & 0xFF) * (1 - fx) + (picture[i + 1] & 0xFF) * fx;
    }
    mixedRow[k] = y;
    return m;
  }

  /** Rows apart in the first pass of {@link #sameAt}. */
  private static final int ROW_PASSES = 8;

  /** Scratch for {@link #sameAt}: where columns map, their weights, the rows that map. */
  private int[] columns;
  private double[] weights;
  private int[] rows;

  /**
   * Fits the transform from {@code px} to the origin by Gauss-Newton, from the given start
   * (in analysis pixels); false when it fails (too little overlap, a singular system, a move
   * far beyond any reframing). With {@code seconds} (the time since the start's sample; NaN
   * for none) it is first fitted on the coarse copy, from which a move far faster than the
   * rates allow is rejected at a quarter of the cost (motion, a cut). The result goes to the
   * fit fields.
   */
  private boolean fit(byte[] px, double s0, double tx0, double ty0, double seconds) {
    Copies copied = copiesOf(px);
    float[] cur = fineOf(copied);
    double s = s0;
    double tx = tx0;
    double ty = ty0;
    if (!Double.isNaN(seconds)) {
      float[] small = coarseOf(copied);
      // No move at all (grain, a talking head, a fade) is no reframing either: half the least
      // move, as the coarse fit is the rougher.
      if (!fitAt(coarse, small, s, tx, ty, COARSE_ITERATIONS, 1)
          || cornerMove() < options.minReframeMove() / 2) {
        return false;
      }
      double span = Math.max(seconds, 1e-3);
      double zoom = Math.abs(Math.log(fitScale));
      double shift = Math.hypot(fitShiftX, fitShiftY) / grid.width;
      if (zoom > 2 * options.maxReframeZoomRate() * span + 0.005
          || shift > 2 * options.maxReframeShiftRate() * span + 0.005) {
        return false;
      }
      s = fitScale;
      tx = fitShiftX;
      ty = fitShiftY;
    }
    return fitAt(fineLevel(), cur, s, tx, ty, FINE_ITERATIONS, 2);
  }

  /** Gauss-Newton iterations at most on the coarse copy, and then on the fine one. */
  private static final int COARSE_ITERATIONS = 6;
  private static final int FINE_ITERATIONS = 4;

  /**
   * One copy of the origin to fit on: its size, its scale, and for each pixel its value and
   * gradients side by side (the fit reads the three together).
   */
  private record Level(int w, int h, int factor, float[] data) {

    static Level of(float[] pixels, int w, int h, int factor) {
      float[] data = new float[3 * w * h];
      for (int i = 0; i < w * h; i++) {
        data[3 * i] = pixels[i];
      }
      for (int y = 1; y < h - 1; y++) {
        for (int x = 1; x < w - 1; x++) {
          int i = y * w + x;
          data[3 * i + 1] = (pixels[i + 1] - pixels[i - 1]) / 2;
          data[3 * i + 2] = (pixels[i + w] - pixels[i - w]) / 2;
        }
      }
      return new Level(w, h, factor, data);
    }
  }

  /** Scratch for {@link #fitAt}: where each column maps (-1 for outside), and its weight. */
  private int[] fitColumns = new int[0];
  private double[] fitWeights = new double[0];

  /**
   * Fits on {@code level}, from the given start, taking every {@code stride}-th pixel of every
   * {@code stride}-th row (the fine copy's pixels are too many to need all of them: its
   * resolution, not their number, makes the fit precise).
   */
  private boolean fitAt(Level level, float[] cur, double s0, double tx0, double ty0,
      int iterations, int stride) {
    int lw = level.w();
    int lh = level.h();
    float[] data = level.data();
    if (fitColumns.length < lw) {
      fitColumns = new int[lw];
      fitWeights = new double[lw];
    }
    int[] columns = fitColumns;
    double[] weights = fitWeights;
    int below = 3 * lw;
    double cx = (lw - 1) / 2.0;
    double cy = (lh - 1) / 2.0;
    // In the copy's pixels.
    double s = s0;
    double tx = tx0 / level.factor();
    double ty = ty0 / level.factor();
    boolean settled = false;
    for (int iteration = 0; iteration < iterations && !settled; iteration++) {
      // Where each column maps this iteration: the same for every row.
      for (int x = 1; x < lw - 1; x++) {
        double ox = cx + s * (x - cx) + tx;
        if (ox < 1 || ox >= lw - 2) {
          columns[x] = -1;
          continue;
        }
        int x0 = (int) ox;
        columns[x] = x0;
        weights[x] = ox - x0;
      }
      double a00 = 0, a01 = 0, a02 = 0, a11 = 0, a12 = 0, a22 = 0;
      double b0 = 0, b1 = 0, b2 = 0;
      int n = 0;
      for (int y = 1; y < lh - 1; y += stride) {
        double oy = cy + s * (y - cy) + ty;
        if (oy < 1 || oy >= lh - 2) {
          continue;
        }
        int y0 = (int) oy;
        double fy = oy - y0;
        double dy = y - cy;
        int row = y * lw;
        int sourceRow = y0 * lw;
        for (int x = 1 + (y / stride) % stride; x < lw - 1; x += stride) {
          int x0 = columns[x];
          if (x0 < 0) {
            continue;
          }
          double fx = weights[x];
          int i = 3 * (sourceRow + x0);
          // Bilinear, as (a + (b - a) fx) along each row and then down, for each of the three.
          double top = data[i] + (data[i + 3] - data[i]) * fx;
          double bottom = data[i + below] + (data[i + below + 3] - data[i + below]) * fx;
          double v = top + (bottom - top) * fy;
          top = data[i + 1] + (data[i + 4] - data[i + 1]) * fx;
          bottom = data[i + below + 1] + (data[i + below + 4] - data[i + below + 1]) * fx;
          double gx = top + (bottom - top) * fy;
          top = data[i + 2] + (data[i + 5] - data[i + 2]) * fx;
          bottom = data[i + below + 2] + (data[i + below + 5] - data[i + below + 2]) * fx;
          double gy = top + (bottom - top) * fy;
          double r = v - cur[row + x];
          double j0 = gx * (x - cx) + gy * dy;
          a00 += j0 * j0;
          a01 += j0 * gx;
          a02 += j0 * gy;
          a11 += gx * gx;
          a12 += gx * gy;
          a22 += gy * gy;
          b0 += j0 * r;
          b1 += gx * r;
          b2 += gy * r;
          n++;
        }
      }
      if (n < lw * lh / 2 / (stride * stride)) {
        return false;
      }
      // Solve the 3x3 system by Cramer's rule.
      double det = a00 * (a11 * a22 - a12 * a12) - a01 * (a01 * a22 - a12 * a02)
          + a02 * (a01 * a12 - a11 * a02);
      if (!(Math.abs(det) > 1e-9)) {
        return false;
      }
      double d0 = (b0 * (a11 * a22 - a12 * a12) - a01 * (b1 * a22 - a12 * b2)
          + a02 * (b1 * a12 - a11 * b2)) / det;
      double d1 = (a00 * (b1 * a22 - b2 * a12) - b0 * (a01 * a22 - a12 * a02)
          + a02 * (a01 * b2 - b1 * a02)) / det;
      double d2 = (a00 * (a11 * b2 - a12 * b1) - a01 * (a01 * b2 - b1 * a02)
          + b0 * (a01 * a12 - a11 * a02)) / det;
      s -= d0;
      tx -= d1;
      ty -= d2;
      if (!(Math.abs(s - 1) < 0.5) || !(Math.abs(tx) < lw / 4.0) || !(Math.abs(ty) < lh / 4.0)) {
        return false;
      }
      // Settled once a step moves the frame's corners by less than a fiftieth of a pixel.
      settled = Math.abs(d0) * lw < 0.02 && Math.abs(d1) < 0.02 && Math.abs(d2) < 0.02;
    }
    fitScale = s;
    fitShiftX = tx * level.factor();
    fitShiftY = ty * level.factor();
    return true;
  }

  /** The mean of each 2x2 block of a copy {@code w} by {@code h}. */
  private static float[] halve(float[] in, int w, int h) {
    int hw = w / 2;
    int hh = h / 2;
    float[] out = new float[hw * hh];
    for (int y = 0; y < hh; y++) {
      for (int x = 0; x < hw; x++) {
        int i = 2 * y * w + 2 * x;
        out[y * hw + x] = (in[i] + in[i + 1] + in[i + w] + in[i + w + 1]) / 4;
      }
    }
    return out;
  }

  /**
   * The mean of each factor x factor block (the analysed frames' usual size is made with the
   * blocks' bounds instead: see #downscaleWithBounds).
   */
  private float[] downscale(byte[] px) {
    int w = grid.width;
    float[] out = new float[sw * sh];
    float norm = 1f / (factor * factor);
    for (int y = 0; y < sh; y++) {
      for (int x = 0; x < sw; x++) {
        int sum = 0;
        for (int yy = 0; yy < factor; yy++) {
          int o = (y * factor + yy) * w + x * factor;
          for (int xx = 0; xx < factor; xx++) {
            sum += px[o + xx] & 0xFF;
          }
        }
        out[y * sw + x] = sum * norm;
      }
    }
    return out;
  }
}
