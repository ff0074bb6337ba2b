package dev.slides.internal.detect;

import dev.slides.DetectorOptions;
import dev.slides.LumaFrame;
import dev.slides.SlideFrame.FrameRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds slide frames that were already seen (the presenter went back, or a segment's last frame
 * equals its first). A {@link PerceptualHash} picks candidates cheaply; a candidate counts as
 * equal only when the frames also match pixel by pixel the way the segment detector judges
 * slides, outside the areas it found active (a speaker inset). So two slides that differ by one
 * word are never merged, and nothing shown on screen is lost.
 *
 * <p>Frames are offered in order (segment 1 first, segment 1 last, segment 2 first, ...); only
 * frames found unique are remembered, so a duplicate always points at a stored frame, the
 * earliest equal one. Not thread-safe.
 */
public final class DuplicateDetector {
  /** Hash distance below which frames are compared pixel by pixel. */
  public static final int DEFAULT_MAX_HASH_DISTANCE = 12;

  /**
   * A frame kept; {@code thresholds} count as changed against it, per cell (lower on a faint
   * slide, and in the faint content of a slide of ordinary contrast).
   */
  private record Entry(FrameRef ref, long hash, int width, int height, byte[] pixels,
                       int[] thresholds) {}

  private final Tuning options;
  private final int maxHashDistance;
  private final List<Entry> unique = new ArrayList<>();
  private CellGrid grid;
  private int[] perCell;

  public DuplicateDetector(DetectorOptions options, int maxHashDistance) {
    this.options = new Tuning(Objects.requireNonNull(options, "options"));
    this.maxHashDistance = maxHashDistance;
  }

  public DuplicateDetector() {
    this(DetectorOptions.defaults(), DEFAULT_MAX_HASH_DISTANCE);
  }

  /**
   * Returns the earliest remembered frame equal to {@code frame}, or remembers {@code frame} as
   * unique and returns empty.
   *
   * @param ignoredCells cells left out of the comparison (the detector's active cells: a
   *     speaker inset), on the grid of the analysed region; null for none
   */
  public Optional<FrameRef> check(FrameRef ref, LumaFrame whole, boolean[] ignoredCells) {
    LumaFrame frame = options.region().crop(whole);
    if (grid == null) {
      grid = new CellGrid(frame.width(), frame.height(), options);
      perCell = new int[grid.cells];
    }
    long hash = PerceptualHash.of(frame);
    byte[] pixels = CellGrid.smooth(frame);
    int[] thresholds = grid.slideThresholds(pixels).cells();
    int[] lower = new int[grid.cells];
    boolean[] ignore = ignoredCells;
    if (ignore != null && ignore.length != grid.cells) {
      ignore = null;
    }
    for (Entry entry : unique) {
      if (PerceptualHash.distance(hash, entry.hash) > maxHashDistance
          || entry.width != frame.width() || entry.height != frame.height()) {
        continue;
      }
      // Two slides that differ by a line of light grey text (on a faint slide, or beside a dark
      // logo) are two slides, as for the segment detector.
      for (int c = 0; c < lower.length; c++) {
        lower[c] = Math.min(thresholds[c], entry.thresholds[c]);
      }
      grid.countChanges(entry.pixels, pixels, perCell, ignore, lower);
      if (CellGrid.sum(perCell) < grid.minChangePixels) {
        return Optional.of(entry.ref);
      }
    }
    unique.add(new Entry(ref, hash, frame.width(), frame.height(), pixels, thresholds));
    return Optional.empty();
  }

  /** Number of unique frames remembered. */
  public int uniqueCount() {
    return unique.size();
  }
}
