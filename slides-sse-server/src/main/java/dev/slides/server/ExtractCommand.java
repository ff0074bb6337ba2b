package dev.slides.server;

import dev.slides.ExtractionException;
import dev.slides.ExtractionOptions;
import dev.slides.ExtractionResult;
import dev.slides.SlideExtractor;
import dev.slides.blob.BlobStores;
import dev.slides.FileSystemBlobStore;
import dev.slides.DetectorOptions;
import dev.slides.Region;
import dev.slides.BlobStore;
import dev.slides.JobTracker;
import dev.slides.internal.store.BlobKeys;
import dev.slides.SamplingOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slides extract VIDEO_FILE}: slides into a local directory, with a progress bar. */
@Command(
    name = "extract",
    mixinStandardHelpOptions = true,
    description = "Extracts the slides of a video file into a directory: WebP images under"
        + " slides/{id}/ and the manifest manifests/{id}.json.")
final class ExtractCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "VIDEO_FILE", description = "The video to read.")
  Path video;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
      description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--video-id", paramLabel = "ID",
      description = "Id used in keys and the manifest (default: from the file name).")
  String videoId;

  @Option(names = "--quality", paramLabel = "Q", defaultValue = "${env:SLIDE_IMAGE_QUALITY:-80}",
      description = "WebP quality 0-100 (env SLIDE_IMAGE_QUALITY, default 80).")
  int quality;

  @Option(names = "--max-width", paramLabel = "PX",
      defaultValue = "${env:SLIDES_MAX_IMAGE_WIDTH:-1920}",
      description = "Scale wider slide images down to this width (env SLIDES_MAX_IMAGE_WIDTH,"
          + " default 1920).")
  int maxWidth;

  @Option(names = "--samples-per-second", paramLabel = "N",
      defaultValue = "${env:SLIDES_SAMPLES_PER_SECOND:-4}",
      description = "Frames analysed per second of video (env SLIDES_SAMPLES_PER_SECOND,"
          + " default 4).")
  double samplesPerSecond;

  @Option(names = "--sensitivity", paramLabel = "0-100", defaultValue = "50",
      description = "How small a change makes a new slide: 0 only a new layout, 100 a changed"
          + " character (default ${DEFAULT-VALUE}: a changed word on a 1080p slide; every 25"
          + " points halve or double the smallest change that counts).")
  int sensitivity;

  @Option(names = "--min-slide-duration", paramLabel = "SECONDS", defaultValue = "1",
      description = "Shorter holds are part of the motion around them (default"
          + " ${DEFAULT-VALUE} s).")
  double minSlideSeconds;

  @Option(names = "--region", paramLabel = "X,Y,W,H",
      description = "Analyse only this part of the frame, in shares or percent of its width and"
          + " height: 0,0,0.75,1 leaves out the right quarter (a speaker). Images stay whole.")
  String region;

  @Option(names = "--start", paramLabel = "TIME",
      description = "Analyse from this time on: seconds, mm:ss or hh:mm:ss (default: 0).")
  String start;

  @Option(names = "--end", paramLabel = "TIME",
      description = "Analyse up to this time (default: the end of the video).")
  String end;

  @Option(names = "--split-builds",
      description = "One slide per build step (a bullet revealed) instead of one per slide.")
  boolean splitBuilds;

  @Option(names = "--stats", paramLabel = "FILE",
      description = "Write what the detector measured and decided for every sample as CSV:"
          + " time, changed share, difference share, active share, state, event.")
  Path stats;

  @Option(names = {"-v", "--verbose"}, description = "Log what happens (to stderr).")
  boolean verbose;

  @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
      description = "bar, lines, none, or auto (a bar on a terminal, lines otherwise).")
  String progress;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    Logging.quietUnless(verbose);
    String id = videoId != null ? videoId : idFromFileName(video);
    if (!BlobKeys.isValidVideoId(id)) {
      stderr.println("Invalid --video-id \"" + id + "\": use letters, digits, '_' and '-',"
          + " 1 to 64 characters.");
      return 2;
    }
    ExtractionOptions options;
    try {
      options = ExtractionOptions.defaults()
          .withImageQuality(quality)
          .withMaxImageWidth(maxWidth)
          .withSampling(SamplingOptions.defaults().withSamplesPerSecond(samplesPerSecond))
          .withDetector(detectorOptions());
    } catch (IllegalArgumentException e) {
      stderr.println(e.getMessage());
      return 2;
    }
    StatsFile statsFile = null;
    if (stats != null) {
      try {
        statsFile = StatsFile.create(stats);
      } catch (java.io.IOException e) {
        stderr.println("Cannot write the statistics file " + stats + ": " + e.getMessage());
        return 2;
      }
      options = options.withSampleStats(statsFile);
    }
    BlobStore store;
    try {
      store = BlobStores.fromEnvironment(System.getenv(), out, null);
    } catch (IllegalArgumentException e) {
      stderr.println(e.getMessage());
      return 2;
    }
    JobTracker tracker = JobTracker.inMemory();
    boolean terminal = switch (progress.toLowerCase(Locale.ROOT)) {
      case "bar" -> true;
      case "lines", "none" -> false;
      default -> System.console() != null;
    };
    if (!progress.equalsIgnoreCase("none")) {
      tracker.addListener(new ProgressPrinter(stdout, terminal));
    }
    try {
      ExtractionResult result = SlideExtractor.create(store, options).extract(id, video, tracker);
      printSummary(stdout, result, store);
      return 0;
    } catch (ExtractionException e) {
      stderr.println(e.summary() + ": " + e.getMessage());
      return 1;
    } finally {
      if (statsFile != null) {
        try {
          statsFile.close();
          if (statsFile.failure() != null) {
            stderr.println("Cannot write the statistics file " + stats + ": "
                + statsFile.failure().getMessage());
          }
        } catch (java.io.IOException e) {
          stderr.println("Cannot write the statistics file " + stats + ": " + e.getMessage());
        }
      }
    }
  }

  private DetectorOptions detectorOptions() {
    DetectorOptions.Builder b = DetectorOptions.builder()
        .sensitivity(sensitivity)
        .minSlideDuration(Duration.ofNanos(Math.round(minSlideSeconds * 1e9)))
        .mergeBuilds(!splitBuilds);
    if (region != null) {
      b.region(Region.parse(region));
    }
    if (start != null) {
      b.start(TimeArgument.parse(start, "--start"));
    }
    if (end != null) {
      b.end(TimeArgument.parse(end, "--end"));
    }
    return b.build();
  }

  private static void printSummary(PrintWriter out, ExtractionResult r, BlobStore store) {
    double seconds = r.elapsed().toNanos() / 1e9;
    out.printf(Locale.ROOT, "Slides found:  %d (%d shown again, %d frames reused)%n",
        r.slideCount(), r.duplicateSlides(), r.duplicateFrames());
    out.printf(Locale.ROOT, "Segments:      %d (%d moving)%n", r.segments().size(),
        r.segments().size() - r.slideCount());
    out.printf(Locale.ROOT, "Video:         %.1f s, %d frames analysed%n", r.durationSeconds(),
        r.samples());
    out.printf(Locale.ROOT, "Time taken:    %.2f s (%.1fx realtime)%n", seconds,
        seconds > 0 ? r.durationSeconds() / seconds : 0);
    if (store instanceof FileSystemBlobStore local) {
      out.printf("Manifest:      %s%n", Path.of(URI.create(r.manifestUrl())));
      out.printf("Images:        %s%n", local.root().resolve("slides").resolve(r.videoId()));
    } else {
      out.printf("Manifest:      %s%n", r.manifestUrl());
      out.printf("Store:         %s%n", store.describe());
    }
    out.flush();
  }

  /** {@code My Talk (2024).mp4} becomes {@code My_Talk_2024}. */
  static String idFromFileName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      name = name.substring(0, dot);
    }
    String id = name.replaceAll("[^A-Za-z0-9_-]+", "_").replaceAll("^_+|_+$", "");
    if (id.length() > 64) {
      id = id.substring(0, 64);
    }
    return id.isEmpty() ? "video" : id;
  }
}
