package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.DetectorOptions;
import dev.slides.LumaFrame;
import dev.slides.SamplingOptions;
import dev.slides.Segment;
import dev.slides.SegmentDetector;
import dev.slides.SegmentKind;
import dev.slides.internal.detect.StirredCells;
import dev.slides.testing.Animations;
import dev.slides.testing.Canvas;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Skipping the stretches between keyframes that hold one still picture finds the same segments
 * as decoding every frame, while decoding much less.
 */
class StillStretchSkippingTest {
  private static final int W = 320;
  private static final int H = 180;

  @TempDir Path dir;

  record Run(List<Segment> segments, List<Double> times, List<LumaFrame> lumas,
             long framesDecoded, long frames) {}

  /** The same samples (times and pictures, byte for byte) and the same segments. */
  static void assertSameSamples(Run expected, Run actual) {
    assertEquals(expected.times(), actual.times());
    for (int i = 0; i < expected.lumas().size(); i++) {
      assertArrayEquals(expected.lumas().get(i).pixels(), actual.lumas().get(i).pixels(),
          "sample " + i + " at " + expected.times().get(i) + " s");
    }
    assertEquals(expected.segments(), actual.segments());
  }

  static Run run(Path video, boolean skip) throws IOException {
    return run(video, skip, GopScreen.KEPT_KEYFRAMES_BYTES);
  }

  /** {@link #run(Path, boolean)} with the screening keeping at most {@code kept} bytes. */
  static Run run(Path video, boolean skip, long kept) throws IOException {
    return run(video, skip, kept, SamplingOptions.defaults().samplesPerSecond());
  }

  /** {@link #run(Path, boolean, long)} at {@code rate} samples per second. */
  static Run run(Path video, boolean skip, long kept, double rate) throws IOException {
    SamplingOptions options = SamplingOptions.builder().decoders(2).decoderThreads(1)
        .skipStillStretches(skip).samplesPerSecond(rate).build();
    SegmentDetector detector = new SegmentDetector(DetectorOptions.defaults());
    List<Segment> segments = new ArrayList<>();
    List<Double> times = new ArrayList<>();
    List<LumaFrame> lumas = new ArrayList<>();
    try (VideoFrames frames = ParallelVideoFrames.open(video, options, kept)) {
      ParallelVideoFrames parallel = assertInstanceOf(ParallelVideoFrames.class, frames);
      VideoFrame f;
      while ((f = frames.next()) != null) {
        times.add(f.time());
        lumas.add(f.luma());
        segments.addAll(detector.push(f.time(), f.luma()));
      }
      segments.addAll(detector.finish(frames.info().durationSeconds()));
      long[] decoded = parallel.framesDecodedOfTotal();
      return new Run(segments, times, lumas, decoded[0], decoded[1]);
    }
  }

  /** Both runs have the same segments, kind by kind, one to one at IoU >= 0.9. */
  static void assertSameSegments(Run full, Run skipping) {
    String both = "full " + full.segments() + "\nskipping " + skipping.segments();
    assertEquals(full.segments().size(), skipping.segments().size(), both);
    for (int i = 0; i < full.segments().size(); i++) {
      Segment a = full.segments().get(i);
      Segment b = skipping.segments().get(i);
      assertEquals(a.kind(), b.kind(), both);
      double inter = Math.min(a.endTime(), b.endTime())
          - Math.max(a.startTime(), b.startTime());
      double union = Math.max(a.endTime(), b.endTime())
          - Math.min(a.startTime(), b.startTime());
      assertTrue(inter / union >= 0.9, "segment " + i + ": " + both);
    }
  }

  /**
   * Decodes {@code video} both ways: {@code statics} static segments decoding every frame, the
   * same segments skipping, from under {@code share} of the frames.
   */
  private static void assertSameSegmentsFromFewerFrames(Path video, int statics, double share)
      throws IOException {
    Run full = run(video, false);
    Run skipping = run(video, true);
    assertEquals(statics, statics(full), full.segments().toString());
    assertSameSegments(full, skipping);
    assertTrue(skipping.framesDecoded() < share * full.framesDecoded(),
        skipping.framesDecoded() + " of " + full.framesDecoded() + " frames decoded");
  }

