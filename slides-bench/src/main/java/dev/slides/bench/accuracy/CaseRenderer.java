package dev.slides.bench.accuracy;

import dev.slides.bench.accuracy.CaseSpec.Motion;
import dev.slides.bench.accuracy.CaseSpec.Part;
import dev.slides.bench.accuracy.CaseSpec.Slide;
import dev.slides.bench.accuracy.CaseSpec.Transition;
import dev.slides.testing.Canvas;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Renders the frames of a {@link CaseSpec} in order: each part's frames, then the overlays
 * (speaker inset, pointer, camera noise) on top. Deterministic: the same spec gives the same
 * frames.
 */
final class CaseRenderer implements AutoCloseable {
  /** The frames of one part, asked for in order (a transition may ask for its neighbours'). */
  interface PartRenderer {
    void render(int frame, Canvas out) throws IOException;

    default void close() {}
  }

  private final CaseSpec spec;
  private final int[] partStart;
  private final Map<Integer, PartRenderer> open = new HashMap<>();
  private final Cursor cursor;
  private final Canvas inset;
  private final byte[][] noise;
  private final Random noiseOffsets;
  /** {x, y, width, height} where the parts go ({@link CaseSpec.Framing#area}). */
  private final int[] area;
  /** The parts' picture when they do not fill the frame, else null. */
  private final Canvas content;
  private final Gallery gallery;
  private final CameraPane camera;
  private final Projection projection;
  private int part;

  CaseRenderer(CaseSpec spec) {
    this.spec = spec;
    partStart = new int[spec.parts().size() + 1];
    for (int i = 0; i < spec.parts().size(); i++) {
      partStart[i + 1] = partStart[i] + spec.frames(spec.parts().get(i));
    }
    CaseSpec.Overlays o = spec.overlays();
    area = o.framing().area(spec.width(), spec.height());
    content = o.framing() == CaseSpec.Framing.FULL ? null : new Canvas(area[2], area[3]);
    gallery = o.framing() == CaseSpec.Framing.MEETING_GALLERY
        ? new Gallery(spec, area, new Random(spec.seed() * 31 + 17)) : null;
    camera = o.framing() == CaseSpec.Framing.SIDE_BY_SIDE ? new CameraPane(spec, area) : null;
    projection = o.framing() == CaseSpec.Framing.PROJECTED_CAMERA
        ? new Projection(spec, partStart, new Random(spec.seed() * 31 + 19)) : null;
    cursor = o.cursor() ? new Cursor(spec, new Random(spec.seed() * 31 + 7)) : null;
    inset = o.speakerInset() ? new Canvas(spec.width() / 5, spec.height() / 5) : null;
    if (o.noiseSigma() > 0) {
      // Two tables read at fresh offsets every frame: noise that never repeats in place.
      Random random = new Random(spec.seed() * 31 + 11);
      noise = new byte[2][(spec.width() / 2 + 1) * (spec.height() / 2 + 1) * 3 + 65536];
      double sigma = o.noiseSigma() / Math.sqrt(2);
      for (byte[] table : noise) {
        for (int i = 0; i < table.length; i++) {
          table[i] = (byte) Math.max(-127, Math.min(127, Math.round(random.nextGaussian()
              * sigma)));
        }
      }
      noiseOffsets = new Random(spec.seed() * 31 + 13);
    } else {
      noise = null;
      noiseOffsets = null;
    }
  }

