package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.ExtractionResult;
import dev.slides.InMemoryBlobStore;
import dev.slides.SamplingOptions;
import dev.slides.SlideExtractor;
import dev.slides.internal.store.BlobKeys;
import dev.slides.testing.Canvas;
import dev.slides.testing.DecodedImage;
import dev.slides.testing.LectureVideo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DV, DVD, HDV and broadcast recordings store a wide picture in fewer, non-square pixels and
 * tag the stream with their shape (the sample aspect ratio). Published images must have the
 * shape a player shows, not the stored one.
 */
class PixelAspectTest {
  @TempDir Path dir;

  /**
   * A 16:9 slide whose black square and grey square show a squeeze: squeezed horizontally, both
   * become narrower than high and move left.
   */
  static Canvas slide(int width, int height) {
    int side = height / 3;
    return new Canvas(width, height).fill(0xFFFFFF)
        .rect(width / 8, height / 3, side, side, 0x000000)
        .rect(width * 5 / 8, height / 3, side, side, 0x808080);
  }

  @ParameterizedTest(name = "{0}: pixels {1}:{2}")
  @CsvSource({
      "hdv.mp4, 4, 3, 640, 360",   // 1440x1080 shown as 1920x1080, scaled down
      "dvd.ts, 64, 45, 640, 360",  // PAL DVD 16:9 (720x576 shown as 1024x576), MPEG-2
  })
  void imagesHaveTheShapeAPlayerShows(String name, int pixelWidth, int pixelHeight, int width,
      int height) throws Exception {
    LectureVideo.Builder builder = LectureVideo.builder(width, height, 10).gop(20)
        .storedSqueezed(pixelWidth, pixelHeight)
        .slide(slide(width, height), 6);
    if (name.endsWith(".ts")) {
      builder.codec(LectureVideo.Codec.MPEG2).bitrate(2_000_000);
    }
    Path video = builder.write(dir.resolve(name));

    try (VideoFrames frames = VideoFrames.open(video, SamplingOptions.defaults())) {
      assertEquals(width, frames.info().width(), "width as shown");
      assertEquals(height, frames.info().height());
      VideoFrame frame = frames.next();
      try (Picture picture = frame.retain()) {
        assertEquals(width, picture.width(), "picture as wide as shown");
        assertEquals(height, picture.height());
      }
    }

    InMemoryBlobStore store = new InMemoryBlobStore();
    ExtractionResult result = SlideExtractor.create(store).extract("tape", video);
    assertEquals(1, result.slideCount(), result.segments().toString());
    String key = BlobKeys.slideFrame("tape", "1-first.webp");
    byte[] webp = store.get(key).orElseThrow(() -> new AssertionError(
        key + " not in " + store.contents().keySet())).content();
    DecodedImage image = DecodedImage.decode(webp);
    assertEquals(width, image.width, "published image as wide as shown");
    assertEquals(height, image.height);
    int side = height / 3;
    int middle = height / 2;
    // Near the right edge of each square: a squeezed picture has white there.
    int blackEdge = width / 8 + side - 6;
    int greyEdge = width * 5 / 8 + side - 6;
    assertTrue(image.rgb(blackEdge, middle)[1] < 50,
        "black square reaches x=" + blackEdge + ": " + image.rgb(blackEdge, middle)[1]);
    int grey = image.rgb(greyEdge, middle)[1];
    assertTrue(grey > 100 && grey < 160, "grey square reaches x=" + greyEdge + ": " + grey);
    assertTrue(image.rgb(greyEdge + 12, middle)[1] > 215, "white right of the grey square");
  }

  @Test
  void widthsAsShownAreAPlayersAndBrokenTagsAreIgnored() {
    assertEquals(1024, FfmpegPicture.shownWidth(720, 64, 45), "PAL DVD 16:9");
    assertEquals(1920, FfmpegPicture.shownWidth(1440, 4, 3), "HDV");
    assertEquals(655, FfmpegPicture.shownWidth(720, 10, 11), "NTSC DV 4:3: narrower");
    assertEquals(640, FfmpegPicture.shownWidth(640, 0, 1), "no tag");
    assertEquals(640, FfmpegPicture.shownWidth(640, 1, 0), "no tag");
    assertEquals(720, FfmpegPicture.shownWidth(720, 255, 1), "a broken tag");
    assertEquals(720, FfmpegPicture.shownWidth(720, 1, 255), "a broken tag");
  }
}