  private static long statics(Run run) {
    return run.segments().stream().filter(s -> s.kind() == SegmentKind.STATIC).count();
  }

  @Test
  void aLectureWithAnInsetGivesTheSameSegmentsFromFarFewerFrames() throws IOException {
    // Keyframes every 3 s; long holds with a speaker inset moving all along, a crossfade, a
    // build that fades in, full-frame motion, a dark slide, and the first slide again.
    Canvas a = Slides.bullets(W, H, 1, "Alpha", 3);
    Canvas b = Slides.build(W, H, 2, "Beta", 2);
    Canvas built = Slides.build(W, H, 2, "Beta", 4);
    Path video = LectureVideo.builder(W, H, 10).gop(30).speakerInset(0.04)
        .slide(a, 14)
        .crossfade(1)
        .slide(b, 9)
        .scene(9, Animations.fadeIn(b, built, 0.8))
        .motion(4)
        .slide(Slides.dark(W, H, 3, "Gamma", 3), 12)
        .slide(a, 10)
        .write(dir.resolve("inset.mp4"));
    Run full = run(video, false);
    Run skipping = run(video, true);
    assertSameSegments(full, skipping);
    assertTrue(statics(full) >= 4, full.segments().toString());
    assertTrue(skipping.framesDecoded() < 0.7 * full.framesDecoded(),
        skipping.framesDecoded() + " of " + full.framesDecoded() + " frames decoded");
  }

  /**
   * Keyframes every 2 s, a speaker inset moving all along: a slide, 16 s of full-frame motion,
   * two more slides.
   */
  private Path slidesAroundMotionUnderAnInset() throws IOException {
    return LectureVideo.builder(W, H, 10).gop(20).speakerInset(0.04)
        .slide(Slides.bullets(W, H, 57, "Before", 3), 12)
        .motion(16)
        .slide(Slides.dark(W, H, 58, "After", 2), 13)
        .slide(Slides.bullets(W, H, 59, "Last", 4), 10)
        .write(dir.resolve("around-motion.mp4"));
  }

  @Test
  void keyframesTheScreeningDidNotKeepAreDecodedAgainToTheSameSamples() throws IOException {
    // The screening keeps keyframes' analysis frames within a budget of heap, and decoders
    // decode again those past it: for a chunk not decoded, for one inside motion, and for the
    // early end of a decoded one. With nothing kept: the same samples, more frames decoded.
    Path video = slidesAroundMotionUnderAnInset();
    Run kept = run(video, true);
    Run none = run(video, true, 0);
    assertSameSamples(kept, none);
    assertEquals(3, statics(kept), kept.segments().toString());
    assertTrue(none.framesDecoded() > kept.framesDecoded() + 10,
        none.framesDecoded() + " against " + kept.framesDecoded() + " frames decoded");
  }

  @Test
  void aBudgetOfAFewRawFramesKeepsEveryKeyframeCompressed() throws IOException {
    // The screening keeps chunks' keyframes compressed: a budget that held eight analysis
    // frames as raw pixels (an hour of lecture overran the 24 MB one by 571 keyframes, decoded
    // again by the decoders with a seek each) keeps all 27 of this lecture's (8-16 KB each
    // with the inset's noise), and nothing is decoded twice: the same frames decoded as with
    // no budget at all, the same samples.
    Path video = slidesAroundMotionUnderAnInset();
    Run unlimited = run(video, true, Long.MAX_VALUE);
    Run small = run(video, true, 8L * W * H);
    assertEquals(unlimited.framesDecoded(), small.framesDecoded());
    assertSameSamples(unlimited, small);
    // The lecture has far more chunks than eight, and they are decoded again past the budget.
    Run none = run(video, true, 0);
    assertTrue(none.framesDecoded() > unlimited.framesDecoded() + 10,
        none.framesDecoded() + " against " + unlimited.framesDecoded() + " frames decoded");
  }

