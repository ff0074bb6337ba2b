package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.slides.testing.BadFiles;
import dev.slides.testing.DecodedImage;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** {@code slides extract} as a user runs it, on the shipped sample. */
class ExtractCommandTest {
  /** What follows every wrong argument's message, as picocli's own errors have it. */
  static final String SEE_HELP = "\nSee 'slides extract --help'.";

  static final Path SAMPLE = Path.of("..", "samples", "lecture.mp4");

  @TempDir Path dir;

  /**
   * The command sets log levels for the whole process: {@link #run} puts them back, so that no
   * later test in this JVM (of any class) loses its log lines.
   */
  static final List<String> LOGGERS_THE_COMMAND_SETS =
      List.of("dev.slides", "dev.slides.internal.extract");

  /**
   * What a run printed: {@code outBytes} is standard output as written, an export's bytes (to
   * {@code -}) and the command's text lines together, as a process's standard output has them.
   */
  record Run(int exit, String out, String err, byte[] outBytes) {}

  /** Runs the command line with nothing on standard input. */
  static Run run(String... args) {
    return run(InputStream.nullInputStream(), args);
  }

  /**
   * Runs the command line as {@code slides args...}, {@code stdin} standing for standard input
   * (never the test JVM's own, which is Surefire's), and returns what it printed.
   */
  static Run run(InputStream stdin, String... args) {
    return run(stdin, null, args);
  }

