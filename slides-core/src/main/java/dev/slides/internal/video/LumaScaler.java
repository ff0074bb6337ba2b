package dev.slides.internal.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import dev.slides.LumaFrame;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Turns a decoded frame into the small grey frame the analysis works on, with swscale's area
 * averaging (which also smooths camera noise), turned upright when the video asks for it.
 * Every frame comes out the one size the stream's picture size gives, as a player shows a
 * stream whose pictures change size mid-way (a browser recording of a resized window, joined
 * recordings) in one window: the analysis compares frames of one size. Reuses its buffers; one
 * per decoder thread.
 */
final class LumaScaler implements AutoCloseable {
  private final int analysisWidth;
  private final Orientation orientation;
  /** The stream's picture size, as stored (before turning upright). */
  private final int streamWidth;
  private final int streamHeight;
  private SwsContext context;
  private BytePointer buffer;
  private PointerPointer<BytePointer> planes;
  private IntPointer strides;
  private int width;
  private int height;
  private int stride;

  /** A scaler for the frames of {@code decoder}'s stream. */
  LumaScaler(int analysisWidth, VideoDecoder decoder) {
    this(analysisWidth, decoder.orientation(), decoder.storedWidth(), decoder.storedHeight());
  }

  /**
   * A scaler for the frames of a stream whose pictures are {@code streamWidth} x
   * {@code streamHeight} as stored.
   */
  LumaScaler(int analysisWidth, Orientation orientation, int streamWidth, int streamHeight) {
    this.analysisWidth = analysisWidth;
    this.orientation = orientation;
    this.streamWidth = streamWidth;
    this.streamHeight = streamHeight;
  }

  /**
   * The upright grey frame, {@code analysisWidth} wide (or the stream's width when narrower), of
   * the height the stream's picture size gives, or null when swscale cannot read the frame's
   * pixel format.
   */
  LumaFrame scale(AVFrame picture) {
    int srcWidth = picture.width();
    int srcHeight = picture.height();
    // A stream that declares no size (its header did not say, probing did not find it) is
    // read at the size of its pictures.
    boolean declared = streamWidth > 0 && streamHeight > 0;
    int uprightWidth = orientation.uprightWidth(declared ? streamWidth : srcWidth,
        declared ? streamHeight : srcHeight);
    int uprightHeight = orientation.uprightHeight(declared ? streamWidth : srcWidth,
        declared ? streamHeight : srcHeight);
    int outWidth = Math.min(analysisWidth, uprightWidth);
    int outHeight =
        Math.max(1, (int) Math.round((double) uprightHeight * outWidth / uprightWidth));
    // Scaled in the stored orientation, then turned.
    int w = orientation.swapsSides() ? outHeight : outWidth;
    int h = orientation.swapsSides() ? outWidth : outHeight;
    if (buffer == null || w != width || h != height) {
      release();
      width = w;
      height = h;
      stride = (w + 31) & ~31;
      buffer = new BytePointer((long) stride * h);
      // swscale reads four plane pointers and strides even for a one-plane format.
      planes = new PointerPointer<>(4);
      planes.put(0, buffer);
      strides = new IntPointer(stride, 0, 0, 0);
    }
    context = sws_getCachedContext(context, srcWidth, srcHeight, picture.format(), w, h,
        AV_PIX_FMT_GRAY8, SWS_AREA, null, null, (DoublePointer) null);
    if (context == null) {
      return null;
    }
    sws_scale(context, picture.data(), picture.linesize(), 0, srcHeight, planes, strides);
    byte[] pixels = new byte[w * h];
    if (orientation.isUpright()) {
      for (int y = 0; y < h; y++) {
        buffer.position((long) y * stride).get(pixels, y * w, w);
      }
      buffer.position(0);
      return new LumaFrame(w, h, pixels);
    }
    byte[] stored = new byte[stride * h];
    buffer.position(0).get(stored);
    orientation.turn(stored, stride, w, h, pixels, outWidth);
    return new LumaFrame(outWidth, outHeight, pixels);
  }

  private void release() {
    if (buffer != null) {
      buffer.close();
      planes.close();
      strides.close();
      buffer = null;
    }
  }

  @Override
  public void close() {
    release();
    if (context != null) {
      sws_freeContext(context);
      context = null;
    }
  }
}
