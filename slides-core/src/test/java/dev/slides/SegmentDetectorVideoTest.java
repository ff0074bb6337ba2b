package dev.slides;

import static dev.slides.SegmentKind.MOVING;
import static dev.slides.SegmentKind.STATIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.internal.video.FfmpegVideoFrames;
import dev.slides.internal.video.VideoFrame;
import dev.slides.testing.Canvas;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detector on real decoded video: each case is a generated lecture with a known timeline,
 * decoded by FFmpeg and sampled at the default rate.
 */
class SegmentDetectorVideoTest {
  static final int W = 640;
  static final int H = 360;
  static final double FPS = 10;

  @TempDir Path dir;

  static List<Segment> detect(Path video) throws IOException {
    return detect(video, DetectorOptions.defaults());
  }

  static List<Segment> detect(Path video, DetectorOptions options) throws IOException {
    return detect(video, options, SamplingOptions.defaults().samplesPerSecond());
  }

  static List<Segment> detect(Path video, DetectorOptions options, double samplesPerSecond)
      throws IOException {
    return detect(video, options, samplesPerSecond, new ArrayList<>());
  }

  /**
   * As {@link #detect(Path, DetectorOptions, double)}; {@code times} receives each sample's
   * time, in the order of the sample numbers the segments give.
   */
  static List<Segment> detect(Path video, DetectorOptions options, double samplesPerSecond,
      List<Double> times) throws IOException {
    SegmentDetector detector = new SegmentDetector(options);
    List<Segment> segments = new ArrayList<>();
    double duration;
    try (FfmpegVideoFrames frames = FfmpegVideoFrames.open(video,
        SamplingOptions.builder().samplesPerSecond(samplesPerSecond).build())) {
      duration = frames.info().durationSeconds();
      VideoFrame f;
      while ((f = frames.next()) != null) {
        times.add(f.time());
        segments.addAll(detector.push(f.time(), f.luma()));
      }
    }
    segments.addAll(detector.finish(duration));
    return segments;
  }

  static String describe(List<Segment> segments) {
    return segments.stream()
        .map(s -> s.kind().wireName() + "[" + s.startTime() + "-" + s.endTime() + "]")
        .collect(Collectors.joining(" "));
  }

  static void assertKinds(List<Segment> segments, SegmentKind... kinds) {
    List<SegmentKind> actual = segments.stream().map(Segment::kind).toList();
    assertEquals(List.of(kinds), actual, describe(segments));
  }

  /** Within one sample (1 s) of the expected time. */
  static void assertNear(double expected, double actual, List<Segment> segments) {
    assertTrue(Math.abs(expected - actual) <= 1.0,
        "expected ~" + expected + " got " + actual + " in " + describe(segments));
  }

  static void assertContiguous(List<Segment> segments, double duration) {
    assertEquals(0.0, segments.get(0).startTime(), 1e-9, describe(segments));
    for (int i = 1; i < segments.size(); i++) {
      assertEquals(segments.get(i - 1).endTime(), segments.get(i).startTime(), 1e-9,
          describe(segments));
    }
    assertEquals(duration, segments.get(segments.size() - 1).endTime(), 0.2, describe(segments));
  }

  Canvas slide(int seed) {
    return Slides.bullets(W, H, seed, "Slide " + seed, 3);
  }

  @Test
  void hardCutsGiveOneStaticSegmentPerSlide() throws IOException {
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(slide(1), 5).slide(slide(2), 5).slide(slide(3), 5)
        .write(dir.resolve("cuts.mp4"));
    List<Segment> segments = detect(video);
    assertKinds(segments, STATIC, STATIC, STATIC);
    assertNear(5, segments.get(1).startTime(), segments);
    assertNear(10, segments.get(2).startTime(), segments);
    assertContiguous(segments, 15);
  }

  @Test
  void crossfadesAddNoSlide() throws IOException {
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(slide(1), 5).crossfade(1).slide(slide(2), 5).crossfade(2).slide(slide(3), 5)
        .write(dir.resolve("fades.mp4"));
    List<Segment> segments = detect(video);
    List<Segment> statics = segments.stream().filter(s -> s.kind() == STATIC).toList();
    assertEquals(3, statics.size(), describe(segments));
    assertNear(6, statics.get(1).startTime(), segments);
    assertNear(13, statics.get(2).startTime(), segments);
    assertContiguous(segments, 18);
  }

  @Test
  void speakerInsetAndPointerKeepEachSlideOneSegment() throws IOException {
    Path video = LectureVideo.builder(W, H, FPS)
        .speakerInset(0.2).pointer()
        .slide(slide(1), 8).slide(slide(2), 8).slide(slide(3), 8)
        .write(dir.resolve("inset.mp4"));
    List<Segment> segments = detect(video);
    assertKinds(segments, STATIC, STATIC, STATIC);
    assertNear(8, segments.get(1).startTime(), segments);
    assertNear(16, segments.get(2).startTime(), segments);
  }

