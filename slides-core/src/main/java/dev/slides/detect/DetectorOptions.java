package dev.slides.detect;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Tuning of the {@link SegmentDetector}. Immutable; build one with {@link #builder()} or start
 * from {@link #defaults()} and change a few settings with {@link #toBuilder()}:
 *
 * <pre>{@code
 * DetectorOptions options = DetectorOptions.builder()
 *     .sensitivity(70)                              // smaller changes make a new slide
 *     .minSlideDuration(Duration.ofSeconds(2))      // shorter holds are not slides
 *     .region(Region.of(0, 0, 0.75, 1))             // ignore the right quarter (a speaker)
 *     .build();
 * }</pre>
 *
 * <p>Every time-like setting is a duration in seconds of video, not a number of samples: the
 * detector converts with the samples' own times, so a setting means the same at any sampling
 * rate.
 */
public final class DetectorOptions {
  /** The default {@link #sensitivity()}. */
  public static final int DEFAULT_SENSITIVITY = 50;

  private static final DetectorOptions DEFAULTS = new Builder().build();

  private final int sensitivity;
  private final double minSlideSeconds;
  private final boolean mergeBuilds;
  private final Region region;
  private final double startSeconds;
  private final double endSeconds;

  private DetectorOptions(Builder b) {
    this.sensitivity = b.sensitivity;
    this.minSlideSeconds = b.minSlideSeconds;
    this.mergeBuilds = b.mergeBuilds;
    this.region = b.region;
    this.startSeconds = b.startSeconds;
    this.endSeconds = b.endSeconds;
  }

  /** Defaults tuned on the project's lecture corpus (see docs/BENCHMARKS.md). */
  public static DetectorOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * How small a change still makes a new slide, from 0 (only large changes: a new slide layout)
   * to 100 (a changed character). The default, 50, takes a changed word on a 1080p slide
   * (about 0.15 % of the frame) and ignores a mouse pointer and camera noise. Each 25 points
   * halve (or double) the smallest change that counts, and raise (or lower) how different a
   * pixel must be to count as changed.
   */
  public int sensitivity() {
    return sensitivity;
  }

  /** Holds shorter than this are not slides but part of the motion around them. */
  public Duration minSlideDuration() {
    return seconds(minSlideSeconds);
  }

  /**
   * Whether content that only appears on a slide (a bullet revealed, a box drawn on the empty
   * background) continues the same static segment, so that its first frame shows the initial
   * state and its last frame the full build. A change that removes or alters anything already
   * shown is always a new slide.
   */
  public boolean mergeBuilds() {
    return mergeBuilds;
  }

  /** The part of the frame that is analysed; the whole frame by default. */
  public Region region() {
    return region;
  }

  /** Where analysis starts; zero by default. */
  public Duration start() {
    return seconds(startSeconds);
  }

  /** Where analysis ends; empty (the end of the video) by default. */
  public Optional<Duration> end() {
    return Double.isInfinite(endSeconds) ? Optional.empty() : Optional.of(seconds(endSeconds));
  }

  double minSlideSeconds() {
    return minSlideSeconds;
  }

  double startSeconds() {
    return startSeconds;
  }

  double endSeconds() {
    return endSeconds;
  }

  // ---- Derived tuning (package-private: the public knob is the sensitivity). ----

  /** Grey-level difference above which a pixel of the smoothed analysis frame changed. */
  int pixelThreshold() {
    return (int) Math.round(24 * Math.pow(1.25, (DEFAULT_SENSITIVITY - sensitivity) / 25.0));
  }

  /** Share of the frame that must change, outside active areas, to make a new slide. */
  double minChangeFraction() {
    return 0.0015 * Math.pow(2, (DEFAULT_SENSITIVITY - sensitivity) / 25.0);
  }

  /** Side of the square cells, in analysis pixels, that changes are counted in. */
  int cellSize() {
    return 16;
  }

  /** Changed pixels a cell needs to count as changed: scattered noise stays below it. */
  int cellMinPixels() {
    return 8;
  }

  /**
   * Share of cells that may have stirred (see stirThreshold) within {@link #stillnessSeconds()}
   * while the frame still counts as holding (a speaker inset, a pointer, an animated chart);
   * more is motion. A talking head that fills the frame keeps stirring 30 to 40 % of the cells
   * within three seconds, an inset of a fifth of the frame about half that.
   */
  double maxBusyFraction() {
    return 0.25;
  }

  /** Share of cells that may be left out as active areas of a slide; more is motion. */
  double maxActiveFraction() {
    return 0.4;
  }

  /**
   * Share of cells that may be left out as areas that keep changing while a new picture is
   * judged: an inset or an animated chart, not a talking head that fills most of the frame.
   */
  double maxNewActiveFraction() {
    return 0.3;
  }

  /**
   * Grey-level difference above which a pixel has stirred: far below the slide-change
   * threshold, so that sparse motion (snow, particles, a cellular automaton) and faint noise
   * count as motion although they change no slide.
   */
  int stirThreshold() {
    return 6;
  }

  /** Stirred pixels that make a cell stirred. */
  int stirMinPixels() {
    return 2;
  }

  /**
   * Mean grey-level difference (on the smoothed analysis frame, outside active areas) a picture
   * may show against the new picture while it holds: camera noise under compression stays
   * around 0.1 to 0.4, a slowly evolving background reaches 1 and more.
   */
  double maxStillDifference() {
    return 0.7;
  }

  /**
   * Share of cells that may stir from one sample to the next while the frame counts as at rest
   * (a mouse pointer stirs a few; snow, typing or a slowly evolving background far more).
   */
  double maxStirredShareAtRest() {
    return 0.03;
  }

  /**
   * The recent past whose changes decide whether the frame holds (see maxBusyFraction) and which
   * areas keep moving while a new picture is judged; at least {@link #stillnessPairs()} sample
   * pairs.
   */
  double stillnessSeconds() {
    return 3.0;
  }

  /** Sample pairs the stillness window spans at least, at low sampling rates. */
  int stillnessPairs() {
    return 4;
  }

  /** How long a new picture must hold before the detector decides what it is. */
  double settleSeconds() {
    return 0.5;
  }

  /** A departure from the slide that returns to it within this time is ignored (a flash). */
  double maxFlashSeconds() {
    return 1.0;
  }

  /** Longest transition (fade, fly-in) that a build step may take. */
  double maxBuildTransitionSeconds() {
    return 3.0;
  }

  /**
   * How long a cell's changes are remembered when finding the active areas of a slide. Only
   * changes seen while the slide holds count (a transition's are forgotten once it is judged),
   * so a long memory does not slow the recovery after motion.
   */
  double activitySeconds() {
    return 20.0;
  }

  /** Changes within {@link #activitySeconds()} that make a cell an active area. */
  int activityMinChanges() {
    return 2;
  }

  /**
   * How long before a new picture comes to rest (finely) it may already count as shown: an
   * encoder refines a new picture for a moment after a cut, most within a few frames, starved
   * streams for up to a second.
   */
  double refinementSeconds() {
    return 1.0;
  }

  /** How far back a new slide's start may be moved once an active area is recognised. */
  double maxBackdateSeconds() {
    return 3.5;
  }

  /**
   * How long an area must have kept changing, while a new picture is awaited, to be left out as
   * active (an inset, an animated chart) rather than taken for content still animating in (at
   * most 2.5 s in real decks) or a crossfade.
   */
  double sustainedSeconds() {
    return 3.0;
  }

  /** The recent past searched for areas that keep changing (see sustainedSeconds). */
  double sustainedWindowSeconds() {
    return 4.0;
  }

  /**
   * Share of the pixels a build adds that may lie on content that was already there (text edges
   * next to a new line, encoder smoothing) rather than on empty background.
   */
  double buildOverlapShare() {
    return 0.08;
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos(Math.round(s * 1e9));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DetectorOptions other && sensitivity == other.sensitivity
        && minSlideSeconds == other.minSlideSeconds && mergeBuilds == other.mergeBuilds
        && region.equals(other.region) && startSeconds == other.startSeconds
        && endSeconds == other.endSeconds;
  }

  @Override
  public int hashCode() {
    return Objects.hash(sensitivity, minSlideSeconds, mergeBuilds, region, startSeconds,
        endSeconds);
  }

  @Override
  public String toString() {
    return "DetectorOptions{sensitivity=" + sensitivity + ", minSlideDuration=" + minSlideSeconds
        + "s, mergeBuilds=" + mergeBuilds + ", region=" + region + ", start=" + startSeconds
        + "s, end=" + (Double.isInfinite(endSeconds) ? "end" : endSeconds + "s") + "}";
  }

  /** Builds {@link DetectorOptions}; every setting starts at its default. */
  public static final class Builder {
    private int sensitivity = DEFAULT_SENSITIVITY;
    private double minSlideSeconds = 1.0;
    private boolean mergeBuilds = true;
    private Region region = Region.FULL;
    private double startSeconds;
    private double endSeconds = Double.POSITIVE_INFINITY;

    private Builder() {}

    private Builder(DetectorOptions o) {
      sensitivity = o.sensitivity;
      minSlideSeconds = o.minSlideSeconds;
      mergeBuilds = o.mergeBuilds;
      region = o.region;
      startSeconds = o.startSeconds;
      endSeconds = o.endSeconds;
    }

    /** See {@link DetectorOptions#sensitivity()}; 0 to 100, default 50. */
    public Builder sensitivity(int sensitivity) {
      if (sensitivity < 0 || sensitivity > 100) {
        throw new IllegalArgumentException("sensitivity must be 0 to 100, got " + sensitivity);
      }
      this.sensitivity = sensitivity;
      return this;
    }

    /** See {@link DetectorOptions#minSlideDuration()}; default 1 s, at least 0.1 s. */
    public Builder minSlideDuration(Duration duration) {
      double s = toSeconds(duration, "minSlideDuration");
      if (s < 0.1 || s > 3600) {
        throw new IllegalArgumentException(
            "minSlideDuration must be 0.1 s to 1 hour, got " + duration);
      }
      this.minSlideSeconds = s;
      return this;
    }

    /** See {@link DetectorOptions#mergeBuilds()}; default on. */
    public Builder mergeBuilds(boolean merge) {
      this.mergeBuilds = merge;
      return this;
    }

    /** See {@link DetectorOptions#region()}. */
    public Builder region(Region region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /** Analyse from {@code start} on; default 0. */
    public Builder start(Duration start) {
      double s = toSeconds(start, "start");
      if (s < 0) {
        throw new IllegalArgumentException("start must not be negative, got " + start);
      }
      this.startSeconds = s;
      return this;
    }

    /** Analyse up to {@code end}; null for the end of the video (the default). */
    public Builder end(Duration end) {
      this.endSeconds = end == null ? Double.POSITIVE_INFINITY : toSeconds(end, "end");
      return this;
    }

    public DetectorOptions build() {
      if (endSeconds <= startSeconds) {
        throw new IllegalArgumentException("end (" + endSeconds + " s) must be after start ("
            + startSeconds + " s)");
      }
      return new DetectorOptions(this);
    }

    private static double toSeconds(Duration d, String name) {
      Objects.requireNonNull(d, name);
      return d.toNanos() / 1e9;
    }
  }
}