  /**
   * Runs the command line with {@code exportOutput}, when not null, taking what goes to
   * standard output as an export's bytes (the text lines still go to {@link Run#out}).
   */
  static Run run(InputStream stdin, java.io.OutputStream exportOutput, String... args) {
    java.util.Map<String, Level> levels = new java.util.HashMap<>();
    for (String name : LOGGERS_THE_COMMAND_SETS) {
      levels.put(name, ((Logger) LoggerFactory.getLogger(name)).getLevel());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    CommandLine cli = SlidesCommand.commandLine();
    cli.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cli.setErr(new PrintWriter(err, true));
    ExtractCommand extract = cli.getSubcommands().get("extract").getCommand();
    extract.stdin = stdin;
    extract.exports.standardOutput = exportOutput != null ? exportOutput : out;
    ExportCommand export = cli.getSubcommands().get("export").getCommand();
    export.exports.standardOutput = exportOutput != null ? exportOutput : out;
    try {
      int exit = cli.execute(args);
      cli.getOut().flush();
      return new Run(exit, out.toString(StandardCharsets.UTF_8),
          err.toString(), out.toByteArray());
    } finally {
      levels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
    }
  }

  @Test
  void extractsTheSampleIntoADirectoryWithASummary() throws Exception {
    Path out = dir.resolve("out");
    Run run = run("extract", SAMPLE.toString(), "--out", out.toString(), "--progress", "lines");
    assertEquals(0, run.exit, run.err);
    assertTrue(run.out.contains("Slides found:  6 (1 shown again, 6 frames reused)"), run.out);
    assertTrue(run.out.contains("Manifest:"), run.out);
    assertTrue(run.out.contains("completed"), run.out);
    assertTrue(run.out.contains("extracting"), run.out);
    Path manifest = out.resolve("manifests/lecture.json");
    assertTrue(Files.size(manifest) > 0);
    String json = Files.readString(manifest);
    assertTrue(json.contains("\"lecture\""), json);
    byte[] image = Files.readAllBytes(out.resolve("slides/lecture/1-first.webp"));
    assertTrue(DecodedImage.isWebp(image));
    assertEquals(640, DecodedImage.decode(image).width);
  }

  @Test
  void runAgainIntoTheSameFolderItLeavesNoImagesOfTheEarlierRun() throws Exception {
    Path out = dir.resolve("out");
    Path images = Files.createDirectories(out.resolve("slides/lecture"));
    // What a run that found nine slides left; this one finds six.
    Files.write(images.resolve("9-first.webp"), new byte[] {1});
    Files.write(images.resolve("9-last.webp"), new byte[] {1});
    Files.writeString(images.resolve("notes.txt"), "the user's own file");
    Run run = run("extract", SAMPLE.toString(), "--out", out.toString(), "--progress", "none");
    assertEquals(0, run.exit, run.err);
    assertFalse(Files.exists(images.resolve("9-first.webp")));
    assertFalse(Files.exists(images.resolve("9-last.webp")));
    assertTrue(Files.exists(images.resolve("6-first.webp")));
    assertTrue(Files.exists(images.resolve("notes.txt")), "not a name the library writes");
  }

  @Test
  void runAgainItLeavesNoEarlierImageUnderTheNameOfAFrameShownAgain() throws Exception {
    Path out = dir.resolve("out");
    Path images = Files.createDirectories(out.resolve("slides/lecture"));
    // An earlier run with other settings stored slide 5's first frame; in this one slide 5
    // repeats slide 3, so the manifest names 5-first.webp but points at 3-first.webp.
    Files.write(images.resolve("5-first.webp"), new byte[] {1});
    Run run = run("extract", SAMPLE.toString(), "--out", out.toString(), "--progress", "none");
    assertEquals(0, run.exit, run.err);
    String manifest = Files.readString(out.resolve("manifests/lecture.json"));
    assertTrue(manifest.contains("\"5-first.webp\""), manifest);
    assertFalse(Files.exists(images.resolve("5-first.webp")), "an image of the earlier run");
    assertTrue(Files.exists(images.resolve("3-first.webp")));
  }

  @Test
  void anEarlierImageThatCannotBeRemovedIsAWarningAndTheRunStillSucceeds() throws Exception {
    Path out = dir.resolve("out");
    Path images = Files.createDirectories(out.resolve("slides/lecture"));
    // Where an earlier run's slide 9 was, which its manifest names, a folder that is not
    // empty: it cannot be removed. (A listing names files only: the manifest makes it known.)
    Files.writeString(Files.createDirectories(images.resolve("9-first.webp")).resolve("x"), "x");
    Files.writeString(Files.createDirectories(out.resolve("manifests")).resolve("lecture.json"),
        "{\"lecture\": {\"segments\": [{\"kind\": \"static\", \"first_frame\":"
            + " {\"frame_id\": \"9-first.webp\", \"duplicate_of\": null}}]}}");
    Run run = run("extract", SAMPLE.toString(), "--out", out.toString(), "--progress", "none");
    assertEquals(0, run.exit, run.err);
    assertTrue(Files.exists(out.resolve("manifests/lecture.json")));
    assertTrue(run.out.contains("Warning:       images named by no manifest could not be"
        + " removed: slides/lecture/9-first.webp (Cannot remove slides/lecture/9-first.webp: a"
        + " folder that is not empty stands there)"), run.out);
  }

  @Test
  void drawsABarOnATerminal() {
    Run run = run("extract", SAMPLE.toString(), "--out", dir.toString(), "--progress", "bar",
        "--video-id", "bar");
    assertEquals(0, run.exit, run.err);
    assertTrue(run.out.contains("\r["), run.out);
    assertTrue(run.out.contains("] 100.0% completed"), run.out);
  }

  /** Runs the command and returns it with the library's log lines at WARN or above. */
  static Run runLogged(List<String> warnings, String... args) {
    Logger slides = (Logger) LoggerFactory.getLogger("dev.slides");
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    slides.addAppender(logged);
    try {
      return run(args);
    } finally {
      slides.detachAppender(logged);
      logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
          .map(ILoggingEvent::getFormattedMessage).forEach(warnings::add);
    }
  }

  @Test
  void failsWithAClearMessageAndExitCode() throws Exception {
    Path text = BadFiles.text(dir.resolve("notes.mp4"));
    List<String> logged = new java.util.ArrayList<>();
    Run run = runLogged(logged, "extract", text.toString(), "--out",
        dir.resolve("o").toString(), "--progress", "none");
    assertEquals(1, run.exit);
    assertTrue(run.err.contains("Slide extraction failed: Not a video file: notes.mp4"),
        run.err);
    assertTrue(Files.notExists(dir.resolve("o/manifests")));
    assertEquals(List.of(), logged, "the failure is said once, by the command");
  }

  @Test
  void anOutputFolderThatCannotBeWrittenIsRefusedBeforeAnyWork() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
    Run under = run("extract", SAMPLE.toString(), "--out", file.resolve("out").toString(),
        "--progress", "lines");
    assertEquals(2, under.exit, under.err);
    // One line, with the reason the system gives ("Not a directory").
    assertTrue(under.err.strip().matches("Cannot write to the output folder "
        + java.util.regex.Pattern.quote(file.resolve("out").toString()) + ": [A-Za-z][^\\n]*"),
        under.err);
    assertEquals("", under.out, "nothing was started");
  }

