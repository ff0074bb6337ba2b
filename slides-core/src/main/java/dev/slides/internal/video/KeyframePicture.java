package dev.slides.internal.video;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_clone;

import dev.slides.SamplingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * The picture of a keyframe that is decoded only if it is encoded: what the samples of a
 * stretch that holds one still picture show. The screening already analysed the keyframe, and
 * only the few samples that become a slide's first or last image need its pixels, so the
 * decoders skip such stretches altogether. Decoded alone after a seek, as a decoder of the
 * stretch would have decoded it: the same pixels.
 */
final class KeyframePicture implements Picture {
  private final Source source;
  private final long ticks;
  private final long micros;
  private final AtomicBoolean closed = new AtomicBoolean();

  private KeyframePicture(Source source, long ticks, long micros) {
    this.source = source;
    this.ticks = ticks;
    this.micros = micros;
  }

  @Override
  public int width() {
    live();
    return source.width;
  }

  @Override
  public int height() {
    live();
    return source.height;
  }

  @Override
  public byte[] encodeWebp(int maxWidth, int quality) throws IOException {
    live();
    try (FfmpegPicture picture = source.decode(ticks, micros)) {
      return picture.encodeWebp(maxWidth, quality);
    }
  }

  /** Another reference to the same keyframe, closed on its own. */
  @Override
  public KeyframePicture copy() {
    live();
    return source.picture(ticks, micros);
  }

  private void live() {
    if (closed.get()) {
      throw new IllegalStateException("Picture already closed");
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      source.release();
    }
  }

  /**
   * The keyframes of one video, decoded on demand by a decoder of their own, opened at the
   * first request and closed once the owner and every picture handed out are closed.
   */
  static final class Source implements AutoCloseable {
    /** Attempts at landing at or before a keyframe when a container seeks imprecisely. */
    private static final int SEEK_ATTEMPTS = 3;

    private final Path file;
    private final SamplingOptions options;
    private final int width;
    private final int height;
    private final Orientation orientation;
    private final AtomicBoolean ownerClosed = new AtomicBoolean();
    private int references = 1; // guarded by this; the owner's
    private VideoDecoder decoder; // guarded by this

    /**
     * Keyframes of {@code file}, whose pictures are {@code width} x {@code height} as shown
     * (upright, as {@link VideoInfo} gives them), stored turned as {@code orientation} says.
     */
    Source(Path file, SamplingOptions options, int width, int height, Orientation orientation) {
      this.file = file;
      this.options = options;
      this.width = width;
      this.height = height;
      this.orientation = orientation;
    }

    /** The keyframe presented at {@code micros} ({@code ticks} in the stream's time base). */
    synchronized KeyframePicture picture(long ticks, long micros) {
      if (references == 0) {
        throw new IllegalStateException("Keyframes of " + file.getFileName() + " closed");
      }
      references++;
      return new KeyframePicture(this, ticks, micros);
    }

    private synchronized FfmpegPicture decode(long ticks, long micros) throws IOException {
      if (decoder == null) {
        decoder = VideoDecoder.open(file, options, 1);
        decoder.decodeKeyframesOnly();
      }
      for (AVFrame frame = decoder.seekAtOrBefore(ticks, micros, Long.MIN_VALUE, SEEK_ATTEMPTS);
           frame != null && decoder.frameMicros() <= micros; frame = decoder.next()) {
        if (decoder.frameMicros() == micros) {
          return new FfmpegPicture(av_frame_clone(frame), orientation);
        }
      }
      throw new VideoDecodeException("Cannot decode the keyframe at " + micros / 1e6
          + " s of " + file.getFileName() + " again");
    }

    private synchronized void release() {
      if (--references == 0 && decoder != null) {
        decoder.close();
        decoder = null;
      }
    }

    /** The owner is done handing out pictures; those handed out stay usable until closed. */
    @Override
    public void close() {
      if (ownerClosed.compareAndSet(false, true)) {
        release();
      }
    }
  }
}
