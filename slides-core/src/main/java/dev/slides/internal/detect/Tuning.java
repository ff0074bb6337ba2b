package dev.slides.internal.detect;

import dev.slides.DetectorOptions;
import dev.slides.Region;

/**
 * The detector's working values, derived from the public {@link DetectorOptions}: the one
 * public knob (sensitivity) and the durations become thresholds, shares and seconds here.
 */
public final class Tuning {
  private final DetectorOptions options;

  public Tuning(DetectorOptions options) {
    this.options = options;
  }

  public DetectorOptions options() {
    return options;
  }

  public boolean mergeBuilds() {
    return options.mergeBuilds();
  }

  public Region region() {
    return options.region();
  }

  public double minSlideSeconds() {
    return options.minSlideDuration().toNanos() / 1e9;
  }

  public double startSeconds() {
    return options.start().toNanos() / 1e9;
  }

  public double endSeconds() {
    return options.end().map(d -> d.toNanos() / 1e9).orElse(Double.POSITIVE_INFINITY);
  }


  /** Grey-level difference above which a pixel of the smoothed analysis frame changed. */
  public int pixelThreshold() {
    return (int) Math.round(24 * Math.pow(1.25, sensitivitySteps()));
  }

  /**
   * Contrast (see CellGrid#slideThresholds) below which a slide is faint: changes on it count at a
   * lower threshold ({@link #slideThreshold}). Dark text on a light slide, or light on dark,
   * gives more (every slide of the accuracy corpus 117 or more); light grey text on white gives
   * about 45.
   */
  public static final int FAINT_CONTRAST = 120;

  /**
   * Contrast a twelfth of a cell's pixels must reach for the cell to hold faint content, with a
   * lower threshold of its own on a slide of ordinary contrast (see CellGrid#slideThresholds):
   * the cells of light grey lines (0xD8D8D8 on white, 1280x720) reach 14 to 25 on the
   * smoothed analysis frame, flat cells of the grainy corpus case camera-noise-crf34 10 at
   * most.
   */
  public static final int FAINT_CONTENT = 15;

  /**
   * Grey-level difference above which a pixel differs from a slide whose content stands out
   * from its background by {@code contrast} grey levels: the {@link #pixelThreshold()} on a
   * slide of ordinary contrast; on a faint one the same share of its contrast as on a slide of
   * {@link #FAINT_CONTRAST}, so that a line of light grey text changed on white is seen, but
   * never below 3/8 of the threshold (9 grey levels by default), above the compression and
   * camera noise of a still slide (up to 10 in flat areas on the corpus's noisiest case, which
   * has no faint slides).
   */
  public int slideThreshold(int contrast) {
    int full = pixelThreshold();
    // From FAINT_CONTRAST up the share is the full threshold or more: the minimum gives it,
    // without a branch that the JIT compiler would drop as never taken on ordinary slides
    // and compile the detector again for when a faint one comes.
    return Math.min(full, Math.max(Math.round(full * 0.375f),
        Math.round((float) contrast * full / FAINT_CONTRAST)));
  }

  /** Share of the frame that must change, outside active areas, to make a new slide. */
  public double minChangeFraction() {
    return 0.0015 * Math.pow(2, sensitivitySteps());
  }

  /** Steps of 25 below the default sensitivity (negative above it): each makes a change larger. */
  private double sensitivitySteps() {
    return (DetectorOptions.DEFAULT_SENSITIVITY - options.sensitivity()) / 25.0;
  }

  /** Side of the square cells, in analysis pixels, that changes are counted in. */
  public int cellSize() {
    return 16;
  }

  /** Changed pixels a cell needs to count as changed: scattered noise stays below it. */
  public int cellMinPixels() {
    return 8;
  }

  /**
   * Share of cells that may have stirred (see stirThreshold) within {@link #stillnessSeconds()}
   * while the frame still counts as holding (a speaker inset, a pointer, an animated chart);
   * more is motion. A talking head that fills the frame keeps stirring 30 to 40 % of the cells
   * within three seconds, an inset of a fifth of the frame about half that.
   */
  public double maxBusyFraction() {
    return 0.25;
  }

