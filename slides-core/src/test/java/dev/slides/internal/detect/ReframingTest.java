package dev.slides.internal.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.DetectorOptions;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The test Reframing makes before any fit ({@code cannotShow}) only turns away what the fit
 * would: a picture reframed at the edge of the rates still opens a chain, a presenter who
 * walked over a slide is told without one.
 */
class ReframingTest {
  private static final int W = 320;
  private static final int H = 180;

  private final Tuning tuning = new Tuning(DetectorOptions.defaults());
  private final CellGrid grid = new CellGrid(W, H, tuning);

  @Test
  void aPictureReframedAtTheEdgeOfTheRatesOpensAChain() {
    byte[] before = photo();
    double zoom = 0.9 * tuning.maxReframeZoomRate();
    double shift = 0.9 * tuning.maxReframeShiftRate() * W;
    double[][] moves = {
        {zoom, 0, 0}, {-zoom, 0, 0}, {0, shift, 0}, {0, -shift, 0}, {0, 0, shift},
        {zoom, shift * 0.7, -shift * 0.7}, {-zoom, -shift * 0.7, shift * 0.7}};
    for (double[] m : moves) {
      byte[] px = reframed(before, Math.exp(m[0]), m[1], m[2]);
      String move = Arrays.toString(m);
      assertFalse(new Reframing(grid, tuning).cannotShow(before, px, 1.0), move);
      assertTrue(new Reframing(grid, tuning).opens(0, before, 0, before, 1.0, px), move);
    }
  }

  @Test
  void aPresenterWhoWalkedOverTheSlideIsToldWithoutAFit() {
    byte[] before = slideWithPresenterAt(40);
    byte[] px = slideWithPresenterAt(150);
    assertTrue(new Reframing(grid, tuning).cannotShow(before, px, 1.0));
    assertFalse(new Reframing(grid, tuning).opens(0, before, 0, before, 1.0, px));
  }

  /**
   * Reframing's rounding of a grey level is Math.round on the whole range: at and around every
   * half and every whole level, at the ends, and at random.
   */
  @Test
  void roundingAGreyLevelIsMathRound() {
    for (int k = 0; k <= 255; k++) {
      for (double v : new double[] {k, k + 0.5, k - 0.5}) {
        double down = v;
        double up = v;
        for (int i = 0; i < 4; i++) {
          check(down);
          check(up);
          down = Math.nextDown(down);
          up = Math.nextUp(up);
        }
      }
    }
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 1_000_000; i++) {
      check(random.nextDouble(0, 255));
    }
  }

  private static void check(double v) {
    if (v >= 0 && v <= 255) {
      assertEquals(Math.round(v), Reframing.round(v), () -> Double.toString(v));
    }
  }

  /**
   * A photo: smooth shading at a few scales, a few round shapes, and small sharp specks (a
   * speck moved by a few pixels lies beyond what is near it before: the bounds must reach as
   * far as the rates let a pixel move).
   */
  private static byte[] photo() {
    byte[] px = new byte[W * H];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        double v = 128 + 40 * Math.sin(x / 23.0) * Math.cos(y / 17.0)
            + 25 * Math.sin((x + 2 * y) / 9.0) + 15 * Math.cos((3 * x - y) / 13.0);
        if (Math.hypot(x - 100, y - 90) < 30) {
          v -= 50;
        }
        if (Math.hypot(x - 230, y - 60) < 22) {
          v += 50;
        }
        if (x % 13 < 2 && y % 11 < 2) {
          v = (x / 13 + y / 11) % 2 == 0 ? 250 : 5;
        }
        px[y * W + x] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
      }
    }
    return px;
  }

  /**
   * {@code picture} reframed: each pixel p shows it at c + s (p - c) + (tx, ty), c the middle
   * of the frame, bilinearly, as Reframing models it; the edge repeats where that is outside.
   */
  private static byte[] reframed(byte[] picture, double s, double tx, double ty) {
    byte[] px = new byte[W * H];
    double cx = (W - 1) / 2.0;
    double cy = (H - 1) / 2.0;
    for (int y = 0; y < H; y++) {
      double oy = Math.max(0, Math.min(H - 1, cy + s * (y - cy) + ty));
      int y0 = Math.min(H - 2, (int) oy);
      double fy = oy - y0;
      for (int x = 0; x < W; x++) {
        double ox = Math.max(0, Math.min(W - 1, cx + s * (x - cx) + tx));
        int x0 = Math.min(W - 2, (int) ox);
        double fx = ox - x0;
        int i = y0 * W + x0;
        double top = (picture[i] & 0xFF) * (1 - fx) + (picture[i + 1] & 0xFF) * fx;
        double bottom = (picture[i + W] & 0xFF) * (1 - fx) + (picture[i + W + 1] & 0xFF) * fx;
        px[y * W + x] = (byte) Math.round(top * (1 - fy) + bottom * fy);
      }
    }
    return px;
  }

  /**
   * A light slide with lines of dark text, and a presenter (dark, 40 pixels wide, the lower
   * two thirds of the frame) standing at {@code left}.
   */
  private static byte[] slideWithPresenterAt(int left) {
    byte[] px = new byte[W * H];
    Arrays.fill(px, (byte) 235);
    for (int line = 0; line < 5; line++) {
      for (int y = 20 + 30 * line; y < 28 + 30 * line; y++) {
        for (int x = 30; x < 290; x++) {
          if ((x / 4) % 3 != 0) {
            px[y * W + x] = (byte) 40;
          }
        }
      }
    }
    for (int y = 60; y < H; y++) {
      for (int x = left; x < left + 40; x++) {
        px[y * W + x] = (byte) (70 + (x + y) % 9);
      }
    }
    return px;
  }
}
