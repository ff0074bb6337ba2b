package dev.slides.bench.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.bench.Execution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The accuracy runner's options: a mistake is said in plain words before the corpus is
 * generated and scored (many minutes), not as a stack trace then or at the very end.
 */
class AccuracyBenchmarkOptionsTest {
  @TempDir Path dir;

  /** The options as the runner's command line parses and checks them before its run. */
  private AccuracyBenchmark.Options parse(String... args) {
    return options(withCorpus(args));
  }

  private String[] withCorpus(String... args) {
    String[] withCorpus = new String[args.length + 2];
    withCorpus[0] = "--corpus";
    withCorpus[1] = dir.toString();
    System.arraycopy(args, 0, withCorpus, 2, args.length);
    return withCorpus;
  }

  private static AccuracyBenchmark.Options options(String... args) {
    CommandLine cli = AccuracyBenchmark.commandLine();
    cli.parseArgs(args);
    return cli.<AccuracyBenchmark.Cli>getCommand().options();
  }

  /** What the runner says, before any work, for a wrong command line. */
  private String refused(String... args) {
    return assertThrows(CommandLine.ParameterException.class, () -> parse(args)).getMessage();
  }

  private static CorpusGenerator.Request request(String... args) {
    CommandLine cli = CorpusGenerator.commandLine();
    cli.parseArgs(args);
    return cli.<CorpusGenerator.Cli>getCommand().request();
  }

  @Test
  void helpIsAskedForNotAnUnknownOption() {
    for (String help : List.of("--help", "-h")) {
      Execution run = Execution.of(AccuracyBenchmark.commandLine(), "--details", help);
      assertEquals(0, run.exitCode(), run.err());
      assertTrue(run.out().startsWith("Usage: AccuracyBenchmark "), run.out());
      assertTrue(run.out().contains("--compare-full-decode"), run.out());
      assertEquals("", run.err());
    }
  }

  /**
   * A wrong option stops the run with picocli's error, a suggestion for a typo and where to
   * read more, on standard error, with exit code 2: before the corpus is looked at.
   */
  @Test
  void aWrongOptionIsNamedWithAHint() {
    Execution run = Execution.of(AccuracyBenchmark.commandLine(), withCorpus("--detail"));
    assertEquals(2, run.exitCode());
    assertEquals("", run.out());
    assertEquals("Unknown option: '--detail'", run.error());
    assertTrue(run.err().contains("--details"), "a suggestion: " + run.err());
    assertTrue(run.err().endsWith("See 'AccuracyBenchmark --help'." + System.lineSeparator()),
        run.err());
    // A check made after parsing is said the same way.
    run = Execution.of(AccuracyBenchmark.commandLine(), withCorpus("--cases", "no-such-case"));
    assertEquals(2, run.exitCode());
    assertTrue(run.error().startsWith("No case name matches no-such-case"), run.err());
    assertTrue(run.err().contains("See 'AccuracyBenchmark --help'."), run.err());
  }

  @Test
  void ratesAreSamplesPerSecondTheLibraryTakes() {
    assertEquals(List.of(1.0, 2.0, 4.0), parse("--rates", "1, 2,4").rates());
    assertEquals(List.of(0.5), parse("--rates", "0.5").rates());
    assertEquals(List.of(ProjectDetector.defaultSamplesPerSecond()), parse().rates());
    for (String bad : List.of("abc", "0", "-1", "61", "1,,2", "NaN")) {
      String message = refused("--rates", bad);
      assertTrue(message.startsWith("Invalid value for option '--rates' (RATE): samples per"
          + " second separated by commas, each above 0 and at most 60, such as 1,2,4; got '"),
          message);
    }
    assertTrue(refused("--rates", "1,61").endsWith("got '61'"));
    assertEquals("Missing required parameter for option '--rates' (RATE)", refused("--rates"));
  }

  @Test
  void aBrokenCasePatternIsSaidAsSuch() {
    String message = refused("--cases", "[");
    assertTrue(message.startsWith("Invalid value for option '--cases': '[' is not a regular"
        + " expression: Unclosed character class"), message);
  }

  @Test
  void theReportsFolderMustExistBeforeTheRun() throws Exception {
    Path missing = dir.resolve("no-such-folder").resolve("report.md");
    assertEquals("--out " + missing + ": the folder " + missing.getParent() + " does not exist",
        refused("--out", missing.toString()));
    assertTrue(refused("--out", dir.toString()).contains("that is a folder"));
    Path file = dir.resolve("report.md");
    assertEquals(file, parse("--out", file.toString()).out());
    Files.writeString(dir.resolve("plain-file"), "x");
    assertTrue(refused("--corpus", dir.resolve("plain-file").toString())
        .endsWith("is a file, not a folder"));
  }

