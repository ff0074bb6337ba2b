package dev.slides.bench.accuracy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary of {@code --small-rendition}: which time is which, and their ratio. */
class SmallRenditionTest {
  @Test
  void theSummaryNamesTheBaselineAndGivesTheRatio() {
    CaseSpec spec = Corpus.select("^ppt-screen-cuts$").get(0);
    Truth truth = Truth.of(spec, "hash");
    Scorer.Score score = Scorer.score(List.of(), List.of());
    SmallRendition c = new SmallRendition(640, 360, score, score, 0, 0,
        new SegmentMatch(0, 1), 8.0, 2.0, List.of());
    AccuracyBenchmark.CaseResult r = new AccuracyBenchmark.CaseResult(spec, truth, List.of(),
        List.of(), List.of(), List.of(), List.of(), List.of(), c);
    String table = SmallRendition.table(List.of(r), 4);
    assertTrue(table.contains("detection 2.0 s small against 8.0 s at full size (the baseline),"
        + " ratio 0.25."), table);
  }
}
