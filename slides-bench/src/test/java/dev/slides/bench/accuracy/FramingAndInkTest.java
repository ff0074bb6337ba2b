package dev.slides.bench.accuracy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.bench.accuracy.CaseSpec.Design;
import dev.slides.bench.accuracy.CaseSpec.Encoding;
import dev.slides.bench.accuracy.CaseSpec.Framing;
import dev.slides.bench.accuracy.CaseSpec.Layout;
import dev.slides.bench.accuracy.CaseSpec.Live;
import dev.slides.bench.accuracy.CaseSpec.Motion;
import dev.slides.bench.accuracy.CaseSpec.Overlays;
import dev.slides.bench.accuracy.CaseSpec.Part;
import dev.slides.bench.accuracy.CaseSpec.Reveal;
import dev.slides.bench.accuracy.CaseSpec.Slide;
import dev.slides.bench.accuracy.CaseSpec.Theme;
import dev.slides.bench.accuracy.CaseSpec.Transition;
import dev.slides.testing.Canvas;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kinds added for meeting recordings, pen annotations and pillarboxed decks: where the
 * parts are drawn, what the truth makes of them, and that ink only adds until it is cleared.
 */
class FramingAndInkTest {
  private static final int W = 320;
  private static final int H = 180;
  private static final int FPS = 10;
  private static final Design LINES = new Design(Layout.BULLETS, Theme.LIGHT, "Ink",
      List.of("first line here", "second line", "third line of text"), 4);

  private static CaseSpec spec(Overlays overlays, Part... parts) {
    return new CaseSpec("t", "", W, H, FPS, Encoding.crf(23, 250, 3), overlays, 1,
        List.of(parts));
  }

  private static Slide shown(double seconds, Live live) {
    return new Slide(LINES, seconds, Reveal.CUT, 0, 4, List.of(), live);
  }

  @Test
  void framingKeepsTheTruthAndOnlyAMeetingIsNotClean() {
    Part[] parts = {shown(4, Live.NONE), new Transition(Transition.Kind.ZOOM, 1),
        shown(3, Live.NONE), new Motion(Motion.Kind.KEN_BURNS, 5), shown(3, Live.NONE)};
    CaseSpec full = spec(Overlays.NONE, parts);
    CaseSpec pillarbox = spec(Overlays.framed(Framing.PILLARBOX_4_3), parts);
    CaseSpec meeting = spec(Overlays.framed(Framing.MEETING_GALLERY), parts);
    assertEquals(full.truth(), pillarbox.truth());
    assertEquals(full.truth(), meeting.truth());
    assertTrue(pillarbox.clean());
    assertFalse(meeting.clean(), "the webcam strip keeps moving");
    // The spec text (hashed for the cache) names a framing only when there is one.
    assertFalse(full.overlays().toString().contains("framing"));
    assertTrue(meeting.overlays().toString().contains("framing=MEETING_GALLERY"));
    assertArrayEquals(new int[] {40, 0, 240, 180}, Framing.PILLARBOX_4_3.area(W, H));
  }

  @Test
  void aPillarboxedDeckHasBlackBarsThroughZoomAndKenBurns() throws IOException {
    CaseSpec spec = spec(Overlays.framed(Framing.PILLARBOX_4_3), shown(2, Live.NONE),
        new Transition(Transition.Kind.ZOOM, 1), shown(2, Live.NONE),
        new Motion(Motion.Kind.KEN_BURNS, 2), shown(1, Live.NONE));
    Canvas frame = new Canvas(W, H);
    Canvas previous = null;
    int changedInMotion = 0;
    try (CaseRenderer renderer = new CaseRenderer(spec)) {
      for (int f = 0; f < spec.totalFrames(); f++) {
        renderer.render(f, frame);
        for (int y = 0; y < H; y += 7) {
          assertEquals(0, frame.rgbAt(3, y), "left bar at frame " + f);
          assertEquals(0, frame.rgbAt(W - 4, y), "right bar at frame " + f);
        }
        if (f > 50 && f < 70 && previous != null
            && !java.util.Arrays.equals(previous.bgr(), frame.bgr())) {
          changedInMotion++;
        }
        previous = frame.copy();
      }
    }
    assertTrue(changedInMotion >= 18, "the Ken Burns move changes every frame: "
        + changedInMotion);
  }

  @Test
  void inkOnlyAddsUntilItIsClearedAndTheClearedSlideIsANewOne() throws IOException {
    CaseSpec spec = spec(Overlays.NONE, shown(10, Live.PEN_INK), shown(3, Live.NONE));
    assertEquals(List.of(0.0, 10.0), spec.truth().stream().map(Span::start).toList(),
        "inked: one slide; cleared: a new one");
    Canvas frame = new Canvas(W, H);
    byte[] clean = null;
    byte[] before = null;
    boolean inked = false;
    try (CaseRenderer renderer = new CaseRenderer(spec)) {
      for (int f = 0; f < spec.totalFrames(); f++) {
        renderer.render(f, frame);
        byte[] now = frame.bgr().clone();
        if (f == 0) {
          clean = now;
        } else if (f < 100) {
          for (int i = 0; i < now.length; i++) {
            // A pixel once inked stays inked.
            if (before[i] != clean[i]) {
              assertEquals(before[i], now[i], "ink removed at frame " + f);
            }
          }
          inked |= !java.util.Arrays.equals(clean, now);
        } else {
          assertArrayEquals(clean, now, "after the clear, the slide without ink (frame " + f
              + ")");
        }
        before = now;
      }
    }
    assertTrue(inked, "no ink drawn");
  }
}