  @Test
  void aDamagedVideoCompletesWithAWarningInTheSummary() throws Exception {
    Path damaged = BadFiles.damagedLecture(dir);
    List<String> logged = new java.util.ArrayList<>();
    Run run = runLogged(logged, "extract", damaged.toString(), "--out",
        dir.resolve("o").toString(), "--progress", "none");
    assertEquals(0, run.exit, run.err);
    assertTrue(run.out.contains("Warning:       the video is damaged: "), run.out);
    assertEquals(List.of(), logged, "the warning is said once, in the summary");
  }

  /**
   * Ctrl-C interrupts the work (here: as soon as the analysis shows on the console). The user
   * is told "Cancelled" by the command; the library must not add a warning line of its own.
   */
  @Test
  void aCancelledExtractionLogsNoWarning() {
    Logger slides = (Logger) LoggerFactory.getLogger("dev.slides");
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    slides.addAppender(logged);
    StringWriter out = new StringWriter() {
      @Override
      public void write(String text, int offset, int length) {
        super.write(text, offset, length);
        if (toString().contains("extracting")) {
          Thread.currentThread().interrupt(); // what the Ctrl-C hook does to the worker
        }
      }
    };
    StringWriter err = new StringWriter();
    CommandLine cli = SlidesCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit;
    try {
      exit = cli.execute("extract", SAMPLE.toString(), "--out", dir.toString(),
          "--progress", "lines", "--video-id", "stopped");
    } finally {
      Thread.interrupted(); // the flag the command kept for its caller
      slides.detachAppender(logged);
    }
    assertEquals(1, exit, err.toString());
    assertTrue(err.toString().contains("Job cancelled"), err.toString());
    assertEquals(List.of(), logged.list.stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .map(ILoggingEvent::getFormattedMessage).toList());
    assertTrue(Files.notExists(dir.resolve("manifests/stopped.json")));
  }

  /** The decoder's own count, from its debug line: "decoded N of M frames". */
  static long[] framesDecoded(String... args) throws Exception {
    return DecodedFrames.during(() -> {
      Run run = run(args);
      assertEquals(0, run.exit, run.err);
    });
  }

  @Test
  void fullDecodeDecodesEveryFrameAndFindsTheSameSlides() throws Exception {
    // Long still slides, a keyframe every 2.5 s: most of it is skipped unless told not to.
    Path video = LectureVideo.builder(320, 180, 10).gop(25)
        .slide(Slides.bullets(320, 180, 4, "One", 4), 15)
        .slide(Slides.dark(320, 180, 5, "Two", 2), 12)
        .crossfade(1)
        .slide(Slides.bullets(320, 180, 6, "Three", 3), 12)
        .write(dir.resolve("lecture.mp4"));
    long[] screened = framesDecoded("extract", video.toString(), "--out",
        dir.resolve("screened").toString(), "--progress", "none", "-v");
    long[] full = framesDecoded("extract", video.toString(), "--out",
        dir.resolve("full").toString(), "--progress", "none", "-v", "--full-decode");
    assertTrue(full[0] >= full[1], "every frame decoded: " + full[0] + " of " + full[1]);
    assertTrue(screened[0] < full[0] / 2, screened[0] + " of " + screened[1] + " decoded");
    assertEquals(Files.readString(dir.resolve("screened/manifests/lecture.json"))
            .replaceAll("\"(url|updated_at)\"\\s*:\\s*\"[^\"]*\"", ""),
        Files.readString(dir.resolve("full/manifests/lecture.json"))
            .replaceAll("\"(url|updated_at)\"\\s*:\\s*\"[^\"]*\"", ""));
  }

