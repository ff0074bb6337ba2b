package dev.slides;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How slides are extracted. Immutable and thread-safe; build one with {@link #builder()} or
 * start from {@link #defaults()} and change a few settings with {@link #toBuilder()}. Each
 * builder setting takes the value its getter describes and refuses a value out of range at once
 * with an {@link IllegalArgumentException}; only {@link #sampleStats()} and
 * {@link #spoolDirectory()} may be null.
 *
 * <pre>{@code
 * ExtractionOptions options = ExtractionOptions.builder()
 *     .imageQuality(90)
 *     .detector(DetectorOptions.builder().sensitivity(70).build())
 *     .sampling(SamplingOptions.builder().samplesPerSecond(2).build())
 *     .build();
 * }</pre>
 */
public final class ExtractionOptions {
  private static final ExtractionOptions DEFAULTS = new Builder().build();

  private final SamplingOptions sampling;
  private final DetectorOptions detector;
  private final int maxImageWidth;
  private final int imageQuality;
  private final int uploadConcurrency;
  private final Duration progressInterval;
  private final Consumer<SampleStats> sampleStats;
  private final Path spoolDirectory;

  private ExtractionOptions(Builder b) {
    this.sampling = b.sampling;
    this.detector = b.detector;
    this.maxImageWidth = b.maxImageWidth;
    this.imageQuality = b.imageQuality;
    this.uploadConcurrency = b.uploadConcurrency;
    this.progressInterval = b.progressInterval;
    this.sampleStats = b.sampleStats;
    this.spoolDirectory = b.spoolDirectory;
  }

  /** The defaults: see each setting. */
  public static ExtractionOptions defaults() {
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

  /** How the video is sampled for analysis. */
  public SamplingOptions sampling() {
    return sampling;
  }

  /** How static and moving segments are told apart. */
  public DetectorOptions detector() {
    return detector;
  }

  /** Slide images wider than this many pixels are scaled down (default 1920, at least 16). */
  public int maxImageWidth() {
    return maxImageWidth;
  }

  /** WebP quality of the slide images, 0 to 100 (default 80). */
  public int imageQuality() {
    return imageQuality;
  }

  /** Uploads of one job running at once (default 4, at least 1). */
  public int uploadConcurrency() {
    return uploadConcurrency;
  }

  /**
   * Least time between two progress updates of one phase (default 100 ms, so at most about ten
   * a second; zero lets every update through).
   */
  public Duration progressInterval() {
    return progressInterval;
  }

  /**
   * Receives what the detector measured and decided for every sample (for a statistics file,
   * see {@link SampleStats}), on the extracting thread; null (the default) for none.
   */
  public Consumer<SampleStats> sampleStats() {
    return sampleStats;
  }

  /**
   * Where a job keeps its encoded images until they are uploaded, one folder per job
   * ({@code slides-{id}-*}); null (the default) means the system's temporary folder. A server
   * points it into its data directory so that it can sweep what a crash left behind:
   * {@link dev.slides.service.SlideService#start()} deletes those folders, and nothing else there.
   */
  public Path spoolDirectory() {
    return spoolDirectory;
  }

  /** Equal when every setting is; {@link #sampleStats()} must be the same receiver. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ExtractionOptions other && sampling.equals(other.sampling)
        && detector.equals(other.detector) && maxImageWidth == other.maxImageWidth
        && imageQuality == other.imageQuality && uploadConcurrency == other.uploadConcurrency
        && progressInterval.equals(other.progressInterval)
        && Objects.equals(sampleStats, other.sampleStats)
        && Objects.equals(spoolDirectory, other.spoolDirectory);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sampling, detector, maxImageWidth, imageQuality, uploadConcurrency,
        progressInterval, sampleStats, spoolDirectory);
  }

  @Override
  public String toString() {
    return "ExtractionOptions{sampling=" + sampling + ", detector=" + detector
        + ", maxImageWidth=" + maxImageWidth + ", imageQuality=" + imageQuality
        + ", uploadConcurrency=" + uploadConcurrency + ", progressInterval=" + progressInterval
        + ", sampleStats=" + (sampleStats == null ? "none" : "set")
        + ", spoolDirectory=" + spoolDirectory + "}";
  }

  /** Builds {@link ExtractionOptions}; every setting starts at its default. */
  public static final class Builder {
    private SamplingOptions sampling = SamplingOptions.defaults();
    private DetectorOptions detector = DetectorOptions.defaults();
    private int maxImageWidth = 1920;
    private int imageQuality = 80;
    private int uploadConcurrency = 4;
    private Duration progressInterval = Duration.ofMillis(100);
    private Consumer<SampleStats> sampleStats;
    private Path spoolDirectory;

    private Builder() {}

    private Builder(ExtractionOptions o) {
      sampling = o.sampling;
      detector = o.detector;
      maxImageWidth = o.maxImageWidth;
      imageQuality = o.imageQuality;
      uploadConcurrency = o.uploadConcurrency;
      progressInterval = o.progressInterval;
      sampleStats = o.sampleStats;
      spoolDirectory = o.spoolDirectory;
    }

    /** See {@link ExtractionOptions#sampling()}; default {@link SamplingOptions#defaults()}. */
    public Builder sampling(SamplingOptions sampling) {
      this.sampling = Objects.requireNonNull(sampling, "sampling must not be null");
      return this;
    }

    /** See {@link ExtractionOptions#detector()}; default {@link DetectorOptions#defaults()}. */
    public Builder detector(DetectorOptions detector) {
      this.detector = Objects.requireNonNull(detector, "detector must not be null");
      return this;
    }

    /** See {@link ExtractionOptions#maxImageWidth()}; at least 16, default 1920. */
    public Builder maxImageWidth(int maxImageWidth) {
      if (maxImageWidth < 16) {
        throw new IllegalArgumentException(
            "maxImageWidth must be at least 16, got " + maxImageWidth);
      }
      this.maxImageWidth = maxImageWidth;
      return this;
    }

    /** See {@link ExtractionOptions#imageQuality()}; 0 to 100, default 80. */
    public Builder imageQuality(int imageQuality) {
      if (imageQuality < 0 || imageQuality > 100) {
        throw new IllegalArgumentException("imageQuality must be 0 to 100, got " + imageQuality);
      }
      this.imageQuality = imageQuality;
      return this;
    }

    /** See {@link ExtractionOptions#uploadConcurrency()}; at least 1, default 4. */
    public Builder uploadConcurrency(int uploadConcurrency) {
      if (uploadConcurrency < 1) {
        throw new IllegalArgumentException(
            "uploadConcurrency must be at least 1, got " + uploadConcurrency);
      }
      this.uploadConcurrency = uploadConcurrency;
      return this;
    }

    /** See {@link ExtractionOptions#progressInterval()}; not negative, default 100 ms. */
    public Builder progressInterval(Duration progressInterval) {
      Objects.requireNonNull(progressInterval, "progressInterval must not be null");
      if (progressInterval.isNegative()) {
        throw new IllegalArgumentException(
            "progressInterval must not be negative, got " + progressInterval);
      }
      this.progressInterval = progressInterval;
      return this;
    }

    /** See {@link ExtractionOptions#sampleStats()}. */
    public Builder sampleStats(Consumer<SampleStats> sampleStats) {
      this.sampleStats = sampleStats;
      return this;
    }

    /** See {@link ExtractionOptions#spoolDirectory()}. */
    public Builder spoolDirectory(Path spoolDirectory) {
      this.spoolDirectory = spoolDirectory;
      return this;
    }

    /** The options; every setting was checked when it was set. */
    public ExtractionOptions build() {
      return new ExtractionOptions(this);
    }
  }
}
