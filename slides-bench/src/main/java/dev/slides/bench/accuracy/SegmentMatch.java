package dev.slides.bench.accuracy;

import dev.slides.Segment;
import java.util.ArrayList;
import java.util.List;

/**
 * Two runs' segments paired one to one: each pair of the same kind with a temporal IoU of at
 * least the minimum.
 *
 * @param matched pairs found
 * @param minIou the smallest IoU among them (1 when there are none)
 */
record SegmentMatch(int matched, double minIou) {
  /**
   * Pairs {@code a} with {@code b}. Segments of one list do not overlap, so at an IoU of 0.5 or
   * more each has at most one partner: greedy pairing by descending IoU finds the largest
   * matching.
   */
  static SegmentMatch of(List<Segment> a, List<Segment> b, double minIou) {
    List<double[]> pairs = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      for (int j = 0; j < b.size(); j++) {
        if (a.get(i).kind() == b.get(j).kind()) {
          double iou = iou(a.get(i), b.get(j));
          if (iou >= minIou) {
            pairs.add(new double[] {iou, i, j});
          }
        }
      }
    }
    pairs.sort((x, y) -> Double.compare(y[0], x[0]));
    boolean[] usedA = new boolean[a.size()];
    boolean[] usedB = new boolean[b.size()];
    int matched = 0;
    double smallest = 1;
    for (double[] p : pairs) {
      int i = (int) p[1];
      int j = (int) p[2];
      if (!usedA[i] && !usedB[j]) {
        usedA[i] = true;
        usedB[j] = true;
        matched++;
        smallest = Math.min(smallest, p[0]);
      }
    }
    return new SegmentMatch(matched, smallest);
  }

  private static double iou(Segment x, Segment y) {
    double inter = Math.min(x.endTime(), y.endTime()) - Math.max(x.startTime(), y.startTime());
    double union = Math.max(x.endTime(), y.endTime()) - Math.min(x.startTime(), y.startTime());
    return union <= 0 ? (inter >= 0 ? 1 : 0) : Math.max(0, inter) / union;
  }
}
