package dev.slides.export.internal;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_WEBP;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU601;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FULL_CHR_H_INT;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;

/**
 * Decodes a WebP slide image to RGB with the FFmpeg that slides-core already bundles (Java's
 * ImageIO and PDFBox cannot read WebP, and another native library would be one more thing to
 * ship per platform). Thread-safe: every call has its own decoder.
 */
public final class WebpDecoder {
  private WebpDecoder() {}

  /** True when {@code bytes} start like a WebP file ({@code RIFF....WEBP}). */
  public static boolean isWebp(byte[] bytes) {
    return bytes.length > 12 && bytes[0] == 'R' && bytes[1] == 'I' && bytes[2] == 'F'
        && bytes[3] == 'F' && bytes[8] == 'W' && bytes[9] == 'E' && bytes[10] == 'B'
        && bytes[11] == 'P';
  }

  /**
   * The image in {@code webp}, as a {@link BufferedImage#TYPE_3BYTE_BGR} image.
   *
   * @param what names the image in errors ({@code "slide 3 (3-first.webp)"})
   * @throws IOException when the bytes are not a WebP image FFmpeg can decode
   */
  public static BufferedImage decode(byte[] webp, String what) throws IOException {
    if (!isWebp(webp)) {
      throw new IOException("The image of " + what + " is not a WebP file");
    }
    AVCodec codec = avcodec_find_decoder(AV_CODEC_ID_WEBP);
    if (codec == null) {
      throw new IOException("Cannot read the image of " + what + ": no WebP decoder");
    }
    AVCodecContext context = avcodec_alloc_context3(codec);
    AVPacket packet = av_packet_alloc();
    AVFrame frame = av_frame_alloc();
    try {
      check(avcodec_open2(context, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null), what);
      // av_new_packet adds the zeroed padding FFmpeg's bitstream readers may read past the end.
      check(av_new_packet(packet, webp.length), what);
      packet.data().capacity(webp.length).put(webp);
      check(avcodec_send_packet(context, packet), what);
      check(avcodec_receive_frame(context, frame), what);
      return toBgr(frame, what);
    } finally {
      av_frame_free(frame);
      av_packet_free(packet);
      avcodec_free_context(context);
    }
  }

  private static BufferedImage toBgr(AVFrame frame, String what) throws IOException {
    int width = frame.width();
    int height = frame.height();
    if (width <= 0 || height <= 0) {
      throw new IOException("The image of " + what + " is empty");
    }
    SwsContext sws = sws_getContext(width, height, frame.format(), width, height,
        AV_PIX_FMT_BGR24, SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT,
        null, null, (DoublePointer) null);
    if (sws == null) {
      throw new IOException("Cannot read the image of " + what + ": unsupported pixel format");
    }
    // An AVFrame's buffer is aligned and padded: swscale's SIMD code writes whole vectors and
    // may run past the last pixel of a row.
    AVFrame bgr = av_frame_alloc();
    try {
      bgr.format(AV_PIX_FMT_BGR24);
      bgr.width(width);
      bgr.height(height);
      if (av_frame_get_buffer(bgr, 64) < 0) {
        throw new IOException("Out of memory while reading the image of " + what);
      }
      // slides-core writes BT.601 limited-range YUV (what WebP holds); say so rather than rely
      // on the decoder tagging it.
      int fullRange = frame.color_range() == AVCOL_RANGE_JPEG ? 1 : 0;
      sws_setColorspaceDetails(sws, sws_getCoefficients(SWS_CS_ITU601), fullRange,
          sws_getCoefficients(SWS_CS_ITU601), 1, 0, 1 << 16, 1 << 16);
      sws_scale(sws, frame.data(), frame.linesize(), 0, height, bgr.data(), bgr.linesize());
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
      byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
      BytePointer rows = bgr.data(0);
      long stride = bgr.linesize(0);
      int rowBytes = width * 3;
      for (int y = 0; y < height; y++) {
        rows.position(y * stride).get(pixels, y * rowBytes, rowBytes);
      }
      return image;
    } finally {
      av_frame_free(bgr);
      sws_freeContext(sws);
    }
  }

  private static void check(int result, String what) throws IOException {
    if (result < 0) {
      throw new IOException("Cannot read the image of " + what + ": not a valid WebP image");
    }
  }
}
