package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SamplingOptionsTest {
  @Test
  void theDefaultsRunOneDecoderPerCore() {
    assertEquals(
        Math.min(SamplingOptions.MAX_DECODERS, Runtime.getRuntime().availableProcessors()),
        SamplingOptions.defaults().decoders());
  }

  @Test
  void moreDecodersThanTheMostAreRefusedInPlainWords() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SamplingOptions.builder().decoders(SamplingOptions.MAX_DECODERS + 1));
    assertEquals("decoders must be 1 to 64, got 65", e.getMessage());
  }

  @Test
  void eachSettingOutOfRangeIsRefusedInPlainWordsWhenItIsSet() {
    SamplingOptions.Builder b = SamplingOptions.builder();
    // Below one a second, the message says why: the lower end is a choice, not an accident.
    String why = ": fewer samples than one a second cannot see a slide held for the minimum"
        + " slide duration, and decoding, not analysis, sets the time an extraction takes, so a"
        + " lower rate would save little";
    assertEquals("samplesPerSecond must be 1 to 60, got 0.0" + why,
        assertThrows(IllegalArgumentException.class, () -> b.samplesPerSecond(0)).getMessage());
    assertEquals("samplesPerSecond must be 1 to 60, got 0.99" + why,
        assertThrows(IllegalArgumentException.class, () -> b.samplesPerSecond(0.99))
            .getMessage());
    assertEquals("samplesPerSecond must be 1 to 60, got 61.0",
        assertThrows(IllegalArgumentException.class, () -> b.samplesPerSecond(61)).getMessage());
    assertEquals("samplesPerSecond must be 1 to 60, got NaN" + why,
        assertThrows(IllegalArgumentException.class, () -> b.samplesPerSecond(Double.NaN))
            .getMessage());
    assertEquals("analysisWidth must be at least 16, got 15",
        assertThrows(IllegalArgumentException.class, () -> b.analysisWidth(15)).getMessage());
    assertEquals("decoderThreads must not be negative, got -1",
        assertThrows(IllegalArgumentException.class, () -> b.decoderThreads(-1)).getMessage());
    assertEquals("decoders must be 1 to 64, got 0",
        assertThrows(IllegalArgumentException.class, () -> b.decoders(0)).getMessage());
    // A refused value leaves the builder as it was.
    assertEquals(SamplingOptions.defaults(), b.build());
  }

  @Test
  void theEdgesOfEachRangeAreAccepted() {
    SamplingOptions edges = SamplingOptions.builder().samplesPerSecond(60).analysisWidth(16)
        .decoderThreads(0).decoders(SamplingOptions.MAX_DECODERS).build();
    assertEquals(60, edges.samplesPerSecond());
    assertEquals(1, edges.toBuilder().samplesPerSecond(1).build().samplesPerSecond());
    assertEquals(16, edges.analysisWidth());
    assertEquals(0, edges.decoderThreads());
    assertEquals(SamplingOptions.MAX_DECODERS, edges.decoders());
  }

  @Test
  void theBuilderStartsAtTheDefaults() {
    SamplingOptions defaults = SamplingOptions.defaults();
    assertEquals(defaults, SamplingOptions.builder().build());
    assertEquals(SamplingOptions.DEFAULT_SAMPLES_PER_SECOND, defaults.samplesPerSecond());
    assertEquals(320, defaults.analysisWidth());
    assertEquals(0, defaults.decoderThreads());
    assertTrue(defaults.skipNonReferenceFrames());
    assertTrue(defaults.skipStillStretches());
  }

  @Test
  void toBuilderKeepsEverySettingAndChangesOnlyWhatIsSet() {
    SamplingOptions options = SamplingOptions.builder().samplesPerSecond(2.5).analysisWidth(480)
        .decoderThreads(3).decoders(2).skipNonReferenceFrames(false).skipStillStretches(false)
        .build();
    assertEquals(options, options.toBuilder().build());
    assertEquals(options.hashCode(), options.toBuilder().build().hashCode());
    assertEquals(options.toString(), options.toBuilder().build().toString());
    SamplingOptions faster = options.toBuilder().samplesPerSecond(1).build();
    assertEquals(1, faster.samplesPerSecond());
    assertEquals(2.5, options.samplesPerSecond(), "the original is unchanged");
    assertEquals(options, faster.toBuilder().samplesPerSecond(2.5).build());
  }

  /**
   * The defaults once asked for a decoder per core and refused more than 64, so on a large
   * machine every {@code ExtractionOptions} of the process failed to initialise. A JVM told it
   * has 96 processors must get defaults with the most decoders allowed.
   */
  @Test
  void aMachineWithMoreCoresThanDecodersAllowedStillGetsDefaults() throws Exception {
    Process run = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:ActiveProcessorCount=96", "-cp", System.getProperty("java.class.path"),
        Probe.class.getName())).redirectErrorStream(true).start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(run.waitFor(60, TimeUnit.SECONDS), output);
    assertEquals("96 cores, 64 decoders, image quality 80", output.strip());
  }

  /** Prints what the defaults are on the machine the JVM believes it runs on. */
  static final class Probe {
    public static void main(String[] args) {
      System.out.println(Runtime.getRuntime().availableProcessors() + " cores, "
          + ExtractionOptions.defaults().sampling().decoders() + " decoders, image quality "
          + ExtractionOptions.defaults().imageQuality());
    }
  }
}
