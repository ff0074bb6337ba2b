package dev.slides;

import static dev.slides.SegmentDetectorVideoTest.describe;
import static dev.slides.SegmentDetectorVideoTest.detect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.internal.video.FfmpegVideoFrames;
import dev.slides.internal.video.VideoFrame;
import dev.slides.testing.Animations;
import dev.slides.testing.Canvas;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.SampleLecture;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kinds of lecture video the detector once got wrong, each as a short generated fixture
 * with its expected slides: recovery after sparse motion, slides that share a background,
 * content that animates in, animation inside a slide, a live-caption strip, a countdown that
 * ticks, handwriting on a board, pen ink cleared, the start of a deck, and the same result at
 * any sampling rate.
 */
class SegmentDetectorCasesTest {
  static final int W = 640;
  static final int H = 360;
  static final double FPS = 10;

  @TempDir Path dir;
  /** The videos that the invocations of a parameterized test (one a rate) read, written once. */
  @TempDir static Path shared;

  static List<Segment> statics(List<Segment> segments) {
    return segments.stream().filter(s -> s.kind() == SegmentKind.STATIC).toList();
  }

  /** The static segments start near {@code starts} (within {@code tolerance} s), one each. */
  static void assertSlidesStartAt(List<Segment> segments, double tolerance, double... starts) {
    List<Segment> statics = statics(segments);
    assertEquals(starts.length, statics.size(), describe(segments));
    for (int i = 0; i < starts.length; i++) {
      double actual = statics.get(i).startTime();
      assertTrue(Math.abs(actual - starts[i]) <= tolerance,
          "slide " + (i + 1) + " should start near " + starts[i] + ": " + describe(segments));
    }
  }

  Canvas light(int seed) {
    return Slides.bullets(W, H, seed, "Slide " + seed, 3);
  }

