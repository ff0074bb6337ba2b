package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slides.ExtractionResult;
import dev.slides.InMemoryBlobStore;
import dev.slides.SamplingOptions;
import dev.slides.SlideSegment;
import dev.slides.SlideExtractor;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recordings cut from a longer stream with its timestamps kept ({@code ffmpeg -copyts}, stream
 * dumps): the first frame is an hour in. Times count from the first frame, and the file is read
 * as the 8 s it holds. A Matroska file's declared duration then counts the hour too (its
 * Segment Duration runs from the segment's time 0), which read as a length made the file look
 * truncated.
 */
class LateStartTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mkv", "webm", "mp4", "ts"})
  void aRecordingThatStartsAnHourInIsReadAsTheSecondsItHolds(String extension)
      throws Exception {
    Path video = LectureVideo.builder(320, 180, 10).startFrame(3600 * 10)
        .slide(Slides.bullets(320, 180, 1, "Intro", 3), 4)
        .slide(Slides.bullets(320, 180, 2, "Method", 2), 4)
        .write(dir.resolve("late." + extension));

    try (VideoFrames frames = VideoFrames.open(video, SamplingOptions.defaults())) {
      assertEquals(8.0, frames.info().durationSeconds(), 0.2, "the length it holds");
    }
    ExtractionResult result = SlideExtractor.create(new InMemoryBlobStore())
        .extract("late", video);
    List<SlideSegment> segments = result.segments();
    assertEquals(2, result.slideCount(), segments.toString());
    assertEquals(0.0, segments.get(0).startTime(), 0.15, segments.toString());
    assertEquals(8.0, segments.get(segments.size() - 1).endTime(), 0.15, segments.toString());
  }
}
