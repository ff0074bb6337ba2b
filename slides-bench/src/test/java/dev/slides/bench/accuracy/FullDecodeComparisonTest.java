package dev.slides.bench.accuracy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary of {@code --compare-full-decode}: which time is which, and their ratio. */
class FullDecodeComparisonTest {
  @Test
  void theSummaryNamesTheBaselineAndGivesTheRatio() {
    CaseSpec spec = Corpus.select("^ppt-screen-cuts$").get(0);
    Truth truth = Truth.of(spec, "hash");
    FullDecodeComparison c = new FullDecodeComparison(4, 8, 8, 8, 1, 1, 1, 1, 0.25, 8.0, 2.0);
    AccuracyBenchmark.CaseResult r = new AccuracyBenchmark.CaseResult(spec, truth, List.of(),
        List.of(), List.of(), List.of(), List.of(), List.of(c), null);
    String table = FullDecodeComparison.table(List.of(r), List.of(4.0));
    assertTrue(table.contains("Same segments on 1 of 1; worst F1 1.00 decoding every frame, 1.00"
        + " skipping; detection 2.0 s skipping against 8.0 s decoding every frame (the"
        + " baseline), ratio 0.25."), table);
  }
}
