package dev.slides.bench.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.bench.accuracy.CaseSpec.Design;
import dev.slides.bench.accuracy.CaseSpec.Encoding;
import dev.slides.bench.accuracy.CaseSpec.Gesture;
import dev.slides.bench.accuracy.CaseSpec.Layout;
import dev.slides.bench.accuracy.CaseSpec.Live;
import dev.slides.bench.accuracy.CaseSpec.Motion;
import dev.slides.bench.accuracy.CaseSpec.Overlays;
import dev.slides.bench.accuracy.CaseSpec.Part;
import dev.slides.bench.accuracy.CaseSpec.Presenter;
import dev.slides.bench.accuracy.CaseSpec.Reveal;
import dev.slides.bench.accuracy.CaseSpec.Slide;
import dev.slides.bench.accuracy.CaseSpec.Step;
import dev.slides.bench.accuracy.CaseSpec.Theme;
import dev.slides.bench.accuracy.CaseSpec.Transition;
import dev.slides.bench.accuracy.CaseSpec.Walk;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ground-truth rules, as {@link CaseSpec#truth()} applies them. */
class CaseSpecTest {
  private static final Design FOUR_LINES = new Design(Layout.BULLETS, Theme.LIGHT, "T",
      List.of("a", "b", "c", "d"), 1);

  private static Slide plain(double seconds) {
    return new Slide(FOUR_LINES, seconds, Reveal.CUT, 0, 5, List.of(), Live.NONE);
  }

  private static CaseSpec spec(Overlays overlays, Part... parts) {
    return new CaseSpec("t", "", 320, 180, 25, Encoding.crf(23, 250, 3), overlays, 1,
        List.of(parts));
  }

  private static void assertSpans(CaseSpec spec, double... bounds) {
    List<Span> truth = spec.truth();
    assertEquals(bounds.length / 2, truth.size(), () -> "segments " + truth);
    for (int i = 0; i < truth.size(); i++) {
      assertEquals(bounds[2 * i], truth.get(i).start(), 1e-9, "start of " + i);
      assertEquals(bounds[2 * i + 1], truth.get(i).end(), 1e-9, "end of " + i);
    }
  }

  @Test
  void aHardCutEndsOneSlideWhereTheNextStarts() {
    assertSpans(spec(Overlays.NONE, plain(4), plain(6)), 0, 4, 4, 10);
  }

  @Test
  void aTransitionAndMotionBelongToNoSlide() {
    assertSpans(spec(Overlays.NONE, plain(4), new Transition(Transition.Kind.CROSSFADE, 1.5),
        plain(6), new Motion(Motion.Kind.SNOW, 8), plain(3)), 0, 4, 5.52, 11.52, 19.52, 22.52);
  }

  @Test
  void aSlideStartsWhenItsContentHasAnimatedIn() {
    Slide typed = new Slide(FOUR_LINES, 6, Reveal.TYPEWRITER, 2, 5, List.of(), Live.NONE);
    assertSpans(spec(Overlays.NONE, plain(4), typed), 0, 4, 6, 10);
  }

  @Test
  void aBuildIsOneSegmentFromItsFirstCompleteState() {
    Slide build = new Slide(FOUR_LINES, 12, Reveal.FADE, 1, 2,
        List.of(new Step(3, Reveal.CUT, 0), new Step(5, Reveal.FADE, 0.5),
            new Step(8, Reveal.TYPEWRITER, 1)), Live.NONE);
    assertSpans(spec(Overlays.NONE, build, plain(2)), 1, 12, 12, 14);
  }

  @Test
  void timesFallOnTheFrameGrid() {
    // 1/3 s is not a whole number of frames at 25 fps: it becomes 8 frames, 0.32 s.
    assertSpans(spec(Overlays.NONE, plain(2), new Transition(Transition.Kind.WIPE, 1.0 / 3),
        plain(2)), 0, 2, 2.32, 4.32);
    assertEquals(4.32, spec(Overlays.NONE, plain(2), new Transition(Transition.Kind.WIPE,
        1.0 / 3), plain(2)).durationSeconds(), 1e-9);
  }

  @Test
  void onlyCasesWithoutOverlaysOrAnimatedContentAreClean() {
    Slide builtByCut = new Slide(FOUR_LINES, 8, Reveal.CUT, 0, 2,
        List.of(new Step(3, Reveal.CUT, 0)), Live.NONE);
    assertTrue(spec(Overlays.NONE, builtByCut, new Transition(Transition.Kind.CROSSFADE, 1),
        plain(3), new Motion(Motion.Kind.LIFE, 5), plain(3)).clean());
    assertFalse(spec(new Overlays(false, true, 0), plain(3)).clean());
    assertFalse(spec(new Overlays(false, false, 4), plain(3)).clean());
    assertFalse(spec(Overlays.NONE, new Slide(FOUR_LINES, 8, Reveal.CUT, 0, 5, List.of(),
        Live.PROGRESS_LINE)).clean());
    assertFalse(spec(Overlays.NONE, new Slide(FOUR_LINES, 8, Reveal.CUT, 0, 2,
        List.of(new Step(3, Reveal.FADE, 0.5)), Live.NONE)).clean());
  }

  @Test
  void aTransitionMustLeadIntoASlide() {
    assertThrows(IllegalArgumentException.class, () -> spec(Overlays.NONE, plain(2),
        new Transition(Transition.Kind.CROSSFADE, 1), new Motion(Motion.Kind.NOISE, 3)));
  }

  @Test
  void aScrollMustLeadFromASlide() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> spec(Overlays.NONE, new Transition(Transition.Kind.SCROLL, 1), plain(2)));
    assertTrue(e.getMessage().contains("a scroll must lead from a slide"), e.getMessage());
  }

  @Test
  void aPresenterInFrontOfTheSlidesBreaksNoSlide() {
    Presenter presenter = new Presenter(List.of(new Walk(1, 2, -0.2, 0.4),
        new Walk(6, 3, 0.4, 1.2)), List.of(new Gesture(3.5, 2)));
    Part[] parts = {plain(4), plain(6), new Transition(Transition.Kind.CROSSFADE, 1), plain(3)};
    CaseSpec with = spec(new Overlays(false, false, 0, presenter), parts);
    assertEquals(spec(Overlays.NONE, parts).truth(), with.truth());
    assertFalse(with.clean());
  }

  @Test
  void aPresenterWalksInStandsAndWalksOff() {
    Presenter p = new Presenter(List.of(new Walk(1, 2, -0.2, 0.4), new Walk(6, 3, 0.4, 1.2)),
        List.of(new Gesture(3.5, 2)));
    assertEquals(-0.2, p.x(0), 1e-9);
    assertEquals(0.1, p.x(2), 1e-9);
    assertEquals(0.4, p.x(4), 1e-9);
    assertEquals(1.2, p.x(20), 1e-9);
    assertTrue(p.walking(2));
    assertFalse(p.walking(4));
    assertEquals(0, p.arm(3), 1e-9);
    assertTrue(p.arm(4.5) > 0.5, "pointing in the middle of the gesture");
    assertThrows(IllegalArgumentException.class, () -> new Presenter(List.of(
        new Walk(1, 2, -0.2, 0.4), new Walk(2, 1, 0.4, 0.6)), List.of()));
  }

  @Test
  void casesWithoutAPresenterKeepTheSpecTextTheirCachedVideosWereMadeFrom() {
    // The text is hashed to tell whether a cached video is current.
    assertEquals("Overlays[speakerInset=true, cursor=false, noiseSigma=10.0]",
        new Overlays(true, false, 10).toString());
  }

  @Test
  void aSlidePlayingAClipIsOneSegmentAndNotClean() {
    Design photo = new Design(Layout.PHOTO, Theme.LIGHT, "T", List.of("a"), 1);
    Slide clip = new Slide(photo, 12, Reveal.CUT, 0, 3, List.of(),
        Live.CLIP_TALKING_HEAD_FREEZES);
    CaseSpec spec = spec(Overlays.NONE, plain(4), clip, plain(3));
    assertSpans(spec, 0, 4, 4, 16, 16, 19);
    assertFalse(spec.clean());
    assertTrue(Live.CLIP_TESTSRC2.clip());
    assertFalse(Live.PANNING_CHART.clip());
  }

  @Test
  void everyCorpusCaseIsValidAndHasSlides() {
    List<CaseSpec> all = Corpus.all();
    assertTrue(all.size() >= 15, "cases: " + all.size());
    assertEquals(all.size(), all.stream().map(CaseSpec::name).distinct().count());
    for (CaseSpec c : all) {
      assertFalse(c.truth().isEmpty(), c.name());
      assertTrue(c.durationSeconds() >= 40 && c.durationSeconds() <= 150, c.name());
    }
    assertTrue(all.stream().filter(CaseSpec::clean).count() >= 5);
  }
}
