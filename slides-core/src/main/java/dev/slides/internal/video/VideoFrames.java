package dev.slides.internal.video;

import dev.slides.SamplingOptions;
import java.io.IOException;

/**
 * Timestamped frames of a video, sampled at a fixed rate, in time order. Owns native resources:
 * close it.
 */
public interface VideoFrames extends AutoCloseable {
  /**
   * Opens a video file with FFmpeg: one decoder, or {@link SamplingOptions#decoders()} of them
   * on keyframe-aligned stretches (same samples either way), decoding only the stretches that
   * may hold a change unless told otherwise ({@link SamplingOptions#skipStillStretches()}).
   * Every point of the sampling grid up to the declared end gets a sample: where a
   * variable-frame-rate video shows no new frame, the one before is repeated
   * ({@link HeldFrames}).
   *
   * @throws VideoDecodeException when the file is missing, empty, not a supported video (only
   *     video containers are read: no playlists, file lists or images), or damaged; its
   *     message is plain words naming the file by its name only
   */
  static VideoFrames open(java.nio.file.Path file, SamplingOptions options)
      throws VideoDecodeException {
    return open(file, options, 0, Double.POSITIVE_INFINITY);
  }

  /**
   * {@link #open(java.nio.file.Path, SamplingOptions)} for the part of the video from
   * {@code fromSeconds} up to {@code toSeconds}: reading starts at the last keyframe before
   * {@code fromSeconds} and stops at {@code toSeconds}, and only the keyframes in between are
   * screened. The samples from {@code fromSeconds} on are those of reading the whole video, at
   * the same times; a few before it (from that keyframe) come first. None at or after
   * {@code toSeconds} is handed out.
   *
   * @param fromSeconds where the samples needed start, 0 for the start of the video
   * @param toSeconds where they end, {@link Double#POSITIVE_INFINITY} for the end of the video
   */
  static VideoFrames open(java.nio.file.Path file, SamplingOptions options, double fromSeconds,
      double toSeconds) throws VideoDecodeException {
    TimeRange range = new TimeRange(fromSeconds, toSeconds);
    VideoFrames decoded = options.decoders() > 1 || options.skipStillStretches()
        ? ParallelVideoFrames.open(file, options, range)
        : FfmpegVideoFrames.open(file, options, range);
    return HeldFrames.of(decoded, options.samplesPerSecond(), range);
  }

  VideoInfo info();

  /**
   * Number of samples the video (or the part of it asked for) should yield, from its declared
   * duration; 0 when unknown.
   */
  int expectedSamples();

  /**
   * The decode errors met so far, and where: a damaged file may still be read to its end,
   * with stretches of it missing or patched up. Complete once {@link #next()} returned null.
   */
  DecodeDamage damage();

  /**
   * Seconds of the video whose frames were not decoded, once {@link #next()} returned null:
   * stretches whose samples repeat their keyframes ({@link SamplingOptions#skipStillStretches()}).
   * Damage in the frames there cannot be seen, so {@link #damage()} cannot tell it.
   */
  default double undecodedSeconds() {
    return 0;
  }

  /**
   * Where the samples stopped before the end of the video, once {@link #next()} returned null:
   * the time of the first frame at or after the end of the part asked for; NaN when they ran
   * to the end of the video.
   */
  double stoppedAt();

  /**
   * The next sample, or null at the end of the video.
   *
   * @throws VideoDecodeException when the video turns out to be damaged
   */
  VideoFrame next() throws IOException;

  @Override
  void close();
}
