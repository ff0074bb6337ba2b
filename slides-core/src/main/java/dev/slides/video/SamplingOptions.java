package dev.slides.video;

/**
 * How a video is sampled for analysis.
 *
 * @param samplesPerSecond frames analysed per second of video (the upstream service used 1)
 * @param analysisWidth width of the grey frames handed to the analysis (height follows the
 *     aspect ratio); narrower videos keep their width
 * @param decoderThreads FFmpeg decoder threads; 0 lets FFmpeg choose
 */
public record SamplingOptions(double samplesPerSecond, int analysisWidth, int decoderThreads) {
  public SamplingOptions {
    if (!(samplesPerSecond > 0 && samplesPerSecond <= 60)) {
      throw new IllegalArgumentException(
          "samplesPerSecond must be in (0, 60], got " + samplesPerSecond);
    }
    if (analysisWidth < 16) {
      throw new IllegalArgumentException("analysisWidth must be at least 16, got " + analysisWidth);
    }
    if (decoderThreads < 0) {
      throw new IllegalArgumentException("decoderThreads must be >= 0, got " + decoderThreads);
    }
  }

  /** One sample per second, 320-pixel-wide analysis frames, FFmpeg's own threading. */
  public static SamplingOptions defaults() {
    return new SamplingOptions(1.0, 320, 0);
  }
}
