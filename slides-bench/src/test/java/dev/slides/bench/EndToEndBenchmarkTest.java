package dev.slides.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.ExtractionResult;
import dev.slides.SamplingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EndToEndBenchmarkTest {
  static final Path SAMPLE = Path.of("..", "samples", "lecture.mp4");

  @TempDir Path parent;

  /** Each extraction the runner measures writes its images, then leaves nothing behind. */
  @Test
  void aMeasuredExtractionLeavesNoFolderBehind() throws Exception {
    ExtractionResult result = EndToEndBenchmark.extractInTemporaryStore(SAMPLE,
        SamplingOptions.defaults(), parent);
    assertTrue(result.slideCount() > 0, "the sample lecture has slides");
    try (Stream<Path> left = Files.list(parent)) {
      assertEquals(List.of(), left.toList());
    }
  }

  /**
   * Each measurement runs in a JVM of its own, started with the runner's hidden
   * {@code --child MODE PATH}: it must still parse there and answer.
   */
  @Test
  void aMeasurementRunsInItsOwnJvm() throws Exception {
    assertNotNull(EndToEndBenchmark.run("share", SAMPLE));
  }

  /** A measurement whose JVM fails says what it printed, not only that it failed. */
  @Test
  void aFailedMeasurementShowsWhatItsJvmSaid() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> EndToEndBenchmark.run("no-such-mode", SAMPLE));
    assertTrue(e.getMessage().startsWith("The no-such-mode measurement of " + SAMPLE + " failed:"),
        e.getMessage());
    assertTrue(e.getMessage().contains("Unknown measurement: no-such-mode"), e.getMessage());
  }

  /** --help prints the usage; a mistake is one plain line, not a run or a stack trace. */
  @Test
  void theCommandLineIsCheckedBeforeAnythingIsGenerated() {
    Execution help = Execution.of(EndToEndBenchmark.commandLine(), "--help");
    assertEquals(0, help.exitCode(), help.err());
    assertTrue(help.out().startsWith("Usage: EndToEndBenchmark [-h] [minutes] [copies]"),
        help.out());
    assertFalse(help.out().contains("--child"), "the child's option is internal: " + help.out());
    for (String[][] bad : List.of(
        new String[][] {{"abc"}, {"Invalid value for positional parameter at index 0 (minutes):"
            + " 'abc' is not a whole number"}},
        new String[][] {{"0"}, {"minutes must be a whole number of at least 1, got 0"}},
        new String[][] {{"1", "-1"}, {"copies must be a whole number of at least 0, got -1"}},
        new String[][] {{"1", "2", "3"}, {"Unmatched argument at index 2: '3'"}},
        new String[][] {{"--minutes", "3"}, {"Unknown option: '--minutes'"}})) {
      Execution run = Execution.of(EndToEndBenchmark.commandLine(), bad[0]);
      assertEquals(2, run.exitCode(), run.err());
      assertEquals(bad[1][0], run.error());
      assertTrue(run.err().contains("See 'EndToEndBenchmark --help'."), run.err());
      assertEquals("", run.out());
    }
  }

  /** The defaults, and the two numbers as the docs give them ({@code EndToEndBenchmark 10 6}). */
  @Test
  void minutesAndCopiesAreTheTwoPositionalArguments() {
    assertEquals(List.of(10, 0), arguments());
    assertEquals(List.of(10, 6), arguments("10", "6"));
    assertEquals(List.of(1, 0), arguments("1"));
  }

  /** The numbers as parsed, checked as before a run, but not run from the repository root. */
  private static List<Integer> arguments(String... args) {
    CommandLine cli = EndToEndBenchmark.commandLine();
    cli.parseArgs(args);
    EndToEndBenchmark.Cli parsed = cli.getCommand();
    // The last check needs the repository root, which tests do not run in.
    String message = assertThrows(CommandLine.ParameterException.class, parsed::arguments)
        .getMessage();
    assertTrue(message.endsWith("run EndToEndBenchmark from the repository root"), message);
    return List.of(parsed.minutes, parsed.copies);
  }

  /**
   * Run elsewhere, the 10-minute lecture (minutes to generate) would be written to a new
   * slides-bench/target there, and found by no later run from the root.
   */
  @Test
  void itRunsFromTheRepositoryRootOnly() {
    // Tests run in the module's folder, which has no slides-bench folder inside.
    Execution run = Execution.of(EndToEndBenchmark.commandLine(), "1");
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.error().endsWith("run EndToEndBenchmark from the repository root"),
        run.err());
  }

  /** The figures come with what they were measured on, to be compared with another run's. */
  @Test
  void theMachineLineNamesWhatTheFiguresDependOn() {
    String line = RunEnvironment.describe();
    assertTrue(line.startsWith("machine: " + Runtime.getRuntime().availableProcessors()
        + " cores"), line);
    for (String part : List.of(System.getProperty("java.vm.name"), "FFmpeg libraries ",
        "ffmpeg command ", "load average ", " GiB")) {
      assertTrue(line.contains(part), () -> part + " missing from " + line);
    }
  }

  /**
   * A failed x264 encoding leaves no file: the runner reuses any lecture that exists, so a file
   * cut short (ffmpeg leaves a 0-byte one when its filters fail) was measured by every later
   * run, or failed there with "moov atom not found".
   */
  @Test
  void aFailedEncodingLeavesNoFileForLaterRunsToTakeAsMade() throws Exception {
    Path target = parent.resolve("lecture-x264.mp4");
    assertFalse(EndToEndBenchmark.transcodeWithX264(SAMPLE, target,
        List.of("-vf", "no-such-filter")));
    try (Stream<Path> left = Files.list(parent)) {
      assertEquals(List.of(), left.toList());
    }
  }

  /** The same for whatever writes a kept video: the lecture, the hour, the renditions. */
  @Test
  void aWholeFileAppearsOnlyOnceWritten() throws Exception {
    Path target = parent.resolve("video.mp4");
    assertThrows(java.io.IOException.class, () -> WholeFile.write(target, part -> {
      assertEquals("video.part.mp4", part.getFileName().toString());
      Files.writeString(part, "half a video");
      throw new java.io.IOException("encoder died");
    }));
    assertFalse(WholeFile.write(target, part -> {
      Files.writeString(part, "half a video");
      return false;
    }));
    try (Stream<Path> left = Files.list(parent)) {
      assertEquals(List.of(), left.toList());
    }
    assertTrue(WholeFile.write(target, part -> {
      Files.writeString(part, "a video");
      return true;
    }));
    assertEquals("a video", Files.readString(target));
    try (Stream<Path> left = Files.list(parent)) {
      assertEquals(List.of(target), left.toList());
    }
  }
}
