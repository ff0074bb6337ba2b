package dev.slides;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.testing.ReadmeExample;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's library example, read from README.md, compiled against slides-core as a user's
 * project would be, and run as its own process on the class path slides-core's users get (see
 * {@link ReadmeExample}).
 */
class ReadmeSnippetTest {
  static final Path SAMPLE = Path.of("..", "samples", "lecture.mp4");

  @TempDir Path dir;

  @Test
  void theLibraryExampleCompilesAndRunsAsWritten() throws Exception {
    ReadmeExample example = ReadmeExample.after(Path.of("..", "README.md"),
        "<!-- The block below is compiled and run by ReadmeSnippetTest");

    String output = example.run(dir, SAMPLE.toAbsolutePath().toString());

    assertTrue(output.contains("\"status\":\"completed\""), output);
    assertTrue(output.contains("6 slides, manifest at file:"), output);
    assertTrue(Files.exists(dir.resolve("out/manifests/my-talk.json")), output);
  }
}
