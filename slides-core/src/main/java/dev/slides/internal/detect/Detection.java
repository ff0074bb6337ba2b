package dev.slides.internal.detect;

import dev.slides.DetectorOptions;
import dev.slides.LumaFrame;
import dev.slides.Region;
import dev.slides.SampleStats;
import dev.slides.Segment;
import dev.slides.SegmentKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The segment detector's implementation; {@link dev.slides.SegmentDetector} is its public face
 * and documents what it decides. The extraction pipeline uses this class directly for what the
 * public face does not show (the active cells, for the duplicate check).
 */
public final class Detection {
  private final Tuning options;
  private final List<Segment> out = new ArrayList<>();
  private final ArrayDeque<Sample> recent = new ArrayDeque<>();

  // Geometry, fixed by the first frame.
  private CellGrid grid;
  private int cells;
  private int minChangePixels;
  private int[] perCell;
  private int busyLimit;
  private int activeLimit;
  private int newActiveLimit;

  private Sample newest;
  private long nextIndex;
  /**
   * The damaged samples since the last one analysed (see {@link #pushDamaged}): the time and
   * index of the first (NaN and -1 when there is none), and the time of the latest.
   */
  private double damagedFrom = Double.NaN;
  private long damagedIndex = -1;
  private double lastDamaged = Double.NEGATIVE_INFINITY;

  // The current slide: the samples that match its reference, and its active areas.
  private Sample runStart;
  private Sample runLast;
  private byte[] reference;
  /**
   * Grey-level difference above which a pixel differs from the reference: lower than the
   * detector's threshold on a faint slide (see Tuning#slideThreshold).
   */
  private int referenceThreshold;
  /**
   * The same per cell: lower still in cells of faint content on a slide of ordinary contrast
   * (see CellGrid#slideThresholds).
   */
  private int[] referenceThresholds;
  /** Whether some cell of the reference has a threshold below the whole slide's. */
  private boolean referenceMixed;
  private boolean[] runMask = new boolean[0];
  /** Cells found to keep changing at any time during the slide (an inset that pauses). */
  private boolean[] runSustained;
  /**
   * The active areas of the slide that have held still (see Tuning#heldSeconds): ink written
   * on the slide and left there. A change there that removes or covers what they show departs
   * from the slide; otherwise they stay left out as active areas.
   */
  private boolean[] heldAreas = new boolean[0];
  /**
   * The cells in which the current slide differed from the slide before it, when it came out of
   * that slide by a small change (a digit replaced); null when it came by a larger change or out
   * of motion (see {@link #tickedAgain}).
   */
  private boolean[] runStartChange;
  /**
   * Slides no longer than {@link Tuning#maxTickSeconds()} that each ended by a small change in
   * the place of the one before (and what lay between them), held back while the slide the last
   * change started may still tick again (see {@link #tickedAgain}): once the same place has
   * changed three times in a row, a tick apart, they are all one slide, from the first one's
   * start (a countdown's first seconds). Emitted as soon as that cannot happen any more.
   */
  private final List<Segment> heldBack = new ArrayList<>();
  /** The start of the first slide held back; null when none is. */
  private Sample heldBackStart;
  /**
   * The start of a moving stretch held back just before the first slide held back (a slide
   * too short to count before a clock's first tick); null when there is none.
   */
  private Sample heldMovingStart;
  /**
   * Whether the current slide was started by a small change that was the second in the same
   * place within a tick (see {@link #tickedAgain}): a third one makes it an area that ticks.
   */
  private boolean runStartTicked;

  /**
   * The overlays now shown over the slide's picture, when they may leave again (see
   * {@link #overlayLeft}); null when there are none.
   */
  private ShownOverlays shown;
  /**
   * The pixels the overlays shown changed when they came (those of {@link #shown} and of
   * {@link #carriedOverlay}); null when none is shown.
   */
  private OverlayPixels overlayPixels;
  /**
   * The boxes of the overlays that were shown when the slide before changed to this one and
   * that the change left as they were (a notification still shown when the presenter moved
   * on); null when there are none. This slide never showed what lies under them, so an
   * overlay's departure here is judged by its box alone (see {@link #carriedOverlayLeft}),
   * once.
   */
  private boolean[] carriedOverlay;

  // A departure from the slide: the first sample that no longer matched it.
  private Sample departure;
  /**
   * When the slide last changed a little (less than a slide change, against its reference or
   * from one sample to the next): content creeping, as a drifting chart or a build fading in
   * between two samples does; negative infinity while it held exactly.
   */
  private double lastCreep = Double.NEGATIVE_INFINITY;
  private int departureDifference;
  /** Whether much of the frame kept changing at some point since the departure. */
  private boolean departureBusy;
  /** The active cells known before the departure (or before the moving stretch). */
  private boolean[] knownActive;
  /**
   * The held areas of the slide when the departure was seen only in them (ink cleared), else
   * null: they are not left out while the picture to come is judged, though they changed
   * lately.
   */
  private boolean[] departedHeld;

  // The open moving stretch, when no slide is being shown.
  private Sample movingStart;
  /**
   * The cells found to keep changing that the open moving stretch before the slide was last
   * compared outside (see {@link #absorbMovingStretch}); null while it was not compared.
   */
  private boolean[] stretchJudgedMask;

  // The picture that may hold: the sample it is compared with, and where it starts.
  private Sample anchor;
  private Sample candidateStart;
  private boolean[] candidateMask;
  private boolean[] candidateSustained;
  /** The cells not judged when deciding whether the frame has come to rest. */
  private boolean[] restMask;
  private int candidateMaskSize = -1;
  /** Too much of the frame keeps changing: motion, not a picture. */
  private boolean busy;
  /** Whether a slide was found yet. */
  private boolean slideSeen;

  private SampleStats stats;
  private SampleStats.Event event = SampleStats.Event.NONE;
  private double differenceShare;

  /**
   * The last two frames pushed, smoothed, and the changes between the last two distinct ones.
   * Samples that were not decoded repeat frames (a still stretch shows its keyframe over and
   * over; an area that keeps changing alternates between two contents), so each frame is
   * smoothed once and each pair compared once. Frames are not modified once handed over, so
   * being the same object means having the same pixels.
   */
  private final FrameMemo memo = new FrameMemo();

  /**
   * The camera pane of a lecture capture's side-by-side layout, once found (see
   * {@link #findPane}); null when there is none. Left out as a player's box is.
   */
  private boolean[] pane;
  /** The first sample analysed; the pane is looked for from it. */
  private Sample first;
  /** Whether the pane has been looked for (once, {@link Tuning#sustainedWindowSeconds()} in). */
  private boolean paneSought;

  /** The video's own noise between still samples (see {@link #stillLimit}). */
  private final NoiseFloor noise = new NoiseFloor();

  /** A picture being slowly reframed, followed from sample to sample (see Reframing). */
  private Reframing reframing;

  /**
   * Burned-in subtitles or a chat panel: a band at the frame's edge replaced again and again,
   * and the segments held while it may be one (see CaptionBand).
   */
  private CaptionBand captions;

  /** One analysed sample, remembered for a few seconds, with how it differs from the last. */
  private static final class Sample {
    final long index;
    final double time;
    /** Seconds since the sample its pair was compared with (0 for the first). */
    final double span;
    final byte[] pixels;
    /**
     * The sample's own pixels, smoothed: {@link #pixels} but where the picture of a slide being
     * slowly reframed stands in for them (see Reframing).
     */
    final byte[] raw;
    final CellGrid.PairChanges pair;
    /** Coarse changes still counted as activity (a transition's are forgotten once judged). */
    final boolean[] activity;
    /** Fine changes (stirs) still counted as activity. */
    final boolean[] stirActivity;

    Sample(long index, double time, double span, byte[] pixels, byte[] raw,
        CellGrid.PairChanges pair) {
      this.index = index;
      this.time = time;
      this.span = span;
      this.pixels = pixels;
      this.raw = raw;
      this.pair = pair;
      this.activity = pair.changed().clone();
      this.stirActivity = pair.stirred().clone();
    }
  }

  public Detection(DetectorOptions options) {
    this.options = new Tuning(Objects.requireNonNull(options, "options"));
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
    requireForward(time);
    out.clear();
    event = SampleStats.Event.NONE;
    if (time + 1e-9 < options.startSeconds() || time >= options.endSeconds()) {
      return List.of();
    }
    FrameMemo.Seen seen = memo.analyse(frame, options.region());
    LumaFrame analysed = seen.analysed();
    byte[] px = seen.smoothed();
    if (grid == null) {
      init(analysed);
    } else if (analysed.width() != grid.width || analysed.height() != grid.height) {
      throw new IllegalArgumentException("Frame size changed from " + grid.width + "x"
          + grid.height + " to " + analysed.width() + "x" + analysed.height());
    }
    // A picture slowly reframed (see Reframing) is analysed as the picture it reframes.
    if (reframing.open() && newest != null) {
      if (reframing.follows(time, px)) {
        px = reframing.origin();
      } else {
        reframing.close();
      }
    }
    CellGrid.PairChanges pair = newest == null || newest.pixels == px ? grid.noChanges()
        : memo.changes(newest.pixels, px, grid, options);
    boolean fading = newest != null && brightnessDrifts(time, pair);
    if (pair.flickerTakenOff() && fading) {
      pair = grid.pairChanges(newest.pixels, px, options.stirThreshold(),
          options.stirMinPixels(), 0);
    }
    // A camera's exposure drifting or hunting is taken off in comparisons with the slide, a
    // fade is not.
    grid.exposureAllowance(!fading);
    byte[] raw = seen.smoothed();
    if (!reframing.open() && newest != null && newest.pixels != px && mayBeReframed(pair)) {
      Sample before = reframeFrom(time);
      if (reframing.opens(before.time, before.raw, newest.time, newest.raw, time, px)) {
        px = reframing.origin();
        pair = px == newest.pixels ? grid.noChanges()
            : memo.changes(newest.pixels, px, grid, options);
      }
    }
    if (newest != null && newest.pixels != px) {
      noteNoise(pair);
    }
    Sample sample = new Sample(nextIndex++, time, newest == null ? 0 : time - newest.time, px,
        raw, pair);
    // Where damaged samples came just before, they stand for an unknown picture: a departure
    // from the slide found now began where they did (see pushDamaged).
    Sample damaged = Double.isNaN(damagedFrom) ? null
        : new Sample(damagedIndex, damagedFrom, 0, px, px, pair);
    damagedFrom = Double.NaN;
    remember(sample);
    if (!paneSought && first == null) {
      first = sample;
    }
    if (!paneSought && sample.time - first.time >= options.sustainedWindowSeconds() - 1e-9) {
      paneSought = true;
      pane = findPane();
      first = null;
    }
    step(sample, damaged);
    if (captions.holding() && runStart != null && departure == null) {
      // A change the slide took in as it went on (a line replaced in what the slide already
      // counts as its active area): a change in the band between two slide changes.
      captions.within(time, pair.changed());
    }
    if (heldBackStart != null && !mayTickAgain()) {
      releaseHeldBack();
    }
    if (captions.expired(time)) {
      out.addAll(captions.release());
    }
    stats = new SampleStats(time, (double) count(pair.changed()) / cells, differenceShare,
        share(runStart != null ? runMask : candidateMask), state(), event,
        meanDifference(pair, runStart != null ? runMask : restMask), pair.brightnessChange(),
        stillLimit());
    return List.copyOf(out);
  }

