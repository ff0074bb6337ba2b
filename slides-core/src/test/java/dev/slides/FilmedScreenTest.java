package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A camera filming a projected screen, pushed as analysis frames (320x180, no encoder): the
 * projector's lower contrast, sensor grain, an exposure that drifts and hunts after each slide
 * change, and heads of an audience moving along the bottom edge.
 */
class FilmedScreenTest {
  private static final int W = 320;
  private static final int H = 180;
  private static final double SLIDE_SECONDS = 8;

  /** A light slide with six lines of dark blocky "text". */
  private static byte[] slide(int seed) {
    byte[] p = new byte[W * H];
    Random r = new Random(seed);
    Arrays.fill(p, (byte) 235);
    for (int line = 0; line < 6; line++) {
      int y = 30 + line * 20;
      for (int x = 30; x < 70 + r.nextInt(200); x++) {
        if (r.nextInt(3) > 0) {
          for (int k = 0; k < 8; k++) {
            p[(y + k) * W + x] = 40;
          }
        }
      }
    }
    return p;
  }

  /**
   * {@code slide} as the camera sees it at {@code t}: in the projector's range (26 + 0.8 of each
   * grey level), times {@code gain}, with Gaussian grain of {@code grain} grey levels, and,
   * when {@code heads}, a dark shape 60 pixels wide along the bottom 30 rows moving to and fro.
   */
  private static LumaFrame filmed(byte[] slide, double gain, double grain, boolean heads,
      double t, Random random) {
    byte[] p = new byte[W * H];
    for (int i = 0; i < p.length; i++) {
      double v = (26 + 0.8 * (slide[i] & 0xFF)) * gain + grain * random.nextGaussian();
      p[i] = (byte) Math.max(0, Math.min(255, Math.round(v)));
    }
    if (heads) {
      int x0 = (int) (140 + 100 * Math.sin(t * 1.3));
      for (int y = H - 30; y < H; y++) {
        Arrays.fill(p, y * W + x0, y * W + x0 + 60, (byte) 20);
      }
    }
    return new LumaFrame(W, H, p);
  }

  /** Four slides of 8 s each, cut from one to the next, filmed; the segments found. */
  private static List<Segment> detect(SegmentDetector detector, double rate, boolean hunting,
      double grain, boolean heads) {
    Random random = new Random(5);
    byte[][] slides = {slide(1), slide(2), slide(3), slide(4)};
    List<Segment> out = new ArrayList<>();
    for (int i = 0; i < slides.length * SLIDE_SECONDS * rate; i++) {
      double t = i / rate;
      int s = (int) (t / SLIDE_SECONDS);
      double since = t - s * SLIDE_SECONDS;
      // Drifting by 3 % over seconds, overshooting by 8 % after each change and settling.
      double gain = hunting ? 1 + 0.03 * Math.sin(2 * Math.PI * t / 9)
          + 0.08 * Math.exp(-since / 0.4) * Math.cos(2 * Math.PI * since / 0.9) : 1;
      out.addAll(detector.push(t, filmed(slides[s], gain, grain, heads, t, random)));
    }
    out.addAll(detector.finish(slides.length * SLIDE_SECONDS));
    return out;
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4})
  void anExposureThatDriftsAndHuntsAfterEachCutBreaksNoSlide(double rate) {
    // Against the picture a slide started with, the hunt and the drift change a light slide by
    // up to 25 grey levels everywhere; with the grain, enough pixels cross the slide threshold
    // to split the first slide (before: 0-6 s and 6-8 s at 1 and 4 per second) or to take the
    // start of the last one for motion (2 per second).
    List<Segment> segments = detect(new SegmentDetector(DetectorOptions.defaults()), rate, true,
        2, false);
    assertEquals(4, segments.size(), segments.toString());
    for (int i = 0; i < 4; i++) {
      Segment s = segments.get(i);
      assertEquals(SegmentKind.STATIC, s.kind(), segments.toString());
      assertEquals(i * SLIDE_SECONDS, s.startTime(), 1e-9, segments.toString());
      assertEquals((i + 1) * SLIDE_SECONDS, s.endTime(), 1e-9, segments.toString());
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 4})
  void grainBesideHeadsThatNeverStopMovingIsLearnedAsTheVideosNoise(double rate) {
    // The heads change cells in every sample pair, so no pair is still over the whole frame;
    // measured outside them (an area the slide leaves out), the grain is the video's noise and
    // the rest limit follows it (before: the fixed 0.7 to the end).
    SegmentDetector detector = new SegmentDetector(DetectorOptions.defaults());
    List<Segment> segments = detect(detector, rate, false, 1.5, true);
    assertEquals(4, segments.size(), segments.toString());
    double limit = detector.lastStats().restLimit();
    assertTrue(limit > 0.75, "rest limit " + limit + ", mean difference "
        + detector.lastStats().meanDifference());
  }
}
