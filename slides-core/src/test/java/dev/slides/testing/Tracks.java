package dev.slides.testing;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_DEFAULT;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Puts the video tracks of several files into one Matroska file, as lecture-capture systems
 * and editors write a camera and a screen side by side, or a cover picture before the video.
 */
public final class Tracks {
  private Tracks() {}

  /** One input: its first stream becomes a track, marked default (played first) or not. */
  public record Track(Path file, boolean isDefault) {}

  /** Writes {@code tracks}, in this order, into the Matroska file {@code out}. */
  public static Path matroska(Path out, Track... tracks) throws IOException {
    List<AVFormatContext> inputs = new ArrayList<>();
    AVFormatContext output = new AVFormatContext(null);
    record Timed(AVPacket packet, double seconds) {}
    List<Timed> packets = new ArrayList<>();
    try {
      check(avformat_alloc_output_context2(output, null, "matroska", out.toString()),
          "create " + out);
      for (int i = 0; i < tracks.length; i++) {
        AVFormatContext in = new AVFormatContext(null);
        check(avformat_open_input(in, tracks[i].file().toString(), (AVInputFormat) null,
            (AVDictionary) null), "open " + tracks[i].file());
        inputs.add(in);
        check(avformat_find_stream_info(in, (PointerPointer<?>) null), "read " + tracks[i]);
        AVStream source = in.streams(0);
        AVStream track = avformat_new_stream(output, null);
        check(avcodec_parameters_copy(track.codecpar(), source.codecpar()), "copy a track");
        track.codecpar().codec_tag(0);
        track.time_base(source.time_base());
        track.disposition(tracks[i].isDefault() ? AV_DISPOSITION_DEFAULT : 0);
        AVPacket packet = av_packet_alloc();
        while (av_read_frame(in, packet) >= 0) {
          if (packet.stream_index() == 0) {
            AVPacket copy = av_packet_clone(packet);
            copy.stream_index(i);
            long ts = copy.dts() != AV_NOPTS_VALUE ? copy.dts() : copy.pts();
            packets.add(new Timed(copy, ts * av_q2d(source.time_base())));
          }
          av_packet_unref(packet);
        }
        av_packet_free(packet);
      }
      if ((output.oformat().flags() & AVFMT_NOFILE) == 0) {
        AVIOContext io = new AVIOContext(null);
        check(avio_open(io, out.toString(), AVIO_FLAG_WRITE), "write " + out);
        output.pb(io);
      }
      check(avformat_write_header(output, (AVDictionary) null), "write the header of " + out);
      packets.sort(Comparator.comparingDouble(Timed::seconds));
      for (Timed t : packets) {
        AVPacket p = t.packet();
        av_packet_rescale_ts(p, inputs.get(p.stream_index()).streams(0).time_base(),
            output.streams(p.stream_index()).time_base());
        check(av_interleaved_write_frame(output, p), "write a packet to " + out);
      }
      check(av_write_trailer(output), "finish " + out);
      return out;
    } finally {
      for (Timed t : packets) {
        av_packet_free(t.packet());
      }
      for (AVFormatContext in : inputs) {
        avformat_close_input(in);
      }
      if (!output.isNull()) {
        if (output.pb() != null && !output.pb().isNull()) {
          avio_closep(output.pb());
        }
        avformat_free_context(output);
      }
    }
  }

  private static void check(int result, String what) throws IOException {
    if (result < 0) {
      throw new IOException("Cannot " + what + ": FFmpeg error " + result);
    }
  }
}