  /**
   * Takes a sample whose picture cannot be trusted (decoded with errors, or predicted from such
   * a picture): it is given the next sample number but never analysed, never a slide's first
   * or last sample, and never where a slide starts. A slide the next trusted sample still
   * shows goes on across it; otherwise the slide ends where the damaged samples began, and
   * they are part of the moving stretch up to the next picture that holds.
   *
   * @return the segments this sample completed: always none
   */
  public List<Segment> pushDamaged(double time) {
    requireForward(time);
    out.clear();
    event = SampleStats.Event.NONE;
    if (time + 1e-9 < options.startSeconds() || time >= options.endSeconds()) {
      return List.of();
    }
    lastDamaged = time;
    long index = nextIndex++;
    if (Double.isNaN(damagedFrom)) {
      damagedFrom = time;
      damagedIndex = index;
    }
    stats = new SampleStats(time, 0, 0, share(runStart != null ? runMask : candidateMask),
        state(), SampleStats.Event.DAMAGED, 0, 0, stillLimit());
    return List.of();
  }

  private void requireForward(double time) {
    double latest = Math.max(newest == null ? Double.NEGATIVE_INFINITY : newest.time,
        lastDamaged);
    if (time < latest) {
      throw new IllegalArgumentException("Time went back: " + time + " < " + latest);
    }
  }

  /**
   * Whether the brightness changes of the stillness window up to {@code pair} (at {@code time})
   * add up to more than twice the flicker allowance, each counted up to the allowance: a slow
   * fade, whose every step may look like a flicker, drifts one way; a flickering light comes
   * and goes. A fade is motion, and its pairs are compared as they are. Pairs that changed
   * content (a cut) are not counted: the picture did not change its light.
   */
  private boolean brightnessDrifts(double time, CellGrid.PairChanges pair) {
    double limit = Math.log1p(options.maxFlicker());
    double logSum = clamp(Math.log1p(pair.brightnessChange()), limit);
    for (Sample s : recent) {
      if (s.time > time - options.stillnessSeconds() + 1e-9
          && count(s.pair.changed()) <= options.maxStirredShareAtRest() * cells) {
        logSum += clamp(Math.log1p(s.pair.brightnessChange()), limit);
      }
    }
    return Math.abs(logSum) > Math.log1p(2 * options.maxFlicker());
  }

