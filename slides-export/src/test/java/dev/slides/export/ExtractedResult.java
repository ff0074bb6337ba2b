package dev.slides.export;

import dev.slides.ExtractionResult;
import dev.slides.FileSystemBlobStore;
import dev.slides.SlideExtractor;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.SampleLecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real result to export: a generated video run through slides-core's extractor into a
 * directory laid out as {@code slides extract --out DIR} leaves it.
 */
final class ExtractedResult {
  private ExtractedResult() {}

  /**
   * The sample lecture (six slides: a title, a three-step build, "Method", "Results", "Method"
   * again, "Questions"; a crossfade and motion between them) extracted into {@code dir}.
   */
  static ExtractionResult sampleLecture(Path dir, String videoId) throws Exception {
    Path video = SampleLecture.write(Files.createTempFile(dir, "lecture", ".mp4"));
    try {
      return SlideExtractor.create(FileSystemBlobStore.create(dir)).extract(videoId, video);
    } finally {
      Files.delete(video);
    }
  }

  /** A video with motion only: a result without slides. */
  static ExtractionResult motionOnly(Path dir, String videoId) throws Exception {
    Path video = LectureVideo.builder(320, 180, 10).motion(3)
        .write(Files.createTempFile(dir, "motion", ".mp4"));
    try {
      return SlideExtractor.create(FileSystemBlobStore.create(dir)).extract(videoId, video);
    } finally {
      Files.delete(video);
    }
  }

  static byte[] stored(Path dir, String key) throws IOException {
    return Files.readAllBytes(dir.resolve(key));
  }
}
