package dev.slides.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SoakBenchmarkTest {
  private static SoakBenchmark.Arguments arguments(String... args) {
    CommandLine cli = SoakBenchmark.commandLine();
    cli.parseArgs(args);
    return cli.<SoakBenchmark.Cli>getCommand().arguments();
  }

  /** --help prints the usage; the defaults; a mistake is one plain line before any run. */
  @Test
  void theCommandLineIsCheckedBeforeTheServerStarts() {
    Execution help = Execution.of(SoakBenchmark.commandLine(), "--help");
    assertEquals(0, help.exitCode(), help.err());
    assertTrue(help.out().startsWith("Usage: SoakBenchmark [-h] [--batches=N] [--jar=PATH]"),
        help.out());
    assertEquals(new SoakBenchmark.Arguments(20,
        Path.of("slides-sse-server", "target", "slides.jar"), 60,
        Path.of("slides-bench", "target", "soak")), arguments());
    assertEquals(new SoakBenchmark.Arguments(3, Path.of("x.jar"), 5, Path.of("d")),
        arguments("--batches", "3", "--jar", "x.jar", "--retention-seconds", "5", "--dir", "d"));
    for (String[] bad : List.of(new String[] {"--batches", "0"}, new String[] {"--batches"},
        new String[] {"--retention-seconds", "x"}, new String[] {"--what", "1"})) {
      Execution run = Execution.of(SoakBenchmark.commandLine(), bad);
      assertEquals(2, run.exitCode(), run.err());
      assertTrue(run.error().contains(bad[0]), run.err());
      assertTrue(run.err().contains("See 'SoakBenchmark --help'."), run.err());
    }
    assertEquals("--batches must be a whole number of at least 1, got 0",
        Execution.of(SoakBenchmark.commandLine(), "--batches", "0").error());
    assertEquals("Invalid value for option '--retention-seconds': 'x' is not a whole number",
        Execution.of(SoakBenchmark.commandLine(), "--retention-seconds", "x").error());
  }

  /** A jar that is not there is said before anything starts, as a wrong argument. */
  @Test
  void aMissingJarIsSaidBeforeTheServerStarts() {
    Execution run = Execution.of(SoakBenchmark.commandLine(), "--jar", "no-such.jar");
    assertEquals(2, run.exitCode(), run.err());
    assertEquals("No shaded jar at " + Path.of("no-such.jar").toAbsolutePath() + ": build it"
        + " with mvn -B -q install -DskipTests, or pass --jar", run.error());
    assertEquals("", run.out());
  }
}
