package dev.slides.bench.accuracy;

import dev.slides.bench.accuracy.AccuracyBenchmark.CaseResult;
import dev.slides.bench.accuracy.Scorer.Score;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The detector on a case re-encoded as YouTube's small rendition is (what a YouTube job
 * analyses), against the full-size case: 360 lines high, x264 {@code -crf 28 -maxrate 500k},
 * a keyframe at most every 3 s, as {@code TwoRenditionsBenchmark} makes its 360p rendition.
 *
 * @param width the small rendition's width
 * @param height its height
 * @param full the score of the full-size case
 * @param small the score of the small rendition
 * @param fullSegments segments (both kinds) found at full size
 * @param smallSegments segments found on the small rendition
 * @param match the two runs' segments paired at IoU of at least {@link #MIN_IOU}
 * @param statics the static segments found on the small rendition
 */
record SmallRendition(int width, int height, Score full, Score small, int fullSegments,
                      int smallSegments, SegmentMatch match, double fullSeconds,
                      double smallSeconds, List<Span> statics) {
  static final int HEIGHT = 360;
  static final double MIN_IOU = 0.9;
  /** Longest time between two keyframes, as in YouTube's renditions. */
  static final double KEYFRAME_SECONDS = 3;

  boolean same() {
    return match.matched() == fullSegments && match.matched() == smallSegments;
  }

  /**
   * Runs the detector on the small rendition of {@code video} (made once, kept in
   * {@code dir}) at {@code rate} and compares it with the full-size run {@code full}.
   */
  static SmallRendition of(CaseSpec spec, Truth truth, Path video, Path dir, double rate,
      ProjectDetector.Detection full, double fullSeconds) throws IOException {
    Path small = encode(spec, video, dir);
    long t = System.nanoTime();
    ProjectDetector.Detection found = ProjectDetector.detect(small, rate, true);
    double seconds = (System.nanoTime() - t) / 1e9;
    int[] size = size(small);
    return new SmallRendition(size[0], size[1], Scorer.score(truth.statics(), full.statics()),
        Scorer.score(truth.statics(), found.statics()), full.segments().size(),
        found.segments().size(), SegmentMatch.of(full.segments(), found.segments(), MIN_IOU),
        fullSeconds, seconds, found.statics());
  }

  /** The case as a 360p rendition: {@code dir/{case}.mp4}, made unless newer than the case. */
  static Path encode(CaseSpec spec, Path video, Path dir) throws IOException {
    Path small = dir.resolve(spec.name() + ".mp4");
    if (Files.exists(small)
        && Files.getLastModifiedTime(small).compareTo(Files.getLastModifiedTime(video)) > 0) {
      return small;
    }
    Files.createDirectories(dir);
    Path partial = dir.resolve(spec.name() + ".partial.mp4");
    long gop = Math.round(KEYFRAME_SECONDS * spec.fps());
    run(FfmpegCli.COMMAND, "-v", "error", "-y", "-i", video.toString(),
        "-vf", "scale=-2:" + HEIGHT, "-c:v", "libx264", "-preset", "veryfast",
        "-g", Long.toString(gop), "-keyint_min", Long.toString(spec.fps()), "-bf", "3",
        "-crf", "28", "-maxrate", "500k", "-bufsize", "1M", "-an", "-movflags", "+faststart",
        partial.toString());
    Files.move(partial, small, StandardCopyOption.REPLACE_EXISTING);
    return small;
  }

  private static int[] size(Path video) throws IOException {
    String out = run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
        "stream=width,height", "-of", "csv=p=0", video.toString()).strip();
    String[] parts = out.split(",");
    return new int[] {Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip())};
  }

  private static String run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return out;
  }

  /** The Markdown table of every case, then the worst and mean case. */
  static String table(List<CaseResult> results, double rate) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%nThe small rendition"
        + " (%d lines, x264 -crf 28 -maxrate 500k, a keyframe at most every %.0f s) against the"
        + " full-size case, at %s samples/s (segments of both kinds matched one to one at IoU >="
        + " %.1f):%n%n", HEIGHT, KEYFRAME_SECONDS, num(rate), MIN_IOU));
    s.append("| case | full size | small | F1 full | F1 small | bF1 full | bF1 small | segments"
        + " full | small | matched | min IoU | time full s | small s |\n");
    s.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    List<SmallRendition> all = new ArrayList<>();
    String worstCase = "";
    double worstSmall = 2;
    for (CaseResult r : results) {
      SmallRendition c = r.small();
      if (c == null) {
        continue;
      }
      all.add(c);
      if (c.small().f1() < worstSmall) {
        worstSmall = c.small().f1();
        worstCase = r.spec().name();
      }
      s.append(String.format(Locale.ROOT, "| %s | %dx%d | %dx%d | %.2f | %.2f | %.2f | %.2f |"
          + " %d | %d | %d%s | %.2f | %.1f | %.1f |%n", r.spec().name(), r.truth().width(),
          r.truth().height(), c.width(), c.height(), c.full().f1(), c.small().f1(),
          c.full().boundaryF1(), c.small().boundaryF1(), c.fullSegments(), c.smallSegments(),
          c.match().matched(), c.same() ? "" : " **DIFFERS**", c.match().minIou(),
          c.fullSeconds(), c.smallSeconds()));
    }
    s.append(String.format(Locale.ROOT, "| **worst** | | | %.2f | %.2f | %.2f | %.2f | | | | | |"
        + " |%n", all.stream().mapToDouble(c -> c.full().f1()).min().orElse(Double.NaN),
        all.stream().mapToDouble(c -> c.small().f1()).min().orElse(Double.NaN),
        all.stream().mapToDouble(c -> c.full().boundaryF1()).min().orElse(Double.NaN),
        all.stream().mapToDouble(c -> c.small().boundaryF1()).min().orElse(Double.NaN)));
    s.append(String.format(Locale.ROOT, "| **mean** | | | %.2f | %.2f | %.2f | %.2f | | | | | |"
        + " |%n", all.stream().mapToDouble(c -> c.full().f1()).average().orElse(Double.NaN),
        all.stream().mapToDouble(c -> c.small().f1()).average().orElse(Double.NaN),
        all.stream().mapToDouble(c -> c.full().boundaryF1()).average().orElse(Double.NaN),
        all.stream().mapToDouble(c -> c.small().boundaryF1()).average().orElse(Double.NaN)));
    double fullTime = all.stream().mapToDouble(SmallRendition::fullSeconds).sum();
    double smallTime = all.stream().mapToDouble(SmallRendition::smallSeconds).sum();
    s.append(String.format(Locale.ROOT, "%nSame segments on %d of %d cases; worst F1 on the small"
        + " rendition %.2f (%s); detection %.1f s small against %.1f s at full size (the"
        + " baseline), ratio %.2f.%n",
        all.stream().filter(SmallRendition::same).count(), all.size(), worstSmall, worstCase,
        smallTime, fullTime, fullTime > 0 ? smallTime / fullTime : Double.NaN));
    return s.toString();
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
