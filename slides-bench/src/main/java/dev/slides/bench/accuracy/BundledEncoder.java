package dev.slides.bench.accuracy;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import dev.slides.testing.Canvas;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * H.264 written by the FFmpeg bundled with the library (OpenH264: no B-frames, no constant
 * quality), for the unit tests that render corpus cases (they run on machines without the
 * {@code ffmpeg} command) and for the benchmark's {@code --encoder bundled}, which stands for
 * meeting recordings and WebRTC captures. The benchmark encodes with that command's x264 by
 * default, as YouTube-like files are.
 */
final class BundledEncoder implements CorpusGenerator.FrameSink {
  /**
   * Bits per pixel per frame for a case at x264's default crf 23: enough that faint grey text on
   * white keeps its edges.
   */
  private static final double BITS_PER_PIXEL_AT_CRF_23 = 0.15;

  private final FFmpegFrameRecorder recorder;
  private final Frame frame;
  private final Path file;
  private boolean finished;

  BundledEncoder(Path file, CaseSpec spec) throws IOException {
    this.file = file;
    // The encoder's chatter (a stream dump and two OpenH264 notes a case) would go straight to
    // stderr between the runner's own lines; as LectureVideo does for the tests' videos.
    org.bytedeco.ffmpeg.global.avutil.av_log_set_level(
        org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
    recorder = new FFmpegFrameRecorder(file.toFile(), spec.width(), spec.height(), 0);
    recorder.setFormat("mp4");
    recorder.setVideoCodec(AV_CODEC_ID_H264);
    recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
    recorder.setFrameRate(spec.fps());
    recorder.setGopSize(spec.encoding().gop());
    recorder.setVideoBitrate(bitrate(spec));
    try {
      recorder.start();
    } catch (FrameRecorder.Exception e) {
      close();
      throw new IOException("Cannot start the bundled H.264 encoder for " + file, e);
    }
    frame = new Frame(spec.width(), spec.height(), Frame.DEPTH_UBYTE, 3);
  }

  /**
   * The target in bits per second. OpenH264 has no constant quality: a case x264 encodes at a
   * bitrate gets that bitrate; a case at a crf gets 0.15 bits per pixel per frame at crf 23,
   * halved for every 6 steps of crf above (doubled for every 6 below), as x264's bitrate
   * roughly is at a given picture.
   */
  static int bitrate(CaseSpec spec) {
    CaseSpec.Encoding e = spec.encoding();
    if (e.crf() == 0) {
      return e.bitrateKbps() * 1000;
    }
    double bitsPerPixel = BITS_PER_PIXEL_AT_CRF_23 * Math.pow(2, (23 - e.crf()) / 6.0);
    return (int) Math.round(bitsPerPixel * spec.width() * spec.height() * spec.fps());
  }

  @Override
  public void write(Canvas canvas) throws IOException {
    ByteBuffer buffer = (ByteBuffer) frame.image[0];
    int rowBytes = canvas.width * 3;
    for (int y = 0; y < canvas.height; y++) {
      buffer.position(y * frame.imageStride);
      buffer.put(canvas.bgr(), y * rowBytes, rowBytes);
    }
    buffer.rewind();
    try {
      recorder.record(frame, AV_PIX_FMT_BGR24);
    } catch (FrameRecorder.Exception e) {
      throw new IOException("The bundled H.264 encoder failed writing " + file, e);
    }
  }

  @Override
  public void finish() throws IOException {
    finished = true;
    try {
      recorder.stop();
    } catch (FrameRecorder.Exception e) {
      throw new IOException("The bundled H.264 encoder failed finishing " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      if (!finished) {
        recorder.stop();
      }
      recorder.release();
    } catch (FrameRecorder.Exception ignored) {
      // an aborted encoding: the part file is deleted by the caller
    }
  }
}
