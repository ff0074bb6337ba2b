package dev.slides;

import java.util.Objects;

/**
 * How a video is sampled for analysis. Immutable; build one with {@link #builder()} or start
 * from {@link #defaults()} and change a few settings with {@link #toBuilder()}:
 *
 * <pre>{@code
 * SamplingOptions options = SamplingOptions.builder()
 *     .samplesPerSecond(2)              // half the default rate: faster, coarser boundaries
 *     .skipStillStretches(false)        // decode every frame
 *     .build();
 * }</pre>
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

  private SamplingOptions(Builder b) {
    this.samplesPerSecond = b.samplesPerSecond;
    this.analysisWidth = b.analysisWidth;
    this.decoderThreads = b.decoderThreads;
    this.decoders = b.decoders;
    this.skipNonReferenceFrames = b.skipNonReferenceFrames;
    this.skipStillStretches = b.skipStillStretches;
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
    // Built afresh, not kept: the decoders follow the cores the JVM sees when it is asked.
    return new Builder().build();
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
    return Objects.hash(samplesPerSecond, analysisWidth, decoderThreads, decoders,
        skipNonReferenceFrames, skipStillStretches);
  }

  @Override
  public String toString() {
    return "SamplingOptions[samplesPerSecond=" + samplesPerSecond + ", analysisWidth="
        + analysisWidth + ", decoderThreads=" + decoderThreads + ", decoders=" + decoders
        + ", skipNonReferenceFrames=" + skipNonReferenceFrames + ", skipStillStretches="
        + skipStillStretches + "]";
  }

  /** Builds {@link SamplingOptions}; every setting starts at its default. */
  public static final class Builder {
    private double samplesPerSecond = DEFAULT_SAMPLES_PER_SECOND;
    private int analysisWidth = 320;
    private int decoderThreads;
    // Capped: a machine with more cores than decoders allowed must still get defaults, not an
    // exception from every ExtractionOptions of the process.
    private int decoders = Math.min(MAX_DECODERS, Runtime.getRuntime().availableProcessors());
    private boolean skipNonReferenceFrames = true;
    private boolean skipStillStretches = true;

    private Builder() {}

    private Builder(SamplingOptions o) {
      samplesPerSecond = o.samplesPerSecond;
      analysisWidth = o.analysisWidth;
      decoderThreads = o.decoderThreads;
      decoders = o.decoders;
      skipNonReferenceFrames = o.skipNonReferenceFrames;
      skipStillStretches = o.skipStillStretches;
    }

    /** Why fewer than one sample a second is refused, after the value. */
    private static final String TOO_FEW_SAMPLES = ": fewer samples than one a second cannot see"
        + " a slide held for the minimum slide duration, and decoding, not analysis, sets the"
        + " time an extraction takes, so a lower rate would save little";

    /**
     * See {@link SamplingOptions#samplesPerSecond()}; 1 to 60, default 4. Fewer than one sample
     * a second is refused: a slide held for the minimum slide duration (1 s by default) could
     * fall between two samples, and with too few samples around it the detector cannot tell
     * that a picture holds (at 0.25 per second it finds no slide at all); decoding, not the
     * analysis, sets the time an extraction takes, so a lower rate would save little.
     */
    public Builder samplesPerSecond(double samplesPerSecond) {
      // Written so that NaN is refused too, with the reason for the lower bound.
      if (!(samplesPerSecond >= 1 && samplesPerSecond <= 60)) {
        throw new IllegalArgumentException("samplesPerSecond must be 1 to 60, got "
            + samplesPerSecond + (samplesPerSecond > 60 ? "" : TOO_FEW_SAMPLES));
      }
      this.samplesPerSecond = samplesPerSecond;
      return this;
    }

    /** See {@link SamplingOptions#analysisWidth()}; at least 16, default 320. */
    public Builder analysisWidth(int analysisWidth) {
      if (analysisWidth < 16) {
        throw new IllegalArgumentException(
            "analysisWidth must be at least 16, got " + analysisWidth);
      }
      this.analysisWidth = analysisWidth;
      return this;
    }

    /** See {@link SamplingOptions#decoderThreads()}; 0 (the default) lets FFmpeg choose. */
    public Builder decoderThreads(int decoderThreads) {
      if (decoderThreads < 0) {
        throw new IllegalArgumentException(
            "decoderThreads must not be negative, got " + decoderThreads);
      }
      this.decoderThreads = decoderThreads;
      return this;
    }

    /**
     * See {@link SamplingOptions#decoders()}; 1 to {@link SamplingOptions#MAX_DECODERS},
     * default one per core.
     */
    public Builder decoders(int decoders) {
      if (decoders < 1 || decoders > MAX_DECODERS) {
        throw new IllegalArgumentException(
            "decoders must be 1 to " + MAX_DECODERS + ", got " + decoders);
      }
      this.decoders = decoders;
      return this;
    }

    /** See {@link SamplingOptions#skipNonReferenceFrames()}; default on. */
    public Builder skipNonReferenceFrames(boolean skip) {
      this.skipNonReferenceFrames = skip;
      return this;
    }

    /** See {@link SamplingOptions#skipStillStretches()}; default on, off decodes every frame. */
    public Builder skipStillStretches(boolean skip) {
      this.skipStillStretches = skip;
      return this;
    }

    /** The options; every setting was checked when it was set. */
    public SamplingOptions build() {
      return new SamplingOptions(this);
    }
  }
}
