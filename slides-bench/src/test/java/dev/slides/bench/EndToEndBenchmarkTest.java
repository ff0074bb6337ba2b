package dev.slides.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    assertNull(EndToEndBenchmark.arguments(new String[] {"--help"}));
    assertTrue(EndToEndBenchmark.USAGE.contains("[minutes] [copies]"));
    for (String[] bad : List.of(new String[] {"abc"}, new String[] {"0"},
        new String[] {"1", "-1"}, new String[] {"1", "2", "3"})) {
      String message = assertThrows(IllegalArgumentException.class,
          () -> EndToEndBenchmark.arguments(bad)).getMessage();
      assertTrue(message.startsWith("Usage: EndToEndBenchmark [minutes] [copies]: "), message);
    }
  }

  /**
   * Run elsewhere, the 10-minute lecture (minutes to generate) would be written to a new
   * slides-bench/target there, and found by no later run from the root.
   */
  @Test
  void itRunsFromTheRepositoryRootOnly() {
    // Tests run in the module's folder, which has no slides-bench folder inside.
    String message = assertThrows(IllegalArgumentException.class,
        () -> EndToEndBenchmark.arguments(new String[] {"1"})).getMessage();
    assertTrue(message.endsWith("run EndToEndBenchmark from the repository root"), message);
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
