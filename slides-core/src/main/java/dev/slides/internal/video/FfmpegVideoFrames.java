package dev.slides.internal.video;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_clone;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import dev.slides.LumaFrame;
import dev.slides.SamplingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples a video file with one FFmpeg decoder.
 *
 * <p>Every frame is decoded (H.264 cannot skip references; non-reference frames are skipped
 * when the source has frames to spare, see {@link SamplingOptions#skipNonReferenceFrames()}),
 * but only sampled frames are touched: FFmpeg's swscale turns them into small grey frames (area
 * averaging, which also smooths camera noise), and the decoded frame itself is kept by
 * reference only when the caller retains it. The last frame skipped is referenced too, and
 * converted only when no frame follows it before the next grid point (see {@link HeldFrames}).
 * Nothing grows with the video's length.
 */
public final class FfmpegVideoFrames implements VideoFrames {
  private static final Logger log = LoggerFactory.getLogger(FfmpegVideoFrames.class);

  /** Attempts at landing before the start when a container seeks imprecisely. */
  private static final int SEEK_ATTEMPTS = 4;

  private final VideoDecoder decoder;
  private final SamplingOptions options;
  private final TimeRange range;
  private final int expectedSamples;
  private final LumaScaler scaler;

  /** The frame the seek to the start decoded, which {@link #next()} takes first. */
  private AVFrame seeked;
  private long nextIndex;
  private double nextSampleTime;
  private double lastFrameTime = -1;
  /** Until when the last frame is shown, as the stream says. */
  private double shownUntil = -1;
  private boolean ended;
  private double stoppedAt = Double.NaN;
  private final Sample current;
  /**
   * A reference to the last frame skipped since the last sample (not converted), and its time
   * (NaN when none): the picture on screen at the next grid point when no frame comes by then.
   */
  private final AVFrame skipped = av_frame_alloc();
  private double skippedTime = Double.NaN;
  /** Whether the skipped frame may show broken blocks ({@link VideoDecoder#frameDamaged()}). */
  private boolean skippedDamaged;
  /** The stream ended (or the part asked for did) after the skipped frame was handed over. */
  private boolean endAfterSkipped;

  private FfmpegVideoFrames(VideoDecoder decoder, SamplingOptions options, TimeRange range) {
    this.decoder = decoder;
    this.options = options;
    this.range = range;
    this.scaler = new LumaScaler(options.analysisWidth(), decoder);
    this.current = new Sample(decoder.orientation());
    this.expectedSamples = range.expectedSamples(decoder.info().durationSeconds(),
        options.samplesPerSecond());
  }

  /**
   * Opens a video file for sampling.
   *
   * @throws VideoDecodeException when the file is missing, empty, not a supported video, or
   *     damaged
   */
  public static FfmpegVideoFrames open(Path file, SamplingOptions options)
      throws VideoDecodeException {
    return open(file, options, TimeRange.WHOLE);
  }

  /**
   * Opens a video file for sampling {@code range}: from the last keyframe before its start.
   *
   * @throws VideoDecodeException when the file is missing, empty, not a supported video, or
   *     damaged
   */
  static FfmpegVideoFrames open(Path file, SamplingOptions options, TimeRange range)
      throws VideoDecodeException {
    VideoDecoder decoder = VideoDecoder.open(file, options, options.decoderThreads());
    try {
      FfmpegVideoFrames frames = new FfmpegVideoFrames(decoder, options, range);
      if (!range.startsAtZero()) {
        frames.seekBefore(range.from());
      }
      return frames;
    } catch (VideoDecodeException | RuntimeException e) {
      decoder.close();
      throw e;
    }
  }

  /**
   * Moves to the last keyframe strictly before {@code seconds}. Strictly: the first frame after
   * a seek is always a sample, and a keyframe at {@code seconds} itself is one only when a grid
   * point lies between the frame before it and it, which only decoding that frame tells. From
   * the keyframe on, the sampling rule picks the frames it picks reading from the start: the
   * first frame at or after each point of the grid.
   */
  private void seekBefore(double seconds) throws VideoDecodeException {
    long micros = decoder.startMicros() + Math.round(seconds * 1e6) - 1;
    long floor = decoder.ticks(decoder.startMicros());
    // Frames before the range, which the landing keyframe's neighbours may be, are not ours
    // to report damaged.
    decoder.countErrorsBetween(micros, Long.MAX_VALUE);
    try {
      seeked = decoder.seekAtOrBefore(decoder.ticks(micros), micros, floor, SEEK_ATTEMPTS);
    } catch (VideoDecodeException e) {
      // A file without an index to seek by is still read, from its start as before.
      log.debug("Cannot seek {} to {} s; reading from the start", decoder.name(), seconds, e);
    }
  }

  /**
   * The sampling rule shared by every decoder: after a sample at {@code time}, the next one is
   * the first frame at or after the next point of the {@code 1/rate} grid. A frame up to a
   * microsecond before a point is taken as at it (times in microseconds are rounded: a stream
   * starting at 1.466667 s puts frames on the grid at 0.999999 s), here as where frames are
   * picked ({@code time + 1e-6 >= next}), so that it stands for that point once, not twice.
   */
  static double nextSampleTime(double time, double rate) {
    return (Math.floor((time + 1e-6) * rate + 1e-9) + 1) / rate;
  }

  /** True when this decoder skips non-reference frames (the source has frames to spare). */
  boolean skipsNonReferenceFrames() {
    return decoder.skipsNonReferenceFrames();
  }

  @Override
  public VideoInfo info() {
    return decoder.info();
  }

  @Override
  public int expectedSamples() {
    return expectedSamples;
  }

  @Override
  public DecodeDamage damage() {
    return decoder.damage();
  }

  @Override
  public double stoppedAt() {
    return stoppedAt;
  }

  /** Frames decoded so far, for measurements. */
  long framesDecoded() {
    return decoder.framesDecoded();
  }

  @Override
  public VideoFrame next() throws IOException {
    if (ended) {
      return null;
    }
    av_frame_unref(skipped); // handed over by the last call, or superseded
    while (true) {
      AVFrame picture = endAfterSkipped ? null : seeked != null ? seeked : decoder.next();
      seeked = null;
      if (picture == null) {
        if (!endAfterSkipped && skippedHeldUntil(range.declaredEnd(info().durationSeconds()))) {
          endAfterSkipped = true;
          return handOverSkipped();
        }
        ended = true;
        checkComplete(decoder.name(), info(), nextIndex, lastFrameTime, shownUntil, range);
        return null;
      }
      double time = decoder.frameSeconds();
      if (time >= range.to()) {
        if (skippedHeldUntil(time)) {
          seeked = picture; // taken again by the next call, which stops there
          return handOverSkipped();
        }
        stoppedAt = time;
        ended = true; // past the part asked for: nothing more is decoded
        return null;
      }
      lastFrameTime = Math.max(lastFrameTime, time);
      shownUntil = Math.max(shownUntil, decoder.frameEndSeconds());
      if (time + 1e-6 < nextSampleTime) {
        if (nextIndex > 0) {
          // Not a sample, never converted: only referenced, in case nothing follows it.
          av_frame_unref(skipped);
          av_frame_ref(skipped, picture);
          skippedTime = time;
          skippedDamaged = decoder.frameDamaged();
        }
        continue;
      }
      if (skippedHeldUntil(time)) {
        seeked = picture; // the sample of the next call
        return handOverSkipped();
      }
      skippedTime = Double.NaN;
      av_frame_unref(skipped);
      nextSampleTime = nextSampleTime(time, options.samplesPerSecond());
      current.set(nextIndex++, time, toLuma(picture), picture, decoder.frameDamaged());
      return current;
    }
  }

  /**
   * Whether a frame skipped since the last sample is still on screen at the next grid point:
   * the next frame (or the end) comes at {@code until}, after that point's interval, and no
   * decode error lies between (lost frames are not a still screen).
   */
  private boolean skippedHeldUntil(double until) {
    if (Double.isNaN(skippedTime)) {
      return false;
    }
    double rate = options.samplesPerSecond();
    long point = Math.round(nextSampleTime * rate);
    return until > 0 && HeldFrames.gridPoint(until, rate) > point
        && nextSampleTime + 1e-6 < Math.min(until, range.to())
        && !decoder.damage().touches(skippedTime, until);
  }

  /**
   * Hands over the last skipped frame, converted now, as the sample of the next grid point
   * (which no frame reached): the picture on screen then, which {@link HeldFrames} holds.
   */
  private VideoFrame handOverSkipped() throws VideoDecodeException {
    double time = nextSampleTime;
    skippedTime = Double.NaN;
    nextSampleTime = nextSampleTime(time, options.samplesPerSecond());
    current.set(nextIndex++, time, toLuma(skipped), skipped, skippedDamaged);
    return current;
  }

  /**
   * Fails when no sample came out, or when the frames stop well before the declared duration
   * or the end of {@code range} (the file was cut short). Frames stop where the last one is
   * no longer shown: one frame interval after it, or until {@code shownUntil} when its stream
   * says it lasts longer (a screen recording that ends on a still slide writes no more frames).
   */
  static void checkComplete(String name, VideoInfo info, long samples, double lastFrameTime,
      double shownUntil, TimeRange range) throws VideoDecodeException {
    if (samples == 0) {
      throw new VideoDecodeException("No picture could be decoded from " + name
          + ": the file is damaged or truncated");
    }
    double declared = range.declaredEnd(info.durationSeconds());
    double tolerance = Math.max(2.0, 0.05 * declared);
    double frameGap = info.frameRate() > 0 ? 1.0 / info.frameRate() : 0;
    if (declared > 0
        && Math.max(lastFrameTime + frameGap, shownUntil) + tolerance < declared) {
      throw new VideoDecodeException(String.format(Locale.ROOT,
          "%s stops at %.1f s but declares %.1f s: the file is truncated or damaged",
          name.startsWith("the ") ? "The" + name.substring(3) : name, // "the uploaded file"
          lastFrameTime, declared));
    }
  }

  private LumaFrame toLuma(AVFrame picture) throws VideoDecodeException {
    LumaFrame luma = scaler.scale(picture);
    if (luma == null) {
      log.debug("swscale cannot read pixel format {} of {}", picture.format(), decoder.name());
      throw new VideoDecodeException("Cannot decode " + decoder.name()
          + ": its pictures are in a pixel format this server cannot read");
    }
    return luma;
  }

  @Override
  public void close() {
    av_frame_free(skipped);
    decoder.close();
    scaler.close();
  }

  /** The decoder's own frame, borrowed until the next call; {@link #retain} takes a reference. */
  private static final class Sample extends DecodedSample {
    private final Orientation orientation;
    private AVFrame picture;

    Sample(Orientation orientation) {
      this.orientation = orientation;
    }

    void set(long index, double time, LumaFrame luma, AVFrame picture, boolean damaged) {
      fill(index, time, luma, damaged);
      this.picture = picture;
    }

    @Override
    public Picture retain() {
      return new FfmpegPicture(av_frame_clone(picture), orientation);
    }
  }
}
