package dev.slides.internal.video;

import dev.slides.LumaFrame;
import java.io.IOException;

/**
 * Gives every point of the sampling grid a sample, the same way whichever decoder path reads
 * the video. A frame stays on screen until the next one; a variable-frame-rate recording (a
 * screen recorder that writes a frame only when the screen changes) may show one frame for
 * many seconds, where the decoders' rule (the first frame at or after each grid point) finds
 * no frame for most points. Each such point gets the sample before it again, at the point's
 * time: the picture on screen then. The last sample is held the same way up to the video's
 * declared end, or up to the frame that ended the part asked for. A gap that decode errors
 * left is not filled: its frames are lost, not still, and a damaged constant-frame-rate video
 * keeps the samples it had (and its count of frames that could not be analysed).
 *
 * <p>A video with at least one frame per grid interval (any constant frame rate at or above
 * the sampling rate) gets exactly the decoders' samples. A repeated sample shares the small
 * grey frame and a reference to the picture of the sample it repeats: nothing is copied or
 * decoded. What is repeated is the last frame before each empty point, not merely the last
 * sample: when a recorder wrote a burst of frames (the end of a transition at its full rate)
 * and then nothing, the decoders' rule samples an early frame of the burst, but the screen
 * shows its last frame until the next one. Each decoder path keeps a reference to the last
 * frame it skipped (not converted) and, when the next frame's time (or the end) shows that
 * the next grid point is empty, hands that frame over, converted once, as the sample of that
 * point, which this then holds. Only frames decoded can be handed over (non-reference frames
 * skipped by the decoder cannot), and never across decode errors.
 */
final class HeldFrames implements VideoFrames {
  private final VideoFrames source;
  private final double rate;
  /**
   * The video's declared end (or the range's): no point from here on is filled. Infinite when
   * the duration is unknown (a WebM straight from a browser's MediaRecorder): the last sample
   * is then not held, as how long it lasts is not known.
   */
  private final double end;
  private final Held current = new Held();

  /** The source's next sample, fetched to learn how far the held one lasts; not yet out. */
  private VideoFrame pending;
  private boolean sourceEnded;
  /** The last sample out of the source: its picture, grey frame and grid point. */
  private Picture heldPicture;
  private LumaFrame heldLuma;
  private long heldPoint;
  private double heldTime;
  private boolean heldDamaged;
  private long nextIndex;

  /** The end of the part asked for. */
  private final double to;

  private HeldFrames(VideoFrames source, double rate, double end, double to) {
    this.source = source;
    this.rate = rate;
    this.end = end;
    this.to = to;
  }

  /** Wraps {@code source}, sampled at {@code rate} for {@code range}. */
  static VideoFrames of(VideoFrames source, double rate, TimeRange range) {
    double duration = source.info().durationSeconds();
    double end = duration > 0 ? range.declaredEnd(duration) : Double.POSITIVE_INFINITY;
    return new HeldFrames(source, rate, end, range.to());
  }

  /**
   * The grid point a frame at {@code time} stands for: the last one at or before it, a frame
   * up to a microsecond early counting as at the point (see
   * {@link FfmpegVideoFrames#nextSampleTime}).
   */
  static long gridPoint(double time, double rate) {
    return (long) Math.floor((time + 1e-6) * rate + 1e-9);
  }

  /** The decoder path underneath, for measurements. */
  VideoFrames source() {
    return source;
  }

  @Override
  public VideoInfo info() {
    return source.info();
  }

  @Override
  public int expectedSamples() {
    return source.expectedSamples();
  }

  @Override
  public DecodeDamage damage() {
    return source.damage();
  }

  @Override
  public double undecodedSeconds() {
    return source.undecodedSeconds();
  }

  @Override
  public double stoppedAt() {
    return source.stoppedAt();
  }

  @Override
  public VideoFrame next() throws IOException {
    if (pending == null && !sourceEnded) {
      // Replaces the source's previous sample, whose picture is held by reference.
      pending = source.next();
      sourceEnded = pending == null;
    }
    if (heldPicture != null) {
      long point = heldPoint + 1;
      double time = point / rate;
      // Up to the next frame: the next sample's, or the one past the part asked for, or the
      // declared end. A timestamp that jumps far past that end (a damaged file) fills nothing
      // past it, nor does a gap that decode errors left (the frames are lost, not still).
      double stopped = source.stoppedAt();
      boolean beforeNext = time + 1e-6 < Math.min(end, to)
          && (pending != null ? point < gridPoint(pending.time(), rate)
              : !Double.isNaN(stopped) ? point < gridPoint(stopped, rate) : Double.isFinite(end))
          && !source.damage().touches(heldTime, pending != null ? pending.time() : time);
      if (beforeNext) {
        heldPoint = point;
        current.set(nextIndex++, time, heldLuma, heldPicture, heldDamaged);
        return current;
      }
    }
    if (pending == null) {
      return null;
    }
    VideoFrame sample = pending;
    pending = null;
    if (heldPicture != null) {
      heldPicture.close();
    }
    heldPicture = sample.retain();
    heldLuma = sample.luma();
    heldPoint = gridPoint(sample.time(), rate);
    heldTime = sample.time();
    heldDamaged = sample.damaged();
    current.set(nextIndex++, sample.time(), heldLuma, heldPicture, heldDamaged);
    return current;
  }

  @Override
  public void close() {
    if (heldPicture != null) {
      heldPicture.close();
      heldPicture = null;
    }
    source.close();
  }

  /** A sample out of this source: its picture is the held one, retained by reference. */
  private static final class Held extends DecodedSample {
    private Picture picture;

    void set(long index, double time, LumaFrame luma, Picture picture, boolean damaged) {
      fill(index, time, luma, damaged);
      this.picture = picture;
    }

    @Override
    public Picture retain() {
      return picture.copy();
    }
  }
}
