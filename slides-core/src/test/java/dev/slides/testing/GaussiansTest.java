package dev.slides.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The noise of the fixtures stays what {@link Random} gave it, number for number. */
class GaussiansTest {
  @ParameterizedTest
  @ValueSource(longs = {42, 0, -1, 7, Long.MIN_VALUE})
  void theNumbersAreThoseOfRandom(long seed) {
    Random random = new Random(seed);
    Gaussians gaussians = new Gaussians(seed);
    for (int i = 0; i < 2_000_000; i++) {
      double expected = random.nextGaussian();
      double actual = gaussians.getAsDouble();
      if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(actual)) {
        assertEquals(expected, actual, "number " + i + " from seed " + seed);
      }
    }
  }
}
