package dev.slides.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoakBenchmarkTest {
  /** --help prints the usage; the defaults; a mistake is one plain line before any run. */
  @Test
  void theCommandLineIsCheckedBeforeTheServerStarts() {
    assertNull(SoakBenchmark.arguments(new String[] {"--help"}));
    assertTrue(SoakBenchmark.USAGE.startsWith("Usage: SoakBenchmark [--batches N]"));
    assertEquals(new SoakBenchmark.Arguments(20,
        Path.of("slides-sse-server", "target", "slides.jar"), 60,
        Path.of("slides-bench", "target", "soak")),
        SoakBenchmark.arguments(new String[0]));
    assertEquals(new SoakBenchmark.Arguments(3, Path.of("x.jar"), 5, Path.of("d")),
        SoakBenchmark.arguments(new String[] {"--batches", "3", "--jar", "x.jar",
            "--retention-seconds", "5", "--dir", "d"}));
    for (String[] bad : List.of(new String[] {"--batches", "0"}, new String[] {"--batches"},
        new String[] {"--retention-seconds", "x"}, new String[] {"--what", "1"})) {
      String message = assertThrows(IllegalArgumentException.class,
          () -> SoakBenchmark.arguments(bad)).getMessage();
      assertTrue(message.contains(bad[0]), message);
    }
  }
}
