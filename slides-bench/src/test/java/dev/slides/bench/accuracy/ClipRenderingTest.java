package dev.slides.bench.accuracy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.slides.bench.accuracy.CaseSpec.Design;
import dev.slides.bench.accuracy.CaseSpec.Layout;
import dev.slides.bench.accuracy.CaseSpec.Live;
import dev.slides.bench.accuracy.CaseSpec.Reveal;
import dev.slides.bench.accuracy.CaseSpec.Slide;
import dev.slides.bench.accuracy.CaseSpec.Theme;
import dev.slides.testing.Canvas;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A slide playing a clip, as {@code embedded-video} renders it: the clip moves inside its box
 * while the rest of the slide holds, and a clip that ends stays on its last frame.
 */
class ClipRenderingTest {
  private static final int W = 320;
  private static final int H = 180;
  private static final int FPS = 10;

  /** The picture with the clip's box painted over in one colour. */
  private static byte[] outsideBox(Canvas frame) {
    Canvas c = frame.copy();
    // The box of a clip: from x = W / 12, y = H / 4, 52 % by 68 % of the frame.
    c.rect(W / 12, H / 4, W * 13 / 25 / 2 * 2, H * 17 / 25 / 2 * 2, 0x808080);
    return c.bgr();
  }

  @Test
  void theClipMovesInsideItsBoxThenFreezesWhileTheSlideHolds() {
    Design photo = new Design(Layout.PHOTO, Theme.LIGHT, "Clip", List.of("a caption"), 3);
    double seconds = Live.CLIP_SECONDS_BEFORE_FREEZE + 3;
    int frames = (int) Math.round(seconds * FPS);
    Slide slide = new Slide(photo, seconds, Reveal.CUT, 0, 3, List.of(),
        Live.CLIP_TALKING_HEAD_FREEZES);
    SlideRenderer renderer = new SlideRenderer(slide, W, H, FPS, frames);
    Canvas[] shown = new Canvas[frames];
    for (int n = 0; n < frames; n++) {
      shown[n] = new Canvas(W, H);
      renderer.render(n, shown[n]);
    }
    renderer.close();
    int lastPlayed = (int) Math.round(Live.CLIP_SECONDS_BEFORE_FREEZE * FPS) - 1;
    for (int n = 1; n < frames; n++) {
      assertArrayEquals(outsideBox(shown[0]), outsideBox(shown[n]), "outside the box, " + n);
    }
    assertFalse(Arrays.equals(shown[0].bgr(), shown[lastPlayed / 2].bgr()), "the clip plays");
    for (int n = lastPlayed + 1; n < frames; n++) {
      assertArrayEquals(shown[lastPlayed].bgr(), shown[n].bgr(), "frozen at " + n);
    }
  }
}
