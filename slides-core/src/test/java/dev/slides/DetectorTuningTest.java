package dev.slides;

import static dev.slides.SegmentDetectorCasesTest.assertSlidesStartAt;
import static dev.slides.SegmentDetectorCasesTest.statics;
import static dev.slides.SegmentDetectorVideoTest.assertContiguous;
import static dev.slides.SegmentDetectorVideoTest.describe;
import static dev.slides.SegmentDetectorVideoTest.detect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.slides.testing.Canvas;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each public knob of {@link DetectorOptions} changes the result the way its documentation
 * (and the README's tuning section) says, on a generated fixture where the default and the
 * tuned setting disagree.
 */
class DetectorTuningTest {
  static final int W = 640;
  static final int H = 360;
  static final double FPS = 10;

  @TempDir Path dir;

  Canvas slide(int seed) {
    return Slides.bullets(W, H, seed, "Slide " + seed, 3);
  }

  /** The first bullet line's text starts here (see Slides.bullets). */
  static int lineX() {
    return W / 12 + (H / 90) * 6;
  }

  static int lineY() {
    return H / 4;
  }

  /** {@code slide} with the third character of its first bullet replaced, at {@code scale}. */
  static Canvas withOneCharacterReplaced(Canvas slide, int scale) {
    Canvas after = slide.copy();
    // A glyph cell of the text font is 5x7 units, 6 units apart.
    int x = lineX() + 2 * 6 * (H / 90);
    after.rect(x, lineY(), 5 * scale, 7 * scale, Slides.LIGHT);
    after.text(x, lineY(), scale, "#", 0x202020);
    return after;
  }

  @Test
  void highSensitivityTakesAChangedCharacterOfSmallTextThatTheDefaultIgnores()
      throws IOException {
    Canvas before = slide(1);
    // Text half the size of the bullets' (a footnote): one character's box is 0.06 % of the
    // frame, under the default's smallest change (0.15 %).
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(before, 4).slide(withOneCharacterReplaced(before, H / 180), 4)
        .write(dir.resolve("character.mp4"));
    assertSlidesStartAt(detect(video), 0, 0);
    assertSlidesStartAt(detect(video, DetectorOptions.builder().sensitivity(100).build()), 1.0,
        0, 4);
  }

  @Test
  void lowSensitivityIgnoresAChangedCharacterThatTheDefaultTakes() throws IOException {
    Canvas before = slide(2);
    // One character of the bullets' size replaced: a change made in one step out of a slide
    // that held still, above the default's smallest change.
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(before, 4).slide(withOneCharacterReplaced(before, H / 90), 4)
        .write(dir.resolve("word.mp4"));
    assertSlidesStartAt(detect(video), 1.0, 0, 4);
    assertSlidesStartAt(detect(video, DetectorOptions.builder().sensitivity(0).build()), 0, 0);
  }

  @Test
  void holdsShorterThanTheMinimumSlideDurationArePartOfTheMotion() throws IOException {
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(slide(1), 4).slide(slide(2), 1.5).slide(slide(3), 4)
        .write(dir.resolve("short-hold.mp4"));
    assertSlidesStartAt(detect(video), 1.0, 0, 4, 5.5);
    List<Segment> segments = detect(video,
        DetectorOptions.builder().minSlideDuration(Duration.ofSeconds(2)).build());
    assertSlidesStartAt(segments, 1.0, 0, 5.5);
    assertEquals(SegmentKind.MOVING, segments.get(1).kind(), describe(segments));
  }

  @Test
  void aRegionLeavesOutWhatChangesOutsideIt() throws IOException {
    // The right quarter (a speaker's picture, a demo window) shows other content on each slide.
    Canvas before = slide(1);
    before.rect(W * 3 / 4 + 10, H / 4, W / 4 - 20, H / 2, 0x806040);
    Canvas after = slide(1);
    after.rect(W * 3 / 4 + 10, H / 5, W / 4 - 20, H / 3, 0x4060A0);
    after.text(W * 3 / 4 + 14, H * 3 / 5, 3, "demo", 0x202020);
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(before, 4).slide(after, 4)
        .write(dir.resolve("right-quarter.mp4"));
    assertSlidesStartAt(detect(video), 1.0, 0, 4);
    List<Segment> left = detect(video,
        DetectorOptions.builder().region(Region.parse("0,0,75%,100%")).build());
    assertSlidesStartAt(left, 0, 0);
    assertContiguous(left, 8);
  }

  @Test
  void aRegionLeavesOutAnAnimatedAreaThatMakesTheSlideMoving() throws IOException {
    // A demo window keeps moving over the left 35 % of a slide: more than a quarter of the frame
    // keeps changing, which is motion (README, tuning step 4), unless the region leaves it out.
    Canvas shown = slide(1);
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(shown, 4).partialMotion(shown, 8, 0.35).slide(slide(2), 4)
        .write(dir.resolve("demo-window.mp4"));
    List<Segment> whole = detect(video);
    assertSlidesStartAt(whole, 1.0, 0, 12);
    assertEquals(SegmentKind.MOVING, whole.get(1).kind(), describe(whole));
    List<Segment> right = detect(video,
        DetectorOptions.builder().region(Region.parse("36%,0,64%,100%")).build());
    assertSlidesStartAt(right, 1.0, 0, 12);
    assertContiguous(right, 16);
    assertEquals(12, statics(right).get(0).endTime(), 1.0, describe(right));
  }

  @Test
  void startAndEndLimitTheSegmentsToThatPart() throws IOException {
    Path video = LectureVideo.builder(W, H, FPS)
        .slide(slide(1), 4).slide(slide(2), 4).slide(slide(3), 4)
        .write(dir.resolve("part.mp4"));
    List<Segment> segments = detect(video, DetectorOptions.builder()
        .start(Duration.ofMillis(5500)).end(Duration.ofSeconds(10)).build());
    List<Segment> statics = statics(segments);
    assertEquals(2, statics.size(), describe(segments));
    assertEquals(segments, statics, describe(segments));
    assertEquals(5.5, statics.get(0).startTime(), 1e-9, describe(segments));
    assertEquals(8, statics.get(1).startTime(), 0.3, describe(segments));
    assertEquals(10, statics.get(1).endTime(), 1e-9, describe(segments));
  }

  @Test
  void aMinimumSlideDurationOutOfRangeIsRefusedInSeconds() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DetectorOptions.builder().minSlideDuration(Duration.ofMillis(50)));
    assertEquals("minSlideDuration must be 0.1 s to 1 hour, got 0.05 s", e.getMessage());
  }
}
