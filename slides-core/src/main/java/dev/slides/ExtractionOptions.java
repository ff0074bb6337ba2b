package dev.slides;

import dev.slides.detect.DetectorOptions;
import dev.slides.video.SamplingOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How slides are extracted. Immutable; start from {@link #defaults()} and change what you need
 * with the {@code with...} methods.
 *
 * @param sampling how the video is sampled for analysis
 * @param detector how static and moving segments are told apart
 * @param maxImageWidth slide images wider than this are scaled down (default 1920)
 * @param imageQuality WebP quality, 0 to 100 (default 80, env {@code SLIDE_IMAGE_QUALITY})
 * @param uploadConcurrency uploads of one job running at once (default 4)
 * @param progressInterval least time between two progress updates of one phase (default 100 ms,
 *     so at most about ten a second)
 * @param spoolDirectory where a job keeps its encoded images until they are uploaded, one folder
 *     per job ({@code slides-{id}-*}); null means the system's temporary folder. A server points
 *     it into its data directory so that it can sweep what a crash left behind.
 */
public record ExtractionOptions(
    SamplingOptions sampling,
    DetectorOptions detector,
    int maxImageWidth,
    int imageQuality,
    int uploadConcurrency,
    Duration progressInterval,
    Path spoolDirectory) {

  public ExtractionOptions {
    Objects.requireNonNull(sampling, "sampling");
    Objects.requireNonNull(detector, "detector");
    Objects.requireNonNull(progressInterval, "progressInterval");
    if (maxImageWidth < 16) {
      throw new IllegalArgumentException("maxImageWidth must be at least 16, got " + maxImageWidth);
    }
    if (imageQuality < 0 || imageQuality > 100) {
      throw new IllegalArgumentException("imageQuality must be 0 to 100, got " + imageQuality);
    }
    if (uploadConcurrency < 1) {
      throw new IllegalArgumentException(
          "uploadConcurrency must be at least 1, got " + uploadConcurrency);
    }
    if (progressInterval.isNegative()) {
      throw new IllegalArgumentException("progressInterval must not be negative");
    }
  }

  public static ExtractionOptions defaults() {
    return new ExtractionOptions(SamplingOptions.defaults(), DetectorOptions.defaults(), 1920, 80,
        4, Duration.ofMillis(100), null);
  }

  public ExtractionOptions withSampling(SamplingOptions sampling) {
    return new ExtractionOptions(sampling, detector, maxImageWidth, imageQuality,
        uploadConcurrency, progressInterval, spoolDirectory);
  }

  public ExtractionOptions withDetector(DetectorOptions detector) {
    return new ExtractionOptions(sampling, detector, maxImageWidth, imageQuality,
        uploadConcurrency, progressInterval, spoolDirectory);
  }

  public ExtractionOptions withMaxImageWidth(int maxImageWidth) {
    return new ExtractionOptions(sampling, detector, maxImageWidth, imageQuality,
        uploadConcurrency, progressInterval, spoolDirectory);
  }

  public ExtractionOptions withImageQuality(int imageQuality) {
    return new ExtractionOptions(sampling, detector, maxImageWidth, imageQuality,
        uploadConcurrency, progressInterval, spoolDirectory);
  }

  public ExtractionOptions withUploadConcurrency(int uploadConcurrency) {
    return new ExtractionOptions(sampling, detector, maxImageWidth, imageQuality,
        uploadConcurrency, progressInterval, spoolDirectory);
  }

  public ExtractionOptions withSpoolDirectory(Path spoolDirectory) {
    return new ExtractionOptions(sampling, detector, maxImageWidth, imageQuality,
        uploadConcurrency, progressInterval, spoolDirectory);
  }

  public ExtractionOptions withProgressInterval(Duration progressInterval) {
    return new ExtractionOptions(sampling, detector, maxImageWidth, imageQuality,
        uploadConcurrency, progressInterval, spoolDirectory);
  }
}
