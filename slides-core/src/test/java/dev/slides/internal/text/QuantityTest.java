package dev.slides.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuantityTest {
  @Test
  void oneTakesTheNounAsItIs() {
    assertEquals("1 slide", Quantity.of(1, "slide"));
    assertEquals("1 decode error", Quantity.of(1, "decode error"));
  }

  @Test
  void everyOtherCountTakesThePlural() {
    assertEquals("0 slides", Quantity.of(0, "slide"));
    assertEquals("2 jobs", Quantity.of(2, "job"));
    assertEquals("14 decode errors", Quantity.of(14, "decode error"));
    assertEquals("3000000000 frames", Quantity.of(3_000_000_000L, "frame"));
  }

  /** Whole seconds as they are; a test's short timeouts with one decimal, a point in any locale. */
  @Test
  void secondsAreWholeOrWithOneDecimal() {
    assertEquals("30 s", Quantity.seconds(Duration.ofSeconds(30)));
    assertEquals("1 s", Quantity.seconds(Duration.ofMillis(1000)));
    assertEquals("0.5 s", Quantity.seconds(Duration.ofMillis(500)));
    assertEquals("1.5 s", Quantity.seconds(Duration.ofMillis(1500)));
  }
}