  /** Share of cells that may be left out as active areas of a slide; more is motion. */
  public double maxActiveFraction() {
    return 0.4;
  }

  /**
   * Share of cells that may be left out as areas that keep changing while a new picture is
   * judged: an inset or an animated chart, not a talking head that fills most of the frame.
   */
  public double maxNewActiveFraction() {
    return 0.3;
  }

  /**
   * Largest share of the frame a video playing in a box inside a slide may take while the slide
   * still counts as holding (see Detection#playerBox): a clip box of a third of a 16:9 frame
   * covers 45 % of the analysis cells it touches. A larger box, or a video over the whole
   * frame, is motion.
   */
  public double maxPlayerFraction() {
    return 0.5;
  }

  /**
   * Share of the cells of a player's box that must have changed within the sustained window: a
   * clip changes nearly every cell of its box within seconds, scattered motion does not.
   */
  public double minPlayerFill() {
    return 0.9;
  }

  /**
   * Largest share of the cells a person in front of the slide may change (see
   * Detection#occluderMoved): a figure standing covers about a tenth of the frame, one that
   * walked from one place to another changes where they stood and where they stand.
   */
  public double maxOccluderFraction() {
    return 0.3;
  }

  /**
   * Share of the pixels of the changed cells that a person in front of the slide changes: a
   * solid figure covers most of them, a line of text replaced or added far fewer.
   */
  public double minOccluderSolidity() {
    return 0.55;
  }

  /**
   * Grey-level difference above which a pixel has stirred: far below the slide-change
   * threshold, so that sparse motion (snow, particles, a cellular automaton) and faint noise
   * count as motion although they change no slide.
   */
  public int stirThreshold() {
    return 6;
  }

  /** Stirred pixels that make a cell stirred. */
  public int stirMinPixels() {
    return 2;
  }

  /**
   * Mean grey-level difference (on the smoothed analysis frame, outside active areas) a picture
   * may show against the new picture while it holds: camera noise under compression stays
   * around 0.1 to 0.4 on x264, a slowly evolving background reaches 1 and more. On a video
   * whose own noise is higher the limit follows it (see {@link #noiseHeadroom()}).
   */
  public double maxStillDifference() {
    return 0.7;
  }

  /**
   * How many times the video's own noise a still pair may show, where that is more than
   * {@link #maxStillDifference()}: the noise is the median mean difference of the sample pairs
   * so far in which nothing changed (no cell changed, no more stirred than a pointer stirs; see
   * Detection#stillLimit). An encoder that keeps camera grain (OpenH264 on the accuracy
   * corpus's grainy cases) leaves a median of 0.6-0.7 between still samples, light and dark
   * slides of one video 0.6 and 0.9-1.0, 90th percentile 0.8-0.95: 1.5 times the median covers
   * them. x264's medians stay at 0.22 and below on every case of the corpus (presenter-occludes
   * at 1/s; most are 0.00-0.04), so the fixed limit holds there; a slowly evolving background
   * stirs far more than a pointer's cells and never counts as noise.
   */
  public double noiseHeadroom() {
    return 1.5;
  }

  /**
   * Sample pairs in which nothing changed needed before the video's own noise is followed: five
   * seconds at one sample per second (ten lose the first slide of the grainy case
   * presenter-occludes on OpenH264 at 1/s).
   */
  public int noiseFloorPairs() {
    return 5;
  }

  /**
   * The largest change of the whole picture's brightness from one sample to the next, as a
   * share, taken off before two samples are compared finely (stirs, mean difference): a light
   * flickering over a filmed screen scales every pixel by a few percent, which is no motion. A
   * fade changes the brightness by far more per sample (a 3 s fade at 4 samples per second by
   * 9 % and more, one from black far more), and a slower one drifts one way, which a flicker
   * does not (see Detection#brightnessDrifts): both stay motion. The slide comparisons see the
   * pixels as they are. A light of +-1.5 % plus +-1 % per frame, filmed and compressed,
   * changes a light slide by up to 5 % between samples.
   */
  public double maxFlicker() {
    return 0.06;
  }

