package dev.slides.bench.accuracy;

import dev.slides.bench.accuracy.CaseSpec.Motion;
import dev.slides.testing.Canvas;
import java.io.IOException;
import java.util.Locale;
import java.util.Random;

/**
 * Frames of a stretch of full-frame motion: read from an FFmpeg lavfi source where FFmpeg has
 * one ({@code testsrc2}, {@code life}, {@code cellauto}, {@code mandelbrot}), drawn here
 * otherwise. Frames are asked for in order.
 */
final class MotionRenderer {
  private MotionRenderer() {}

  static CaseRenderer.PartRenderer create(Motion motion, int width, int height, int fps,
                                          int frames, long seed) {
    return switch (motion.kind()) {
      case TESTSRC2 -> new Lavfi(String.format(Locale.ROOT, "testsrc2=s=%dx%d:r=%d",
          width, height, fps), width, height, frames);
      case LIFE -> new Lavfi(String.format(Locale.ROOT,
          "life=s=%dx%d:mold=10:r=%d:ratio=0.1:seed=%d:death_color=#101010:life_color=#e0e0e0",
          width, height, fps, Math.floorMod(seed, 1_000_000)), width, height, frames);
      case CELLAUTO -> new Lavfi(String.format(Locale.ROOT,
          "cellauto=s=%dx%d:r=%d:rule=30:ratio=0.3:seed=%d:start_full=1,"
              + "scale=%d:%d:flags=neighbor", width / 2, height / 2, fps,
          Math.floorMod(seed, 1_000_000), width, height), width, height, frames);
      // The default zoom (about fourfold in ten seconds); a faster one soon fills the frame
      // with one colour and takes minutes to render.
      case MANDELBROT -> new Lavfi(String.format(Locale.ROOT,
          "mandelbrot=s=%dx%d:r=%d:maxiter=1000,scale=%d:%d", width / 2, height / 2, fps, width,
          height), width, height, frames);
      case NOISE -> new Noise(width, height, seed);
      case SCROLLING_TEXT -> new ScrollingText(width, height, fps, seed);
      case CAMERA_PAN -> new CameraPan(width, height, fps, seed);
      case TALKING_HEAD -> new TalkingHead(width, height, fps);
      case SNOW -> new Particles(width, height, fps, seed, ParticleStyle.SNOW);
      case CONFETTI -> new Particles(width, height, fps, seed, ParticleStyle.CONFETTI);
      case SPARSE_DOTS -> new Particles(width, height, fps, seed, ParticleStyle.DOTS);
      case EVOLVING_PATTERN -> new EvolvingPattern(width, height, fps, seed);
      case KEN_BURNS -> new KenBurns(width, height, frames, seed);
    };
  }

  /** Frames read from an {@code ffmpeg -f lavfi} subprocess; the last one is kept. */
  private static final class Lavfi implements CaseRenderer.PartRenderer {
    private final String graph;
    private final int frames;
    private final Canvas current;
    private FfmpegCli.RawReader reader;
    private int read = -1;

    Lavfi(String graph, int width, int height, int frames) {
      this.graph = graph;
      this.frames = frames;
      this.current = new Canvas(width, height);
    }

    @Override
    public void render(int frame, Canvas out) throws IOException {
      if (reader == null && read < 0) {
        reader = FfmpegCli.lavfi(graph, current.width, current.height, frames);
      }
      while (read < frame) {
        reader.read(current);
        read++;
        if (read == frames - 1) {
          reader.close();
          reader = null;
        }
      }
      Raster.copy(current, out);
    }

    @Override
    public void close() {
      if (reader != null) {
        reader.close();
        reader = null;
      }
    }
  }

  /** Fresh uniform noise in every pixel and channel, every frame. */
  private static final class Noise implements CaseRenderer.PartRenderer {
    private final byte[] table;
    private final Random random;

