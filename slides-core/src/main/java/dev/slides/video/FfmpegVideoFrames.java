package dev.slides.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_clone;

import dev.slides.detect.LumaFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples a video file through FFmpeg (JavaCV's grabber in raw mode).
 *
 * <p>Every frame is decoded (H.264 cannot skip references), but only sampled frames are touched:
 * FFmpeg's swscale turns them into small grey frames (area averaging, which also smooths camera
 * noise), and the decoded frame itself is kept by reference only when the caller retains it.
 * Nothing grows with the video's length.
 */
public final class FfmpegVideoFrames implements VideoFrames {
  private static final Logger log = LoggerFactory.getLogger(FfmpegVideoFrames.class);

  private final Path file;
  private final SamplingOptions options;
  private final FFmpegFrameGrabber grabber;
  private final VideoInfo info;
  private final long startMicros;
  private final int expectedSamples;

  private final LumaScaler scaler;

  private long nextIndex;
  private double nextSampleTime;
  private double lastFrameTime = -1;
  private boolean ended;
  private final Sample current = new Sample();

  private FfmpegVideoFrames(Path file, SamplingOptions options, FFmpegFrameGrabber grabber) {
    this.file = file;
    this.options = options;
    this.grabber = grabber;
    this.startMicros = startMicros(grabber);
    double duration = streamDuration(grabber);
    this.scaler = new LumaScaler(options.analysisWidth());
    this.info = new VideoInfo(grabber.getImageWidth(), grabber.getImageHeight(), duration,
        grabber.getFrameRate(), grabber.getVideoCodecName());
    // Samples fall at 0, 1/rate, 2/rate, ... strictly before the end.
    this.expectedSamples = duration > 0
        ? Math.max(1, (int) Math.ceil(duration * options.samplesPerSecond() - 1e-6)) : 0;
  }

  /**
   * Opens a video file for sampling.
   *
   * @throws VideoDecodeException when the file is missing, empty, not a video, or damaged
   */
  public static FfmpegVideoFrames open(Path file, SamplingOptions options)
      throws VideoDecodeException {
    FfmpegLog.install();
    if (!Files.isRegularFile(file)) {
      throw new VideoDecodeException("Video file not found: " + file);
    }
    try {
      if (Files.size(file) == 0) {
        throw new VideoDecodeException("Video file is empty: " + file);
      }
    } catch (IOException e) {
      throw new VideoDecodeException("Cannot read video file " + file + ": " + e.getMessage(), e);
    }
    FFmpegFrameGrabber grabber = grabber(file, options, options.decoderThreads());
    try {
      grabber.start();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      closeQuietly(grabber);
      throw new VideoDecodeException(
          "Not a readable video: " + file.getFileName() + " (" + rootMessage(e) + ")", e);
    }
    if (grabber.getVideoStream() < 0 || grabber.getImageWidth() <= 0
        || grabber.getImageHeight() <= 0) {
      closeQuietly(grabber);
      throw new VideoDecodeException("No video stream in " + file.getFileName()
          + " (an audio-only file, or not a video at all)");
    }
    FfmpegVideoFrames frames = new FfmpegVideoFrames(file, options, grabber);
    log.debug("Opened {}: {}", file, frames.info);
    return frames;
  }

  FFmpegFrameGrabber grabber() {
    return grabber;
  }

  /**
   * A grabber as every decoder here uses it: the decoder's own frames (raw mode, no conversion),
   * no audio decoder, and non-reference frames skipped when asked.
   *
   * @param threads FFmpeg decoder threads; 0 lets FFmpeg choose
   */
  static FFmpegFrameGrabber grabber(Path file, SamplingOptions options, int threads) {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
    grabber.setImageMode(FrameGrabber.ImageMode.RAW);
    if (threads > 0) {
      grabber.setVideoOption("threads", Integer.toString(threads));
    }
    grabber.setAudioStream(-1); // audio is never read; do not open its decoder
    if (options.skipNonReferenceFrames()) {
      grabber.setVideoOption("skip_frame", "noref");
    }
    return grabber;
  }

  /** The container's start time, which frame timestamps are measured from, in microseconds. */
  static long startMicros(FFmpegFrameGrabber grabber) {
    long start = grabber.getFormatContext().start_time();
    return start == AV_NOPTS_VALUE ? 0 : start;
  }

