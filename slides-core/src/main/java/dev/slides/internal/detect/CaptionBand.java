package dev.slides.internal.detect;

import dev.slides.Segment;
import dev.slides.SegmentKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A caption band: a band along the frame's bottom or top edge (at most
 * {@link Tuning#maxCaptionBandShare()} of its height), or its left or right edge (at most
 * {@link Tuning#maxCaptionSideShare()} of its width), whose picture is replaced again and again
 * while the rest of the frame holds: burned-in subtitles, a live stream's chat panel. Each
 * replaced line is a small change made in one step out of a picture that held, which is what a
 * new slide is; once {@link Tuning#captionChanges()} such changes in a row were confined to the
 * same band, each within {@link Tuning#maxCaptionGapSeconds()} of the one before, the band is
 * known, and a change confined to it no longer makes a new slide (the detector leaves it out,
 * as an active area). A slide change between them (any change not confined to the band) does
 * not break the series, but two in a row do, as does a pause longer than the gap; a change in
 * the band that a slide took in without ending (see {@link #within}) comes between two slide
 * changes and ends a pause, without counting towards the three.
 *
 * <p>The slides the first changes made are merged back in hindsight: while a series is open,
 * the segments the detector completes are held here ({@link #holding}), and once the band is
 * known each run of slides joined by changes in the band (with the moving stretches between
 * them, a gap between two lines) is one slide, from the first one's first sample to the last
 * one's last. When the series breaks, they are emitted as they were.
 */
final class CaptionBand {
  private final CellGrid grid;
  private final Tuning options;
  /** The band, once known: whole rows or whole columns of cells at the edge; null before. */
  private boolean[] band;
  /** The segments completed while a series is open, oldest first. */
  private final List<Segment> held = new ArrayList<>();
  /** The first samples of the slides that a change in the band started, in this series. */
  private final Set<Long> bandJoined = new HashSet<>();
  private boolean holding;
  private int changes;
  /** When the last change of the series was seen (departed from the slide before). */
  private double lastChange = Double.NaN;
  /** Whether the last change of the series was a slide change. */
  private boolean lastWasSlide;
  /** The cells of the series' changes in the band. */
  private boolean[] union;

  CaptionBand(CellGrid grid, Tuning options) {
    this.grid = grid;
    this.options = options;
  }

  /** The band, once known (do not modify); null before. */
  boolean[] band() {
    return band;
  }

  /** Whether a series is open: the segments completed are to be held (see {@link #hold}). */
  boolean holding() {
    return holding;
  }

  /** The segments held, for the pictures still needed. */
  List<Segment> held() {
    return held;
  }

  void hold(Segment segment) {
    held.add(segment);
  }

  /**
   * Whether the open series can no longer go on by the time {@code now}: the next change would
   * come more than the gap after the last, and the time to judge it.
   */
  boolean expired(double now) {
    return holding && now - lastChange > options.maxCaptionGapSeconds()
        + options.settleSeconds() + options.refinementSeconds() + 1e-9;
  }

  /** Ends the open series: the segments held, as they were. */
  List<Segment> release() {
    List<Segment> released = List.copyOf(held);
    held.clear();
    bandJoined.clear();
    holding = false;
    changes = 0;
    lastChange = Double.NaN;
    lastWasSlide = false;
    union = null;
    return released;
  }

  /**
   * Notes the change that ended a slide at {@code time} and starts the next one at sample
   * {@code startIndex}: {@code cells} are where the new picture differs from the slide, or
   * null when the change kept much of the frame changing (motion, a cut). Segments the change
   * ends a series with go to {@code out}. Returns whether the band is now known: this change was
   * the last one needed.
   */
  boolean change(double time, long startIndex, boolean[] cells, List<Segment> out) {
    if (band != null) {
      return false;
    }
    boolean inBand = cells != null && edge(cells) != null;
    if (holding && (time - lastChange > options.maxCaptionGapSeconds() + 1e-9
        || !inBand && lastWasSlide)) {
      out.addAll(release());
    }
    if (!inBand) {
      if (holding) {
        lastChange = time;
        lastWasSlide = true;
      }
      return false;
    }
    boolean[] joined = cells.clone();
    if (union != null) {
      for (int c = 0; c < joined.length; c++) {
        joined[c] |= union[c];
      }
      if (edge(joined) == null) {
        // Another band, or none: a series starts afresh with this change.
        out.addAll(release());
        joined = cells.clone();
      }
    }
    holding = true;
    changes++;
    union = joined;
    lastChange = time;
    lastWasSlide = false;
    bandJoined.add(startIndex);
    if (changes < options.captionChanges() || !wide(union)) {
      return false;
    }
    band = edge(union);
    return true;
  }

  /**
   * Notes a change the current slide took in without ending (in what it counts as its active
   * area, or judged no new slide by an earlier rule) at {@code time}: when {@code cells} are
   * confined to the band of the series' changes, the band changed though no slide ended. It is
   * no member of the series (only changes that ended a slide count towards the three, and
   * their span), but it keeps the series open: a slide change after it is not the second in a
   * row, and the gap is counted from it. A short slide under subtitles, whose line change the
   * slide took in, is then not two slide changes in a row, and lines that the slides take in
   * for longer than the gap do not end the series.
   */
  void within(double time, boolean[] cells) {
    if (band != null || !holding || union == null) {
      return;
    }
    boolean any = false;
    boolean[] joined = union.clone();
    for (int c = 0; c < joined.length; c++) {
      any |= cells[c];
      joined[c] |= cells[c];
    }
    if (any && edge(joined) != null && edge(cells) != null) {
      lastWasSlide = false;
      lastChange = time;
    }
  }

  /**
   * Whether the changes span at least {@link Tuning#minCaptionSpanShare()} of the frame along
   * their band: lines of text, not a word or a number replaced in one place.
   */
  private boolean wide(boolean[] cells) {
    boolean[] band = edge(cells);
    // Whole rows (bottom, top) hold the first row's two ends alike; whole columns do not.
    boolean rows = band[0] == band[grid.cols - 1];
    int c0 = Integer.MAX_VALUE;
    int c1 = -1;
    for (int c = 0; c < cells.length; c++) {
      if (cells[c]) {
        int along = rows ? c % grid.cols : c / grid.cols;
        c0 = Math.min(c0, along);
        c1 = Math.max(c1, along);
      }
    }
    int length = rows ? grid.cols : grid.rows;
    return c1 - c0 + 1 >= options.minCaptionSpanShare() * length;
  }

  /**
   * The segments held, with each run of slides joined by changes in the band merged into one
   * (see the class comment); the last run when the current slide, starting at sample
   * {@code runStartIndex}, joins it, is not among them but returned as {@link Merged#joined}.
   * Ends the series.
   */
  Merged merge(long runStartIndex) {
    List<Segment> done = new ArrayList<>();
    Segment group = null;
    List<Segment> between = new ArrayList<>();
    for (Segment s : held) {
      if (s.kind() != SegmentKind.STATIC) {
        between.add(s);
        continue;
      }
      if (group != null && bandJoined.contains(s.firstSample())) {
        group = new Segment(SegmentKind.STATIC, group.startTime(), s.endTime(),
            group.firstSample(), s.lastSample());
      } else {
        if (group != null) {
          done.add(group);
        }
        done.addAll(between);
        group = s;
      }
      between.clear();
    }
    Segment joined = null;
    if (group != null && between.isEmpty() && bandJoined.contains(runStartIndex)) {
      joined = group;
    } else if (group != null) {
      done.add(group);
    }
    done.addAll(between);
    held.clear();
    bandJoined.clear();
    holding = false;
    union = null;
    return new Merged(done, joined);
  }

  /**
   * What {@link #merge} gives: the segments to emit, and the merged slide the current one
   * continues (null when it starts afresh).
   */
  record Merged(List<Segment> segments, Segment joined) {}

  /**
   * The band at the frame's edge that holds every cell of {@code cells}, as whole rows (bottom,
   * then top) or whole columns (right, then left); null when there is none.
   */
  private boolean[] edge(boolean[] cells) {
    int size = options.cellSize();
    Bounds b = Bounds.of(cells, grid.cols);
    if (b == null) {
      return null;
    }
    int r0 = b.r0();
    int r1 = b.r1();
    int c0 = b.c0();
    int c1 = b.c1();
    double share = options.maxCaptionBandShare();
    double side = options.maxCaptionSideShare();
    // To the cell: a row or column the band's limit crosses belongs to it.
    boolean bottom = r0 >= (int) Math.floor((1 - share) * grid.height / size);
    boolean top = r1 <= (int) Math.floor(share * grid.height / size);
    boolean right = c0 >= (int) Math.floor((1 - side) * grid.width / size);
    boolean left = c1 <= (int) Math.floor(side * grid.width / size);
    if (!bottom && !top && !right && !left) {
      return null;
    }
    boolean[] band = new boolean[cells.length];
    for (int c = 0; c < cells.length; c++) {
      int row = c / grid.cols;
      int col = c % grid.cols;
      band[c] = bottom ? row >= r0 : top ? row <= r1 : right ? col >= c0 : col <= c1;
    }
    return band;
  }
}