  @Test
  void skippedSamplesShowWhatDecodingWouldHaveShown() throws IOException {
    // No inset: a skipped stretch's samples repeat its keyframe, which the detector cannot tell
    // from the frames decoding gives, at exactly the times decoding gives.
    Path video = LectureVideo.builder(W, H, 10).gop(25)
        .slide(Slides.bullets(W, H, 4, "One", 4), 15)
        .slide(Slides.dark(W, H, 5, "Two", 2), 12)
        .crossfade(1)
        .slide(Slides.bullets(W, H, 6, "Three", 3), 12)
        .write(dir.resolve("clean.mp4"));
    Run full = run(video, false);
    Run skipping = run(video, true);
    assertEquals(full.times(), skipping.times());
    for (int i = 0; i < full.lumas().size(); i++) {
      StirredCells diff = StirredCells.between(full.lumas().get(i), skipping.lumas().get(i));
      // The encoder keeps refining a still picture a little after its keyframe: a couple of
      // cells may stir, as few as the detector allows a picture at rest (3 % of the cells).
      assertTrue(diff.count() <= 0.03 * diff.cells(), "sample " + i + " at "
          + full.times().get(i) + " s differs in " + diff.count() + " cells");
    }
    assertSameSegments(full, skipping);
    assertTrue(skipping.framesDecoded() < 0.5 * full.framesDecoded(),
        skipping.framesDecoded() + " of " + full.framesDecoded() + " frames decoded");
  }

  @Test
  void samplesNotDecodedComeAtTheTimesDecodingGivesWhereNonReferenceFramesAreSkipped()
      throws IOException {
    // 25 fps with B-frames, sampled 1 and 2 times a second: decoding skips the B-frames, so a
    // grid point that falls on one is sampled on the next frame. Samples handed out without
    // decoding came at the B-frame's time instead, a frame early, and the detector's windows
    // count in time: the inset here (and on the corpus's speaker-inset case) then kept changing
    // for a frame less than the 3 s that make it an area to leave out, and the first slide
    // started a second late, after a moving segment.
    Path video = LectureVideo.builder(W, H, 25).gop(100).bFrames(2)
        .codec(LectureVideo.Codec.MPEG4).bitrate(300_000).speakerInset(0.04)
        .slide(Slides.bullets(W, H, 61, "First", 3), 14)
        .slide(Slides.dark(W, H, 62, "Second", 2), 12)
        .write(dir.resolve("bframes.mp4"));
    for (double rate : new double[] {1, 2}) {
      Run full = run(video, false, GopScreen.KEPT_KEYFRAMES_BYTES, rate);
      Run skipping = run(video, true, GopScreen.KEPT_KEYFRAMES_BYTES, rate);
      assertSameSegments(full, skipping);
      assertEquals(full.times(), skipping.times(), rate + " samples/s");
      assertTrue(skipping.framesDecoded() < 0.7 * full.framesDecoded(), rate + " samples/s: "
          + skipping.framesDecoded() + " of " + full.framesDecoded() + " frames decoded");
    }
  }

  @Test
  void aSlideShownBetweenTwoKeyframesOfTheSamePictureIsStillFound() throws IOException {
    // Keyframes every 12 s and none at cuts: slide B is shown for 2 s between two keyframes
    // that both show A. Only the packets tell: the cut to B and back makes two frames far
    // larger than the rest.
    Canvas a = Slides.bullets(W, H, 7, "Same", 3);
    Path video = LectureVideo.builder(W, H, 10).gop(120)
        .codec(LectureVideo.Codec.MPEG4).noSceneCutKeyframes()
        .slide(a, 17)
        .slide(Slides.dark(W, H, 8, "Between", 3), 2)
        .slide(a, 17)
        .write(dir.resolve("between.mp4"));
    Run full = run(video, false);
    Run skipping = run(video, true);
    assertEquals(3, statics(full), full.segments().toString());
    assertSameSegments(full, skipping);
  }

