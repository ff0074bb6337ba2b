package dev.slides.internal.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ444P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU601;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import java.io.IOException;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;
import org.slf4j.LoggerFactory;

/**
 * A reference to a decoded AVFrame. WebP is YUV 4:2:0 (BT.601, limited range) inside, so the
 * frame goes there straight from the decoder's YUV: no RGB step, hence no channel-order bug.
 */
final class FfmpegPicture implements Picture {
  private AVFrame frame;
  private final Orientation orientation;

  /**
   * Takes ownership of {@code frame} (a clone made for this picture), shown turned as
   * {@code orientation} says.
   */
  FfmpegPicture(AVFrame frame, Orientation orientation) {
    if (frame == null || frame.isNull()) {
      throw new IllegalStateException("Out of memory while keeping a frame");
    }
    this.frame = frame;
    this.orientation = orientation;
  }

  /** Bytes the pixels of a decoded frame take (its planes, as laid out with their strides). */
  static long bytes(AVFrame frame) {
    long bytes = 0;
    for (int plane = 0; plane < 4; plane++) {
      if (frame.data(plane) == null || frame.data(plane).isNull()) {
        break;
      }
      int rows = plane == 0 ? frame.height() : (frame.height() + 1) / 2;
      bytes += (long) Math.abs(frame.linesize(plane)) * rows;
    }
    return bytes;
  }

  /** Another reference to the same decoded frame, closed independently. */
  @Override
  public synchronized FfmpegPicture copy() {
    return new FfmpegPicture(org.bytedeco.ffmpeg.global.avutil.av_frame_clone(live()),
        orientation);
  }

  /**
   * Width as shown (with its pixels' shape, after turning the frame upright): what a player
   * shows, and what the image gets.
   */
  @Override
  public int width() {
    AVFrame f = live();
    return orientation.uprightWidth(shownWidth(f.width(), f.sample_aspect_ratio()), f.height());
  }

  /** Height as shown (after turning the frame upright). */
  @Override
  public int height() {
    AVFrame f = live();
    return orientation.uprightHeight(shownWidth(f.width(), f.sample_aspect_ratio()),
        f.height());
  }

  /**
   * Shapes of pixels outside this range are taken for broken tags and ignored: the widest in
   * use is 2:1 (anamorphic 2x), while a stray 255:1 would stretch a slide into a line.
   */
  private static final double MAX_PIXEL_STRETCH = 4;

  /**
   * Width as shown of a picture {@code width} pixels wide whose pixels are {@code aspect} as
   * wide as high: players keep the height and widen or narrow the picture (FFmpeg's
   * {@code scale=iw*sar:ih}). The stored width when the shape is unknown (0:1) or square.
   */
  static int shownWidth(int width, AVRational aspect) {
    return aspect == null ? width : shownWidth(width, aspect.num(), aspect.den());
  }

  /** {@link #shownWidth(int, AVRational)} of pixels {@code aspectNum:aspectDen}. */
  static int shownWidth(int width, int aspectNum, int aspectDen) {
    if (aspectNum <= 0 || aspectDen <= 0 || aspectNum == aspectDen) {
      return width;
    }
    double stretch = (double) aspectNum / aspectDen;
    if (stretch > MAX_PIXEL_STRETCH || stretch < 1 / MAX_PIXEL_STRETCH) {
      return width;
    }
    return Math.max(2, (int) Math.round(width * stretch));
  }

  @Override
  public byte[] encodeWebp(int maxWidth, int quality) throws IOException {
    return encodeWebp(maxWidth, quality, DEFAULT_EFFORT);
  }

  /**
   * libwebp's compression effort (its {@code method}, 0 fastest to 6 smallest). FFmpeg's default
   * is 4; 2 is about twice as fast for slide images at a few percent more bytes (see
   * docs/BENCHMARKS.md).
   */
  static final int DEFAULT_EFFORT = 2;

  synchronized byte[] encodeWebp(int maxWidth, int quality, int effort) throws IOException {
    if (maxWidth < 16) {
      throw new IllegalArgumentException("maxWidth must be at least 16, got " + maxWidth);
    }
    if (quality < 0 || quality > 100) {
      throw new IllegalArgumentException("quality must be 0 to 100, got " + quality);
    }
    AVFrame source = live();
    int uprightWidth = width();
    int uprightHeight = height();
    int outWidth = Math.min(maxWidth, uprightWidth);
    int outHeight = (int) Math.round((double) uprightHeight * outWidth / uprightWidth);
    outWidth = Math.max(2, outWidth & ~1);
    outHeight = Math.max(2, outHeight & ~1);

    // Scaled in the stored orientation, then turned upright.
    AVFrame yuv = orientation.swapsSides() ? toYuv420(source, outHeight, outWidth)
        : toYuv420(source, outWidth, outHeight);
    try {
      if (!orientation.isUpright()) {
        AVFrame upright = turn(yuv);
        av_frame_free(yuv);
        yuv = upright;
      }
      return encode(yuv, quality, effort);
    } finally {
      av_frame_free(yuv);
    }
  }

