package dev.slides.internal.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_FLAG_BITSTREAM;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_FLAG_HWACCEL;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_FLAG_PAL;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_image_copy_to_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_image_fill_arrays;
import static org.bytedeco.ffmpeg.global.avutil.av_image_fill_linesizes;
import static org.bytedeco.ffmpeg.global.avutil.av_image_get_buffer_size;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_pix_fmt_count_planes;
import static org.bytedeco.ffmpeg.global.avutil.av_pix_fmt_desc_get;

import java.io.IOException;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;

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
                        int colorspace, int aspectNum, int aspectDen) {}

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
    private final IntPointer linesizes = new IntPointer(4L);

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
      linesizes.close();
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
    byte[] data = new byte[size];
    if (!copyPlanes(frame, data, scratch)) {
      BytePointer packed = scratch.atLeast(size);
      if (av_image_copy_to_buffer(packed, size, frame.data(), frame.linesize(), format, width,
          height, 1) < 0) {
        return null;
      }
      packed.position(0).get(data);
    }
    AVRational aspect = frame.sample_aspect_ratio();
    return new HeapPicture(new Pixels(data, format, width, height, frame.color_range(),
        frame.colorspace(), aspect.num(), aspect.den()), orientation);
  }

  /**
   * Copies the planes of a planar frame straight into {@code data}, laid out as
   * {@code av_image_copy_to_buffer} lays them (one after the other, rows unpadded): one copy
   * instead of two through a native buffer, for the formats decoders give. False, copying
   * nothing, for other layouts (palettes, bitstreams, rows stored bottom up).
   */
  static boolean copyPlanes(AVFrame frame, byte[] data, Scratch scratch) {
    int format = frame.format();
    AVPixFmtDescriptor desc = av_pix_fmt_desc_get(format);
    if (desc == null || (desc.flags()
        & (AV_PIX_FMT_FLAG_PAL | AV_PIX_FMT_FLAG_BITSTREAM | AV_PIX_FMT_FLAG_HWACCEL)) != 0) {
      return false;
    }
    int planes = av_pix_fmt_count_planes(format);
    IntPointer packed = scratch.linesizes;
    if (planes < 1 || planes > 4 || av_image_fill_linesizes(packed, format, frame.width()) < 0) {
      return false;
    }
    int chromaHeight = -((-frame.height()) >> desc.log2_chroma_h());
    long total = 0;
    for (int p = 0; p < planes; p++) {
      int rows = p == 1 || p == 2 ? chromaHeight : frame.height();
      if (frame.linesize(p) < packed.get(p) || frame.data(p) == null) {
        return false;
      }
      total += (long) packed.get(p) * rows;
    }
    if (total != data.length) {
      return false;
    }
    int offset = 0;
    for (int p = 0; p < planes; p++) {
      int rows = p == 1 || p == 2 ? chromaHeight : frame.height();
      int rowBytes = packed.get(p);
      int stride = frame.linesize(p);
      BytePointer plane = frame.data(p);
      if (stride == rowBytes) {
        plane.position(0).get(data, offset, rowBytes * rows);
        offset += rowBytes * rows;
      } else {
        for (int y = 0; y < rows; y++) {
          plane.position((long) y * stride).get(data, offset, rowBytes);
          offset += rowBytes;
        }
      }
    }
    return true;
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
    return orientation.uprightWidth(shownWidth(), pixels.height);
  }

  @Override
  public int height() {
    live();
    return orientation.uprightHeight(shownWidth(), pixels.height);
  }

  private int shownWidth() {
    return FfmpegPicture.shownWidth(pixels.width, pixels.aspectNum, pixels.aspectDen);
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
      frame.sample_aspect_ratio(av_make_q(pixels.aspectNum, pixels.aspectDen));
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
