package dev.slides.internal.detect;

/**
 * Order statistics by selection (Hoare's) rather than a sort: the medians the detector takes
 * for every pair of samples and the screening for every keyframe, for a fraction of the work
 * and without the sort machinery the JIT compiler would otherwise build for them.
 */
public final class Selection {
  private Selection() {}

  /**
   * The median of {@code values} (the mean of the middle two for an even count), the value a
   * sort gives; {@code values} is left as it was.
   */
  public static double median(double[] values) {
    double[] v = values.clone();
    int n = v.length;
    int k = n / 2;
    double upper = nth(v, n, k);
    if (n % 2 == 1) {
      return upper;
    }
    // Everything before k is at most v[k] now: the largest of it is the lower middle value.
    double lower = v[0];
    for (int i = 1; i < k; i++) {
      lower = Math.max(lower, v[i]);
    }
    return (lower + upper) / 2;
  }

  /**
   * The value a sort of {@code values[0..n)} would put at {@code k}. Reorders
   * {@code values[0..n)} so that no larger value is before {@code k} and no smaller one after;
   * the values from {@code n} on are left alone.
   */
  public static double nth(double[] values, int n, int k) {
    if (k < 0 || k >= n || n > values.length) {
      throw new IndexOutOfBoundsException("k " + k + " of " + n + " (" + values.length + ")");
    }
    int lo = 0;
    int hi = n - 1;
    while (lo < hi) {
      double pivot = values[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (values[i] < pivot) {
          i++;
        }
        while (values[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double t = values[i];
          values[i] = values[j];
          values[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        break;
      }
    }
    return values[k];
  }
}
