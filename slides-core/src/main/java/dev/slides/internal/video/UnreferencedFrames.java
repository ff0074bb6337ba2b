package dev.slides.internal.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG1VIDEO;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG2VIDEO;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.javacpp.BytePointer;

/**
 * Tells, from a packet's first picture header, whether it holds a frame no other frame refers
 * to: FFmpeg's decoders drop those when told to skip non-reference frames, so samples handed
 * out without decoding must not be taken at their times. H.264: a first slice with
 * {@code nal_ref_idc} 0; HEVC: a first slice of a sub-layer non-reference type ({@code
 * TRAIL_N}, {@code TSA_N}, {@code STSA_N}, {@code RADL_N}, {@code RASL_N}, reserved
 * {@code N10-N14}); MPEG-4 part 2 and MPEG-1/2: a B picture. Other codecs are not told apart:
 * every frame counts as decoded.
 */
final class UnreferencedFrames {
  /** Which picture headers a stream has. */
  enum Syntax { NONE, H264, HEVC, MPEG4, MPEG12 }

  /**
   * How to read a stream's packets.
   *
   * @param lengthSize for H.264 and HEVC as MP4 and Matroska store them, the size of the length
   *     before each NAL unit (1-4 bytes); 0 for start codes (MPEG-TS, raw streams)
   */
  record Framing(Syntax syntax, int lengthSize) {
    static final Framing NONE = new Framing(Syntax.NONE, 0);
  }

  /** How much of a packet with start codes is searched for its first picture header. */
  private static final int HEAD_BYTES = 8192;

  private UnreferencedFrames() {}

  /** How the packets of a stream with these parameters are read. */
  static Framing framing(AVCodecParameters par) {
    int id = par.codec_id();
    if (id == AV_CODEC_ID_MPEG4) {
      return new Framing(Syntax.MPEG4, 0);
    }
    if (id == AV_CODEC_ID_MPEG1VIDEO || id == AV_CODEC_ID_MPEG2VIDEO) {
      return new Framing(Syntax.MPEG12, 0);
    }
    BytePointer extra = par.extradata();
    int extraSize = par.extradata_size();
    // avcC and hvcC (ISO 14496-15) start with version 1; Annex B extradata with a start code.
    boolean config = extra != null && !extra.isNull() && extraSize > 0 && extra.get(0) == 1;
    if (id == AV_CODEC_ID_H264) {
      return new Framing(Syntax.H264, config && extraSize >= 7 ? (extra.get(4) & 3) + 1 : 0);
    }
    if (id == AV_CODEC_ID_HEVC) {
      return new Framing(Syntax.HEVC, config && extraSize >= 23 ? (extra.get(21) & 3) + 1 : 0);
    }
    return Framing.NONE;
  }

  /**
   * Whether the packet holds a picture no other refers to. False when the bytes looked at
   * show no picture header.
   */
  static boolean unreferenced(BytePointer data, int size, Framing framing) {
    if (data == null || data.isNull() || size <= 0 || framing.syntax() == Syntax.NONE) {
      return false;
    }
    if (framing.syntax() == Syntax.H264 || framing.syntax() == Syntax.HEVC) {
      int header = firstSlice(data, size, framing);
      return header >= 0 && slice(framing.syntax(), header) == 1;
    }
    // MPEG-4 Part 2, MPEG-1 and 2: start codes, the picture header within the first bytes.
    byte[] head = new byte[Math.min(size, HEAD_BYTES)];
    data.get(head);
    for (int i = 0; i + 5 < head.length; i++) {
      if (head[i] != 0 || head[i + 1] != 0 || head[i + 2] != 1) {
        continue;
      }
      int code = head[i + 3] & 0xff;
      if (framing.syntax() == Syntax.MPEG4 && code == 0xb6) {
        return (head[i + 4] & 0xc0) >> 6 == 2; // vop_coding_type: B
      }
      if (framing.syntax() == Syntax.MPEG12 && code == 0x00) {
        return ((head[i + 5] & 0xff) >> 3 & 7) == 3; // picture_coding_type: B
      }
      i += 2;
    }
    return false;
  }

  /**
   * Whether the packet's picture starts the decoding afresh, so that it decodes alike whatever
   * packets were decoded before it, or none: for H.264 an IDR picture (its first slice's
   * {@code nal_unit_type} 5), for HEVC an IDR or BLA picture (types 16-20), which reset the
   * picture order count and the reference pictures; a non-IDR intra picture may be numbered
   * after frames left out ({@code frame_num}, picture order count), which the decoder takes
   * for lost frames. Other codecs: true (the packet is taken at its keyframe flag).
   */
  static boolean startsAfresh(BytePointer data, int size, Framing framing) {
    if (framing.syntax() != Syntax.H264 && framing.syntax() != Syntax.HEVC) {
      return true;
    }
    int header = firstSlice(data, size, framing);
    if (header < 0) {
      return false;
    }
    if (framing.syntax() == Syntax.H264) {
      return (header & 0x1f) == 5;
    }
    int type = header >> 1 & 0x3f;
    return type >= 16 && type <= 20;
  }

  /** The first byte of the packet's first slice NAL unit (H.264, HEVC); -1 when none is seen. */
  private static int firstSlice(BytePointer data, int size, Framing framing) {
    if (data == null || data.isNull() || size <= 0) {
      return -1;
    }
    if (framing.lengthSize() > 0) {
      int lengthSize = framing.lengthSize();
      long at = 0;
      while (at + lengthSize < size) {
        long length = 0;
        for (int i = 0; i < lengthSize; i++) {
          length = (length << 8) | (data.get(at + i) & 0xff);
        }
        int header = data.get(at + lengthSize) & 0xff;
        if (slice(framing.syntax(), header) >= 0) {
          return header;
        }
        at += lengthSize + length;
      }
      return -1;
    }
    // Start codes: the picture header comes within the packet's first bytes (after parameter
    // sets and SEI; x264's settings SEI is the longest, well under this).
    byte[] head = new byte[Math.min(size, HEAD_BYTES)];
    data.get(head);
    for (int i = 0; i + 5 < head.length; i++) {
      if (head[i] == 0 && head[i + 1] == 0 && head[i + 2] == 1) {
        int header = head[i + 3] & 0xff;
        if (slice(framing.syntax(), header) >= 0) {
          return header;
        }
        i += 2;
      }
    }
    return -1;
  }

  /**
   * What the first byte of a NAL unit says: 1 a slice of a non-reference picture, 0 a slice of
   * a reference picture, -1 no slice (parameter sets, SEI, delimiters: read on).
   */
  private static int slice(Syntax syntax, int header) {
    if (syntax == Syntax.H264) {
      int type = header & 0x1f;
      if (type < 1 || type > 5) {
        return -1;
      }
      return (header & 0x60) == 0 ? 1 : 0; // nal_ref_idc
    }
    int type = header >> 1 & 0x3f; // HEVC: forbidden bit, then nal_unit_type
    if (type > 31) {
      return -1; // not a slice (VCL types are 0-31)
    }
    return type <= 14 && type % 2 == 0 ? 1 : 0;
  }
}
