package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.job.JobState;
import dev.slides.job.JobStatus;
import dev.slides.job.JobTracker;
import dev.slides.store.InMemoryBlobStore;
import dev.slides.testing.BadFiles;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs that are not usable videos end in a failed job with a clear error, and write nothing. */
class BadInputTest {
  @TempDir Path dir;

  private JobState failWith(Path input, String expectedInError) {
    InMemoryBlobStore store = new InMemoryBlobStore();
    JobTracker tracker = new JobTracker();
    ExtractionException e = assertThrows(ExtractionException.class,
        () -> SlideExtractor.create(store).extract("bad", input, tracker));
    JobState state = tracker.get("bad").orElseThrow();
    assertEquals(JobStatus.FAILED, state.status());
    assertEquals("Slide extraction failed", state.message());
    assertEquals(e.getMessage(), state.error());
    assertTrue(state.error().contains(expectedInError),
        "error \"" + state.error() + "\" should mention \"" + expectedInError + "\"");
    assertTrue(store.contents().isEmpty(), "nothing may be written: " + store.contents().keySet());
    return state;
  }

  @Test
  void missingFile() {
    failWith(dir.resolve("nope.mp4"), "Video file not found");
  }

  @Test
  void zeroLengthFile() throws IOException {
    failWith(BadFiles.empty(dir.resolve("empty.mp4")), "Video file is empty");
  }

  @Test
  void textFile() throws IOException {
    failWith(BadFiles.text(dir.resolve("notes.mp4")), "Not a readable video: notes.mp4");
  }

  @Test
  void audioOnlyFile() throws IOException {
    failWith(BadFiles.audioOnly(dir.resolve("tone.wav")), "No video stream in tone.wav");
  }

  @Test
  void truncatedVideo() throws IOException {
    Path whole = LectureVideo.builder(320, 180, 10)
        .slide(Slides.bullets(320, 180, 1, "A", 2), 4)
        .slide(Slides.bullets(320, 180, 2, "B", 2), 4)
        .write(dir.resolve("whole.mp4"));
    failWith(BadFiles.truncated(whole, dir.resolve("half.mp4")), "half.mp4");
  }

  @Test
  void theSameExtractorKeepsWorkingAfterFailures() throws Exception {
    Path good = LectureVideo.builder(320, 180, 10)
        .slide(Slides.bullets(320, 180, 1, "A", 2), 3)
        .write(dir.resolve("good.mp4"));
    SlideExtractor extractor = SlideExtractor.create(new InMemoryBlobStore());
    JobTracker tracker = new JobTracker();
    assertThrows(ExtractionException.class,
        () -> extractor.extract("retry", BadFiles.text(dir.resolve("x.mp4")), tracker));
    // A failed job may be run again, and then completes.
    ExtractionResult result = extractor.extract("retry", good, tracker);
    assertEquals(1, result.slideCount());
    assertEquals(JobStatus.COMPLETED, tracker.get("retry").orElseThrow().status());
  }
}
