package dev.slides;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.slides.testing.LumaFrames;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The detector on synthetic grey frames: no video, microseconds per case. */
class SegmentDetectorTest {
  static final int W = 160;
  static final int H = 90;

  static LumaFrame slide(int seed) {
    return LumaFrames.slide(seed);
  }

  static LumaFrame noise(int seed) {
    return LumaFrames.noise(seed);
  }

  static List<Segment> run(List<LumaFrame> frames) {
    SegmentDetector d = new SegmentDetector();
    List<Segment> out = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      out.addAll(d.push(i, frames.get(i)));
    }
    out.addAll(d.finish(frames.size()));
    return out;
  }

  static List<String> kinds(List<Segment> segments) {
    return segments.stream()
        .map(s -> s.kind().wireName() + "@" + (int) s.startTime() + "-" + (int) s.endTime())
        .toList();
  }

  /** Samples after the end would start a second video inside the first, silently. */
  @Test
  void aFinishedDetectorRefusesMoreSamplesAndASecondFinish() {
    SegmentDetector d = new SegmentDetector();
    d.push(0, slide(1));
    d.finish(1);
    IllegalStateException push = assertThrows(IllegalStateException.class,
        () -> d.push(2, slide(1)));
    assertEquals("finish() was already called: a SegmentDetector analyses one video;"
        + " make a new one", push.getMessage());
    assertThrows(IllegalStateException.class, () -> d.finish(3));
  }

  /** NaN passes the check that time never goes back, and infinity would end no segment. */
  @Test
  void aSampleTimeThatIsNoFiniteNumberIsRefused() {
    SegmentDetector d = new SegmentDetector();
    d.push(0, slide(1));
    for (double time : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> d.push(time, slide(1)));
      assertEquals("A sample's time must be a finite number, got " + time, e.getMessage());
    }
  }

  @Test
  void slideMotionSlide() {
    LumaFrame a = slide(1);
    LumaFrame b = slide(2);
    List<LumaFrame> frames = List.of(a, a, a, noise(1), noise(2), noise(3), b, b, b);
    assertEquals(List.of("static@0-3", "moving@3-6", "static@6-9"), kinds(run(frames)));
  }

  @Test
  void startsMovingWhenTheVideoStartsInMotion() {
    LumaFrame a = slide(1);
    List<LumaFrame> frames = List.of(noise(1), noise(2), a, a, a);
    assertEquals(List.of("moving@0-2", "static@2-5"), kinds(run(frames)));
  }

  @Test
  void hardCutSplitsAndKeepsBothSlides() {
    LumaFrame a = slide(1);
    LumaFrame b = slide(2);
    List<Segment> segments = run(List.of(a, a, a, b, b, b));
    assertEquals(List.of("static@0-3", "static@3-6"), kinds(segments));
    assertEquals(2, segments.get(0).lastSample());
    assertEquals(3, segments.get(1).firstSample());
  }

  @Test
  void aOneSampleFlashIsIgnored() {
    LumaFrame a = slide(1);
    List<LumaFrame> frames = List.of(a, a, a, slide(9), a, a, a);
    assertEquals(List.of("static@0-7"), kinds(run(frames)));
  }

  @Test
  void aSlideShownForOneSampleIsNotAStaticSegment() {
    LumaFrame a = slide(1);
    LumaFrame c = slide(3);
    List<LumaFrame> frames = List.of(a, a, a, noise(5), slide(2), noise(6), c, c, c);
    assertEquals(List.of("static@0-3", "moving@3-6", "static@6-9"), kinds(run(frames)));
  }

  @Test
  void rejectsFramesOfAnotherSizeAndTimeGoingBack() {
    SegmentDetector d = new SegmentDetector();
    d.push(0, slide(1));
    assertThrows(IllegalArgumentException.class, () -> d.push(1, LumaFrame.filled(10, 10, 0)));
    assertThrows(IllegalArgumentException.class, () -> d.push(-1, slide(1)));
  }

  @Test
  void keepsOnlyAFewSamplesNeeded() {
    SegmentDetector d = new SegmentDetector();
    LumaFrame a = slide(1);
    for (int i = 0; i < 100; i++) {
      d.push(i, a);
    }
    assertArrayEquals(new long[] {0, 99}, d.samplesStillNeeded());
  }
}
