package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.testing.BadFiles;
import dev.slides.testing.DecodedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code slides extract} as a user runs it, on the shipped sample. */
class ExtractCommandTest {
  static final Path SAMPLE = Path.of("..", "samples", "lecture.mp4");

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = SlidesCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void extractsTheSampleIntoADirectoryWithASummary() throws Exception {
    Path out = dir.resolve("out");
    Run run = run("extract", SAMPLE.toString(), "--out", out.toString(), "--progress", "lines");
    assertEquals(0, run.exit, run.err);
    assertTrue(run.out.contains("Slides found:  6"), run.out);
    assertTrue(run.out.contains("Manifest:"), run.out);
    assertTrue(run.out.contains("completed"), run.out);
    assertTrue(run.out.contains("extracting"), run.out);
    Path manifest = out.resolve("manifests/lecture.json");
    assertTrue(Files.size(manifest) > 0);
    String json = Files.readString(manifest);
    assertTrue(json.contains("\"lecture\""), json);
    byte[] image = Files.readAllBytes(out.resolve("slides/lecture/1-first.webp"));
    assertTrue(DecodedImage.isWebp(image));
    assertEquals(640, DecodedImage.decode(image).width);
  }

  @Test
  void drawsABarOnATerminal() {
    Run run = run("extract", SAMPLE.toString(), "--out", dir.toString(), "--progress", "bar",
        "--video-id", "bar");
    assertEquals(0, run.exit, run.err);
    assertTrue(run.out.contains("\r["), run.out);
    assertTrue(run.out.contains("] 100.0% completed"), run.out);
  }

  @Test
  void failsWithAClearMessageAndExitCode() throws Exception {
    Path text = BadFiles.text(dir.resolve("notes.mp4"));
    Run run = run("extract", text.toString(), "--out", dir.resolve("o").toString(),
        "--progress", "none");
    assertEquals(1, run.exit);
    assertTrue(run.err.contains("Slide extraction failed: Not a video file: notes.mp4"),
        run.err);
    assertTrue(Files.notExists(dir.resolve("o/manifests")));
  }

  @Test
  void rejectsBadArguments() {
    assertEquals(2, run("extract", SAMPLE.toString(), "--video-id", "../x").exit);
    assertEquals(2, run("extract", SAMPLE.toString(), "--quality", "101").exit);
    assertEquals(2, run("extract").exit);
  }

  @Test
  void derivesAnIdFromTheFileName() {
    assertEquals("My_Talk_2024", ExtractCommand.idFromFileName(Path.of("/x/My Talk (2024).mp4")));
    assertEquals("video", ExtractCommand.idFromFileName(Path.of("...mp4")));
  }
}