  @Test
  void rejectsBadArguments() {
    assertEquals(2, run("extract", SAMPLE.toString(), "--video-id", "../x").exit);
    assertEquals(2, run("extract", SAMPLE.toString(), "--quality", "101").exit);
    assertEquals(2, run("extract").exit);
  }

  @Test
  void helpShowsTheTuningFlags() {
    Run run = run("extract", "--help");
    assertEquals(0, run.exit, run.err);
    for (String flag : new String[] {"--sensitivity", "--min-slide-duration", "--region",
        "--start", "--end", "--stats", "--split-builds", "--samples-per-second"}) {
      assertTrue(run.out.contains(flag), flag + " missing from: " + run.out);
    }
    // The rule the README gives for exports in a batch, which only a refusal told before.
    assertTrue(run.out.replaceAll("\\s+", " ").contains("In a batch, each export's file name"
        + " holds {id}, which becomes the video's id: --pdf exports/{id}.pdf."), run.out);
    // The time format is read whole, not wrapped in the middle of hh:mm:ss.
    assertTrue(run.out.contains("hh:mm:ss"), run.out);
    // --stats names every column it writes.
    String help = run.out.replaceAll("\\s+", " ");
    for (String column : StatsFile.HEADER.split(",")) {
      assertTrue(help.contains(column.replace('_', ' ')), column + " missing from: " + help);
    }
  }

  /**
   * extract reads its store from the environment as serve does (BlobStores), with no flag: the
   * README says its --help lists them, which it did not.
   */
  @Test
  void helpNamesTheSettingsThatAreEnvironmentVariablesOnly() {
    Run run = run("extract", "--help");
    assertEquals(0, run.exit, run.err);
    for (String variable : new String[] {"SLIDES_STORAGE", "BLOB_READ_WRITE_TOKEN",
        "VERCEL_BLOB_API_URL", "S3_ENDPOINT", "S3_REGION", "S3_BUCKET_NAME", "S3_ACCESS_KEY",
        "S3_SECRET_KEY", "S3_PATH_STYLE", "S3_PUBLIC_BASE_URL", "S3_PRESIGN_SECONDS",
        "SLIDES_LOG_FORMAT"}) {
      assertTrue(run.out.contains(variable), variable + " missing from:\n" + run.out);
    }
    // Wrapped by hand within picocli's 80 columns, so that no line loses its indent.
    String environmentOnly = run.out.substring(run.out.indexOf("Set in the environment only"));
    environmentOnly.lines().skip(1).forEach(line -> assertTrue(line.startsWith("  "),
        "not indented: \"" + line + "\" in\n" + environmentOnly));
  }

