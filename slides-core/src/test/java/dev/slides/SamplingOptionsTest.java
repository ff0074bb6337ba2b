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
        () -> SamplingOptions.defaults().withDecoders(SamplingOptions.MAX_DECODERS + 1, 0));
    assertEquals("decoders must be 1 to 64, got 65", e.getMessage());
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
