package dev.slides.testing;

import dev.slides.LumaFrame;
import java.util.Random;

/** Small synthetic analysis frames (160x90) for detector tests that need no video. */
public final class LumaFrames {
  public static final int W = 160;
  public static final int H = 90;

  private LumaFrames() {}

  public static LumaFrame slide(int seed) {
    LumaFrame f = LumaFrame.filled(W, H, 240);
    Random r = new Random(seed);
    for (int line = 0; line < 5; line++) {
      int y = 15 + line * 14;
      for (int x = 10; x < 140; x++) {
        if (r.nextInt(3) == 0) {
          for (int dy = 0; dy < 6; dy++) {
            f.pixels()[(y + dy) * W + x] = 20;
          }
        }
      }
    }
    return f;
  }

  public static LumaFrame noise(int seed) {
    byte[] px = new byte[W * H];
    new Random(seed).nextBytes(px);
    return new LumaFrame(W, H, px);
  }

}