  /** Each option's meaning and default, as the docs' commands use them. */
  @Test
  void theOptionsKeepTheirMeaningsAndDefaults() {
    AccuracyBenchmark.Options defaults = parse();
    assertEquals(".*", defaults.cases());
    assertTrue(defaults.freezedetect());
    assertFalse(defaults.details() || defaults.compareFullDecode() || defaults.smallRendition());
    assertEquals(null, defaults.out());
    assertEquals(dir, defaults.corpus());
    AccuracyBenchmark.Options all = parse("--cases", "^ppt", "--no-freezedetect", "--details",
        "--compare-full-decode", "--small-rendition");
    assertEquals("^ppt", all.cases());
    assertFalse(all.freezedetect());
    assertTrue(all.details() && all.compareFullDecode() && all.smallRendition());
  }

  /**
   * x264 by default, in the corpus folder as before; the bundled encoder's videos in a folder of
   * their own, so that neither run regenerates the other's.
   */
  @Test
  void theEncoderIsX264UnlessTheBundledOneIsAskedFor() {
    AccuracyBenchmark.Options x264 = parse();
    assertEquals(CorpusGenerator.Encoder.X264_COMMAND, x264.encoder());
    assertEquals(dir, x264.videos());
    AccuracyBenchmark.Options bundled = parse("--encoder", "bundled");
    assertEquals(CorpusGenerator.Encoder.BUNDLED_H264, bundled.encoder());
    assertEquals(dir.resolve("bundled-h264"), bundled.videos());
    assertEquals(CorpusGenerator.Encoder.X264_COMMAND, parse("--encoder", "x264").encoder());
    assertTrue(Execution.of(AccuracyBenchmark.commandLine(), "--help").out()
        .contains("--encoder=x264|bundled"));
    assertEquals("Invalid value for option '--encoder': 'openh264' is not x264 or bundled",
        refused("--encoder", "openh264"));
    assertEquals("Missing required parameter for option '--encoder' (x264|bundled)",
        refused("--encoder"));
  }

  /** Run from elsewhere, the default corpus would be made in a new slides-bench/target. */
  @Test
  void theDefaultCorpusNeedsTheRepositoryRoot() {
    // Tests run in the module's folder, which has no slides-bench folder inside.
    String message = assertThrows(CommandLine.ParameterException.class,
        () -> options("--details")).getMessage();
    assertTrue(message.contains("run from the repository root, or give --corpus DIR"), message);
    message = assertThrows(CommandLine.ParameterException.class, () -> request()).getMessage();
    assertTrue(message.contains("run from the repository root, or give --corpus DIR"), message);
  }

  /** The corpus generator alone: the same plain words, no stack trace. */
  @Test
  void theGeneratorSaysItsMistakesPlainly() {
    Execution help = Execution.of(CorpusGenerator.commandLine(), "--help");
    assertEquals(0, help.exitCode());
    assertTrue(help.out().startsWith("Usage: CorpusGenerator "), help.out());
    assertTrue(help.out().contains("--encoder=x264|bundled"), help.out());
    assertEquals(new CorpusGenerator.Request(dir, "^ppt", CorpusGenerator.Encoder.X264_COMMAND),
        request("--corpus", dir.toString(), "--cases", "^ppt"));
    assertEquals(new CorpusGenerator.Request(dir, ".*", CorpusGenerator.Encoder.BUNDLED_H264),
        request("--corpus", dir.toString(), "--encoder", "bundled"));
    for (String[] bad : List.of(new String[] {"--corpus"}, new String[] {"--cases", "["},
        new String[] {"--rates", "1"}, new String[] {"--encoder", "x265"})) {
      Execution run = Execution.of(CorpusGenerator.commandLine(), bad);
      assertEquals(2, run.exitCode(), run.err());
      assertTrue(run.error().contains("'" + bad[0] + "'"), run.err());
      assertTrue(run.err().contains("See 'CorpusGenerator --help'."), run.err());
    }
  }

