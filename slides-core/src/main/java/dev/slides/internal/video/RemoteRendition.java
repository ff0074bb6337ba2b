package dev.slides.internal.video;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_clone;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import dev.slides.SamplingOptions;
import dev.slides.SlideExtractor.ImageSource;
import dev.slides.internal.download.HttpDownloader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.Locale;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slide images taken from a video on an HTTP server by seeking it, without downloading it: each
 * image fetches the bytes from the keyframe before it to its frame (bounded ranged requests
 * through the project's downloader, so its address filter, timeouts and size limit apply).
 */
public final class RemoteRendition implements ImageSource {
  private static final Logger log = LoggerFactory.getLogger(RemoteRendition.class);
  /** How far past a frame's time packets are fetched with it (B-frames are stored later). */
  private static final long LOOKAHEAD_MICROS = 300_000;

  private final RemoteInput input;
  private final VideoDecoder decoder;

  private RemoteRendition(RemoteInput input, VideoDecoder decoder) {
    this.input = input;
    this.decoder = decoder;
  }

  /**
   * Opens the video at {@code url}: reads its header and index (ranged requests), checks that
   * it is a video this server decodes.
   *
   * @throws IOException when the server cannot be reached, refuses, serves no ranges, or the
   *     file is not a supported video; the message says which, naming the URL without its query
   * @throws InterruptedIOException when the calling thread was interrupted (a cancel): the
   *     request in progress is aborted at once
   */
  public static RemoteRendition open(HttpDownloader downloader, URI url,
      HttpDownloader.Origin origin) throws IOException {
    RemoteInput input = new RemoteInput(downloader.open(url, origin));
    try {
      // Every frame decoded: the frame shown at a time may be one a sampler would skip.
      VideoDecoder decoder = VideoDecoder.open(input,
          SamplingOptions.builder().skipNonReferenceFrames(false).build(), 0);
      log.debug("Opened {} for slide images: {}", input.name(), decoder.info());
      return new RemoteRendition(input, decoder);
    } catch (IOException | RuntimeException e) {
      input.close();
      InterruptedIOException cancel = cancelled(input);
      if (cancel != null) {
        throw cancel;
      }
      throw e;
    }
  }

  /** Width of the video as shown. */
  public int width() {
    return decoder.info().width();
  }

  /** Height of the video as shown. */
  public int height() {
    return decoder.info().height();
  }

  /** Bytes fetched from the server so far. */
  public long bytesFetched() {
    return input.bytesFetched();
  }

  @Override
  public byte[] webpAt(double seconds, int maxWidth, int quality) throws IOException {
    long target = decoder.startMicros() + Math.round(seconds * 1e6);
    double rate = decoder.info().frameRate();
    long halfFrame = rate > 0 ? Math.round(0.5e6 / rate) : 20_000;
    long[] bytes = decoder.bytesFor(decoder.ticks(target),
        decoder.ticks(target + LOOKAHEAD_MICROS));
    if (bytes != null) {
      input.prefetch(bytes[0], bytes[1]);
    }
    decoder.seek(decoder.ticks(target));
    AVFrame chosen = null;
    boolean damaged = false;
    try {
      AVFrame frame;
      while ((frame = decoder.next()) != null) {
        if (chosen != null) {
          av_frame_free(chosen);
        }
        chosen = av_frame_clone(frame);
        damaged = decoder.frameDamaged();
        if (decoder.frameMicros() >= target - halfFrame) {
          break; // the first frame shown at the time (or the last before the end)
        }
      }
      InterruptedIOException cancel = cancelled(input);
      if (cancel != null) {
        throw cancel; // FFmpeg only saw a failed read; the job is being cancelled
      }
      if (chosen == null) {
        IOException cause = input.failure();
        throw new IOException(cause != null ? cause.getMessage()
            : "No frame at " + seconds + " s in " + input.name(), cause);
      }
      if (damaged) {
        // Broken blocks are no slide image: the caller takes it from the analysed video.
        throw new IOException(String.format(Locale.ROOT,
            "its picture at %.1f s is damaged (decode errors)", seconds));
      }
      try (FfmpegPicture picture = new FfmpegPicture(chosen, decoder.orientation())) {
        chosen = null; // the picture owns it
        return picture.encodeWebp(maxWidth, quality);
      }
    } finally {
      if (chosen != null) {
        av_frame_free(chosen);
      }
    }
  }

  /**
   * The cancel that made a read fail inside FFmpeg, which saw only an error code, or null:
   * reported as such, so that the extraction stops instead of taking its images from elsewhere.
   */
  private static InterruptedIOException cancelled(RemoteInput input) {
    return input.failure() instanceof InterruptedIOException e
        ? new InterruptedIOException(e.getMessage()) : null;
  }

  @Override
  public void close() {
    decoder.close();
    input.close();
  }
}
