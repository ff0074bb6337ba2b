package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slides.ExtractionResult;
import dev.slides.InMemoryBlobStore;
import dev.slides.SamplingOptions;
import dev.slides.SlideExtractor;
import dev.slides.testing.Canvas;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import dev.slides.testing.Tracks;
import dev.slides.testing.Tracks.Track;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files with several video tracks: the one read is the one a player (FFmpeg's command line)
 * picks, the largest picture, then the track marked default, then the first.
 */
class VideoTracksTest {
  @TempDir Path dir;

  private Path slides() throws Exception {
    return LectureVideo.builder(640, 360, 10)
        .slide(Slides.bullets(640, 360, 1, "Intro", 3), 4)
        .slide(Slides.bullets(640, 360, 2, "Method", 2), 4)
        .write(dir.resolve("slides.mp4"));
  }

  @Test
  void aSmallCameraTrackBeforeTheScreenTrackIsPassedOver() throws Exception {
    Path camera = LectureVideo.builder(320, 180, 10).motion(8)
        .write(dir.resolve("camera.mp4"));
    Path both = Tracks.matroska(dir.resolve("capture.mkv"),
        new Track(camera, true), new Track(slides(), false));

    try (VideoFrames frames = VideoFrames.open(both, SamplingOptions.defaults())) {
      assertEquals(640, frames.info().width(), "the screen track is read");
    }
    ExtractionResult result = SlideExtractor.create(new InMemoryBlobStore())
        .extract("capture", both);
    assertEquals(2, result.slideCount(), result.segments().toString());
  }

  @Test
  void aOneFrameCoverTrackBeforeTheVideoIsPassedOver() throws Exception {
    // A cover picture as some editors store it: a one-frame video track not marked as a cover.
    Path cover = LectureVideo.builder(640, 360, 10)
        .slide(new Canvas(640, 360).fill(0x2050C0), 0.1)
        .write(dir.resolve("cover.mp4"));
    Path both = Tracks.matroska(dir.resolve("with-cover.mkv"),
        new Track(cover, false), new Track(slides(), true));

    ExtractionResult result = SlideExtractor.create(new InMemoryBlobStore())
        .extract("covered", both);
    assertEquals(2, result.slideCount(), result.segments().toString());
  }
}
