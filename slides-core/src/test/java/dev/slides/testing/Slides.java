package dev.slides.testing;

/** Slide images for fixtures: a title, bullet lines, light or dark theme. */
public final class Slides {
  public static final int LIGHT = 0xFAFAFA;
  public static final int DARK = 0x1E1E28;

  private Slides() {}

  /** A light slide with a title and {@code bullets} lines of text derived from {@code seed}. */
  public static Canvas bullets(int width, int height, int seed, String title, int bullets) {
    return themed(width, height, seed, title, bullets, LIGHT, 0x202020, 0x2050A0);
  }

  /** The same layout on a dark background with light text. */
  public static Canvas dark(int width, int height, int seed, String title, int bullets) {
    return themed(width, height, seed, title, bullets, DARK, 0xDCDCDC, 0x80B0FF);
  }

  /** A faint slide: light grey text on white (title 0xC8C8C8, lines 0xE4E4E4). */
  public static Canvas faint(int width, int height, int seed, String title, int bullets) {
    return themed(width, height, seed, title, bullets, 0xFFFFFF, 0xE4E4E4, 0xC8C8C8);
  }

  /**
   * A slide whose bullets 1..{@code shown} of {@code total} are visible: the frames of a build
   * that reveals one bullet at a time.
   */
  public static Canvas build(int width, int height, int seed, String title, int shown) {
    return themed(width, height, seed, title, shown, LIGHT, 0x202020, 0x2050A0);
  }

  /** One colour, with a small title in white (for colour checks). */
  public static Canvas solid(int width, int height, int rgb, String title) {
    Canvas c = new Canvas(width, height).fill(rgb);
    c.text(width / 20, height / 20, Math.max(1, height / 120), title, 0xFFFFFF);
    return c;
  }

  private static Canvas themed(int width, int height, int seed, String title, int bullets,
                               int background, int ink, int accent) {
    Canvas c = new Canvas(width, height).fill(background);
    int unit = Math.max(1, height / 90);
    c.text(width / 12, height / 10, unit * 2, title, accent);
    java.util.Random words = new java.util.Random(seed);
    for (int i = 0; i < bullets; i++) {
      int y = height / 4 + i * unit * 12;
      c.rect(width / 12, y + unit * 2, unit * 3, unit * 3, accent);
      StringBuilder line = new StringBuilder();
      int length = 14 + words.nextInt(12);
      for (int k = 0; k < length; k++) {
        line.append(k % 6 == 5 ? ' ' : (char) ('a' + words.nextInt(26)));
      }
      c.text(width / 12 + unit * 6, y, unit, line.toString(), ink);
    }
    return c;
  }
}
