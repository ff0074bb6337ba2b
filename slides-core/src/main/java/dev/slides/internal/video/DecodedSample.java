package dev.slides.internal.video;

import dev.slides.LumaFrame;

/** The sample a frame source hands out: refilled by each call to {@code next()}. */
abstract class DecodedSample implements VideoFrame {
  private long index;
  private double time;
  private LumaFrame luma;
  private boolean damaged;

  void fill(long index, double time, LumaFrame luma, boolean damaged) {
    this.index = index;
    this.time = time;
    this.luma = luma;
    this.damaged = damaged;
  }

  @Override
  public long index() {
    return index;
  }

  @Override
  public double time() {
    return time;
  }

  @Override
  public LumaFrame luma() {
    return luma;
  }

  @Override
  public boolean damaged() {
    return damaged;
  }
}
