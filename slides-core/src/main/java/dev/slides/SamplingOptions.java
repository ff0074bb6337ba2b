package dev.slides;

/**
 * How a video is sampled for analysis.
 *
 * @param samplesPerSecond frames analysed per second of video (the upstream service used 1)
 * @param analysisWidth width of the grey frames handed to the analysis (height follows the
 *     aspect ratio); narrower videos keep their width
 * @param decoderThreads FFmpeg threads per decoder; 0 lets FFmpeg choose (with several
 *     decoders, 0 means one thread each)
 * @param decoders decoders working on stretches of the video at once (each starting at a
 *     keyframe); the samples and the results are the same as with one
 * @param skipNonReferenceFrames let FFmpeg skip frames no other frame depends on (the B-frames
 *     of most H.264 encodings): they are never decoded, and a sample falls on the next decoded
 *     frame instead (a frame or two later). Done only where the video has at least six frames
 *     per sample: with fewer, that next frame could lie past the following sample point and
 *     samples would be lost, for little decoding saved. Streams without such frames are
 *     unaffected.
 * @param skipStillStretches decode fully only the stretches between keyframes that may hold a
 *     change (default true). Keyframes are decoded alone first (a few percent of the work) and
 *     compared as the detector compares samples; a stretch is not decoded when its keyframes
 *     show the same picture, apart from a small area that keeps changing in place (a speaker
 *     inset), and none of its frames took far more bits than the rest; nor when it holds its
 *     first picture up to a cut onto the next keyframe, which the frames' sizes show against
 *     those of the still stretches of the same video. Its samples then repeat the keyframe, at
 *     the times its frames are shown. The slides found are those of decoding every frame
 *     (checked on the project's accuracy corpus and by equivalence tests); on lectures a
 *     quarter to a third of the frames is decoded, see docs/BENCHMARKS.md. False decodes every
 *     frame: the reference the screening is tested against, and a fallback should a video
 *     defeat it.
 */
public record SamplingOptions(double samplesPerSecond, int analysisWidth, int decoderThreads,
                              int decoders, boolean skipNonReferenceFrames,
                              boolean skipStillStretches) {
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
    if (decoders < 1 || decoders > 64) {
      throw new IllegalArgumentException("decoders must be 1 to 64, got " + decoders);
    }
  }

  public SamplingOptions(double samplesPerSecond, int analysisWidth, int decoderThreads) {
    this(samplesPerSecond, analysisWidth, decoderThreads, 1, true, true);
  }

  /** The default {@link #samplesPerSecond()}. */
  public static final double DEFAULT_SAMPLES_PER_SECOND = 4.0;

  /**
   * Four samples per second (a hold of 1.5 s, common in animated decks, is six samples, and
   * boundaries are placed to a quarter second; the analysis of a sample costs about 0.5 ms
   * against some 4 ms for decoding each 1080p frame, see docs/BENCHMARKS.md), 320-pixel-wide
   * analysis frames, one single-threaded decoder per core (on 2 cores that beats one decoder
   * with FFmpeg's own threading).
   */
  public static SamplingOptions defaults() {
    return new SamplingOptions(DEFAULT_SAMPLES_PER_SECOND, 320, 0,
        Runtime.getRuntime().availableProcessors(), true, true);
  }

  public SamplingOptions withDecoders(int decoders, int decoderThreads) {
    return new SamplingOptions(samplesPerSecond, analysisWidth, decoderThreads, decoders,
        skipNonReferenceFrames, skipStillStretches);
  }

  public SamplingOptions withSamplesPerSecond(double rate) {
    return new SamplingOptions(rate, analysisWidth, decoderThreads, decoders,
        skipNonReferenceFrames, skipStillStretches);
  }

  public SamplingOptions withSkipNonReferenceFrames(boolean skip) {
    return new SamplingOptions(samplesPerSecond, analysisWidth, decoderThreads, decoders, skip,
        skipStillStretches);
  }

  /** The same options, skipping still stretches or decoding every frame (false). */
  public SamplingOptions withSkipStillStretches(boolean skip) {
    return new SamplingOptions(samplesPerSecond, analysisWidth, decoderThreads, decoders,
        skipNonReferenceFrames, skip);
  }
}
