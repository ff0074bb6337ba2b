package dev.slides.bench.accuracy;

import dev.slides.Segment;
import dev.slides.bench.accuracy.AccuracyBenchmark.CaseResult;
import java.util.List;
import java.util.Locale;

/**
 * The segments found when still stretches are skipped against those of decoding every frame:
 * every segment, static and moving, must have a partner of the same kind with a temporal IoU of
 * at least {@link #MIN_IOU}, one to one.
 *
 * @param fullSegments segments found decoding every frame
 * @param screenedSegments segments found skipping still stretches
 * @param matched pairs of the same kind with IoU at least {@link #MIN_IOU}, one to one
 * @param minIou the smallest IoU among the matched pairs (1 when there are none)
 */
record FullDecodeComparison(double rate, int fullSegments, int screenedSegments, int matched,
                            double minIou, double fullF1, double screenedF1, double fullShare,
                            double screenedShare, double fullSeconds, double screenedSeconds) {
  static final double MIN_IOU = 0.9;

  boolean same() {
    return matched == fullSegments && matched == screenedSegments;
  }

  static FullDecodeComparison of(double rate, Truth truth, ProjectDetector.Detection full,
      double fullSeconds, ProjectDetector.Detection screened, double screenedSeconds) {
    List<Segment> a = full.segments();
    List<Segment> b = screened.segments();
    SegmentMatch match = SegmentMatch.of(a, b, MIN_IOU);
    return new FullDecodeComparison(rate, a.size(), b.size(), match.matched(), match.minIou(),
        Scorer.score(truth.statics(), full.statics()).f1(),
        Scorer.score(truth.statics(), screened.statics()).f1(), full.decodedShare(),
        screened.decodedShare(), fullSeconds, screenedSeconds);
  }

  /** The Markdown table of every case's comparisons, then the totals. */
  static String table(List<CaseResult> results, List<Double> rates) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%nSkipping still stretches"
        + " against decoding every frame (segments of both kinds matched one to one at IoU >="
        + " %.1f):%n%n", MIN_IOU));
    s.append("| case | rate | segments full | skipping | matched | min IoU | F1 full | F1"
        + " skipping | frames decoded full | skipping | time full s | skipping s |\n");
    s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    int same = 0;
    int total = 0;
    double worstFull = 1;
    double worstScreened = 1;
    double fullTime = 0;
    double screenedTime = 0;
    for (CaseResult r : results) {
      for (FullDecodeComparison c : r.comparisons()) {
        total++;
        same += c.same() ? 1 : 0;
        worstFull = Math.min(worstFull, c.fullF1());
        worstScreened = Math.min(worstScreened, c.screenedF1());
        fullTime += c.fullSeconds();
        screenedTime += c.screenedSeconds();
        s.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d%s | %.2f | %.2f | %.2f |"
            + " %.0f %% | %.0f %% | %.1f | %.1f |%n", r.spec().name(), num(c.rate()),
            c.fullSegments(), c.screenedSegments(), c.matched(), c.same() ? "" : " **DIFFERS**",
            c.minIou(), c.fullF1(), c.screenedF1(), 100 * c.fullShare(),
            100 * c.screenedShare(), c.fullSeconds(), c.screenedSeconds()));
      }
    }
    s.append(String.format(Locale.ROOT, "%nSame segments on %d of %d; worst F1 %.2f decoding"
        + " every frame, %.2f skipping; detection %.1f s skipping against %.1f s decoding every"
        + " frame (the baseline), ratio %.2f.%n", same, total, worstFull, worstScreened,
        screenedTime, fullTime, fullTime > 0 ? screenedTime / fullTime : Double.NaN));
    return s.toString();
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
