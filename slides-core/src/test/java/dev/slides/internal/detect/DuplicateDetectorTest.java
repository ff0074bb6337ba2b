package dev.slides.internal.detect;

import static dev.slides.FramePosition.FIRST;
import static dev.slides.FramePosition.LAST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.LumaFrame;
import dev.slides.SlideFrame.FrameRef;
import dev.slides.testing.LumaFrames;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DuplicateDetectorTest {
  @Test
  void findsTheEarliestEqualFrameButNeverMergesAChangedWord() {
    LumaFrame a = LumaFrames.slide(1);
    LumaFrame aNoisy = new LumaFrame(a.width(), a.height(), a.pixels().clone());
    for (int i = 0; i < aNoisy.pixels().length; i += 7) {
      aNoisy.pixels()[i] = (byte) ((aNoisy.pixels()[i] & 0xFF) > 128 ? 232 : 28);
    }
    LumaFrame aEdited = new LumaFrame(a.width(), a.height(), a.pixels().clone());
    for (int y = 15; y < 21; y++) {
      for (int x = 60; x < 90; x++) {
        aEdited.pixels()[y * a.width() + x] = (byte) ((x / 3) % 2 == 0 ? 20 : 240);
      }
    }
    DuplicateDetector d = new DuplicateDetector();
    FrameRef first = new FrameRef(1, FIRST);
    assertEquals(Optional.empty(), d.check(first, a, null));
    assertEquals(Optional.of(first), d.check(new FrameRef(1, LAST), aNoisy, null));
    assertEquals(Optional.empty(), d.check(new FrameRef(2, FIRST), aEdited, null));
    assertEquals(Optional.of(new FrameRef(2, FIRST)),
        d.check(new FrameRef(3, FIRST), aEdited, null));
    assertEquals(2, d.uniqueCount());
  }

  /**
   * A white analysis frame with a faint title (grey 210) and four lines of light grey strokes
   * (grey 238: 17 levels from white, below the detector's ordinary threshold of 24); line
   * {@code changed} has its strokes elsewhere.
   */
  static LumaFrame faintSlide(int changed) {
    int w = 320;
    int h = 180;
    byte[] px = new byte[w * h];
    java.util.Arrays.fill(px, (byte) 255);
    for (int y = 15; y < 27; y++) {
      for (int x = 30; x < 150; x++) {
        px[y * w + x] = (byte) ((x / 4) % 2 == 0 ? 210 : 255);
      }
    }
    for (int line = 0; line < 4; line++) {
      int phase = line == changed ? 3 : 0;
      for (int y = 50 + line * 25; y < 60 + line * 25; y++) {
        for (int x = 40; x < 280; x++) {
          px[y * w + x] = (byte) (((x + phase) / 3) % 2 == 0 ? 238 : 255);
        }
      }
    }
    return new LumaFrame(w, h, px);
  }

  @Test
  void faintSlidesThatDifferByALineOfLightGreyTextAreNotDuplicates() {
    DuplicateDetector d = new DuplicateDetector();
    assertEquals(Optional.empty(), d.check(new FrameRef(1, FIRST), faintSlide(-1), null));
    assertEquals(Optional.empty(), d.check(new FrameRef(2, FIRST), faintSlide(2), null),
        "a changed line of faint text makes another slide, as for the segment detector");
    assertEquals(Optional.of(new FrameRef(1, FIRST)),
        d.check(new FrameRef(3, FIRST), faintSlide(-1), null));
  }

  /** {@link #faintSlide} with a dark logo (grey 30) in its top right corner. */
  static LumaFrame faintSlideWithDarkLogo(int changed) {
    LumaFrame slide = faintSlide(changed);
    for (int y = 10; y < 34; y++) {
      for (int x = 270; x < 300; x++) {
        slide.pixels()[y * slide.width() + x] = (byte) 30;
      }
    }
    return slide;
  }

  @Test
  void slidesThatDifferByALineOfLightGreyTextBesideADarkLogoAreNotDuplicates() {
    // The logo gives the slide an ordinary contrast; the line is as faint as on a faint slide.
    DuplicateDetector d = new DuplicateDetector();
    assertEquals(Optional.empty(),
        d.check(new FrameRef(1, FIRST), faintSlideWithDarkLogo(-1), null));
    assertEquals(Optional.empty(),
        d.check(new FrameRef(2, FIRST), faintSlideWithDarkLogo(2), null),
        "a changed line of faint text makes another slide, as for the segment detector");
    assertEquals(Optional.of(new FrameRef(1, FIRST)),
        d.check(new FrameRef(3, FIRST), faintSlideWithDarkLogo(-1), null));
  }

  @Test
  void hashIsStableAndSeparatesDifferentSlides() {
    LumaFrame a = LumaFrames.slide(1);
    LumaFrame b = LumaFrames.slide(2);
    assertEquals(PerceptualHash.of(a), PerceptualHash.of(a));
    assertTrue(PerceptualHash.distance(PerceptualHash.of(a), PerceptualHash.of(b)) > 0);
  }
}
