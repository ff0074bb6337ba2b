package dev.slides.bench.accuracy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.bench.accuracy.CaseSpec.Design;
import dev.slides.bench.accuracy.CaseSpec.Layout;
import dev.slides.bench.accuracy.CaseSpec.Live;
import dev.slides.bench.accuracy.CaseSpec.Reveal;
import dev.slides.bench.accuracy.CaseSpec.Slide;
import dev.slides.bench.accuracy.CaseSpec.Theme;
import dev.slides.testing.Animations;
import dev.slides.testing.Canvas;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The subtitles and the waveform of {@code burned-in-subtitles} and {@code podcast-waveform}:
 * each changes only its band at the bottom, on the video's clock, and changes no slide.
 */
class SubtitlesAndWaveformTest {
  private static final int W = 640;
  private static final int H = 360;
  private static final int FPS = 10;

  @Test
  void subtitleLinesLast1_5To5SecondsWithShortGapsOrNone() {
    int lines = 0;
    int gaps = 0;
    int line = -1;
    double since = 0;
    double gapSince = 0;
    boolean backToBack = false;
    for (int n = 0; n < 200 * 100; n++) {
      double t = n / 100.0;
      int now = Animations.speechLine(135, t);
      if (now == line) {
        continue;
      }
      if (line >= 0) {
        double shown = t - since;
        assertTrue(shown >= 1.49 && shown <= 5.01, "line " + line + " shown " + shown + " s");
      } else if (lines > 0 && now >= 0) {
        double gap = t - gapSince;
        assertTrue(gap >= 0.14 && gap <= 0.61, "gap of " + gap + " s before line " + now);
        gaps++;
      }
      if (now >= 0) {
        assertEquals(lines, now, "lines in order at " + t);
        backToBack |= line >= 0;
        lines++;
        since = t;
      } else {
        gapSince = t;
      }
      line = now;
    }
    assertEquals(-1, Animations.speechLine(135, 0.3), "none before 0.4 s");
    assertTrue(lines >= 200 / 5 && lines <= 200 / 1.5, lines + " lines in 200 s");
    assertTrue(gaps > lines / 3 && backToBack, gaps + " gaps between " + lines + " lines");
  }

  @Test
  void subtitlesChangeOnlyTheirBandAndRunOnAcrossASlideChange() {
    Design bullets = new Design(Layout.BULLETS, Theme.LIGHT, "Subtitled",
        List.of("first line here", "second line"), 4);
    Slide slide = new Slide(bullets, 8, Reveal.CUT, 0, 3, List.of(), Live.SUBTITLES);
    Canvas[] early = render(slide, 0, 80);
    // The same slide 30 s into the video: other lines, at other times.
    Canvas[] late = render(slide, 300, 80);
    // The box's top: 15 glyph dots (2 pixels at 360 lines) above the bottom.
    int band = 15 * 2;
    int changed = 0;
    for (int n = 1; n < early.length; n++) {
      assertArrayEquals(above(early[0], band), above(early[n], band), "above the band, " + n);
      assertArrayEquals(above(early[0], band), above(late[n], band), "above the band, " + n);
      changed += Arrays.equals(early[n - 1].bgr(), early[n].bgr()) ? 0 : 1;
    }
    assertTrue(changed >= 2 && changed <= 11, changed + " changes in 8 s");
    assertFalse(Arrays.equals(early[40].bgr(), late[40].bgr()), "on the video's clock");
  }

  @Test
  void theWaveformMovesEveryFrameInTheLowest18PercentOnly() {
    Design card = new Design(Layout.TITLE_CARD, new Theme(0x283050, 0xFFFFFF, 0xB0C8E0),
        "Podcast", List.of("episode one"), 5);
    Slide slide = new Slide(card, 3, Reveal.CUT, 0, 2, List.of(), Live.WAVEFORM);
    Canvas[] frames = render(slide, 0, 30);
    int band = H - H * 82 / 100;
    for (int n = 1; n < frames.length; n++) {
      assertArrayEquals(above(frames[0], band), above(frames[n], band), "above the band, " + n);
      assertFalse(Arrays.equals(frames[n - 1].bgr(), frames[n].bgr()), "frame " + n);
    }
  }

  @Test
  void neitherIsClean() {
    Design bullets = new Design(Layout.BULLETS, Theme.LIGHT, "T", List.of("a"), 1);
    for (Live live : List.of(Live.SUBTITLES, Live.WAVEFORM)) {
      CaseSpec spec = new CaseSpec("c", "s", W, H, FPS, CaseSpec.Encoding.crf(23, 250, 3),
          CaseSpec.Overlays.NONE, 1, List.of(new Slide(bullets, 5, Reveal.CUT, 0, 2, List.of(),
              live), new Slide(bullets.withTitle("U"), 5, Reveal.CUT, 0, 2, List.of(), live)));
      assertFalse(spec.clean(), live.toString());
      assertEquals(2, spec.truth().size(), live.toString());
    }
  }

  /** {@code frames} frames of {@code slide} starting at frame {@code start} of its video. */
  private static Canvas[] render(Slide slide, int start, int frames) {
    SlideRenderer renderer = new SlideRenderer(slide, W, H, FPS, frames, start, 135);
    Canvas[] shown = new Canvas[frames];
    for (int n = 0; n < frames; n++) {
      shown[n] = new Canvas(W, H);
      renderer.render(n, shown[n]);
    }
    renderer.close();
    return shown;
  }

  /** The frame's pixels above its lowest {@code band} rows. */
  private static byte[] above(Canvas frame, int band) {
    return Arrays.copyOf(frame.bgr(), (H - band) * W * 3);
  }
}
