package dev.slides;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How slides are extracted. Immutable and thread-safe; start from {@link #defaults()} and change
 * what you need with the {@code with...} methods, or build one with {@link #builder()}. Each
 * {@code with...} method and each builder setting takes the value its getter describes; a value
 * out of range throws {@link IllegalArgumentException} (from {@code with...} at once, from the
 * builder at {@link Builder#build()}), and only {@link #sampleStats()} and
 * {@link #spoolDirectory()} may be null.
 *
 * <pre>{@code
 * ExtractionOptions options = ExtractionOptions.defaults()
 *     .withImageQuality(90)
 *     .withDetector(DetectorOptions.builder().sensitivity(70).build())
 *     .withSampling(SamplingOptions.defaults().withSamplesPerSecond(2));
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
    this.sampling = Objects.requireNonNull(b.sampling, "sampling");
    this.detector = Objects.requireNonNull(b.detector, "detector");
    this.progressInterval = Objects.requireNonNull(b.progressInterval, "progressInterval");
    if (b.maxImageWidth < 16) {
      throw new IllegalArgumentException(
          "maxImageWidth must be at least 16, got " + b.maxImageWidth);
    }
    if (b.imageQuality < 0 || b.imageQuality > 100) {
      throw new IllegalArgumentException("imageQuality must be 0 to 100, got " + b.imageQuality);
    }
    if (b.uploadConcurrency < 1) {
      throw new IllegalArgumentException(
          "uploadConcurrency must be at least 1, got " + b.uploadConcurrency);
    }
    if (b.progressInterval.isNegative()) {
      throw new IllegalArgumentException("progressInterval must not be negative");
    }
    this.maxImageWidth = b.maxImageWidth;
    this.imageQuality = b.imageQuality;
    this.uploadConcurrency = b.uploadConcurrency;
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
   * points it into its data directory so that it can sweep what a crash left behind.
   */
  public Path spoolDirectory() {
    return spoolDirectory;
  }

  /** These options with another {@link #sampling()}. */
  public ExtractionOptions withSampling(SamplingOptions sampling) {
    return toBuilder().sampling(sampling).build();
  }

  /** These options with another {@link #detector()}. */
  public ExtractionOptions withDetector(DetectorOptions detector) {
    return toBuilder().detector(detector).build();
  }

  /** These options with another {@link #maxImageWidth()}. */
  public ExtractionOptions withMaxImageWidth(int maxImageWidth) {
    return toBuilder().maxImageWidth(maxImageWidth).build();
  }

  /** These options with another {@link #imageQuality()}. */
  public ExtractionOptions withImageQuality(int imageQuality) {
    return toBuilder().imageQuality(imageQuality).build();
  }

  /** These options with another {@link #uploadConcurrency()}. */
  public ExtractionOptions withUploadConcurrency(int uploadConcurrency) {
    return toBuilder().uploadConcurrency(uploadConcurrency).build();
  }

  /** These options with another {@link #progressInterval()}. */
  public ExtractionOptions withProgressInterval(Duration progressInterval) {
    return toBuilder().progressInterval(progressInterval).build();
  }

  /** These options with another {@link #sampleStats()}. */
  public ExtractionOptions withSampleStats(Consumer<SampleStats> sampleStats) {
    return toBuilder().sampleStats(sampleStats).build();
  }

  /** These options with another {@link #spoolDirectory()}. */
  public ExtractionOptions withSpoolDirectory(Path spoolDirectory) {
    return toBuilder().spoolDirectory(spoolDirectory).build();
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

    /** See {@link ExtractionOptions#sampling()}. */
    public Builder sampling(SamplingOptions sampling) {
      this.sampling = sampling;
      return this;
    }

    /** See {@link ExtractionOptions#detector()}. */
    public Builder detector(DetectorOptions detector) {
      this.detector = detector;
      return this;
    }

    /** See {@link ExtractionOptions#maxImageWidth()}. */
    public Builder maxImageWidth(int maxImageWidth) {
      this.maxImageWidth = maxImageWidth;
      return this;
    }

    /** See {@link ExtractionOptions#imageQuality()}. */
    public Builder imageQuality(int imageQuality) {
      this.imageQuality = imageQuality;
      return this;
    }

    /** See {@link ExtractionOptions#uploadConcurrency()}. */
    public Builder uploadConcurrency(int uploadConcurrency) {
      this.uploadConcurrency = uploadConcurrency;
      return this;
    }

    /** See {@link ExtractionOptions#progressInterval()}. */
    public Builder progressInterval(Duration progressInterval) {
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

    /** @throws IllegalArgumentException when a setting is out of range */
    public ExtractionOptions build() {
      return new ExtractionOptions(this);
    }
  }
}