  /** Frame {@code frame} (0, 1, 2, ... in order) into {@code out}. */
  void render(int frame, Canvas out) throws IOException {
    while (frame >= partStart[part + 1]) {
      part++;
      // A transition looks one part back: keep the one before the current one.
      PartRenderer old = open.remove(part - 2);
      if (old != null) {
        old.close();
      }
    }
    double t = (double) frame / spec.fps();
    if (content == null) {
      renderer(part).render(frame - partStart[part], out);
    } else if (projection != null) {
      renderer(part).render(frame - partStart[part], content);
      projection.draw(content, out, t);
    } else {
      renderer(part).render(frame - partStart[part], content);
      out.fill(gallery == null && camera == null ? 0x000000 : Gallery.BACKGROUND);
      Raster.copyRegion(content, 0, 0, area[2], area[3], out, area[0], area[1]);
      if (gallery != null) {
        gallery.draw(out, frame, t);
      }
      if (camera != null) {
        camera.draw(out, t);
      }
    }
    if (spec.overlays().presenter() != null) {
      drawPresenter(out, spec.overlays().presenter(), t);
    }
    if (inset != null) {
      drawInset(out, t);
    }
    if (cursor != null) {
      cursor.draw(out, t);
    }
    if (noise != null) {
      addNoise(out);
    }
  }

  private PartRenderer renderer(int index) {
    PartRenderer r = open.get(index);
    if (r == null) {
      r = create(index);
      open.put(index, r);
    }
    return r;
  }

  private PartRenderer create(int index) {
    Part p = spec.parts().get(index);
    int frames = spec.frames(p);
    long seed = spec.seed() * 1000 + index;
    if (p instanceof Slide s) {
      return new SlideRenderer(s, area[2], area[3], spec.fps(), frames, partStart[index],
          spec.seed());
    }
    if (p instanceof Motion m) {
      return MotionRenderer.create(m, area[2], area[3], spec.fps(), frames, seed);
    }
    Transition tr = (Transition) p;
    return new TransitionRenderer(tr, frames, index);
  }

  @Override
  public void close() {
    open.values().forEach(PartRenderer::close);
    open.clear();
    if (gallery != null) {
      gallery.close();
    }
  }

  /** From the last frame of the part before to the first frame of the slide after. */
  private final class TransitionRenderer implements PartRenderer {
    private final Transition transition;
    private final int frames;
    private final int index;
    private Canvas from;
    private Canvas to;
    private Canvas zoomed;

    TransitionRenderer(Transition transition, int frames, int index) {
      this.transition = transition;
      this.frames = frames;
      this.index = index;
    }

    @Override
    public void render(int frame, Canvas out) throws IOException {
      if (from == null) {
        from = new Canvas(area[2], area[3]);
        to = new Canvas(area[2], area[3]);
        if (index > 0) {
          renderer(index - 1).render(spec.frames(spec.parts().get(index - 1)) - 1, from);
        }
        renderer(index + 1).render(0, to);
      }
      // As for reveals: frame n of N shows (n + 1) / (N + 1) of the way, so the frame before
      // is the old slide and the frame after the new one.
      double p = (frame + 1.0) / (frames + 1.0);
      int w = area[2];
      switch (transition.kind()) {
        case CROSSFADE -> Raster.blend(from, to, p, out);
        case FADE_THROUGH_BLACK -> {
          if (p < 0.5) {
            Raster.darken(from, 1 - 2 * p, out);
          } else {
            Raster.darken(to, 2 * p - 1, out);
          }
        }
        case WIPE -> {
          int edge = (int) Math.round(p * w);
          Raster.copy(from, out);
          Raster.copyRegion(to, 0, 0, edge, area[3], out, 0, 0);
        }
        case SLIDE_IN -> {
          double eased = 1 - (1 - p) * (1 - p);
          int left = (int) Math.round((1 - eased) * w);
          Raster.copy(from, out);
          Raster.copyRegion(to, 0, 0, w - left, area[3], out, left, 0);
        }
        case ZOOM -> {
          // Eased at both ends, as presentation programs do: the old slide grows by half, the
          // new one grows from 60 % to full size and fades in over it.
          double eased = p * p * (3 - 2 * p);
          Raster.scaleAbout(from, 1 + 0.5 * eased, null, out);
          if (zoomed == null) {
            zoomed = new Canvas(area[2], area[3]);
          }
          Raster.scaleAbout(to, 0.6 + 0.4 * eased, out, zoomed);
          Raster.blend(out, zoomed, eased, out);
        }
        case SCROLL -> {
          // Both slides are windows onto one document, whole lines apart: every frame between
          // them is the upper one's rows followed by the lower one's.
          int top = SlideRenderer.documentTop(area[3]);
          int lines = scrolledLines();
          int d = Math.abs(lines) * SlideRenderer.documentPitch(area[3]);
          int c = area[3] - top;
          if (d > c) {
            throw new IllegalArgumentException("a scroll of " + lines + " lines is taller than"
                + " the window");
          }
          double eased = p * p * (3 - 2 * p);
          Canvas upper = lines > 0 ? from : to;
          Canvas lower = lines > 0 ? to : from;
          int x = (int) Math.round((lines > 0 ? eased : 1 - eased) * d);
          Raster.copy(upper, out);
          Raster.copyRegion(upper, 0, top + x, w, c - x, out, 0, top);
          Raster.copyRegion(lower, 0, top + c - d, w, x, out, 0, top + c - x);
        }
        default -> throw new IllegalStateException(transition.kind().toString());
      }
    }

