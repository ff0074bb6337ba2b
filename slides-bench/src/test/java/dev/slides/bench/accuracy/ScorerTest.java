package dev.slides.bench.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.bench.accuracy.Scorer.Score;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScorerTest {
  private static final double EPS = 1e-9;

  @Test
  void anExactDetectionScoresOne() {
    List<Span> truth = List.of(new Span(0, 10), new Span(12, 30), new Span(30, 33));
    Score s = Scorer.score(truth, truth);
    assertEquals(3, s.matched());
    assertEquals(1.0, s.f1(), EPS);
    assertEquals(1.0, s.boundaryF1(), EPS);
    assertEquals(List.of(0, 1, 2), s.truthMatch());
  }

  @Test
  void aSegmentMatchesFromHalfTheUnionOn() {
    List<Span> truth = List.of(new Span(0, 10));
    assertEquals(1, Scorer.score(truth, List.of(new Span(0, 5))).matched());
    assertEquals(0, Scorer.score(truth, List.of(new Span(0, 4.9))).matched());
    assertEquals(1, Scorer.score(truth, List.of(new Span(-5, 10))).matched());
  }

  @Test
  void twoSlidesMergedIntoOneMatchOnlyOneOfThem() {
    List<Span> truth = List.of(new Span(0, 10), new Span(10, 20));
    Score s = Scorer.score(truth, List.of(new Span(0, 20)));
    assertEquals(1, s.matched());
    assertEquals(1.0, s.precision(), EPS);
    assertEquals(0.5, s.recall(), EPS);
    assertEquals(2.0 / 3, s.f1(), EPS);
    assertEquals(1, s.truthMatch().stream().filter(m -> m == 0).count());
  }

  @Test
  void aSlideSplitInTwoCountsOneMatchAndOneFalseDetection() {
    List<Span> truth = List.of(new Span(0, 20));
    Score s = Scorer.score(truth, List.of(new Span(0, 12), new Span(12, 20)));
    assertEquals(1, s.matched());
    assertEquals(List.of(0), s.truthMatch());
    assertEquals(0.5, s.precision(), EPS);
    assertEquals(1.0, s.recall(), EPS);
  }

  @Test
  void boundariesMatchOneToOneWithinOneSecond() {
    // Truth boundaries 0, 10, 10, 20; found 0.5, 9.2, 11.5, 20: 11.5 is 1.5 s from the cut.
    List<Span> truth = List.of(new Span(0, 10), new Span(10, 20));
    Score s = Scorer.score(truth, List.of(new Span(0.5, 9.2), new Span(11.5, 20)));
    assertEquals(4, s.boundaries());
    assertEquals(3, s.matchedBoundaries());
    assertEquals(0.75, s.boundaryF1(), EPS);
    assertEquals(2, s.matched());
  }

  @Test
  void boundaryMatchingFindsTheLargestMatchingNotTheNearestPairs() {
    // Pairing 1.8 with its nearest neighbour 0.9 would leave 0 and 2.5 unmatched.
    assertEquals(2, Scorer.matchBoundaries(new double[] {0, 1.8}, new double[] {0.9, 2.5}, 1.0));
    assertEquals(1, Scorer.matchBoundaries(new double[] {5, 5}, new double[] {5}, 1.0));
    assertEquals(1, Scorer.matchBoundaries(new double[] {3}, new double[] {4}, 1.0));
  }

  @Test
  void emptyListsScoreByTheirDefinition() {
    Score none = Scorer.score(List.of(), List.of());
    assertEquals(1.0, none.f1(), EPS);
    Score missed = Scorer.score(List.of(new Span(0, 5)), List.of());
    assertEquals(0.0, missed.f1(), EPS);
    assertEquals(0.0, missed.recall(), EPS);
    assertEquals(1.0, missed.precision(), EPS);
    assertEquals(0.0, missed.boundaryF1(), EPS);
    Score invented = Scorer.score(List.of(), List.of(new Span(0, 5)));
    assertEquals(0.0, invented.f1(), EPS);
    assertEquals(0.0, invented.precision(), EPS);
  }

  @Test
  void detectionsAtTwoRatesAgreeWhenEveryBoundaryIsWithinTheTolerance() {
    List<Span> at1 = List.of(new Span(0, 10), new Span(12, 30));
    List<Span> at4 = List.of(new Span(0, 10.25), new Span(11.5, 30));
    assertTrue(Scorer.difference(at1, at4, 1.0).isEmpty());
    assertEquals("segment 2: 12.00-30.00 vs 11.50-30.00",
        Scorer.difference(at1, at4, 0.4).orElseThrow());
    assertEquals("2 vs 3 segments", Scorer.difference(at1,
        List.of(new Span(0, 10), new Span(12, 30), new Span(30, 40)), 2.5).orElseThrow());
  }
}