  @Test
  void cameraNoiseAndHeavyCompressionKeepOneSegmentPerSlide() throws IOException {
    Path video = LectureVideo.builder(W, H, FPS)
        .noise(8).bitrate(120_000).gop(100)
        .slide(slide(1), 6).slide(slide(2), 6).slide(slide(3), 6)
        .write(dir.resolve("noisy.mp4"));
    List<Segment> segments = detect(video);
    assertKinds(segments, STATIC, STATIC, STATIC);
    assertNear(6, segments.get(1).startTime(), segments);
    assertNear(12, segments.get(2).startTime(), segments);
  }

  @Test
  void fullScreenMotionBetweenSlidesIsMoving() throws IOException {
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(slide(1), 5).motion(5).slide(slide(2), 5)
        .write(dir.resolve("motion.mp4"));
    List<Segment> segments = detect(video);
    assertKinds(segments, STATIC, MOVING, STATIC);
    assertNear(5, segments.get(1).startTime(), segments);
    assertNear(10, segments.get(2).startTime(), segments);
    assertContiguous(segments, 15);
  }

  @Test
  void motionOverPartOfTheFrameDoesNotBlindTheDetectorAfterwards() throws IOException {
    // A demo window over 30 % or 45 % of the frame is motion (more than a quarter of the frame
    // keeps changing; see DetectorTuningTest for leaving it out with a region). Either way the
    // next slides are found on time.
    for (double share : new double[] {0.3, 0.45}) {
      Path video = LectureVideo.builder(W, H, FPS).speakerInset(0.05)
          .slide(slide(1), 5)
          .partialMotion(slide(1), 8, share)
          .slide(slide(2), 6).slide(slide(3), 6)
          .write(dir.resolve("partial-" + share + ".mp4"));
      List<Segment> segments = detect(video);
      List<Segment> statics = segments.stream().filter(s -> s.kind() == STATIC).toList();
      assertTrue(statics.size() >= 3, describe(segments));
      Segment two = statics.get(statics.size() - 2);
      Segment three = statics.get(statics.size() - 1);
      assertNear(13, two.startTime(), segments);
      assertNear(19, three.startTime(), segments);
      if (share > 0.4) {
        assertTrue(segments.stream().anyMatch(s -> s.kind() == MOVING && s.startTime() >= 4
            && s.endTime() <= 14), describe(segments));
      }
    }
  }

  @Test
  void videoThatStartsInMotionStartsMoving() throws IOException {
    Path video = LectureVideo.builder(W, H, FPS)
        .motion(4).slide(slide(1), 5)
        .write(dir.resolve("motion-first.mp4"));
    List<Segment> segments = detect(video);
    assertKinds(segments, MOVING, STATIC);
    assertNear(4, segments.get(1).startTime(), segments);
  }

  @Test
  void bulletBuildsStayOneSegmentWhoseLastFrameShowsTheFullBuild() throws IOException {
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(slide(1), 4)
        .slide(Slides.build(W, H, 7, "Build", 1), 3)
        .slide(Slides.build(W, H, 7, "Build", 2), 3)
        .slide(Slides.build(W, H, 7, "Build", 3), 3)
        .slide(slide(2), 4)
        .write(dir.resolve("build.mp4"));
    List<Segment> segments = detect(video);
    assertKinds(segments, STATIC, STATIC, STATIC);
    Segment build = segments.get(1);
    assertNear(4, build.startTime(), segments);
    assertNear(13, build.endTime(), segments);
    // The last sample of the build segment lies after the third bullet appeared (t = 10).
    assertTrue(build.lastSample() >= 10, describe(segments));
  }

  @Test
  void bulletBuildsCanBeSplit() throws IOException {
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(Slides.build(W, H, 7, "Build", 1), 3)
        .slide(Slides.build(W, H, 7, "Build", 2), 3)
        .slide(Slides.build(W, H, 7, "Build", 3), 3)
        .write(dir.resolve("build-split.mp4"));
    List<Segment> segments = detect(video, DetectorOptions.defaults().toBuilder().mergeBuilds(false).build());
    assertKinds(segments, STATIC, STATIC, STATIC);
  }

  @Test
  void darkThemeAndSmallTextChangesAreNewSlides() throws IOException {
    Canvas a = Slides.dark(W, H, 3, "Results", 3);
    Canvas b = a.copy();
    // Change one word of the last line (a few characters, about 1% of the frame).
    int unit = H / 90;
    b.rect(W / 12 + unit * 6, H / 4 + 2 * unit * 12, unit * 6 * 5, unit * 7, Slides.DARK);
    b.text(W / 12 + unit * 6, H / 4 + 2 * unit * 12, unit, "qzxwv", 0xDCDCDC);
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(a, 5).slide(b, 5).slide(Slides.dark(W, H, 4, "Summary", 2), 5)
        .write(dir.resolve("dark.mp4"));
    List<Segment> segments = detect(video);
    assertKinds(segments, STATIC, STATIC, STATIC);
    assertNear(5, segments.get(1).startTime(), segments);
    assertNear(10, segments.get(2).startTime(), segments);
  }
}
