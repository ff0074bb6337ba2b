package dev.slides.server;

import dev.slides.BlobStore;
import dev.slides.DetectorOptions;
import dev.slides.ExtractionException;
import dev.slides.ExtractionOptions;
import dev.slides.ExtractionResult;
import dev.slides.FileSystemBlobStore;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import dev.slides.Region;
import dev.slides.SamplingOptions;
import dev.slides.SlideExtractor;
import dev.slides.export.SlideExporter;
import dev.slides.internal.download.AddressFilter;
import dev.slides.internal.store.BlobKeys;
import dev.slides.internal.store.FileErrors;
import dev.slides.internal.store.FileTree;
import dev.slides.internal.text.Quantity;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code slides extract VIDEO...}: slides into a local directory (or the configured store),
 * with progress. A video is a file, a URL, a YouTube id or link, {@code -} for standard input;
 * a directory or a list file makes a batch.
 */
@Command(
    name = "extract",
    mixinStandardHelpOptions = true,
    versionProvider = SlidesCommand.Version.class,
    description = {
        "Extracts the slides of videos into a directory: WebP images under slides/{id}/ and the"
            + " manifest manifests/{id}.json.",
        "",
        "VIDEO is a video file, an http(s) URL, a YouTube id or link (fetched with yt-dlp), or -"
            + " to read the video from standard input. A folder stands for its video files, a"
            + " text file for the videos it lists, one per line (a line starting with # is a"
            + " comment). Several videos make a batch: each gets its own manifest, a failing one"
            + " does not stop the others, and a table sums them up at the end.",
        "",
        "In a batch, each export's file name holds {id}, which becomes the video's id:"
            + " --pdf exports/{id}.pdf.",
        "",
        "An export or --stats given - as its file writes to standard output (one of them at"
            + " most, for one video): progress, the summary and the names of the files written"
            + " then go to standard error.",
        "",
        "Exit status: 0 when every video was done, 1 when one failed, 2 for wrong arguments,"
            + " 130 when interrupted (Ctrl-C), 141 when the reader of standard output stopped"
            + " early (| head)."},
    // Each line at most 80 columns, picocli's width: a longer one wraps without its indent.
    footer = {"",
        "Set in the environment only (see the README's Configuration):",
        "  SLIDES_STORAGE       local, vercel, s3 or auto (the default: chosen from the",
        "                       variables below; local is the --out folder)",
        "  BLOB_READ_WRITE_TOKEN, VERCEL_BLOB_API_URL",
        "                       Vercel Blob",
        "  S3_ENDPOINT, S3_REGION, S3_BUCKET_NAME, S3_ACCESS_KEY, S3_SECRET_KEY,",
        "  S3_PATH_STYLE, S3_PUBLIC_BASE_URL, S3_PRESIGN_SECONDS",
        "                       S3 and S3-compatible stores",
        "  SLIDES_LOG_FORMAT    text (default) or json, one object a line"})
final class ExtractCommand implements Callable<Integer> {
  /** The exit status of a shell whose command was stopped by Ctrl-C (128 + SIGINT). */
  static final int CANCELLED = 130;
  /** How long Ctrl-C waits for the work to stop and clean up before the process ends. */
  private static final long CANCEL_GRACE_SECONDS = 10;

  /** The name of a slide image the library writes: {@code 12-first.webp}. */