  @Test
  void cutsJustAfterAndJustBeforeKeyframesAndAFadeInsideAStretch() throws IOException {
    // Keyframes every 3 s exactly (none at cuts), two B-frames. The first cut comes one frame
    // after a keyframe, so that keyframe still shows the old slide and everything new lies
    // inside the stretch; the second comes one frame before a keyframe; a build step and a
    // 1-second crossfade fall inside stretches; the holds between are long enough to be
    // skipped.
    Canvas a = Slides.bullets(W, H, 11, "Alpha", 3);
    Canvas b = Slides.dark(W, H, 12, "Beta", 2);
    Canvas c = Slides.build(W, H, 13, "Gamma", 2);
    Canvas cBuilt = Slides.build(W, H, 13, "Gamma", 3);
    Canvas d = Slides.bullets(W, H, 14, "Delta", 4);
    Path video = LectureVideo.builder(W, H, 10).gop(30).bFrames(2)
        .codec(LectureVideo.Codec.MPEG4).noSceneCutKeyframes()
        .slide(a, 9.1)      // the keyframe at 9.0 shows A; B from the next frame
        .slide(b, 8.8)      // to 17.9: one frame before the keyframe at 18.0
        .slide(c, 6.0)      // to 23.9
        .slide(cBuilt, 5.0) // a build step one frame before the keyframe at 24.0 (merged into C)
        .crossfade(1)       // 28.9-29.9, inside the stretch 27-30
        .slide(d, 12)
        .write(dir.resolve("edges.mp4"));
    assertSameSegmentsFromFewerFrames(video, 4, 0.7);
  }

  @Test
  void aWordReplacedInOnePlaceBetweenEveryTwoKeyframesIsNotTakenForAnInset() throws IOException {
    assertEveryReplacedWordFound(Slides.bullets(W, H, 71, "Results", 4), 0x2050A0,
        "words.mp4");
  }

  @Test
  void aWordReplacedInOnePlaceOnAFaintSlideIsNotTakenForAnInset() throws IOException {
    assertEveryReplacedWordFound(Slides.faint(W, H, 71, "Results", 4), 0xC8C8C8,
        "faint-words.mp4");
  }

  /**
   * Keyframes every 10 s and none at cuts; each slide replaces one short word in the same place
   * below {@code base}'s lines, once between every two keyframes, so every keyframe pair
   * differs there and nowhere else, as under a speaker inset, yet the frames between are empty
   * but for the one replacing the word. Decoding every frame finds each word as a new slide;
   * skipping must not take the word for an inset and show it alternating.
   */
  private void assertEveryReplacedWordFound(Canvas base, int wordColour, String name)
      throws IOException {
    Path video = LectureVideo.builder(W, H, 10).gop(100)
        .codec(LectureVideo.Codec.MPEG4).noSceneCutKeyframes()
        .slide(withWord(base, "alpha", wordColour), 8)
        .slide(withWord(base, "bravo", wordColour), 6)
        .slide(withWord(base, "delta", wordColour), 7)
        .slide(withWord(base, "omega", wordColour), 14)
        .write(dir.resolve(name));
    Run full = run(video, false);
    Run skipping = run(video, true);
    assertEquals(4, statics(full), full.segments().toString());
    assertSameSegments(full, skipping);
  }

  /** {@code slide} with {@code word} in {@code rgb} at one place below its lines. */
  private static Canvas withWord(Canvas slide, String word, int rgb) {
    Canvas c = slide.copy();
    c.text(W * 2 / 3, H * 5 / 6, 2, word, rgb);
    return c;
  }

  @Test
  void aPointerWanderingOverSlidesChangesNoSegment() throws IOException {
    // A mouse pointer moves all the time, over holds long enough to skip, and the slides change
    // by cuts and a crossfade: the pointer's trail between keyframes must not hide a change, and
    // the stretches it stirs must be judged as decoding every frame would.
    Canvas a = Slides.bullets(W, H, 21, "Pointer", 3);
    Canvas b = Slides.build(W, H, 22, "Shown", 2);
    Canvas built = Slides.build(W, H, 22, "Shown", 3);
    Path video = LectureVideo.builder(W, H, 10).gop(30).pointer()
        .slide(a, 13)
        .slide(b, 10)
        .slide(built, 10)
        .crossfade(1)
        .slide(a, 12)
        .write(dir.resolve("pointer.mp4"));
    Run full = run(video, false);
    Run skipping = run(video, true);
    assertEquals(3, statics(full), full.segments().toString()); // the build merges into B
    assertSameSegments(full, skipping);
  }