    /** Lines the document moves up from the slide before to the one after (down: negative). */
    private int scrolledLines() {
      List<String> a = ((Slide) spec.parts().get(index - 1)).design().lines();
      List<String> b = ((Slide) spec.parts().get(index + 1)).design().lines();
      int n = Math.min(a.size(), b.size());
      for (int k = 1; k < n; k++) {
        if (a.subList(k, n).equals(b.subList(0, n - k))) {
          return k;
        }
        if (b.subList(k, n).equals(a.subList(0, n - k))) {
          return -k;
        }
      }
      throw new IllegalArgumentException("a scroll between windows onto different documents");
    }
  }

  /**
   * A person between the camera and the screen, as a dark silhouette: head, shoulders, body
   * and legs from a little above the frame's middle down to its bottom edge, the shoulders
   * about a fifth of the frame height wide. Walking, the legs swing and the body bobs; an arm
   * hangs by the side or, in a gesture, points up at the slide.
   */
  private static void drawPresenter(Canvas out, CaseSpec.Presenter presenter, double t) {
    int h = out.height;
    double cx = presenter.x(t) * out.width;
    if (cx < -0.2 * h || cx > out.width + 0.2 * h) {
      return;
    }
    boolean walking = presenter.walking(t);
    double stride = walking ? Math.sin(t * 2 * Math.PI * 1.6) : 0;
    double top = h * (0.33 + (walking ? 0.006 * Math.abs(stride) : 0));
    int clothes = 0x25262C;
    int legs = 0x1C1D22;
    int skin = 0x3B312D; // a face against the projector's light: dark
    double shoulders = h * 0.105;
    // Legs first, the body over their tops.
    double hip = top + h * 0.42;
    for (int side = -1; side <= 1; side += 2) {
      double swing = side * stride * h * 0.045;
      Raster.line(out, (int) (cx + side * h * 0.035), (int) hip,
          (int) (cx + side * h * 0.04 + swing), h + 4, (int) (h * 0.06), legs);
    }
    out.rect((int) (cx - h * 0.085), (int) (top + h * 0.1), (int) (h * 0.17),
        (int) (hip - top - h * 0.08), clothes);
    Raster.fillEllipse(out, cx, top + h * 0.12, shoulders, h * 0.045, clothes);
    Raster.fillEllipse(out, cx, top + h * 0.085, h * 0.025, h * 0.03, skin); // neck
    Raster.fillEllipse(out, cx, top + h * 0.03, h * 0.048, h * 0.06, skin);
    // The arm on the side facing the frame's middle, where the slide's text is.
    int side = cx > out.width / 2.0 ? -1 : 1;
    double sx = cx + side * shoulders * 0.85;
    double sy = top + h * 0.13;
    double raise = presenter.arm(t);
    double angle = Math.toRadians(-80 + raise * 120); // from hanging down to up and out
    double length = h * 0.25;
    double ex = sx + side * length * Math.cos(angle);
    double ey = sy - length * Math.sin(angle);
    Raster.line(out, (int) sx, (int) sy, (int) ex, (int) ey, (int) (h * 0.04), clothes);
    Raster.fillEllipse(out, ex, ey, h * 0.018, h * 0.018, skin);
  }