  /** How progress is shown. */
  enum ProgressMode { auto, bar, lines, none }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "VIDEO",
      description = "Video files, URLs, YouTube ids or links, folders, list files, or -.")
  List<String> inputs;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
      description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--video-id", paramLabel = "ID",
      description = "Id used in keys and the manifest (default: from the file name, the URL's"
          + " last part, the YouTube id; \"stdin\" for -). One video only.")
  String videoId;

  @Mixin ExtractionFlags extraction;

  @Option(names = "--samples-per-second", paramLabel = "N",
      defaultValue = "${env:SLIDES_SAMPLES_PER_SECOND:-4}",
      description = "Frames analysed per second of video, 1 to 60 (env"
          + " SLIDES_SAMPLES_PER_SECOND, default 4).")
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
      description = "Analyse from this time on (default 0): seconds, mm:ss or hh:mm:ss.")
  String start;

  @Option(names = "--end", paramLabel = "TIME",
      description = "Analyse up to this time (default: the end of the video).")
  String end;

  @Option(names = "--split-builds",
      description = "One slide per build step (a bullet revealed) instead of one per slide.")
  boolean splitBuilds;

  @Option(names = "--stats", paramLabel = "FILE",
      description = "Write what the detector measured and decided for every sample as CSV:"
          + " time, changed share, difference share, active share, state, event, mean"
          + " difference, brightness change, rest limit. One video only; - for standard"
          + " output.")
  Path stats;

  @Option(names = {"-v", "--verbose"}, description = "Log what happens (to stderr).")
  boolean verbose;

  @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
      description = "${COMPLETION-CANDIDATES}: a bar on a terminal and lines otherwise (auto),"
          + " always a bar, always lines, or nothing (default ${DEFAULT-VALUE}).")
  ProgressMode progress;

  @Mixin DownloadLimits downloads;

  @Mixin ExportFiles exports;

  /** Where {@code -} reads from; tests hand in their own. */
  InputStream stdin = interruptible(new FileInputStream(FileDescriptor.in));
  /** Whether {@link #stdin} is a terminal, where no video will come from. */
  java.util.function.BooleanSupplier standardInputIsTerminal =
      () -> ProgressPrinter.isTerminal(0);

  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean cancelled;
  /** Standard output's reader went away: the command ends without a word (exit 141). */
  private volatile boolean readerGone;
  private volatile ProgressPrinter printer;
  private volatile Path workDirectory;

  /** What became of one video. */
  record Outcome(VideoInput input, String videoId, ExtractionResult result, String failure) {
    boolean ok() {
      return result != null;
    }
  }

  @Override
  public Integer call() {
    PrintWriter stderr = spec.commandLine().getErr();
    // Progress, the summary, "Wrote" lines: standard output, unless an export's bytes go there.
    PrintWriter report = exports.toStandardOutput() || ExportFiles.isStandardOutput(stats)
        ? stderr : spec.commandLine().getOut();
    Logging.quietUnless(verbose);
    checkRanges();
    List<VideoInput> videos = new ArrayList<>();
    try {
      for (String input : inputs) {
        videos.addAll(VideoInput.expand(input));
      }
    } catch (VideoInput.BadInputException e) {
      throw wrongArgument(e.getMessage());
    }
    boolean batch = videos.size() > 1;
    if (batch && videoId != null) {
      throw wrongArgument("--video-id names one video; these arguments name " + videos.size());
    }
    if (batch && stats != null) {
      throw wrongArgument("--stats writes the statistics of one video; these arguments name "
          + videos.size());
    }
    if (videos.stream().anyMatch(v -> v.kind() == VideoInput.Kind.STDIN) && batch) {
      throw wrongArgument("Standard input (-) can only be read on its own, not in a batch");
    }
    if (!batch && videos.get(0).kind() == VideoInput.Kind.STDIN
        && standardInputIsTerminal.getAsBoolean()) {
      // It waited, silent, for a video typed in, and said after Ctrl-D that none came.
      throw wrongArgument("- reads the video from standard input, which is this terminal:"
          + " pipe a video into it (cat talk.mp4 | slides extract -) or give its file");
    }
    Optional<String> exportProblem = exports.problemForBatch(videos.size());
    if (exportProblem.isPresent()) {
      throw wrongArgument(exportProblem.get());
    }
    List<String> ids = batch ? batchIds(videos) : List.of(
        videoId != null ? videoId : videos.get(0).defaultId());
    if (!BlobKeys.isValidVideoId(ids.get(0))) {
      throw wrongArgument("Invalid --video-id \"" + ids.get(0) + "\": use letters, digits,"
          + " '_' and '-', 1 to 64 characters.");
    }
    Map<String, Path> otherOutputs = new LinkedHashMap<>();
    if (BlobStores.choosesLocal(System.getenv())) {
      // --stats out/manifests/talk.json was written over by the manifest at the end.
      otherOutputs.put("the manifest", out.resolve("manifests").resolve(ExportFiles.ID + ".json"));
    }
    otherOutputs.put("--stats", stats);
    List<Path> videoFiles = videos.stream().filter(v -> v.kind() == VideoInput.Kind.FILE)
        .map(VideoInput::file).toList();
    Optional<String> exportTarget = exports.sameFile(ids, otherOutputs, videoFiles)
        .or(() -> exports.problemWriting(ids));
    if (exportTarget.isPresent()) {
      // Found out now, as for the output folder below, not when the analysis is done.
      stderr.println(exportTarget.get());
      return 2;
    }
    ExtractionOptions options;
    InputDownloader fetcher;
    BlobStore store;
    try {
      options = extraction.applyTo(ExtractionOptions.builder()
          .sampling(SamplingOptions.builder().samplesPerSecond(samplesPerSecond).build())
          .detector(detectorOptions()).build());
      fetcher = new InputDownloader(downloads.options(AddressFilter.any()), downloads.ytDlp,
          downloads.smallYouTubeRendition(), stdin);
      store = BlobStores.fromEnvironment(System.getenv(), out, null);
    } catch (IllegalArgumentException e) {
      throw wrongArgument(e.getMessage());
    }
    if (store instanceof FileSystemBlobStore) {
      // Found out now, not after the analysis, when the first image is written.
      try {
        Files.createDirectories(out);
        if (!Files.isWritable(out)) {
          throw new AccessDeniedException(out.toString());
        }
      } catch (IOException e) {
        stderr.println("Cannot write to the output folder " + out + ": " + reason(e));
        return 2;
      }
    }
    StatsFile statsFile = null;
    if (stats != null) {
      try {
        Thread worker = Thread.currentThread();
        statsFile = ExportFiles.isStandardOutput(stats)
            ? StatsFile.to(exports.standardOutput, () -> stopForGoneReader(worker))
            : StatsFile.create(stats);
      } catch (IOException e) {
        stderr.println("Cannot write " + statsName() + ": " + reason(e));
        return 2;
      }
      options = options.toBuilder().sampleStats(statsFile).build();
    }
    JobTracker tracker = JobTracker.inMemory();
    if (progress != ProgressMode.none) {
      boolean terminal = progress == ProgressMode.bar || (progress == ProgressMode.auto
          && ProgressPrinter.isTerminal(report == stderr ? 2 : 1));
      printer = new ProgressPrinter(report, terminal);
      tracker.addListener(printer);
    }
    SlideExtractor extractor = SlideExtractor.create(store, options);
    Thread cancelOnSignal = cancelOnSignal(Thread.currentThread(), stderr);
    Runtime.getRuntime().addShutdownHook(cancelOnSignal);
    List<Outcome> outcomes = new ArrayList<>();
    try (fetcher) {
      for (int i = 0; i < videos.size() && !stopped(); i++) {
        VideoInput video = videos.get(i);
        if (batch) {
          report.printf(Locale.ROOT, "[%d/%d] %s%n", i + 1, videos.size(), video.text());
          report.flush();
        }
        Outcome outcome = extractOne(video, ids.get(i), extractor, fetcher, tracker);
        if (outcome.ok() && exports.any() && !stopped()) {
          outcome = export(outcome, store, report);
        }
        outcomes.add(outcome);
        if (!outcome.ok() && !stopped()) {
          stderr.println((batch ? video.text() + ": " : "") + outcome.failure());
          stderr.flush();
        }
      }
      if (cancelled) {
        if (batch && outcomes.stream().anyMatch(Outcome::ok)) {
          // Which videos were done before Ctrl-C: their manifests are complete and stay.
          printTable(report, outcomes, store, videos.size(), true);
        }
        return CANCELLED;
      }
      if (!closeStats(statsFile, stderr) || readerGone) {
        // Standard output carries one video's export or statistics: no batch, no table.
        return readerGone ? ExportFiles.READER_GONE : 1;
      }
      if (batch) {
        printTable(report, outcomes, store, videos.size(), false);
      } else if (outcomes.get(0).ok()) {
        printSummary(report, outcomes.get(0).result(), store);
      }
      return outcomes.stream().allMatch(Outcome::ok) ? 0 : 1;
    } finally {
      if (statsFile != null) {
        try {
          statsFile.close(); // closed already unless the work ended in an exception
        } catch (IOException e) {
          // reported by closeStats where the work came to an end
        }
      }
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(cancelOnSignal);
      } catch (IllegalStateException e) {
        // the process is already shutting down: the hook is running
      }
    }
  }

  private Outcome extractOne(VideoInput video, String id, SlideExtractor extractor,
      InputDownloader fetcher, JobTracker tracker) {
    try {
      if (video.kind() == VideoInput.Kind.FILE) {
        if (!Files.exists(video.file())) {
          // A list names it relative to the list's own folder: say where it was looked for,
          // which the library's message (the file's name alone) does not.
          return new Outcome(video, id, null, "Video file not found: " + video.file()
              + (video.listedAt() == null ? "" : " (named on " + video.listedAt() + ")"));
        }
        if (!VideoInput.nameSurvives(video.file())) {
          return new Outcome(video, id, null, VideoInput.unnameable(video.file().toString()));
        }
        return new Outcome(video, id, extractor.extract(id, video.file(), tracker), null);
      }
      JobTracker.Run run = tracker.createOrRestart(id,
          JobState.of(JobStatus.PENDING, "Processing started"),
          state -> state.status().isTerminal()).run();
      Path dir = Files.createTempDirectory("slides-download-");
      workDirectory = dir;
      try {
        Path file = dir.resolve(video.downloadName());
        URI images;
        try {
          images = fetcher.fetch(video, run, file);
        } catch (IOException e) {
          String summary = video.kind() == VideoInput.Kind.STDIN
              ? "Reading standard input failed" : "Video download failed";
          String error = e.getMessage() == null ? e.toString() : e.getMessage();
          run.update(s -> s.withStatus(JobStatus.FAILED, summary).withError(error)
              .withPercent(null));
          return new Outcome(video, id, null, summary + ": " + error);
        }
        try {
          return new Outcome(video, id, fetcher.extract(extractor, run, file, images), null);
        } catch (InterruptedIOException e) {
          // Ctrl-C while the larger rendition was being opened
          run.update(s -> s.withStatus(JobStatus.FAILED, "Job cancelled").withError("cancelled")
              .withPercent(null));
          return new Outcome(video, id, null, "Job cancelled");
        }
      } finally {
        deleteTree(dir);
        workDirectory = null;
      }
    } catch (ExtractionException e) {
      return new Outcome(video, id, null, e.summary() + ": " + e.getMessage());
    } catch (IOException e) {
      return new Outcome(video, id, null, "Cannot make a folder for the download: "
          + e.getMessage());
    }
  }

  /** Writes the export files of a finished video; a failure fails the video, not the batch. */
  private Outcome export(Outcome done, BlobStore store, PrintWriter report) {
    try {
      ExportFiles.reportWritten(exports.write(ExportFiles.deckIn(store, done.videoId()),
          SlideExporter.defaults()), report);
      return done;
    } catch (ExportFiles.ReaderGoneException e) {
      readerGone = true;
      return done;
    } catch (ExportFiles.PartlyWrittenException e) {
      ExportFiles.reportWritten(e.written(), report);
      return new Outcome(done.input(), done.videoId(), null, "Export failed: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      return new Outcome(done.input(), done.videoId(), null, "Export failed: "
          + (e.getMessage() == null ? e.toString() : e.getMessage()));
    }
  }

  /**
   * Ctrl-C (or SIGTERM) during the work: stop it, let it clean up, say so on a line of its own,
   * and end with status 130 as a shell does for an interrupted command.
   */
  private Thread cancelOnSignal(Thread worker, PrintWriter stderr) {
    return new Thread(() -> {
      if (finished.getCount() == 0) {
        return;
      }
      cancelled = true;
      ProgressPrinter p = printer;
      if (p != null) {
        p.stop();
      }
      worker.interrupt();
      try {
        finished.await(CANCEL_GRACE_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Path left = workDirectory;
      if (left != null) {
        deleteTree(left); // standard input blocks in a read that an interrupt does not end
      }
      stderr.println("Cancelled");
      stderr.flush();
      Runtime.getRuntime().halt(CANCELLED);
    }, "slides-cancel");
  }

  /**
   * {@code in} read through its channel, which an interrupt closes: a read of
   * {@code System.in} from a pipe that brings nothing ignores the interrupt of Ctrl-C, which then
   * waited out its whole grace period before the command ended.
   */
  static InputStream interruptible(FileInputStream in) {
    return Channels.newInputStream(in.getChannel());
  }

  /** Ids from the videos' names, made unique within the batch ({@code talk}, {@code talk_2}). */
  static List<String> batchIds(List<VideoInput> videos) {
    Set<String> taken = new HashSet<>();
    List<String> ids = new ArrayList<>();
    for (VideoInput video : videos) {
      String base = video.defaultId();
      String id = base;
      for (int n = 2; !taken.add(id.toLowerCase(Locale.ROOT)); n++) {
        String suffix = "_" + n;
        id = base.substring(0, Math.min(base.length(), 64 - suffix.length())) + suffix;
      }
      ids.add(id);
    }
    return ids;
  }

  /** Cancelled, or standard output's reader gone: no more work, nothing more to say. */
  private boolean stopped() {
    return cancelled || readerGone;
  }

  /**
   * The reader of {@code --stats -} went away mid-analysis ({@code | head}): stop the work as
   * Ctrl-C does (the analysis is for that output; an earlier result stays), then end quietly.
   */
  private void stopForGoneReader(Thread worker) {
    readerGone = true;
    ProgressPrinter p = printer;
    if (p != null) {
      p.stop();
    }
    worker.interrupt();
  }

  /**
   * Closes the statistics file and says when it could not be written whole: a full disk or an
   * unwritable file fails the command (the statistics are what the user asked for), a reader
   * of standard output gone away ends it quietly ({@link #readerGone}).
   *
   * @return false when the statistics could not be written for another reason than that
   */
  private boolean closeStats(StatsFile statsFile, PrintWriter stderr) {
    if (statsFile == null) {
      return true;
    }
    IOException failure;
    try {
      statsFile.close();
      failure = statsFile.failure();
    } catch (IOException e) {
      failure = statsFile.failure() != null ? statsFile.failure() : e;
    }
    if (failure == null) {
      return true;
    }
    if (ExportFiles.isStandardOutput(stats) && ExportFiles.isBrokenPipe(failure)) {
      readerGone = true;
      return true;
    }
    stderr.println("Cannot write " + statsName() + ": " + reason(failure));
    stderr.flush();
    return false;
  }

  private String statsName() {
    return ExportFiles.isStandardOutput(stats) ? "the statistics to standard output"
        : "the statistics file " + stats;
  }

  /** Why a file could not be written, in words where the exception has them. */
  static String reason(IOException e) {
    String reason = FileErrors.reason(e);
    return reason != null ? reason : e.getMessage();
  }

  private static void deleteTree(Path dir) {
    try {
      FileTree.delete(dir);
    } catch (IOException e) {
      // a download folder in the temporary directory; nothing to lose
    }
  }

  /**
   * Refuses numbers out of range as picocli refuses malformed ones: naming the flag, not the
   * library's parameter behind it, and the environment variable too where one sets the flag
   * (as {@code serve} does: the value may have come from there).
   */
  private void checkRanges() {
    if (!(samplesPerSecond >= 1 && samplesPerSecond <= 60)) {
      // The library's message says the same, by its parameter's name.
      throw wrongArgument("SLIDES_SAMPLES_PER_SECOND / --samples-per-second must be 1 to 60, got "
          + number(samplesPerSecond) + (samplesPerSecond > 60 ? "" : ": fewer samples than one"
              + " a second cannot see a slide held for the minimum slide duration, and decoding,"
              + " not analysis, sets the time an extraction takes, so a lower rate would save"
              + " little"));
    }
    try {
      extraction.check();
    } catch (IllegalArgumentException e) {
      throw wrongArgument(e.getMessage());
    }
    if (sensitivity < 0 || sensitivity > 100) {
      throw wrongArgument("--sensitivity must be 0 to 100, got " + sensitivity);
    }
    if (!(minSlideSeconds >= 0.1 && minSlideSeconds <= 3600)) {
      throw wrongArgument("--min-slide-duration must be 0.1 to 3600 seconds, got "
          + number(minSlideSeconds));
    }
    // The library's check names its own fields ("end (5.0 s) must be after start (5.0 s)").
    Duration from;
    Duration to;
    try {
      from = start == null ? Duration.ZERO : TimeArgument.parse(start, "--start");
      to = end == null ? null : TimeArgument.parse(end, "--end");
    } catch (IllegalArgumentException e) {
      throw wrongArgument(e.getMessage());
    }
    if (to != null && to.compareTo(from) <= 0) {
      throw wrongArgument("--end " + end + " must come after " + (start == null
          ? "the start of the video" : "--start " + start));
    }
    if (region != null) {
      try {
        Region.parse(region);
      } catch (IllegalArgumentException e) {
        throw wrongArgument("--region " + region + ": " + e.getMessage());
      }
    }
  }

  /**
   * A wrong argument, reported as picocli reports its own (the message, then where to read
   * more) with the usage error's exit code, 2.
   */
  private CommandLine.ParameterException wrongArgument(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** 4 rather than 4.0, as the user typed it. */
  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value) : Double.toString(value);
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
    out.printf(Locale.ROOT, "Slides found:  %d (%d shown again, %s reused)%n",
        r.slideCount(), r.duplicateSlides(), Quantity.of(r.duplicateFrames(), "frame"));
    out.printf(Locale.ROOT, "Segments:      %d (%d moving)%n", r.segments().size(),
        r.segments().size() - r.slideCount());
    out.printf(Locale.ROOT, "Video:         %.1f s%s, %s analysed%n",
        r.durationSeconds(), r.isPartial() ? " (analysed " + time(r.analysedFromSeconds()) + "-"
            + time(r.analysedToSeconds()) + ")" : "", Quantity.of(r.samples(), "frame"));
    out.printf(Locale.ROOT, "Time taken:    %.2f s (%.1fx realtime)%n", seconds,
        seconds > 0 ? r.analysedSeconds() / seconds : 0);
    for (String warning : r.warnings()) {
      out.printf("Warning:       %s%n", warning);
    }
    if (store instanceof FileSystemBlobStore local) {
      out.printf("Manifest:      %s%n", Path.of(URI.create(r.manifestUrl())));
      out.printf("Images:        %s%n", local.root().resolve("slides").resolve(r.videoId()));
    } else {
      out.printf("Manifest:      %s%n", r.manifestUrl());
      out.printf("Store:         %s%n", store.describe());
    }
    out.flush();
  }

  /** A time as --start and --end take it: 0:06, 1:02:03, 0:06.5 (tenths when not whole). */
  static String time(double seconds) {
    long tenths = Math.round(seconds * 10);
    String clock = ProgressPrinter.clock(tenths / 10 * 1_000_000_000L);
    return tenths % 10 == 0 ? clock : clock + "." + tenths % 10;
  }

  /**
   * One row per video, then a line with the totals. When {@code cancelled}, {@code outcomes}
   * ends with the video the cancel stopped, and those after it did not run.
   */
  private static void printTable(PrintWriter out, List<Outcome> outcomes, BlobStore store,
      int total, boolean cancelled) {
    int width = Math.min(48, Math.max(5,
        outcomes.stream().mapToInt(o -> o.input().text().length()).max().orElse(5)));
    int idWidth = Math.max(2, outcomes.stream().mapToInt(o -> o.videoId().length()).max()
        .orElse(2));
    String format = "%-" + width + "s  %-" + idWidth + "s  %6s  %8s  %8s  %s%n";
    out.println();
    out.printf(Locale.ROOT, format, "Video", "Id", "Slides", "Length", "Took", "Result");
    int failed = 0;
    for (int i = 0; i < outcomes.size(); i++) {
      Outcome o = outcomes.get(i);
      String name = o.input().text();
      if (name.length() > width) {
        name = "..." + name.substring(name.length() - width + 3);
      }
      if (o.ok()) {
        ExtractionResult r = o.result();
        out.printf(Locale.ROOT, format, name, o.videoId(), r.slideCount(),
            ProgressPrinter.clock(Math.round(r.durationSeconds() * 1e9)),
            String.format(Locale.ROOT, "%.1f s", r.elapsed().toNanos() / 1e9),
            r.warnings().isEmpty() ? "ok" : "ok, but " + String.join("; ", r.warnings()));
      } else if (cancelled && i == outcomes.size() - 1) {
        out.printf(Locale.ROOT, format, name, o.videoId(), "-", "-", "-", "cancelled");
      } else {
        failed++;
        out.printf(Locale.ROOT, format, name, o.videoId(), "-", "-", "-", o.failure());
      }
    }
    int done = (int) outcomes.stream().filter(Outcome::ok).count();
    Object manifests = store instanceof FileSystemBlobStore local
        ? local.root().resolve("manifests") : store.describe();
    if (cancelled) {
      out.printf(Locale.ROOT, "%nCancelled: %d of %d videos done, %d failed, %d not done."
          + " Manifests: %s%n", done, total, failed, total - done - failed, manifests);
    } else {
      out.printf(Locale.ROOT, "%n%d of %d videos done, %d failed. Manifests: %s%n",
          done, total, failed, manifests);
    }
    out.flush();
  }
}
