package dev.slides.bench.accuracy;

import dev.slides.bench.accuracy.CaseSpec.Design;
import dev.slides.bench.accuracy.CaseSpec.Encoding;
import dev.slides.bench.accuracy.CaseSpec.Framing;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * The cases of the accuracy benchmark. Each is a short lecture-like video built to hold one or
 * a few kinds of difficulty; together they cover the kinds listed in issue 8. Text is seeded
 * pseudo-words, so every case is the same on every run.
 */
public final class Corpus {
  /** Where the videos are cached, relative to the repository root. */
  public static final Path DEFAULT_DIR = Path.of("slides-bench", "target", "accuracy-corpus");

  private static final Motion.Kind LIFE = Motion.Kind.LIFE;

  private Corpus() {}

  /** Cases whose name contains a match of {@code regex}, in corpus order. */
  public static List<CaseSpec> select(String regex) {
    Pattern p = Pattern.compile(regex);
    return all().stream().filter(c -> p.matcher(c.name()).find()).toList();
  }

  /** What to say when no case name matches {@code regex}: the names there are. */
  static String noMatch(String regex) {
    return "No case name matches " + regex + "; cases: "
        + String.join(", ", all().stream().map(CaseSpec::name).toList());
  }

  public static List<CaseSpec> all() {
    List<CaseSpec> cases = new ArrayList<>();

    Deck d = new Deck("ppt-screen-cuts", "PowerPoint-like screen recording: light bullets,"
        + " chart, boxes, photo, hard cuts only, a wandering pointer; crf 18, no B-frames",
        1280, 720, 30, 101).encoding(Encoding.crf(18, 60, 0))
        .overlays(new Overlays(false, true, 0));
    d.show(d.bullets(Theme.LIGHT, 5), 14).show(d.chart(Theme.LIGHT, 3), 10)
        .show(d.bullets(Theme.LIGHT, 4), 22).show(d.boxes(Theme.LIGHT, 4), 8)
        .show(d.photo(Theme.LIGHT, 2), 12).show(d.bullets(Theme.LIGHT, 6), 6)
        .show(d.bullets(Theme.LIGHT, 3), 9).show(d.chart(Theme.LIGHT, 2), 16);
    cases.add(d.spec());

    d = new Deck("clean-short-long-holds", "light bullets, hard cuts, holds of 1.5-4 s between"
        + " holds of 30-35 s; crf 23, GOP 250, 3 B-frames", 1280, 720, 25, 102);
    d.show(d.bullets(Theme.LIGHT, 4), 35).show(d.bullets(Theme.LIGHT, 3), 2)
        .show(d.bullets(Theme.LIGHT, 5), 3.5).show(d.chart(Theme.LIGHT, 2), 30)
        .show(d.bullets(Theme.LIGHT, 2), 1.5).show(d.bullets(Theme.LIGHT, 4), 2.5)
        .show(d.bullets(Theme.LIGHT, 6), 30).show(d.boxes(Theme.LIGHT, 3), 4)
        .show(d.bullets(Theme.LIGHT, 3), 10);
    cases.add(d.spec());

    d = new Deck("clean-fades-dark", "dark theme, crossfades of 0.5-2 s and fades through black"
        + " of 1-1.5 s, holds of 6-18 s", 1280, 720, 25, 103).encoding(Encoding.crf(23, 50, 2));
    d.show(d.bullets(Theme.DARK, 4), 12).transition(Transition.Kind.CROSSFADE, 0.5)
        .show(d.chart(Theme.DARK, 2), 10).transition(Transition.Kind.CROSSFADE, 1)
        .show(d.bullets(Theme.DARK, 3), 15).transition(Transition.Kind.FADE_THROUGH_BLACK, 1)
        .show(d.photo(Theme.DARK, 2), 9).transition(Transition.Kind.CROSSFADE, 2)
        .show(d.bullets(Theme.DARK, 5), 18).transition(Transition.Kind.FADE_THROUGH_BLACK, 1.5)
        .show(d.boxes(Theme.DARK, 4), 8).transition(Transition.Kind.CROSSFADE, 1)
        .show(d.bullets(Theme.DARK, 2), 6);
    cases.add(d.spec());

    d = new Deck("clean-wipes-1080p", "1080p30 light deck, wipes and slide-ins of 0.5-1.2 s,"
        + " holds of 6-12 s; crf 22, GOP 250, 3 B-frames", 1920, 1080, 30, 104)
        .encoding(Encoding.crf(22, 250, 3));
    d.show(d.bullets(Theme.LIGHT, 3), 10).transition(Transition.Kind.WIPE, 0.8)
        .show(d.chart(Theme.LIGHT, 3), 8).transition(Transition.Kind.SLIDE_IN, 0.5)
        .show(d.bullets(Theme.LIGHT, 5), 12).transition(Transition.Kind.WIPE, 1)
        .show(d.photo(Theme.LIGHT, 2), 7).transition(Transition.Kind.SLIDE_IN, 1.2)
        .show(d.boxes(Theme.LIGHT, 4), 9).transition(Transition.Kind.SLIDE_IN, 0.8)
        .show(d.bullets(Theme.LIGHT, 4), 6);
    cases.add(d.spec());

    d = new Deck("title-cards-one-colour", "title cards on one blue background that differ"
        + " only by their text, two-letter titles followed by long ones with a subtitle (every"
        + " card is a new slide), hard cuts and one crossfade", 1280, 720, 25, 105);
    int blue = 0x1F4E79;
    d.show(d.titleCard(blue, 2, 0), 5).show(d.titleCard(blue, 15, 1), 8)
        .show(d.titleCard(blue, 6, 0), 4).show(d.titleCard(blue, 13, 1), 10)
        .transition(Transition.Kind.CROSSFADE, 1).show(d.titleCard(blue, 2, 0), 6)
        .show(d.titleCard(blue, 16, 1), 7).show(d.titleCard(blue, 8, 0), 3)
        .show(d.titleCard(blue, 12, 1), 9).show(d.titleCard(blue, 11, 0), 5);
    cases.add(d.spec());

    d = new Deck("replaced-lines", "bullet slides that differ from the previous one by one"
        + " replaced line or only the title (new slides), beside a build by cut that adds lines"
        + " (one slide)", 1280, 720, 25, 106);
    Design a = d.bullets(Theme.LIGHT, 5);
    Design a2 = a.withLine(1, d.line(30));
    Design a3 = a2.withLine(3, d.line(28));
    Design b = d.bullets(Theme.LIGHT, 4);
    Design b2 = b.withLine(0, d.line(26));
    Design c = b2.withTitle(d.title());
    Design e = d.bullets(Theme.LIGHT, 3);
    d.show(a, 10).show(a2, 8).show(a3, 6).build(b, 2, Reveal.CUT, 0, 4, 3, 3, 5).show(b2, 7)
        .show(c, 9).show(e, 8).show(e.withLine(2, d.line(24)), 3).show(d.chart(Theme.LIGHT, 2),
        10);
    cases.add(d.spec());

    d = new Deck("builds-by-cut", "builds of 3-5 steps by cut (bullets, boxes, chart"
        + " captions), step holds of 1-6 s", 1280, 720, 25, 107);
    d.build(d.bullets(Theme.LIGHT, 6), 2, Reveal.CUT, 0, 3, 2, 6, 1, 4, 8)
        .build(d.boxes(Theme.LIGHT, 4), 2, Reveal.CUT, 0, 2, 1.5, 3, 10)
        .show(d.bullets(Theme.LIGHT, 4), 8)
        .build(d.chart(Theme.LIGHT, 3), 2, Reveal.CUT, 0, 5, 1, 2, 6)
        .build(d.bullets(Theme.LIGHT, 5), 2, Reveal.CUT, 0, 1, 1, 1, 1, 5)
        .build(d.boxes(Theme.LIGHT, 5), 2, Reveal.CUT, 0, 4, 3, 6, 2, 12);
    cases.add(d.spec());

    d = new Deck("builds-animated", "builds whose steps fade in, fly in or type in, slides"
        + " whose first content fades or types in; 30 fps, GOP 60", 1280, 720, 30, 108)
        .encoding(Encoding.crf(23, 60, 2));
    d.slide(new Slide(d.bullets(Theme.LIGHT, 5), 0, Reveal.FADE, 1.2, 2, List.of(), Live.NONE),
            Reveal.FADE, 0.6, 3, 2, 5, 1.5, 6)
        .slide(new Slide(d.bullets(Theme.LIGHT, 4), 0, Reveal.TYPEWRITER, 1.5, 2, List.of(),
            Live.NONE), Reveal.TYPEWRITER, 1.2, 2, 3, 4, 8)
        .build(d.boxes(Theme.LIGHT, 4), 2, Reveal.FLY_IN, 0.8, 2, 2, 3, 9)
        .slide(new Slide(d.chart(Theme.LIGHT, 3), 0, Reveal.FADE, 1.5, 2, List.of(), Live.NONE),
            Reveal.TYPEWRITER, 1, 4, 2, 2, 7)
        .show(d.bullets(Theme.LIGHT, 3), 10);
    cases.add(d.spec());

    d = new Deck("animated-deck", "HTML/Canva-like deck: every slide's content fades, flies or"
        + " types in over 1-2.5 s, holds of 1.5-4 s beside 9-14 s, slide-ins, a drifting chart;"
        + " 1.5 Mbit/s, GOP 250, 3 B-frames", 1280, 720, 30, 109)
        .encoding(Encoding.bitrate(1500, 250, 3));
    d.enter(d.bullets(Theme.LIGHT, 4), Reveal.FADE, 1.5, 10, Live.NONE)
        .enter(d.chart(Theme.LIGHT, 3), Reveal.FLY_IN, 1, 3, Live.NONE)
        .transition(Transition.Kind.SLIDE_IN, 0.6)
        .enter(d.bullets(Theme.LIGHT, 3), Reveal.TYPEWRITER, 2.5, 2, Live.NONE)
        .enter(d.photo(Theme.LIGHT, 2), Reveal.FADE, 1, 12, Live.NONE)
        .enter(d.boxes(Theme.LIGHT, 3), Reveal.FLY_IN, 1.2, 1.5, Live.NONE)
        .enter(d.bullets(Theme.LIGHT, 5), Reveal.TYPEWRITER, 2, 4, Live.NONE)
        .transition(Transition.Kind.CROSSFADE, 0.8)
        .enter(d.chart(Theme.LIGHT, 2), Reveal.FADE, 1, 14, Live.PANNING_CHART)
        .enter(d.titleCard(0x6A1B9A, 1), Reveal.FADE, 1.5, 3, Live.NONE)
        .enter(d.bullets(Theme.LIGHT, 4), Reveal.FLY_IN, 1, 9, Live.NONE);
    cases.add(d.spec());

    d = new Deck("animated-inside", "fully shown slides with moving content: a panning line"
        + " chart, a pulsing glow, a progress line along the bottom, a blinking text cursor",
        1280, 720, 25, 110);
    d.enter(d.chart(Theme.LIGHT, 2), Reveal.CUT, 0, 25, Live.PANNING_CHART)
        .show(d.bullets(Theme.LIGHT, 4), 8)
        .enter(d.bullets(Theme.LIGHT, 3), Reveal.CUT, 0, 12, Live.PULSING_GLOW)
        .enter(d.bullets(Theme.LIGHT, 5), Reveal.CUT, 0, 20, Live.PROGRESS_LINE)
        .show(d.chart(Theme.LIGHT, 3), 7)
        .enter(d.bullets(Theme.DARK, 4), Reveal.CUT, 0, 15, Live.BLINKING_CURSOR)
        .enter(d.chart(Theme.DARK, 2), Reveal.CUT, 0, 10, Live.PANNING_CHART);
    cases.add(d.spec());

    d = new Deck("live-captions", "slides under a live-caption strip along the bottom (a word"
        + " every 0.4 s, the line cleared when full): cuts, a replaced line, a crossfade, a 3 s"
        + " slide", 1280, 720, 25, 116);
    Design captioned = d.bullets(Theme.LIGHT, 4);
    d.enter(captioned, Reveal.CUT, 0, 10, Live.CAPTIONS)
        .enter(d.chart(Theme.LIGHT, 2), Reveal.CUT, 0, 7, Live.CAPTIONS)
        .enter(d.bullets(Theme.DARK, 3), Reveal.CUT, 0, 9, Live.CAPTIONS)
        .enter(d.bullets(Theme.LIGHT, 5), Reveal.CUT, 0, 3, Live.CAPTIONS)
        .enter(captioned, Reveal.CUT, 0, 8, Live.CAPTIONS)
        .enter(captioned.withLine(2, d.line(26)), Reveal.CUT, 0, 9, Live.CAPTIONS)
        .transition(Transition.Kind.CROSSFADE, 1)
        .enter(d.photo(Theme.LIGHT, 2), Reveal.CUT, 0, 10, Live.CAPTIONS);
    cases.add(d.spec());

    d = new Deck("opening-title-fade", "fades in from black into a 4 s title slide, then a 1.5 s"
        + " fade into the first content slide, then a 3 s slide and cuts", 1280, 720, 25, 111);
    d.transition(Transition.Kind.CROSSFADE, 1).show(d.titleCard(0x20304A, 1), 4)
        .transition(Transition.Kind.CROSSFADE, 1.5)
        .show(d.bullets(Theme.LIGHT, 4), 9).show(d.bullets(Theme.LIGHT, 3), 3)
        .show(d.chart(Theme.LIGHT, 2), 12).transition(Transition.Kind.CROSSFADE, 1)
        .show(d.bullets(Theme.LIGHT, 5), 15).show(d.photo(Theme.LIGHT, 2), 10);
    cases.add(d.spec());

    d = new Deck("dark-opens-motion", "dark deck that opens with 10 s of sparse wandering dots,"
        + " then a 21 s slide; confetti later, then a 3 s slide", 1280, 720, 25, 112);
    d.motion(Motion.Kind.SPARSE_DOTS, 10).show(d.bullets(Theme.DARK, 4), 21)
        .show(d.bullets(Theme.DARK, 3), 6)
        .show(d.chart(Theme.DARK, 2), 8).motion(Motion.Kind.CONFETTI, 6)
        .show(d.bullets(Theme.DARK, 5), 3).show(d.photo(Theme.DARK, 2), 12)
        .show(d.bullets(Theme.DARK, 2), 9);
    cases.add(d.spec());

    d = new Deck("sparse-life-cellauto", "dark deck; sparse life (12 s, 15 s) and cellauto"
        + " (10 s) between slides, followed by 3 s and 5 s slides and an 18 s closing slide",
        1280, 720, 25, 113);
    d.show(d.bullets(Theme.DARK, 4), 10).motion(LIFE, 12).show(d.bullets(Theme.DARK, 3), 3)
        .show(d.bullets(Theme.DARK, 5), 14).motion(Motion.Kind.CELLAUTO, 10)
        .show(d.chart(Theme.DARK, 2), 5).show(d.bullets(Theme.DARK, 2), 8).motion(LIFE, 15)
        .show(d.bullets(Theme.DARK, 4), 18);
    cases.add(d.spec());

    d = new Deck("sparse-particles-pattern", "sparse wandering dots, confetti, a slowly"
        + " evolving pattern and snow between dark slides, each of the first three followed by a"
        + " 2.5-4 s slide; an 18 s closing slide after the snow", 1280, 720, 25, 114);
    d.show(d.bullets(Theme.DARK, 3), 8).motion(Motion.Kind.SPARSE_DOTS, 10)
        .show(d.bullets(Theme.DARK, 4), 3).show(d.bullets(Theme.DARK, 5), 12)
        .motion(Motion.Kind.CONFETTI, 8).show(d.chart(Theme.DARK, 2), 4)
        .show(d.photo(Theme.DARK, 2), 10).motion(Motion.Kind.EVOLVING_PATTERN, 15)
        .show(d.bullets(Theme.DARK, 2), 2.5).show(d.bullets(Theme.LIGHT, 4), 9)
        .motion(Motion.Kind.SNOW, 6).show(d.bullets(Theme.DARK, 3), 18);
    cases.add(d.spec());

    d = new Deck("motion-lavfi", "light deck with testsrc2 (6 s), a mandelbrot zoom (10 s) and"
        + " cellauto (4 s) between slides", 1280, 720, 25, 115);
    d.show(d.bullets(Theme.LIGHT, 4), 12).motion(Motion.Kind.TESTSRC2, 6)
        .show(d.bullets(Theme.LIGHT, 3), 8).show(d.chart(Theme.LIGHT, 2), 10)
        .motion(Motion.Kind.MANDELBROT, 10).show(d.bullets(Theme.LIGHT, 5), 3)
        .show(d.photo(Theme.LIGHT, 2), 9).motion(Motion.Kind.CELLAUTO, 4)
        .show(d.bullets(Theme.LIGHT, 4), 12);
    cases.add(d.spec());

    d = new Deck("motion-synthetic", "full-frame noise (4 s), scrolling text (12 s), a camera"
        + " pan over a photo (15 s) and a talking head (20 s) between slides", 1280, 720, 25,
        116);
    d.show(d.bullets(Theme.LIGHT, 4), 10).motion(Motion.Kind.NOISE, 4)
        .show(d.bullets(Theme.LIGHT, 3), 4).show(d.bullets(Theme.DARK, 5), 12)
        .motion(Motion.Kind.SCROLLING_TEXT, 12).show(d.chart(Theme.DARK, 2), 8)
        .motion(Motion.Kind.CAMERA_PAN, 15).show(d.bullets(Theme.LIGHT, 3), 2.5)
        .show(d.photo(Theme.LIGHT, 2), 10).motion(Motion.Kind.TALKING_HEAD, 20)
        .show(d.bullets(Theme.LIGHT, 4), 14);
    cases.add(d.spec());

    d = new Deck("speaker-inset", "a speaker inset in the corner throughout: cuts, crossfades,"
        + " a build by cut, a full-frame talking head, a 3 s slide", 1280, 720, 25, 117)
        .overlays(new Overlays(true, false, 0));
    d.show(d.bullets(Theme.LIGHT, 4), 15).transition(Transition.Kind.CROSSFADE, 1)
        .show(d.chart(Theme.LIGHT, 2), 12).build(d.bullets(Theme.LIGHT, 5), 2, Reveal.CUT, 0,
            3, 2, 4, 2, 6)
        .motion(Motion.Kind.TALKING_HEAD, 10).show(d.bullets(Theme.LIGHT, 3), 3)
        .show(d.boxes(Theme.LIGHT, 4), 14).transition(Transition.Kind.CROSSFADE, 1.5)
        .show(d.bullets(Theme.LIGHT, 4), 20);
    cases.add(d.spec());

    d = new Deck("cursor-builds", "a wandering, resting pointer over builds by cut and by"
        + " fade, short holds; 30 fps", 1280, 720, 30, 118)
        .overlays(new Overlays(false, true, 0));
    d.build(d.bullets(Theme.LIGHT, 5), 2, Reveal.CUT, 0, 4, 3, 2, 2, 5)
        .show(d.bullets(Theme.LIGHT, 3), 2).show(d.chart(Theme.LIGHT, 2), 10)
        .build(d.boxes(Theme.LIGHT, 5), 2, Reveal.FADE, 0.5, 3, 3, 3, 3, 8)
        .show(d.bullets(Theme.LIGHT, 4), 3.5).show(d.photo(Theme.LIGHT, 2), 12)
        .show(d.bullets(Theme.LIGHT, 3), 15);
    cases.add(d.spec());

    d = new Deck("camera-noise-crf34", "camera-like noise (sigma 10, 2x2-pixel grain) under"
        + " heavy compression (crf 34): light and dark slides, cuts, fades, a camera pan and a"
        + " talking head",
        1280, 720, 25, 119).encoding(Encoding.crf(34, 250, 3))
        .overlays(new Overlays(false, false, 10));
    d.show(d.bullets(Theme.LIGHT, 4), 12).show(d.bullets(Theme.DARK, 3), 8)
        .transition(Transition.Kind.CROSSFADE, 1).show(d.chart(Theme.LIGHT, 2), 10)
        .motion(Motion.Kind.CAMERA_PAN, 8).show(d.bullets(Theme.LIGHT, 5), 4)
        .show(d.photo(Theme.LIGHT, 2), 9).transition(Transition.Kind.FADE_THROUGH_BLACK, 1)
        .show(d.bullets(Theme.DARK, 3), 15).motion(Motion.Kind.TALKING_HEAD, 6)
        .show(d.bullets(Theme.LIGHT, 4), 2.5).show(d.boxes(Theme.LIGHT, 3), 12);
    cases.add(d.spec());

    d = new Deck("youtube-1080p", "1080p30 as YouTube serves it (2.5 Mbit/s, GOP 250, 3"
        + " B-frames) with a speaker inset: title card, crossfades, a build by fade, life and"
        + " testsrc2, a 3 s slide", 1920, 1080, 30, 120).encoding(Encoding.bitrate(2500, 250, 3))
        .overlays(new Overlays(true, false, 0));
    d.show(d.titleCard(0x263238, 1), 5).transition(Transition.Kind.CROSSFADE, 1)
        .show(d.bullets(Theme.LIGHT, 4), 14)
        .build(d.bullets(Theme.LIGHT, 5), 2, Reveal.FADE, 0.7, 3, 2, 2, 2, 9)
        .motion(LIFE, 8).show(d.bullets(Theme.LIGHT, 3), 3).show(d.chart(Theme.LIGHT, 2), 12)
        .motion(Motion.Kind.TESTSRC2, 5).show(d.photo(Theme.LIGHT, 2), 10)
        .transition(Transition.Kind.CROSSFADE, 0.7).show(d.bullets(Theme.LIGHT, 4), 8);
    cases.add(d.spec());

    // Light grey text on white: every change is below the detector's ordinary threshold, and
    // is seen only because the threshold follows the slide's own contrast.
    Theme faint = new Theme(0xFFFFFF, 0xD8D8D8, 0xC8C8C8);
    d = new Deck("faint-text", "light grey text on white (0xD8D8D8 lines, 0xC8C8C8 titles):"
        + " slides that differ from the previous one by one replaced line or only the title (new"
        + " slides), a build by cut that adds a line (one slide), hard cuts and a crossfade",
        1280, 720, 25, 121);
    Design f = d.bullets(faint, 5);
    Design f2 = f.withLine(1, d.line(30));
    Design g = d.bullets(faint, 4);
    Design h = d.bullets(faint, 3);
    d.show(f, 8).show(f2, 6).show(f2.withLine(3, d.line(28)), 7)
        .build(g, 3, Reveal.CUT, 0, 4, 5).show(g.withTitle(d.title()), 6)
        .transition(Transition.Kind.CROSSFADE, 1).show(h, 8)
        .show(h.withLine(2, d.line(24)), 6);
    cases.add(d.spec());

    // A board written on without a pause: each page's lines are written one after another,
    // so the picture never holds between them; the page is one slide, built up.
    Theme board = new Theme(0x1C2C24, 0xF0F0E0, 0xF0E060);
    d = new Deck("board-written-without-pause", "a chalkboard: each page shows its title, then"
        + " its lines are written one after another without a pause (1.5-2 s a line, 6-9 s a"
        + " page), the finished page held 3-5 s, the board wiped by a cut", 1280, 720, 25, 122);
    d.build(d.bullets(board, 5), 1, Reveal.TYPEWRITER, 1.5, 1.5, 0, 0, 0, 0, 4)
        .build(d.bullets(board, 4), 1, Reveal.TYPEWRITER, 2, 1, 0, 0, 0, 3)
        .build(d.bullets(board, 5), 1, Reveal.TYPEWRITER, 1.8, 1.2, 0, 0, 0, 0, 5);
    cases.add(d.spec());

    // Light grey lines under a dark title and dark bullet marks: the slide as a whole has
    // ordinary contrast, so a replaced line is seen only where the threshold follows the
    // contrast of the content around each cell.
    Theme mixed = new Theme(0xFFFFFF, 0xD8D8D8, 0x202020);
    d = new Deck("faint-lines-dark-title", "light grey lines (0xD8D8D8) on white under a dark"
        + " title and dark bullet marks (0x202020): slides that differ from the previous one by"
        + " one replaced line (new slides), a build by cut that adds a line (one slide), hard"
        + " cuts and a crossfade", 1280, 720, 25, 123);
    Design m = d.bullets(mixed, 5);
    Design m2 = m.withLine(1, d.line(30));
    Design n = d.bullets(mixed, 4);
    Design o = d.bullets(mixed, 3);
    d.show(m, 8).show(m2, 6).show(m2.withLine(3, d.line(28)), 7)
        .build(n, 3, Reveal.CUT, 0, 4, 5).show(n.withLine(0, d.line(26)), 6)
        .transition(Transition.Kind.CROSSFADE, 1).show(o, 8)
        .show(o.withLine(2, d.line(24)), 6);
    cases.add(d.spec());

    // A lecture hall filmed from the back: the presenter walks in front of the projected
    // slides, stands covering part of the text, points, walks off; slides change by cut while
    // they stand there and while they walk. The presenter breaks no slide.
    Theme projected = new Theme(0xECE9E2, 0x2A2A2A, 0x2A4F8A);
    Presenter presenter = new Presenter(List.of(
        new Walk(3, 2.5, -0.15, 0.32), // in from the left, onto the text
        new Walk(21, 2, 0.32, 0.7), // to the right half; they stand there over the cut at 25 s
        new Walk(38, 3, 0.7, 1.2), // off to the right
        new Walk(50, 5, 1.2, -0.2), // straight across from the right, through a cut at 52.5 s
        new Walk(58, 2.5, -0.15, 0.45), // into the middle
        new Walk(70, 2.5, 0.45, 1.2)), // off to the right
        List.of(new Gesture(8, 3), new Gesture(17, 2.5), new Gesture(62, 3)));
    d = new Deck("presenter-occludes", "a projected deck filmed from the back of the room"
        + " (grain sigma 8 in 2x2-pixel blobs, crf 30): a presenter's dark silhouette walks in,"
        + " stands over the text, points, walks off; cuts while they stand and while they walk,"
        + " a 3 s slide, a crossfade", 1280, 720, 25, 124).encoding(Encoding.crf(30, 250, 3))
        .overlays(new Overlays(false, false, 8, presenter));
    d.show(d.bullets(projected, 5), 13).show(d.bullets(projected, 4), 12)
        .show(d.chart(projected, 3), 6).show(d.bullets(projected, 3), 3)
        .show(d.boxes(projected, 4), 12).show(d.bullets(projected, 4), 6.5)
        .show(d.photo(projected, 2), 11.5).show(d.bullets(projected, 5), 12)
        .transition(Transition.Kind.CROSSFADE, 1).show(d.chart(projected, 2), 10);
    cases.add(d.spec());

    // Slides that play a video clip in a box of about a third of the frame while the rest of
    // the slide holds: a slide with a clip playing is one slide, as other animated content is.
    d = new Deck("embedded-video", "slides that play a video clip in a box of a third of the"
        + " frame (testsrc2, a mandelbrot zoom, a camera pan, a talking head that stops and"
        + " freezes on its last frame) for 9-18 s: cuts, crossfades, a clip slide cut to another,"
        + " a 3 s slide", 1280, 720, 25, 125);
    d.show(d.bullets(Theme.LIGHT, 4), 8)
        .enter(d.photo(Theme.LIGHT, 2), Reveal.CUT, 0, 14, Live.CLIP_TESTSRC2)
        .show(d.bullets(Theme.LIGHT, 3), 3).transition(Transition.Kind.CROSSFADE, 1)
        .enter(d.photo(Theme.LIGHT, 2), Reveal.CUT, 0, 12, Live.CLIP_MANDELBROT)
        .enter(d.photo(Theme.LIGHT, 3), Reveal.CUT, 0, 18, Live.CLIP_CAMERA_PAN)
        .transition(Transition.Kind.CROSSFADE, 1).show(d.chart(Theme.LIGHT, 2), 6)
        .enter(d.photo(Theme.LIGHT, 2), Reveal.CUT, 0, 17, Live.CLIP_TALKING_HEAD_FREEZES)
        .enter(d.photo(Theme.DARK, 2), Reveal.CUT, 0, 10, Live.CLIP_TESTSRC2)
        .show(d.bullets(Theme.LIGHT, 4), 8);
    cases.add(d.spec());

    // A recorded video meeting: the shared deck is 78 % of the frame's width, and the webcam
    // strip beside it never stops moving. The strip breaks no slide, as a speaker inset does not.
    d = new Deck("meeting-gallery-strip", "a Zoom/Teams recording: the shared deck 78 % of the"
        + " width on a dark background, a strip of four webcam tiles beside it (three talking"
        + " heads, a camera off), the active speaker's outline moving every 2-6 s; cuts, two"
        + " crossfades, a build by cut, a 3 s slide; crf 28", 1280, 720, 25, 126)
        .encoding(Encoding.crf(28, 250, 3)).overlays(Overlays.framed(Framing.MEETING_GALLERY));
    d.show(d.bullets(Theme.LIGHT, 4), 12).show(d.chart(Theme.LIGHT, 2), 10)
        .transition(Transition.Kind.CROSSFADE, 1).show(d.bullets(Theme.LIGHT, 3), 9)
        .build(d.bullets(Theme.LIGHT, 5), 2, Reveal.CUT, 0, 3, 3, 2, 2, 6)
        .show(d.bullets(Theme.LIGHT, 3), 3).show(d.boxes(Theme.LIGHT, 4), 11)
        .show(d.photo(Theme.LIGHT, 2), 9).transition(Transition.Kind.CROSSFADE, 0.8)
        .show(d.bullets(Theme.DARK, 4), 10);
    cases.add(d.spec());

    // A presenter inking on the slides with a pen. Ink only adds, so a slide being inked is
    // one slide (as a build or a board being written on); "clear ink" removes it, so the slide
    // without the ink that follows is a new slide, as a replaced line is.
    d = new Deck("pen-annotations", "a presenter inks on the slides (an underline, a loop, an"
        + " arrow, each drawn over 1-3 s, then held), a build by cut under the ink, \"clear"
        + " ink\" (the ink vanishes: a new slide), cuts, a crossfade, a 3 s slide; 30 fps",
        1280, 720, 30, 127);
    Design inked = d.bullets(Theme.LIGHT, 5);
    Design inkedChart = d.chart(Theme.LIGHT, 2);
    Design inkedPhoto = d.photo(Theme.LIGHT, 2);
    d.slide(new Slide(inked, 0, Reveal.CUT, 0, 3, List.of(), Live.PEN_INK), Reveal.CUT, 0,
            5, 4, 4, 5)
        .show(inked, 6)
        .enter(inkedChart, Reveal.CUT, 0, 12, Live.PEN_INK).show(inkedChart, 3)
        .enter(d.bullets(Theme.LIGHT, 4), Reveal.CUT, 0, 10, Live.PEN_INK)
        .transition(Transition.Kind.CROSSFADE, 1)
        .enter(inkedPhoto, Reveal.CUT, 0, 10, Live.PEN_INK).show(inkedPhoto, 5)
        .enter(d.bullets(Theme.LIGHT, 3), Reveal.CUT, 0, 9, Live.PEN_INK);
    cases.add(d.spec());

    // A 4:3 deck pillarboxed in 16:9, changing by zoom transitions, and a photo under a slow
    // Ken Burns move between slides: motion, however slow, not a slide.
    d = new Deck("pillarboxed-zoom-transitions", "a 4:3 deck pillarboxed in 16:9 (black bars):"
        + " zoom transitions of 0.7-1.2 s (the old slide grows, the new grows in over it), a"
        + " photo under a slow Ken Burns zoom and pan for 9 s followed by a 3 s slide, cuts;"
        + " 30 fps", 1280, 720, 30, 128).overlays(Overlays.framed(Framing.PILLARBOX_4_3));
    d.show(d.bullets(Theme.LIGHT, 4), 10).transition(Transition.Kind.ZOOM, 0.8)
        .show(d.chart(Theme.LIGHT, 3), 9).transition(Transition.Kind.ZOOM, 1.2)
        .show(d.bullets(Theme.LIGHT, 5), 8).motion(Motion.Kind.KEN_BURNS, 9)
        .show(d.bullets(Theme.LIGHT, 3), 3).transition(Transition.Kind.ZOOM, 1)
        .show(d.boxes(Theme.LIGHT, 4), 10).show(d.photo(Theme.LIGHT, 2), 8)
        .transition(Transition.Kind.ZOOM, 0.7).show(d.bullets(Theme.DARK, 4), 9)
        .transition(Transition.Kind.ZOOM, 1).show(d.titleCard(0x1F4E79, 1), 6);
    cases.add(d.spec());

    // A narrated slideshow: every slide under a slow Ken Burns zoom and pan for as long as it is
    // shown (4-8 % over 7-10 s), cut or crossfaded to the next. Each is a slide.
    d = new Deck("slideshow-ken-burns", "a slideshow with a slow Ken Burns zoom (4-8 %) and pan"
        + " on every slide for its whole length (7-10 s), cuts and crossfades; 30 fps", 1280,
        720, 30, 131);
    d.enter(d.photo(Theme.LIGHT, 2), Reveal.CUT, 0, 9, Live.KEN_BURNS)
        .enter(d.bullets(Theme.LIGHT, 4), Reveal.CUT, 0, 8, Live.KEN_BURNS)
        .transition(Transition.Kind.CROSSFADE, 1)
        .enter(d.photo(Theme.DARK, 1), Reveal.CUT, 0, 10, Live.KEN_BURNS)
        .transition(Transition.Kind.CROSSFADE, 1)
        .enter(d.chart(Theme.LIGHT, 2), Reveal.CUT, 0, 8, Live.KEN_BURNS)
        .enter(d.titleCard(0x1F4E79, 1), Reveal.CUT, 0, 7, Live.KEN_BURNS)
        .transition(Transition.Kind.CROSSFADE, 0.8)
        .enter(d.bullets(Theme.DARK, 3), Reveal.CUT, 0, 9, Live.KEN_BURNS);
    cases.add(d.spec());

    // A lecture capture's side-by-side layout: the slides on the left 60 % of the width, the
    // camera on the speaker beside them, moving all over its pane all the time. Only the slides
    // make segments; the camera pane breaks none (truth: the slides, as for the meeting strip).
    d = new Deck("lecture-capture-side-by-side", "Opencast/Panopto/Zoom side-by-side capture:"
        + " the slides 60 % of the width on the left, a camera on a walking, gesturing speaker"
        + " (a drifting camera, every pixel of the pane moving) as tall as the frame beside"
        + " them; cuts, builds by cut, a crossfade, a 3 s slide", 1280, 720, 25, 132)
        .overlays(Overlays.framed(Framing.SIDE_BY_SIDE));
    d.show(d.bullets(Theme.LIGHT, 4), 12).show(d.chart(Theme.LIGHT, 2), 9)
        .build(d.bullets(Theme.LIGHT, 5), 2, Reveal.CUT, 0, 4, 3, 2, 6)
        .show(d.boxes(Theme.LIGHT, 3), 3).transition(Transition.Kind.CROSSFADE, 1)
        .show(d.photo(Theme.LIGHT, 2), 10)
        .build(d.boxes(Theme.LIGHT, 4), 2, Reveal.CUT, 0, 3, 2, 5)
        .show(d.bullets(Theme.DARK, 4), 8).show(d.bullets(Theme.LIGHT, 3), 9);
    cases.add(d.spec());

    // A camera filming the projected slides: sensor grain, a slight keystone, exposure that
    // drifts by a few percent and hunts after each slide change, audience heads along the bottom
    // edge that now and then rise over the screen's lower part. Truth: the slides.
    Theme beamer = new Theme(0xF4F4F0, 0x222222, 0x1F4E9A);
    d = new Deck("projected-screen-camera", "a camera filming the projected slides: grain"
        + " sigma 6, slight keystone, the projector's lower contrast, exposure drifting 3 % over"
        + " seconds and hunting after each change, audience heads along the bottom edge rising"
        + " over the screen now and then; cuts, a build by cut, a crossfade, a 3 s slide; crf 28",
        1280, 720, 25, 133).encoding(Encoding.crf(28, 250, 3))
        .overlays(new Overlays(false, false, 6, null, Framing.PROJECTED_CAMERA));
    d.show(d.bullets(beamer, 4), 11).show(d.chart(beamer, 2), 9)
        .build(d.bullets(beamer, 5), 2, Reveal.CUT, 0, 4, 3, 3, 5)
        .show(d.boxes(beamer, 4), 3).show(d.photo(beamer, 2), 10)
        .transition(Transition.Kind.CROSSFADE, 1).show(d.bullets(beamer, 3), 8)
        .show(d.bullets(beamer, 4).withTitle(d.title()), 7).show(d.chart(beamer, 3), 12);
    cases.add(d.spec());

    // A long document scrolled in steps: a smooth scroll of 0.5-1 s, then a rest of 3-10 s.
    // Each rest shows another part of the page, so each rest is a slide; the scrolls are
    // transitions (not slides).
    d = new Deck("scrolled-document", "a PDF scrolled in steps: smooth scrolls of 0.5-1 s by"
        + " 2-16 lines (one back up), rests of 3-10 s, each rest a slide", 1280, 720, 25, 134);
    List<String> doc = d.document(140);
    d.show(d.window(doc, 0), 8).scroll(0.8).show(d.window(doc, 14), 6).scroll(0.6)
        .show(d.window(doc, 20), 4).scroll(1).show(d.window(doc, 36), 10).scroll(0.5)
        .show(d.window(doc, 38), 5).scroll(0.7).show(d.window(doc, 30), 3).scroll(0.9)
        .show(d.window(doc, 45), 7).scroll(0.6).show(d.window(doc, 55), 9).scroll(1)
        .show(d.window(doc, 70), 4).scroll(0.8).show(d.window(doc, 78), 6).scroll(0.5)
        .show(d.window(doc, 81), 8);
    cases.add(d.spec());

    // A talk with burned-in subtitles: a line of speech replaced every 1.5-5 s in a box at the
    // bottom, on the video's clock (lines run on across slide changes). The lines change no
    // slide; the slides under them are the truth.
    d = new Deck("burned-in-subtitles", "burned-in subtitles over the slides: a line of 24-40"
        + " letters in a black box at the bottom, replaced every 1.5-5 s, most lines followed"
        + " by a gap of 0.15-0.6 s; 7 slides held 3-15 s, cuts, a replaced line, a crossfade",
        1280, 720, 25, 135);
    Design subtitled = d.bullets(Theme.LIGHT, 4);
    d.enter(subtitled, Reveal.CUT, 0, 12, Live.SUBTITLES)
        .enter(d.chart(Theme.LIGHT, 2), Reveal.CUT, 0, 8, Live.SUBTITLES)
        .enter(d.bullets(Theme.DARK, 3), Reveal.CUT, 0, 3, Live.SUBTITLES)
        .enter(subtitled, Reveal.CUT, 0, 15, Live.SUBTITLES)
        .enter(subtitled.withLine(1, d.line(27)), Reveal.CUT, 0, 10, Live.SUBTITLES)
        .transition(Transition.Kind.CROSSFADE, 1)
        .enter(d.photo(Theme.LIGHT, 2), Reveal.CUT, 0, 6, Live.SUBTITLES)
        .enter(d.boxes(Theme.LIGHT, 4), Reveal.CUT, 0, 14, Live.SUBTITLES);
    cases.add(d.spec());

    // A podcast published as a video (an audiogram): a still picture with its audio's waveform
    // moving along the bottom all the time, the picture changed three times. The waveform is
    // part of the layout, no motion: each picture is one slide.
    d = new Deck("podcast-waveform", "a podcast's audiogram: four pictures (cover art, title"
        + " cards) held 13-25 s, cut from one to the next, an animated waveform across the"
        + " lowest 18 % of the frame from start to end", 1280, 720, 25, 136);
    d.enter(d.titleCard(0x283050, 1), Reveal.CUT, 0, 22, Live.WAVEFORM)
        .enter(d.photo(Theme.DARK, 2), Reveal.CUT, 0, 15, Live.WAVEFORM)
        .enter(d.titleCard(0x4A2040, 1), Reveal.CUT, 0, 25, Live.WAVEFORM)
        .enter(d.photo(Theme.DARK, 1), Reveal.CUT, 0, 13, Live.WAVEFORM);
    cases.add(d.spec());

    return cases;
  }

