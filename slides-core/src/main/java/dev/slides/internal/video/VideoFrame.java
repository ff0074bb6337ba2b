package dev.slides.internal.video;

import dev.slides.LumaFrame;

/** One sampled frame. Valid until the next call to {@link VideoFrames#next()}. */
public interface VideoFrame {
  /** 0 for the first sample, then 1, 2, ... */
  long index();

  /** Seconds from the start of the video. */
  double time();

  /** The small grey frame the analysis works on. */
  LumaFrame luma();

  /**
   * Whether the picture may show broken blocks and is not to be analysed or published: it was
   * decoded with errors, or after a decode error and before the next keyframe decoded without
   * error (FFmpeg patches a damaged picture up from what it has, and the frames predicted from
   * it carry that on), or it repeats such a picture.
   */
  boolean damaged();

  /** Keeps the full-resolution frame beyond the next call, until the picture is closed. */
  Picture retain();
}
