package dev.slides.internal.detect;

import static dev.slides.internal.detect.DuplicateDetectorTest.faintSlide;
import static dev.slides.internal.detect.DuplicateDetectorTest.faintSlideWithDarkLogo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.LumaFrame;
import dev.slides.testing.LumaFrames;
import org.junit.jupiter.api.Test;

/**
 * What the decoder that skips still stretches asks before it takes an area that differs from
 * the next keyframe for an inset: whether the detector judges that area at a faint threshold.
 */
class StirredCellsTest {
  private static boolean faintWhereTheyDiffer(LumaFrame shown, LumaFrame other) {
    StirredCells.Smoothed a = StirredCells.smooth(shown);
    return StirredCells.faint(a, StirredCells.between(a, StirredCells.smooth(other)));
  }

  @Test
  void aChangedLineOfLightGreyTextBesideADarkLogoIsFaint() {
    // The logo gives the slide an ordinary contrast: the slide is not faint as a whole, the
    // line is, and the detector sees it change.
    assertTrue(faintWhereTheyDiffer(faintSlideWithDarkLogo(-1), faintSlideWithDarkLogo(2)));
  }

  @Test
  void aChangedLineOnAFaintSlideIsFaint() {
    assertTrue(faintWhereTheyDiffer(faintSlide(-1), faintSlide(2)));
  }

  @Test
  void aChangedDarkWordOnAnOrdinarySlideIsNotFaint() {
    LumaFrame slide = LumaFrames.slide(1);
    LumaFrame edited = new LumaFrame(slide.width(), slide.height(), slide.pixels().clone());
    for (int y = 15; y < 21; y++) {
      for (int x = 60; x < 90; x++) {
        edited.pixels()[y * slide.width() + x] = (byte) ((x / 3) % 2 == 0 ? 20 : 240);
      }
    }
    assertFalse(faintWhereTheyDiffer(slide, edited));
  }

  @Test
  void theSamePictureIsNotFaintAnywhere() {
    assertFalse(faintWhereTheyDiffer(faintSlideWithDarkLogo(-1), faintSlideWithDarkLogo(-1)));
  }
}
