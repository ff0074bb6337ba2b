package dev.slides.internal.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SelectionTest {

  /** The median by selection is the one a sort gives, ties and both parities included. */
  @Test
  void medianIsTheSortedMiddle() {
    Random random = new Random(13);
    for (int round = 0; round < 2000; round++) {
      int n = 1 + random.nextInt(300);
      double[] values = new double[n];
      int distinct = 1 + random.nextInt(round % 2 == 0 ? 5 : 1000);
      for (int i = 0; i < n; i++) {
        values[i] = random.nextInt(distinct) / 7.0 - 3;
      }
      double[] before = values.clone();
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      double expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      assertEquals(expected, Selection.median(values), 0.0, () -> Arrays.toString(before));
      assertEquals(Arrays.toString(before), Arrays.toString(values), "the input is left alone");
    }
  }

  /** Selection gives what a sort of the first n values puts at k, ties included. */
  @Test
  void nthIsTheSortedValue() {
    Random random = new Random(41);
    for (int round = 0; round < 3000; round++) {
      int length = 1 + random.nextInt(400);
      int n = 1 + random.nextInt(length);
      double[] values = new double[length];
      int distinct = 1 + random.nextInt(round % 2 == 0 ? 4 : 100_000);
      for (int i = 0; i < length; i++) {
        values[i] = random.nextInt(distinct);
      }
      int k = random.nextInt(n);
      double[] sorted = Arrays.copyOf(values, n);
      Arrays.sort(sorted);
      double[] tail = Arrays.copyOfRange(values, n, length);
      String input = Arrays.toString(values);
      assertEquals(sorted[k], Selection.nth(values, n, k), () -> input + " n " + n + " k " + k);
      assertEquals(Arrays.toString(tail), Arrays.toString(Arrays.copyOfRange(values, n, length)),
          "values beyond n are left alone");
    }
  }
}
