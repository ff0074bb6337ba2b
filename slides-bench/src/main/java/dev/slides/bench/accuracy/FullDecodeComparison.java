package dev.slides.bench.accuracy;

import dev.slides.Segment;
import dev.slides.bench.accuracy.AccuracyBenchmark.CaseResult;
import java.util.ArrayList;
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
    // Segments of one list do not overlap, so at IoU >= 0.5 each has at most one partner:
    // greedy pairing by descending IoU finds the largest matching.
    List<double[]> pairs = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      for (int j = 0; j < b.size(); j++) {
        if (a.get(i).kind() == b.get(j).kind()) {
          double iou = iou(a.get(i), b.get(j));
          if (iou >= MIN_IOU) {
            pairs.add(new double[] {iou, i, j});
          }
        }
      }
    }
    pairs.sort((x, y) -> Double.compare(y[0], x[0]));
    boolean[] usedA = new boolean[a.size()];
    boolean[] usedB = new boolean[b.size()];
    int matched = 0;
    double minIou = 1;
    for (double[] p : pairs) {
      int i = (int) p[1];
      int j = (int) p[2];
      if (!usedA[i] && !usedB[j]) {
        usedA[i] = true;
        usedB[j] = true;
        matched++;
        minIou = Math.min(minIou, p[0]);
      }
    }
    return new FullDecodeComparison(rate, a.size(), b.size(), matched, minIou,
        Scorer.score(truth.statics(), full.statics()).f1(),
        Scorer.score(truth.statics(), screened.statics()).f1(), full.decodedShare(),
        screened.decodedShare(), fullSeconds, screenedSeconds);
  }

  private static double iou(Segment x, Segment y) {
    double inter = Math.min(x.endTime(), y.endTime()) - Math.max(x.startTime(), y.startTime());
    double union = Math.max(x.endTime(), y.endTime()) - Math.min(x.startTime(), y.startTime());
    return union <= 0 ? (inter >= 0 ? 1 : 0) : Math.max(0, inter) / union;
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
        + " every frame, %.2f skipping; detection %.1f s against %.1f s.%n", same, total,
        worstFull, worstScreened, fullTime, screenedTime));
    return s.toString();
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
