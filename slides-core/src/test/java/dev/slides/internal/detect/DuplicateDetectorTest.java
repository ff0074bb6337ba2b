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

  @Test
  void hashIsStableAndSeparatesDifferentSlides() {
    LumaFrame a = LumaFrames.slide(1);
    LumaFrame b = LumaFrames.slide(2);
    assertEquals(PerceptualHash.of(a), PerceptualHash.of(a));
    assertTrue(PerceptualHash.distance(PerceptualHash.of(a), PerceptualHash.of(b)) > 0);
  }
}
