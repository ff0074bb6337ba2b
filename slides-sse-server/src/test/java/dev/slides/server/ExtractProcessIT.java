package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.testing.FaultyHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar slides.jar extract} as a person at a terminal uses it. */
class ExtractProcessIT {
  static final Path SAMPLE = ExtractCommandTest.SAMPLE.toAbsolutePath();
  static final Duration LIMIT = Duration.ofSeconds(120);

  @TempDir Path dir;

  @Test
  void printsTheVersionItWasBuiltAs() throws Exception {
    String version = System.getProperty("slides.version");
    assertTrue(version != null && !version.isBlank(), "Failsafe passes slides.version");
    for (String flag : List.of("-V", "--version")) {
      ShadedJar.Run top = ShadedJar.run(dir, Map.of(), LIMIT, flag);
      assertEquals(0, top.exit(), top.output());
      assertEquals("slides " + version, top.output().strip());
    }
    ShadedJar.Run sub = ShadedJar.run(dir, Map.of(), LIMIT, "extract", "-V");
    assertEquals("slides " + version, sub.output().strip());
  }

  /**
   * On Java 24 and later every run began with four lines warning that JavaCPP's System.load is
   * a restricted method; the jar's manifest lets it load FFmpeg without them. The JVM running
   * these tests (Java 17) prints no such warning either way, so the manifest is what is checked.
   */
  @Test
  void theJarAllowsFfmpegsNativeCodeSoNewerJavaPrintsNoWarnings() throws Exception {
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(ShadedJar.path().toFile())) {
      assertEquals("ALL-UNNAMED",
          jar.getManifest().getMainAttributes().getValue("Enable-Native-Access"));
    }
  }

  @Test
  void aWrongSettingFromTheEnvironmentSaysWhichVariableItCameFrom() throws Exception {
    ShadedJar.Run run = ShadedJar.run(dir, Map.of("SLIDES_CONCURRENCY", "two"), LIMIT,
        "serve", "--insecure", "--port", "0");
    assertEquals(2, run.exit(), run.output());
    assertEquals(List.of("Invalid value for option '--concurrency': 'two' is not a whole number"
        + " (from the environment variable SLIDES_CONCURRENCY)", "See 'slides serve --help'."),
        run.output().strip().lines().toList());
  }

  @Test
  void anExtractSettingOutOfRangeFromTheEnvironmentNamesTheVariable() throws Exception {
    // The flag alone would send the user looking at a command line that never had it.
    ShadedJar.Run run = ShadedJar.run(dir, Map.of("SLIDE_IMAGE_QUALITY", "101"), LIMIT,
        "extract", SAMPLE.toString(), "--out", dir.resolve("out").toString());
    assertEquals(2, run.exit(), run.output());
    assertTrue(run.output().startsWith(
        "SLIDE_IMAGE_QUALITY / --quality must be 0 to 100, got 101"), run.output());
  }

  @Test
  void aSamplingRateBelowOneFromTheEnvironmentIsRefusedWithTheReason() throws Exception {
    ShadedJar.Run run = ShadedJar.run(dir, Map.of("SLIDES_SAMPLES_PER_SECOND", "0.5"), LIMIT,
        "extract", SAMPLE.toString(), "--out", dir.resolve("out").toString());
    assertEquals(2, run.exit(), run.output());
    assertTrue(run.output().startsWith("SLIDES_SAMPLES_PER_SECOND / --samples-per-second must be"
        + " 1 to 60, got 0.5: fewer samples than one a second cannot see a slide"), run.output());
    assertFalse(Files.exists(dir.resolve("out")), "nothing was written");
  }

  @Test
  void aSharedSettingFromTheEnvironmentReachesServeAsItReachesExtract() throws Exception {
    // --quality is declared once for both commands: its variable, and its check, hold in serve.
    ShadedJar.Run run = ShadedJar.run(dir, Map.of("SLIDE_IMAGE_QUALITY", "101"), LIMIT,
        "serve", "--insecure", "--host", "127.0.0.1", "--port", "0",
        "--data-dir", dir.resolve("data").toString());
    assertEquals(2, run.exit(), run.output());
    assertEquals("SLIDE_IMAGE_QUALITY / --quality must be 0 to 100, got 101",
        run.output().strip(), run.output());
  }

  @Test
  void readsTheVideoFromStandardInput() throws Exception {
    Path log = dir.resolve("log");
    Path out = dir.resolve("out");
    Process p = ShadedJar.processBuilder("extract", "-", "--out", out.toString(),
        "--video-id", "piped", "--progress", "lines")
        .redirectInput(SAMPLE.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS), Files.readString(log));
    assertEquals(0, p.exitValue(), Files.readString(log));
    assertTrue(Files.readString(log).contains("Slides found:  6"), Files.readString(log));
    assertTrue(Files.isRegularFile(out.resolve("manifests/piped.json")));
  }

  /**
   * Ctrl-C while a download hangs: the command stops at once, gives the connection up, removes
   * what it downloaded, says "Cancelled" on a line of its own and exits with 130.
   */
  @Test
  void ctrlCCancelsCleansUpAndExitsWith130() throws Exception {
    Path tmp = Files.createDirectory(dir.resolve("tmp"));
    Path log = dir.resolve("log");
    Path out = dir.resolve("out");
    try (FaultyHttpServer http = FaultyHttpServer.start()) {
      http.serve("/talk.mp4", Files.readAllBytes(SAMPLE), new FaultyHttpServer.StallAfter(4096));
      List<String> jvm = new ArrayList<>(ShadedJar.QUICK_START);
      jvm.add("-Djava.io.tmpdir=" + tmp);
      interruptWhenStalled(http, log, jvm,
          "extract", http.url("/talk.mp4"), "--out", out.toString(), "--progress", "bar");
      assertTrue(http.awaitClientGone(Duration.ofSeconds(10)), "the connection stayed open");
    }
    String printed = read(log);
    assertTrue(printed.contains("downloading"), printed);
    List<String> lines = printed.lines().toList();
    assertEquals("Cancelled", lines.get(lines.size() - 1), printed);
    assertTrue(lines.get(lines.size() - 2).contains("downloading"), printed);
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(), left.filter(f -> f.getFileName().toString().startsWith("slides-"))
          .toList(), "downloads left behind");
    }
    assertFalse(Files.exists(out.resolve("manifests")));
  }

  /**
   * Ctrl-C in the middle of a batch: the table still says which videos were done (their
   * manifests stay), which one the cancel stopped, and how many did not run.
   */
  @Test
  void ctrlCInABatchSaysWhichVideosWereDone() throws Exception {
    Path log = dir.resolve("batch-log");
    Path out = dir.resolve("batch-out");
    try (FaultyHttpServer http = FaultyHttpServer.start()) {
      http.serve("/stuck.mp4", Files.readAllBytes(SAMPLE), new FaultyHttpServer.StallAfter(4096));
      interruptWhenStalled(http, log, ShadedJar.QUICK_START, "extract", SAMPLE.toString(),
          http.url("/stuck.mp4"), SAMPLE.toString(), "--out", out.toString(),
          "--progress", "lines");
    }
    String printed = read(log);
    List<String> lines = printed.lines().toList();
    assertEquals("Cancelled", lines.get(lines.size() - 1), printed);
    assertTrue(lines.stream().anyMatch(l -> l.matches(".*lecture.mp4\\s+lecture\\s+\\d+ .* ok")),
        printed);
    assertTrue(lines.stream().anyMatch(l -> l.contains("stuck") && l.endsWith("cancelled")),
        printed);
    assertTrue(printed.contains("Cancelled: 1 of 3 videos done, 0 failed, 2 not done."),
        printed);
    assertTrue(Files.isRegularFile(out.resolve("manifests/lecture.json")), printed);
  }

  /**
   * {@code slides extract talk.mp4 --csv - 2>progress.log} at a terminal: the CSV goes to the
   * terminal, progress to the log file, as lines. It asked whether standard output was a
   * terminal, drew a bar, and so filled the log with carriage returns and redrawn lines.
   */
  @Test
  void progressIntoALogFileIsLinesWhileStandardOutputIsATerminal() throws Exception {
    Path log = dir.resolve("progress.log");
    ShadedJar.Run run = atATerminal(" 2>" + quoted(log.toString()), "extract", SAMPLE.toString(),
        "--out", dir.resolve("out").toString(), "--end", "5", "--csv", "-");
    assertEquals(0, run.exit(), read(log) + run.output());
    assertTrue(run.output().contains("kind,slide"), run.output());
    String progress = read(log);
    assertTrue(progress.contains("completed"), progress);
    assertFalse(progress.contains("\r"), progress);
    assertFalse(progress.contains("[###"), progress);
  }

  /**
   * {@code slides extract -} typed at a terminal, nothing piped in: refused at once (it waited,
   * silent, for a video typed in, and said after Ctrl-D that none came).
   */
  @Test
  void standardInputThatIsATerminalIsRefused() throws Exception {
    ShadedJar.Run run = atATerminal("", "extract", "-", "--out", dir.resolve("out").toString());
    assertEquals(2, run.exit(), run.output());
    assertTrue(run.output().startsWith("- reads the video from standard input, which is this"
        + " terminal: pipe a video into it"), run.output());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  /**
   * Runs the jar with {@code args} at a terminal, as in a person's shell: {@code script} gives
   * it one for its standard input, output and error, less what {@code redirect} (a shell's
   * {@code 2>file}) sends elsewhere. Returns its exit code and what the terminal showed.
   */
  private ShadedJar.Run atATerminal(String redirect, String... args) throws Exception {
    ProcessBuilder pb = ShadedJar.processBuilder(args);
    String command = String.join(" ", pb.command().stream().map(ExtractProcessIT::quoted)
        .toList()) + redirect;
    Path terminal = Files.createTempFile(dir, "terminal", ".txt");
    pb.command("script", "-qec", command, "/dev/null")
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectErrorStream(true).redirectOutput(terminal.toFile());
    Process p;
    try {
      p = pb.start();
    } catch (java.io.IOException e) {
      org.junit.jupiter.api.Assumptions.abort("no script(1) to make a terminal: " + e);
      return null;
    }
    try {
      assertTrue(p.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS), read(terminal));
      return new ShadedJar.Run(p.exitValue(), read(terminal));
    } finally {
      p.destroyForcibly();
    }
  }

  /**
   * In the C locale (cron, CI runners, container images without LANG) Java cannot write a file
   * name with an Ü: the command says so and how to run it, for a name on the command line (it
   * ended in a stack trace) and for one found in a folder (it said "Not a video file").
   */
  @Test
  void aNameTheLocaleCannotWriteSaysToRunInAUtf8Locale() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")),
        "the tests run in a UTF-8 locale, to name the file");
    Path course = Files.createDirectories(dir.resolve("course"));
    Path video = Files.copy(SAMPLE, course.resolve("\u00dcbung 1.mp4"));
    String out = dir.resolve("out").toString();
    Map<String, String> cLocale = Map.of("LC_ALL", "C");
    String advice = "cannot write; run slides with a UTF-8 locale, for example LC_ALL=C.UTF-8";
    ShadedJar.Run named = ShadedJar.run(dir, cLocale, LIMIT, "extract", video.toString(),
        "--out", out, "--progress", "none");
    assertEquals(2, named.exit(), named.output());
    assertTrue(named.output().startsWith("Cannot open "), named.output());
    assertTrue(named.output().contains(advice), named.output());
    ShadedJar.Run listed = ShadedJar.run(dir, cLocale, LIMIT, "extract", course.toString(),
        "--out", out, "--progress", "none");
    assertEquals(1, listed.exit(), listed.output());
    assertTrue(listed.output().contains(advice), listed.output());
    assertFalse(listed.output().contains("Not a video file"), listed.output());
  }

  /** {@code text} as one word for sh. */
  private static String quoted(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /**
   * Runs the jar with {@code args} (output to {@code log}), sends it SIGINT as Ctrl-C would once
   * {@code http} holds a download stalled, and checks it ends with status 130.
   */
  private static void interruptWhenStalled(FaultyHttpServer http, Path log, List<String> jvm,
      String... args) throws Exception {
    ProcessBuilder pb = ShadedJar.processBuilder(jvm, args)
        .redirectErrorStream(true).redirectOutput(log.toFile());
    // A shell starts background commands with SIGINT ignored, and a JVM leaves an ignored
    // SIGINT ignored: give the command the default action of a terminal's foreground job.
    List<String> command = new ArrayList<>(List.of(
        "perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"", "--"));
    command.addAll(pb.command());
    pb.command(command);
    Process p = pb.start();
    try {
      assertTrue(http.awaitStalled(LIMIT), "the download never started: " + read(log));
      Process kill = new ProcessBuilder("perl", "-e", "kill 'INT', $ARGV[0] or die", "--",
          Long.toString(p.pid())).inheritIO().start();
      assertEquals(0, kill.waitFor());
      assertTrue(p.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS), read(log));
      assertEquals(130, p.exitValue(), read(log));
    } finally {
      p.destroyForcibly();
    }
  }

  private static String read(Path log) throws Exception {
    return Files.readString(log);
  }
}