  /** Pseudo-words: letters with a space every 3-8 characters, {@code length} characters. */
  static String words(Random random, int length) {
    StringBuilder s = new StringBuilder();
    int word = 3 + random.nextInt(6);
    for (int i = 0; i < length; i++) {
      if (word == 0 && i < length - 1) {
        s.append(' ');
        word = 3 + random.nextInt(6);
      } else {
        s.append((char) ('a' + random.nextInt(26)));
        word--;
      }
    }
    return s.toString();
  }

  /** Builds one case part by part; its random source makes every slide's text. */
  private static final class Deck {
    private final String name;
    private final String summary;
    private final int width;
    private final int height;
    private final int fps;
    private final long seed;
    private final Random random;
    private final List<Part> parts = new ArrayList<>();
    private Encoding encoding = Encoding.crf(23, 250, 3);
    private Overlays overlays = Overlays.NONE;

    Deck(String name, String summary, int width, int height, int fps, long seed) {
      this.name = name;
      this.summary = summary;
      this.width = width;
      this.height = height;
      this.fps = fps;
      this.seed = seed;
      this.random = new Random(seed);
    }

    Deck encoding(Encoding e) {
      encoding = e;
      return this;
    }

    Deck overlays(Overlays o) {
      overlays = o;
      return this;
    }

