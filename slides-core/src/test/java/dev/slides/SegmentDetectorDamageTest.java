package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.slides.testing.LumaFrames;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Samples whose pictures cannot be trusted ({@link SegmentDetector#pushDamaged}) on synthetic
 * grey frames, one a second: never a slide's first or last sample, never a slide of their own.
 */
class SegmentDetectorDamageTest {
  private static final LumaFrame A = LumaFrames.slide(1);
  private static final LumaFrame B = LumaFrames.slide(2);

  /** Each entry a sample a second: a frame, or null for a damaged sample. */
  private static List<Segment> run(List<LumaFrame> frames) {
    SegmentDetector d = new SegmentDetector();
    List<Segment> out = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      out.addAll(frames.get(i) == null ? d.pushDamaged(i) : d.push(i, frames.get(i)));
    }
    out.addAll(d.finish(frames.size()));
    return out;
  }

  private static List<LumaFrame> of(Object... parts) {
    List<LumaFrame> frames = new ArrayList<>();
    for (int i = 0; i < parts.length; i += 2) {
      for (int n = 0; n < (Integer) parts[i + 1]; n++) {
        frames.add((LumaFrame) parts[i]);
      }
    }
    return frames;
  }

  private static String describe(List<Segment> segments) {
    return segments.stream().map(s -> s.kind().wireName() + "@" + (int) s.startTime() + "-"
        + (int) s.endTime() + "#" + s.firstSample() + "-" + s.lastSample()).toList().toString();
  }

  @Test
  void aSlideShownOnBothSidesOfDamagedSamplesGoesOnAcrossThem() {
    List<Segment> segments = run(of(A, 4, null, 3, A, 4, B, 4));
    assertEquals("[static@0-11#0-10, static@11-15#11-14]", describe(segments));
  }

  @Test
  void aSlideNotShownAfterDamagedSamplesEndsWhereTheyBegan() {
    List<Segment> segments = run(of(A, 4, null, 3, B, 4));
    // A's last sample is its last one before the damage; B starts at its first trusted one.
    assertEquals("[static@0-4#0-3, moving@4-7#4-6, static@7-11#7-10]", describe(segments));
  }

  @Test
  void damagedSamplesAtTheStartOrTheEndAreMoving() {
    assertEquals("[moving@0-3#0-2, static@3-8#3-7]", describe(run(of(null, 3, A, 5))));
    assertEquals("[static@0-5#0-4, moving@5-8#5-7]", describe(run(of(A, 5, null, 3))));
    assertEquals("[moving@0-4#0-3]", describe(run(of(null, 4))));
  }

  @Test
  void aSlideBetweenDamagedStretchesStartsAndEndsAtTrustedSamples() {
    List<Segment> segments = run(of(A, 4, null, 2, B, 4, null, 2, A, 4));
    assertEquals("[static@0-4#0-3, moving@4-6#4-5, static@6-10#6-9, moving@10-12#10-11,"
        + " static@12-16#12-15]", describe(segments));
  }

  @Test
  void timeMustNotGoBackAcrossADamagedSample() {
    SegmentDetector d = new SegmentDetector();
    d.push(0, A);
    d.pushDamaged(2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> d.push(1, A));
    assertEquals("Time went back: 1.0 < 2.0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> d.pushDamaged(Double.NaN));
  }
}
