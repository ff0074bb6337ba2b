package dev.slides.internal.extract;

/**
 * The one place that turns a phase and how far it got into the job's overall {@code percent}.
 * A job that downloads its video spends the first fifth of the bar on it; the analysis takes
 * the bar up to 85 %, the uploads the rest.
 */
public enum Progress {
  /** Downloading the video (jobs of the service). */
  DOWNLOAD(0, 20),
  /** Analysing a video that was downloaded first. */
  ANALYSIS_AFTER_DOWNLOAD(20, 85),
  /** Analysing a local video (the library, the command line). */
  ANALYSIS(0, 85),
  /** Encoding and uploading the slide images, then the manifest. */
  UPLOAD(85, 100);

  private final double start;
  private final double end;

  Progress(double start, double end) {
    this.start = start;
    this.end = end;
  }

  /** Where the phase starts, in percent of the whole job. */
  public double start() {
    return start;
  }

  /** The overall percent once {@code fraction} (0 to 1) of this phase is done. */
  public double at(double fraction) {
    double f = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
    return start + (end - start) * f;
  }
}
