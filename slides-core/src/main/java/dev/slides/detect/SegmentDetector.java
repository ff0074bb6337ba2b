package dev.slides.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Splits a video into static segments (slides) and moving ones, one sampled frame at a time.
 *
 * <p>Pure computation, no I/O: feed it {@link LumaFrame}s in time order with {@link #push}, and
 * call {@link #finish} once at the end. Each call returns the segments it completed; together
 * they cover the analysed time without gaps, in time order. Every time-like setting is in
 * seconds ({@link DetectorOptions}), so the result does not depend on the sampling rate beyond
 * the precision of the samples' times.
 *
 * <h2>How it decides</h2>
 * <ul>
 *   <li>While a slide is shown, each frame is compared with the slide's reference picture, cell
 *       by cell, leaving out <em>active</em> cells: areas that changed repeatedly in the last few
 *       seconds (a speaker inset, a pointer trail, an animated chart). A difference larger than
 *       a mouse pointer is a <em>departure</em> from the slide.
 *   <li>After a departure, the detector waits for a picture that <em>holds</em>: later frames
 *       match it for {@code settle} seconds (0.5 s), while at most {@code 40 %} of the frame
 *       changed meanwhile. That picture is then judged against the slide:
 *       <ul>
 *         <li>the same picture, back within a second: a flash, ignored;
 *         <li>the slide plus new content on empty background, nothing removed or altered: a
 *             <em>build</em> step, the same static segment continues
 *             ({@link DetectorOptions#mergeBuilds()});
 *         <li>anything else: a new slide. The old one ends where the departure began; the time
 *             between the departure and the new picture (a crossfade, an animation, motion) is
 *             a moving segment.
 *       </ul>
 *   <li>The new picture's start is placed at the first sample that shows it, even when the
 *       decision comes later (after motion the detector waits until the motion is out of its
 *       short memory), so a slide starts where the frame became still, whatever came before.
 *   <li>A picture that holds for less than {@link DetectorOptions#minSlideDuration()} is part of
 *       the motion around it.
 * </ul>
 *
 * <p>Not thread-safe: one detector per video.
 */
public final class SegmentDetector {
  private final DetectorOptions options;
  private final List<Segment> out = new ArrayList<>();
  private final ArrayDeque<Sample> recent = new ArrayDeque<>();

  // Geometry, fixed by the first frame.
  private CellGrid grid;
  private int cells;
  private int minChangePixels;
  private int[] perCell;
  private boolean[] runMask = new boolean[0];
  private int busyLimit;

  private Sample newest;
  private long nextIndex;

  // The current slide (a run of samples that match its reference).
  private Sample runStart;
  private Sample runLast;
  private byte[] reference;

  // A departure from the slide: the first sample that no longer matched it, and the active
  // cells known then (areas that were already busy before the departure).
  private Sample departure;
  private boolean[] knownActive;

  // The open moving stretch, when no slide is being shown.
  private Sample movingStart;

  // The picture that may hold: its anchor (the sample it is compared with) and where it starts.
  private Sample anchor;
  private Sample candidateStart;
  private boolean[] candidateMask;
  private int candidateMaskSize = -1;
  /** Too much of the frame changed in the last moments: motion, not a picture. */
  private boolean busy;
  /** Cells that kept changing while the candidate was awaited (a new inset). */
  private boolean[] keptActive;
  /** How far the departing sample was from the slide, in changed pixels. */
  private int departureDifference;
  /** Whether much of the frame changed at some point since the departure. */
  private boolean departureBusy;
  /** Whether a slide was found yet. */
  private boolean slideSeen;

  private SampleStats stats;
  private String event = "";
  private double differenceShare;

  /** One analysed sample, remembered for a few seconds. */
  private static final class Sample {
    final long index;
    final double time;
    final byte[] pixels;
    /** Cells that changed since the previous sample; empty for the first. */
    final boolean[] changed;
    /** The same, without the changes later recognised as a transition. */
    final boolean[] activity;

    Sample(long index, double time, byte[] pixels, boolean[] changed) {
      this.index = index;
      this.time = time;
      this.pixels = pixels;
      this.changed = changed;
      this.activity = changed.clone();
    }
  }

  public SegmentDetector(DetectorOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  public SegmentDetector() {
    this(DetectorOptions.defaults());
  }

  /**
   * Takes the next sample. Frames must all have the size of the first, and times must not go
   * back. Samples outside the options' start and end are ignored.
   *
   * @param time seconds from the start of the video
   * @return the segments this sample completed, oldest first; often none
   */
  public List<Segment> push(double time, LumaFrame frame) {
    Objects.requireNonNull(frame, "frame");
    if (newest != null && time < newest.time) {
      throw new IllegalArgumentException("Time went back: " + time + " < " + newest.time);
    }
    out.clear();
    event = "";
    if (time + 1e-9 < options.startSeconds() || time >= options.endSeconds()) {
      return List.of();
    }
    LumaFrame analysed = options.region().crop(frame);
    byte[] px = CellGrid.smooth(analysed);
    if (grid == null) {
      init(analysed);
    } else if (analysed.width() != grid.width || analysed.height() != grid.height) {
      throw new IllegalArgumentException("Frame size changed from " + grid.width + "x"
          + grid.height + " to " + analysed.width() + "x" + analysed.height());
    }
    boolean[] changed = new boolean[cells];
    int changedCells = 0;
    if (newest != null) {
      changedCells = grid.countChanges(newest.pixels, px, perCell, null);
      for (int c = 0; c < cells; c++) {
        changed[c] = perCell[c] > 0;
      }
    }
    Sample sample = new Sample(nextIndex++, time, px, changed);
    remember(sample);
    step(sample);
    stats = new SampleStats(time, (double) changedCells / cells, differenceShare,
        share(runMask), state(), event);
    return List.copyOf(out);
  }

  /**
   * Ends the video and returns the segments still open.
   *
   * @param endTime where the last segment ends, in seconds (the video's duration); a value
   *     before the last sample's time is raised to it, one after the options' end is lowered
   */
  public List<Segment> finish(double endTime) {
    out.clear();
    if (newest == null) {
      return List.of();
    }
    double end = Math.max(Math.min(endTime, options.endSeconds()), newest.time);
    if (anchor != null && candidateStart != null && newest.index > candidateStart.index
        && (!busy || holdsStrictly())) {
      // The last picture held to the end: judge it as if it had settled.
      accept(candidateStart);
    }
    if (runStart != null) {
      if (departure != null) {
        // The last samples left the slide and never held: they cannot be a slide of their own.
        Sample departed = departure;
        closeRun(departed.time);
        openMoving(departed);
      } else {
        closeRun(end);
      }
    }
    if (movingStart != null) {
      out.add(new Segment(SegmentKind.MOVING, movingStart.time, end, movingStart.index,
          newest.index));
      movingStart = null;
    }
    newest = null;
    recent.clear();
    anchor = null;
    candidateStart = null;
    departure = null;
    return List.copyOf(out);
  }

  /**
   * The samples whose pictures may still be asked for as the first or last frame of a static
   * segment: the current slide's first and latest sample, and the recent samples where a new
   * slide may yet be found to start. A caller that keeps full-size pictures may drop every
   * other one.
   */
  public long[] samplesStillNeeded() {
    if (newest == null) {
      return new long[0];
    }
    List<Long> needed = new ArrayList<>();
    if (runStart != null) {
      needed.add(runStart.index);
      needed.add(runLast.index);
    }
    Sample bound = lowerBound();
    if (bound != null) {
      // A new picture may yet be found to start at any recent sample since the departure.
      double from = (anchor != null ? anchor.time : newest.time) - options.maxBackdateSeconds();
      if (candidateStart != null) {
        needed.add(candidateStart.index);
      }
      for (Sample s : recent) {
        if (s.index >= bound.index && s.time >= from - 1e-9) {
          needed.add(s.index);
        }
      }
    }
    needed.add(newest.index);
    return needed.stream().mapToLong(Long::longValue).distinct().sorted().toArray();
  }

  /** What the last {@link #push} saw and decided, for a statistics file; null before any. */
  public SampleStats lastStats() {
    return stats;
  }

  /**
   * The cells left out of slide comparisons right now (speaker inset, pointer trail), on the
   * grid of the analysed region.
   */
  boolean[] activeCells() {
    return runMask.clone();
  }

  private void init(LumaFrame frame) {
    grid = new CellGrid(frame.width(), frame.height(), options);
    cells = grid.cells;
    minChangePixels = grid.minChangePixels;
    perCell = new int[cells];
    runMask = new boolean[cells];
    busyLimit = (int) Math.floor(options.maxBusyFraction() * cells);
  }

  private void remember(Sample sample) {
    recent.addLast(sample);
    newest = sample;
    double keep = Math.max(options.activitySeconds(),
        options.maxBackdateSeconds() + options.settleSeconds()) + 1.0;
    while (recent.size() > options.stillnessPairs() + 2
        && recent.peekFirst().time < sample.time - keep) {
      recent.removeFirst();
    }
  }

  private void step(Sample s) {
    if (runStart == null && movingStart == null) {
      // The very first sample: it may start a slide; until one holds, the video is moving.
      movingStart = s;
      knownActive = new boolean[cells];
      anchorAt(s);
      differenceShare = 0;
      return;
    }
    if (runStart != null && departure == null) {
      updateRunMask();
      boolean overwhelmed = count(runMask) > busyLimit;
      int differing = overwhelmed ? grid.width * grid.height
          : grid.differingPixels(reference, s.pixels, perCell, runMask);
      differenceShare = (double) differing / (grid.width * grid.height);
      if (differing < minChangePixels) {
        runLast = s;
        grid.copyCells(s.pixels, reference, runMask);
        return;
      }
      departure = s;
      departureDifference = differing;
      departureBusy = false;
      knownActive = rawActive();
      anchorAt(s);
      return;
    }
    // Departed from a slide, or moving: does the candidate picture hold?
    int differing = candidateDifference(s);
    differenceShare = (double) differing / (grid.width * grid.height);
    if (differing >= minChangePixels) {
      anchorAt(s);
    } else {
      extendIfMaskGrew();
    }
    if (s.index > candidateStart.index
        && s.time - candidateStart.time >= options.settleSeconds() - 1e-9
        && (!busy || holdsStrictly())) {
      accept(candidateStart);
    }
  }

  /**
   * Whether every sample since the candidate's start matches its anchor everywhere but in the
   * areas known to be active before: a picture that holds although much of the frame changed
   * just before it (a cut, the end of motion) is still.
   */
  private boolean holdsStrictly() {
    boolean[] known = knownActive == null ? new boolean[cells] : knownActive;
    for (Sample s : recent) {
      if (s.index >= candidateStart.index && s != anchor
          && grid.differingPixels(anchor.pixels, s.pixels, perCell, known) >= minChangePixels) {
        return false;
      }
    }
    return true;
  }

  /** The picture at {@code s} starts a new candidate; earlier samples may already show it. */
  private void anchorAt(Sample s) {
    anchor = s;
    candidateStart = s;
    updateCandidateMask();
    candidateMaskSize = count(candidateMask);
    extendBack();
  }

  /**
   * Difference of {@code s} from the candidate's anchor, outside the candidate's mask. Updates
   * the mask and whether the frame is busy.
   */
  private int candidateDifference(Sample s) {
    updateCandidateMask();
    return grid.differingPixels(anchor.pixels, s.pixels, perCell, candidateMask);
  }

  /**
   * The cells ignored while judging a new picture: those active before the departure (a speaker
   * inset), and those that have kept changing for a while and still do (an inset that was not
   * known yet, an animated chart). Content that is animating in (typed, faded, flown in) changes
   * each cell only briefly, and a crossfade only for its length, so neither is left out: the
   * new picture holds only once they are done. While too much of the frame changes, only the
   * known areas are left out: the frame is in motion.
   */
  private void updateCandidateMask() {
    double stillSince = stillnessSince();
    double sustainSince = newest.time - options.sustainedWindowSeconds();
    int[] counts = new int[cells];
    double[] first = new double[cells];
    double[] last = new double[cells];
    int union = 0;
    boolean[] inUnion = new boolean[cells];
    for (Sample s : recent) {
      boolean sustainable = s.time > sustainSince + 1e-9;
      boolean recentPair = s.time > stillSince + 1e-9;
      if (!sustainable && !recentPair) {
        continue;
      }
      for (int c = 0; c < cells; c++) {
        if (!s.changed[c]) {
          continue;
        }
        if (recentPair && !inUnion[c]) {
          inUnion[c] = true;
          union++;
        }
        if (sustainable) {
          if (counts[c]++ == 0) {
            first[c] = s.time;
          }
          last[c] = s.time;
        }
      }
    }
    boolean[] sustained = new boolean[cells];
    int sustainedCells = 0;
    for (int c = 0; c < cells; c++) {
      sustained[c] = counts[c] >= options.activityMinChanges() + 1
          && last[c] - first[c] >= options.sustainedSeconds() - 1e-9
          && last[c] > stillSince + 1e-9;
      sustainedCells += sustained[c] ? 1 : 0;
    }
    boolean[] known = knownActive == null ? new boolean[cells] : knownActive;
    keptActive = sustained;
    busy = union > busyLimit || sustainedCells + count(known) > busyLimit;
    departureBusy |= busy;
    if (busy) {
      candidateMask = known.clone();
      return;
    }
    boolean[] mask = dilate(sustained);
    for (int c = 0; c < cells; c++) {
      mask[c] |= known[c];
    }
    candidateMask = mask;
  }

  /** The start of the stillness window: its seconds, and at least its number of pairs. */
  private double stillnessSince() {
    double since = newest.time - options.stillnessSeconds();
    int pairs = 0;
    Iterator<Sample> it = recent.descendingIterator();
    while (it.hasNext()) {
      Sample s = it.next();
      if (pairs++ >= options.stillnessPairs()) {
        break;
      }
      since = Math.min(since, s.time - 1e-6);
    }
    return since;
  }

  private void extendIfMaskGrew() {
    int size = count(candidateMask);
    if (size != candidateMaskSize) {
      candidateMaskSize = size;
      extendBack();
    }
  }

  /**
   * Moves the candidate's start back over earlier samples that match its anchor (outside the
   * mask), within the backdate limit and never before the departure or the moving stretch.
   */
  private void extendBack() {
    Sample bound = lowerBound();
    if (busy) {
      return;
    }
    boolean[] mask = candidateMask;
    if (runStart == null && !slideSeen) {
      // Nothing is known before the first slide: an area that changed all along (a speaker
      // inset) is left out as long as it stays small, so the first slide starts at the start.
      boolean[] union = changedSince(bound);
      if (count(union) <= busyLimit) {
        mask = mask.clone();
        for (int c = 0; c < cells; c++) {
          mask[c] |= union[c];
        }
      }
    }
    // Each earlier sample must match the one after it outside the mask, so that an area that
    // keeps changing (a drifting chart) may differ more and more from the anchor.
    Iterator<Sample> it = recent.descendingIterator();
    Sample earliest = candidateStart;
    while (it.hasNext()) {
      Sample s = it.next();
      if (s.index >= earliest.index) {
        continue;
      }
      if (bound != null && s.index < bound.index) {
        break;
      }
      if (anchor.time - s.time > options.maxBackdateSeconds() + 1e-9) {
        break;
      }
      if (grid.differingPixels(earliest.pixels, s.pixels, perCell, mask) >= minChangePixels
          || grid.differingPixels(anchor.pixels, s.pixels, perCell, candidateMask)
              >= anchorTolerance()) {
        break;
      }
      earliest = s;
    }
    candidateStart = earliest;
  }

  /**
   * How far an earlier sample may differ from the anchor outside the mask while the start moves
   * back over it: a drifting area may have moved a little, a different picture may not.
   */
  private int anchorTolerance() {
    return 8 * minChangePixels;
  }

  /** Cells that changed in any pair after {@code from} (all kept samples when null). */
  private boolean[] changedSince(Sample from) {
    boolean[] union = new boolean[cells];
    for (Sample s : recent) {
      if (from == null || s.index > from.index) {
        for (int c = 0; c < cells; c++) {
          union[c] |= s.changed[c];
        }
      }
    }
    return union;
  }

  private Sample lowerBound() {
    if (departure != null) {
      return departure;
    }
    return movingStart;
  }

  /** The candidate picture held: flash, build step, or a new slide. */
  private void accept(Sample start) {
    Sample end = newest;
    if (runStart == null) {
      forgetTransition(movingStart, start);
      closeMoving(start);
      startRun(start, end);
      event = "slide";
      return;
    }
    boolean[] mask = candidateMask;
    int fromSlide = grid.differingPixels(reference, anchor.pixels, perCell, mask);
    boolean same = fromSlide < minChangePixels;
    if (System.getenv("DBG") != null) System.err.printf("accept t=%.2f start=%.2f dep=%.2f fromSlide=%d depDiff=%d busyDep=%s%n", newest.time, start.time, departure.time, fromSlide, departureDifference, departureBusy);
    double away = start.time - departure.time;
    if (same && (!departureBusy || away <= options.maxFlashSeconds() + 1e-9)) {
      // Back to the slide after a flash, or after a change confined to a small area (an inset
      // that moved more than before, a pop-up): the same slide goes on.
      forgetTransition(departure, start);
      departure = null;
      runLast = end;
      clearCandidate();
      event = "flash";
      return;
    }
    if (!same && !departureBusy && departureDifference < 3 * minChangePixels
        && fromSlide < 6 * minChangePixels) {
      // The slide crept away from its reference a little at a time, and what holds now is
      // hardly different: content drifting inside the slide (a panning chart), not a new one.
      forgetTransition(departure, start);
      departure = null;
      System.arraycopy(anchor.pixels, 0, reference, 0, reference.length);
      runLast = end;
      clearCandidate();
      event = "drift";
      return;
    }
    if (!same && options.mergeBuilds() && away <= options.maxBuildTransitionSeconds() + 1e-9
        && grid.isBuild(reference, anchor.pixels, mask, minChangePixels,
            options.buildOverlapShare())) {
      forgetTransition(departure, start);
      departure = null;
      System.arraycopy(anchor.pixels, 0, reference, 0, reference.length);
      runLast = end;
      clearCandidate();
      event = "build";
      return;
    }
    forgetTransition(departure, start);
    Sample departed = departure;
    closeRun(departed.time);
    if (start.index > departed.index) {
      openMoving(departed);
    }
    closeMoving(start);
    startRun(start, end);
    event = "slide";
  }

  private void startRun(Sample start, Sample last) {
    slideSeen = true;
    runStart = start;
    runLast = last;
    reference = anchor.pixels.clone();
    departure = null;
    clearCandidate();
    busy = false;
    updateRunMask();
  }

  private void clearCandidate() {
    keptActive = null;
    anchor = null;
    candidateStart = null;
    candidateMask = null;
    candidateMaskSize = -1;
  }

  /**
   * Ends the current slide at {@code endTime}. A slide shorter than the minimum becomes part of
   * the moving stretch around it.
   */
  private void closeRun(double endTime) {
    if (runStart == null) {
      return;
    }
    Sample last = runLast;
    if (endTime - runStart.time >= options.minSlideSeconds() - 1e-9) {
      if (movingStart != null) {
        out.add(new Segment(SegmentKind.MOVING, movingStart.time, runStart.time,
            movingStart.index, runStart.index - 1));
        movingStart = null;
      }
      out.add(new Segment(SegmentKind.STATIC, runStart.time, endTime, runStart.index,
          last.index));
    } else {
      openMoving(runStart);
    }
    runStart = null;
    runLast = null;
    departure = null;
  }

  private void openMoving(Sample s) {
    if (movingStart == null) {
      movingStart = s;
    }
  }

  /** A moving stretch ends where a slide starts: it is emitted when that slide is. */
  private void closeMoving(Sample start) {
    if (movingStart != null && movingStart.index >= start.index) {
      movingStart = null;
    }
  }

  /**
   * The changes between {@code from} and {@code to} were a transition (a cut, a fade, motion),
   * not areas that keep changing: they no longer count as activity, except in cells already
   * active before.
   */
  private void forgetTransition(Sample from, Sample to) {
    if (from == null) {
      return;
    }
    for (Sample s : recent) {
      if (s.index >= from.index && s.index <= to.index) {
        for (int c = 0; c < cells; c++) {
          boolean stays = (knownActive != null && knownActive[c])
              || (keptActive != null && keptActive[c]);
          if (!stays) {
            s.activity[c] = false;
          }
        }
      }
    }
  }

  /**
   * The active cells of the current slide (see {@link #rawActive}), those that kept changing
   * grown by one cell in every direction: the edges of an inset or an animated chart change
   * less often than its middle but belong to it.
   */
  private void updateRunMask() {
    runMask = rawActive();
  }

  /**
   * Cells that changed at least twice while the slide held, within the activity memory, plus
   * the neighbours of those that kept changing for a few seconds; when that would leave out too
   * much of the frame (a pointer that wandered everywhere), only the more recent part of the
   * memory counts. A pointer's trail stays thin: it passes a cell once or twice.
   */
  private boolean[] rawActive() {
    for (double memory = options.activitySeconds(); ; memory /= 2) {
      int[] counts = new int[cells];
      double[] first = new double[cells];
      double[] last = new double[cells];
      double since = newest.time - memory;
      for (Sample s : recent) {
        if (s.time > since + 1e-9) {
          for (int c = 0; c < cells; c++) {
            if (s.activity[c]) {
              if (counts[c]++ == 0) {
                first[c] = s.time;
              }
              last[c] = s.time;
            }
          }
        }
      }
      boolean[] sustained = new boolean[cells];
      for (int c = 0; c < cells; c++) {
        sustained[c] = counts[c] >= options.activityMinChanges() + 1
            && last[c] - first[c] >= options.sustainedSeconds() - 1e-9;
      }
      boolean[] active = dilate(sustained);
      int n = 0;
      for (int c = 0; c < cells; c++) {
        active[c] |= counts[c] >= options.activityMinChanges();
        n += active[c] ? 1 : 0;
      }
      if (n <= busyLimit * 3 / 4 || memory < 2 * options.stillnessSeconds()) {
        return active;
      }
    }
  }

  /**
   * Grows a set of cells by one in every direction: the edges of a speaker inset change less
   * often than its middle but belong to it.
   */
  private boolean[] dilate(boolean[] raw) {
    boolean[] grown = new boolean[cells];
    int cols = grid.cols;
    int rows = grid.rows;
    for (int c = 0; c < cells; c++) {
      if (!raw[c]) {
        continue;
      }
      int row = c / cols;
      int col = c % cols;
      for (int r = Math.max(0, row - 1); r <= Math.min(rows - 1, row + 1); r++) {
        for (int k = Math.max(0, col - 1); k <= Math.min(cols - 1, col + 1); k++) {
          grown[r * cols + k] = true;
        }
      }
    }
    return grown;
  }

  private String state() {
    if (runStart != null) {
      return departure == null ? "static" : "departing";
    }
    return "moving";
  }

  private static int count(boolean[] flags) {
    int n = 0;
    for (boolean f : flags) {
      if (f) {
        n++;
      }
    }
    return n;
  }

  private double share(boolean[] flags) {
    return cells == 0 ? 0 : (double) count(flags) / cells;
  }
}
