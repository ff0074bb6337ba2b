package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.SamplingOptions;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sample times are the times a player shows the pictures at (ffprobe's
 * {@code best_effort_timestamp_time}), whatever an MP4's edit list does with the frames decoded
 * before the first one shown, on every decoding path.
 */
class EditListTest {
  private static final int W = 320;
  private static final int H = 180;
  /** Slide A for 4.7 s, then B: the first frame of B is frame 47. */
  private static final double CHANGE = 4.7;

  @TempDir static Path dir;
  static Path withoutEditList;
  static Path cut;

  @BeforeAll
  static void write() throws IOException {
    LectureVideo.Builder lecture = LectureVideo.builder(W, H, 10).gop(20)
        .codec(LectureVideo.Codec.MPEG4).bFrames(2)
        .slide(Slides.bullets(W, H, 1, "A", 4), CHANGE)
        .slide(Slides.bullets(W, H, 2, "B", 3), 6);
    withoutEditList = lecture.withoutEditList().write(dir.resolve("no-edit-list.mp4"));
    Path whole = LectureVideo.builder(W, H, 10).gop(20)
        .codec(LectureVideo.Codec.MPEG4).bFrames(2)
        .slide(Slides.bullets(W, H, 1, "A", 4), CHANGE)
        .slide(Slides.bullets(W, H, 2, "B", 3), 6)
        .write(dir.resolve("whole.mp4"));
    cut = cutWithoutDecoding(whole, dir.resolve("cut.mp4"), 1.3);
  }

  /** One decoder, several, and each with and without skipping still stretches. */
  static List<SamplingOptions> paths() {
    SamplingOptions tenPerSecond = SamplingOptions.builder().samplesPerSecond(10).build();
    SamplingOptions one = tenPerSecond.toBuilder().decoders(1).decoderThreads(0).build();
    SamplingOptions two = tenPerSecond.toBuilder().decoders(2).decoderThreads(1).build();
    return List.of(one.toBuilder().skipStillStretches(false).build(),
        two.toBuilder().skipStillStretches(false).build(),
        two.toBuilder().skipStillStretches(true).build(),
        one.toBuilder().skipStillStretches(true).build());
  }

  /**
   * Written without an edit list, the first frame (decoded at 0) is shown after the B-frames'
   * delay, and every frame that much later: counted from the first picture shown, each slide
   * started a frame early.
   */
  @Test
  void aCompositionOffsetWithoutAnEditListDelaysEveryPicture() throws IOException {
    double offset = firstShown(withoutEditList);
    assertEquals(0.1, offset, 1e-3, "the fixture shows its first frame after one frame");
    for (SamplingOptions sampling : paths()) {
      assertTimes(withoutEditList, sampling, offset, CHANGE + offset);
    }
  }

  /**
   * Cut at 1.3 s without decoding ({@code ffmpeg -ss 1.3 -c copy}): the file starts at the
   * keyframe at 0, and its edit list hides the frames before 1.3 s, which are decoded but never
   * shown. The first picture shown is at 0, B at 4.7 - 1.3 = 3.4 s.
   */
  @Test
  void anEditListThatCutsTheStartAwayStartsAtTheFirstPictureShown() throws IOException {
    for (SamplingOptions sampling : paths()) {
      assertTimes(cut, sampling, 0, CHANGE - 1.3);
    }
  }

  /** The first sample is at {@code first}, and B is first seen at {@code change}. */
  private static void assertTimes(Path video, SamplingOptions sampling, double first,
      double change) throws IOException {
    try (VideoFrames frames = VideoFrames.open(video, sampling)) {
      VideoFrame frame = frames.next();
      assertEquals(first, frame.time(), 1e-3, sampling + ": the first picture");
      double a = brightness(frame);
      double firstB = Double.NaN;
      int samples = 1;
      while ((frame = frames.next()) != null) {
        samples++;
        if (Double.isNaN(firstB) && Math.abs(brightness(frame) - a) > 0.5) {
          firstB = frame.time();
        }
      }
      assertEquals(change, firstB, 1e-3, sampling + ": the first picture of B");
      assertTrue(samples > 60, sampling + ": " + samples + " samples");
      assertTrue(frames.damage().isEmpty(), sampling + ": " + frames.damage().describe());
    }
  }

  private static double brightness(VideoFrame frame) {
    long sum = 0;
    for (byte b : frame.luma().pixels()) {
      sum += b & 0xff;
    }
    return (double) sum / frame.luma().pixels().length;
  }

  /** When the first frame is shown, in seconds: the least presentation time of its packets. */
  private static double firstShown(Path video) throws IOException {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
      grabber.start();
      double tb = avutil.av_q2d(grabber.getFormatContext().streams(0).time_base());
      double first = Double.MAX_VALUE;
      AVPacket packet;
      while ((packet = grabber.grabPacket()) != null) {
        first = Math.min(first, packet.pts() * tb);
      }
      grabber.stop();
      return first;
    }
  }

  /**
   * Copies {@code video}'s packets from its start into an MP4 whose timeline starts at
   * {@code seconds}, as {@code ffmpeg -ss seconds -c copy} does: the packets keep coming from
   * the keyframe at 0, shifted to negative times, and the muxer writes an edit list that starts
   * the presentation at the first one at or after 0.
   */
  private static Path cutWithoutDecoding(Path video, Path file, double seconds)
      throws IOException {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
      grabber.start();
      try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(),
          grabber.getImageWidth(), grabber.getImageHeight(), 0)) {
        recorder.setFormat("mp4");
        recorder.start(grabber.getFormatContext());
        org.bytedeco.ffmpeg.avutil.AVRational base =
            grabber.getFormatContext().streams(0).time_base();
        long shift = Math.round(seconds * base.den() / base.num());
        AVPacket packet;
        while ((packet = grabber.grabPacket()) != null) {
          AVPacket copy = avcodec.av_packet_clone(packet);
          copy.pts(copy.pts() - shift);
          copy.dts(copy.dts() - shift);
          recorder.recordPacket(copy);
          avcodec.av_packet_free(copy);
        }
        recorder.stop();
      }
      grabber.stop();
    } catch (org.bytedeco.javacv.FrameGrabber.Exception
             | org.bytedeco.javacv.FrameRecorder.Exception e) {
      throw new IOException("Cannot write fixture " + file, e);
    }
    return file;
  }
}
