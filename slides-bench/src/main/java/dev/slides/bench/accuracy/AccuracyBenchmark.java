package dev.slides.bench.accuracy;

import dev.slides.SamplingOptions;
import dev.slides.bench.BenchCommandLine;
import dev.slides.bench.RunEnvironment;
import dev.slides.bench.accuracy.Scorer.Score;
import dev.slides.internal.video.VideoDecodeException;
import dev.slides.internal.video.VideoFrames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Slide-detection accuracy: generates the {@link Corpus} (cached), runs the project's detector
 * and {@code ffmpeg freezedetect} on every case, and prints one Markdown table side by side.
 *
 * <pre>
 * mvn -B -q -pl slides-bench -am package -DskipTests
 * java -cp slides-bench/target/benchmarks.jar dev.slides.bench.accuracy.AccuracyBenchmark \
 *     [--cases REGEX] [--rates 1,2,4] [--no-freezedetect] [--details] [--corpus DIR] [--out FILE]
 *     [--compare-full-decode] [--small-rendition] [--encoder x264|bundled]
 * </pre>
 *
 * <p>{@code --encoder bundled} compresses the corpus with OpenH264 through the library's bundled
 * FFmpeg instead of x264 (see {@link BundledEncoder}; kept in {@code CORPUS/bundled-h264}), as
 * meeting recordings and WebRTC captures are: no B-frames, another rate control.
 *
 * <p>{@code --small-rendition} also runs the detector on each case re-encoded as YouTube's
 * 360p rendition (see {@link SmallRendition}; kept in {@code CORPUS/small-360p}), what a
 * YouTube job analyses, and compares it with the full-size case at the first rate.
 *
 * <h2>Ground truth: what a static segment is</h2>
 * A static segment is a stretch where a slide is fully shown and holds, builds included. Times
 * are exact: the generator knows every frame.
 * <ul>
 *   <li>Hard cut at t: the previous slide ends at t, the next starts at t.
 *   <li>Crossfade, fade through black, wipe or slide-in of duration d starting at t: the
 *       previous slide ends at t, the next starts at t + d. The transition is not a slide.
 *   <li>Content that animates in after the slide appears (fade-in, fly-in, typewriter of the
 *       slide's content over 1-2.5 s) is motion: the slide starts when the animation completes.
 *   <li>Builds (each step adds a bullet, a line or a box, by cut, fade, fly-in or typewriter):
 *       one static segment for the whole built slide, from its first complete state until it is
 *       replaced.
 *   <li>A slide that replaces content (another text on the same background, one line of text
 *       replaced) is a new slide, not a build step.
 *   <li>Animated content inside a fully shown slide (a panning chart, a pulsing glow, a progress
 *       line growing along the bottom, a blinking cursor) does not break the slide.
 *   <li>A speaker inset in a corner or a wandering mouse pointer does not break a slide, nor
 *       does a presenter walking or standing in front of it; a slide that changes while the
 *       presenter covers part of it is still a new slide.
 *   <li>A video clip playing in a box inside a fully shown slide, or frozen on its last frame,
 *       does not break the slide.
 *   <li>Motion between slides (3-20 s) is not a slide.
 * </ul>
 *
 * <h2>Scoring</h2>
 * See {@link Scorer}: segments matched one-to-one at IoU &ge; 0.5 (precision, recall, F1 per
 * case), boundaries matched one-to-one within 1 s (boundary F1), then the worst and the mean
 * case. With several rates, each clean case's segments at every rate are compared with those at
 * the first rate: same count, boundaries within one sample interval of the slower rate.
 */
public final class AccuracyBenchmark {
  private AccuracyBenchmark() {}

  /** The command line: its options, checked by {@link #options} before any slow work. */
  @Command(name = "AccuracyBenchmark", sortOptions = false, sortSynopsis = false,
      description = "Scores the project's detector, and ffmpeg freezedetect beside it, on the"
          + " generated corpus (run from the repository root).",
      footer = "Needs the ffmpeg command line (Debian's ffmpeg). Results: docs/BENCHMARKS.md.")
  static final class Cli implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--cases", paramLabel = "REGEX", converter = CasePattern.class,
        description = "cases whose name contains a match (default: all)")
    String cases = ".*";

    @Option(names = "--rates", paramLabel = "RATE", split = ",", converter = Rate.class,
        description = "samples per second, each above 0 and at most 60, separated by commas:"
            + " 1,2,4 (default: the library's default rate)")
    List<Double> rates;

    @Option(names = "--no-freezedetect",
        description = "do not run ffmpeg freezedetect beside the detector")
    boolean noFreezedetect;

    @Option(names = "--details", description = "per case: timeline, truth, every segment found")
    boolean details;

    @Option(names = "--corpus", paramLabel = "DIR", description = "where the videos are cached"
        + " (default: slides-bench/target/accuracy-corpus)")
    Path corpus = Corpus.DEFAULT_DIR;

    @Option(names = "--out", paramLabel = "FILE",
        description = "also write the Markdown report to FILE")
    Path out;

    @Option(names = "--compare-full-decode",
        description = "also decode every frame and compare the segments")
    boolean compareFullDecode;

    @Option(names = "--small-rendition",
        description = "also run on each case re-encoded as a 360p rendition")
    boolean smallRendition;

    @Option(names = "--encoder", paramLabel = "x264|bundled", converter = EncoderName.class,
        description = "the corpus' encoder: x264 through the ffmpeg command (the default) or"
            + " OpenH264 through the library's bundled FFmpeg (no B-frames, a bitrate per case;"
            + " kept in DIR/bundled-h264)")
    CorpusGenerator.Encoder encoder = CorpusGenerator.Encoder.X264_COMMAND;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;

    /**
     * The options, or a {@link CommandLine.ParameterException} saying in plain words what is
     * wrong: checked before the corpus is generated and scored, which can take many minutes.
     */
    Options options() {
      try {
        checkCorpus(corpus, cases);
      } catch (IllegalArgumentException e) {
        throw BenchCommandLine.wrong(spec, e.getMessage());
      }
      if (out != null) {
        Path folder = out.toAbsolutePath().getParent();
        if (Files.isDirectory(out) || !Files.isDirectory(folder)) {
          throw BenchCommandLine.wrong(spec, "--out " + out + ": " + (Files.isDirectory(out)
              ? "that is a folder; give a file name" : "the folder " + folder
              + " does not exist"));
        }
      }
      return new Options(cases, rates != null ? List.copyOf(rates)
          : List.of(ProjectDetector.defaultSamplesPerSecond()), !noFreezedetect, details,
          corpus, out, compareFullDecode, smallRendition, encoder);
    }

    @Override
    public Integer call() throws IOException {
      return run(options(), spec.commandLine().getParseResult().originalArgs());
    }
  }

  /** {@code --cases}: a regular expression, or plain words for what is wrong with it. */
  static final class CasePattern implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String regex) {
      try {
        Pattern.compile(regex);
        return regex;
      } catch (PatternSyntaxException e) {
        throw new CommandLine.TypeConversionException("'" + regex + "' is not a regular"
            + " expression: " + e.getDescription());
      }
    }
  }

  /** One of {@code --rates}: samples per second the library takes. */
  static final class Rate implements CommandLine.ITypeConverter<Double> {
    @Override
    public Double convert(String part) {
      double rate;
      try {
        rate = Double.parseDouble(part.strip());
      } catch (NumberFormatException e) {
        rate = Double.NaN;
      }
      if (!(rate > 0 && rate <= 60)) {
        throw new CommandLine.TypeConversionException("samples per second separated by commas,"
            + " each above 0 and at most 60, such as 1,2,4; got '" + part.strip() + "'");
      }
      return rate;
    }
  }

  /** {@code --encoder}: x264 or bundled. */
  static final class EncoderName implements CommandLine.ITypeConverter<CorpusGenerator.Encoder> {
    @Override
    public CorpusGenerator.Encoder convert(String name) {
      for (CorpusGenerator.Encoder e : CorpusGenerator.Encoder.values()) {
        if (e.optionName().equals(name)) {
          return e;
        }
      }
      throw new CommandLine.TypeConversionException("'" + name + "' is not x264 or bundled");
    }
  }

  record Options(String cases, List<Double> rates, boolean freezedetect, boolean details,
                 Path corpus, Path out, boolean compareFullDecode, boolean smallRendition,
                 CorpusGenerator.Encoder encoder) {
    /** Where this run's videos are: the corpus folder, or its subfolder for the encoder. */
    Path videos() {
      return encoder.folder(corpus);
    }
  }

  /**
   * Refuses, before anything is generated, a default corpus folder outside the repository
   * root, a corpus "folder" that is a file, and a case pattern that selects no case.
   */
  static void checkCorpus(Path corpus, String cases) {
    if (corpus.equals(Corpus.DEFAULT_DIR) && !Files.isDirectory(Path.of("slides-bench"))) {
      // Else the corpus (minutes to generate) goes to a new slides-bench/target here.
      throw new IllegalArgumentException("No slides-bench folder in "
          + Path.of("").toAbsolutePath() + ": run from the repository root, or give"
          + " --corpus DIR");
    }
    if (Files.exists(corpus) && !Files.isDirectory(corpus)) {
      throw new IllegalArgumentException("--corpus " + corpus + " is a file, not a folder");
    }
    if (Corpus.select(cases).isEmpty()) {
      throw new IllegalArgumentException(Corpus.noMatch(cases));
    }
  }

  /** The command line {@link #main} runs, for tests. */
  static CommandLine commandLine() {
    return BenchCommandLine.of(new Cli());
  }

  /** Everything measured on one case. */
  record CaseResult(CaseSpec spec, Truth truth, List<List<Span>> detected, List<Score> scores,
                    List<Double> seconds, List<List<Span>> freezes, List<Score> freezeScores,
                    List<FullDecodeComparison> comparisons, SmallRendition small) {
    double freezeBest() {
      return freezeScores.stream().mapToDouble(Score::f1).max().orElse(Double.NaN);
    }
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The run, once the options are checked: its exit code. */
  private static int run(Options o, List<String> args) throws IOException {
    List<CaseSpec> specs = Corpus.select(o.cases());
    CorpusGenerator generator = new CorpusGenerator(o.videos(), o.encoder());
    List<String> needs = ffmpegNeeds(o, specs.stream().filter(s -> !generator.isCurrent(s))
        .map(CaseSpec::name).toList());
    if (!needs.isEmpty()) {
      try {
        FfmpegCli.requireInstalled();
      } catch (IllegalStateException e) {
        System.err.println(e.getMessage() + "\nThis run needs it " + String.join("; ", needs)
            + ".");
        return 1;
      }
    }
    long start = System.nanoTime();
    List<Truth> truths;
    try {
      truths = generator.ensureAll(specs);
      System.err.printf(Locale.ROOT, "corpus ready in %s (%.1f s)%n", o.videos(),
          (System.nanoTime() - start) / 1e9);
      checkReadable(generator, specs);
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      return 1;
    }

    // Unmeasured: the JVM's first detection also pays for class loading and compiling the hot
    // code (ppt-screen-cuts: 5.1 s first, 1.9 s for the same work right after), which would
    // land in the first case's time at the first rate, skipping still stretches, only.
    long warm = System.nanoTime();
    ProjectDetector.detect(generator.video(specs.get(0)), o.rates().get(0), true);
    System.err.printf(Locale.ROOT, "warm-up: %s detected once, not measured (%.1f s)%n",
        specs.get(0).name(), (System.nanoTime() - warm) / 1e9);

    List<CaseResult> results = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      CaseResult r = run(specs.get(i), truths.get(i), generator.video(specs.get(i)), o);
      results.add(r);
      System.err.printf(Locale.ROOT, "%s: F1 %s%s%n", r.spec().name(),
          r.scores().stream().map(s -> f2(s.f1())).toList(),
          (o.freezedetect() ? ", freezedetect " + r.freezeScores().stream().map(s -> f2(s.f1()))
              .toList() : "")
              + (r.small() != null ? ", small rendition " + f2(r.small().small().f1()) : ""));
      if (o.details()) {
        System.out.println(details(r, o));
      }
    }
    // What the figures were measured on and with, so that a run can be compared with another.
    String report = RunEnvironment.describe() + "\n" + "options: "
        + (args.isEmpty() ? "(defaults)" : String.join(" ", args)) + "\n\n"
        + table(results, o) + consistency(results, o)
        + (o.compareFullDecode() ? FullDecodeComparison.table(results, o.rates()) : "")
        + (o.smallRendition() ? SmallRendition.table(results, o.rates().get(0)) : "");
    System.out.println(report);
    if (o.out() != null) {
      Files.writeString(o.out(), report, StandardCharsets.UTF_8);
      System.err.println("report written to " + o.out().toAbsolutePath());
    }
    return 0;
  }

  /**
   * What this run needs the {@code ffmpeg} command for, each with how to do without where
   * there is a way; empty when the videos are cached and nothing else calls it.
   *
   * @param toGenerate the selected cases whose videos are missing or stale
   */
  static List<String> ffmpegNeeds(Options o, List<String> toGenerate) {
    List<String> needs = new ArrayList<>();
    if (!toGenerate.isEmpty()) {
      needs.add("to generate the videos of " + toGenerate.size() + " case"
          + (toGenerate.size() == 1 ? "" : "s") + " not yet in " + o.videos() + " ("
          + String.join(", ", toGenerate.subList(0, Math.min(3, toGenerate.size())))
          + (toGenerate.size() > 3 ? ", ..." : "") + ")");
    }
    if (o.freezedetect()) {
      needs.add("for freezedetect, the reference beside the detector (--no-freezedetect skips"
          + " it)");
    }
    if (o.smallRendition()) {
      needs.add("for --small-rendition, which re-encodes each case to 360p");
    }
    return needs;
  }

  /**
   * Refuses, before anything is scored, a cached case whose video the library cannot open (a
   * file replaced or damaged after its truth was written, which the cache takes as current):
   * plain words saying which case and how to have it generated again, not a stack trace.
   */
  static void checkReadable(CorpusGenerator generator, List<CaseSpec> specs) {
    for (CaseSpec spec : specs) {
      Path video = generator.video(spec);
      try (VideoFrames frames = VideoFrames.open(video, SamplingOptions.defaults())) {
        frames.info(); // opened: the detector can read it
      } catch (VideoDecodeException e) {
        throw new IllegalStateException("Case " + spec.name() + ": " + e.getMessage() + ", in "
            + video.toAbsolutePath().getParent() + ". Delete " + video.getFileName() + " and "
            + generator.truthFile(spec).getFileName() + " there, and the next run generates"
            + " the case again.");
      }
    }
  }

  static CaseResult run(CaseSpec spec, Truth truth, Path video, Options o) throws IOException {
    List<List<Span>> detected = new ArrayList<>();
    List<Score> scores = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    List<FullDecodeComparison> comparisons = new ArrayList<>();
    SmallRendition small = null;
    for (double rate : o.rates()) {
      long t = System.nanoTime();
      ProjectDetector.Detection screened = ProjectDetector.detect(video, rate, true);
      double screenedSeconds = (System.nanoTime() - t) / 1e9;
      seconds.add(screenedSeconds);
      List<Span> found = screened.statics();
      detected.add(found);
      scores.add(Scorer.score(truth.statics(), found));
      if (o.smallRendition() && small == null) {
        small = SmallRendition.of(spec, truth, video, o.videos().resolve("small-360p"), rate,
            screened, screenedSeconds);
      }
      if (o.compareFullDecode()) {
        t = System.nanoTime();
        ProjectDetector.Detection full = ProjectDetector.detect(video, rate, false);
        double fullSeconds = (System.nanoTime() - t) / 1e9;
        comparisons.add(FullDecodeComparison.of(rate, truth, full, fullSeconds, screened,
            screenedSeconds));
      }
    }
    List<List<Span>> freezes = List.of();
    List<Score> freezeScores = List.of();
    if (o.freezedetect()) {
      freezes = FreezeDetect.detect(video, FreezeDetect.NOISE_FLOORS, truth.durationSeconds());
      freezeScores = freezes.stream().map(f -> Scorer.score(truth.statics(), f)).toList();
    }
    return new CaseResult(spec, truth, detected, scores, seconds, freezes, freezeScores,
        comparisons, small);
  }

  static String table(List<CaseResult> results, Options o) {
    StringBuilder s = new StringBuilder();
    StringBuilder header = new StringBuilder("| case | length s | slides |");
    StringBuilder rule = new StringBuilder("|---|---:|---:|");
    for (double rate : o.rates()) {
      header.append(String.format(Locale.ROOT, " %s/s found | P | R | F1 | bF1 | time s |",
          num(rate)));
      rule.append("---:|---:|---:|---:|---:|---:|");
    }
    if (o.freezedetect()) {
      for (String noise : FreezeDetect.NOISE_FLOORS) {
        header.append(" fd ").append(noise).append(" F1 |");
        rule.append("---:|");
      }
      header.append(" fd best F1 |");
      rule.append("---:|");
    }
    s.append(header).append('\n').append(rule).append('\n');
    for (CaseResult r : results) {
      s.append(String.format(Locale.ROOT, "| %s | %.0f | %d |", r.spec().name(),
          r.truth().durationSeconds(), r.truth().statics().size()));
      for (int k = 0; k < o.rates().size(); k++) {
        Score sc = r.scores().get(k);
        boolean behind = o.freezedetect() && sc.f1() < r.freezeBest() - 1e-9;
        s.append(String.format(Locale.ROOT, " %d | %s | %s | %s%s | %s | %.1f |", sc.found(),
            f2(sc.precision()), f2(sc.recall()), f2(sc.f1()), behind ? "*" : "",
            f2(sc.boundaryF1()), r.seconds().get(k)));
      }
      if (o.freezedetect()) {
        for (Score f : r.freezeScores()) {
          s.append(' ').append(f2(f.f1())).append(" |");
        }
        s.append(' ').append(f2(r.freezeBest())).append(" |");
      }
      s.append('\n');
    }
    for (boolean worst : new boolean[] {true, false}) {
      s.append(worst ? "| **worst** | | |" : "| **mean** | | |");
      for (int k = 0; k < o.rates().size(); k++) {
        int rate = k;
        s.append(" |");
        for (ToDoubleFunction<Score> metric : List.<ToDoubleFunction<Score>>of(Score::precision,
            Score::recall, Score::f1, Score::boundaryF1)) {
          s.append(' ').append(f2(aggregate(results, r -> metric.applyAsDouble(
              r.scores().get(rate)), worst))).append(" |");
        }
        double time = worst
            ? results.stream().mapToDouble(r -> r.seconds().get(rate)).max().orElse(0)
            : results.stream().mapToDouble(r -> r.seconds().get(rate)).average().orElse(0);
        s.append(String.format(Locale.ROOT, " %.1f |", time));
      }
      if (o.freezedetect()) {
        for (int n = 0; n < FreezeDetect.NOISE_FLOORS.size(); n++) {
          int noise = n;
          s.append(' ').append(f2(aggregate(results, r -> r.freezeScores().get(noise).f1(),
              worst))).append(" |");
        }
        s.append(' ').append(f2(aggregate(results, CaseResult::freezeBest, worst)))
            .append(" |");
      }
      s.append('\n');
    }
    s.append('\n');
    for (int k = 0; k < o.rates().size(); k++) {
      int rate = k;
      s.append(String.format(Locale.ROOT, "Detection at %s/s: %.1f s wall time for %.0f s of"
          + " video.%n", num(o.rates().get(k)),
          results.stream().mapToDouble(r -> r.seconds().get(rate)).sum(),
          results.stream().mapToDouble(r -> r.truth().durationSeconds()).sum()));
    }
    if (o.freezedetect()) {
      s.append("* = F1 below freezedetect's better setting on that case.\n");
    }
    return s.toString();
  }

  private static double aggregate(List<CaseResult> results, ToDoubleFunction<CaseResult> value,
                                  boolean worst) {
    return worst ? results.stream().mapToDouble(value).min().orElse(Double.NaN)
        : results.stream().mapToDouble(value).average().orElse(Double.NaN);
  }

  /**
   * For each clean case: do the static segments at every rate match those at the first rate,
   * one to one, with boundaries within one sample interval of the slower rate?
   */
  static String consistency(List<CaseResult> results, Options o) {
    if (o.rates().size() < 2) {
      return "";
    }
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
        "%nSampling-rate consistency on the clean cases (segments at each rate against %s/s,"
            + " boundaries within one sample interval of the slower rate):%n%n",
        num(o.rates().get(0))));
    if (results.stream().noneMatch(r -> r.truth().clean())) {
      s.append("(no clean case selected)\n");
    }
    for (CaseResult r : results) {
      if (!r.truth().clean()) {
        continue;
      }
      s.append("- ").append(r.spec().name()).append(':');
      for (int k = 1; k < o.rates().size(); k++) {
        double tolerance = 1 / Math.min(o.rates().get(0), o.rates().get(k));
        Optional<String> diff = Scorer.difference(r.detected().get(0), r.detected().get(k),
            tolerance);
        s.append(' ').append(num(o.rates().get(k))).append("/s ")
            .append(diff.map(d -> "DIFFERS (" + d + ")").orElse("same")).append(k + 1 < o.rates()
                .size() ? ";" : "");
      }
      s.append('\n');
    }
    return s.toString();
  }

  static String details(CaseResult r, Options o) {
    StringBuilder s = new StringBuilder();
    Truth t = r.truth();
    s.append(String.format(Locale.ROOT, "%n### %s (%.1f s, %dx%d@%d%s)%n%s%n", t.name(),
        t.durationSeconds(), t.width(), t.height(), t.fps(), t.clean() ? ", clean" : "",
        t.summary()));
    s.append("timeline:\n");
    t.timeline().forEach(line -> s.append("  ").append(line).append('\n'));
    s.append("truth (static segments):\n");
    for (int i = 0; i < t.statics().size(); i++) {
      Span span = t.statics().get(i);
      s.append(String.format(Locale.ROOT, "  T%-2d %7.2f-%7.2f  %-28s", i + 1, span.start(),
          span.end(), span.label()));
      for (int k = 0; k < o.rates().size(); k++) {
        int m = r.scores().get(k).truthMatch().get(i);
        s.append(String.format(Locale.ROOT, "  %s/s: %s", num(o.rates().get(k)),
            m < 0 ? "MISSED" : "#" + (m + 1)));
      }
      s.append('\n');
    }
    for (int k = 0; k < o.rates().size(); k++) {
      s.append(String.format(Locale.ROOT, "detected at %s/s:%n", num(o.rates().get(k))));
      spans(s, r.detected().get(k), r.scores().get(k), t.statics());
    }
    if (r.small() != null) {
      s.append(String.format(Locale.ROOT, "detected on the small rendition (%dx%d) at %s/s:%n",
          r.small().width(), r.small().height(), num(o.rates().get(0))));
      spans(s, r.small().statics(), r.small().small(), t.statics());
    }
    for (int n = 0; n < r.freezes().size(); n++) {
      s.append("freezedetect ").append(FreezeDetect.NOISE_FLOORS.get(n)).append(":\n");
      spans(s, r.freezes().get(n), r.freezeScores().get(n), t.statics());
    }
    return s.toString();
  }

  private static void spans(StringBuilder s, List<Span> found, Score score, List<Span> truth) {
    for (int i = 0; i < found.size(); i++) {
      Span f = found.get(i);
      int matchedTruth = score.truthMatch().indexOf(i);
      String what = matchedTruth < 0 ? "extra" : String.format(Locale.ROOT, "= T%d (IoU %.2f)",
          matchedTruth + 1, truth.get(matchedTruth).iou(f));
      s.append(String.format(Locale.ROOT, "  #%-2d %7.2f-%7.2f  %s%n", i + 1, f.start(), f.end(),
          what));
    }
  }

  private static String f2(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
