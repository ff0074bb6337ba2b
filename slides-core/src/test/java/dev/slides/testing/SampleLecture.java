package dev.slides.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code samples/lecture.mp4}, the small lecture the README's first command runs on:
 * a title, a slide built bullet by bullet, a crossfade, a speaker inset, a stretch of motion,
 * and a slide shown again. Run it from the repository root to regenerate the file:
 * {@code mvn -q -pl slides-core exec:java} is not wired up on purpose; use your IDE or
 * {@code java -cp ... dev.slides.testing.SampleLecture samples/lecture.mp4}.
 */
public final class SampleLecture {
  public static final int WIDTH = 640;
  public static final int HEIGHT = 360;
  /** Static segments a correct extraction finds in the sample. */
  public static final int EXPECTED_SLIDES = 6;

  private SampleLecture() {}

  public static Path write(Path file) throws IOException {
    int w = WIDTH;
    int h = HEIGHT;
    Canvas title = Slides.bullets(w, h, 100, "Slides from video", 0);
    title.text(w / 12, h / 2, 3, "a sample lecture", 0x404040);
    return LectureVideo.builder(w, h, 10)
        .bitrate(30_000)
        .gop(100)
        .slide(title, 5)
        .slide(Slides.build(w, h, 101, "Agenda", 1), 3)
        .slide(Slides.build(w, h, 101, "Agenda", 2), 3)
        .slide(Slides.build(w, h, 101, "Agenda", 3), 4)
        .crossfade(1)
        .slide(Slides.bullets(w, h, 102, "Method", 4), 6)
        .motion(3)
        .slide(Slides.dark(w, h, 103, "Results", 3), 6)
        .slide(Slides.bullets(w, h, 102, "Method", 4), 4)
        .slide(Slides.bullets(w, h, 104, "Questions", 1), 5)
        .write(file);
  }

  /**
   * A short lecture for pipeline tests: a red slide, a blue one, the red one again (the
   * presenter goes back, a duplicate), then 3 s of motion; 4 s each, 10 frames a second.
   */
  public static Path writeBackAndForth(Path file, int width, int height) throws IOException {
    return LectureVideo.builder(width, height, 10)
        .slide(Slides.solid(width, height, 0xFF0000, "Red"), 4)
        .slide(Slides.solid(width, height, 0x0000FF, "Blue"), 4)
        .slide(Slides.solid(width, height, 0xFF0000, "Red"), 4)
        .motion(3)
        .write(file);
  }

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "samples/lecture.mp4");
    Files.createDirectories(file.toAbsolutePath().getParent());
    write(file);
    System.err.println("Wrote " + file + " (" + Files.size(file) + " bytes)");
  }
}
