package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.bench.Execution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TwoRenditionsBenchmarkTest {
  /** Renditions are cached beside their source: one source's must not stand in for another's. */
  @Test
  void renditionsAreNamedAfterTheirSource() {
    Path tenMinutes = Path.of("target", "lecture-1080p-10min-youtube.mp4");
    Path oneMinute = Path.of("target", "lecture-1080p-1min-youtube.mp4");
    assertNotEquals(TwoRenditionsBenchmark.derived(tenMinutes, "360p"),
        TwoRenditionsBenchmark.derived(oneMinute, "360p"));
    assertEquals(tenMinutes.toAbsolutePath().resolveSibling(
        "lecture-1080p-10min-youtube-rendition-360p.mp4"),
        TwoRenditionsBenchmark.derived(tenMinutes, "360p"));
  }

  /** A wrong command line is named, with where to read more; --help prints the usage. */
  @Test
  void aWrongCommandLineIsNamed() {
    for (String[][] bad : List.of(new String[][] {{"--bogus"}, {"Unknown option: '--bogus'"}},
        new String[][] {{"a.mp4", "b.mp4"}, {"Unmatched argument at index 1: 'b.mp4'"}},
        new String[][] {{"no-such.mp4"}, {"No video at no-such.mp4: EndToEndBenchmark makes it"
            + " (its YouTube-like x264 re-encoding, lecture-1080p-<minutes>min-youtube.mp4,"
            + " needs the ffmpeg command)"}})) {
      Execution run = Execution.of(TwoRenditionsBenchmark.commandLine(), bad[0]);
      assertEquals(2, run.exitCode(), run.err());
      assertEquals(bad[1][0], run.error());
      assertTrue(run.err().contains("See 'TwoRenditionsBenchmark --help'."), run.err());
    }
    Execution help = Execution.of(TwoRenditionsBenchmark.commandLine(), "-h");
    assertEquals(0, help.exitCode());
    assertTrue(help.out().startsWith("Usage: TwoRenditionsBenchmark [-h] [VIDEO]"), help.out());
  }

  /**
   * A file that is not a video is refused in plain words before the ffmpeg command is run on
   * it (which printed "moov atom not found" and then a stack trace), and nothing is made.
   */
  @Test
  void aFileThatIsNotAVideoIsNamedInPlainWords(@TempDir Path dir) throws Exception {
    Path notes = dir.resolve("notes.mp4");
    Files.writeString(notes, "not a video");
    String message = assertThrows(IOException.class,
        () -> TwoRenditionsBenchmark.makeRenditions(notes)).getMessage();
    assertTrue(message.startsWith("TwoRenditionsBenchmark needs a video: Not a video file:"),
        message);
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(notes), left.toList());
    }
  }
}