  @Test
  void decodingAStretchStopsOnceItShowsTheNextKeyframesPicture() throws IOException {
    // Keyframes every 12 s, none at cuts, a speaker inset moving all along: the cut at 13 s
    // falls inside the stretch 12-24 s, which must be decoded up to the cut and a little past
    // it, but not to its end: from there on its frames show the keyframe at 24 s (apart from
    // the inset). The stretches 24-60 s hold B and are skipped; the last is decoded whole.
    Path video = LectureVideo.builder(W, H, 10).gop(120).speakerInset(0.04)
        .codec(LectureVideo.Codec.MPEG4).noSceneCutKeyframes()
        .slide(Slides.bullets(W, H, 31, "Before", 3), 13)
        .slide(Slides.dark(W, H, 32, "After", 2), 59)
        .write(dir.resolve("settles.mp4"));
    // Decoding the stretch 12-24 s to its end would make it over a third of the frames.
    assertSameSegmentsFromFewerFrames(video, 2, 0.3);
  }

  @Test
  void theFirstStretchStopsOnceItShowsTheNextKeyframesPicture() throws IOException {
    // Keyframes every 12 s, a speaker inset moving all along, the first slide held 30 s. The
    // first stretch (0-12 s) is always decoded, as the detector starts there knowing nothing,
    // but it needs no more than its first seconds: then it shows the keyframe at 12 s. The
    // other three are decoded (too few keyframe pairs on their sides show the inset in place).
    Path video = LectureVideo.builder(W, H, 10).gop(120).speakerInset(0.04)
        .codec(LectureVideo.Codec.MPEG4).noSceneCutKeyframes()
        .slide(Slides.bullets(W, H, 35, "Opening", 3), 30)
        .slide(Slides.dark(W, H, 36, "Next", 2), 18)
        .write(dir.resolve("opening.mp4"));
    // Decoding the first stretch to its end would decode every frame.
    assertSameSegmentsFromFewerFrames(video, 2, 0.85);
  }

  @Test
  void decodingAStretchThatEndsAtACutStopsOnceItsNewPictureIsAtRest() throws IOException {
    // Keyframes every 12 s, none at cuts, a speaker inset moving all along. The stretch 12-24 s
    // holds a cut at 13 s and another onto the keyframe at 24 s: it is decoded past the first
    // until the new picture has rested a second, and no frame left before 24 s is larger
    // than a still picture's; the rest shows that picture. The stretches 24-60 s hold C.
    Path video = LectureVideo.builder(W, H, 10).gop(120).speakerInset(0.04)
        .codec(LectureVideo.Codec.MPEG4).noSceneCutKeyframes()
        .slide(Slides.bullets(W, H, 37, "First", 3), 13)
        .slide(Slides.dark(W, H, 38, "Second", 2), 11)
        .slide(Slides.bullets(W, H, 39, "Third", 4), 48)
        .write(dir.resolve("cut-end.mp4"));
    // 164 of 725 frames decoded; decoding the second stretch to its end, 261.
    assertSameSegmentsFromFewerFrames(video, 3, 0.3);
  }

  @Test
  void aCutInsideAStretchWhoseNextKeyframeShowsTheNewSlideIsFoundWhereItIs() throws IOException {
    // Keyframes every 6 s, none at cuts. A cut from A to B at 27 s falls inside the stretch
    // 24-30 s, whose keyframes show A and B: as if A held up to a cut onto the keyframe at
    // 30 s, unless a frame inside says otherwise. Most still stretches hold a flash (another
    // picture for 0.3 s, which the detector ignores), so a still picture's largest frame is
    // as large as the cut's: only the cut's size against its own stretch tells (as with an
    // encoder that spends large frames on still pictures, x264 re-encoding a stream).
    Canvas a = Slides.bullets(W, H, 61, "Alpha", 3);
    Canvas c = Slides.bullets(W, H, 63, "Gamma", 4);
    Canvas flash = Slides.bullets(W, H, 64, "Flash", 5);
    Path video = LectureVideo.builder(W, H, 10).gop(60)
        .codec(LectureVideo.Codec.MPEG4).noSceneCutKeyframes()
        .slide(a, 8).slide(flash, 0.3).slide(a, 5.7)
        .slide(flash, 0.3).slide(a, 12.7) // to 27 s
        .slide(Slides.dark(W, H, 62, "Beta", 2), 9) // to 36 s, a cut onto that keyframe
        .slide(c, 2).slide(flash, 0.3).slide(c, 5.7)
        .slide(flash, 0.3).slide(c, 9.7)
        .write(dir.resolve("cut-inside.mp4"));
    Run full = run(video, false);
    Run skipping = run(video, true);
    assertEquals(3, statics(full), full.segments().toString());
    assertSameSegments(full, skipping);
  }

