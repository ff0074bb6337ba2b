package dev.slides.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Splits a video into static segments (slides) and moving ones, one sampled frame at a time.
 *
 * <p>Pure computation, no I/O: feed it {@link LumaFrame}s in time order with {@link #push}, and
 * call {@link #finish} once at the end. Each call returns the segments it completed; together
 * they cover the video without gaps, in time order.
 *
 * <h2>How it decides</h2>
 * <ul>
 *   <li>Each frame is compared with the previous one, cell by cell. When too large a share of the
 *       frame changes at once (a moving camera, a demo, a talking head), the frame is
 *       <em>moving</em>.
 *   <li>Cells that keep changing while the rest holds still (a speaker inset, a pointer that
 *       wanders) become <em>active</em> and are left out of slide comparisons.
 *   <li>Otherwise the frame is compared with the current slide's reference. A difference larger
 *       than a mouse pointer that then <em>settles</em> (stays put for the next sample) is a new
 *       slide: a hard cut becomes two static segments, and the samples of a crossfade that never
 *       settle become a short moving segment between them. A difference that vanishes again is
 *       ignored.
 *   <li>A change that only adds content on the slide's background (a bullet revealed) continues
 *       the same segment when {@link DetectorOptions#mergeBuilds()} is on (the default), so the
 *       segment's last sample shows the full build and its first the initial state.
 *   <li>A stretch becomes a static segment only when it holds still for
 *       {@link DetectorOptions#minStaticSamples()} samples; a video that starts in motion starts
 *       with a moving segment.
 * </ul>
 *
 * <p>Not thread-safe: one detector per video.
 */
public final class SegmentDetector {
  private final DetectorOptions options;
  private final List<Segment> out = new ArrayList<>();

  // Geometry, fixed by the first frame.
  private CellGrid grid;
  private int cells;
  private int minChangePixels;
  private int[] cellChanges;
  private int[] scratch;

  // Activity: which cells changed in each of the last still sample pairs.
  private boolean[][] activityRing;
  private long[] activitySample;
  private int[] activityCount;
  private int ringPosition;
  private int recorded;
  private static final int WARM_UP = 4;
  private boolean[] active;

  private byte[] previous;
  private long lastIndex = -1;
  private double lastTime;

  // The run of samples that may become (or is) a static segment.
  private long runStart = -1;
  private double runStartTime;
  private long runLast;
  private byte[] reference;

  // Samples that differ from the reference but have not settled yet.
  private long pendingFirst = -1;
  private double pendingFirstTime;

  // An open moving segment, waiting for the next static one.
  private long movingStart = -1;
  private double movingStartTime;

  public SegmentDetector(DetectorOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  public SegmentDetector() {
    this(DetectorOptions.defaults());
  }

  /**
   * Takes the next sample. Frames must all have the size of the first, and times must not go
   * back.
   *
   * @param time seconds from the start of the video
   * @return the segments this sample completed, oldest first; often none
   */
  public List<Segment> push(double time, LumaFrame frame) {
    Objects.requireNonNull(frame, "frame");
    if (lastIndex >= 0 && time < lastTime) {
      throw new IllegalArgumentException("Time went back: " + time + " < " + lastTime);
    }
    out.clear();
    long index = lastIndex + 1;
    byte[] px = CellGrid.smooth(frame);
    if (index == 0) {
      init(frame);
      startRun(index, time, px);
    } else {
      if (frame.width() != grid.width || frame.height() != grid.height) {
        throw new IllegalArgumentException("Frame size changed from " + grid.width + "x"
            + grid.height + " to " + frame.width() + "x" + frame.height());
      }
      step(index, time, px);
    }
    previous = px;
    lastIndex = index;
    lastTime = time;
    return List.copyOf(out);
  }

  /**
   * Ends the video and returns the segments still open.
   *
   * @param endTime where the last segment ends, in seconds (the video's duration); a value
   *     before the last sample's time is raised to it
   */
  public List<Segment> finish(double endTime) {
    out.clear();
    if (lastIndex < 0) {
      return List.of();
    }
    double end = Math.max(endTime, lastTime);
    if (pendingFirst >= 0) {
      // The last samples changed and never settled: they cannot be a slide of their own.
      closeRun(pendingFirst, pendingFirstTime);
      openMoving(pendingFirst, pendingFirstTime);
      runStart = -1;
    } else {
      closeRun(lastIndex + 1, end);
    }
    if (movingStart >= 0) {
      out.add(new Segment(SegmentKind.MOVING, movingStartTime, end, movingStart, lastIndex));
      movingStart = -1;
    }
    runStart = -1;
    lastIndex = -1;
    return List.copyOf(out);
  }

  /**
   * The samples whose pictures may still be asked for as the first or last frame of a static
   * segment: the start of the current run, its latest sample, and the newest sample. A caller
   * that keeps full-size pictures may drop every other one.
   */
  public long[] samplesStillNeeded() {
    if (lastIndex < 0) {
      return new long[0];
    }
    return new long[] {runStart, runLast, lastIndex};
  }

  /** The cells left out of slide comparisons right now (speaker inset, pointer trail). */
  boolean[] activeCells() {
    return active.clone();
  }

  private void init(LumaFrame frame) {
    grid = new CellGrid(frame.width(), frame.height(), options);
    cells = grid.cells;
    minChangePixels = grid.minChangePixels;
    cellChanges = new int[cells];
    scratch = new int[cells];
    activityRing = new boolean[options.activityWindow()][cells];
    activitySample = new long[options.activityWindow()];
    java.util.Arrays.fill(activitySample, -1);
    activityCount = new int[cells];
    active = new boolean[cells];
  }

  private void step(long index, double time, byte[] px) {
    // 1. What changed since the previous sample?
    int changedCells = countChanges(previous, px, cellChanges, null);
    int activeCells = 0;
    for (int c = 0; c < cells; c++) {
      if (active[c]) {
        activeCells++;
      }
    }
    int limit = (int) Math.floor(options.maxActiveFraction() * cells);
    boolean recordable = changedCells <= options.activityMaxFraction() * cells;
    if (changedCells > limit || activeCells > limit) {
      boolean holdingSlide = runStart >= 0 && runLast - runStart + 1 >= options.minStaticSamples();
      if (pendingFirst >= 0 && activeCells <= limit) {
        countChanges(reference, px, scratch, active);
        if (sumPixels(scratch) < minChangePixels) {
          pendingFirst = -1; // back to the slide after a flash
          runLast = index;
          return;
        }
      }
      if (changedCells <= limit && recordable) {
        // Moving because most of the frame is active: keep remembering, so that areas that
        // stop changing stop being active and the video can hold still again.
        recordActivity(index, cellChanges);
      }
      if (holdingSlide && pendingFirst < 0) {
        // Wait one sample: a flash returns to the slide, a cut settles, motion goes on.
        pendingFirst = index;
        pendingFirstTime = time;
        return;
      }
      moving(index, time, px);
      return;
    }

    // 2. Compare with the slide's reference, leaving out the active cells.
    countChanges(reference, px, scratch, active);
    if (sumPixels(scratch) >= minChangePixels) {
      if (pendingFirst < 0) {
        pendingFirst = index;
        pendingFirstTime = time;
      } else if (quietPixels(cellChanges) < minChangePixels
          && settledPixels(px) >= minChangePixels) {
        settle(index, time, px);
      }
      // else: still changing (a transition in progress, or an area that is about to prove
      // itself active): stay pending
    } else {
      // Same slide: any earlier difference was transient (a flash, a pointer passing by).
      pendingFirst = -1;
      runLast = index;
    }

    // 3. Remember which cells changed (not a cut or a stretch of motion: those are not areas
    // that keep changing), and let the reference follow the active ones.
    if (recordable) {
      recordActivity(index, cellChanges);
    }
    followActiveCells(px);
  }

  /** The frame changed too much at once: whatever was running ends, a new run starts here. */
  private void moving(long index, double time, byte[] px) {
    if (pendingFirst >= 0) {
      closeRun(pendingFirst, pendingFirstTime);
      openMoving(pendingFirst, pendingFirstTime);
      pendingFirst = -1;
    } else {
      closeRun(index, time);
    }
    startRun(index, time, px);
  }

  /**
   * The difference from the reference has held for two samples: the previous sample shows the
   * new state. Either it is a build of the same slide, or a new run starts there.
   */
  private void settle(long index, double time, byte[] px) {
    // The changes seen while the transition ran were the transition, not an active area.
    forgetActivitySince(pendingFirst);
    long newStart = index - 1;
    double newStartTime = lastTime;
    if (options.mergeBuilds() && newStart == pendingFirst && isBuild(reference, previous)) {
      System.arraycopy(previous, 0, reference, 0, reference.length);
    } else {
      closeRun(pendingFirst, pendingFirstTime);
      if (newStart > pendingFirst) {
        openMoving(pendingFirst, pendingFirstTime);
      }
      startRun(newStart, newStartTime, previous);
    }
    pendingFirst = -1;
    runLast = newStart;
    // Does the current sample still match the new reference?
    countChanges(reference, px, scratch, active);
    if (sumPixels(scratch) >= minChangePixels) {
      pendingFirst = index;
      pendingFirstTime = time;
    } else {
      runLast = index;
    }
  }

  private void startRun(long index, double time, byte[] px) {
    runStart = index;
    runStartTime = time;
    runLast = index;
    reference = px.clone();
  }

  /** Ends the current run just before sample {@code endIndex}, which starts at {@code endTime}. */
  private void closeRun(long endIndex, double endTime) {
    if (runStart < 0 || runStart >= endIndex) {
      return;
    }
    long last = Math.min(runLast, endIndex - 1);
    boolean isStatic = last - runStart + 1 >= options.minStaticSamples();
    if (isStatic) {
      if (movingStart >= 0) {
        out.add(new Segment(
            SegmentKind.MOVING, movingStartTime, runStartTime, movingStart, runStart - 1));
        movingStart = -1;
      }
      out.add(new Segment(SegmentKind.STATIC, runStartTime, endTime, runStart, last));
    } else {
      openMoving(runStart, runStartTime);
    }
    runStart = -1;
  }

  private void openMoving(long index, double time) {
    if (movingStart < 0) {
      movingStart = index;
      movingStartTime = time;
    }
  }

  private int countChanges(byte[] a, byte[] b, int[] perCell, boolean[] skip) {
    return grid.countChanges(a, b, perCell, skip);
  }

  /** Changed pixels outside the active cells. */
  private int quietPixels(int[] perCell) {
    int sum = 0;
    for (int c = 0; c < cells; c++) {
      if (!active[c]) {
        sum += perCell[c];
      }
    }
    return sum;
  }

  private static int sumPixels(int[] perCell) {
    return CellGrid.sum(perCell);
  }

  private int settledPixels(byte[] px) {
    return grid.settledPixels(px, reference, previous, active);
  }

  /**
   * A build adds content where the slide showed its background: nearly every changed pixel was
   * at the background's grey level in the reference.
   */
  private boolean isBuild(byte[] before, byte[] after) {
    int background = dominantLevel(before);
    if (Math.abs(dominantLevel(after) - background) > options.pixelThreshold()) {
      return false; // the background itself changed: another slide
    }
    int threshold = options.pixelThreshold();
    int changed = 0;
    int onBackground = 0;
    for (int i = 0; i < before.length; i++) {
      if (active[grid.cellOf(i)]) {
        continue;
      }
      int b = before[i] & 0xFF;
      int d = (after[i] & 0xFF) - b;
      if (d > threshold || d < -threshold) {
        changed++;
        int fromBackground = b - background;
        if (fromBackground <= threshold && fromBackground >= -threshold) {
          onBackground++;
        }
      }
    }
    return changed > 0 && changed < before.length / 4
        && onBackground >= options.buildBackgroundShare() * changed;
  }

  private static int dominantLevel(byte[] px) {
    int[] histogram = new int[256];
    for (byte b : px) {
      histogram[b & 0xFF]++;
    }
    int best = 0;
    for (int level = 1; level < 256; level++) {
      if (histogram[level] > histogram[best]) {
        best = level;
      }
    }
    return best;
  }

  private void recordActivity(long index, int[] perCell) {
    boolean[] slot = activityRing[ringPosition];
    for (int c = 0; c < cells; c++) {
      boolean changed = perCell[c] > 0;
      if (slot[c] != changed) {
        activityCount[c] += changed ? 1 : -1;
        slot[c] = changed;
      }
    }
    activitySample[ringPosition] = index;
    ringPosition = (ringPosition + 1) % activityRing.length;
    recorded++;
    updateActive();
  }

  /** Forgets the changes of a transition, except in cells already known to be active. */
  private void forgetActivitySince(long firstIndex) {
    for (int s = 0; s < activityRing.length; s++) {
      if (activitySample[s] >= firstIndex) {
        boolean[] slot = activityRing[s];
        for (int c = 0; c < cells; c++) {
          if (slot[c] && !active[c]) {
            activityCount[c]--;
            slot[c] = false;
          }
        }
      }
    }
    updateActive();
  }

  /**
   * Active cells are those that changed often enough, grown by one cell in every direction:
   * the edges of a speaker inset change less often than its middle but belong to it.
   */
  private void updateActive() {
    // At the very start there is no history: two changes in the first pairs already mark an
    // area that keeps changing (a speaker inset), or the first slide would wait for it.
    int minimum = recorded < WARM_UP ? Math.min(2, options.activityMinChanges())
        : options.activityMinChanges();
    int cols = grid.cols;
    int rows = grid.rows;
    java.util.Arrays.fill(active, false);
    for (int c = 0; c < cells; c++) {
      if (activityCount[c] < minimum) {
        continue;
      }
      int row = c / cols;
      int col = c % cols;
      for (int r = Math.max(0, row - 1); r <= Math.min(rows - 1, row + 1); r++) {
        for (int k = Math.max(0, col - 1); k <= Math.min(cols - 1, col + 1); k++) {
          active[r * cols + k] = true;
        }
      }
    }
  }

  private void followActiveCells(byte[] px) {
    grid.copyCells(px, reference, active);
  }
}
