package dev.slides;

/**
 * How a video is sampled for analysis: start from {@link #defaults()} and change what you need
 * with the {@code with...} methods (each returns a new value; instances are immutable).
 */
public final class SamplingOptions {
  /** The default {@link #samplesPerSecond()}. */
  public static final double DEFAULT_SAMPLES_PER_SECOND = 4.0;

  /** The most {@link #decoders()} one extraction runs; the default on larger machines. */
  public static final int MAX_DECODERS = 64;

  private final double samplesPerSecond;
  private final int analysisWidth;
  private final int decoderThreads;
  private final int decoders;
  private final boolean skipNonReferenceFrames;
  private final boolean skipStillStretches;

  private SamplingOptions(double samplesPerSecond, int analysisWidth, int decoderThreads,
      int decoders, boolean skipNonReferenceFrames, boolean skipStillStretches) {
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
    if (decoders < 1 || decoders > MAX_DECODERS) {
      throw new IllegalArgumentException(
          "decoders must be 1 to " + MAX_DECODERS + ", got " + decoders);
    }
    this.samplesPerSecond = samplesPerSecond;
    this.analysisWidth = analysisWidth;
    this.decoderThreads = decoderThreads;
    this.decoders = decoders;
    this.skipNonReferenceFrames = skipNonReferenceFrames;
    this.skipStillStretches = skipStillStretches;
  }

  /**
   * Four samples per second (a hold of 1.5 s, common in animated decks, is six samples, and
   * boundaries are placed to a quarter second; the analysis of a sample costs about 0.5 ms
   * against some 4 ms for decoding each 1080p frame, see docs/BENCHMARKS.md), 320-pixel-wide
   * analysis frames, one single-threaded decoder per core (on 2 cores that beats one decoder
   * with FFmpeg's own threading; at most {@link #MAX_DECODERS}), B-frames skipped and still
   * stretches not decoded.
   */
  public static SamplingOptions defaults() {
    // Capped: a machine with more cores than decoders allowed must still get defaults, not an
    // exception from every ExtractionOptions of the process.
    return new SamplingOptions(DEFAULT_SAMPLES_PER_SECOND, 320, 0,
        Math.min(MAX_DECODERS, Runtime.getRuntime().availableProcessors()), true, true);
  }

  /**
   * Frames analysed per second of video (the upstream service used 1).
   */
  public double samplesPerSecond() {
    return samplesPerSecond;
  }

  /**
   * Width of the grey frames handed to the analysis (height follows the aspect ratio); narrower
   * videos keep their width.
   */
  public int analysisWidth() {
    return analysisWidth;
  }

  /**
   * FFmpeg threads per decoder; 0 lets FFmpeg choose (with several decoders, 0 means one thread
   * each).
   */
  public int decoderThreads() {
    return decoderThreads;
  }

  /**
   * Decoders working on stretches of the video at once (each starting at a keyframe); the samples
   * and the results are the same as with one.
   */
  public int decoders() {
    return decoders;
  }

  /**
   * Let FFmpeg skip frames no other frame depends on (the B-frames of most H.264 encodings): they
   * are never decoded, and a sample falls on the next decoded frame instead (a frame or two later).
   * Done only where the video has at least six frames per sample: with fewer, that next frame could
   * lie past the following sample point and samples would be lost, for little decoding saved.
   * Streams without such frames are unaffected.
   */
  public boolean skipNonReferenceFrames() {
    return skipNonReferenceFrames;
  }

  /**
   * Decode fully only the stretches between keyframes that may hold a change (default true).
   * Keyframes are decoded alone first (a few percent of the work) and compared as the detector
   * compares samples; a stretch is not decoded when its keyframes show the same picture, apart from
   * a small area that keeps changing in place (a speaker inset), and none of its frames took far
   * more bits than the rest; nor when it holds its first picture up to a cut onto the next
   * keyframe, which the frames' sizes show against those of the still stretches of the same video.
   * Its samples then repeat the keyframe, at the times its frames are shown. The slides found are
   * those of decoding every frame (checked on the project's accuracy corpus and by equivalence
   * tests); on lectures about a tenth of the frames is decoded, see docs/BENCHMARKS.md. Frames
   * not decoded are not checked for damage either: a damaged frame in such a stretch is neither
   * seen nor counted (the samples show the keyframe, decoded clean).
   * False decodes every frame: the reference the screening is tested against, and a fallback should
   * a video defeat it.
   */
  public boolean skipStillStretches() {
    return skipStillStretches;
  }

  /**
   * {@code decoders} decoders (1 to {@link #MAX_DECODERS}) of {@code decoderThreads} FFmpeg
   * threads each (0: FFmpeg's choice).
   *
   * @throws IllegalArgumentException when either is out of range
   */
  public SamplingOptions withDecoders(int decoders, int decoderThreads) {
    return new SamplingOptions(samplesPerSecond, analysisWidth, decoderThreads, decoders,
        skipNonReferenceFrames, skipStillStretches);
  }

  /** Frames analysed per second of video, in (0, 60]. */
  public SamplingOptions withSamplesPerSecond(double rate) {
    return new SamplingOptions(rate, analysisWidth, decoderThreads, decoders,
        skipNonReferenceFrames, skipStillStretches);
  }

  /** Width of the analysis frames, at least 16. */
  public SamplingOptions withAnalysisWidth(int width) {
    return new SamplingOptions(samplesPerSecond, width, decoderThreads, decoders,
        skipNonReferenceFrames, skipStillStretches);
  }

  /** Whether FFmpeg may skip frames no other frame depends on. */
  public SamplingOptions withSkipNonReferenceFrames(boolean skip) {
    return new SamplingOptions(samplesPerSecond, analysisWidth, decoderThreads, decoders, skip,
        skipStillStretches);
  }

  /** Skipping still stretches, or decoding every frame (false). */
  public SamplingOptions withSkipStillStretches(boolean skip) {
    return new SamplingOptions(samplesPerSecond, analysisWidth, decoderThreads, decoders,
        skipNonReferenceFrames, skip);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SamplingOptions other
        && Double.compare(samplesPerSecond, other.samplesPerSecond) == 0
        && analysisWidth == other.analysisWidth
        && decoderThreads == other.decoderThreads
        && decoders == other.decoders
        && skipNonReferenceFrames == other.skipNonReferenceFrames
        && skipStillStretches == other.skipStillStretches;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(samplesPerSecond, analysisWidth, decoderThreads, decoders,
        skipNonReferenceFrames, skipStillStretches);
  }

  @Override
  public String toString() {
    return "SamplingOptions[samplesPerSecond=" + samplesPerSecond + ", analysisWidth="
        + analysisWidth + ", decoderThreads=" + decoderThreads + ", decoders=" + decoders
        + ", skipNonReferenceFrames=" + skipNonReferenceFrames + ", skipStillStretches="
        + skipStillStretches + "]";
  }
}