  /** A webcam picture of the speaker in the bottom-right corner. */
  private void drawInset(Canvas out, double t) {
    int w = inset.width;
    int h = inset.height;
    inset.fill(0x334455);
    inset.rect(0, 0, w, h / 3, 0x3A4C5E);
    double cx = w / 2.0 + w * 0.15 * Math.sin(t * 1.7) + w * 0.03 * Math.sin(t * 4.1);
    double cy = h * 0.45 + h * 0.05 * Math.cos(t * 1.3);
    Raster.fillEllipse(inset, cx, h * 1.05, w * 0.35, h * 0.35, 0x283850);
    Raster.fillEllipse(inset, cx, cy, h * 0.2, h * 0.26, 0xE0B090);
    double open = Math.abs(Math.sin(t * 9));
    Raster.fillEllipse(inset, cx, cy + h * 0.12, h * 0.06, 1 + h * 0.03 * open, 0x802020);
    Raster.copyRegion(inset, 0, 0, w, h, out, out.width - w, out.height - h);
  }

  /**
   * Grain in 2x2-pixel blobs, as a camera's sensor noise looks after demosaicing and scaling;
   * per-pixel noise would vanish entirely under heavy compression.
   */
  private void addNoise(Canvas out) {
    byte[] o = out.bgr();
    byte[] a = noise[0];
    byte[] b = noise[1];
    int oa = noiseOffsets.nextInt(65536);
    int ob = noiseOffsets.nextInt(65536);
    int blobsPerRow = out.width / 2 + 1;
    int i = 0;
    for (int y = 0; y < out.height; y++) {
      int row = (y >> 1) * blobsPerRow;
      for (int x = 0; x < out.width; x++) {
        int blob = (row + (x >> 1)) * 3;
        for (int ch = 0; ch < 3; ch++, i++) {
          int v = (o[i] & 0xFF) + a[oa + blob + ch] + b[ob + blob + ch];
          o[i] = (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
        }
      }
    }
  }

  /**
   * A video meeting's strip of webcam tiles right of the shared screen: three talking heads
   * (each at its own point in the same swaying, talking loop) and a camera that is off (a
   * grey tile with initials). The active speaker's tile is outlined; the outline moves to
   * another tile every 2-6 s.
   */
  private static final class Gallery {
    static final int BACKGROUND = 0x1A1A1A;
    private static final int TILES = 4;
    private static final int HIGHLIGHT = 0x2FD05A;

    private final int x;
    private final int[] tileY = new int[TILES];
    private final int tileW;
    private final int tileH;
    private final int border;
    private final Canvas tile;
    private final PartRenderer head;
    private final List<double[]> speakers = new ArrayList<>(); // from time, tile

    Gallery(CaseSpec spec, int[] area, Random random) {
      int left = area[0] + area[2] + spec.width() / 80;
      tileW = (spec.width() - left - spec.width() / 80) / 2 * 2;
      tileH = tileW * 9 / 16 / 2 * 2;
      int gap = spec.height() / 60;
      int top = (spec.height() - TILES * tileH - (TILES - 1) * gap) / 2;
      for (int i = 0; i < TILES; i++) {
        tileY[i] = top + i * (tileH + gap);
      }
      x = left;
      border = Math.max(2, spec.height() / 240);
      tile = new Canvas(tileW, tileH);
      head = MotionRenderer.create(new Motion(Motion.Kind.TALKING_HEAD,
          spec.durationSeconds() + 60), tileW, tileH, spec.fps(),
          spec.totalFrames() + 60 * spec.fps(), spec.seed());
      double t = 0;
      int speaker = 0;
      while (t < spec.durationSeconds() + 1) {
        speakers.add(new double[] {t, speaker});
        t += 2 + 4 * random.nextDouble();
        // Someone else speaks; the camera that is off (the last tile) speaks too, now and then.
        speaker = (speaker + 1 + random.nextInt(TILES - 1)) % TILES;
      }
    }

    void draw(Canvas out, int frame, double t) throws IOException {
      int active = 0;
      for (double[] s : speakers) {
        if (s[0] <= t) {
          active = (int) s[1];
        }
      }
      for (int i = 0; i < TILES; i++) {
        if (i < TILES - 1) {
          head.render(frame + i * 47, tile);
          Raster.copyRegion(tile, 0, 0, tileW, tileH, out, x, tileY[i]);
        } else {
          out.rect(x, tileY[i], tileW, tileH, 0x2E2E30);
          int r = tileH / 5;
          Raster.fillEllipse(out, x + tileW / 2.0, tileY[i] + tileH / 2.0, r, r, 0x5B6EAE);
          out.text(x + tileW / 2 - 6 * Math.max(1, r / 10), tileY[i] + tileH / 2
              - 3 * Math.max(1, r / 10), Math.max(1, r / 10), "JD", 0xFFFFFF);
        }
        if (i == active) {
          Raster.frame(out, x, tileY[i], tileW, tileH, border, HIGHLIGHT);
        }
      }
    }

    void close() {
      head.close();
    }
  }

  /**
   * The camera's pane of a side-by-side lecture capture: a speaker walking to and fro, swaying
   * and gesturing in front of a textured wall, filmed by a camera that drifts a little (the
   * wall is resampled between pixels, so every pixel of the pane changes all the time).
   */
  private static final class CameraPane {
    private final int x;
    private final int y;
    private final Canvas wall;
    private final Canvas pane;

    CameraPane(CaseSpec spec, int[] area) {
      int margin = spec.width() / 80;
      x = area[0] + area[2] + margin;
      y = spec.height() / 80;
      pane = new Canvas((spec.width() - x - margin) / 2 * 2, (spec.height() - 2 * y) / 2 * 2);
      wall = Raster.photo(pane.width + 72, pane.height + 72, spec.seed() * 7 + 3);
    }

    void draw(Canvas out, double t) {
      double ox = 36 + 16 * Math.sin(t * 0.6) + 4 * Math.sin(t * 2.7 + 1);
      double oy = 36 + 12 * Math.sin(t * 0.45 + 2) + 3 * Math.sin(t * 3.1);
      Raster.resample(wall, ox, oy, 1, null, pane);
      int w = pane.width;
      int h = pane.height;
      double cx = w * (0.5 + 0.26 * Math.sin(t * 0.31) + 0.05 * Math.sin(t * 1.1));
      double bob = h * 0.008 * Math.sin(t * 5.3);
      double headY = h * 0.3 + bob;
      double head = w * 0.11;
      // Arms first (behind the body where they start), then the body and the head.
      for (int side = -1; side <= 1; side += 2) {
        double angle = Math.toRadians(-70 + 55 * (0.5 + 0.5 * Math.sin(t * (side < 0 ? 2.2
            : 1.7) + side)));
        double sx = cx + side * w * 0.16;
        double sy = headY + head * 2.1;
        double len = h * 0.22;
        double ex = sx + side * len * Math.cos(angle);
        double ey = sy - len * Math.sin(angle);
        Raster.line(pane, (int) sx, (int) sy, (int) ex, (int) ey, (int) (w * 0.06), 0x2F4C8C);
        Raster.fillEllipse(pane, ex, ey, w * 0.03, w * 0.03, 0xD8A888);
      }
      Raster.fillEllipse(pane, cx, headY + head * 2.4 + h * 0.28, w * 0.2, h * 0.34, 0x3050A0);
      Raster.fillEllipse(pane, cx, headY + head * 1.1, head * 0.45, head * 0.5, 0xC89878);
      Raster.fillEllipse(pane, cx + head * 0.1 * Math.sin(t * 0.9), headY - head * 0.3,
          head * 1.05, head * 0.8, 0x3A2A20);
      Raster.fillEllipse(pane, cx, headY, head * 0.9, head * 1.15, 0xE0B090);
      double open = Math.abs(Math.sin(t * 9)) * Math.abs(Math.sin(t * 2.1 + 1));
      Raster.fillEllipse(pane, cx, headY + head * 0.55, head * 0.3, 1 + head * 0.15 * open,
          0x802020);
      Raster.copyRegion(pane, 0, 0, w, h, out, x, y);
    }
  }

  /**
   * A camera filming the projected slides ({@link CaseSpec.Framing#PROJECTED_CAMERA}): the
   * slides warped into a trapezoid on a dim wall in the projector's lower contrast, audience
   * heads along the bottom edge, and the camera's exposure drifting and hunting after every
   * change of part. The camera's sensor noise is the overlays' noise, added after.
   */
  private static final class Projection {
    private final int width;
    private final int height;
    /** Per output pixel: source pixel index (-1 for the wall) and bilinear weights. */
    private final int[] source;
    private final byte[] fx;
    private final byte[] fy;
    private final int[] light;
    private final Canvas wall;
    private final double[] changes;
    private final double phase;
    private final List<double[]> heads = new ArrayList<>(); // x share, rx, ry, colour, phase
    private final List<double[]> rises = new ArrayList<>(); // head, from, seconds

    Projection(CaseSpec spec, int[] partStart, Random random) {
      width = spec.width();
      height = spec.height();
      int n = width * height;
      source = new int[n];
      fx = new byte[n];
      fy = new byte[n];
      light = new int[n];
      wall = new Canvas(width, height);
      double top = 0.05 * height;
      double bottom = 0.97 * height;
      for (int y = 0; y < height; y++) {
        double v = (y - top) / (bottom - top);
        double left = width * (0.11 - 0.04 * v);
        double right = width * (0.89 + 0.04 * v);
        for (int x = 0; x < width; x++) {
          int i = y * width + x;
          double u = (x - left) / (right - left);
          double dx = x / (double) width - 0.5;
          double dy = y / (double) height - 0.45;
          // Light falls off towards the corners, on the screen and on the wall.
          double fall = 1 - 0.5 * (dx * dx + dy * dy);
          if (u < 0 || u > 1 || v < 0 || v > 1) {
            source[i] = -1;
            int grey = (int) Math.round(46 * fall * (0.8 + 0.2 * (1 - y / (double) height)));
            wall.rect(x, y, 1, 1, grey << 16 | (grey - 4) << 8 | (grey - 8));
            continue;
          }
          double sx = u * (width - 1.001);
          double sy = v * (height - 1.001);
          int ix = (int) sx;
          int iy = (int) sy;
          source[i] = iy * width + ix;
          fx[i] = (byte) (int) ((sx - ix) * 255);
          fy[i] = (byte) (int) ((sy - iy) * 255);
          light[i] = (int) Math.round(256 * 0.8 * fall);
        }
      }
      changes = new double[partStart.length - 2];
      for (int i = 0; i < changes.length; i++) {
        changes[i] = (double) partStart[i + 1] / spec.fps();
      }
      phase = random.nextDouble() * 2 * Math.PI;
      int count = 7;
      for (int k = 0; k < count; k++) {
        heads.add(new double[] {(k + 0.3 + 0.4 * random.nextDouble()) / count,
            height * (0.075 + 0.02 * random.nextDouble()),
            height * (0.095 + 0.02 * random.nextDouble()),
            new int[] {0x1A1614, 0x2B2019, 0x3A2C22, 0x101010, 0x4A3A2A}[random.nextInt(5)],
            random.nextDouble() * 2 * Math.PI});
        double t = 3 + 12 * random.nextDouble();
        while (t < spec.durationSeconds()) {
          double seconds = 2 + 3 * random.nextDouble();
          rises.add(new double[] {k, t, seconds});
          t += seconds + 10 + 20 * random.nextDouble();
        }
      }
    }

    void draw(Canvas content, Canvas out, double t) {
      byte[] s = content.bgr();
      byte[] o = out.bgr();
      byte[] w = wall.bgr();
      int stride = width * 3;
      for (int i = 0, j = 0; i < source.length; i++, j += 3) {
        int a = source[i];
        if (a < 0) {
          o[j] = w[j];
          o[j + 1] = w[j + 1];
          o[j + 2] = w[j + 2];
          continue;
        }
        int p = a * 3;
        int f = fx[i] & 0xFF;
        int g = fy[i] & 0xFF;
        for (int ch = 0; ch < 3; ch++) {
          int top = (s[p + ch] & 0xFF) * (256 - f) + (s[p + 3 + ch] & 0xFF) * f;
          int bottom = (s[p + stride + ch] & 0xFF) * (256 - f) + (s[p + stride + 3 + ch] & 0xFF)
              * f;
          int v = (top * (256 - g) + bottom * g) >> 16;
          o[j + ch] = (byte) (26 + ((v * light[i]) >> 8));
        }
      }
      for (int k = 0; k < heads.size(); k++) {
        double[] head = heads.get(k);
        double rise = 0;
        for (double[] r : rises) {
          if (r[0] == k && t >= r[1] && t < r[1] + r[2]) {
            double p = (t - r[1]) / r[2];
            rise = Math.min(1, Math.min(p, 1 - p) * r[2] / 0.6);
          }
        }
        double cx = head[0] * width + height * 0.012 * Math.sin(t * 0.8 + head[4])
            + height * 0.004 * Math.sin(t * 2.9 + head[4]);
        double cy = height * 1.02 - rise * height * 0.12
            + height * 0.004 * Math.sin(t * 1.7 + head[4]);
        int colour = (int) head[3];
        Raster.fillEllipse(out, cx, cy + head[2] * 1.6, head[1] * 2.2, head[2] * 0.9, colour);
        Raster.fillEllipse(out, cx, cy, head[1], head[2], colour);
      }
      double gain = exposure(t);
      byte[] lut = new byte[256];
      for (int v = 0; v < 256; v++) {
        lut[v] = (byte) Math.min(255, (int) Math.round(v * gain));
      }
      for (int j = 0; j < o.length; j++) {
        o[j] = lut[o[j] & 0xFF];
      }
    }

    /** The camera's gain at {@code t}: a slow drift, and a hunt after each change of part. */
    private double exposure(double t) {
      double gain = 1 + 0.03 * Math.sin(2 * Math.PI * t / 9 + phase)
          + 0.012 * Math.sin(2 * Math.PI * t / 3.7);
      for (double c : changes) {
        double since = t - c;
        if (since >= 0 && since < 2) {
          gain += 0.08 * Math.exp(-since / 0.4) * Math.cos(2 * Math.PI * since / 0.9);
        }
      }
      return gain;
    }
  }

  /** A mouse pointer that rests for a while, then glides somewhere else. */
  private static final class Cursor {
    private final List<double[]> keys = new ArrayList<>(); // time, x, y (rest starts)
    private final int size;

    Cursor(CaseSpec spec, Random random) {
      size = Math.max(12, spec.height() / 36);
      double t = 0;
      double end = spec.durationSeconds() + 5;
      while (t < end) {
        keys.add(new double[] {t, spec.width() * (0.1 + 0.8 * random.nextDouble()),
            spec.height() * (0.15 + 0.75 * random.nextDouble())});
        t += 0.5 + 3.5 * random.nextDouble(); // rest
        keys.add(new double[] {t, Double.NaN, Double.NaN}); // then move, for 0.4-1.5 s
        t += 0.4 + 1.1 * random.nextDouble();
      }
    }

    void draw(Canvas out, double t) {
      int i = 0;
      while (i + 2 < keys.size() && keys.get(i + 2)[0] <= t) {
        i += 2;
      }
      double[] rest = keys.get(i);
      double x = rest[1];
      double y = rest[2];
      if (i + 2 < keys.size() && t >= keys.get(i + 1)[0]) {
        double[] next = keys.get(i + 2);
        double start = keys.get(i + 1)[0];
        double s = (t - start) / (next[0] - start);
        s = s * s * (3 - 2 * s);
        x += (next[1] - x) * s;
        y += (next[2] - y) * s;
      }
      out.pointer((int) x, (int) y, size);
    }
  }
}
