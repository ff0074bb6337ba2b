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
   *
   * @throws VideoDecodeException when the file is missing, empty, not a supported video (only
   *     video containers are read: no playlists, file lists or images), or damaged; its
   *     message is plain words naming the file by its name only
   */
  static VideoFrames open(java.nio.file.Path file, SamplingOptions options)
      throws VideoDecodeException {
    return options.decoders() > 1 || options.skipStillStretches()
        ? ParallelVideoFrames.open(file, options)
        : FfmpegVideoFrames.open(file, options);
  }

  VideoInfo info();

  /** Number of samples the video should yield, from its declared duration; 0 when unknown. */
  int expectedSamples();

  /**
   * The decode errors met so far, and where: a damaged file may still be read to its end,
   * with stretches of it missing or patched up. Complete once {@link #next()} returned null.
   */
  DecodeDamage damage();

  /**
   * The next sample, or null at the end of the video.
   *
   * @throws VideoDecodeException when the video turns out to be damaged
   */
  VideoFrame next() throws IOException;

  @Override
  void close();
}
