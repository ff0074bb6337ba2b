package dev.slides;

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

  /** A builder holding the defaults. */
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
            "minSlideDuration must be 0.1 s to 1 hour, got " + s + " s");
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
      this.region = Objects.requireNonNull(region, "region must not be null");
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

    /** @throws IllegalArgumentException when the end is not after the start */
    public DetectorOptions build() {
      if (endSeconds <= startSeconds) {
        throw new IllegalArgumentException("end (" + endSeconds + " s) must be after start ("
            + startSeconds + " s)");
      }
      return new DetectorOptions(this);
    }

    private static double toSeconds(Duration d, String name) {
      Objects.requireNonNull(d, () -> name + " must not be null");
      return d.toNanos() / 1e9;
    }
  }
}