  private static double clamp(double value, double limit) {
    return Math.max(-limit, Math.min(limit, value));
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
      if (!Double.isNaN(damagedFrom)) {
        // Nothing but damaged samples: what was shown is not known.
        out.add(new Segment(SegmentKind.MOVING, damagedFrom,
            Math.max(Math.min(endTime, options.endSeconds()), lastDamaged), damagedIndex,
            nextIndex - 1));
        damagedFrom = Double.NaN;
      }
      return List.copyOf(out);
    }
    double end = Math.max(Math.min(endTime, options.endSeconds()),
        Math.max(newest.time, lastDamaged));
    if (anchor != null && newest.index > anchor.index && (!busy || holdsStrictly())) {
      // The last picture held to the end: judge it as if it had settled.
      Sample start = pictureStart();
      if (start != null) {
        accept(start);
      }
    }
    releaseHeldBack();
    if (runStart != null) {
      if (departure != null) {
        // The last samples left the slide and never held: they cannot be a slide of their own.
        Sample departed = departure;
        closeRun(departed.time);
        openMoving(departed);
      } else if (!Double.isNaN(damagedFrom)) {
        // Damaged samples to the end: the slide is known to last only up to them.
        Sample damaged = new Sample(damagedIndex, damagedFrom, 0, newest.pixels, newest.pixels,
            newest.pair);
        closeRun(damaged.time);
        openMoving(damaged);
      } else {
        closeRun(end);
      }
    }
    if (movingStart != null) {
      // Up to the last sample pushed, damaged ones included.
      emit(new Segment(SegmentKind.MOVING, movingStart.time, end, movingStart.index,
          nextIndex - 1));
      movingStart = null;
    }
    out.addAll(captions.release());
    newest = null;
    damagedFrom = Double.NaN;
    recent.clear();
    if (reframing != null) {
      reframing.close();
    }
    clearCandidate();
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
    long[] needed = new long[5 + 2 * heldBack.size() + 2 * captions.held().size()
        + recent.size()];
    int n = 0;
    for (Segment held : captions.held()) {
      needed[n++] = held.firstSample();
      needed[n++] = held.lastSample();
    }
    if (runStart != null) {
      needed[n++] = runStart.index;
      needed[n++] = runLast.index;
    }
    for (Segment held : heldBack) {
      needed[n++] = held.firstSample();
      needed[n++] = held.lastSample();
    }
    if (movingStart != null) {
      needed[n++] = movingStart.index; // a slide may yet be found to start there
    }
    Sample bound = lowerBound();
    if (bound != null) {
      // A new picture may yet be found to start at any recent sample since the departure.
      double from = (anchor != null ? anchor.time : newest.time) - options.maxBackdateSeconds();
      if (candidateStart != null) {
        needed[n++] = candidateStart.index;
      }
      for (Sample s : recent) {
        if (s.index >= bound.index && s.time >= from - 1e-9) {
          needed[n++] = s.index;
        }
      }
    }
    needed[n++] = newest.index;
    // Sorted without duplicates; a few values, so an insertion sort (no stream, no sort
    // machinery for the compiler to build on this path, run once a sample).
    int kept = 0;
    for (int i = 0; i < n; i++) {
      long v = needed[i];
      int at = kept;
      while (at > 0 && needed[at - 1] > v) {
        at--;
      }
      if (at > 0 && needed[at - 1] == v) {
        continue;
      }
      System.arraycopy(needed, at, needed, at + 1, kept - at);
      needed[at] = v;
      kept++;
    }
    return Arrays.copyOf(needed, kept);
  }

  /** What the last {@link #push} saw and decided, for a statistics file; null before any. */
  public SampleStats lastStats() {
    return stats;
  }

  /**
   * The cells left out of slide comparisons right now (speaker inset, pointer trail), on the
   * grid of the analysed region.
   */
  public boolean[] activeCells() {
    return runMask.clone();
  }

  private void init(LumaFrame frame) {
    grid = new CellGrid(frame.width(), frame.height(), options);
    reframing = new Reframing(grid, options);
    captions = new CaptionBand(grid, options);
    cells = grid.cells;
    minChangePixels = grid.minChangePixels;
    perCell = new int[cells];
    runMask = new boolean[cells];
    heldAreas = new boolean[cells];
    busyLimit = (int) Math.floor(options.maxBusyFraction() * cells);
    activeLimit = (int) Math.floor(options.maxActiveFraction() * cells);
    newActiveLimit = (int) Math.floor(options.maxNewActiveFraction() * cells);
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

  /**
   * Judges {@code s}; {@code damaged}, when not null, stands for the damaged samples just
   * before it (their first one's time and index, {@code s}'s picture).
   */
  private void step(Sample s, Sample damaged) {
    if (runStart == null && movingStart == null) {
      // The very first sample: it may start a slide; until one holds, the video is moving
      // (from the damaged samples before it, when the video starts with those).
      movingStart = damaged != null ? damaged : s;
      knownActive = new boolean[cells];
      anchorAt(s);
      differenceShare = 0;
      return;
    }
    if (runStart != null && departure == null) {
      updateRunMask();
      // Too much of the frame active is motion, unless it is the box of a video playing.
      boolean overwhelmed = count(runMask) - captionCells() > activeLimit
          && playerBox(runSustained) == null;
      if (!overwhelmed && movingStart != null) {
        absorbMovingStretch();
      }
      int differing = overwhelmed ? grid.width * grid.height
          : grid.differingPixels(reference, s.pixels, perCell, runMask, referenceThresholds);
      int differingWithHeld = !overwhelmed && differing < minChangePixels
          ? differingWhereHeldContentWent(s) : -1;
      boolean inHeldAreas = differingWithHeld >= 0;
      if (inHeldAreas) {
        differing = differingWithHeld;
      }
      differenceShare = (double) differing / (grid.width * grid.height);
      if (differing < minChangePixels) {
        if (differing > 0 || count(s.pair.changed()) > 0) {
          lastCreep = s.time;
        }
        runLast = s;
        grid.copyCells(s.pixels, reference, runMask);
        return;
      }
      // After damaged samples the slide was last seen before them: what they showed is not
      // known, so the departure began with them.
      departure = damaged != null ? damaged : s;
      departureDifference = differing;
      departureBusy = false;
      // A departure seen only in held areas judges what comes next with them compared too;
      // any other is judged as before, with every active area left out.
      knownActive = inHeldAreas ? comparedMask() : runMask.clone();
      departedHeld = inHeldAreas ? heldAreas.clone() : null;
      anchorAt(s);
      return;
    }
    // Departed from a slide, or moving: does a new picture hold?
    updateCandidateMask();
    departureBusy |= busy;
    // Departed from a faint slide, the picture to come is judged at its contrast as well: a
    // crossfade between two faint slides changes by less than the usual threshold from one
    // sample to the next, and its middle would seem to hold.
    int differing = grid.differingPixels(anchor.pixels, s.pixels, perCell, candidateMask,
        runStart != null ? referenceThresholds : null);
    differenceShare = (double) differing / (grid.width * grid.height);
    if (differing >= minChangePixels) {
      anchorAt(s);
    } else if (count(candidateMask) != candidateMaskSize) {
      candidateMaskSize = count(candidateMask);
      extendBack();
    }
    if (s.index > anchor.index && s.time - candidateStart.time >= options.settleSeconds() - 1e-9
        && (!busy || holdsStrictly())) {
      Sample start = pictureStart();
      if (start != null) {
        accept(start);
      }
    }
  }

  /**
   * Where the candidate picture starts, once it has come to rest for the settle time (see
   * {@link #restStart}); null while it is not at rest.
   */
  private Sample pictureStart() {
    Sample rest = restStart();
    if (rest == null || newest.time - rest.time < options.settleSeconds() - 1e-9) {
      return null;
    }
    return rest.index < candidateStart.index ? candidateStart : rest;
  }

  /**
   * The first sample from which every sample pair up to now was still at the fine level outside
   * the candidate's mask (a few cells stirred at most, as a pointer does, and a mean difference
   * within the noise of a still picture), not before the candidate's start; null when even the
   * newest pair was not still. Pairs within the refinement time after the candidate's start are
   * excused: an encoder refines a new picture for a moment after a cut. A slowly changing
   * background, snow, or text still typing in keep the frame from coming to rest. Whether a
   * pair was still is judged for the time it spans (see {@link #stillPair}), so that a picture
   * comes to rest after about the same time at any sampling rate.
   */
  private Sample restStart() {
    Iterator<Sample> it = recent.descendingIterator();
    Sample rest = it.next();
    boolean newestPair = true;
    while (it.hasNext() && rest.index > candidateStart.index) {
      if (!stillPair(rest, restMask)) {
        boolean refining = rest.time <= candidateStart.time + options.refinementSeconds() + 1e-9;
        if (newestPair || !refining) {
          return newestPair ? null : rest;
        }
      }
      newestPair = false;
      rest = it.next();
    }
    return rest;
  }

  /** Whether the pair ending at {@code s} was still, finely, outside {@code mask}. */
  private boolean stillPair(Sample s, boolean[] mask) {
    CellGrid.PairChanges pair = s.pair;
    int stirred = 0;
    for (int c = 0; c < cells; c++) {
      if (!mask[c]) {
        stirred += pair.stirred()[c] ? 1 : 0;
      }
    }
    double mean = meanDifference(pair, mask);
    double noiseLimit = stillLimit();
    double limit = noiseLimit;
    // A pair that spans more time than the allowances were measured at shows what changed
    // over all of it: the encoder's refinement of a new picture, or a pointer's path, add up
    // (at one sample a second, the refinement a second after a cut stirs as many cells as the
    // four pairs of that second do at four). The allowances grow with it. The noise limit
    // does not, as noise does not add up, but for a pair within the refinement time after the
    // picture was shown, or shown afresh (see refreshAt): the refinement is all there is.
    double span = Math.max(1, s.span / options.restPairSeconds());
    if (span > 1 && refinedAt(s, mask, noiseLimit)) {
      limit *= span;
    }
    // A few stirred cells (a pointer), or a few more with a small mean difference (the encoder
    // refining the picture, compression noise around an animated spot) are still at rest.
    return mean <= limit
        && (stirred <= Math.max(2, options.maxStirredShareAtRest() * cells * span)
            || (stirred <= 0.1 * cells * span && mean <= Math.min(limit, noiseLimit / 2 * span)));
  }

  /**
   * Whether the pair ending at {@code s} lies within the refinement time after the candidate's
   * start or after a refresh of its picture since (see {@link #refreshAt}); {@code noiseLimit}
   * is {@link #stillLimit()}.
   */
  private boolean refinedAt(Sample s, boolean[] mask, double noiseLimit) {
    double window = options.refinementSeconds() + 1e-9;
    if (s.time <= candidateStart.time + window) {
      return true;
    }
    Sample before = null;
    for (Sample r : recent) {
      if (r.index >= s.index) {
        break;
      }
      if (before != null && r.index > candidateStart.index && s.time <= r.time + window
          && refreshAt(r, before, mask, noiseLimit)) {
        return true;
      }
      before = r;
    }
    return false;
  }

  /**
   * Whether the pair ending at {@code r} (from {@code before}) showed the same picture afresh,
   * as an encoder's keyframe does on a starved stream: the whole picture moved by more than
   * the noise limit, yet no cell changed, right after the candidate's start or after a calm
   * pair. The encoder then refines it again, as after a cut. Motion too faint to change a cell
   * keeps every pair above the limit, and so is never a refresh but for its first pair.
   * {@code limit} is the noise limit, {@link #stillLimit()}.
   */
  private boolean refreshAt(Sample r, Sample before, boolean[] mask, double limit) {
    if (meanDifference(r.pair, mask) <= limit) {
      return false;
    }
    for (int c = 0; c < cells; c++) {
      if (!mask[c] && r.pair.changed()[c]) {
        return false;
      }
    }
    return before.index == candidateStart.index || meanDifference(before.pair, mask) <= limit;
  }

  /**
   * Counts the pair towards the video's noise when nothing in it changed: no cell changed and
   * no more cells stirred than a pointer does, between two distinct frames (a repeated frame
   * shows no noise at all). While a slide holds, its active areas are left out, in the judging
   * and in the mean difference: heads of an audience that never stop moving along a filmed
   * screen's lower edge change some cells in every pair, and the grain beside them was never
   * learned.
   */
  private void noteNoise(CellGrid.PairChanges pair) {
    boolean[] active = runStart != null && departure == null ? runMask : null;
    int changed = 0;
    int stirred = 0;
    for (int c = 0; c < cells; c++) {
      if (active == null || !active[c]) {
        changed += pair.changed()[c] ? 1 : 0;
        stirred += pair.stirred()[c] ? 1 : 0;
      }
    }
    if (changed == 0 && stirred <= Math.max(2, options.maxStirredShareAtRest() * cells)) {
      noise.add(meanDifference(pair, active));
    }
  }

  /**
   * The sample a reframing that shows at {@code time} is looked for from: the newest one at
   * least {@link Tuning#reframeSpanSeconds()} before, or the first one after a change of much
   * of the frame (a cut, the last step of a crossfade) since, or the oldest remembered. A slow
   * zoom changes a picture by little more than the encoder's noise from one sample to the next
   * at four samples a second; over a second it tells.
   */
  private Sample reframeFrom(double time) {
    Sample from = newest;
    Iterator<Sample> it = recent.descendingIterator();
    while (it.hasNext()) {
      Sample s = it.next();
      from = s;
      if (s.time <= time - options.reframeSpanSeconds() + 1e-9
          || count(s.pair.changed()) > busyLimit) {
        break;
      }
    }
    return from;
  }

  /**
   * Whether {@code pair} changed over much of the frame outside the known active areas (a
   * speaker inset, webcam tiles), finely, as a picture being reframed changes (every edge
   * moves), but changed no more than half of the cells at the slide threshold: worth asking
   * whether it was (see Reframing). A still pair, a pointer, a word replaced are not; nor a
   * cut or fast motion, which change most cells (a slow reframing changes 0-8 % of them from
   * one sample to the next at 4 samples a second, about a quarter at one); slower motion and
   * fades are asked, and answer no.
   */
  private boolean mayBeReframed(CellGrid.PairChanges pair) {
    boolean[] active = runStart != null ? runMask : restMask;
    int changed = 0;
    int stirred = 0;
    for (int c = 0; c < cells; c++) {
      changed += pair.changed()[c] ? 1 : 0;
      stirred += pair.stirred()[c] && (active == null || !active[c]) ? 1 : 0;
    }
    return changed <= cells / 2
        && (stirred >= 0.05 * cells || meanDifference(pair, active) > stillLimit());
  }

  /**
   * The mean difference a still pair may show: {@link Tuning#maxStillDifference()}, or more on
   * a video whose own noise between still samples is higher (grain a camera recorded and the
   * encoder kept), once enough such pairs were seen to tell (see Tuning#noiseFloorPairs).
   */
  private double stillLimit() {
    double fixed = options.maxStillDifference();
    if (noise.count() < options.noiseFloorPairs()) {
      return fixed;
    }
    return Math.max(fixed, options.noiseHeadroom() * noise.median());
  }

  /** The mean fine difference of {@code pair} per pixel, outside {@code mask} (may be null). */
  private double meanDifference(CellGrid.PairChanges pair, boolean[] mask) {
    double sum = 0;
    long pixels = 0;
    for (int c = 0; c < cells; c++) {
      if (mask == null || !mask[c]) {
        sum += pair.absoluteSums()[c];
        pixels += grid.cellPixels(c);
      }
    }
    return pixels == 0 ? 0 : sum / pixels;
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
   * The cells ignored while judging a new picture: those active before the departure (a speaker
   * inset), and those that keep changing (stirring in at least half of the recent pairs for a few
   * seconds, up to now: an inset not known yet, an animated chart). Content animating in changes
   * each cell only briefly and a crossfade only for its length, so neither is left out. While
   * too much of the frame keeps changing, only the known areas are left out: the frame is in
   * motion, and a picture must then hold everywhere else.
   */
  private void updateCandidateMask() {
    double stillSince = stillnessSince();
    boolean[] sustained = sustainedCells(newest.time - options.sustainedWindowSeconds(),
        stillSince, false);
    // A restless area is left out too, unless that would leave out too much: it must not turn
    // a frame whose inset is found cell by cell into one that is taken for motion.
    boolean[] withRestless = restlessArea();
    for (int c = 0; c < cells; c++) {
      withRestless[c] |= sustained[c];
    }
    if (count(dilate(withRestless)) <= newActiveLimit) {
      sustained = withRestless;
    }
    int[] stirs = new int[cells];
    for (Sample s : recent) {
      if (s.time > stillSince + 1e-9) {
        for (int c = 0; c < cells; c++) {
          stirs[c] += s.pair.stirred()[c] ? 1 : 0;
        }
      }
    }
    boolean[] known = withCaptions(knownActive == null ? new boolean[cells] : knownActive.clone());
    boolean[] mask = dilate(sustained);
    // Too large for an inset, but perhaps a video playing in a box of the slide.
    boolean[] player = count(mask) > newActiveLimit ? playerBox(stirredInWindow()) : null;
    if (player == null && count(mask) > newActiveLimit) {
      // With its margin a band along the frame's edge is too large for an inset: what keeps
      // changing lies in the pane.
      player = paneOf(sustained);
    }
    if (player != null) {
      mask = player;
    }
    // A cut stirs a cell once (and the encoder's refinement of the new picture once more);
    // motion keeps stirring it. A player's box is left out of it.
    int moving = 0;
    for (int c = 0; c < cells; c++) {
      moving += stirs[c] >= 3 && (player == null || !mask[c]) ? 1 : 0;
    }
    busy = moving > busyLimit || (player == null && count(mask) > newActiveLimit);
    // Around areas that keep changing, a margin of one more cell is not judged for rest; a
    // player's box has sharp edges and already holds every cell it touches.
    restMask = player != null ? mask.clone() : dilate(mask);
    if (departure != null && departedHeld != null) {
      // Ink that held and was then cleared: the change is the departure itself, not an area
      // that keeps changing (as the restless area's rule would take it to be).
      for (int c = 0; c < cells; c++) {
        mask[c] &= !departedHeld[c];
      }
    }
    for (int c = 0; c < cells; c++) {
      mask[c] |= known[c];
      restMask[c] |= known[c];
    }
    // While the frame is in motion, what keeps changing is the motion, not an active area.
    candidateSustained = busy ? new boolean[cells] : sustained;
    candidateMask = busy ? known.clone() : mask;
    if (busy) {
      restMask = candidateMask;
    }
  }

  /**
   * Cells that kept changing finely since {@code since}: stirred in at least half of the pairs
   * (and three times), over at least the sustained time, the last time after {@code recentAfter}.
   *
   * @param forgettable count only stirs not recognised as part of a transition
   */
  private boolean[] sustainedCells(double since, double recentAfter, boolean forgettable) {
    int[] counts = new int[cells];
    double[] first = new double[cells];
    double[] last = new double[cells];
    int pairs = 0;
    for (Sample s : recent) {
      if (s.time <= since + 1e-9) {
        continue;
      }
      pairs++;
      boolean[] stirred = forgettable ? s.stirActivity : s.pair.stirred();
      for (int c = 0; c < cells; c++) {
        if (stirred[c]) {
          if (counts[c]++ == 0) {
            first[c] = s.time;
          }
          last[c] = s.time;
        }
      }
    }
    int needed = Math.max(options.activityMinChanges() + 1, (pairs + 1) / 2);
    boolean[] sustained = new boolean[cells];
    for (int c = 0; c < cells; c++) {
      sustained[c] = counts[c] >= needed
          && last[c] - first[c] >= options.sustainedSeconds() - 1e-9
          && last[c] > recentAfter + 1e-9;
    }
    return sustained;
  }

  /**
   * A small area where changes keep coming although no single cell of it changes often: a
   * live-caption strip whose words appear one after another along the line, a ticking counter.
   * The per-cell rule of {@link #sustainedCells} misses it (each cell changes once or twice per
   * line), yet it changes often enough that no picture would ever hold for the settle time.
   * Found over the recent pairs, newest first, back to the sustained window or to the first
   * pair that would make the area too large (a cut, motion): changes in at least half of them,
   * or, whatever the sampling rate, changes that never stopped for longer than
   * {@link Tuning#maxTickSeconds()} up to now (a clock ticking once a second changes one pair
   * in four at 4 samples per second, and each tick held for a second was taken for a new
   * slide), spread over at least the sustained time (content animating in takes less), all
   * within at most {@link Tuning#maxBusyFraction()} of the cells, and what it shows now must
   * not merely add to what it showed before those pairs: ink written on a board or text typing
   * in only adds, and is content still appearing, not an area to leave out. Empty when there is
   * no such area.
   */
  private boolean[] restlessArea() {
    boolean[] area = new boolean[cells];
    boolean[] grown = new boolean[cells];
    int size = 0;
    int pairs = 0;
    int changing = 0;
    double earliest = Double.NaN;
    double latest = Double.NaN;
    double widestGap = 0;
    Sample before = null;
    Iterator<Sample> it = recent.descendingIterator();
    while (it.hasNext()) {
      Sample s = it.next();
      before = s;
      if (s.time <= newest.time - options.sustainedWindowSeconds() + 1e-9) {
        break;
      }
      System.arraycopy(area, 0, grown, 0, cells);
      int grownSize = size;
      boolean changed = false;
      for (int c = 0; c < cells; c++) {
        if (s.pair.changed()[c] || s.pair.stirred()[c]) {
          changed = true;
          if (!grown[c]) {
            grown[c] = true;
            grownSize++;
          }
        }
      }
      if (grownSize > busyLimit) {
        break;
      }
      System.arraycopy(grown, 0, area, 0, cells);
      size = grownSize;
      pairs++;
      if (changed) {
        changing++;
        if (!Double.isNaN(earliest)) {
          widestGap = Math.max(widestGap, earliest - s.time);
        }
        earliest = s.time;
        if (Double.isNaN(latest)) {
          latest = s.time;
        }
      }
    }
    double tick = options.maxTickSeconds() + 1e-9;
    boolean ticking = widestGap <= tick && newest.time - latest <= tick;
    if (changing < 3 || (2 * changing < pairs && !ticking)
        || latest - earliest < options.sustainedSeconds() - 1e-9) {
      return new boolean[cells];
    }
    boolean[] outside = outside(area);
    if (grid.isBuild(before.pixels, newest.pixels, outside, minChangePixels,
        options.buildOverlapShare())) {
      return new boolean[cells];
    }
    return area;
  }

  /** The cells that stirred at all within the sustained window. */
  private boolean[] stirredInWindow() {
    boolean[] touched = new boolean[cells];
    for (Sample s : recent) {
      if (s.time > newest.time - options.sustainedWindowSeconds() + 1e-9) {
        for (int c = 0; c < cells; c++) {
          touched[c] |= s.pair.stirred()[c];
        }
      }
    }
    return touched;
  }

  /**
   * The box of a video playing inside the slide, when {@code set} (the cells that changed) is
   * one: it fills at least {@link Tuning#minPlayerFill()} of its bounding box, which is at
   * most {@link Tuning#maxPlayerFraction()} of the frame and leaves a row or column of cells
   * of the slide on every side; null otherwise. A clip playing in a slide changes a whole
   * rectangle with sharp edges while the slide around it holds, more of the frame than an
   * inset ever does; a talking head filling the frame, snow, a cellular automaton or a camera
   * pan change the whole frame or scattered cells, not a box within it. A large area reaching
   * the frame's edge is the camera pane of a side-by-side layout when it was found as one from
   * the video's first seconds (see {@link #findPane}); otherwise (a demo window beside the
   * slide) it stays motion, as before: the region option leaves it out.
   */
  private boolean[] playerBox(boolean[] set) {
    Bounds b = Bounds.of(set, grid.cols);
    if (b == null) {
      return null;
    }
    boolean inside = b.r0() > 0 && b.c0() > 0 && b.r1() < grid.rows - 1 && b.c1() < grid.cols - 1;
    if (!inside || b.n() < options.minPlayerFill() * b.area()
        || b.area() > options.maxPlayerFraction() * cells) {
      return paneOf(set);
    }
    return b.box(cells, grid.cols);
  }

  /**
   * The camera pane of a lecture capture's side-by-side layout (Opencast, Panopto, Zoom), or a
   * podcast's waveform band: a box at the frame's edge (see {@link #atOneEdge}) that keeps
   * changing from the video's first second on while the rest of the frame holds. Such a pane is
   * part of the layout and stays, moving, across the slide changes beside it; a demo window, a
   * video over part of the frame or a talking head comes after a slide that was shown still (or
   * fills more of the frame) and stays motion. Looked for once, over the first
   * {@link Tuning#sustainedWindowSeconds()} analysed: the box is the bounds of the cells that
   * stirred in at least half of the pairs (or, failing that, three quarters: motion that now
   * and then spills over the cells beside it, a waveform's bars reaching into the row above);
   * at least {@link Tuning#minPlayerFill()} of its cells stirred at all, it covers at most
   * {@link Tuning#maxPlayerFraction()} of the frame, and beyond a cell around it the rest of
   * the frame held (a pointer may stir a cell or two, no more than the box's share it need
   * not fill; a cell stirred once or twice, as an encoder refines a picture, is no motion).
   * The box's cells stirred in half of the pairs on average, and in the first pair or another
   * within the first second at least half of them did. Null when there is no such pane.
   */
  private boolean[] findPane() {
    int[] stirs = new int[cells];
    int pairs = 0;
    for (Sample s : recent) {
      if (s.time > first.time + 1e-9) {
        pairs++;
        for (int c = 0; c < cells; c++) {
          stirs[c] += s.pair.stirred()[c] ? 1 : 0;
        }
      }
    }
    // The area that kept changing, at least half of the time or, where the motion spills a
    // little over the cells beside it now and then, most of the time.
    for (double share : new double[] {0.5, 0.75}) {
      boolean[] kept = new boolean[cells];
      for (int c = 0; c < cells; c++) {
        kept[c] = stirs[c] >= Math.max(2, share * pairs);
      }
      boolean[] box = paneBox(Bounds.of(kept, grid.cols), stirs);
      if (box != null) {
        return box;
      }
    }
    return null;
  }

  /**
   * {@code b} as the pane (see {@link #findPane}), given how many pairs each cell stirred in
   * since the first sample; null when it is none.
   */
  private boolean[] paneBox(Bounds b, int[] stirs) {
    if (b == null) {
      return null;
    }
    int area = b.area();
    boolean[] box = b.box(cells, grid.cols);
    boolean[] margin = dilate(box);
    int filled = 0;
    int beside = 0;
    for (int c = 0; c < cells; c++) {
      filled += box[c] && stirs[c] > 0 ? 1 : 0;
      beside += !margin[c] && stirs[c] >= 3 ? 1 : 0;
    }
    if (!atOneEdge(b) || filled < options.minPlayerFill() * area
        || area > options.maxPlayerFraction() * cells
        || beside > (1 - options.minPlayerFill()) * area) {
      return null;
    }
    int pairs = 0;
    long inside = 0;
    boolean early = false;
    for (Sample s : recent) {
      if (s.time > first.time + 1e-9) {
        pairs++;
        int inBox = 0;
        for (int c = 0; c < cells; c++) {
          inBox += s.pair.stirred()[c] && box[c] ? 1 : 0;
        }
        inside += inBox;
        // The first pair may end a little after the first second at one sample a second.
        early |= (pairs == 1 || s.time <= first.time + 1 + 1e-9) && 2 * inBox >= area;
      }
    }
    return early && 2 * inside >= (long) pairs * area ? box : null;
  }

  /**
   * Whether a box reaches the frame's edge but does not span it both ways: a camera pane as
   * tall as the frame beside the slides, or as wide as it above or below them, or a band or a
   * corner box that does not span it at all (a podcast's waveform along the bottom, an
   * audiogram's level meter in a corner). A box inside the frame is a player's box.
   */
  private boolean atOneEdge(Bounds b) {
    int lastRow = grid.rows - 1;
    int lastCol = grid.cols - 1;
    boolean tall = b.r0() == 0 && b.r1() == lastRow;
    boolean wide = b.c0() == 0 && b.c1() == lastCol;
    boolean edge = b.r0() == 0 || b.r1() == lastRow || b.c0() == 0 || b.c1() == lastCol;
    return edge && !(tall && wide);
  }

  /**
   * The camera pane (see {@link #findPane}) when {@code set} (the cells that changed) is its
   * motion: some of it lies in the pane, and the cells outside it are no more than the pane's
   * share a box need not fill. Null otherwise.
   */
  private boolean[] paneOf(boolean[] set) {
    if (pane == null) {
      return null;
    }
    int area = count(pane);
    int in = 0;
    int outside = 0;
    for (int c = 0; c < cells; c++) {
      if (set[c]) {
        if (pane[c]) {
          in++;
        } else {
          outside++;
        }
      }
    }
    return in > 0 && outside <= (1 - options.minPlayerFill()) * area ? pane.clone() : null;
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

  /**
   * Moves the candidate's start back over earlier samples that match its anchor (outside the
   * mask, coarsely: the first samples after a cut may still be refined by the encoder), within
   * the backdate limit and never before the departure or the moving stretch.
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
      if (count(union) <= activeLimit) {
        mask = mask.clone();
        for (int c = 0; c < cells; c++) {
          mask[c] |= union[c];
        }
      }
    }
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
      if (grid.differingPixels(anchor.pixels, s.pixels, perCell, mask) >= minChangePixels) {
        break;
      }
      earliest = s;
    }
    candidateStart = earliest;
  }

  /** Cells that changed in any pair after {@code from} (all kept samples when null). */
  private boolean[] changedSince(Sample from) {
    boolean[] union = new boolean[cells];
    for (Sample s : recent) {
      if (from == null || s.index > from.index) {
        for (int c = 0; c < cells; c++) {
          union[c] |= s.pair.changed()[c];
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

  /** The candidate picture held: flash, drift, build step, or a new slide. */
  private void accept(Sample start) {
    Sample end = newest;
    if (runStart == null) {
      if (!holdsAtOwnContrast()) {
        anchorAt(end);
        return;
      }
      forgetTransition(movingStart, start);
      closeMoving(start);
      startRun(start, end);
      event = SampleStats.Event.SLIDE;
      return;
    }
    boolean[] mask = candidateMask;
    int fromSlide = grid.differingPixels(reference, anchor.pixels, perCell, mask,
        referenceThresholds);
    boolean same = fromSlide < minChangePixels;
    double away = start.time - departure.time;
    if (same && (!departureBusy || away <= options.maxFlashSeconds() + 1e-9)) {
      // Back to the slide after a flash, or after a change confined to a small area (an inset
      // that moved more than before, a pop-up): the same slide goes on.
      if (heldBackStart != null && tickedAgain(departure.pixels, knownActive)) {
        // The departure changed the area whose change started this slide, which is now left
        // out as one that keeps changing (at 2 samples a second a clock's ticks change every
        // other pair): that change was its first tick.
        takeInHeldBack();
      }
      continueRun(end, false);
      event = SampleStats.Event.FLASH;
      return;
    }
    if (!same && overlayLeft(mask, away)) {
      // An overlay that came in one step (a notification, a name caption) left again, and the
      // slide is as it was before it came: the same slide goes on, without the overlay.
      continueRun(end, true);
      event = SampleStats.Event.FLASH;
      return;
    }
    if (!same && shown != null && oneOverlayLeft(mask, away)) {
      // One of two overlays shown at once left: the slide goes on under the other, which
      // may leave in turn (the picture from before the first is kept).
      ShownOverlays stillShown = shown;
      OverlayPixels pixels = overlayPixels;
      continueRun(end, true);
      shown = stillShown;
      overlayPixels = pixels;
      event = SampleStats.Event.FLASH;
      return;
    }
    if (!same && carriedOverlayLeft(mask, away)) {
      // An overlay shown since the slide before left: the same slide goes on, without it.
      carriedOverlay = null;
      continueRun(end, true);
      event = SampleStats.Event.FLASH;
      return;
    }
    if (!same && !departureBusy && departureDifference < 3 * minChangePixels
        && fromSlide < 6 * minChangePixels && referenceThreshold == grid.threshold()
        && !faintChange(mask) && creeping(end, mask)) {
      // The slide crept away from its reference a little at a time, and what holds now is
      // hardly different: content drifting inside the slide (a panning chart), not a new one.
      // Only while it is creeping: a small change made in one step out of a slide that held
      // exactly (one word or digit replaced) is a new slide. On a faint slide every change is
      // that small, and one that holds is not taken for drift; nor is one seen only in the
      // faint content of a slide of ordinary contrast.
      continueRun(end, true);
      lastCreep = end.time;
      event = SampleStats.Event.DRIFT;
      return;
    }
    if (!same && (occluderMoved(mask) || occluderRose(mask))) {
      // Someone walked in front of the slide and stood there, or walked on and uncovered it,
      // or rose from the audience in front of it and sat down again: the slide is the same, as
      // last seen (with the person where they now stand).
      continueRun(end, true);
      event = SampleStats.Event.OCCLUDER;
      return;
    }
    boolean ticked = !same && tickedAgain(anchor.pixels, mask);
    if (ticked && runStartTicked) {
      // A small area changed a third time in a row, each within a tick of the one before (a
      // clock, a countdown): an area that keeps changing, left out from now on, not a slide
      // a second. Twice is not enough: a word or a number replaced and replaced again a second
      // later (a quiz's answer, a step corrected) is a slide that then holds.
      for (int c = 0; c < cells; c++) {
        runSustained[c] |= runStartChange[c] || perCell[c] > 0;
      }
      runStartChange = null;
      takeInHeldBack();
      continueRun(end, true);
      return;
    }
    // A build step appears within the longest transition; content written or typed in
    // without a pause (a board, a line after line) takes longer, but never keeps much of the
    // frame changing at once, as motion before a new slide does.
    boolean buildTime = away <= options.maxBuildTransitionSeconds() + 1e-9 || !departureBusy;
    if (!same && options.mergeBuilds() && buildTime
        && grid.isBuild(reference, anchor.pixels, mask, minChangePixels,
            options.buildOverlapShare(), referenceThresholds)) {
      boolean[] box = overlayArrived(mask, away);
      ShownOverlays nowShown = null;
      OverlayPixels pixels = null;
      if (box != null) {
        // A second overlay while one is shown keeps the picture from before the first.
        nowShown = shown == null
            ? new ShownOverlays(reference.clone(), referenceThresholds, box)
            : new ShownOverlays(shown.before(), shown.thresholds(), union(box, shown.boxes()));
        boolean[] changed = overlayPixels == null
            ? new boolean[reference.length] : overlayPixels.changed();
        int count = (overlayPixels == null ? 0 : overlayPixels.count())
            + grid.markDiffering(reference, anchor.pixels, box, changed);
        pixels = new OverlayPixels(changed, count);
      }
      continueRun(end, true);
      if (nowShown != null) {
        shown = nowShown;
        overlayPixels = pixels;
      }
      event = SampleStats.Event.BUILD;
      return;
    }
    if (!holdsAtOwnContrast()) {
      anchorAt(end);
      return;
    }
    boolean[] change = smallChange(mask);
    forgetTransition(departure, start);
    Sample departed = departure;
    // A slide no longer than a tick, ended by a small change, may be the first second of a
    // clock or a countdown: it waits for the next one (see heldBack).
    // When that change is the second in the same place (ticked), the slide held back before
    // this one stays held back too, until a third change tells.
    boolean holdBack = change != null
        && departed.time - runStart.time <= options.maxTickSeconds() + 1e-9;
    if (captions.change(departed.time, start.index, captionChange(mask), out)) {
      // The third change in a row confined to a band at the frame's edge: subtitles, left out
      // from now on, and the slides the changes before made are this one (see CaptionBand).
      takeInCaptions();
      continueRun(end, true);
      return;
    }
    boolean[] carried = overlaysKept(mask);
    OverlayPixels carriedPixels = overlayPixels;
    closeRun(departed.time, holdBack, holdBack && ticked);
    if (start.index > departed.index) {
      openMoving(departed);
    }
    closeMoving(start);
    startRun(start, end);
    if (carried != null) {
      carriedOverlay = carried;
      overlayPixels = carriedPixels;
    }
    runStartChange = change;
    runStartTicked = ticked && change != null;
    event = SampleStats.Event.SLIDE;
  }

  /**
   * Whether the newest sample still shows the anchor's picture at that picture's own contrast
   * (see CellGrid#slideThresholds), outside the candidate's mask. A new picture is judged while
   * it comes to rest at the usual threshold, or at the departed slide's contrast; a faint one
   * may hold at that and not at its own. The last near-black samples of a slow fade to black
   * differ from black by less than a light slide's threshold; taken as the slide, such a sample
   * departed at once at its own faint contrast, and the black at the fade's end was a second
   * slide. The picture is then judged again from the newest sample.
   */
  private boolean holdsAtOwnContrast() {
    if (anchor == newest) {
      return true;
    }
    int[] own = grid.slideThresholds(anchor.pixels).cells();
    int differing = grid.differingPixels(anchor.pixels, newest.pixels, new int[cells],
        candidateMask, own);
    return differing < minChangePixels;
  }

  /**
   * The cells in which the picture that holds now differs from the slide, when the departure
   * kept little of the frame changing and they are at most {@link Tuning#maxBusyFraction()} of
   * the cells; otherwise null.
   */
  private boolean[] smallChange(boolean[] mask) {
    if (departureBusy) {
      return null;
    }
    boolean[] change = differingFromSlide(mask);
    int n = count(change);
    return n > 0 && n <= busyLimit ? change : null;
  }

  /**
   * The cells, outside {@code mask}, in which the picture that holds now differs from the slide
   * ({@link #perCell} filled so).
   */
  private boolean[] differingFromSlide(boolean[] mask) {
    grid.differingPixels(reference, anchor.pixels, perCell, mask, referenceThresholds);
    boolean[] differing = new boolean[cells];
    for (int c = 0; c < cells; c++) {
      differing[c] = perCell[c] > 0;
    }
    return differing;
  }

  /**
   * The cells in which the picture that holds now differs from the slide, with those that
   * changed on the way (the rest of the frame must have held for a change in a caption band,
   * see CaptionBand), outside {@code mask}; null when there are none. Unlike
   * {@link #smallChange}, a departure that kept much of the frame changing counts: at one
   * sample a second, lines replaced every second and a half keep the band's cells changing.
   */
  private boolean[] captionChange(boolean[] mask) {
    if (captions.band() != null) {
      return null;
    }
    boolean[] change = differingFromSlide(mask);
    for (Sample s : recent) {
      if (s.index >= departure.index) {
        for (int c = 0; c < cells; c++) {
          change[c] |= s.pair.changed()[c] && !mask[c];
        }
      }
    }
    return count(change) > 0 ? change : null;
  }

  /**
   * Whether {@code picture} (what holds now, or the departure) differs from the slide only in
   * or beside the cells of the small change that started the slide, and the slide departed
   * within {@link Tuning#maxTickSeconds()} of its start, keeping little of the frame changing:
   * the area ticked again, as a clock or a countdown does every second. A small change made
   * once is a new slide (one digit of a title replaced); one in the same place a second later
   * again is an area that keeps changing, which the rules of {@link #restlessArea} would only
   * see after the sustained time (at 4 samples per second, a tick changes one pair in four).
   * The slide held back, which the first tick ended, is then this one (see {@link #heldBack}).
   * Leaves {@link #perCell} holding the difference from the slide.
   */
  private boolean tickedAgain(byte[] picture, boolean[] mask) {
    if (runStartChange == null || departureBusy
        || departure.time - runStart.time > options.maxTickSeconds() + 1e-9) {
      return false;
    }
    grid.differingPixels(reference, picture, perCell, mask, referenceThresholds);
    boolean[] near = dilate(runStartChange);
    for (int c = 0; c < cells; c++) {
      if (perCell[c] > 0 && !near[c]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Once more cells of the slide are found to keep changing, the open moving stretch just
   * before it, when every sample of it differs from the slide only there, was the slide itself:
   * content that moves from the slide's first frame (a chart panning) kept the picture from
   * holding, or departed from it, before its cells could be known to keep changing. The slide
   * then starts where the stretch did. Only a stretch whose samples are all still remembered,
   * none damaged; and only cells that keep changing are left out, not all the active ones:
   * cells active because content appeared in them (text typed in, a build step) changed in the
   * stretch because the slide was still coming in.
   */
  private void absorbMovingStretch() {
    boolean[] keepChanging = dilate(runSustained);
    if (Arrays.equals(keepChanging, stretchJudgedMask)) {
      return;
    }
    stretchJudgedMask = keepChanging;
    long expected = runStart.index - 1;
    Iterator<Sample> it = recent.descendingIterator();
    while (it.hasNext()) {
      Sample s = it.next();
      if (s.index > expected) {
        continue;
      }
      if (s.index < expected || grid.differingPixels(reference, s.pixels, perCell, keepChanging,
          referenceThresholds) >= minChangePixels) {
        return; // a sample missing (damaged, or forgotten), or a picture of its own
      }
      if (s == movingStart) {
        runStart = movingStart;
        movingStart = null;
        return;
      }
      expected--;
    }
  }

  /**
   * Whether what holds now differs from the slide only where a large solid shape came in from
   * the frame's edge by moving and stopped, or moved on (a person walking in front of a
   * projected slide, standing over it, walking off): every connected area of the difference
   * reaches the frame's edge, the difference covers most of its cells' pixels (a figure does;
   * a line of text replaced or added, or a new slide, far fewer) and at most
   * {@link Tuning#maxOccluderFraction()} of the frame, and the changes since the departure swept
   * over other cells too, a quarter as many as the difference's at least (the shape moved there;
   * content that appears, fades or flies in, or a cut, changes where it ends up). Only cells
   * outside the active areas count as swept: an inset or ink that keeps an area changing
   * changes it through any transition, and would make a crossfade to a picture beside that
   * area look like a figure that walked in.
   */
  private boolean occluderMoved(boolean[] mask) {
    int differing = grid.differingPixels(reference, anchor.pixels, perCell, mask,
        referenceThresholds);
    boolean[] changed = new boolean[cells];
    int n = 0;
    long area = 0;
    for (int c = 0; c < cells; c++) {
      if (perCell[c] > 0) {
        changed[c] = true;
        n++;
        area += grid.cellPixels(c);
      }
    }
    if (n == 0 || n > options.maxOccluderFraction() * cells
        || differing < options.minOccluderSolidity() * area
        || !reachesEdge(changed, mask)) {
      return false;
    }
    // Beyond a cell's margin: a figure that stops bobs over the cells around it. Not in the
    // active areas: they change whatever happens to the slide.
    boolean[] swept = changedSince(departure);
    boolean[] near = dilate(changed);
    int passed = 0;
    for (int c = 0; c < cells; c++) {
      passed += swept[c] && !near[c] && !mask[c] ? 1 : 0;
    }
    return passed >= Math.max(4, n / 4);
  }

  /**
   * Whether what holds now differs from the slide only where a solid shape grew out of an area
   * that kept changing at the frame's edge before the departure, or sank back into it: the
   * heads of an audience in front of a filmed screen, moving a little along its lower edge all
   * the time, of which one rises over the screen for a few seconds (someone sits up, leans over,
   * half stands) and sinks again. A head rising straight up sweeps no cell beside where it ends
   * up, so {@link #occluderMoved} does not see it move in; it comes out of an area already
   * moving, not out of the slide. Most of the difference must lie in cells the shape covers
   * (three quarters of their pixels or more, as a head does; a line of text, even a bold one,
   * covers at most about half of them), every cell it covers must lie beside an area active
   * before the departure that reaches the frame's edge (a head rises by about its own height,
   * a cell or so of the analysis grid, beyond where the heads moved before), every other cell
   * of the difference beside that area or beside a cell covered (the rim a head grazes), and
   * all of it at most {@link Tuning#maxOccluderFraction()} of the frame. Text appearing beside
   * the heads covers no cell; a new slide, even one of solid bars, differs far from the moving
   * area too.
   */
  private boolean occluderRose(boolean[] mask) {
    if (knownActive == null || count(knownActive) == 0) {
      return false;
    }
    int differing = grid.differingPixels(reference, anchor.pixels, perCell, mask,
        referenceThresholds);
    boolean[] changed = new boolean[cells];
    boolean[] covered = new boolean[cells];
    int n = 0;
    long inCovered = 0;
    for (int c = 0; c < cells; c++) {
      changed[c] = perCell[c] > 0;
      covered[c] = 4 * perCell[c] >= 3 * grid.cellPixels(c);
      n += changed[c] ? 1 : 0;
      inCovered += covered[c] ? perCell[c] : 0;
    }
    if (2 * inCovered <= differing || n > options.maxOccluderFraction() * cells) {
      return false;
    }
    boolean[] beside = dilate(reachingEdge(knownActive));
    boolean[] rim = dilate(covered);
    for (int c = 0; c < cells; c++) {
      if (changed[c] && !beside[c] && (covered[c] || !rim[c])) {
        return false;
      }
    }
    return true;
  }

  /** The cells of {@code set} in an 8-connected area of it that reaches the frame's edge. */
  private boolean[] reachingEdge(boolean[] set) {
    int cols = grid.cols;
    int rows = grid.rows;
    boolean[] reached = new boolean[cells];
    ArrayDeque<Integer> todo = new ArrayDeque<>();
    for (int c = 0; c < cells; c++) {
      int row = c / cols;
      int col = c % cols;
      if (set[c] && (row == 0 || col == 0 || row == rows - 1 || col == cols - 1)) {
        reached[c] = true;
        todo.add(c);
      }
    }
    spread(todo, set, reached);
    return reached;
  }

  /** Marks in {@code reached} the cells of {@code set} 8-connected to those in {@code todo}. */
  private void spread(ArrayDeque<Integer> todo, boolean[] set, boolean[] reached) {
    int cols = grid.cols;
    int rows = grid.rows;
    while (!todo.isEmpty()) {
      int c = todo.poll();
      int row = c / cols;
      int col = c % cols;
      for (int r = Math.max(0, row - 1); r <= Math.min(rows - 1, row + 1); r++) {
        for (int k = Math.max(0, col - 1); k <= Math.min(cols - 1, col + 1); k++) {
          int d = r * cols + k;
          if (set[d] && !reached[d]) {
            reached[d] = true;
            todo.add(d);
          }
        }
      }
    }
  }

  /**
   * Whether every 8-connected area of {@code set} reaches the frame's edge, directly or through
   * cells of {@code hidden} (active areas, not compared: a shape may go on behind them).
   */
  private boolean reachesEdge(boolean[] set, boolean[] hidden) {
    boolean[] either = new boolean[cells];
    for (int c = 0; c < cells; c++) {
      either[c] = set[c] || hidden[c];
    }
    boolean[] reached = reachingEdge(either);
    for (int c = 0; c < cells; c++) {
      if (set[c] && !reached[c]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether what holds now differs from the slide only in cells of faint content, at their
   * lower threshold: by the ordinary one it is the same slide.
   */
  private boolean faintChange(boolean[] mask) {
    return referenceMixed
        && grid.differingPixels(reference, anchor.pixels, perCell, mask) < minChangePixels;
  }

  /**
   * Whether the slide was creeping: it changed a little shortly before the departure (or drifted
   * just before), or went on changing after it (what holds now differs from the departing sample
   * itself), as a drifting chart does and a change made in one step out of a still slide does not.
   */
  private boolean creeping(Sample end, boolean[] mask) {
    if (departure.time - lastCreep <= options.stillnessSeconds() + 1e-9) {
      return true;
    }
    int crept = grid.differingPixels(departure.pixels, end.pixels, perCell, mask);
    return crept >= minChangePixels / 4;
  }

  /**
   * Whether the build step that holds now may be an overlay that will leave again (see
   * {@link #overlayLeft}): it came in one step, within {@link Tuning#maxFlashSeconds()} of the
   * departure ({@code away}) and keeping little of the frame changing, and the bounding box of
   * the cells it changed outside {@code mask} is at most {@link Tuning#maxOverlayFraction()} of
   * the frame and lies in its outer third at one side (see {@link #inOuterThird}). The cells of
   * that box, or null when the step is no overlay.
   */
  private boolean[] overlayArrived(boolean[] mask, double away) {
    if (departureBusy || away > options.maxFlashSeconds() + 1e-9) {
      return null;
    }
    Bounds b = Bounds.of(differingFromSlide(mask), grid.cols);
    return b != null && b.area() <= options.maxOverlayFraction() * cells && inOuterThird(b)
        ? b.box(cells, grid.cols) : null;
  }

  /**
   * Whether the box lies in the outer third of the frame at one of its sides, where overlays
   * sit (a notification in a corner, a name caption in the lower third, a badge at a side): a
   * box shown and taken away again in the middle of a slide (a callout, an answer revealed for
   * a moment) is content a reader wants, so its departure stays a new slide and the picture
   * with it is kept. A cell is in the outer third when its centre is, measured in pixels: cells
   * are 16 pixels of a 180-line analysis frame, and the last row of a 16:9 frame only 4 of them,
   * so counting whole rows put the lower third's top at 71 % of the height and a caption whose
   * top is at 69 % was no overlay.
   */
  private boolean inOuterThird(Bounds b) {
    int h = grid.height;
    int w = grid.width;
    return 3 * grid.rowCentreTwice(b.r1()) <= 2 * h || 3 * grid.rowCentreTwice(b.r0()) >= 4 * h
        || 3 * grid.columnCentreTwice(b.c1()) <= 2 * w
        || 3 * grid.columnCentreTwice(b.c0()) >= 4 * w;
  }

  /**
   * Whether the picture that holds now is the slide as it was before its latest build step,
   * which was an overlay (see {@link #overlayArrived}), now gone: a notification that faded in
   * and out again, a name caption that slid in and out. The criteria:
   * <ul>
   *   <li>the addition came in one step: a build step within {@link Tuning#maxFlashSeconds()}
   *       of its departure, keeping little of the frame changing, and held (as every build
   *       step holds, for the settle time); pen ink written over seconds, a stroke or two a
   *       sample, is taken in as an active area of the slide, not as one build step;
   *   <li>it is compact and at the frame's side: the bounding box of its cells is at most
   *       {@link Tuning#maxOverlayFraction()} of the frame and lies in the frame's outer third
   *       at one side;
   *   <li>the removal restores the picture from before the addition, outside {@code mask}, to
   *       within the difference a slide may show, at that picture's own thresholds;
   *   <li>the removal was no departure seen only in the slide's held areas (ink cleared, see
   *       {@link #departedHeld}), and it kept little of the frame changing or came back within
   *       {@link Tuning#maxFlashSeconds()} ({@code away}), as a flash must.
   * </ul>
   * The slide then goes on as one static segment whose last picture is without the overlay. One
   * of two overlays shown at once leaving is {@link #oneOverlayLeft}; an overlay shown since the
   * slide before leaving is {@link #carriedOverlayLeft}. A removal back to anything else (ink
   * cleared, a line removed, an overlay gone after a later build step that was none) is a new
   * slide, as is a slide shown again after another slide.
   */
  private boolean overlayLeft(boolean[] mask, double away) {
    if (shown == null || !leftAsAFlash(away)) {
      return false;
    }
    return grid.differingPixels(shown.before(), anchor.pixels, perCell, mask,
        shown.thresholds()) < minChangePixels;
  }

  /**
   * Whether a removal may be an overlay leaving, as far as its timing goes (see
   * {@link #overlayLeft}): no departure seen only in the slide's held areas, and little of the
   * frame kept changing, or the picture came back within {@link Tuning#maxFlashSeconds()}.
   */
  private boolean leftAsAFlash(double away) {
    return departedHeld == null
        && !(departureBusy && away > options.maxFlashSeconds() + 1e-9);
  }

  /**
   * Whether one of the overlays shown at once left and the others stay (two notifications, or
   * a notification over a name caption): the cells in which the picture that holds now differs
   * from the slide lie in the overlays' boxes, and in those cells it is the picture from before
   * the first overlay again, to within the difference a slide may show, at that picture's own
   * thresholds (as {@link #overlayLeft} asks of the whole frame). The timing is as there.
   */
  private boolean oneOverlayLeft(boolean[] mask, double away) {
    if (!leftAsAFlash(away)) {
      return false;
    }
    boolean[] change = differingFromSlide(mask);
    boolean[] elsewhere = mask.clone();
    for (int c = 0; c < cells; c++) {
      if (change[c] && !shown.boxes()[c]) {
        return false;
      }
      elsewhere[c] |= !change[c];
    }
    return grid.differingPixels(shown.before(), anchor.pixels, new int[cells], elsewhere,
        shown.thresholds()) < minChangePixels;
  }

  /**
   * The boxes of the overlays shown over the slide (those over its picture before them and
   * one carried from the slide before, see {@link #carriedOverlay}) when the picture that holds
   * now, a new slide, left at least three quarters of the pixels the overlays changed as they
   * were (see {@link #overlayPixels}: the slide around them may change, a dark slide after a
   * light one, and with it the rim the smoothing blends into the overlay's edge; a box partly
   * left out is not kept); null otherwise, or when none is shown. Called before the new slide
   * starts.
   */
  private boolean[] overlaysKept(boolean[] mask) {
    boolean[] boxes = union(shown == null ? null : shown.boxes(), carriedOverlay);
    if (boxes == null) {
      return null;
    }
    for (int c = 0; c < cells; c++) {
      if (boxes[c] && mask[c]) {
        return null;
      }
    }
    int changed = grid.differingAt(reference, anchor.pixels, overlayPixels.changed());
    return 4 * changed <= overlayPixels.count() ? boxes : null;
  }

  /**
   * Whether an overlay that was shown when this slide began (see {@link #carriedOverlay})
   * left: the slide never showed what lies under it, so there is no picture to return to, and
   * the removal is judged by where it is and what it leaves. The cells in which the picture
   * that holds now differs from the slide lie in the carried boxes and take in at least half
   * of their cells (the overlay itself went, not a line beside it); what went lay over empty
   * background in the picture now held (the slide shows nothing new where the overlay was, as
   * the overlay came over empty background: the removal is a build step backwards); the
   * timing is as for {@link #overlayLeft}. Once: the boxes are forgotten then.
   */
  private boolean carriedOverlayLeft(boolean[] mask, double away) {
    if (carriedOverlay == null || !leftAsAFlash(away)) {
      return false;
    }
    boolean[] change = differingFromSlide(mask);
    int in = 0;
    for (int c = 0; c < cells; c++) {
      if (change[c] && !carriedOverlay[c]) {
        return false;
      }
      in += change[c] ? 1 : 0;
    }
    if (2 * in < count(carriedOverlay)) {
      return false;
    }
    return grid.isBuild(anchor.pixels, reference, mask, minChangePixels,
        options.buildOverlapShare(), grid.slideThresholds(anchor.pixels).cells());
  }

  /** The cells in either set; null when both are null. */
  private boolean[] union(boolean[] a, boolean[] b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    boolean[] both = a.clone();
    for (int c = 0; c < cells; c++) {
      both[c] |= b[c];
    }
    return both;
  }

  /** The same slide goes on after a departure; its reference becomes the anchor if asked. */
  private void continueRun(Sample end, boolean takeAnchor) {
    forgetTransition(departure, anchor);
    rememberSustained();
    departure = null;
    if (takeAnchor) {
      shown = null;
      if (carriedOverlay == null) {
        overlayPixels = null;
      }
      System.arraycopy(anchor.pixels, 0, reference, 0, reference.length);
      judgeReference();
    }
    runLast = end;
    clearCandidate();
  }

  private void startRun(Sample start, Sample last) {
    slideSeen = true;
    shown = null;
    carriedOverlay = null;
    overlayPixels = null;
    runStartChange = null;
    runStartTicked = false;
    stretchJudgedMask = null;
    runStart = start;
    runLast = last;
    reference = anchor.pixels.clone();
    lastCreep = Double.NEGATIVE_INFINITY;
    judgeReference();
    runSustained = new boolean[cells];
    rememberSustained();
    departure = null;
    clearCandidate();
    busy = false;
    updateRunMask();
  }

  /** The thresholds changes against the (new) reference count at. */
  private void judgeReference() {
    CellGrid.SlideThresholds judged = grid.slideThresholds(reference);
    referenceThreshold = judged.slide();
    referenceThresholds = judged.cells();
    // Faint content that kept moving while the picture held (the grid lines of a panning
    // chart) is judged as the rest of the slide: at the lower threshold it would depart from
    // the slide at once, before the drift it is could be told from a change.
    int[] stirs = new int[cells];
    for (Sample s : recent) {
      if (s.index > candidateStart.index) {
        for (int c = 0; c < cells; c++) {
          stirs[c] += s.pair.stirred()[c] ? 1 : 0;
        }
      }
    }
    referenceMixed = false;
    for (int c = 0; c < cells; c++) {
      if (stirs[c] >= 2) {
        referenceThresholds[c] = Math.max(referenceThresholds[c], referenceThreshold);
      }
      referenceMixed |= referenceThresholds[c] < referenceThreshold;
    }
  }

  /** Areas that kept changing while the picture was judged stay active during the slide. */
  private void rememberSustained() {
    if (candidateSustained != null) {
      for (int c = 0; c < cells; c++) {
        runSustained[c] |= candidateSustained[c];
      }
    }
  }

  private void clearCandidate() {
    anchor = null;
    candidateStart = null;
    candidateMask = null;
    candidateSustained = null;
    restMask = null;
    candidateMaskSize = -1;
  }

  /**
   * Ends the current slide at {@code endTime}. A slide shorter than the minimum becomes part of
   * the moving stretch around it.
   */
  private void closeRun(double endTime) {
    closeRun(endTime, false, false);
  }

  /**
   * Ends the current slide at {@code endTime}, as {@link #closeRun(double)}; with {@code
   * holdBack} a static segment is held back (see {@link #heldBack}) instead of emitted. Slides
   * held back before are emitted first, unless {@code keepHeld}: then this one (and a moving
   * stretch before it) joins them.
   */
  private void closeRun(double endTime, boolean holdBack, boolean keepHeld) {
    if (!keepHeld) {
      releaseHeldBack();
    }
    if (runStart == null) {
      return;
    }
    if (endTime - runStart.time >= options.minSlideSeconds() - 1e-9) {
      if (movingStart != null) {
        Segment moving = new Segment(SegmentKind.MOVING, movingStart.time, runStart.time,
            movingStart.index, runStart.index - 1);
        if (holdBack && heldBackStart == null) {
          heldBackStart = runStart;
          heldMovingStart = movingStart;
        }
        if (heldBackStart != null) {
          heldBack.add(moving);
        } else {
          emit(moving);
        }
        movingStart = null;
      }
      Segment slide = new Segment(SegmentKind.STATIC, runStart.time, endTime, runStart.index,
          runLast.index);
      if (holdBack) {
        if (heldBackStart == null) {
          heldBackStart = runStart;
        }
        heldBack.add(slide);
      } else {
        emit(slide);
      }
    } else {
      openMoving(runStart);
    }
    runStart = null;
    runLast = null;
    departure = null;
  }

  /**
   * The slides held back ended by the first ticks of an area that went on ticking: they and
   * the current slide are one, from the first one's start.
   */
  private void takeInHeldBack() {
    if (heldBackStart == null) {
      return;
    }
    if (movingStart != null && movingStart.index > heldBackStart.index) {
      movingStart = null;
    }
    runStart = heldBackStart;
    if (heldMovingStart != null) {
      // Judged again as the stretch just before the slide (see absorbMovingStretch).
      movingStart = heldMovingStart;
    }
    stretchJudgedMask = null;
    heldBack.clear();
    heldBackStart = null;
    heldMovingStart = null;
  }

  /** Emits the slides held back, if any. */
  private void releaseHeldBack() {
    heldBack.forEach(this::emit);
    heldBack.clear();
    heldBackStart = null;
    heldMovingStart = null;
  }

  /**
   * A segment completed: out, or held while a caption band may yet merge it (see CaptionBand).
   */
  private void emit(Segment segment) {
    if (captions.holding()) {
      captions.hold(segment);
    } else {
      out.add(segment);
    }
  }

  /**
   * The caption band is known: the segments held are emitted, the slides joined by its changes
   * merged, and the current slide starts where the last of them did when its own start was
   * such a change.
   */
  private void takeInCaptions() {
    releaseHeldBack();
    CaptionBand.Merged merged = captions.merge(runStart.index);
    out.addAll(merged.segments());
    Segment joined = merged.joined();
    if (joined != null) {
      runStart = new Sample(joined.firstSample(), joined.startTime(), 0, runStart.pixels,
          runStart.raw, runStart.pair);
      movingStart = null; // a gap between two lines
      stretchJudgedMask = null;
    }
    runStartChange = null;
    runStartTicked = false;
  }

  /** The cells of the caption band (0 while none is known). */
  private int captionCells() {
    return captions.band() == null ? 0 : count(captions.band());
  }

  /** {@code mask} with the caption band, once known, added (in place). */
  private boolean[] withCaptions(boolean[] mask) {
    boolean[] band = captions.band();
    if (band != null) {
      for (int c = 0; c < cells; c++) {
        mask[c] |= band[c];
      }
    }
    return mask;
  }

  /**
   * Whether the slide started by a small change may still tick again soon enough for
   * {@link #tickedAgain} (its departure, if any, not yet judged), so that the slide held back
   * before it must wait: at most {@link Tuning#maxTickSeconds()} to a departure, plus the time
   * to judge it.
   */
  private boolean mayTickAgain() {
    if (runStart == null || runStartChange == null || departureBusy && departure != null) {
      return false;
    }
    double tick = options.maxTickSeconds() + 1e-9;
    if (departure != null) {
      return departure.time - runStart.time <= tick && newest.time - runStart.time
          <= tick + options.settleSeconds() + options.refinementSeconds() + 1e-9;
    }
    return newest.time - runStart.time <= tick;
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
   * active before or found to keep changing.
   */
  private void forgetTransition(Sample from, Sample to) {
    if (from == null || to == null) {
      return;
    }
    for (Sample s : recent) {
      if (s.index >= from.index && s.index <= to.index) {
        for (int c = 0; c < cells; c++) {
          boolean stays = (knownActive != null && knownActive[c])
              || (candidateSustained != null && candidateSustained[c]);
          if (!stays) {
            s.activity[c] = false;
            s.stirActivity[c] = false;
          }
        }
      }
    }
  }

  /**
   * The active cells of the current slide: those that changed at least twice while it held
   * (within the activity memory; when that leaves out too much of the frame, as a pointer that
   * wandered everywhere would, only the more recent part counts), and, grown by one cell in
   * every direction, those found to keep changing at any time during the slide: the edges of
   * an inset or an animated chart change less often than its middle but belong to it. Those
   * that have held still since are also found (see {@link #heldAreasOf}).
   */
  private void updateRunMask() {
    boolean[] kept = sustainedCells(newest.time - options.sustainedWindowSeconds(),
        newest.time - options.sustainedWindowSeconds(), true);
    for (int c = 0; c < cells; c++) {
      runSustained[c] |= kept[c];
    }
    boolean[] grown = dilate(runSustained);
    for (double memory = options.activitySeconds(); ; memory /= 2) {
      int[] counts = new int[cells];
      double since = newest.time - memory;
      for (Sample s : recent) {
        if (s.time > since + 1e-9) {
          for (int c = 0; c < cells; c++) {
            counts[c] += s.activity[c] ? 1 : 0;
          }
        }
      }
      int n = 0;
      boolean[] active = grown.clone();
      for (int c = 0; c < cells; c++) {
        active[c] |= counts[c] >= options.activityMinChanges();
        n += active[c] ? 1 : 0;
      }
      if (n <= activeLimit * 3 / 4 || memory < options.activitySeconds() / 8) {
        heldAreas = heldAreasOf(active);
        runMask = withCaptions(active);
        return;
      }
    }
  }

  /**
   * The connected active areas (8-connected cells of {@code active}) of which no cell, nor any
   * cell beside it, stirred within {@link Tuning#heldSeconds()} before the newest sample. Pen
   * ink is written in a few strokes, each changing a cell once or twice, which makes those
   * cells active; then it holds, and left out, "clear ink" would change nothing compared. An
   * inset, a pointer, a caption strip or a clip keep some part of their area changing. The
   * newest pair is not counted, so that a change to a held area is seen when it comes.
   */
  private boolean[] heldAreasOf(boolean[] active) {
    boolean[] held = new boolean[cells];
    if (count(active) == 0) {
      return held; // most slides: nothing to look back over
    }
    boolean[] stirred = new boolean[cells];
    for (Sample s : recent) {
      if (s != newest && s.time > newest.time - options.heldSeconds() + 1e-9) {
        for (int c = 0; c < cells; c++) {
          stirred[c] |= s.pair.stirred()[c];
        }
      }
    }
    int cols = grid.cols;
    int rows = grid.rows;
    boolean[] seen = new boolean[cells];
    List<Integer> area = new ArrayList<>();
    ArrayDeque<Integer> todo = new ArrayDeque<>();
    for (int first = 0; first < cells; first++) {
      if (!active[first] || seen[first]) {
        continue;
      }
      area.clear();
      seen[first] = true;
      todo.add(first);
      boolean stirring = false;
      while (!todo.isEmpty()) {
        int c = todo.poll();
        area.add(c);
        int row = c / cols;
        int col = c % cols;
        for (int r = Math.max(0, row - 1); r <= Math.min(rows - 1, row + 1); r++) {
          for (int k = Math.max(0, col - 1); k <= Math.min(cols - 1, col + 1); k++) {
            int d = r * cols + k;
            stirring |= stirred[d];
            if (active[d] && !seen[d]) {
              seen[d] = true;
              todo.add(d);
            }
          }
        }
      }
      if (!stirring) {
        for (int c : area) {
          held[c] = true;
        }
      }
    }
    return held;
  }

  /** The active cells but for the held areas. */
  private boolean[] comparedMask() {
    boolean[] compared = runMask.clone();
    for (int c = 0; c < cells; c++) {
      compared[c] &= !heldAreas[c];
    }
    return compared;
  }

  /**
   * When {@code s} differs from the slide in its held areas, compared as the rest of the slide
   * is, by a slide change mostly on what they showed (ink cleared, not content added on their
   * background, as where a slide's entrance once changed the cells and a build step now fades
   * in, which goes on as before, left out): the pixels that differ with the held areas
   * compared (and {@link #perCell} filled so). Otherwise -1.
   */
  private int differingWhereHeldContentWent(Sample s) {
    if (count(heldAreas) == 0) {
      return -1;
    }
    int differing = grid.differingPixels(reference, s.pixels, perCell, comparedMask(),
        referenceThresholds);
    if (differing < minChangePixels) {
      return -1;
    }
    boolean[] outside = outside(heldAreas);
    // Ink cleared changes only its own pixels (all on content); a build step fading in over
    // once-active cells changes their background.
    return grid.shareOnContent(reference, s.pixels, outside, referenceThresholds) > 0.5
        ? differing : -1;
  }

  /** The cells not in {@code set}. */
  private boolean[] outside(boolean[] set) {
    boolean[] rest = new boolean[cells];
    for (int c = 0; c < cells; c++) {
      rest[c] = !set[c];
    }
    return rest;
  }

  /** Grows a set of cells by one in every direction. */
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

  private SampleStats.State state() {
    if (runStart != null) {
      return departure == null ? SampleStats.State.STATIC : SampleStats.State.DEPARTING;
    }
    return SampleStats.State.MOVING;
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
    return cells == 0 || flags == null ? 0 : (double) count(flags) / cells;
  }

  /** See {@link #memo}. */
  private static final class FrameMemo {
    /** A frame pushed, as analysed (cropped to the region), and that smoothed. */
    record Seen(LumaFrame frame, LumaFrame analysed, byte[] smoothed) {}

    private Seen last;
    private Seen before;
    private byte[] pairA;
    private byte[] pairB;
    private CellGrid.PairChanges pair;

    /** {@code frame} cropped to {@code region} and smoothed: computed unless among the last two. */
    Seen analyse(LumaFrame frame, Region region) {
      if (last != null && last.frame() == frame) {
        return last;
      }
      Seen seen;
      if (before != null && before.frame() == frame) {
        seen = before;
      } else {
        LumaFrame analysed = region.crop(frame);
        seen = new Seen(frame, analysed, CellGrid.smooth(analysed));
      }
      before = last;
      last = seen;
      return seen;
    }

    /**
     * The changes between two smoothed frames; they are the same in both directions, but for
     * the brightness change and the flicker taken off (see {@link CellGrid.PairChanges#reversed}).
     */
    CellGrid.PairChanges changes(byte[] a, byte[] b, CellGrid grid, Tuning options) {
      if (pair != null && a == pairB && b == pairA) {
        return pair.reversed();
      }
      if (pair == null || a != pairA || b != pairB) {
        pair = grid.pairChanges(a, b, options.stirThreshold(), options.stirMinPixels(),
            options.maxFlicker());
        pairA = a;
        pairB = b;
      }
      return pair;
    }
  }

  /**
   * Overlays shown over a slide: its picture from before the first of them and the thresholds
   * it was judged at, and the cells of their boxes.
   */
  private record ShownOverlays(byte[] before, int[] thresholds, boolean[] boxes) {}

  /**
   * The pixels of the analysed frame that the overlays shown changed when they came, and how
   * many. A slide change that leaves most of them as they were leaves the overlays shown.
   */
  private record OverlayPixels(boolean[] changed, int count) {}
}