    CaseSpec spec() {
      return new CaseSpec(name, summary, width, height, fps, encoding, overlays, seed, parts);
    }

    // ---- designs ----

    String title() {
      String t = words(random, 8 + random.nextInt(10));
      return Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }

    String line(int length) {
      return words(random, length);
    }

    private List<String> lines(int n, int min, int spread) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        lines.add(line(min + random.nextInt(spread)));
      }
      return lines;
    }

    Design bullets(Theme theme, int n) {
      return new Design(Layout.BULLETS, theme, title(), lines(n, 16, 22), random.nextLong());
    }

    Design chart(Theme theme, int captions) {
      return new Design(Layout.CHART, theme, title(), lines(captions, 9, 9), random.nextLong());
    }

    Design photo(Theme theme, int captions) {
      return new Design(Layout.PHOTO, theme, title(), lines(captions, 9, 9), random.nextLong());
    }

    Design boxes(Theme theme, int n) {
      return new Design(Layout.BOXES, theme, title(), lines(n, 4, 3), random.nextLong());
    }

    /** One colour with the title in white and {@code subtitles} lines under it. */
    Design titleCard(int colour, int subtitles) {
      return titleCard(colour, 6 + random.nextInt(9), subtitles);
    }

    Design titleCard(int colour, int titleLength, int subtitles) {
      String t = words(random, titleLength);
      return new Design(Layout.TITLE_CARD, new Theme(colour, 0xFFFFFF, 0xB0C8E0),
          Character.toUpperCase(t.charAt(0)) + t.substring(1), lines(subtitles, 14, 12),
          random.nextLong());
    }

    /**
     * A document of {@code n} lines: paragraphs of 3-7 lines of 24-38 characters under headings
     * ({@code "# "}), an empty line between paragraphs.
     */
    List<String> document(int n) {
      List<String> doc = new ArrayList<>();
      while (doc.size() < n) {
        if (random.nextInt(3) == 0) {
          doc.add("# " + title());
        }
        int lines = 3 + random.nextInt(5);
        for (int i = 0; i < lines; i++) {
          doc.add(line(24 + random.nextInt(15)));
        }
        doc.add("");
      }
      return doc.subList(0, n);
    }

    /** The document seen from line {@code first}: as many lines as a window can show. */
    Design window(List<String> doc, int first) {
      return new Design(Layout.DOCUMENT, Theme.LIGHT, name + ".pdf",
          doc.subList(first, first + 20), seed);
    }

    // ---- parts ----

    Deck scroll(double seconds) {
      return transition(Transition.Kind.SCROLL, seconds);
    }

    /** A slide shown whole from its first frame. */
    Deck show(Design design, double seconds) {
      parts.add(new Slide(design, seconds, Reveal.CUT, 0, design.elementCount(), List.of(),
          Live.NONE));
      return this;
    }

    /**
     * A slide whose content (all but the title) appears by {@code entrance} over
     * {@code entranceSeconds}, then holds for {@code hold} seconds with {@code live} content.
     */
    Deck enter(Design design, Reveal entrance, double entranceSeconds, double hold, Live live) {
      parts.add(new Slide(design, entranceSeconds + hold, entrance, entranceSeconds,
          design.elementCount(), List.of(), live));
      return this;
    }

    /**
     * A build: {@code shownAtStart} elements, then one more element per step, each appearing by
     * {@code reveal} over {@code revealSeconds}. {@code holds[0]} is how long the first state
     * holds, {@code holds[i]} how long the state after step i holds; so there are
     * {@code holds.length - 1} steps.
     */
    Deck build(Design design, int shownAtStart, Reveal reveal, double revealSeconds,
               double... holds) {
      return slide(new Slide(design, 0, Reveal.CUT, 0, shownAtStart, List.of(), Live.NONE),
          reveal, revealSeconds, holds);
    }

    /** As {@link #build}, after the entrance of {@code first} (whose seconds are ignored). */
    Deck slide(Slide first, Reveal reveal, double revealSeconds, double... holds) {
      List<Step> steps = new ArrayList<>();
      double t = first.entranceSeconds() + holds[0];
      for (int i = 1; i < holds.length; i++) {
        steps.add(new Step(t, reveal, reveal == Reveal.CUT ? 0 : revealSeconds));
        t += (reveal == Reveal.CUT ? 0 : revealSeconds) + holds[i];
      }
      parts.add(new Slide(first.design(), t, first.entrance(), first.entranceSeconds(),
          first.shownAtStart(), steps, first.live()));
      return this;
    }

    Deck transition(Transition.Kind kind, double seconds) {
      parts.add(new Transition(kind, seconds));
      return this;
    }

    Deck motion(Motion.Kind kind, double seconds) {
      parts.add(new Motion(kind, seconds));
      return this;
    }
  }
}