    Noise(int width, int height, long seed) {
      random = new Random(seed);
      table = new byte[width * height * 3 + 65536];
      random.nextBytes(table);
    }

    @Override
    public void render(int frame, Canvas out) {
      byte[] o = out.bgr();
      int a = random.nextInt(65536);
      int b = (a + 1 + random.nextInt(65535)) % 65536;
      for (int i = 0; i < o.length; i++) {
        o[i] = (byte) (table[a + i] ^ table[b + i]);
      }
    }
  }

  /** Light text on a dark page, scrolling up like credits or a terminal. */
  private static final class ScrollingText implements CaseRenderer.PartRenderer {
    private final Canvas page;
    private final int fps;
    private final int speed;

    ScrollingText(int width, int height, int fps, long seed) {
      this.fps = fps;
      this.speed = height / 8;
      Random random = new Random(seed);
      int scale = Math.max(2, height / 180);
      int lineHeight = 10 * scale;
      page = new Canvas(width, height * 3).fill(0x101418);
      for (int y = scale * 2; y < page.height - lineHeight; y += lineHeight) {
        page.text(width / 16, y, scale, Corpus.words(random, 20 + random.nextInt(40)),
            random.nextInt(5) == 0 ? 0x80C0FF : 0xD0D0D0);
      }
    }

    @Override
    public void render(int frame, Canvas out) {
      int offset = (int) ((long) frame * speed / fps % page.height);
      int first = Math.min(out.height, page.height - offset);
      Raster.copyRegion(page, 0, offset, out.width, first, out, 0, 0);
      Raster.copyRegion(page, 0, 0, out.width, out.height - first, out, 0, first);
    }
  }

  /** A camera drifting over a photo-like landscape. */
  private static final class CameraPan implements CaseRenderer.PartRenderer {
    private final Canvas photo;
    private final int fps;
    private final double speed;
    private final int width;
    private final int height;

    CameraPan(int width, int height, int fps, long seed) {
      this.width = width;
      this.height = height;
      this.fps = fps;
      this.speed = width / 25.0;
      photo = Raster.photo(width * 2, height * 3 / 2, seed);
    }

    @Override
    public void render(int frame, Canvas out) {
      double t = (double) frame / fps;
      double travel = width;
      double phase = (t * speed) % (2 * travel);
      int x = (int) Math.round(phase < travel ? phase : 2 * travel - phase);
      int y = (int) Math.round((height / 4.0) * (1 + Math.sin(t * 0.4)));
      Raster.copyRegion(photo, x, y, width, height, out, 0, 0);
    }
  }

  /**
   * A photo under a slow Ken Burns move: the window onto it shrinks from the whole photo to
   * four fifths of it (a zoom in by a quarter) while its middle drifts right and up by a tenth
   * of the photo's width, at an even pace, sampled between pixels.
   */
  private static final class KenBurns implements CaseRenderer.PartRenderer {
    private final Canvas photo;
    private final int frames;
    private final int width;
    private final int height;

    KenBurns(int width, int height, int frames, long seed) {
      this.width = width;
      this.height = height;
      this.frames = frames;
      photo = Raster.photo(width * 5 / 4 + 4, height * 5 / 4 + 4, seed);
    }

    @Override
    public void render(int frame, Canvas out) {
      double q = frames <= 1 ? 0 : (double) frame / (frames - 1);
      double step = 1.25 / (1 + 0.25 * q);
      double cx = photo.width * (0.5 + 0.08 * q);
      double cy = photo.height * (0.5 - 0.05 * q);
      double x0 = Math.max(0, Math.min(photo.width - 1 - width * step, cx - width * step / 2));
      double y0 = Math.max(0, Math.min(photo.height - 1 - height * step,
          cy - height * step / 2));
      Raster.resample(photo, x0, y0, step, null, out);
    }
  }

  /** A head and shoulders filling the frame: swaying, talking, blinking. */
  private static final class TalkingHead implements CaseRenderer.PartRenderer {
    private final Canvas wall;
    private final int fps;

