package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.ExtractionResult;
import dev.slides.InMemoryBlobStore;
import dev.slides.LumaFrame;
import dev.slides.SamplingOptions;
import dev.slides.SlideExtractor;
import dev.slides.internal.store.BlobKeys;
import dev.slides.testing.Canvas;
import dev.slides.testing.DecodedImage;
import dev.slides.testing.LectureVideo;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Phone videos store sideways frames plus a display matrix saying how to turn them. Analysis
 * and published images must see the slide upright, as a player shows it.
 */
class RotationTest {
  @TempDir Path dir;

  /**
   * A portrait slide, 180 by 320, that no turn or mirror maps onto itself: black block at the
   * top left, grey band along the bottom, white elsewhere.
   */
  static Canvas portraitSlide() {
    return new Canvas(180, 320).fill(0xFFFFFF)
        .rect(0, 0, 60, 60, 0x000000)
        .rect(0, 280, 180, 40, 0x808080);
  }

  @ParameterizedTest(name = "stored turned {0} degrees")
  @ValueSource(ints = {90, 180, 270})
  void phoneVideosAreAnalysedAndPublishedUpright(int turn) throws Exception {
    // Keyframes every 2 s: the stretches between them that are not decoded give pictures too.
    Path video = LectureVideo.builder(180, 320, 10).gop(20).storedTurned(turn)
        .slide(portraitSlide(), 12)
        .write(dir.resolve("phone-" + turn + ".mp4"));

    try (VideoFrames frames = VideoFrames.open(video, SamplingOptions.defaults())) {
      assertEquals(180, frames.info().width());
      assertEquals(320, frames.info().height());
      VideoFrame frame = frames.next();
      LumaFrame luma = frame.luma();
      assertEquals(180, luma.width(), "analysed frames are as wide as the upright video");
      assertEquals(320, luma.height());
      assertTrue(grey(luma, 20, 20) < 40, "black block top left: " + grey(luma, 20, 20));
      assertTrue(grey(luma, 160, 20) > 215, "white top right: " + grey(luma, 160, 20));
      assertTrue(grey(luma, 20, 200) > 215, "white left middle: " + grey(luma, 20, 200));
      int band = grey(luma, 90, 300);
      assertTrue(band > 100 && band < 160, "grey band at the bottom: " + band);
      for (; frame != null; frame = frames.next()) {
        try (Picture picture = frame.retain()) {
          assertEquals(180, picture.width(), "at " + frame.time() + " s");
          assertEquals(320, picture.height(), "at " + frame.time() + " s");
        }
      }
    }

    InMemoryBlobStore store = new InMemoryBlobStore();
    ExtractionResult result = SlideExtractor.create(store).extract("phone", video);
    assertEquals(1, result.slideCount(), result.segments().toString());
    // The last frame repeats the first, so only the first is stored.
    String key = BlobKeys.slideFrame("phone", "1-first.webp");
    byte[] webp = store.get(key).orElseThrow(() -> new AssertionError(
        key + " not in " + store.contents().keySet())).content();
    DecodedImage image = DecodedImage.decode(webp);
    assertEquals(180, image.width, "published image is upright");
    assertEquals(320, image.height);
    assertTrue(image.rgb(20, 20)[1] < 40, "black block top left");
    assertTrue(image.rgb(160, 20)[1] > 215, "white top right");
    assertTrue(image.rgb(20, 200)[1] > 215, "white left middle");
    int imageBand = image.rgb(90, 300)[1];
    assertTrue(imageBand > 100 && imageBand < 160, "grey band at the bottom: " + imageBand);
  }

  private static int grey(LumaFrame luma, int x, int y) {
    return luma.pixels()[y * luma.width() + x] & 0xFF;
  }
}
