package dev.slides.bench.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slides.Segment;
import dev.slides.SegmentKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentMatchTest {
  private static Segment seg(SegmentKind kind, double start, double end) {
    return new Segment(kind, start, end, 0, 0);
  }

  /** The benchmark's case: a first slide that starts 3 s late matches no more at IoU 0.9. */
  @Test
  void aSlideStartingLateIsNotTheSameSegment() {
    List<Segment> full = List.of(seg(SegmentKind.STATIC, 0, 12), seg(SegmentKind.STATIC, 12, 20));
    List<Segment> small = List.of(seg(SegmentKind.MOVING, 0, 3), seg(SegmentKind.STATIC, 3, 12),
        seg(SegmentKind.STATIC, 12.03, 20));
    SegmentMatch match = SegmentMatch.of(full, small, 0.9);
    assertEquals(1, match.matched());
    assertEquals((20 - 12.03) / 8, match.minIou(), 1e-9);
  }

  @Test
  void segmentsOfAnotherKindNeverMatch() {
    SegmentMatch match = SegmentMatch.of(List.of(seg(SegmentKind.STATIC, 0, 10)),
        List.of(seg(SegmentKind.MOVING, 0, 10)), 0.9);
    assertEquals(0, match.matched());
    assertEquals(1.0, match.minIou(), 1e-9);
  }
}
