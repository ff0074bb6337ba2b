package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DetectorOptionsTest {
  @Test
  void eachSettingOutOfRangeIsRefusedInPlainWords() {
    DetectorOptions.Builder b = DetectorOptions.builder();
    assertEquals("sensitivity must be 0 to 100, got 101",
        assertThrows(IllegalArgumentException.class, () -> b.sensitivity(101)).getMessage());
    assertEquals("minSlideDuration must be 0.1 s to 1 hour, got 3601.0 s",
        assertThrows(IllegalArgumentException.class,
            () -> b.minSlideDuration(Duration.ofSeconds(3601))).getMessage());
    assertEquals("start must not be negative, got PT-1S",
        assertThrows(IllegalArgumentException.class,
            () -> b.start(Duration.ofSeconds(-1))).getMessage());
    assertEquals("region must not be null",
        assertThrows(NullPointerException.class, () -> b.region(null)).getMessage());
    assertEquals("start must not be null",
        assertThrows(NullPointerException.class, () -> b.start(null)).getMessage());
    assertEquals("end (5.0 s) must be after start (10.0 s)",
        assertThrows(IllegalArgumentException.class, () -> DetectorOptions.builder()
            .start(Duration.ofSeconds(10)).end(Duration.ofSeconds(5)).build()).getMessage());
    assertEquals(DetectorOptions.defaults(), b.build());
  }

  @Test
  void theBuilderStartsAtTheDefaults() {
    DetectorOptions defaults = DetectorOptions.defaults();
    assertEquals(defaults, DetectorOptions.builder().build());
    assertEquals(DetectorOptions.DEFAULT_SENSITIVITY, defaults.sensitivity());
    assertEquals(Duration.ofSeconds(1), defaults.minSlideDuration());
    assertTrue(defaults.mergeBuilds());
    assertEquals(Region.FULL, defaults.region());
    assertEquals(Duration.ZERO, defaults.start());
    assertEquals(Optional.empty(), defaults.end());
  }

  @Test
  void toBuilderKeepsEverySettingAndChangesOnlyWhatIsSet() {
    DetectorOptions options = DetectorOptions.builder().sensitivity(70)
        .minSlideDuration(Duration.ofSeconds(2)).mergeBuilds(false)
        .region(Region.of(0, 0, 0.75, 1)).start(Duration.ofSeconds(5))
        .end(Duration.ofSeconds(60)).build();
    DetectorOptions copy = options.toBuilder().build();
    assertEquals(options, copy);
    assertEquals(options.hashCode(), copy.hashCode());
    assertEquals(options.toString(), copy.toString());
    DetectorOptions toTheEnd = options.toBuilder().end(null).build();
    assertEquals(Optional.empty(), toTheEnd.end());
    assertEquals(Optional.of(Duration.ofSeconds(60)), options.end(), "the original is unchanged");
    assertEquals(options, toTheEnd.toBuilder().end(Duration.ofSeconds(60)).build());
  }
}