  @Test
  void writesOneStatisticsLinePerSampleWithTheDecisions() throws Exception {
    Path csv = dir.resolve("stats.csv");
    Run run = run("extract", SAMPLE.toString(), "--out", dir.resolve("o").toString(),
        "--progress", "none", "--stats", csv.toString(), "--samples-per-second", "2");
    assertEquals(0, run.exit, run.err);
    java.util.List<String> lines = Files.readAllLines(csv);
    assertEquals(StatsFile.HEADER, lines.get(0));
    // The 40-second sample at 2 samples per second.
    assertEquals(80, lines.size() - 1, String.join("\n", lines.subList(0, 5)));
    double previous = -1;
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      assertEquals(9, cells.length, line);
      double time = Double.parseDouble(cells[0]);
      assertTrue(time > previous, line);
      previous = time;
      assertTrue(java.util.Set.of("static", "departing", "moving").contains(cells[4]), line);
      // mean_difference (the fine measure of rest) and brightness_change (a share: a cut to a
      // brighter slide may make it several times brighter, none loses more than all of it).
      assertTrue(Double.parseDouble(cells[6]) >= 0, line);
      assertTrue(Double.parseDouble(cells[7]) >= -1, line);
      // rest_limit: the fixed 0.7 on this clean video, never less.
      assertEquals(0.7, Double.parseDouble(cells[8]), 1e-9, line);
    }
    long slides = lines.stream().filter(l -> l.split(",", -1)[5].equals("slide")).count();
    assertTrue(run.out.contains("Slides found:  " + slides), slides + " vs " + run.out);
  }

  @Test
  void theStatisticsFileMayGoIntoAFolderNotMadeYet() throws Exception {
    // As the README's example does: --stats beside the output, before the output exists.
    Path csv = dir.resolve("fresh/out/stats.csv");
    Run run = run("extract", SAMPLE.toString(), "--out", dir.resolve("fresh/out").toString(),
        "--progress", "none", "--stats", csv.toString(), "--end", "5");
    assertEquals(0, run.exit, run.err);
    assertEquals(StatsFile.HEADER, Files.readAllLines(csv).get(0));
  }

  @Test
  void aStatisticsFileThatCannotBeWrittenIsRefusedWithTheReason() throws Exception {
    Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a folder");
    Run run = run("extract", SAMPLE.toString(), "--out", dir.resolve("o").toString(),
        "--progress", "none", "--stats", blocker.resolve("stats.csv").toString());
    assertEquals(2, run.exit, run.err);
    assertTrue(run.err.contains("Cannot write the statistics file " + blocker.resolve("stats.csv")
        + ": a file stands where its folder should be"), run.err);
  }

  /**
   * {@code --stats /dev/full}: the statistics asked for are not there, so the command fails
   * (it printed the reason but ended with 0, as if all was written).
   */
  @Test
  void statisticsThatCouldNotBeWrittenFailTheCommand() throws Exception {
    Run run = run(InputStream.nullInputStream(), new FailingOutput("No space left on device", 0),
        "extract", SAMPLE.toString(), "--out", dir.resolve("o").toString(), "--progress", "none",
        "--stats", "-", "--end", "5");
    assertEquals(1, run.exit, run.err);
    assertEquals("Cannot write the statistics to standard output: No space left on device",
        run.err.strip());
  }

  /**
   * {@code --stats - | head}: once the reader has gone there is no one to analyse for; the
   * analysis stops as Ctrl-C stops it and the command ends without a word, with 141 as a
   * shell reports {@code cat} stopped so. (It went on to the end of the video, then said
   * "Broken pipe".) At 20 samples a second the sample makes about 50 KB of statistics, three
   * times what is buffered before the first write: that write, which fails, comes
   * mid-analysis.
   */
  @Test
  void aReaderOfTheStatisticsThatGoesAwayStopsTheAnalysisQuietly() throws Exception {
    Path out = dir.resolve("o");
    Run run = run(InputStream.nullInputStream(), new FailingOutput("Broken pipe", 100),
        "extract", SAMPLE.toString(), "--out", out.toString(), "--progress", "lines",
        "--stats", "-", "--samples-per-second", "20");
    assertEquals(141, run.exit, run.err);
    assertFalse(run.err.contains("pipe"), run.err);
    assertFalse(run.err.contains("Slides found"), run.err);
    assertFalse(run.err.contains("completed"), run.err);
    assertFalse(Files.exists(out.resolve("manifests/lecture.json")), "the analysis went on");
  }

  /** Standard output whose writes fail, as the JDK reports it, after {@code allowed} bytes. */
  static final class FailingOutput extends java.io.OutputStream {
    private final String reason;
    private long allowed;

    FailingOutput(String reason, long allowed) {
      this.reason = reason;
      this.allowed = allowed;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      if (len > allowed) {
        throw new java.io.IOException(reason);
      }
      allowed -= len;
    }
  }

  @Test
  void startEndAndRegionNarrowTheAnalysis() throws Exception {
    Path out = dir.resolve("part");
    Run run = run("extract", SAMPLE.toString(), "--out", out.toString(), "--progress", "none",
        "--start", "0:10", "--end", "25", "--region", "0,0,100%,80%");
    assertEquals(0, run.exit, run.err);
    String json = Files.readString(out.resolve("manifests/lecture.json"));
    com.fasterxml.jackson.databind.JsonNode segments = new com.fasterxml.jackson.databind
        .ObjectMapper().readTree(json).get("lecture").get("segments");
    assertEquals(10.0, segments.get(0).get("start_time").asDouble(), 0.3, json);
    assertEquals(25.0, segments.get(segments.size() - 1).get("end_time").asDouble(), 0.3, json);
  }

  @Test
  void theSummaryOfAPartGivesTheVideosLengthThePartAndOnlyItsFrames() {
    // The sample is 40 s long; 0:06 to 0:30 at four samples a second is 96 samples. Frames
    // read before the start (from the keyframe before it) are not analysed and not counted.
    Run run = run("extract", SAMPLE.toString(), "--out", dir.resolve("o").toString(),
        "--progress", "none", "--start", "6", "--end", "0:30");
    assertEquals(0, run.exit, run.err);
    assertTrue(run.out.contains("Video:         40.0 s (analysed 0:06-0:30), 96 frames analysed"),
        run.out);
    Run whole = run("extract", SAMPLE.toString(), "--out", dir.resolve("w").toString(),
        "--progress", "none", "--end", "12.5");
    assertEquals(0, whole.exit, whole.err);
    assertTrue(whole.out.contains("Video:         40.0 s (analysed 0:00-0:12.5), 50 frames"
        + " analysed"), whole.out);
  }

  @Test
  void aWholeVideosSummaryNamesNoPart() {
    Run run = run("extract", SAMPLE.toString(), "--out", dir.resolve("o").toString(),
        "--progress", "none");
    assertEquals(0, run.exit, run.err);
    assertTrue(run.out.contains("Video:         40.0 s, 160 frames analysed"), run.out);
  }

  @Test
  void rejectsBadTuningArgumentsWithTheReason() {
    Run region = run("extract", SAMPLE.toString(), "--region", "0,0,2,1");
    assertEquals(2, region.exit);
    assertTrue(region.err.contains("region"), region.err);
    Run time = run("extract", SAMPLE.toString(), "--start", "1:75");
    assertEquals(2, time.exit);
    assertTrue(time.err.contains("Invalid --start \"1:75\""), time.err);
    Run order = run("extract", SAMPLE.toString(), "--start", "20", "--end", "10");
    assertEquals(2, order.exit);
    assertTrue(order.err.contains("--end 10 must come after --start 20"), order.err);
    Run zero = run("extract", SAMPLE.toString(), "--end", "0:00");
    assertEquals(2, zero.exit);
    assertTrue(zero.err.contains("--end 0:00 must come after the start of the video"), zero.err);
    assertEquals(2, run("extract", SAMPLE.toString(), "--sensitivity", "101").exit);
  }

  /** A wrong argument found after parsing reads as one picocli found: what, then where to look. */
  @Test
  void anIdThatCannotNameFilesIsAWrongArgumentAndNothingIsWritten() throws Exception {
    Path out = dir.resolve("out");
    Run hostile = run("extract", SAMPLE.toString(), "--video-id", "../x", "--out",
        out.toString());
    assertEquals(2, hostile.exit, hostile.err);
    assertEquals("Invalid --video-id \"../x\": use letters, digits, '_' and '-', 1 to 64"
        + " characters." + SEE_HELP, hostile.err.strip());
    assertFalse(Files.exists(out), "an output folder was made for a refused run");
  }

  @Test
  void numbersOutOfRangeAreRefusedByTheFlagsName() {
    // The library's checks name its own parameters (samplesPerSecond, imageQuality): users
    // typed flags, or set the environment variable behind one, which is named too.
    Run rate = run("extract", SAMPLE.toString(), "--samples-per-second", "0");
    assertEquals(2, rate.exit, rate.err);
    assertTrue(rate.err.contains("SLIDES_SAMPLES_PER_SECOND / --samples-per-second must be 1 to"
        + " 60, got 0"), rate.err);
    assertTrue(!rate.err.contains("samplesPerSecond"), rate.err);
    // Below one a second (0.25 once found no slide at all, without a word): refused, saying why.
    Run slow = run("extract", SAMPLE.toString(), "--samples-per-second", "0.5");
    assertEquals(2, slow.exit, slow.err);
    assertTrue(slow.err.contains("SLIDES_SAMPLES_PER_SECOND / --samples-per-second must be 1 to"
        + " 60, got 0.5: fewer samples than one a second cannot see a slide held for the minimum"
        + " slide duration, and decoding, not analysis, sets the time an extraction takes, so a"
        + " lower rate would save little"), slow.err);
    assertEquals(2, run("extract", SAMPLE.toString(), "--samples-per-second", "61").exit);
    Run quality = run("extract", SAMPLE.toString(), "--quality", "101");
    assertEquals(2, quality.exit, quality.err);
    assertTrue(quality.err.contains("SLIDE_IMAGE_QUALITY / --quality must be 0 to 100, got 101"),
        quality.err);
    Run width = run("extract", SAMPLE.toString(), "--max-width", "8");
    assertEquals(2, width.exit, width.err);
    assertTrue(width.err.contains("SLIDES_MAX_IMAGE_WIDTH / --max-width must be at least 16,"
        + " got 8"), width.err);
    Run size = run("extract", SAMPLE.toString(), "--max-download-mb", "0");
    assertEquals(2, size.exit, size.err);
    assertEquals("SLIDES_MAX_DOWNLOAD_MB / --max-download-mb must be at least 1, got 0"
        + SEE_HELP, size.err.strip());
    Run huge = run("extract", SAMPLE.toString(), "--max-download-mb", "99999999999999");
    assertEquals(2, huge.exit, huge.err);
    assertEquals("SLIDES_MAX_DOWNLOAD_MB / --max-download-mb must be at most 8796093022207,"
        + " got 99999999999999" + SEE_HELP, huge.err.strip());
    Run stall = run("extract", SAMPLE.toString(), "--download-stall-seconds", "0");
    assertEquals(2, stall.exit, stall.err);
    assertEquals("SLIDES_DOWNLOAD_STALL_SECONDS / --download-stall-seconds must be at least 1,"
        + " got 0" + SEE_HELP, stall.err.strip());
    Run deadline = run("extract", SAMPLE.toString(), "--download-timeout-seconds", "0");
    assertEquals(2, deadline.exit, deadline.err);
    assertEquals("SLIDES_DOWNLOAD_TIMEOUT_SECONDS / --download-timeout-seconds must be at least"
        + " 1, got 0" + SEE_HELP, deadline.err.strip());
    Run sensitivity = run("extract", SAMPLE.toString(), "--sensitivity", "101");
    assertEquals(2, sensitivity.exit, sensitivity.err);
    assertTrue(sensitivity.err.contains("--sensitivity must be 0 to 100, got 101"),
        sensitivity.err);
    Run shortest = run("extract", SAMPLE.toString(), "--min-slide-duration", "0");
    assertEquals(2, shortest.exit, shortest.err);
    assertTrue(shortest.err.contains("--min-slide-duration must be 0.1 to 3600 seconds, got 0"),
        shortest.err);
    Run region = run("extract", SAMPLE.toString(), "--region", "0,0,2,1");
    assertEquals(2, region.exit, region.err);
    assertTrue(region.err.startsWith("--region 0,0,2,1: "), region.err);
    assertTrue(!(sensitivity.err + shortest.err).contains("minSlideDuration"), shortest.err);
  }

  @Test
  void aWrongArgumentIsOneLineAndAPointerToTheHelpNotTheWholeUsage() {
    Run run = run("extract", SAMPLE.toString(), "--quality", "abc");
    assertEquals(2, run.exit, run.err);
    assertEquals(List.of("Invalid value for option '--quality': 'abc' is not a whole number",
        "See 'slides extract --help'."), run.err.strip().lines().toList());
  }

  /**
   * picocli's converters said "'3x' is not a double" and took Java's own literals for numbers:
   * {@code --min-slide-duration 2d} ran with 2 seconds, {@code NaN} reached the range check.
   */
  @Test
  void aNumberIsReadAsPeopleWriteItAndRefusedInWords() {
    assertEquals(List.of("Invalid value for option '--min-slide-duration': '3x' is not a number",
        "See 'slides extract --help'."),
        run("extract", SAMPLE.toString(), "--min-slide-duration", "3x").err.strip().lines()
            .toList());
    for (String javaOnly : new String[] {"2d", "1f", "0x1p3", "NaN", "Infinity"}) {
      Run run = run("extract", SAMPLE.toString(), "--samples-per-second", javaOnly);
      assertEquals(2, run.exit, javaOnly);
      assertTrue(run.err.startsWith("Invalid value for option '--samples-per-second': '"
          + javaOnly + "' is not a number"), run.err);
    }
    Run fraction = run("extract", SAMPLE.toString(), "--sensitivity", "5.5");
    assertTrue(fraction.err.startsWith("Invalid value for option '--sensitivity': '5.5' is not"
        + " a whole number"), fraction.err);
    Run huge = run("extract", SAMPLE.toString(), "--quality", "99999999999");
    assertTrue(huge.err.startsWith("Invalid value for option '--quality': '99999999999' is too"
        + " large a number"), huge.err);
    assertEquals(0.5, SlidesCommand.decimalNumber(".5"));
    assertEquals(1000, SlidesCommand.decimalNumber("1e3"));
    assertEquals(-3, SlidesCommand.wholeNumber("-3", Integer.MIN_VALUE, Integer.MAX_VALUE));
    assertEquals(3, SlidesCommand.wholeNumber("+3", Integer.MIN_VALUE, Integer.MAX_VALUE));
  }

  /** Alone, a wrong --start was checked later than the rest, and lost the pointer to --help. */
  @Test
  void aWrongStartAloneIsRefusedAsEveryWrongArgumentIs() {
    Run run = run("extract", SAMPLE.toString(), "--start", "1:75");
    assertEquals(2, run.exit, run.err);
    assertEquals(List.of("Invalid --start \"1:75\": use seconds (90), mm:ss (1:30) or hh:mm:ss"
        + " (1:02:03).", "See 'slides extract --help'."), run.err.strip().lines().toList());
  }

  /** The handler that makes errors one line had dropped picocli's suggestions for typos. */
  @Test
  void noCommandIsAWrongArgumentNotASuccess() {
    Run bare = run();
    assertEquals(2, bare.exit, bare.err);
    assertEquals("", bare.out);
    assertTrue(bare.err.startsWith("Missing a command: extract, export or serve."), bare.err);
    assertTrue(bare.err.contains("Usage: slides"), bare.err);
    // Asked for, the usage is an answer: standard output and exit 0.
    Run help = run("--help");
    assertEquals(0, help.exit, help.err);
    assertTrue(help.out.contains("Usage: slides"), help.out);
  }

  @Test
  void aMistypedFlagOrCommandIsAnsweredWithTheOneMeant() {
    Run flag = run("extract", SAMPLE.toString(), "--sampels-per-second", "2");
    assertEquals(2, flag.exit, flag.err);
    assertTrue(flag.err.contains("Unknown option: '--sampels-per-second'"), flag.err);
    assertTrue(flag.err.contains("--samples-per-second"), flag.err);
    Run command = run("extrat", SAMPLE.toString());
    assertEquals(2, command.exit, command.err);
    assertTrue(command.err.contains("Did you mean: slides extract"), command.err);
  }

  @Test
  void parsesTimes() {
    assertEquals(java.time.Duration.ofSeconds(90), TimeArgument.parse("90", "--start"));
    assertEquals(java.time.Duration.ofSeconds(90), TimeArgument.parse("1:30", "--start"));
    assertEquals(java.time.Duration.ofMillis(3_723_500),
        TimeArgument.parse("01:02:03.5", "--start"));
  }

  @Test
  void derivesAnIdFromTheFileName() {
    assertEquals("My_Talk_2024", VideoInput.idFrom("My Talk (2024).mp4"));
    assertEquals("video", VideoInput.idFrom("...mp4"));
    assertEquals("Ubung_1_Losungen", VideoInput.idFrom("Übung 1 – Lösungen.mp4"));
    assertEquals("unicode_talk", VideoInput.idFrom("ünïcode talk.mkv"));
    assertEquals("dash", VideoInput.idFrom("-dash.mp4"));
    assertEquals("video", VideoInput.idFrom("講義.mp4"));
  }
}