  Canvas dark(int seed) {
    return Slides.dark(W, H, seed, "Part " + seed, 3);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aShortSlideRightAfterSparseMotionIsFound(double rate) throws IOException {
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(dark(1), 5)
        .scene(12, Animations.particles(W, H, 25, 7))
        .slide(dark(2), 3)
        .slide(dark(3), 5)
        .writeOnce(shared.resolve("particles.mp4"));
    List<Segment> segments = detect(video, DetectorOptions.defaults(), rate);
    assertSlidesStartAt(segments, 1.0, 0, 17, 20);
    assertEquals(25, segments.get(segments.size() - 1).endTime(), 0.2, describe(segments));
  }

  @Test
  void aSlowlyEvolvingPatternIsMotionAndTheSlideAfterItStartsOnTime() throws IOException {
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(dark(1), 4)
        .scene(12, Animations.evolvingPattern(W, H, 5))
        .slide(dark(2), 4)
        .slide(light(3), 3)
        .write(dir.resolve("evolving.mp4"));
    assertSlidesStartAt(detect(video), 1.0, 0, 16, 20);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void slidesUnderCameraGrainTheEncoderKeptComeToRest(double rate) throws IOException {
    // Grain new every frame at a bitrate that keeps it (as OpenH264 keeps a camera's): two
    // samples of a still slide differ by a mean 0.75-0.9 grey levels (light slides) and
    // 0.9-1.0 (dark), more than a clean video's noise, but nothing changed in them.
    Path video = LectureVideo.builder(W, H, FPS)
        .noise(10).bitrate(1_000_000)
        .slide(light(1), 6)
        .slide(light(2), 6)
        .slide(dark(3), 6)
        .writeOnce(shared.resolve("grain.mp4"));
    assertSlidesStartAt(detect(video, DetectorOptions.defaults(), rate), 1.0, 0, 6, 12);
  }

  @Test
  void aDarkDeckThatOpensWithMotionStartsItsFirstSlideWhenTheMotionStops() throws IOException {
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(10, Animations.particles(W, H, 30, 3))
        .slide(dark(1), 6)
        .slide(dark(2), 4)
        .write(dir.resolve("dark-opening.mp4"));
    assertSlidesStartAt(detect(video), 1.0, 10, 16);
  }

  @Test
  void titleCardsOnOneBackgroundAreDistinctSlides() throws IOException {
    // Each card replaces the small text of the one before with much more text: most changed
    // pixels lie on empty background, yet something that was shown disappeared.
    Canvas one = new Canvas(W, H).fill(0x2050A0);
    one.text(W * 2 / 5, H * 9 / 20, 2, "Intro", 0xFFFFFF);
    Canvas two = new Canvas(W, H).fill(0x2050A0);
    two.text(W / 10, H / 4, 5, "Related work", 0xFFFFFF);
    two.text(W / 10, H / 2, 4, "and its gaps", 0xFFFFFF);
    Canvas three = new Canvas(W, H).fill(0x2050A0);
    three.text(W / 12, H / 5, 6, "Method", 0xFFFFFF);
    three.text(W / 12, H / 2, 4, "in three steps", 0xFFFFFF);
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(one, 4).slide(two, 4).slide(three, 4)
        .write(dir.resolve("titles.mp4"));
    assertSlidesStartAt(detect(video), 1.0, 0, 4, 8);
  }

  @Test
  void aSlideThatReplacesOneLineIsANewSlide() throws IOException {
    Canvas before = Slides.bullets(W, H, 5, "Findings", 4);
    Canvas after = withThirdLineReplaced(before, Slides.LIGHT, 0x202020);
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(before, 5).slide(after, 5)
        .write(dir.resolve("replaced.mp4"));
    assertSlidesStartAt(detect(video), 1.0, 0, 5);
  }

  /** {@code slide} with its third bullet's text replaced by other words in {@code ink}. */
  static Canvas withThirdLineReplaced(Canvas slide, int background, int ink) {
    Canvas after = slide.copy();
    int unit = H / 90;
    int y = H / 4 + 2 * unit * 12;
    after.rect(W / 12 + unit * 6, y, W - W / 12 - unit * 6, unit * 7, background);
    after.text(W / 12 + unit * 6, y, unit, "another claim here", ink);
    return after;
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aSlideThatChangesOneDigitOfItsTitleIsANewSlide(double rate) throws IOException {
    // "Step 1" becomes "Step 2" and nothing else changes: a small change, made in one step out of
    // a slide that held still, is a new slide, not content drifting inside the old one.
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(stepSlide("1"), 5)
        .slide(stepSlide("2"), 5)
        .writeOnce(shared.resolve("digit.mp4"));
    assertSlidesStartAt(detect(video, DetectorOptions.defaults(), rate), 1.0, 0, 5);
  }

  /**
   * A slide with a step number in its corner, as large as the letters of its bullets: one digit
   * changed is just above the smallest change that counts (0.15 % of the frame; a size smaller
   * is below it).
   */
  static Canvas stepSlide(String number) {
    Canvas c = Slides.bullets(W, H, 7, "Method", 3);
    c.text(W * 4 / 5, H / 10, H / 90, number, 0x2050A0);
    return c;
  }

  @Test
  void aFaintSlideThatReplacesOneLineIsANewSlide() throws IOException {
    // Light grey on white: the changed line differs by less than the ordinary threshold
    // anywhere, and is seen because changes on a faint slide count at a share of its contrast.
    Canvas before = Slides.faint(W, H, 5, "Findings", 4);
    Canvas after = withThirdLineReplaced(before, 0xFFFFFF, 0xE4E4E4);
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(before, 5).slide(after, 5).slide(before, 5)
        .write(dir.resolve("faint.mp4"));
    assertSlidesStartAt(detect(video), 1.0, 0, 5, 10);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aFaintLineReplacedBesideADarkLogoIsANewSlide(double rate) throws IOException {
    // Light grey lines under a dark logo and a dark title: the slide as a whole has ordinary
    // contrast, but the changed line is as faint as on a faint slide, and is seen only where
    // changes count at the contrast of what is around them.
    Canvas before = withDarkLogo(Slides.faint(W, H, 5, "Findings", 4));
    Canvas after = withThirdLineReplaced(before, 0xFFFFFF, 0xE4E4E4);
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(before, 5).slide(after, 5).slide(before, 5)
        .writeOnce(shared.resolve("faint-beside-logo.mp4"));
    assertSlidesStartAt(detect(video, DetectorOptions.defaults(), rate), 1.0, 0, 5, 10);
  }

  /** {@code slide} with a dark logo in its top right corner and its title redrawn dark. */
  static Canvas withDarkLogo(Canvas slide) {
    Canvas c = slide.copy();
    int unit = H / 90;
    c.rect(W - W / 8, H / 20, W / 16, W / 16, 0x1A237E);
    c.text(W / 12, H / 10, unit * 2, "Findings", 0x202020);
    return c;
  }

  @Test
  void aBoardWrittenWithoutAPauseIsOneSlidePerPage() throws IOException {
    // Lines as wide as the board, written one after another: the picture never holds between
    // them for 12 s, far longer than a build step's transition, yet ink is only added.
    Canvas first = new Canvas(W, H).fill(0x1C2C24);
    first.text(W / 20, H / 30, 3, "Page one", 0xF0E060);
    Canvas second = new Canvas(W, H).fill(0x1C2C24);
    second.text(W / 20, H / 30, 3, "Page two", 0xF0E060);
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(first, 2)
        .scene(16, Animations.handwriting(first, fullPage(first, 1), 12))
        .slide(second, 2)
        .scene(16, Animations.handwriting(second, fullPage(second, 2), 12))
        .write(dir.resolve("written.mp4"));
    List<Segment> segments = detect(video);
    assertSlidesStartAt(segments, 1.0, 0, 18);
    assertEquals(18, statics(segments).get(0).endTime(), 0.5, describe(segments));
  }

  /**
   * {@code board} with five lines of chalk that fill its width, each inside one band of
   * {@link Animations#handwriting}: no pause where a line ends, and no line written in two
   * passes (its top, then the rest, which touches the ink before it).
   */
  static Canvas fullPage(Canvas board, int seed) {
    Canvas page = board.copy();
    Random random = new Random(seed);
    for (int i = 0; i < 5; i++) {
      StringBuilder line = new StringBuilder();
      for (int k = 0; k < 33; k++) {
        line.append(random.nextInt(6) == 0 ? ' ' : (char) ('a' + random.nextInt(26)));
      }
      page.text(W / 20, H / 12 * (2 + 2 * i) + 4, 3, line.toString(), 0xF0F0E0);
    }
    return page;
  }

  @Test
  void contentThatAnimatesInStartsTheSlideWhenCompleteEvenWithShortHolds() throws IOException {
    Canvas empty = new Canvas(W, H).fill(Slides.LIGHT);
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(light(1), 3)
        .scene(4, Animations.fadeIn(empty, light(2), 2))      // holds 2 s
        .scene(3.5, Animations.typeIn(empty, light(3), 2))    // holds 1.5 s
        .scene(3, Animations.flyIn(empty, light(4), 1))       // holds 2 s
        .scene(4, Animations.fadeIn(empty, light(5), 2.5))    // holds 1.5 s
        .slide(light(6), 3)
        .write(dir.resolve("animated-in.mp4"));
    List<Segment> segments = detect(video);
    assertSlidesStartAt(segments, 0.75, 0, 5, 9, 11.5, 16, 17.5);
  }

  @Test
  void buildStepsThatFadeInContinueTheirSlide() throws IOException {
    Canvas one = Slides.build(W, H, 7, "Build", 1);
    Canvas two = Slides.build(W, H, 7, "Build", 2);
    Canvas three = Slides.build(W, H, 7, "Build", 3);
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(light(1), 4)
        .slide(one, 3)
        .scene(3, Animations.fadeIn(one, two, 1))
        .scene(3, Animations.typeIn(two, three, 1.5))
        .slide(light(2), 4)
        .write(dir.resolve("fading-build.mp4"));
    List<Segment> segments = detect(video);
    assertSlidesStartAt(segments, 1.0, 0, 4, 13);
    Segment build = statics(segments).get(1);
    assertTrue(build.lastSample() >= 11, "last frame must show the full build: "
        + describe(segments));
  }

  /**
   * A chart that pans from the very first frame keeps the picture from holding, or departs from
   * it, before its cells can be known to keep changing (faint grid lines, at 4 samples a second,
   * came apart from the slide within 0.8 s, too soon to be a slide of their own): once they
   * are, its slide still starts at the start. A caller that keeps only the pictures still
   * needed must have kept that first one.
   */
  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aChartThatPansFromTheFirstFrameIsASlideFromTheStart(double rate) throws IOException {
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(8, Animations.panningGridChart(Slides.bullets(W, H, 2, "Trend", 0), 6, 0xD8D8D8))
        .slide(dark(3), 4)
        .writeOnce(shared.resolve("panning-from-start.mp4"));
    SegmentDetector detector = new SegmentDetector();
    List<Segment> segments = new ArrayList<>();
    Set<Long> kept = new HashSet<>();
    long pushed = 0;
    try (FfmpegVideoFrames frames = FfmpegVideoFrames.open(video,
        SamplingOptions.builder().samplesPerSecond(rate).build())) {
      VideoFrame f;
      while ((f = frames.next()) != null) {
        kept.add(pushed++);
        segments.addAll(assertPicturesKept(detector.push(f.time(), f.luma()), kept));
        kept.retainAll(Arrays.stream(detector.samplesStillNeeded()).boxed().toList());
      }
      segments.addAll(assertPicturesKept(detector.finish(frames.info().durationSeconds()), kept));
    }
    assertSlidesStartAt(segments, 0.5, 0, 8);
    assertEquals(SegmentKind.STATIC, segments.get(0).kind(), describe(segments));
  }

  /** The first and last pictures of the static segments just completed are among {@code kept}. */
  static List<Segment> assertPicturesKept(List<Segment> completed, Set<Long> kept) {
    for (Segment s : statics(completed)) {
      assertTrue(kept.contains(s.firstSample()) && kept.contains(s.lastSample()),
          "the pictures of " + describe(List.of(s)) + " were not kept");
    }
    return completed;
  }

  @Test
  void animationInsideAShownSlideKeepsItOneSlide() throws IOException {
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(light(1), 4)
        .scene(8, Animations.panningChart(Slides.bullets(W, H, 2, "Trend", 1), 12))
        .scene(8, Animations.pulsingGlow(light(3)))
        .scene(8, Animations.progressLine(light(4), 8))
        .write(dir.resolve("animated.mp4"));
    assertSlidesStartAt(detect(video), 1.0, 0, 4, 12, 20);
  }

  /**
   * {@code slide} with a video playing in a box of about a third of the frame (from a twelfth
   * of the width and a quarter of the height, 52 % wide and 68 % high, as a clip in a slide's
   * picture box): blocks of colour and discs, new in every frame, that change every cell of
   * the box at any sampling rate.
   */
  static DoubleFunction<Canvas> clipInBox(Canvas slide, long seed) {
    int bx = W / 12;
    int by = H / 4;
    int bw = W * 13 / 25;
    int bh = H * 17 / 25;
    return t -> {
      Canvas c = slide.copy();
      Random r = new Random(seed * 1000 + Math.round(t * FPS));
      for (int y = 0; y < bh; y += 12) {
        for (int x = 0; x < bw; x += 12) {
          c.rect(bx + x, by + y, Math.min(12, bw - x), Math.min(12, bh - y),
              0x282828 + r.nextInt(0xB4B4B4));
        }
      }
      for (int i = 0; i < 12; i++) {
        int radius = 6 + r.nextInt(14);
        c.disc(bx + radius + r.nextInt(bw - 2 * radius), by + radius
            + r.nextInt(bh - 2 * radius), radius, r.nextInt(0xFFFFFF));
      }
      return c;
    };
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aVideoPlayingInABoxOfTheSlideKeepsItOneSlide(double rate) throws IOException {
    // The box changes 45 % of the analysis cells, more than an inset may (30 %): before, the
    // slide was motion from the cut to the next slide.
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(light(1), 4)
        .scene(12, clipInBox(Slides.bullets(W, H, 2, "Clip 2", 1), 5))
        .slide(light(3), 5)
        .writeOnce(shared.resolve("clip.mp4"));
    List<Segment> segments = detect(video, DetectorOptions.defaults(), rate);
    assertSlidesStartAt(segments, 1.0, 0, 4, 16);
    assertEquals(16, statics(segments).get(1).endTime(), 1.0, describe(segments));
  }

  /**
   * A person in front of a projected slide, seen from the back of the room: a dark figure
   * (head, body a sixth of the frame's height wide, legs down to the frame's bottom edge) at
   * {@code x(t)} (a share of the width) over {@code slide(t)}.
   */
  static DoubleFunction<Canvas> presenter(DoubleFunction<Canvas> slide, DoubleFunction<Double> x) {
    return t -> {
      Canvas c = slide.apply(t).copy();
      int cx = (int) Math.round(x.apply(t) * W);
      int top = H / 3;
      c.rect(cx - H / 12, top + H / 10, H / 6, H * 2 / 5, 0x25262C);
      c.rect(cx - H / 14, top + H / 2, H / 20, H, 0x1C1D22);
      c.rect(cx + H / 40, top + H / 2, H / 20, H, 0x1C1D22);
      c.disc(cx, top + H / 20, H / 20, 0x3B312D);
      return c;
    };
  }

  /** From {@code from} to {@code to} between {@code at} and {@code at + seconds}. */
  static double walk(double t, double at, double seconds, double from, double to) {
    double p = Math.max(0, Math.min(1, (t - at) / seconds));
    return from + (to - from) * p;
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aPresenterWalkingInFrontOfTheSlideBreaksNoSlide(double rate) throws IOException {
    // They walk in at 2 s, stand over the text, the slide is cut at 9 s while they stand, they
    // walk to the other side at 12 s and off at 16 s; at 21 s a line of the slide is
    // replaced. Before, every arrival and departure started a slide (at 5, 14 and 18 s too).
    Canvas first = Slides.bullets(W, H, 7, "Results", 4);
    Canvas second = Slides.bullets(W, H, 8, "Method", 4);
    Canvas third = withThirdLineReplaced(second, Slides.LIGHT, 0x202020);
    DoubleFunction<Canvas> slide = t -> t < 9 ? first : t < 21 ? second : third;
    DoubleFunction<Double> x = t -> t < 12 ? walk(t, 2, 2.5, -0.15, 0.3)
        : t < 16 ? walk(t, 12, 2, 0.3, 0.7) : walk(t, 16, 2, 0.7, 1.2);
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(26, presenter(slide, x))
        .writeOnce(shared.resolve("presenter.mp4"));
    List<Segment> segments = detect(video, DetectorOptions.defaults(), rate);
    assertSlidesStartAt(segments, 1.0, 0, 9, 21);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aCrossfadeToAPictureBesideAnActiveAreaIsNoPersonWalkingIn(double rate)
      throws IOException {
    // An area along the left edge keeps changing through both slides (left out as active);
    // the second slide puts a photo-like picture where the first had lines of text, touching
    // that area. The crossfade's changes inside the active area once counted as a figure
    // sweeping over the slide, so the picture was taken for a person who walked in from the
    // edge and the two slides for one (`static[0.0-26.0]` at 2/s).
    Canvas lines = new Canvas(W, H).fill(Slides.LIGHT);
    lines.text(W / 5, H / 12, 3, "Results", 0x2050A0);
    Random words = new Random(5);
    for (int i = 0; i < 5; i++) {
      StringBuilder line = new StringBuilder();
      for (int k = 0; k < 24; k++) {
        line.append(words.nextInt(6) == 0 ? ' ' : (char) ('a' + words.nextInt(26)));
      }
      lines.text(W / 4, H / 4 + i * H / 10, 1, line.toString(), 0x202020);
    }
    Canvas picture = new Canvas(W, H).fill(Slides.LIGHT);
    picture.text(W / 5, H / 12, 3, "Results", 0x2050A0);
    Random photo = new Random(6);
    int px = W / 6 + 4;
    for (int y = H / 4 - 8; y < H * 3 / 4 + 8; y += 8) {
      for (int x = px; x < W / 2; x += 8) {
        picture.rect(x, y, 8, 8, 0x303030 + photo.nextInt(0xA0A0A0));
      }
    }
    DoubleFunction<Canvas> slide = t -> {
      Canvas c = t < 8 ? lines.copy() : t < 9 ? lines.copy().blend(picture, t - 8)
          : picture.copy();
      Random r = new Random(Math.round(t * FPS));
      for (int y = H / 4; y < H * 3 / 4; y += 10) {
        for (int x = 0; x < W / 6; x += 10) {
          c.rect(x, y, 10, 10, 0x282828 + r.nextInt(0xB4B4B4));
        }
      }
      return c;
    };
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(26, slide)
        .writeOnce(shared.resolve("picture-beside-active.mp4"));
    List<Segment> segments = detect(video, DetectorOptions.defaults(), rate);
    assertSlidesStartAt(segments, 1.5, 0, 9);
  }

  /**
   * Pen ink on {@code slide}: strokes along {@code strokes} (x, y, x, y, ... in frame pixels),
   * each drawn at a steady pace from its start time (seconds into the scene) over {@code
   * seconds}, then held.
   */
  static DoubleFunction<Canvas> inking(Canvas slide, double[][] strokes, double[] starts,
      double seconds) {
    return t -> {
      Canvas c = slide.copy();
      for (int i = 0; i < strokes.length; i++) {
        double[] path = strokes[i];
        double done = Math.min(1, (t - starts[i]) / seconds);
        int segments = path.length / 2 - 1;
        for (int k = 0; k < segments && done > 0; k++) {
          double part = Math.min(1, done * segments - k);
          if (part <= 0) {
            break;
          }
          double x0 = path[2 * k];
          double y0 = path[2 * k + 1];
          double x1 = x0 + (path[2 * k + 2] - x0) * part;
          double y1 = y0 + (path[2 * k + 3] - y0) * part;
          int steps = (int) Math.ceil(Math.hypot(x1 - x0, y1 - y0));
          for (int j = 0; j <= steps; j++) {
            double f = steps == 0 ? 0 : (double) j / steps;
            c.disc((int) Math.round(x0 + (x1 - x0) * f), (int) Math.round(y0 + (y1 - y0) * f),
                1, 0xE03030);
          }
        }
      }
      return c;
    };
  }

  @ParameterizedTest
  @ValueSource(doubles = {2, 4})
  void penInkThatIsClearedMakesANewSlide(double rate) throws IOException {
    // A presenter inks on a slide (two thin strokes of 3 s, then held for 5 s) and clears the
    // ink: the slide without it is a new slide, as a removed line is. Each stroke changes a
    // cell or two per sample, less than a slide change, and cells it changed twice became an
    // active area that was never compared again, so the clear went unseen (`static[0.0-19.0]`
    // at 2 and 4/s). No keyframe falls within the hold: its refresh would stir the ink's cells,
    // and the ink would not count as held (a limit, see docs/BENCHMARKS.md).
    Canvas slide = light(7);
    double[] underline = {W * 0.55, H * 0.88, W * 0.92, H * 0.88};
    double[] loop = new double[26];
    for (int i = 0; i < 13; i++) {
      double a = 2 * Math.PI * i / 12;
      loop[2 * i] = W * 0.8 + Math.cos(a) * W * 0.08;
      loop[2 * i + 1] = H * 0.62 + Math.sin(a) * H * 0.09;
    }
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(13, inking(slide, new double[][] {underline, loop}, new double[] {1.5, 5}, 3))
        .slide(slide, 6)
        .slide(light(8), 4)
        .gop(250)
        .writeOnce(shared.resolve("pen-ink.mp4"));
    List<Segment> segments = detect(video, DetectorOptions.defaults(), rate);
    assertSlidesStartAt(segments, 0.6, 0, 13, 19);
  }

  /**
   * A break slide with a large countdown in its middle (mm:ss, 40-pixel digits at 360 lines)
   * that ticks every second from {@code seconds} down.
   */
  static DoubleFunction<Canvas> countdown(int seconds) {
    return t -> {
      Canvas c = new Canvas(W, H).fill(0x203040);
      c.text(W / 6, H / 6, 4, "Break", 0xFFFFFF);
      int left = seconds - (int) Math.floor(t);
      c.text(W / 6, H / 2, 8, String.format(Locale.ROOT, "%02d:%02d", left / 60, left % 60), 0xFFD040);
      return c;
    };
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aCountdownTickingEverySecondIsOneSlide(double rate) throws IOException {
    // Each tick replaces a digit or two, a change larger than the smallest that counts, made in
    // one step and held for a second: at 4 samples per second it changes one pair in four, and
    // every tick was a slide of its own (11 of them here; at 2/s the first three). The first
    // tick alone looks like a digit replaced once, a new slide: once the same place ticks
    // again, the slide it ended is the same one.
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(light(1), 4)
        .scene(12, countdown(300))
        .slide(light(2), 4)
        .writeOnce(shared.resolve("countdown.mp4"));
    List<Segment> segments = detect(video, DetectorOptions.defaults(), rate);
    assertSlidesStartAt(segments, 1.0, 0, 4, 16);
    assertEquals(16, statics(segments).get(1).endTime(), 0.5, describe(segments));
  }

  @ParameterizedTest
  @ValueSource(doubles = {2, 4})
  void aNumberReplacedTwiceASecondApartIsTwoSlides(double rate) throws IOException {
    // "Step 1" becomes "Step 2", shown for a second (the minimum slide), then "Step 3", which
    // holds: the same place changed twice a second apart, as a countdown's first two ticks do,
    // but never again. Two changes are not a ticking area; it takes a third. (At 1 sample a
    // second the step shown for a second falls between samples and is motion.)
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(stepSlide("1"), 4)
        .slide(stepSlide("2"), 1)
        .slide(stepSlide("3"), 4)
        .writeOnce(shared.resolve("replaced-twice.mp4"));
    assertSlidesStartAt(detect(video, DetectorOptions.defaults(), rate), 0.5, 0, 4, 5);
  }

  /**
   * {@code slide} under a clock (hh:mm:ss, 20x28-pixel digits at 360 lines, white on dark grey)
   * in its top right corner that shows {@code t + t0} seconds past ten.
   */
  static DoubleFunction<Canvas> underClock(Canvas slide, double t0) {
    return t -> {
      Canvas c = slide.copy();
      int s = (int) Math.floor(t + t0);
      c.rect(W - 9 * 24 - 6, 4, 9 * 24, 32, 0x303030);
      c.text(W - 9 * 24, 6, 4, String.format(Locale.ROOT, "10:%02d:%02d", s / 60 % 60, s % 60), 0xFFFFFF);
      return c;
    };
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aLineReplacedUnderATickingClockIsANewSlide(double rate) throws IOException {
    // The clock ticks 0.7 s into the video, so the first picture holds less than the minimum
    // slide before the first tick: the slide still starts at the video's start, and a line
    // replaced far from the clock is a new slide.
    Canvas first = Slides.bullets(W, H, 5, "Findings", 4);
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(5, underClock(first, 0.3))
        .scene(5, underClock(withThirdLineReplaced(first, Slides.LIGHT, 0x202020), 5.3))
        .writeOnce(shared.resolve("clock-and-edit.mp4"));
    assertSlidesStartAt(detect(video, DetectorOptions.defaults(), rate), 0.5, 0, 5);
  }

  /**
   * A webcam picture-in-picture a quarter of the frame wide and high over {@code slide}: a face
   * that sways and blocks that change every frame, its top left corner at {@code at(t)}
   * (shares of the frame).
   */
  static DoubleFunction<Canvas> webcam(Canvas slide, DoubleFunction<double[]> at) {
    int pw = W / 4;
    int ph = H / 4;
    return t -> {
      Canvas c = slide.copy();
      double[] p = at.apply(t);
      int x0 = (int) (p[0] * W);
      int y0 = (int) (p[1] * H);
      c.rect(x0, y0, pw, ph, 0x706050);
      Random r = new Random(Math.round(t * FPS));
      for (int i = 0; i < 30; i++) {
        c.rect(x0 + r.nextInt(pw - 12), y0 + r.nextInt(ph - 12), 12, 12,
            0x404040 + r.nextInt(0x808080));
      }
      c.disc(x0 + pw / 2 + (int) (10 * Math.sin(t * 3)), y0 + ph / 2, ph / 4, 0xC09070);
      return c;
    };
  }

  @Test
  void aWebcamThatMovesToAnotherCornerBreaksNoSlide() throws IOException {
    // The picture-in-picture jumps from the bottom right to the top right corner 6 s into the
    // second slide, uncovering the slide where it was.
    Canvas second = Slides.bullets(W, H, 2, "Slide 2", 4);
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(6, webcam(Slides.bullets(W, H, 1, "Slide 1", 4), t -> new double[] {0.74, 0.73}))
        .scene(12, webcam(second, t -> t < 6 ? new double[] {0.74, 0.73}
            : new double[] {0.74, 0.02}))
        .scene(4, webcam(light(3), t -> new double[] {0.74, 0.02}))
        .write(dir.resolve("webcam-moves.mp4"));
    List<Segment> segments = detect(video);
    assertSlidesStartAt(segments, 0.5, 0, 6, 18);
  }

  @Test
  void eachPauseWhileScrollingThroughAPageIsASlide() throws IOException {
    // A long page scrolled by 300 pixels over 1.5 s, held, then by 60 pixels over 0.5 s (a few
    // lines), held: each view held is a slide of its own, the scrolling between them motion.
    Canvas page = new Canvas(W, 2 * H).fill(0xFFFFFF);
    Random words = new Random(3);
    for (int y = 20; y < 2 * H - 20; y += 26) {
      StringBuilder line = new StringBuilder();
      for (int k = 0; k < 48; k++) {
        line.append(words.nextInt(6) == 0 ? ' ' : (char) ('a' + words.nextInt(26)));
      }
      page.text(W / 12, y, 2, line.toString(), 0x202020);
    }
    DoubleFunction<Canvas> scrolled = t -> {
      double offset = t < 4 ? 0 : t < 5.5 ? 300 * (t - 4) / 1.5 : t < 10 ? 300
          : t < 10.5 ? 300 + 60 * (t - 10) / 0.5 : 360;
      Canvas view = new Canvas(W, H);
      System.arraycopy(page.bgr(), (int) Math.round(offset) * W * 3, view.bgr(), 0, W * H * 3);
      return view;
    };
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(15, scrolled)
        .write(dir.resolve("scrolling.mp4"));
    List<Segment> segments = detect(video);
    assertSlidesStartAt(segments, 0.5, 0, 5.5, 10.5);
    assertEquals(4, statics(segments).get(0).endTime(), 0.5, describe(segments));
  }

  @Test
  void aLiveCaptionStripUnderTheSlidesDoesNotHideThem() throws IOException {
    // Words appear along the bottom every 0.4 s: no cell of the strip changes often, so it is
    // never found to keep changing cell by cell, yet no picture ever held for the settle time.
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(8, Animations.liveCaptions(light(1), 1))
        .scene(6, Animations.liveCaptions(light(2), 2))
        .scene(9, Animations.liveCaptions(dark(3), 3))
        .scene(5, Animations.liveCaptions(light(4), 4))
        .write(dir.resolve("captions.mp4"));
    List<Segment> segments = detect(video);
    assertSlidesStartAt(segments, 1.0, 0, 8, 14, 23);
    assertEquals(28, segments.get(segments.size() - 1).endTime(), 0.5, describe(segments));
  }

  /** A board page: lines of chalk of different lengths, as a lecturer writes them. */
  static Canvas boardPage(Canvas board, int seed) {
    Canvas page = board.copy();
    int[] lengths = {20, 28, 14, 30, 24, 18};
    Random random = new Random(seed);
    for (int i = 0; i < lengths.length; i++) {
      StringBuilder line = new StringBuilder();
      for (int k = 0; k < lengths[i]; k++) {
        line.append(random.nextInt(6) == 0 ? ' ' : (char) ('a' + random.nextInt(26)));
      }
      page.text(W / 20, H / 12 + i * H * 3 / 20, 3, line.toString(), 0xF0F0E0);
    }
    return page;
  }

  @Test
  void handwritingOnABoardIsContentAppearingNotAnAreaToLeaveOut() throws IOException {
    // Ink added line after line for 16 s, with pauses where a line ends, changes a small area
    // in most pairs, as captions do, but only adds. Left out as an area that keeps changing,
    // the ink piles up until most of the board is no longer compared (0.45 of the cells here
    // without the rule that only-adding is content appearing; a longer lecture then took a
    // cleared board and the next page for the same slide).
    Canvas board = new Canvas(W, H).fill(0x1C2C24);
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(board, 1.5)
        .scene(20, Animations.handwriting(board, boardPage(board, 1), 16))
        .slide(board, 1.5)
        .scene(20, Animations.handwriting(board, boardPage(board, 2), 16))
        .write(dir.resolve("board.mp4"));
    SegmentDetector detector = new SegmentDetector();
    List<Segment> segments = new ArrayList<>();
    double mostLeftOut = 0;
    try (FfmpegVideoFrames frames = FfmpegVideoFrames.open(video, SamplingOptions.defaults())) {
      VideoFrame f;
      while ((f = frames.next()) != null) {
        segments.addAll(detector.push(f.time(), f.luma()));
        mostLeftOut = Math.max(mostLeftOut, detector.lastStats().activeShare());
      }
      segments.addAll(detector.finish(frames.info().durationSeconds()));
    }
    // 40 % is the most a slide may leave out; beyond it the detector stops comparing.
    assertTrue(mostLeftOut < 0.35, "ink left out as active area: " + mostLeftOut + " of the"
        + " cells; " + describe(segments));
    for (Segment s : statics(segments)) {
      assertTrue(s.startTime() > 21.3 || s.endTime() < 21.7,
          "no slide may span the cleared board at 21.5 s: " + describe(segments));
    }
  }

  @Test
  void aLightFlickeringOverTheWholePictureIsNoMotion() throws IOException {
    // A projector filmed under mains light: the whole picture's brightness moves by up to about
    // 8 grey levels from one sample to the next, which kept the video moving from start to end.
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(6, Animations.flickeringLight(light(1), 0.015, 0, 1))
        .scene(5, Animations.flickeringLight(light(2), 0.015, 6, 1))
        .scene(6, Animations.flickeringLight(light(3), 0.015, 11, 1))
        .write(dir.resolve("flicker.mp4"));
    assertSlidesStartAt(detect(video), 1.0, 0, 6, 11);
  }

  @Test
  void aSlowFadeStaysMotionThoughEachStepIsAsSmallAsAFlicker() throws IOException {
    // 10 s fades: from 2 to 10 % per sample, each step alike a flicker; taken off as one,
    // they gave a one-second slide after another along the fade.
    Canvas black = new Canvas(W, H).fill(0x000000);
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(light(1), 4)
        .scene(10, Animations.fadeIn(light(1), black, 10))
        .slide(black, 4)
        .scene(10, Animations.fadeIn(black, light(2), 10))
        .slide(light(2), 4)
        .write(dir.resolve("slow-fade.mp4"));
    List<Segment> segments = detect(video);
    assertEquals(3, statics(segments).size(), describe(segments));
    assertEquals(28, statics(segments).get(2).startTime(), 1.0, describe(segments));
  }

  @ParameterizedTest
  @ValueSource(doubles = {4.2, 4.4, 4.6})
  void aSlowFadeToBlackEndsInOneBlackSlideWhereverTheSamplesFall(double hold)
      throws IOException {
    // The samples fall elsewhere along the fade with the first slide's length. Where one of the
    // last, nearly black ones became the slide (it matches black by the light slide's
    // threshold), it departed at once at its own faint contrast: two slides at the fade's end.
    Canvas black = new Canvas(W, H).fill(0x000000);
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(light(1), hold)
        .scene(10, Animations.fadeIn(light(1), black, 10))
        .slide(black, 4)
        .write(dir.resolve("fade-to-black.mp4"));
    List<Segment> segments = detect(video);
    assertEquals(2, statics(segments).size(), describe(segments));
    assertEquals(hold + 14, statics(segments).get(1).endTime(), 0.5, describe(segments));
  }

  @Test
  void aDeckThatOpensWithAShortTitleAndAFadeKeepsBoth() throws IOException {
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(Slides.solid(W, H, 0x303040, "A lecture"), 4)
        .crossfade(1)
        .slide(light(1), 5)
        .slide(light(2), 4)
        .write(dir.resolve("opening.mp4"));
    assertSlidesStartAt(detect(video), 1.0, 0, 5, 10);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aDeckThatFadesInFromBlackIntoAShortTitleKeepsItsFirstSlides(double rate)
      throws IOException {
    // The opening: a fade from black into a 4 s title, a 1.5 s fade into a 3 s slide.
    Canvas title = Slides.solid(W, H, 0x303040, "A lecture");
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(5, Animations.fadeIn(new Canvas(W, H).fill(0x000000), title, 1))
        .crossfade(1.5)
        .slide(light(1), 3)
        .slide(light(2), 4)
        .writeOnce(shared.resolve("fade-from-black.mp4"));
    assertSlidesStartAt(detect(video, DetectorOptions.defaults(), rate), 1.0, 1, 6.5, 9.5);
  }

  @Test
  void samplingAtOneTwoAndFourPerSecondGivesTheSameSlides() throws IOException {
    // A clean deck: encoded at a bitrate that does not make the encoder refine each new picture
    // for a whole second (a 2 s hold is two samples at one per second).
    Path video = LectureVideo.builder(W, H, FPS).bitrate(1_500_000)
        .slide(light(1), 4)
        .crossfade(1)
        .slide(light(2), 3)
        .motion(3)
        .slide(Slides.build(W, H, 7, "Build", 1), 2)
        .slide(Slides.build(W, H, 7, "Build", 2), 2)
        .slide(dark(3), 2)
        .slide(light(4), 4)
        .write(dir.resolve("rates.mp4"));
    assertEquals(5, sameSlidesAtOneTwoAndFourPerSecond(video).size());
  }

  @Test
  void theSampleLectureGivesItsSixSlidesAtOneTwoAndFourPerSecond() throws IOException {
    // The README's sample, starved (30 kbit/s): the encoder refines each new picture for
    // seconds, and a keyframe every 10 s refreshes the whole picture. At one sample a second
    // the refinement of a whole second shows in one pair, which once kept the "Method" slide
    // (16-22 s) from ever coming to rest: it was lost in an 11 s moving stretch, and the slide
    // after the motion (from 25 s) was found from 27 s.
    Path video = SampleLecture.write(dir.resolve("lecture.mp4"));
    List<Segment> one = sameSlidesAtOneTwoAndFourPerSecond(video);
    assertEquals(SampleLecture.EXPECTED_SLIDES, one.size(), describe(one));
    double[] starts = {0, 5, 16, 25, 31, 35};
    for (int i = 0; i < starts.length; i++) {
      assertEquals(starts[i], one.get(i).startTime(), 1.0, describe(one));
    }
  }

  @Test
  void aKeyframeRightAfterACutDoesNotHideTheSlideAtOnePerSecond() throws IOException {
    // A starved stream (as the sample) with a keyframe at 10 s, 1.4 s into a 3.4 s slide: at
    // one sample a second the slide shows at 9, 10 and 11 s; the pair 9-10 s is the keyframe
    // refreshing the whole picture (no cell changes, the mean difference twice the noise
    // limit), and the pair 10-11 s the encoder refining it again, as after a cut. At four a
    // second the slide holds before the keyframe comes; at one it was lost.
    Path video = LectureVideo.builder(W, H, FPS).bitrate(30_000).gop(100)
        .slide(Slides.bullets(W, H, 1, "One", 3), 8.6)
        .slide(Slides.bullets(W, H, 2, "Two", 4), 3.4)
        .slide(Slides.bullets(W, H, 3, "Three", 2), 5)
        .write(dir.resolve("keyframe.mp4"));
    List<Segment> one = sameSlidesAtOneTwoAndFourPerSecond(video);
    assertEquals(3, one.size(), describe(one));
    assertEquals(9, one.get(1).startTime(), 1.0, describe(one));
  }

  /**
   * The static segments found at one sample a second, after checking that two and four a
   * second find as many, each starting and ending within a second (one sample interval at one
   * per second) of those.
   */
  static List<Segment> sameSlidesAtOneTwoAndFourPerSecond(Path video) throws IOException {
    List<Segment> one = statics(detect(video, DetectorOptions.defaults(), 1));
    for (double rate : new double[] {2, 4}) {
      List<Segment> other = statics(detect(video, DetectorOptions.defaults(), rate));
      String both = rate + "/s: " + describe(other) + " vs 1/s: " + describe(one);
      assertEquals(one.size(), other.size(), both);
      for (int i = 0; i < one.size(); i++) {
        assertEquals(one.get(i).startTime(), other.get(i).startTime(), 1.0, both);
        assertEquals(one.get(i).endTime(), other.get(i).endTime(), 1.0, both);
      }
    }
    return one;
  }

  /** A photo-like picture: a soft gradient with discs of colour, no text. */
  static Canvas photo(int seed) {
    Canvas c = new Canvas(W, H);
    Random random = new Random(seed);
    int top = 0x406080 + random.nextInt(0x202020);
    int bottom = 0x8070A0 + random.nextInt(0x202020);
    for (int y = 0; y < H; y++) {
      double q = (double) y / (H - 1);
      int rgb = 0;
      for (int shift = 0; shift <= 16; shift += 8) {
        int a = top >> shift & 0xFF;
        int b = bottom >> shift & 0xFF;
        rgb |= (int) Math.round(a + (b - a) * q) << shift;
      }
      c.rect(0, y, W, 1, rgb);
    }
    for (int i = 0; i < 14; i++) {
      c.disc(random.nextInt(W), random.nextInt(H), 8 + random.nextInt(40),
          random.nextInt(0x1000000));
    }
    return c;
  }

  /**
   * The static segments start near {@code starts} and end near {@code ends}, one each, each
   * boundary within its {@code tolerances} (seconds).
   */
  static void assertSlides(List<Segment> segments, double[] starts, double[] ends,
      double[] tolerances) {
    List<Segment> statics = statics(segments);
    assertEquals(starts.length, statics.size(), describe(segments));
    for (int i = 0; i < starts.length; i++) {
      Segment slide = statics.get(i);
      assertTrue(Math.abs(slide.startTime() - starts[i]) <= tolerances[i] + 1e-6,
          "slide " + (i + 1) + " should start near " + starts[i] + ": " + describe(segments));
      assertTrue(Math.abs(slide.endTime() - ends[i]) <= tolerances[i] + 1e-6,
          "slide " + (i + 1) + " should end near " + ends[i] + ": " + describe(segments));
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aSlideshowUnderSlowZoomAndPanIsOneSlidePerPicture(double rate) throws IOException {
    // A narrated slideshow as iMovie or Camtasia make it: every picture slowly reframed
    // (zoomed by 8 % over 8 s, 4 % over 10 s, zoomed and panned, zoomed out) for as long as it
    // is shown, cut or crossfaded to the next. Each picture is a slide; a change of picture
    // starts the next.
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(8, Animations.kenBurns(light(1), 8, 0.08, 0, 0))
        .scene(10, Animations.kenBurns(dark(2), 10, 0.04, 0, 0))
        .crossfade(1)
        .scene(8, Animations.kenBurns(photo(3), 8, 0.08, 0.03, -0.02))
        .scene(8, Animations.kenBurns(light(4), 8, -0.06, 0, 0))
        .writeOnce(shared.resolve("ken-burns-slideshow.mp4"));
    double sample = 1 / rate;
    assertSlides(detect(video, DetectorOptions.defaults(), rate),
        new double[] {0, 8, 19, 27}, new double[] {8, 18, 27, 35},
        new double[] {sample, sample, sample + 1, sample});
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aFastKenBurnsMoveBetweenSlidesIsMotion(double rate) throws IOException {
    // A photo zoomed into by a quarter and panned over 9 s between two slides (the accuracy
    // corpus's pillarboxed-zoom-transitions): reframed too fast to be a slide of its own.
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(light(1), 4)
        .scene(9, Animations.kenBurns(photo(2), 9, 0.25, 0.08, -0.05))
        .slide(dark(3), 4)
        .writeOnce(shared.resolve("fast-ken-burns.mp4"));
    double sample = 1 / rate;
    assertSlides(detect(video, DetectorOptions.defaults(), rate),
        new double[] {0, 13}, new double[] {4, 17}, new double[] {sample, sample});
  }

  /**
   * A lecture capture's side-by-side layout (Opencast, Panopto, Zoom): {@code slide} scaled to
   * 60 % of the frame on the left of a dark background, and right of it, as tall as the frame
   * and 38 % of its width, a camera pane that changes every pixel every frame (stripes sliding
   * by and blocks thrown anew, as the demo window of DetectorTuningTest does) from
   * {@code paneFrom} seconds of the scene on; before that the pane shows the dark background.
   */
  static DoubleFunction<Canvas> sideBySide(int seed, double paneFrom) {
    Canvas slide = Slides.bullets(W * 6 / 10, H * 6 / 10, seed, "Slide " + seed, 3);
    Canvas still = new Canvas(W, H).fill(0x202428).paste(slide, 0, H / 5);
    int x0 = W * 62 / 100;
    int pw = W - x0;
    return t -> {
      Canvas c = still.copy();
      if (t < paneFrom) {
        return c;
      }
      int shift = (int) (t * 89);
      for (int x = 0; x < pw; x += 8) {
        c.rect(x0 + x, 0, Math.min(8, pw - x), H,
            ((x + shift) / 8) % 2 == 0 ? 0x406080 : 0xC0A060);
      }
      Random r = new Random(Math.round(t * FPS) * 31 + seed);
      for (int i = 0; i < 40; i++) {
        c.rect(x0 + r.nextInt(pw - 24), r.nextInt(H - 24), 24, 24, r.nextInt(0xFFFFFF));
      }
      return c;
    };
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aCameraPaneBesideTheSlidesFromTheStartBreaksNoSlide(double rate) throws IOException {
    // The pane is 38 % of the frame and every pixel of it moves, more than a quarter of the
    // frame; it reaches the frame's edges, so it is no video in a box of the slide. It moves
    // from the first frame on and through every slide change: the layout's camera, not motion.
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(7, sideBySide(1, 0)).scene(6, sideBySide(2, 0)).scene(6, sideBySide(3, 0))
        .scene(6, sideBySide(4, 0))
        .writeOnce(shared.resolve("side-by-side.mp4"));
    List<Segment> segments = detect(video, DetectorOptions.defaults(), rate);
    assertSlidesStartAt(segments, 0.5, 0, 7, 13, 19);
    assertEquals(25, segments.get(segments.size() - 1).endTime(), 0.2, describe(segments));
  }

  @Test
  void theSamePaneOpeningBesideASlideShownStillIsMotion() throws IOException {
    // The same pane, but opening 4 s into the first slide, as a demo window beside a slide does
    // (README, tuning step 4): motion from there until the next slide replaces the picture.
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(12, sideBySide(1, 4)).slide(light(2), 5)
        .write(dir.resolve("demo-beside.mp4"));
    List<Segment> segments = detect(video);
    assertSlidesStartAt(segments, 0.5, 0, 12);
    assertEquals(SegmentKind.MOVING, segments.get(1).kind(), describe(segments));
    assertEquals(4, segments.get(0).endTime(), 0.5, describe(segments));
  }

  /**
   * A podcast's picture (discs and a title on a dark ground) with an audio waveform along the
   * bottom: bars across 80 % of the width in the lowest 18 % of the frame, new every frame,
   * centred on the band's middle, so the band's lowest cells change only now and then.
   */
  static DoubleFunction<Canvas> podcast(int seed) {
    Canvas picture = new Canvas(W, H).fill(0x283050 + seed * 0x101000);
    Random r = new Random(seed);
    for (int i = 0; i < 8; i++) {
      picture.disc(r.nextInt(W), r.nextInt(H / 2), 20 + r.nextInt(40), r.nextInt(0xFFFFFF));
    }
    picture.text(W / 8, H / 2, 5, "Podcast " + seed, 0xFFFFFF);
    return Animations.waveform(picture, seed, FPS);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aWaveformUnderAPodcastsPictureIsNoMotion(double rate) throws IOException {
    // The band is 14 % of the frame, but with the margin of a cell around it more than the
    // 30 % left out as an inset, and it reaches the frame's edge, so it is no video in a box of
    // the slide either: moving from start to end. It moves from the first frame on, through
    // the change of picture: part of the layout, as a lecture capture's camera pane is.
    assertTwoPicturesUnderABand(SegmentDetectorCasesTest::podcast, rate, "podcast");
  }

  /**
   * Two pictures of {@code kind} (seeds 3 and 4), 12 and 10 s, each under a band that moves
   * all the time: a slide each, starting at 0 and 12 s, the last to the video's end.
   */
  void assertTwoPicturesUnderABand(IntFunction<DoubleFunction<Canvas>> kind, double rate,
      String name) throws IOException {
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(12, kind.apply(3)).scene(10, kind.apply(4))
        .writeOnce(shared.resolve(name + ".mp4"));
    List<Segment> segments = detect(video, DetectorOptions.defaults(), rate);
    assertSlidesStartAt(segments, 0.5, 0, 12);
    assertEquals(22, segments.get(segments.size() - 1).endTime(), 0.2, describe(segments));
  }

  /**
   * The podcast's picture with spectrum bars along the whole bottom edge instead: a bar every
   * 8 pixels growing up from the edge to at most a fifth of the frame, new every frame. The
   * bars' tops reach the row of cells above them only now and then.
   */
  static DoubleFunction<Canvas> spectrum(int seed) {
    Canvas picture = podcast(seed).apply(-1);
    Canvas clean = picture.copy().rect(0, H * 82 / 100, W, H, 0x283050 + seed * 0x101000);
    return t -> {
      Canvas c = clean.copy();
      Random level = new Random(seed * 100_000L + Math.round(t * FPS));
      for (int x = 0; x < W; x += 8) {
        int h = (int) (H / 5 * (0.15 + 0.85 * level.nextDouble()));
        c.rect(x, H - h, 6, h, 0x40D0F0);
      }
      return c;
    };
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void spectrumBarsAlongThePicturesBottomEdgeAreNoMotion(double rate) throws IOException {
    assertTwoPicturesUnderABand(SegmentDetectorCasesTest::spectrum, rate, "spectrum");
  }


  /**
   * {@code slide} with a laser pointer's red dot (7 pixels across its core at 360 lines, a
   * lighter halo around it) moving on a wobbling path at up to 400 pixels a second from
   * {@code from} to {@code to} s into the scene.
   */
  static DoubleFunction<Canvas> laserDot(Canvas slide, double from, double to) {
    return t -> {
      if (t < from || t > to) {
        return slide;
      }
      double u = t - from;
      int x = (int) (W / 2 + W / 3 * Math.sin(u * 0.9) + 15 * Math.sin(u * 13));
      int y = (int) (H / 2 + H / 4 * Math.sin(u * 1.3 + 1) + 10 * Math.cos(u * 11));
      return slide.copy().disc(x, y, 9, 0xFF9090).disc(x, y, 7, 0xFF1010);
    };
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aLaserPointerMovingOverASlideBreaksNoSlide(double rate) throws IOException {
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(light(1), 4).scene(12, laserDot(light(2), 2, 10)).slide(light(3), 4)
        .writeOnce(shared.resolve("laser.mp4"));
    List<Segment> segments = detect(video, DetectorOptions.defaults(), rate);
    assertSlidesStartAt(segments, 0.5, 0, 4, 16);
    assertEquals(16, statics(segments).get(1).endTime(), 0.5, describe(segments));
  }

  /**
   * {@code slide} with a presenter keyed over its right side (a figure about a sixth of the
   * frame: body, head, an arm that gestures) who sways and gestures all the time; the scene's
   * time starts at {@code offset}, so the figure moves on across slide changes.
   */
  static DoubleFunction<Canvas> keyedPresenter(Canvas slide, double offset) {
    return time -> {
      double t = offset + time;
      Canvas c = slide.copy();
      int cx = (int) (W * 0.82 + 10 * Math.sin(t * 1.7) + 4 * Math.sin(t * 5.3));
      int headY = (int) (H * 0.36 + 3 * Math.sin(t * 2.3));
      c.rect(cx - 45, headY + 40, 90, H - headY - 40, 0x303848);
      c.rect(cx - 12, headY + 40, 24, 50, 0xE0E0F0);
      c.disc(cx, headY, 28, 0xC89070);
      c.disc(cx, headY - 18, 22, 0x302010);
      double arm = 0.6 + 0.5 * Math.sin(t * 2.9) + 0.2 * Math.sin(t * 7.1);
      for (int k = 0; k < 60; k++) {
        int ax = (int) (cx - 45 - k * Math.cos(arm));
        int ay = (int) (headY + 90 - k * Math.sin(arm));
        c.rect(ax - 7, ay - 7, 14, 14, 0x303848);
      }
      return c;
    };
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aPresenterKeyedOverEverySlideBreaksNoSlide(double rate) throws IOException {
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(6, keyedPresenter(light(1), 0)).scene(6, keyedPresenter(light(2), 6))
        .scene(6, keyedPresenter(Slides.dark(W, H, 3, "Part 3", 3), 12))
        .scene(6, keyedPresenter(light(4), 18))
        .writeOnce(shared.resolve("keyed.mp4"));
    assertSlidesStartAt(detect(video, DetectorOptions.defaults(), rate), 0.5, 0, 6, 12, 18);
  }

  /**
   * {@code slide} with burned-in subtitles: a line of 24-40 letters (18-pixel glyphs at 360
   * lines) in a black box at the bottom, a new one every {@code period} seconds, each shown for
   * all of it but the last {@code gap} seconds (the band empty then); the lines depend on
   * {@code seed} and on the scene's time from {@code offset}.
   */
  static DoubleFunction<Canvas> subtitles(Canvas slide, long seed, double offset, double period,
      double gap) {
    return Animations.subtitles(slide, seed, offset, period, gap);
  }

  @ParameterizedTest
  @CsvSource({"2.5, 0", "2.5, 0.5", "1.5, 0", "5, 0"})
  void burnedInSubtitlesAreNoNewSlides(double period, double gap) throws IOException {
    // A subtitle line replaced every few seconds under each of two slides (and at the slide
    // change): each line was a slide of its own (7-12 here). After the third change confined
    // to the band at the bottom, the band is left out and the slides the lines made are one.
    // Every 5 s, the first slide has only two changes; the slide change does not break the
    // series, and the second slide's first line change is the third.
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(15, subtitles(light(1), 1, 0, period, gap))
        .scene(15, subtitles(light(2), 2, 15, period, gap))
        .write(dir.resolve("subtitles.mp4"));
    for (double rate : new double[] {1, 2, 4}) {
      List<Segment> segments = detect(video, DetectorOptions.defaults(), rate);
      assertSlidesStartAt(segments, 0.5, 0, 15);
      assertEquals(15, statics(segments).get(0).endTime(), 0.5, rate + "/s " + describe(segments));
      assertEquals(30, statics(segments).get(1).endTime(), 0.5, rate + "/s " + describe(segments));
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aSlideChangeUnderSubtitlesIsANewSlide(double rate) throws IOException {
    // Three slides of 9 s under a line every 2 s, a new line with each slide too: once the band
    // is known the subtitles are left out, and each slide change still splits where it is.
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(9, subtitles(light(1), 1, 0, 2, 0))
        .scene(9, subtitles(dark(2), 2, 0, 2, 0))
        .scene(9, subtitles(light(3), 3, 0, 2, 0))
        .writeOnce(shared.resolve("subtitled-deck.mp4"));
    List<Segment> segments = detect(video, DetectorOptions.defaults(), rate);
    assertSlidesStartAt(segments, 0.5, 0, 9, 18);
    assertEquals(9, statics(segments).get(0).endTime(), 0.5, describe(segments));
    assertEquals(18, statics(segments).get(1).endTime(), 0.5, describe(segments));
  }

  /**
   * {@code slide} under the lines of {@link Animations#speechLine} (the corpus's seed), from
   * {@code offset} on its clock.
   */
  static DoubleFunction<Canvas> speech(Canvas slide, double offset) {
    return t -> Animations.subtitles(slide, 135, 3, u -> Animations.speechLine(135, u))
        .apply(offset + t);
  }

  @ParameterizedTest
  @ValueSource(doubles = {2, 4})
  void aShortSlideUnderSubtitlesKeepsTheirSeries(double rate) throws IOException {
    // The corpus's subtitled deck's first 48 s: lines of 1.5-5 s, most followed by a gap,
    // running on across the slide changes, and a 3 s slide. The slides take most line changes
    // in (in their active area); the one at 10 s came as a new slide, then the 3 s slide's two
    // slide changes in a row ended its series, the next line change that came as a slide was
    // more than 8 s after the last, and the slides the lines made stayed (8 here). A line
    // change taken in between keeps the series open. (At 1/s fewer line changes come as
    // slides: no band is known within these 48 s, and the first slide ends at 10 s.)
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(12, speech(light(1), 0))
        .scene(8, speech(light(2), 12))
        .scene(3, speech(dark(3), 20))
        .scene(15, speech(light(1), 23))
        .scene(10, speech(light(4), 38))
        .writeOnce(shared.resolve("subtitled-short-slide.mp4"));
    List<Segment> segments = detect(video, DetectorOptions.defaults(), rate);
    assertSlidesStartAt(segments, 0.5, 0, 12, 20, 23, 38);
    assertEquals(12, statics(segments).get(0).endTime(), 0.5, describe(segments));
    assertEquals(20, statics(segments).get(1).endTime(), 0.5, describe(segments));
  }

  /** {@code slide} with a line at its bottom (in the lowest fifth): "Step k: ...". */
  static Canvas withStepLine(Canvas slide, int step) {
    Canvas c = slide.copy();
    c.text(W / 12, H - 40, 3, "Step " + step + ": " + "abcdefghij".substring(0, 3 + step),
        0x2050A0);
    return c;
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aStepLineAtASlidesBottomReplacedTwiceIsASlidePerStep(double rate) throws IOException {
    // Only the repetition makes a caption band: two changes of a line at the bottom (a
    // footnote, a quiz's answer, the next step) are new slides as any small change is.
    Canvas slide = Slides.bullets(W, H, 6, "Procedure", 3);
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(withStepLine(slide, 1), 3)
        .slide(withStepLine(slide, 2), 3)
        .slide(withStepLine(slide, 3), 4)
        .slide(light(4), 4)
        .writeOnce(shared.resolve("step-lines.mp4"));
    assertSlidesStartAt(detect(video, DetectorOptions.defaults(), rate), 0.5, 0, 3, 6, 10);
  }

  /**
   * {@code slide} under a live stream's chat panel over its right quarter: a new message every
   * 3 s (the scene's time from {@code offset}), moving the older ones up.
   */
  static DoubleFunction<Canvas> chat(Canvas slide, double offset) {
    return time -> {
      Canvas c = slide.copy();
      int x0 = W * 3 / 4;
      c.rect(x0, 0, W - x0, H, 0x18181C);
      int n = (int) ((offset + time) / 3) + 3;
      for (int k = 0; k < 12 && n - k >= 0; k++) {
        int y = H - 24 - k * 26;
        Random r = new Random(n - k);
        c.text(x0 + 6, y, 1, "user" + r.nextInt(99), 0x60A0FF);
        StringBuilder m = new StringBuilder();
        for (int i = 0; i < 20; i++) {
          m.append(i % 5 == 4 ? ' ' : (char) ('a' + r.nextInt(26)));
        }
        c.text(x0 + 6, y + 10, 1, m.toString(), 0xE0E0E0);
      }
      return c;
    };
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aChatPanelBesideTheSlidesIsACaptionBand(double rate) throws IOException {
    // Each message is a change in one step out of a still picture, confined to the panel: a
    // slide per message (12 here) until the third makes the panel a band along the right edge.
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(12, chat(light(1), 0)).scene(12, chat(light(2), 12))
        .scene(12, chat(light(3), 24))
        .writeOnce(shared.resolve("chat.mp4"));
    List<Segment> segments = detect(video, DetectorOptions.defaults(), rate);
    assertSlidesStartAt(segments, 0.5, 0, 12, 24);
  }

  /**
   * The samples of {@code video} at {@code rate}, pushed to a detector as {@link
   * SegmentDetectorVideoTest#detect} does; {@code times} receives each sample's time, in the
   * order of the sample numbers the segments give.
   */
  static List<Segment> detectNoting(Path video, double rate, List<Double> times)
      throws IOException {
    return SegmentDetectorVideoTest.detect(video, DetectorOptions.defaults(), rate, times);
  }

  /**
   * Three slides of 4, 12 and 4 s, the second with an overlay that comes and goes ({@code
   * overlay}, from {@code came} s of the video, gone at {@code left} s): one slide each, within
   * one sample interval, the second spanning the overlay's stay, its first picture from before
   * the overlay came and its last from after it left.
   */
  void assertOverlayContinuesTheSlide(DoubleFunction<Canvas> overlay, double came, double left,
      double rate, String name) throws IOException {
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(light(1), 4)
        .scene(12, overlay)
        .slide(light(3), 4)
        .writeOnce(shared.resolve(name + ".mp4"));
    List<Double> times = new ArrayList<>();
    List<Segment> segments = detectNoting(video, rate, times);
    double interval = 1 / rate + 1e-6;
    assertSlidesStartAt(segments, interval, 0, 4, 16);
    Segment slide = statics(segments).get(1);
    assertEquals(16, slide.endTime(), interval, describe(segments));
    assertTrue(times.get((int) slide.firstSample()) < came,
        "first picture before the overlay: " + describe(segments));
    assertTrue(times.get((int) slide.lastSample()) >= left,
        "last picture after the overlay: " + describe(segments));
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aNotificationThatComesAndGoesIsNoNewSlide(double rate) throws IOException {
    // A notification (30 %x12 % at the top right) fades in over 0.3 s 3 s into the slide,
    // stays 4 s and fades out: its arrival continued the slide (a build), its departure was a
    // removal and made the slide again a new slide (4.0-11.5, 12.0-16.0 at 2/s).
    assertOverlayContinuesTheSlide(SlideExtractorTest.toast(light(2), 3, 4), 7, 11.6, rate,
        "toast");
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aLowerThirdThatComesAndGoesIsNoNewSlide(double rate) throws IOException {
    // A name caption (45 %x14 % at the bottom left) slides in over 0.5 s 3 s into the slide,
    // stays 5 s and slides out: as the notification (4.0-13.0, 13.0-16.0 at 2/s).
    assertOverlayContinuesTheSlide(SlideExtractorTest.lowerThird(light(2), 3, 5), 7, 13, rate,
        "lower-third");
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void twoNotificationsOneAfterTheOtherAreNoNewSlide(double rate) throws IOException {
    // A second notification in the same corner after the first left: the picture from before
    // it is taken again, so it too continues the slide (5 slides at 1, 2 and 4/s without
    // the rule, Detection#overlayLeft).
    DoubleFunction<Canvas> first = SlideExtractorTest.toast(light(2), 2, 2);
    DoubleFunction<Canvas> second = SlideExtractorTest.toast(light(2), 7, 2);
    assertOverlayContinuesTheSlide(t -> t < 5.5 ? first.apply(t) : second.apply(t), 6, 13.6,
        rate, "two-toasts");
  }

  @ParameterizedTest
  @CsvSource({"1, 4, 4.5", "2, 4, 4.5", "4, 4, 4.5", "1, 7, 1.5", "2, 7, 1.5", "4, 7, 1.5"})
  void twoNotificationsShownAtOnceAreNoNewSlide(double rate, double firstStay,
      double secondStay) throws IOException {
    // One at the top right from 2 s, one at the bottom left from 4.5 s; the first gone at
    // 6.6 s and the second at 9.6 s (of the scene), or the other way round: only the picture
    // before the latest arrival was kept, so the first one's departure was a removal, a new
    // slide (5 slides; in the other order 4, the second one's departure taken in).
    DoubleFunction<Canvas> first = SlideExtractorTest.toast(light(2), 2, firstStay);
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(light(1), 4)
        .scene(12, t -> SlideExtractorTest.toastAt(first.apply(t), 4.5, secondStay, 10, H - 53)
            .apply(t))
        .slide(light(3), 4)
        .writeOnce(shared.resolve("two-toasts-at-once-" + firstStay + "-" + secondStay
            + ".mp4"));
    List<Double> times = new ArrayList<>();
    List<Segment> segments = detectNoting(video, rate, times);
    double interval = 1 / rate + 1e-6;
    assertSlidesStartAt(segments, interval, 0, 4, 16);
    Segment slide = statics(segments).get(1);
    assertEquals(16, slide.endTime(), interval, describe(segments));
    assertTrue(times.get((int) slide.firstSample()) < 6,
        "first picture before the overlays: " + describe(segments));
    assertTrue(times.get((int) slide.lastSample()) >= 13.6,
        "last picture after the overlays: " + describe(segments));
  }

  /**
   * Two slides of 8 s ({@code one}, {@code two}) and a third of 4 s; a notification fades in
   * 4 s into the first and stays over the slide change, to fade out at {@code out} s of the
   * video ({@code Double.POSITIVE_INFINITY}: never).
   */
  Path toastOverASlideChange(Canvas one, Canvas two, double out, String name)
      throws IOException {
    double stay = out - 4.3;
    return overASlideChange(slide -> SlideExtractorTest.toast(slide, 4, stay), one, two, name);
  }

  /**
   * Two slides of 8 s ({@code one}, {@code two}) under the same overlay ({@code overlay} over
   * a slide, as time goes), and a third of 4 s.
   */
  Path overASlideChange(Function<Canvas, DoubleFunction<Canvas>> overlay, Canvas one,
      Canvas two, String name) throws IOException {
    DoubleFunction<Canvas> overOne = overlay.apply(one);
    DoubleFunction<Canvas> overTwo = overlay.apply(two);
    return LectureVideo.builder(W, H, FPS)
        .scene(16, t -> t < 8 ? overOne.apply(t) : overTwo.apply(t))
        .slide(light(3), 4)
        .writeOnce(shared.resolve(name + ".mp4"));
  }

  @ParameterizedTest
  @CsvSource({"1, false", "2, false", "4, false", "1, true", "2, true", "4, true"})
  void aNotificationStillShownWhenTheSlideChangesIsNoNewSlide(double rate, boolean darkNext)
      throws IOException {
    // The notification comes over the first slide (taken in), the presenter moves on while it
    // is shown, and it fades out 3 s into the second slide: the second slide never had a
    // picture without it, so its departure was a removal and split the slide. The second
    // slide may be dark: the background around the notification changes with the slide.
    Path video = toastOverASlideChange(light(1), darkNext ? dark(2) : light(2), 11.3,
        darkNext ? "toast-over-change-to-dark" : "toast-over-change");
    List<Double> times = new ArrayList<>();
    List<Segment> segments = detectNoting(video, rate, times);
    double interval = 1 / rate + 1e-6;
    assertSlidesStartAt(segments, interval, 0, 8, 16);
    Segment second = statics(segments).get(1);
    assertEquals(16, second.endTime(), interval, describe(segments));
    assertTrue(times.get((int) second.lastSample()) >= 11.3,
        "last picture after the overlay left: " + describe(segments));
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aLowerThirdStillShownWhenTheSlideChangesIsNoNewSlide(double rate) throws IOException {
    // As the notification: the name caption slides in over the first slide and out 2.5 s into
    // the second.
    Path video = overASlideChange(slide -> SlideExtractorTest.lowerThird(slide, 4, 6.5),
        light(1), light(2), "lower-third-over-change");
    List<Segment> segments = detect(video, DetectorOptions.defaults(), rate);
    assertSlidesStartAt(segments, 1 / rate + 1e-6, 0, 8, 16);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aSlideChangeInTheCornerANotificationCoversIsANewSlide(double rate) throws IOException {
    // The same notification, shown over the slide change and to the end; both slides have a
    // bar just left of it, in the cells of its box, and a third slide is the second without
    // the bar: a change confined to the notification's cells that reveals empty background,
    // but leaves the notification itself where it was. It is a slide change, not the overlay
    // leaving (the change must take in most of the overlay's box).
    Canvas one = light(1).rect(420, 10, 10, 44, 0x2050A0);
    Canvas two = light(2).rect(420, 10, 10, 44, 0x2050A0);
    DoubleFunction<Canvas> overOne = SlideExtractorTest.toast(one, 4, 100);
    DoubleFunction<Canvas> overTwo = SlideExtractorTest.toast(two, 4, 100);
    DoubleFunction<Canvas> overBare = SlideExtractorTest.toast(light(2), 4, 100);
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(16, t -> t < 8 ? overOne.apply(t) : t < 12 ? overTwo.apply(t) : overBare.apply(t))
        .writeOnce(shared.resolve("corner-change.mp4"));
    List<Segment> segments = detect(video, DetectorOptions.defaults(), rate);
    assertSlidesStartAt(segments, 1 / rate + 1e-6, 0, 8, 12);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aFigureInTheCornerANotificationLeftIsANewSlide(double rate) throws IOException {
    // The notification shown over a slide change, then the next slide: the second with a
    // figure where the notification was. A change confined to its box, but what it leaves is
    // content, not the empty background an overlay came over: a slide change.
    Canvas figure = new Canvas(W * 30 / 100, H * 12 / 100).fill(0xF0C040);
    figure.text(10, 12, 2, "Figure 3", 0x202020);
    DoubleFunction<Canvas> overOne = SlideExtractorTest.toast(light(1), 4, 100);
    DoubleFunction<Canvas> overTwo = SlideExtractorTest.toast(light(2), 4, 100);
    Canvas withFigure = light(2).paste(figure, W - W * 30 / 100 - 10, 10);
    Path video = LectureVideo.builder(W, H, FPS)
        .scene(12, t -> t < 8 ? overOne.apply(t) : overTwo.apply(t))
        .slide(withFigure, 4)
        .writeOnce(shared.resolve("corner-figure.mp4"));
    List<Segment> segments = detect(video, DetectorOptions.defaults(), rate);
    assertSlidesStartAt(segments, 1 / rate + 1e-6, 0, 8, 12);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aLowerThirdWhoseTopIsJustUnderTwoThirdsOfTheHeightComesAndGoes(double rate)
      throws IOException {
    // Its top at 69 % of the height, in the lower third; counted by whole cell rows (the last
    // row of a 16:9 analysis frame is a quarter of one) that third began at 71 %, and the
    // caption's departure was a new slide (static[4.0-13.0] static[13.0-16.0] at 2/s).
    assertOverlayContinuesTheSlide(SlideExtractorTest.lowerThirdAt(light(2), 3, 5, 69), 7, 13,
        rate, "lower-third-69");
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void aBoxShownAndTakenAwayInTheMiddleOfASlideIsKept(double rate) throws IOException {
    // The notification's box, but in the middle of a slide with one line (a callout, an
    // answer revealed for a while): content a reader wants, so the picture with it stays the
    // slide's last and the slide without it after is a slide again, as for ink cleared.
    int x = (W - W * 30 / 100) / 2;
    int y = (H - H * 12 / 100) / 2;
    Canvas oneLine = Slides.bullets(W, H, 2, "Slide 2", 1);
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(light(1), 4)
        .scene(12, SlideExtractorTest.toastAt(oneLine, 3, 4, x, y))
        .slide(light(3), 4)
        .writeOnce(shared.resolve("callout.mp4"));
    List<Segment> segments = detect(video, DetectorOptions.defaults(), rate);
    List<Segment> statics = statics(segments);
    assertEquals(4, statics.size(), describe(segments));
    assertEquals(11.6, statics.get(2).startTime(), 1 / rate + 0.5, describe(segments));
    assertEquals(16, statics.get(3).startTime(), 1 / rate + 1e-6, describe(segments));
  }
}