  /**
   * The largest change of the whole picture's brightness, as a share, taken off before a sample
   * is compared with the slide shown or with a new picture waiting to hold (see
   * CellGrid#atBrightnessOf; not while the picture fades, see Detection#brightnessDrifts): a
   * camera filming a projected screen drifts by a few percent over seconds and hunts after a
   * slide change (overshooting by up to a tenth and settling within a second or two), which
   * changes a light slide's pixels by up to 25 grey levels, the slide threshold. A cut between
   * two pictures changes the cells' brightness each its own way, and their median little; a
   * fade drifts one way, and once it has drifted by twice the flicker allowance within the
   * stillness window it is seen as it is. Its first tenth can be taken off (a slide then ends
   * a few tenths of a second later in a 10 s fade).
   */
  public double maxExposureChange() {
    return 0.15;
  }

  /**
   * Share of cells that may stir from one sample to the next while the frame counts as at rest
   * (a mouse pointer stirs a few; snow, typing or a slowly evolving background far more).
   */
  public double maxStirredShareAtRest() {
    return 0.03;
  }

  /**
   * The longest sample pair the allowances of a pair at rest ({@link #maxStirredShareAtRest()},
   * and those for an encoder refining a new picture) were measured at: four samples a second,
   * whose pairs span 0.2 to 0.3 s on video of 10 to 30 frames a second. A longer pair is
   * allowed as much more as it spans more time (see Detection#stillPair), so that a picture
   * comes to rest after about the same time at any sampling rate.
   */
  public double restPairSeconds() {
    return 0.3;
  }

  /**
   * The recent past whose changes decide whether the frame holds (see maxBusyFraction) and which
   * areas keep moving while a new picture is judged; at least {@link #stillnessPairs()} sample
   * pairs.
   */
  public double stillnessSeconds() {
    return 3.0;
  }

  /** Sample pairs the stillness window spans at least, at low sampling rates. */
  public int stillnessPairs() {
    return 4;
  }

  /** How long a new picture must hold before the detector decides what it is. */
  public double settleSeconds() {
    return 0.5;
  }

  /** A departure from the slide that returns to it within this time is ignored (a flash). */
  public double maxFlashSeconds() {
    return 1.0;
  }

  /**
   * Largest share of the frame the bounding box of an overlay may take (see
   * Detection#overlayLeft): content added in one step over a slide and then taken away again,
   * which restores the slide's picture, continues the slide when its box is at most this. A
   * notification of 30 %x12 % of a 640x360 frame changes a box of 14 of its 240 analysis
   * cells (5.8 %), a lower third of 45 %x14 % one of 20 (8.3 %); a panel over more of the
   * slide than a quarter is content of its own, whose departure is a new slide.
   */
  public double maxOverlayFraction() {
    return 0.25;
  }

  /** Longest transition (fade, fly-in) that a build step may take. */
  public double maxBuildTransitionSeconds() {
    return 3.0;
  }

  /**
   * How long a cell's changes are remembered when finding the active areas of a slide. Only
   * changes seen while the slide holds count (a transition's are forgotten once it is judged),
   * so a long memory does not slow the recovery after motion.
   */
  public double activitySeconds() {
    return 20.0;
  }

  /**
   * How long an active area must have held still (no cell of it or beside it stirred) for a
   * change that removes or covers what it shows to depart from the slide (see
   * Detection#heldAreasOf): pen ink written in a few strokes and then left holds, so that
   * "clear ink" is a change; an inset, a pointer, captions or a clip keep part of their area
   * changing. Chosen by measurement on the accuracy corpus (case pen-annotations, whose ink
   * holds 0.5-3.5 s after the last stroke before it is cleared; docs/BENCHMARKS.md).
   */
  public double heldSeconds() {
    return 3.0;
  }

  /** Changes within {@link #activitySeconds()} that make a cell an active area. */
  public int activityMinChanges() {
    return 2;
  }

  /**
   * How long before a new picture comes to rest (finely) it may already count as shown: an
   * encoder refines a new picture for a moment after a cut, most within a few frames, starved
   * streams for up to a second.
   */
  public double refinementSeconds() {
    return 1.0;
  }

  /** How far back a new slide's start may be moved once an active area is recognised. */
  public double maxBackdateSeconds() {
    return 3.5;
  }

