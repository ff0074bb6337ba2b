package dev.slides.bench.accuracy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one generated video is made of, as plain data: its {@link #toString()} is the
 * spec that is hashed to decide whether a cached video is still current. Rendering lives in
 * {@link CaseRenderer}; the ground truth follows from the parts alone ({@link #truth()}).
 *
 * @param name file name stem, also the case's name in the table
 * @param summary one line saying what the case contains
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param fps frames per second
 * @param encoding how x264 encodes it
 * @param overlays what is drawn over every frame
 * @param seed seeds every random choice the renderer makes
 * @param parts the timeline, in order; two adjacent slides meet at a hard cut
 */
public record CaseSpec(String name, String summary, int width, int height, int fps,
                       Encoding encoding, Overlays overlays, long seed, List<Part> parts) {

  public CaseSpec {
    Objects.requireNonNull(name, "name");
    parts = List.copyOf(parts);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException(name + ": no parts");
    }
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i) instanceof Transition) {
        // A transition that opens the video starts from black.
        boolean fromOk = i == 0 || !(parts.get(i - 1) instanceof Transition);
        boolean toOk = i + 1 < parts.size() && parts.get(i + 1) instanceof Slide;
        if (!fromOk || !toOk) {
          throw new IllegalArgumentException(name + ": a transition must lead into a slide");
        }
        // A scroll moves one document from a window onto it to another: no black before it.
        if (((Transition) parts.get(i)).kind() == Transition.Kind.SCROLL
            && (i == 0 || !(parts.get(i - 1) instanceof Slide))) {
          throw new IllegalArgumentException(name + ": a scroll must lead from a slide");
        }
      }
    }
  }

  /** Frames of one part: its seconds rounded to whole frames (at least one). */
  public int frames(Part part) {
    return Math.max(1, (int) Math.round(part.seconds() * fps));
  }

  /** Frames of the whole video. */
  public int totalFrames() {
    return parts.stream().mapToInt(this::frames).sum();
  }

  public double durationSeconds() {
    return (double) totalFrames() / fps;
  }

  /**
   * A case is clean when nothing but the slides and the stretches between them moves: no noise,
   * no inset or pointer, no content animating in or inside a slide (builds by cut are fine).
   * The sampling-rate consistency check runs on these.
   */
  public boolean clean() {
    if (overlays.speakerInset() || overlays.cursor() || overlays.noiseSigma() > 0
        || overlays.presenter() != null || overlays.framing().moves()) {
      return false;
    }
    for (Part part : parts) {
      if (part instanceof Slide s && (s.entrance() != Reveal.CUT || s.live() != Live.NONE
          || s.steps().stream().anyMatch(step -> step.reveal() != Reveal.CUT))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The static segments by the benchmark's rules (see {@link AccuracyBenchmark}): each slide
   * from the moment its entrance animation has completed until the next part starts. Times are
   * on the frame grid: frame {@code n} is shown from {@code n / fps}.
   */
  public List<Span> truth() {
    List<Span> statics = new ArrayList<>();
    int frame = 0;
    int slide = 0;
    for (Part part : parts) {
      int n = frames(part);
      if (part instanceof Slide s) {
        slide++;
        int entrance = (int) Math.round(s.entranceSeconds() * fps);
        statics.add(new Span((double) (frame + entrance) / fps, (double) (frame + n) / fps,
            slide + ": " + s.design().title()));
      }
      frame += n;
    }
    return statics;
  }

  /** One stretch of the timeline. */
  public sealed interface Part permits Slide, Transition, Motion {
    double seconds();
  }

  /**
   * A slide shown for {@code seconds}. At its first frame its background and its first element
   * (the title) appear; the rest of its first {@code shownAtStart} elements appear by
   * {@code entrance} over {@code entranceSeconds}; then each step reveals one more element.
   *
   * @param design what the slide shows
   * @param seconds how long it is on screen, entrance included
   * @param entrance how its content appears after the slide does ({@link Reveal#CUT}: at once)
   * @param entranceSeconds how long that takes (0 with CUT)
   * @param shownAtStart elements of the design visible once the entrance is complete
   * @param steps build steps, in time order, each revealing the next element
   * @param live animated content inside the fully shown slide
   */
  public record Slide(Design design, double seconds, Reveal entrance, double entranceSeconds,
                      int shownAtStart, List<Step> steps, Live live) implements Part {
    public Slide {
      steps = List.copyOf(steps);
      if (entrance == Reveal.CUT ? entranceSeconds != 0 : entranceSeconds <= 0) {
        throw new IllegalArgumentException("entrance " + entrance + " over " + entranceSeconds);
      }
      double last = entranceSeconds;
      for (Step step : steps) {
        if (step.at() < last || step.at() + step.seconds() >= seconds) {
          throw new IllegalArgumentException("step " + step + " of slide " + design.title()
              + " out of order or past its end");
        }
        last = step.at() + step.seconds();
      }
      if (entrance != Reveal.CUT && shownAtStart < 2) {
        throw new IllegalArgumentException(design.title() + ": an entrance needs content");
      }
      int total = design.elementCount();
      if (shownAtStart < 1 || shownAtStart + steps.size() > total) {
        throw new IllegalArgumentException(design.title() + ": " + shownAtStart + " + "
            + steps.size() + " steps for " + total + " elements");
      }
    }
  }

  /**
   * One build step: at {@code at} seconds into its slide the next element starts to appear,
   * taking {@code seconds} (0 for a cut).
   */
  public record Step(double at, Reveal reveal, double seconds) {}

  /** How content appears. */
  public enum Reveal { CUT, FADE, FLY_IN, TYPEWRITER }

  /**
   * Content that keeps moving inside a fully shown slide. The {@code CLIP_*} kinds play a video
   * clip in the slide's picture box (a photo layout's picture, enlarged to about a third of the
   * frame) from the end of the entrance to the slide's end.
   */
  public enum Live {
    NONE, PANNING_CHART, PULSING_GLOW, PROGRESS_LINE, BLINKING_CURSOR, CAPTIONS,
    /** lavfi testsrc2 playing in the picture box. */
    CLIP_TESTSRC2,
    /** A lavfi mandelbrot zoom playing in the picture box. */
    CLIP_MANDELBROT,
    /** A camera panning over a photo-like texture, in the picture box. */
    CLIP_CAMERA_PAN,
    /**
     * A talking head that plays for {@link #CLIP_SECONDS_BEFORE_FREEZE} seconds, then stays on
     * its last frame while the slide holds on.
     */
    CLIP_TALKING_HEAD_FREEZES,
    /**
     * A presenter inking on the slide: three pen strokes (an underline, a circle, an arrow), each
     * drawn over 1-3 s from about 12 %, 39 % and 66 % into the slide, then held. Ink only adds
     * to the slide; removing it ("clear ink") is the next slide part, which shows the slide
     * without it.
     */
    PEN_INK,
    /**
     * The whole slide under a slow Ken Burns move for as long as it is shown, as a slideshow
     * editor (iMovie, Camtasia) puts on every picture: zoomed in or out by 4-8 % at an even
     * pace over the slide, its middle drifting by up to two fifths of the room the zoom leaves,
     * resampled between pixels. The slide is one slide all the same.
     */
    KEN_BURNS,
    /**
     * Burned-in subtitles over the slide, on the video's clock (a line runs on across a slide
     * change): one line at a time of 24-40 letters, white in a black box at the bottom (glyphs
     * of 5 pixels a dot at 720 lines), each shown for 1.5-5 s, most of them followed by a gap
     * of 0.15-0.6 s with no line, the rest by the next line at once. Drawn by the unit tests'
     * fixture ({@code Animations.subtitles}). They change no slide.
     */
    SUBTITLES,
    /**
     * An audiogram's waveform (a podcast's picture with its audio drawn under it): yellow bars
     * across 80 % of the width in the lowest 18 % of the slide, new every frame, from its first
     * frame to its last, on the video's clock. Drawn by the unit tests' fixture
     * ({@code Animations.waveform}). It changes no slide.
     */
    WAVEFORM;

    /** How long {@link #CLIP_TALKING_HEAD_FREEZES} plays before it freezes. */
    public static final double CLIP_SECONDS_BEFORE_FREEZE = 9;

    /** Whether this plays a video clip in the slide's picture box. */
    public boolean clip() {
      return name().startsWith("CLIP_");
    }
  }

  /**
   * A transition from the part before it (from black when it opens the video) into the slide
   * after it.
   */
  public record Transition(Kind kind, double seconds) implements Part {
    public enum Kind {
      CROSSFADE, FADE_THROUGH_BLACK, WIPE, SLIDE_IN,
      /**
       * A zoom (PowerPoint's and Keynote's "zoom" or "morph"): the old slide grows past the frame
       * while the new one grows from the middle to full size and fades in over it.
       */
      ZOOM,
      /**
       * A document scrolled (eased in and out) from the window the slide before shows to the
       * one the slide after shows: both {@link Layout#DOCUMENT} windows onto the same document,
       * whole lines apart, by no more than the window's height.
       */
      SCROLL
    }
  }

  /** Full-frame motion between slides. */
  public record Motion(Kind kind, double seconds) implements Part {
    public enum Kind {
      /** lavfi testsrc2: a moving test pattern. */
      TESTSRC2,
      /** lavfi life: cells of one pixel on a dark background, a tenth of them alive at first. */
      LIFE,
      /** lavfi cellauto: a scrolling one-dimensional automaton. */
      CELLAUTO,
      /** lavfi mandelbrot: a zoom. */
      MANDELBROT,
      /** Fresh random noise every frame. */
      NOISE,
      /** Lines of text scrolling up. */
      SCROLLING_TEXT,
      /** A camera panning over a photo-like texture. */
      CAMERA_PAN,
      /** A head-like blob filling the frame, swaying and talking. */
      TALKING_HEAD,
      /** Small flakes drifting down on a dark background. */
      SNOW,
      /** Small coloured flakes tumbling down on a dark background. */
      CONFETTI,
      /** A few dozen soft dots wandering in every direction on a dark background. */
      SPARSE_DOTS,
      /** A low-contrast pattern that evolves slowly over the whole frame. */
      EVOLVING_PATTERN,
      /**
       * A photo filling the frame under a slow Ken Burns move: zooming in by a quarter and
       * panning a tenth of its width over the part, sampled between pixels (smooth, slow).
       */
      KEN_BURNS
    }
  }

  /**
   * What a slide shows. Its elements, in reveal order, are the title, then per layout: one per
   * line (bullets), one per subtitle line (title card), the chart then one per caption line
   * (chart), the photo then one per caption line (photo), one box per line (boxes).
   */
  public record Design(Layout layout, Theme theme, String title, List<String> lines, long seed) {
    public Design {
      lines = List.copyOf(lines);
    }

    public int elementCount() {
      return switch (layout) {
        case CHART, PHOTO -> 2 + lines.size();
        default -> 1 + lines.size();
      };
    }

    public Design withLine(int index, String line) {
      List<String> changed = new ArrayList<>(lines);
      changed.set(index, line);
      return new Design(layout, theme, title, changed, seed);
    }

    public Design withTitle(String newTitle) {
      return new Design(layout, theme, newTitle, lines, seed);
    }
  }

  /**
   * How a design is laid out. {@link #DOCUMENT} is a window onto a long document (a PDF viewer
   * or a web page): a toolbar with the title (the file's name) across the top, then the lines
   * one under another from the window's top, as many as fit (the rest cut off); an empty line
   * is a gap, a line starting with {@code "# "} a heading.
   */
  public enum Layout { BULLETS, TITLE_CARD, CHART, PHOTO, BOXES, DOCUMENT }

  /** Colours as 0xRRGGBB. */
  public record Theme(int background, int ink, int accent) {
    public static final Theme LIGHT = new Theme(0xFAFAFA, 0x202020, 0x2050A0);
    public static final Theme DARK = new Theme(0x1E1E28, 0xDCDCDC, 0x80B0FF);
  }

  /**
   * x264 settings.
   *
   * @param crf constant rate factor, or 0 to use {@code bitrateKbps}
   * @param bitrateKbps target bitrate when {@code crf} is 0
   * @param gop maximum keyframe interval in frames ({@code -g})
   * @param bFrames B-frames between references ({@code -bf})
   */
  public record Encoding(int crf, int bitrateKbps, int gop, int bFrames) {
    public static Encoding crf(int crf, int gop, int bFrames) {
      return new Encoding(crf, 0, gop, bFrames);
    }

    public static Encoding bitrate(int kbps, int gop, int bFrames) {
      return new Encoding(0, kbps, gop, bFrames);
    }
  }

  /**
   * What is drawn over every frame.
   *
   * @param speakerInset a head-like blob moving in a box in the bottom-right corner
   * @param cursor a mouse pointer that wanders and rests
   * @param noiseSigma camera-like Gaussian noise, grey levels; 0 for none
   * @param presenter a person standing or walking in front of the projected slides (drawn
   *     under the noise, as the camera sees both), or null
   * @param framing where the parts are drawn in the frame and what surrounds them
   */
  public record Overlays(boolean speakerInset, boolean cursor, double noiseSigma,
                         Presenter presenter, Framing framing) {
    public static final Overlays NONE = new Overlays(false, false, 0);

    public Overlays {
      Objects.requireNonNull(framing, "framing");
    }

    public Overlays(boolean speakerInset, boolean cursor, double noiseSigma) {
      this(speakerInset, cursor, noiseSigma, null);
    }

    public Overlays(boolean speakerInset, boolean cursor, double noiseSigma,
                    Presenter presenter) {
      this(speakerInset, cursor, noiseSigma, presenter, Framing.FULL);
    }

    /** Only a framing: nothing else drawn over the frame. */
    public static Overlays framed(Framing framing) {
      return new Overlays(false, false, 0, null, framing);
    }

    /**
     * The record's own text, without the presenter when there is none and without the framing
     * when it is {@link Framing#FULL}: the spec's text is hashed to decide whether a cached
     * video is current, and the cases made before these existed keep their hash (and their
     * cached videos).
     */
    @Override
    public String toString() {
      return "Overlays[speakerInset=" + speakerInset + ", cursor=" + cursor + ", noiseSigma="
          + noiseSigma + (presenter == null ? "" : ", presenter=" + presenter)
          + (framing == Framing.FULL ? "" : ", framing=" + framing) + "]";
    }
  }

  /** Where the parts (slides, transitions, motion) are drawn in the frame. */
  public enum Framing {
    /** The whole frame. */
    FULL,
    /**
     * A video meeting's recording (Zoom, Teams): the shared screen, 16:9, 78 % of the frame's
     * width, centred vertically on a dark background; to its right a strip of four webcam
     * tiles (three talking heads, one camera off), the active speaker's tile outlined, the
     * outline moving to another tile every 2-6 s.
     */
    MEETING_GALLERY,
    /** A 4:3 deck pillarboxed in the middle of the frame, with black bars left and right. */
    PILLARBOX_4_3,
    /**
     * A lecture capture's side-by-side layout (Opencast, Panopto, Zoom): the slides, 16:9, 60 %
     * of the frame's width on the left, centred vertically on a dark background; right of them,
     * as tall as the frame, a camera filming the speaker, who walks, sways and gestures all the
     * time in front of a textured wall while the camera itself drifts a little (every pixel of
     * the pane changes).
     */
    SIDE_BY_SIDE,
    /**
     * A camera filming the projected slides: the slides (whole-frame size) seen with a slight
     * keystone (the top edge narrower) on a dim wall, in the projector's lower contrast; the
     * camera's exposure drifting by a few percent over seconds and hunting (overshooting and
     * settling within about 1.5 s) after each slide change; audience heads along the bottom edge
     * that move a little all the time and now and then rise to cover the screen's lower part for
     * 2-5 s. Use with camera noise.
     */
    PROJECTED_CAMERA;

    /** Whether something moves outside the parts: the framing breaks the clean subset. */
    public boolean moves() {
      return this == MEETING_GALLERY || this == SIDE_BY_SIDE || this == PROJECTED_CAMERA;
    }

    /** {x, y, width, height} of the area the parts are drawn in, in a frame of this size. */
    public int[] area(int width, int height) {
      return switch (this) {
        case FULL -> new int[] {0, 0, width, height};
        case MEETING_GALLERY -> {
          int w = width * 78 / 100 / 2 * 2;
          int h = w * 9 / 16 / 2 * 2;
          yield new int[] {width / 80, (height - h) / 2, w, h};
        }
        case PILLARBOX_4_3 -> {
          int w = height * 4 / 3 / 2 * 2;
          yield new int[] {(width - w) / 2, 0, w, height};
        }
        case SIDE_BY_SIDE -> {
          int w = width * 60 / 100 / 2 * 2;
          int h = w * 9 / 16 / 2 * 2;
          yield new int[] {width / 80, (height - h) / 2, w, h};
        }
        case PROJECTED_CAMERA -> new int[] {0, 0, width, height};
      };
    }
  }

  /**
   * A person in front of the projected slides, seen from the back of the room as a dark
   * silhouette from the bottom of the frame to a little above its middle: off the frame
   * before the first walk, where the last walk left them after it.
   *
   * @param walks where they walk, in time order, not overlapping
   * @param gestures when they move an arm (pointing at the slide and back), while standing
   */
  public record Presenter(List<Walk> walks, List<Gesture> gestures) {
    public Presenter {
      walks = List.copyOf(walks);
      gestures = List.copyOf(gestures);
      if (walks.isEmpty()) {
        throw new IllegalArgumentException("a presenter needs a walk onto the frame");
      }
      for (int i = 1; i < walks.size(); i++) {
        Walk before = walks.get(i - 1);
        if (walks.get(i).at() < before.at() + before.seconds()) {
          throw new IllegalArgumentException("walk " + walks.get(i) + " starts before "
              + before + " ends");
        }
      }
    }

    /** Where the middle of the body is at {@code t}, as a share of the frame width. */
    public double x(double t) {
      double x = walks.get(0).fromX();
      for (Walk w : walks) {
        if (t < w.at()) {
          break;
        }
        x = t >= w.at() + w.seconds() ? w.toX()
            : w.fromX() + (w.toX() - w.fromX()) * (t - w.at()) / w.seconds();
      }
      return x;
    }

    /** Whether they are walking at {@code t}. */
    public boolean walking(double t) {
      return walks.stream().anyMatch(w -> t >= w.at() && t < w.at() + w.seconds());
    }

    /** How far the arm is raised at {@code t}: 0 down, 1 pointing at the slide. */
    public double arm(double t) {
      for (Gesture g : gestures) {
        if (t >= g.at() && t < g.at() + g.seconds()) {
          // Up, a few small waves while pointing, down.
          double p = (t - g.at()) / g.seconds();
          double raise = Math.min(1, Math.min(p, 1 - p) * 5);
          return raise * (0.85 + 0.15 * Math.sin((t - g.at()) * 7));
        }
      }
      return 0;
    }
  }

  /**
   * From {@code fromX} to {@code toX} (shares of the frame width; below -0.15 or above 1.15
   * is off the frame) over {@code seconds}, starting {@code at} seconds into the video.
   */
  public record Walk(double at, double seconds, double fromX, double toX) {}

  /** An arm raised and moved, {@code at} seconds into the video, for {@code seconds}. */
  public record Gesture(double at, double seconds) {}
}