    TalkingHead(int width, int height, int fps) {
      this.fps = fps;
      Canvas low = new Canvas(4, 4);
      int[] corners = {0x8C7B6A, 0x6E6258, 0x5A5148, 0x9A8A78};
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 4; x++) {
          low.rect(x, y, 1, 1, Raster.mix(Raster.mix(corners[0], corners[1], x / 3.0),
              Raster.mix(corners[2], corners[3], x / 3.0), y / 3.0));
        }
      }
      wall = new Canvas(width, height);
      Raster.upscale(low, wall);
      wall.rect(width * 3 / 4, height / 8, width / 6, height / 2, 0x4A3F36); // a bookshelf
      for (int i = 0; i < 8; i++) {
        wall.rect(width * 3 / 4 + 6, height / 8 + 8 + i * height / 17, width / 6 - 12,
            height / 40, 0x7A3020 + i * 0x081808);
      }
    }

    @Override
    public void render(int frame, Canvas out) {
      double t = (double) frame / fps;
      int w = out.width;
      int h = out.height;
      Raster.copy(wall, out);
      double sway = w * 0.04 * Math.sin(t * 1.3) + w * 0.01 * Math.sin(t * 3.7);
      double nod = h * 0.02 * Math.sin(t * 2.3);
      double cx = w * 0.45 + sway;
      double cy = h * 0.42 + nod;
      double rx = h * 0.2;
      double ry = h * 0.26;
      Raster.fillEllipse(out, cx + sway * 0.3, h * 1.05, w * 0.3, h * 0.38, 0x2B3A55);
      Raster.fillEllipse(out, cx, cy + ry * 0.85, rx * 0.45, ry * 0.4, 0xC89878);
      Raster.fillEllipse(out, cx, cy - ry * 0.35, rx * 1.08, ry * 0.75, 0x3A2A20);
      Raster.fillEllipse(out, cx, cy, rx, ry, 0xE0B090);
      boolean blink = (t % 3.1) < 0.15;
      double eyeY = cy - ry * 0.15;
      for (int side = -1; side <= 1; side += 2) {
        Raster.fillEllipse(out, cx + side * rx * 0.38, eyeY, rx * 0.13, blink ? 2 : ry * 0.07,
            0x202020);
      }
      double open = Math.abs(Math.sin(t * 9)) * Math.abs(Math.sin(t * 2.1 + 1));
      Raster.fillEllipse(out, cx, cy + ry * 0.45, rx * 0.3, 2 + ry * 0.12 * open, 0x802020);
    }
  }

  /**
   * Particles on a dark background: snow drifts down, confetti tumbles down in colours, sparse
   * dots wander in every direction. Each covers a few pixels, so the change is spread thinly
   * over the whole frame.
   *
   * @param count how many
   * @param minSize smallest side, as a share of the frame height
   * @param maxSize largest side, as a share of the frame height
   * @param fall downward speed, frame heights per second (0: dots wander at {@code wander})
   * @param wander speed in a random direction, frame heights per second
   */
  record ParticleStyle(int count, double minSize, double maxSize, double fall, double wander,
                       boolean confetti) {
    static final ParticleStyle SNOW = new ParticleStyle(150, 1 / 160.0, 1 / 90.0, 0.08, 0.01,
        false);
    static final ParticleStyle CONFETTI = new ParticleStyle(90, 1 / 120.0, 1 / 70.0, 0.12, 0.02,
        true);
    static final ParticleStyle DOTS = new ParticleStyle(30, 1 / 80.0, 1 / 50.0, 0, 0.06, false);
  }

  private static final class Particles implements CaseRenderer.PartRenderer {
    private final int fps;
    private final ParticleStyle style;
    private final double[] x;
    private final double[] y;
    private final double[] vx;
    private final double[] vy;
    private final double[] phase;
    private final int[] size;
    private final int[] colour;

    Particles(int width, int height, int fps, long seed, ParticleStyle style) {
      this.fps = fps;
      this.style = style;
      Random random = new Random(seed);
      int n = style.count();
      x = new double[n];
      y = new double[n];
      vx = new double[n];
      vy = new double[n];
      phase = new double[n];
      size = new int[n];
      colour = new int[n];
      int[] palette = {0xE04040, 0x40C060, 0x4080F0, 0xF0D040, 0xE060C0, 0xF0F0F0};
      for (int i = 0; i < n; i++) {
        x[i] = random.nextDouble() * width;
        y[i] = random.nextDouble() * height;
        double angle = random.nextDouble() * 2 * Math.PI;
        double wander = height * style.wander() * (0.5 + random.nextDouble());
        vx[i] = Math.cos(angle) * wander;
        vy[i] = Math.sin(angle) * wander + height * style.fall() * (0.5 + random.nextDouble());
        phase[i] = random.nextDouble() * Math.PI * 2;
        size[i] = Math.max(2, (int) Math.round(height * (style.minSize()
            + (style.maxSize() - style.minSize()) * random.nextDouble())));
        colour[i] = style.confetti() ? palette[random.nextInt(palette.length)]
            : Raster.mix(0xB0C0D0, 0xFFFFFF, random.nextDouble());
      }
    }

    @Override
    public void render(int frame, Canvas out) {
      double t = (double) frame / fps;
      out.fill(style.confetti() ? 0x141018 : 0x0C1018);
      for (int i = 0; i < x.length; i++) {
        double sway = out.width * 0.01 * Math.sin(t * 0.8 + phase[i]);
        int ix = Math.floorMod((int) (x[i] + vx[i] * t + sway), out.width);
        int iy = Math.floorMod((int) (y[i] + vy[i] * t), out.height);
        int s = size[i];
        if (style.confetti()) {
          boolean flat = Math.sin(t * 5 + phase[i]) > 0;
          out.rect(ix, iy, flat ? s * 2 : s, flat ? s : s * 2, colour[i]);
        } else if (s > 4) {
          Raster.fillEllipse(out, ix, iy, s / 2.0 + 1, s / 2.0 + 1, Raster.mix(0x0C1018,
              colour[i], 0.4));
          Raster.fillEllipse(out, ix, iy, s / 2.0, s / 2.0, colour[i]);
        } else {
          out.rect(ix, iy, s, s, colour[i]);
        }
      }
    }
  }

  /** Soft low-contrast waves whose phases drift: every pixel changes a little, slowly. */
  private static final class EvolvingPattern implements CaseRenderer.PartRenderer {
    private final int fps;
    private final Canvas low;
    private final double[][] waves;

    EvolvingPattern(int width, int height, int fps, long seed) {
      this.fps = fps;
      low = new Canvas(Math.max(2, width / 8), Math.max(2, height / 8));
      Random random = new Random(seed);
      waves = new double[5][];
      for (int k = 0; k < waves.length; k++) {
        double angle = random.nextDouble() * Math.PI;
        double frequency = (0.02 + 0.05 * random.nextDouble());
        waves[k] = new double[] {Math.cos(angle) * frequency, Math.sin(angle) * frequency,
            0.25 + 0.5 * random.nextDouble(), random.nextDouble() * 6.3};
      }
    }

    @Override
    public void render(int frame, Canvas out) {
      double t = (double) frame / fps;
      for (int y = 0; y < low.height; y++) {
        for (int x = 0; x < low.width; x++) {
          double v = 0;
          for (double[] w : waves) {
            v += Math.sin(w[0] * x + w[1] * y + w[2] * t + w[3]);
          }
          double s = 0.5 + v / (2 * waves.length);
          low.rect(x, y, 1, 1, Raster.mix(0x102040, 0x40A0A0, s));
        }
      }
      Raster.upscale(low, out);
    }
  }
}
