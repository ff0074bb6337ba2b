package dev.slides.detect;

/**
 * Tuning of the {@link SegmentDetector}. {@link #defaults()} suits lecture recordings sampled at
 * about one frame per second on analysis frames around 320 pixels wide.
 *
 * @param pixelThreshold grey-level difference above which a pixel counts as changed; above
 *     camera noise and compression flicker once the frame is downscaled
 * @param cellSize side of the square cells (in analysis pixels) that changes are counted in
 * @param cellMinPixels changed pixels a cell needs before it counts as changed; scattered noise
 *     stays below it
 * @param minChangeFraction share of the frame's pixels that must change, outside active areas,
 *     for the slide to count as changed: a changed word counts, a mouse pointer does not
 * @param maxActiveFraction share of cells that may be busy (speaker inset, pointer) while the
 *     frame still counts as a still slide; above it the video is moving
 * @param activityWindow number of recent still sample pairs remembered per cell
 * @param activityMinChanges changes within that window that make a cell an active area, ignored
 *     when comparing slides
 * @param activityMaxFraction sample pairs changing more than this share of cells (a cut, a
 *     stretch of motion) are not remembered as activity: only small areas that keep changing
 *     become active
 * @param minStaticSamples samples a slide must hold still for to count as a static segment
 * @param mergeBuilds whether content that only appears on the slide's background (a bullet
 *     revealed) continues the same static segment rather than starting a new one
 * @param buildBackgroundShare share of the changed pixels that must have been background for a
 *     change to count as a build
 */
public record DetectorOptions(
    int pixelThreshold,
    int cellSize,
    int cellMinPixels,
    double minChangeFraction,
    double maxActiveFraction,
    int activityWindow,
    int activityMinChanges,
    double activityMaxFraction,
    int minStaticSamples,
    boolean mergeBuilds,
    double buildBackgroundShare) {

  public DetectorOptions {
    check(pixelThreshold >= 1 && pixelThreshold <= 254, "pixelThreshold", pixelThreshold);
    check(cellSize >= 2, "cellSize", cellSize);
    check(cellMinPixels >= 1, "cellMinPixels", cellMinPixels);
    check(minChangeFraction > 0 && minChangeFraction < 1, "minChangeFraction", minChangeFraction);
    check(maxActiveFraction > 0 && maxActiveFraction < 1, "maxActiveFraction", maxActiveFraction);
    check(activityWindow >= 1 && activityWindow <= 64, "activityWindow", activityWindow);
    check(activityMinChanges >= 1 && activityMinChanges <= activityWindow,
        "activityMinChanges", activityMinChanges);
    check(activityMaxFraction > 0 && activityMaxFraction <= 1, "activityMaxFraction",
        activityMaxFraction);
    check(minStaticSamples >= 1, "minStaticSamples", minStaticSamples);
    check(buildBackgroundShare > 0 && buildBackgroundShare <= 1,
        "buildBackgroundShare", buildBackgroundShare);
  }

  private static void check(boolean ok, String name, Object value) {
    if (!ok) {
      throw new IllegalArgumentException("Invalid " + name + ": " + value);
    }
  }

  /** Defaults tuned on lecture-like footage (see the detector tests). */
  public static DetectorOptions defaults() {
    return new DetectorOptions(24, 16, 8, 0.0015, 0.4, 20, 4, 0.25, 2, true, 0.9);
  }

  public DetectorOptions withMinStaticSamples(int samples) {
    return new DetectorOptions(pixelThreshold, cellSize, cellMinPixels, minChangeFraction,
        maxActiveFraction, activityWindow, activityMinChanges, activityMaxFraction, samples,
        mergeBuilds, buildBackgroundShare);
  }

  public DetectorOptions withMergeBuilds(boolean merge) {
    return new DetectorOptions(pixelThreshold, cellSize, cellMinPixels, minChangeFraction,
        maxActiveFraction, activityWindow, activityMinChanges, activityMaxFraction,
        minStaticSamples, merge, buildBackgroundShare);
  }
}