  @Test
  void theStretchesNextToTheFirstAndTheLastAreNotDecodedUnderAnInset() throws IOException {
    // Keyframes every 6 s, none at cuts, a speaker inset moving all along; a cut onto the
    // keyframe at 12 s. Next to the first stretch and the last, the inset is seen in place
    // between two keyframe pairs on one side only: the stretch 6-12 s holds A up to the cut,
    // and 36-42 s holds B.
    Path video = LectureVideo.builder(W, H, 10).gop(60).speakerInset(0.04)
        .codec(LectureVideo.Codec.MPEG4).noSceneCutKeyframes()
        .slide(Slides.bullets(W, H, 57, "Opening", 3), 12)
        .slide(Slides.dark(W, H, 58, "Closing", 2), 36)
        .write(dir.resolve("ends.mp4"));
    // 82 of 487 frames decoded; decoding the second and the second-to-last too, 157.
    assertSameSegmentsFromFewerFrames(video, 2, 0.22);
  }

  @Test
  void theInsideOfLongMotionIsNotDecoded() throws IOException {
    // Keyframes every 2 s; 20 s of full-frame motion between slides. Its inside, from its
    // first keyframe to 6 s before it ends, is shown to the detector as the keyframes there,
    // alternating: the same segments, from far fewer frames.
    Path video = LectureVideo.builder(W, H, 10).gop(20)
        .slide(Slides.bullets(W, H, 41, "Before", 3), 10)
        .motion(20)
        .slide(Slides.dark(W, H, 42, "After", 2), 10)
        .slide(Slides.bullets(W, H, 43, "Last", 4), 8)
        .write(dir.resolve("motion.mp4"));
    assertSameSegmentsFromFewerFrames(video, 3, 0.45);
  }

  @Test
  void motionThatStartsBetweenKeyframesOrOutOfAFadeIsSkippedFromItsFirstKeyframe()
      throws IOException {
    // Keyframes every 2 s and none at cuts, a speaker inset on the slides: motion starts 1.3 s
    // after a keyframe, then (after a slide) out of a crossfade, then a pattern that evolves
    // over the whole frame starts at a keyframe. Chunks inside motion are skipped from the
    // first one that starts after it began: the departure from the slide and the first moving
    // samples before it are decoded, and from every sample to the next most of the frame
    // changes either way.
    Path video = LectureVideo.builder(W, H, 10).gop(20).speakerInset(0.04)
        .codec(LectureVideo.Codec.MPEG4).noSceneCutKeyframes()
        .slide(Slides.bullets(W, H, 51, "Before", 3), 9.3)
        .motion(14)
        .slide(Slides.dark(W, H, 52, "Between", 2), 9.7)
        .crossfade(1)
        .motion(12)
        .slide(Slides.bullets(W, H, 53, "Again", 4), 10)
        .scene(14, Animations.evolvingPattern(W, H, 54))
        .slide(Slides.dark(W, H, 55, "Last", 3), 10)
        .write(dir.resolve("starts.mp4"));
    assertSameSegmentsFromFewerFrames(video, 4, 0.7);
  }

  @Test
  void aSlideShownForAMomentInsideMotionIsStillFound() throws IOException {
    // 1.5 s of a still slide between two stretches of motion, keyframes 2 s apart: every
    // keyframe pair around it changed, but the small frames of the pause keep its
    // neighbourhood decoded.
    Path video = LectureVideo.builder(W, H, 10).gop(20)
        .slide(Slides.bullets(W, H, 44, "Before", 3), 10)
        .motion(12)
        .slide(Slides.dark(W, H, 45, "Moment", 2), 1.5)
        .motion(12)
        .slide(Slides.bullets(W, H, 46, "After", 2), 10)
        .write(dir.resolve("moment.mp4"));
    Run full = run(video, false);
    Run skipping = run(video, true);
    assertEquals(3, statics(full), full.segments().toString());
    assertSameSegments(full, skipping);
  }

