package dev.slides.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LectureVideo.Builder#writeOnce}: one write for the tests that share a video. */
class LectureVideoTest {
  static final int W = 160;
  static final int H = 90;

  @TempDir Path dir;

  static LectureVideo.Builder twoSlides(String second) {
    return LectureVideo.builder(W, H, 10)
        .slide(Slides.bullets(W, H, 1, "One", 2), 1)
        .slide(Slides.bullets(W, H, 2, second, 2), 1);
  }

  @Test
  void aVideoWrittenOnceIsNotWrittenAgain() throws IOException {
    // The file is marked after the first write: a second write would replace the mark.
    Path video = twoSlides("Two").writeOnce(dir.resolve("once.mp4"));
    byte[] mark = "written once".getBytes(StandardCharsets.UTF_8);
    Files.write(video, mark);
    assertEquals(video, twoSlides("Two").writeOnce(dir.resolve("once.mp4")));
    assertArrayEquals(mark, Files.readAllBytes(video));
  }

  @Test
  void anotherVideoUnderTheSameNameIsRefused() throws IOException {
    twoSlides("Two").writeOnce(dir.resolve("named.mp4"));
    IllegalStateException frames = assertThrows(IllegalStateException.class,
        () -> twoSlides("Three").writeOnce(dir.resolve("named.mp4")));
    assertEquals("The fixture named.mp4 was written before from other frames or settings: give"
        + " each video its own name, one that tells the parameters it is drawn from.",
        frames.getMessage());
    assertThrows(IllegalStateException.class,
        () -> twoSlides("Two").bitrate(100_000).writeOnce(dir.resolve("named.mp4")));
  }

  @Test
  void aVideoWrittenOnceIsWrittenAgainOnceDeleted() throws IOException {
    Path video = twoSlides("Two").writeOnce(dir.resolve("deleted.mp4"));
    Files.delete(video);
    twoSlides("Two").writeOnce(video);
    assertTrue(Files.size(video) > 0, "written again");
  }
}