  /**
   * How long an area must have kept changing, while a new picture is awaited, to be left out as
   * active (an inset, an animated chart) rather than taken for content still animating in (at
   * most 2.5 s in real decks) or a crossfade.
   */
  public double sustainedSeconds() {
    return 3.0;
  }

  /**
   * Longest pause between the changes of a small area that keeps changing by ticks (see
   * Detection#restlessArea): a clock or a countdown that ticks once a second, with a frame's
   * jitter in the sample times. At 1 or 2 samples per second such an area changes in at least
   * half of the pairs anyway; at 4 it changes in one pair of four.
   */
  public double maxTickSeconds() {
    return 1.25;
  }

  /**
   * Longest time between one change of a caption band (burned-in subtitles, a chat panel) and
   * the next, or a slide change between them (see CaptionBand): subtitle lines are shown for
   * 1.5-6 s.
   */
  public double maxCaptionGapSeconds() {
    return 8.0;
  }

  /**
   * Changes in a row confined to a band at the frame's edge that make it a caption band (see
   * CaptionBand): one or two are a footnote or a step line replaced, as any small change is.
   */
  public int captionChanges() {
    return 3;
  }

  /**
   * Share of the frame's width (of its height, for a band along a side) that the changes in a
   * caption band span together at least (see CaptionBand): subtitles are lines of text across
   * the frame; a word or a number replaced in one place a few times is a slide each time.
   */
  public double minCaptionSpanShare() {
    return 1.0 / 3;
  }

  /**
   * Largest share of the frame's height a caption band along its bottom or top edge may take,
   * to the cell (see CaptionBand): a line or two of subtitles.
   */
  public double maxCaptionBandShare() {
    return 0.2;
  }

  /**
   * Largest share of the frame's width a caption band along its left or right edge may take,
   * to the cell (see CaptionBand): a live stream's chat panel.
   */
  public double maxCaptionSideShare() {
    return 0.25;
  }

  /** The recent past searched for areas that keep changing (see sustainedSeconds). */
  public double sustainedWindowSeconds() {
    return 4.0;
  }

  /**
   * Share of the pixels a build adds that may lie on content that was already there (text edges
   * next to a new line, encoder smoothing) rather than on empty background.
   */
  public double buildOverlapShare() {
    return 0.08;
  }

  /**
   * The fastest a held picture may be zoomed (as the natural logarithm of the scale, per
   * second) while it stays one slide (see Reframing): a slideshow's slow Ken Burns zoom of 8 %
   * over an 8 s picture is 1 % a second, 4 % over 10 s 0.4 %; the photo zoomed into by a
   * quarter over 9 s between two slides of the accuracy corpus (pillarboxed-zoom-transitions),
   * which is motion, 2.5 %, and a zoom transition far more.
   */
  public double maxReframeZoomRate() {
    return 0.015;
  }

  /**
   * The fastest a held picture may be shifted, as a share of the frame's width per second,
   * while it stays one slide: a slideshow's pan of a few percent over a picture's seconds;
   * the camera pan of the accuracy corpus (motion-synthetic) moves 4 % a second, scrolling
   * far more.
   */
  public double maxReframeShiftRate() {
    return 0.02;
  }

  /** The largest zoom (natural logarithm of the scale) a slide may be reframed by in all. */
  public double maxReframeZoom() {
    return 0.2;
  }

  /** The largest shift, as a share of the frame's width, a slide may be reframed by in all. */
  public double maxReframeShift() {
    return 0.15;
  }

  /**
   * The mean grey-level difference a sample may show against the picture it reframes, once
   * the reframing is undone (resampling blurs edges a little).
   */
  public double maxReframeResidual() {
    return 4.0;
  }

  /**
   * How far back a picture slowly reframed is compared from, to find it: at four samples a
   * second a zoom of 4 % over 10 s changes a dark slide by a mean 0.35-0.6 grey levels from
   * one sample to the next, hardly more than the encoder's noise.
   */
  public double reframeSpanSeconds() {
    return 1.0;
  }

  /**
   * The least a reframing must move the frame's corners, in analysis pixels, to be taken for
   * one where a picture first shows it (noise and fades fit no move at all).
   */
  public double minReframeMove() {
    return 0.25;
  }

}
