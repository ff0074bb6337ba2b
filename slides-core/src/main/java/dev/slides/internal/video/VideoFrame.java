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

  /** Keeps the full-resolution frame beyond the next call, until the picture is closed. */
  Picture retain();
}
