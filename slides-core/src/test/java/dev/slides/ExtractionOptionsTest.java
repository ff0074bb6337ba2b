package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ExtractionOptionsTest {
  @Test
  void eachSettingOutOfRangeIsRefusedInPlainWordsWhenItIsSet() {
    ExtractionOptions.Builder b = ExtractionOptions.builder();
    assertEquals("maxImageWidth must be at least 16, got 15",
        assertThrows(IllegalArgumentException.class, () -> b.maxImageWidth(15)).getMessage());
    assertEquals("imageQuality must be 0 to 100, got -1",
        assertThrows(IllegalArgumentException.class, () -> b.imageQuality(-1)).getMessage());
    assertEquals("imageQuality must be 0 to 100, got 101",
        assertThrows(IllegalArgumentException.class, () -> b.imageQuality(101)).getMessage());
    assertEquals("uploadConcurrency must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> b.uploadConcurrency(0)).getMessage());
    assertEquals("progressInterval must not be negative, got PT-0.001S",
        assertThrows(IllegalArgumentException.class,
            () -> b.progressInterval(Duration.ofMillis(-1))).getMessage());
    assertEquals("sampling must not be null",
        assertThrows(NullPointerException.class, () -> b.sampling(null)).getMessage());
    assertEquals("detector must not be null",
        assertThrows(NullPointerException.class, () -> b.detector(null)).getMessage());
    assertEquals("progressInterval must not be null",
        assertThrows(NullPointerException.class, () -> b.progressInterval(null)).getMessage());
    // A refused value leaves the builder as it was.
    assertEquals(ExtractionOptions.defaults(), b.build());
  }

  @Test
  void theBuilderStartsAtTheDefaults() {
    ExtractionOptions defaults = ExtractionOptions.defaults();
    assertEquals(defaults, ExtractionOptions.builder().build());
    assertEquals(SamplingOptions.defaults(), defaults.sampling());
    assertEquals(DetectorOptions.defaults(), defaults.detector());
    assertEquals(1920, defaults.maxImageWidth());
    assertEquals(80, defaults.imageQuality());
    assertEquals(4, defaults.uploadConcurrency());
    assertEquals(Duration.ofMillis(100), defaults.progressInterval());
    assertNull(defaults.sampleStats());
    assertNull(defaults.spoolDirectory());
  }

  @Test
  void toBuilderKeepsEverySettingAndChangesOnlyWhatIsSet() {
    Consumer<SampleStats> stats = s -> { };
    ExtractionOptions options = ExtractionOptions.builder()
        .sampling(SamplingOptions.builder().samplesPerSecond(2).build())
        .detector(DetectorOptions.builder().sensitivity(70).build())
        .maxImageWidth(640).imageQuality(90).uploadConcurrency(2)
        .progressInterval(Duration.ZERO).sampleStats(stats).spoolDirectory(Path.of("spool"))
        .build();
    ExtractionOptions copy = options.toBuilder().build();
    assertEquals(options, copy);
    assertEquals(options.hashCode(), copy.hashCode());
    assertEquals(options.toString(), copy.toString());
    ExtractionOptions sharper = options.toBuilder().imageQuality(95).build();
    assertEquals(95, sharper.imageQuality());
    assertEquals(90, options.imageQuality(), "the original is unchanged");
    assertNotEquals(options, sharper);
    assertEquals(options, sharper.toBuilder().imageQuality(90).build());
    // Optional settings can be cleared again.
    ExtractionOptions plain = options.toBuilder().sampleStats(null).spoolDirectory(null).build();
    assertNull(plain.sampleStats());
    assertNull(plain.spoolDirectory());
  }
}
