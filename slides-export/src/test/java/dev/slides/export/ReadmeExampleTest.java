package dev.slides.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.testing.ReadmeExample;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * This module's README example, compiled and run as its own process on the class path
 * slides-export's users get (see {@link ReadmeExample}), on a result extracted into
 * {@code out} as {@code slides extract} leaves it.
 */
class ReadmeExampleTest {
  @TempDir Path dir;

  @Test
  void theReadmeExampleCompilesAndRunsAsWritten() throws Exception {
    ReadmeExample example = ReadmeExample.after(Path.of("README.md"),
        "<!-- The block below is compiled and run by ReadmeExampleTest");
    ExtractedResult.sampleLecture(Files.createDirectories(dir.resolve("out")), "talk");

    String output = example.run(dir);

    assertTrue(Files.readString(dir.resolve("talk.pdf"), StandardCharsets.ISO_8859_1)
        .startsWith("%PDF-"), "talk.pdf is not a PDF");
    assertTrue(Files.readString(dir.resolve("notes/talk.md")).contains("talk-slides/"), output);
    try (Stream<Path> images = Files.list(dir.resolve("notes/talk-slides"))) {
      assertTrue(images.count() >= 6, "fewer images than slides beside the notes");
    }
    // The CSV on standard output: a header, then one row per segment, six of them slides.
    long slideRows = output.lines().filter(line -> line.startsWith("static,")).count();
    assertEquals(6, slideRows, output);
  }
}
