package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.SlideFrame.FrameRef;
import dev.slides.testing.SampleLecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed sample (the README's first command runs on it) still gives what it was made
 * for. Its encoding is deliberately starved (30 kbit/s), so the encoder keeps refining each new
 * slide for seconds: that must not split slides.
 */
class SampleLectureTest {
  static final Path SAMPLE = Path.of("..", "samples", "lecture.mp4");

  @Test
  void sampleIsSmallAndGivesItsSixSlides() throws Exception {
    assertTrue(Files.size(SAMPLE) < 400_000, "the sample should stay small");
    ExtractionResult result = SlideExtractor.create(new InMemoryBlobStore())
        .extract("sample", SAMPLE);
    assertEquals(SampleLecture.EXPECTED_SLIDES, result.slideCount());
    List<SlideSegment> slides = result.segments().stream().filter(SlideSegment::isStatic).toList();
    // "Method" is shown again as slide 5 (its first frame equals one of slide 3's).
    FrameRef again = slides.get(4).firstFrame().duplicateOf();
    assertEquals(3, again == null ? -1 : again.segmentId(), String.valueOf(again));
    // The build keeps the initial state first and the full build last.
    assertEquals(null, slides.get(1).lastFrame().duplicateOf());
    assertEquals(5.0, slides.get(1).startTime(), 1.0);
    assertEquals(16.0, slides.get(1).endTime(), 1.0);
  }
}
