package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GopScreenNthTest {

  /** Selection gives what a sort of the first n values puts at k, ties included. */
  @Test
  void nthIsTheSortedValue() {
    Random random = new Random(41);
    for (int round = 0; round < 3000; round++) {
      int length = 1 + random.nextInt(400);
      int n = 1 + random.nextInt(length);
      int[] values = new int[length];
      int distinct = 1 + random.nextInt(round % 2 == 0 ? 4 : 100_000);
      for (int i = 0; i < length; i++) {
        values[i] = random.nextInt(distinct);
      }
      int k = random.nextInt(n);
      int[] sorted = Arrays.copyOf(values, n);
      Arrays.sort(sorted);
      int[] tail = Arrays.copyOfRange(values, n, length);
      String input = Arrays.toString(values);
      assertEquals(sorted[k], GopScreen.nth(values, n, k), () -> input + " n " + n + " k " + k);
      assertEquals(Arrays.toString(tail), Arrays.toString(Arrays.copyOfRange(values, n, length)),
          "values beyond n are left alone");
    }
  }
}