  @Test
  void motionOverPartOfTheFrameAndMotionEndingInACrossfadeGiveTheSameSegments() throws IOException {
    // A demo playing in the left 45 % and then 60 % of the frame over a slide, then motion
    // over the whole frame that ends in a crossfade, with a speaker inset all along: around
    // the share the detector may leave out as an area that keeps changing (40 %), and an end
    // of motion the packets show late.
    Canvas behind = Slides.bullets(W, H, 47, "Demo", 2);
    Path video = LectureVideo.builder(W, H, 10).gop(20).speakerInset(0.04)
        .slide(behind, 8)
        .partialMotion(behind, 18, 0.45)
        .slide(Slides.bullets(W, H, 48, "Between", 3), 8)
        .partialMotion(behind, 18, 0.6)
        .motion(16)
        .crossfade(1)
        .slide(Slides.dark(W, H, 49, "After", 2), 10)
        .write(dir.resolve("partial.mp4"));
    Run full = run(video, false);
    Run skipping = run(video, true);
    assertSameSegments(full, skipping);
  }

  @Test
  void stretchesBetweenKeyframesUnderTwoSecondsApartAreJudgedOneByOne() throws IOException {
    // Keyframes every 1.5 s, none at cuts, a speaker inset moving all along, crossfades across
    // keyframes. Decoders take stretches of at least 2 s (two keyframe pairs here); the
    // screening judges each keyframe pair on its own: of a 3-s stretch with a crossfade in
    // its second half, the first half holds the slide before and is not decoded.
    Path video = LectureVideo.builder(W, H, 10).gop(15).speakerInset(0.04)
        .codec(LectureVideo.Codec.MPEG4).noSceneCutKeyframes()
        .slide(Slides.bullets(W, H, 81, "Alpha", 3), 9.8).crossfade(2)
        .slide(Slides.dark(W, H, 82, "Beta", 2), 14.5).crossfade(1.5)
        .slide(Slides.bullets(W, H, 83, "Gamma", 4), 13.2).crossfade(2.5)
        .slide(Slides.dark(W, H, 84, "Delta", 3), 12.1).crossfade(1)
        .slide(Slides.bullets(W, H, 85, "Epsilon", 5), 12)
        .write(dir.resolve("close-keyframes.mp4"));
    // 282 of 708 frames decoded; judging stretches of two keyframe pairs, 370.
    assertSameSegmentsFromFewerFrames(video, 5, 0.45);
  }

  @Test
  void cheapMotionBetweenKeyframesUnderTwoSecondsApartIsNotTakenForStillPictures()
      throws IOException {
    // A slow pan over the whole frame at a low rate, keyframes every 1.5 s, a speaker inset:
    // the encoder spends no more on a frame of the pan than on the inset's frames over a
    // still slide. A keyframe pair inside the pan ends at a picture far from its first, like
    // a cut, and its frames are as small as a still picture's: taken as holding its first
    // picture up to a cut, the pan became four static segments 1.5 s long. It starts on a
    // keyframe that itself differs much from the one before, which a picture that held up
    // to a cut never does.
    Canvas wide = new Canvas(3 * W, H).paste(Slides.bullets(W, H, 74, "Table", 5), 0, 0)
        .paste(Slides.dark(W, H, 77, "Middle", 4), W, 0)
        .paste(Slides.bullets(W, H, 78, "End", 6), 2 * W, 0);
    Path video = LectureVideo.builder(W, H, 10).gop(15).speakerInset(0.04)
        .codec(LectureVideo.Codec.MPEG4).noSceneCutKeyframes().bitrate(40_000)
        .slide(Slides.bullets(W, H, 75, "Alpha", 3), 12)
        .scene(15, t -> new Canvas(W, H).paste(wide, -(int) Math.round(t * 20), 0))
        .slide(Slides.dark(W, H, 79, "Omega", 2), 12)
        .write(dir.resolve("cheap-pan.mp4"));
    Run full = run(video, false);
    Run skipping = run(video, true);
    assertEquals(2, statics(full), full.segments().toString());
    assertSameSegments(full, skipping);
  }
}
