package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertThrows;

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

  /** A wrong command line is named before the usage, not only answered with it. */
  @Test
  void aWrongCommandLineIsNamed() {
    assertEquals("Unknown option --bogus",
        TwoRenditionsBenchmark.argumentError(new String[] {"--bogus"}));
    assertEquals("One VIDEO at most, got 2 arguments",
        TwoRenditionsBenchmark.argumentError(new String[] {"a.mp4", "b.mp4"}));
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
