package dev.slides.internal.video;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_image_copy_to_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_image_fill_arrays;
import static org.bytedeco.ffmpeg.global.avutil.av_image_get_buffer_size;

import java.io.IOException;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * A decoded frame's pixels copied into the Java heap, for the pictures decoders queue ahead of
 * the reader. Native frames held by a reader on another thread go back to the malloc arena of
 * the decoder thread that allocated them, and each arena keeps its high-water mark resident for
 * the rest of the process; the heap is bounded by {@code -Xmx} and reused. Copies share their
 * pixels (which never change); a picture becomes a native frame again only to be encoded.
 */
final class HeapPicture implements Picture {
  private final Pixels pixels;
  private final Orientation orientation;
  private volatile boolean closed;

  /** The pixels, packed plane after plane without padding, and what it takes to read them. */
  private record Pixels(byte[] data, int format, int width, int height, int colorRange,
                        int colorspace) {}

  private HeapPicture(Pixels pixels, Orientation orientation) {
    this.pixels = pixels;
    this.orientation = orientation;
  }

  /**
   * A native buffer a decoder thread reuses to pack frames before copying them to the heap;
   * frees itself on {@link #close()}.
   */
  static final class Scratch implements AutoCloseable {
    private BytePointer buffer = new BytePointer(0L);

    BytePointer atLeast(int bytes) {
      if (buffer.capacity() < bytes) {
        buffer.close();
        buffer = new BytePointer(bytes);
      }
      return buffer;
    }

    @Override
    public void close() {
      buffer.close();
    }
  }

  /**
   * Copies the pixels of {@code frame} (which stays the caller's), shown as turned; null when
   * FFmpeg cannot lay out its pixel format in one buffer (the caller keeps the frame itself).
   */
  static HeapPicture copyOf(AVFrame frame, Orientation orientation, Scratch scratch) {
    int format = frame.format();
    int width = frame.width();
    int height = frame.height();
    int size = av_image_get_buffer_size(format, width, height, 1);
    if (size < 0) {
      return null;
    }
    BytePointer packed = scratch.atLeast(size);
    if (av_image_copy_to_buffer(packed, size, frame.data(), frame.linesize(), format, width,
        height, 1) < 0) {
      return null;
    }
    byte[] data = new byte[size];
    packed.position(0).get(data);
    return new HeapPicture(new Pixels(data, format, width, height, frame.color_range(),
        frame.colorspace()), orientation);
  }

  /** Bytes the pixels take. */
  long bytes() {
    return pixels.data.length;
  }

  /** Another reference to the same pixels, closed independently. */
  @Override
  public HeapPicture copy() {
    live();
    return new HeapPicture(pixels, orientation);
  }

  @Override
  public int width() {
    live();
    return orientation.uprightWidth(pixels.width, pixels.height);
  }

  @Override
  public int height() {
    live();
    return orientation.uprightHeight(pixels.width, pixels.height);
  }

  @Override
  public byte[] encodeWebp(int maxWidth, int quality) throws IOException {
    live();
    try (BytePointer data = new BytePointer(pixels.data)) {
      AVFrame frame = av_frame_alloc();
      if (frame == null || frame.isNull()) {
        throw new IOException("Out of memory while encoding a slide image");
      }
      frame.format(pixels.format);
      frame.width(pixels.width);
      frame.height(pixels.height);
      frame.color_range(pixels.colorRange);
      frame.colorspace(pixels.colorspace);
      // The frame only points into the buffer: freeing it leaves the buffer to this method.
      av_image_fill_arrays(frame.data(), frame.linesize(), data, pixels.format, pixels.width,
          pixels.height, 1);
      try (FfmpegPicture picture = new FfmpegPicture(frame, orientation)) {
        return picture.encodeWebp(maxWidth, quality);
      }
    }
  }

  private void live() {
    if (closed) {
      throw new IllegalStateException("Picture already closed");
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