  /** A YUV 4:2:0 frame turned upright, plane by plane (sizes are even, so chroma turns too). */
  private AVFrame turn(AVFrame yuv) throws IOException {
    int width = orientation.uprightWidth(yuv.width(), yuv.height());
    int height = orientation.uprightHeight(yuv.width(), yuv.height());
    AVFrame out = newYuv420(width, height, "turning a slide image upright");
    for (int plane = 0; plane < 3; plane++) {
      int shift = plane == 0 ? 0 : 1;
      orientation.turn(yuv.data(plane), yuv.linesize(plane), yuv.width() >> shift,
          yuv.height() >> shift, out.data(plane), out.linesize(plane));
    }
    return out;
  }

  /**
   * An empty YUV 4:2:0 frame of that size, its buffers allocated; the caller frees it.
   *
   * @param doing what the frame is for, named in the out-of-memory error
   */
  private static AVFrame newYuv420(int width, int height, String doing) throws IOException {
    AVFrame out = av_frame_alloc();
    out.format(AV_PIX_FMT_YUV420P);
    out.width(width);
    out.height(height);
    if (av_frame_get_buffer(out, 32) < 0) {
      av_frame_free(out);
      throw new IOException("Out of memory while " + doing);
    }
    return out;
  }

  private static AVFrame toYuv420(AVFrame source, int width, int height) throws IOException {
    AVFrame out = newYuv420(width, height, "encoding a slide image");
    SwsContext sws = sws_getContext(source.width(), source.height(), source.format(),
        width, height, AV_PIX_FMT_YUV420P, SWS_BICUBIC | SWS_ACCURATE_RND,
        null, null, (DoublePointer) null);
    if (sws == null) {
      av_frame_free(out);
      throw new IOException("Cannot encode a slide image: the video's pixel format is not "
          + "supported");
    }
    try {
      int format = source.format();
      int fullRange = source.color_range() == AVCOL_RANGE_JPEG || format == AV_PIX_FMT_YUVJ420P
          || format == AV_PIX_FMT_YUVJ422P || format == AV_PIX_FMT_YUVJ444P ? 1 : 0;
      // Source matrix as tagged (unspecified means BT.601, as FFmpeg assumes); WebP wants BT.601.
      sws_setColorspaceDetails(sws, sws_getCoefficients(source.colorspace()), fullRange,
          sws_getCoefficients(SWS_CS_ITU601), 0, 0, 1 << 16, 1 << 16);
      sws_scale(sws, source.data(), source.linesize(), 0, source.height(),
          out.data(), out.linesize());
    } finally {
      sws_freeContext(sws);
    }
    return out;
  }

  private static byte[] encode(AVFrame yuv, int quality, int effort) throws IOException {
    AVCodec codec = avcodec_find_encoder_by_name("libwebp");
    if (codec == null) {
      throw new IOException("Cannot encode slide images: this server has no WebP encoder");
    }
    AVCodecContext context = avcodec_alloc_context3(codec);
    AVPacket packet = av_packet_alloc();
    AVDictionary options = new AVDictionary(null);
    try {
      context.width(yuv.width());
      context.height(yuv.height());
      context.pix_fmt(AV_PIX_FMT_YUV420P);
      context.time_base(av_make_q(1, 25));
      av_dict_set(options, "quality", String.format(Locale.ROOT, "%d", quality), 0);
      av_dict_set(options, "compression_level", Integer.toString(effort), 0);
      check(avcodec_open2(context, codec, options), "open the WebP encoder");
      yuv.pts(0);
      check(avcodec_send_frame(context, yuv), "send a frame to the WebP encoder");
      check(avcodec_send_frame(context, null), "flush the WebP encoder");
      check(avcodec_receive_packet(context, packet), "receive the WebP image");
      byte[] bytes = new byte[packet.size()];
      packet.data().capacity(packet.size()).get(bytes);
      return bytes;
    } finally {
      av_dict_free(options);
      av_packet_free(packet);
      avcodec_free_context(context);
    }
  }

  private static void check(int result, String what) throws IOException {
    if (result < 0) {
      LoggerFactory.getLogger(FfmpegPicture.class).debug("FFmpeg could not {}: error {}", what,
          result);
      throw new IOException("Cannot encode a slide image: the WebP encoder failed");
    }
  }

  private AVFrame live() {
    AVFrame f = frame;
    if (f == null) {
      throw new IllegalStateException("Picture already closed");
    }
    return f;
  }

  @Override
  public synchronized void close() {
    if (frame != null) {
      av_frame_free(frame);
      frame = null;
    }
  }
}
