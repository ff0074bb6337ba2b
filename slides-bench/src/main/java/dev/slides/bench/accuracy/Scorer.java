package dev.slides.bench.accuracy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Scores detected static segments against the ground truth.
 *
 * <ul>
 *   <li><b>Segments:</b> a detected segment matches a true one when their temporal intersection
 *       over union is at least {@value #MIN_IOU}. Matching is one-to-one: candidate pairs are
 *       taken greedily by descending IoU. (Within each list the segments do not overlap, and then
 *       a segment can have IoU above 0.5 with at most one segment of the other list, so greedy
 *       finds the largest matching.) Precision = matched / found, recall = matched / true,
 *       F1 = 2 matched / (true + found); each is 1 when its denominator is 0.
 *   <li><b>Boundaries:</b> the starts and ends of the static segments (a hard cut gives two: one
 *       segment's end and the next one's start), matched one-to-one when within
 *       {@value #BOUNDARY_TOLERANCE} s. Both lists are sorted and walked together, matching the
 *       two heads when they are close enough and otherwise dropping the earlier one, which finds
 *       the largest matching for points on a line. Boundary F1 as above.
 * </ul>
 */
public final class Scorer {
  public static final double MIN_IOU = 0.5;
  public static final double BOUNDARY_TOLERANCE = 1.0;

  private Scorer() {}

  /**
   * The score of one case.
   *
   * @param truthMatch for each true segment, the index of the detected segment matched to it,
   *     or -1
   */
  public record Score(int truth, int found, int matched, double precision, double recall,
                      double f1, int boundaries, int foundBoundaries, int matchedBoundaries,
                      double boundaryF1, List<Integer> truthMatch) {
    public Score {
      truthMatch = List.copyOf(truthMatch);
    }
  }

  public static Score score(List<Span> truth, List<Span> found) {
    int[] match = matchSegments(truth, found);
    int matched = (int) Arrays.stream(match).filter(m -> m >= 0).count();
    double[] trueBounds = boundaries(truth);
    double[] foundBounds = boundaries(found);
    int matchedBounds = matchBoundaries(trueBounds, foundBounds, BOUNDARY_TOLERANCE);
    return new Score(truth.size(), found.size(), matched,
        ratio(matched, found.size()), ratio(matched, truth.size()),
        f1(matched, truth.size(), found.size()),
        trueBounds.length, foundBounds.length, matchedBounds,
        f1(matchedBounds, trueBounds.length, foundBounds.length),
        Arrays.stream(match).boxed().toList());
  }

  /** For each true segment, the index of its match among {@code found}, or -1. */
  static int[] matchSegments(List<Span> truth, List<Span> found) {
    record Pair(int t, int f, double iou) {}
    List<Pair> pairs = new ArrayList<>();
    for (int t = 0; t < truth.size(); t++) {
      for (int f = 0; f < found.size(); f++) {
        double iou = truth.get(t).iou(found.get(f));
        if (iou >= MIN_IOU) {
          pairs.add(new Pair(t, f, iou));
        }
      }
    }
    pairs.sort(Comparator.comparingDouble(Pair::iou).reversed()
        .thenComparingInt(Pair::t).thenComparingInt(Pair::f));
    int[] match = new int[truth.size()];
    Arrays.fill(match, -1);
    boolean[] taken = new boolean[found.size()];
    for (Pair p : pairs) {
      if (match[p.t] < 0 && !taken[p.f]) {
        match[p.t] = p.f;
        taken[p.f] = true;
      }
    }
    return match;
  }

  /** Starts and ends of the spans, sorted. */
  static double[] boundaries(List<Span> spans) {
    double[] b = new double[spans.size() * 2];
    for (int i = 0; i < spans.size(); i++) {
      b[2 * i] = spans.get(i).start();
      b[2 * i + 1] = spans.get(i).end();
    }
    Arrays.sort(b);
    return b;
  }

  /** Largest one-to-one matching of sorted points {@code a} and {@code b} within {@code tol}. */
  static int matchBoundaries(double[] a, double[] b, double tol) {
    int i = 0;
    int j = 0;
    int matched = 0;
    while (i < a.length && j < b.length) {
      if (Math.abs(a[i] - b[j]) <= tol) {
        matched++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return matched;
  }

  /**
   * Whether two detections of one video agree: the same number of static segments, and the
   * i-th of each start and end within {@code tolerance} seconds of each other. Empty when they
   * agree, else what differs first.
   */
  public static Optional<String> difference(List<Span> a, List<Span> b, double tolerance) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      Span x = a.get(i);
      Span y = b.get(i);
      if (Math.abs(x.start() - y.start()) > tolerance || Math.abs(x.end() - y.end()) > tolerance) {
        return Optional.of(String.format(Locale.ROOT, "segment %d: %.2f-%.2f vs %.2f-%.2f",
            i + 1, x.start(), x.end(), y.start(), y.end()));
      }
    }
    if (a.size() != b.size()) {
      return Optional.of(a.size() + " vs " + b.size() + " segments");
    }
    return Optional.empty();
  }

  static double f1(int matched, int truth, int found) {
    return truth + found == 0 ? 1.0 : 2.0 * matched / (truth + found);
  }

  private static double ratio(int matched, int of) {
    return of == 0 ? 1.0 : (double) matched / of;
  }
}