  /**
   * The sampling rule shared by every decoder: after a sample at {@code time}, the next one is
   * the first frame at or after the next point of the {@code 1/rate} grid.
   */
  static double nextSampleTime(double time, double rate) {
    return (Math.floor(time * rate + 1e-6) + 1) / rate;
  }

  @Override
  public VideoInfo info() {
    return info;
  }

  @Override
  public int expectedSamples() {
    return expectedSamples;
  }

  @Override
  public VideoFrame next() throws IOException {
    if (ended) {
      return null;
    }
    while (true) {
      Frame frame;
      try {
        frame = grabber.grabImage();
      } catch (FrameGrabber.Exception | RuntimeException e) {
        throw new VideoDecodeException("Cannot decode " + file.getFileName() + " after "
            + String.format(Locale.ROOT, "%.1f", Math.max(0, lastFrameTime)) + " s: "
            + rootMessage(e), e);
      }
      if (frame == null || frame.opaque == null) {
        ended = true;
        checkComplete();
        return null;
      }
      AVFrame picture = (AVFrame) frame.opaque;
      double time = Math.max(0, (frame.timestamp - startMicros) / 1e6);
      lastFrameTime = Math.max(lastFrameTime, time);
      if (time + 1e-6 < nextSampleTime) {
        continue; // not a sample: never converted
      }
      nextSampleTime = nextSampleTime(time, options.samplesPerSecond());
      current.set(nextIndex++, time, toLuma(picture), picture);
      return current;
    }
  }

  /** A video whose frames stop well before its declared end was cut short. */
  private void checkComplete() throws VideoDecodeException {
    checkComplete(file, info, nextIndex, lastFrameTime);
  }

  /**
   * Fails when no sample came out, or when the frames stop well before the declared duration
   * (the file was cut short).
   */
  static void checkComplete(Path file, VideoInfo info, long samples, double lastFrameTime)
      throws VideoDecodeException {
    if (samples == 0) {
      throw new VideoDecodeException("No decodable frame in " + file.getFileName()
          + ": the file is damaged or truncated");
    }
    double declared = info.durationSeconds();
    double tolerance = Math.max(2.0, 0.05 * declared);
    double frameGap = info.frameRate() > 0 ? 1.0 / info.frameRate() : 0;
    if (declared > 0 && lastFrameTime + frameGap + tolerance < declared) {
      throw new VideoDecodeException(String.format(Locale.ROOT,
          "%s stops at %.1f s but declares %.1f s: the file is truncated or damaged",
          file.getFileName(), lastFrameTime, declared));
    }
  }

  private LumaFrame toLuma(AVFrame picture) throws VideoDecodeException {
    LumaFrame luma = scaler.scale(picture);
    if (luma == null) {
      throw new VideoDecodeException("Cannot scale frames of pixel format " + picture.format()
          + " in " + file.getFileName());
    }
    return luma;
  }

  @Override
  public void close() {
    closeQuietly(grabber);
    scaler.close();
  }

  private static double streamDuration(FFmpegFrameGrabber grabber) {
    AVStream stream = grabber.getFormatContext().streams(grabber.getVideoStream());
    if (stream != null && stream.duration() > 0 && stream.time_base().den() > 0) {
      return stream.duration() * (double) stream.time_base().num() / stream.time_base().den();
    }
    long micros = grabber.getLengthInTime();
    return micros > 0 ? micros / 1e6 : 0;
  }

  private static void closeQuietly(FFmpegFrameGrabber grabber) {
    try {
      grabber.close();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      log.debug("Closing the grabber failed", e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage();
    return message == null ? t.getClass().getSimpleName() : message;
  }

  /** The decoder's own frame, borrowed until the next call; {@link #retain} takes a reference. */
  private static final class Sample extends DecodedSample {
    private AVFrame picture;

    void set(long index, double time, LumaFrame luma, AVFrame picture) {
      fill(index, time, luma);
      this.picture = picture;
    }

    @Override
    public Picture retain() {
      AVFrame clone = av_frame_clone(picture);
      if (clone == null) {
        throw new IllegalStateException("Out of memory while keeping a frame");
      }
      return new FfmpegPicture(clone);
    }
  }
}
