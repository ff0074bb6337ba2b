package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.SamplingOptions;
import dev.slides.internal.video.StillStretchSkippingTest.Run;
import dev.slides.testing.Animations;
import dev.slides.testing.Canvas;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On an intra-only stream (every frame a keyframe: MJPEG, ProRes, x264 with a keyframe at
 * every frame) the decoders decode only the frames the samples come from, to exactly the
 * samples decoding every frame gives.
 */
class IntraOnlyDecodingTest {
  private static final int W = 320;
  private static final int H = 180;

  @TempDir Path dir;

  private LectureVideo.Builder lecture(double fps) {
    Canvas a = Slides.bullets(W, H, 71, "Alpha", 3);
    Canvas b = Slides.build(W, H, 72, "Beta", 2);
    Canvas built = Slides.build(W, H, 72, "Beta", 4);
    return LectureVideo.builder(W, H, fps).pointer()
        .slide(a, 6)
        .crossfade(1)
        .slide(b, 5)
        .scene(4, Animations.fadeIn(b, built, 0.8))
        .motion(3)
        .slide(Slides.dark(W, H, 73, "Gamma", 3), 5)
        .slide(a, 4);
  }

  @Test
  void anMjpegLectureDecodesOnlyTheSampledFramesToTheSameSamples() throws IOException {
    Path video = lecture(30).codec(LectureVideo.Codec.MJPEG).bitrate(2_000_000)
        .write(dir.resolve("mjpeg.mov"));
    assertSameSamplesFromFewerFrames(video, 0.2);
  }

  @Test
  void anH264LectureWithAKeyframeAtEveryFrameDecodesOnlyTheSampledFrames() throws IOException {
    Path video = lecture(30).gop(1).write(dir.resolve("intra.mp4"));
    assertSameSamplesFromFewerFrames(video, 0.2);
  }

  @Test
  void frameGapsOfAScreenRecorderHoldTheSameFrames() throws IOException {
    // Frames only where the picture changed (or every 2 s): a sample time no frame reaches
    // is handed the frame shown there, which must be decoded although it is no sample.
    Path video = LectureVideo.builder(W, H, 30).codec(LectureVideo.Codec.MJPEG)
        .bitrate(2_000_000).onlyChangedFrames(2)
        .slide(Slides.bullets(W, H, 74, "Alpha", 3), 5)
        .scene(3, Animations.typeIn(Slides.bullets(W, H, 74, "Alpha", 3),
            Slides.bullets(W, H, 75, "Beta", 3), 2.5))
        .motion(2)
        .slide(Slides.dark(W, H, 76, "Gamma", 3), 6)
        .write(dir.resolve("vfr.mov"));
    assertSameSamplesFromFewerFrames(video, 0.6);
  }

  @Test
  void aPartOfTheVideoGetsTheSameSamplesToo() throws IOException {
    Path video = lecture(25).codec(LectureVideo.Codec.MJPEG).bitrate(2_000_000)
        .write(dir.resolve("part.mov"));
    for (TimeRange range : List.of(new TimeRange(5.1, 13.3), new TimeRange(20.7,
        Double.POSITIVE_INFINITY))) {
      List<Double> times = new ArrayList<>();
      List<byte[]> lumas = new ArrayList<>();
      long[] decoded = new long[2];
      for (boolean skip : List.of(false, true)) {
        SamplingOptions options = SamplingOptions.builder().decoders(2).decoderThreads(1)
            .skipStillStretches(skip).build();
        int i = 0;
        VideoFrames frames = ParallelVideoFrames.open(video, options, range);
        try (frames) {
          VideoFrame f;
          while ((f = frames.next()) != null) {
            if (skip) {
              assertEquals(times.get(i), f.time(), range + ", sample " + i);
              assertArrayEquals(lumas.get(i), f.luma().pixels(), range + ", sample " + i);
            } else {
              times.add(f.time());
              lumas.add(f.luma().pixels());
            }
            i++;
          }
        }
        // Counted once the decoders stopped: each stops at the sample past the range's end.
        decoded[skip ? 1 : 0] = ((ParallelVideoFrames) frames).framesDecodedOfTotal()[0];
        assertEquals(times.size(), i, range.toString());
      }
      assertTrue(times.size() > 20, range + ": " + times);
      assertTrue(decoded[1] < 0.3 * decoded[0], range + ": " + decoded[1] + " of "
          + decoded[0] + " frames decoded");
    }
  }

  @Test
  void aStreamWithPredictedFramesIsNotIntraOnly() throws IOException {
    Path video = LectureVideo.builder(W, H, 10).gop(10)
        .slide(Slides.bullets(W, H, 77, "Alpha", 3), 4)
        .write(dir.resolve("gop.mp4"));
    try (VideoDecoder probe = VideoDecoder.open(video, SamplingOptions.defaults(), 1)) {
      assertFalse(probe.packetIndex().isIntraOnly());
    }
  }

  @Test
  void keyframeFlagsAloneDoNotMakeAStreamIntraOnly() throws IOException {
    // MPEG-4 Part 2 with a keyframe at every frame: every packet is flagged a keyframe, as a
    // container without a sync-sample table flags a stream of predicted pictures too, and the
    // codec may predict; only codecs without predicted pictures, and H.264 and HEVC whose IDR
    // pictures are read, are believed.
    Path video = LectureVideo.builder(W, H, 10).gop(1).codec(LectureVideo.Codec.MPEG4)
        .slide(Slides.bullets(W, H, 77, "Alpha", 3), 4)
        .write(dir.resolve("mpeg4-intra.mp4"));
    try (VideoDecoder probe = VideoDecoder.open(video, SamplingOptions.defaults(), 1)) {
      PacketIndex index = probe.packetIndex();
      assertEquals(index.keyframeTicks().length, index.size(), "every packet a keyframe");
      assertFalse(index.isIntraOnly());
    }
  }

  /**
   * Sampling with the still stretches skipped gives the samples (times and pictures) and
   * segments of decoding every frame, from under {@code share} of the frames decoding every
   * frame decodes.
   */
  private static void assertSameSamplesFromFewerFrames(Path video, double share)
      throws IOException {
    try (VideoDecoder probe = VideoDecoder.open(video, SamplingOptions.defaults(), 1)) {
      assertTrue(probe.packetIndex().isIntraOnly(), video + " is intra-only");
    }
    Run full = StillStretchSkippingTest.run(video, false);
    Run skipping = StillStretchSkippingTest.run(video, true);
    StillStretchSkippingTest.assertSameSamples(full, skipping);
    assertTrue(full.segments().size() >= 3, full.segments().toString());
    assertTrue(skipping.framesDecoded() < share * full.framesDecoded(),
        skipping.framesDecoded() + " of " + full.framesDecoded() + " frames decoded");
  }
}
