package dev.slides.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