  /**
   * A pattern that selects no case is refused at once with the names there are, by both tools;
   * the generator used to print "corpus ready" and exit 0 having made nothing.
   */
  @Test
  void aCasePatternThatSelectsNoCaseIsRefused() {
    String message = refused("--cases", "no-such-case");
    assertTrue(message.startsWith("No case name matches no-such-case; cases: ppt-screen-cuts, "),
        message);
    String generator = assertThrows(CommandLine.ParameterException.class,
        () -> request("--corpus", dir.toString(), "--cases", "no-such-case")).getMessage();
    assertEquals(message, generator);
  }

  /**
   * The ffmpeg command is needed to generate videos, for freezedetect and for the small
   * rendition, not to score the detector on a cached corpus; the refusal says how to skip
   * freezedetect.
   */
  @Test
  void theFfmpegCommandIsNeededOnlyForWhatCallsIt() {
    assertEquals(List.of(),
        AccuracyBenchmark.ffmpegNeeds(parse("--no-freezedetect"), List.of()));
    List<String> needs = AccuracyBenchmark.ffmpegNeeds(parse(), List.of());
    assertEquals(1, needs.size());
    assertTrue(needs.get(0).contains("freezedetect") && needs.get(0).contains(
        "--no-freezedetect skips it"), needs.toString());
    needs = AccuracyBenchmark.ffmpegNeeds(parse("--no-freezedetect", "--small-rendition"),
        List.of("a", "b", "c", "d"));
    assertEquals(List.of("to generate the videos of 4 cases not yet in " + dir + " (a, b, c,"
        + " ...)", "for --small-rendition, which re-encodes each case to 360p"), needs);
  }

  /** A case counts as generated when its video and a truth of its current spec are there. */
  @Test
  void aCaseIsCurrentWhenItsTruthWasMadeFromItsSpec() throws Exception {
    CaseSpec spec = Corpus.select("^ppt-screen-cuts$").get(0);
    CorpusGenerator generator = new CorpusGenerator(dir);
    assertFalse(generator.isCurrent(spec));
    Files.writeString(generator.video(spec), "a video");
    assertFalse(generator.isCurrent(spec));
    Truth.of(spec, "another spec").write(generator.truthFile(spec));
    assertFalse(generator.isCurrent(spec));
    Truth.of(spec, CorpusGenerator.specHash(spec, CorpusGenerator.Encoder.X264_COMMAND))
        .write(generator.truthFile(spec));
    assertTrue(generator.isCurrent(spec));
    assertFalse(new CorpusGenerator(dir, CorpusGenerator.Encoder.BUNDLED_H264).isCurrent(spec));
  }

  /**
   * A cached case whose video is not one (its truth file current) is named, with how to have
   * it generated again, before anything is scored: it was a stack trace from the warm-up.
   */
  @Test
  void aCachedCaseThatIsNotAVideoIsNamedBeforeScoring() throws Exception {
    CaseSpec spec = Corpus.select("^ppt-screen-cuts$").get(0);
    CorpusGenerator generator = new CorpusGenerator(dir);
    Files.writeString(generator.video(spec), "not a video");
    Truth.of(spec, CorpusGenerator.specHash(spec, CorpusGenerator.Encoder.X264_COMMAND))
        .write(generator.truthFile(spec));
    String message = assertThrows(IllegalStateException.class,
        () -> AccuracyBenchmark.checkReadable(generator, List.of(spec))).getMessage();
    assertEquals("Case ppt-screen-cuts: Not a video file: ppt-screen-cuts.mp4 (its content is"
        + " not in any known video format), in " + dir.toAbsolutePath() + ". Delete"
        + " ppt-screen-cuts.mp4 and ppt-screen-cuts.truth.json there, and the next run"
        + " generates the case again.", message);
  }

  /**
   * A corpus folder that cannot be made is said in one line naming the case and the folder,
   * not as a stack trace: here its parent is a file, which needs no ffmpeg to find out.
   */
  @Test
  void aCorpusFolderThatCannotBeMadeIsSaidPlainly() throws Exception {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "not a folder");
    Path corpus = file.resolve("corpus");
    CaseSpec spec = Corpus.select("^ppt-screen-cuts$").get(0);
    String message = assertThrows(IllegalStateException.class,
        () -> new CorpusGenerator(corpus).ensureAll(List.of(spec))).getMessage();
    assertTrue(message.startsWith("Could not generate the case ppt-screen-cuts in "
        + corpus.toAbsolutePath() + ": " + corpus), message);
    assertEquals(file + ": permission denied", CorpusGenerator.plainWords(
        new java.nio.file.AccessDeniedException(file.toString())));
  }
}
