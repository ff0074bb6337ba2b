package dev.slides.bench.accuracy;

import dev.slides.bench.BenchCommandLine;
import dev.slides.bench.WholeFile;
import dev.slides.testing.Canvas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes each case's {@code <case>.mp4} and {@code <case>.truth.json} into a cache directory,
 * and only when they are missing or were made from another spec: the truth file records a hash
 * of the spec and of {@link #GENERATOR_VERSION}, and is written after the video is complete.
 */
public final class CorpusGenerator {
  /** Bump when rendering changes, so that cached videos of unchanged specs are remade too. */
  static final String GENERATOR_VERSION = "2";

  /** Which encoder compresses the rendered frames. */
  public enum Encoder {
    /** x264 through the {@code ffmpeg} command, as the benchmark and YouTube-like files are. */
    X264_COMMAND,
    /**
     * The H.264 encoder of the FFmpeg bundled with the library: for tests, which must run where
     * the {@code ffmpeg} command is not installed.
     */
    BUNDLED_H264;

    /** The name {@code --encoder} takes: {@code x264} or {@code bundled}. */
    public String optionName() {
      return this == X264_COMMAND ? "x264" : "bundled";
    }

    /**
     * Where this encoder's corpus is kept inside a corpus folder: x264's in the folder itself,
     * as before there was a choice, the bundled encoder's in {@code bundled-h264} beside it, so
     * that running one does not regenerate the other's videos.
     */
    public Path folder(Path corpus) {
      return this == X264_COMMAND ? corpus : corpus.resolve("bundled-h264");
    }
  }

  /** Where rendered frames go: an encoder writing the case's video. */
  interface FrameSink extends AutoCloseable {
    void write(Canvas frame) throws IOException;

    /** Completes the file; without it, {@link #close} abandons the encoding. */
    void finish() throws IOException;

    @Override
    void close();
  }

  private final Path dir;
  private final Encoder encoder;

  /** A generator encoding with x264 through the {@code ffmpeg} command. */
  public CorpusGenerator(Path dir) {
    this(dir, Encoder.X264_COMMAND);
  }

  public CorpusGenerator(Path dir, Encoder encoder) {
    this.dir = dir;
    this.encoder = encoder;
  }

  public Path video(CaseSpec spec) {
    return dir.resolve(spec.name() + ".mp4");
  }

  public Path truthFile(CaseSpec spec) {
    return dir.resolve(spec.name() + ".truth.json");
  }

  static String specHash(CaseSpec spec, Encoder encoder) {
    // x264's hashes stay as they were before there was a choice: cached corpora remain valid.
    // The bundled encoder's bitrate follows the case's encoding since "rate 2" (see
    // BundledEncoder.bitrate); before, every case had 0.15 bits per pixel.
    String made = encoder == Encoder.X264_COMMAND ? GENERATOR_VERSION
        : GENERATOR_VERSION + " " + encoder + " rate 2";
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest((made + "\n" + spec).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Whether the case's cached video and truth were made from its current spec, so that
   * {@link #ensure} will not generate it (and need the {@code ffmpeg} command). Reads only.
   */
  public boolean isCurrent(CaseSpec spec) {
    if (!Files.exists(truthFile(spec)) || !Files.exists(video(spec))) {
      return false;
    }
    try {
      return Truth.read(truthFile(spec)).specHash().equals(specHash(spec, encoder));
    } catch (IOException e) {
      return false;
    }
  }

  /** The case's truth, generating its video first when the cached one is missing or stale. */
  public Truth ensure(CaseSpec spec) throws IOException {
    String hash = specHash(spec, encoder);
    Path truthFile = truthFile(spec);
    if (Files.exists(truthFile) && Files.exists(video(spec))) {
      try {
        Truth cached = Truth.read(truthFile);
        if (cached.specHash().equals(hash)) {
          Truth current = Truth.of(spec, hash);
          if (!current.equals(cached)) {
            current.write(truthFile); // same video, the truth file's layout changed
          }
          return current;
        }
      } catch (IOException e) {
        // unreadable: generate again
      }
    }
    Files.createDirectories(dir);
    Files.deleteIfExists(truthFile);
    long start = System.nanoTime();
    generate(spec, video(spec), encoder);
    Truth truth = Truth.of(spec, hash);
    truth.write(truthFile);
    System.err.printf(Locale.ROOT, "generated %s: %.0f s of %dx%d video in %.1f s (%.1f MB)%n",
        spec.name(), spec.durationSeconds(), spec.width(), spec.height(),
        (System.nanoTime() - start) / 1e9, Files.size(video(spec)) / 1e6);
    return truth;
  }

  /**
   * {@link #ensure} for every case, in order; an {@link IllegalStateException} in plain words
   * naming the corpus folder when one cannot be generated (a folder that cannot be written,
   * an encoder that fails), where each runner printed a stack trace.
   */
  public List<Truth> ensureAll(List<CaseSpec> specs) {
    List<Truth> truths = new ArrayList<>();
    for (CaseSpec spec : specs) {
      try {
        truths.add(ensure(spec));
      } catch (IOException e) {
        throw new IllegalStateException("Could not generate the case " + spec.name() + " in "
            + dir.toAbsolutePath() + ": " + plainWords(e), e);
      }
    }
    return truths;
  }

  /** An IOException's message, with what the file system's own leave out. */
  static String plainWords(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() == null) {
      String what = e instanceof AccessDeniedException ? "permission denied"
          : e instanceof NoSuchFileException ? "no such file or folder"
          : e instanceof FileAlreadyExistsException ? "already exists" : "cannot be written";
      return f.getFile() + ": " + what;
    }
    return e.getMessage();
  }

  private static void generate(CaseSpec spec, Path file, Encoder encoder) throws IOException {
    Canvas frame = new Canvas(spec.width(), spec.height());
    try {
      // Under a part name until complete: a failed or stopped encoding leaves nothing behind.
      WholeFile.write(file, part -> {
        try (CaseRenderer renderer = new CaseRenderer(spec);
             FrameSink sink = encoder == Encoder.X264_COMMAND ? FfmpegCli.encoder(part, spec)
                 : new BundledEncoder(part, spec)) {
          int total = spec.totalFrames();
          for (int n = 0; n < total; n++) {
            renderer.render(n, frame);
            sink.write(frame);
          }
          sink.finish();
        }
        return true;
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while encoding " + spec.name());
    }
  }

  /** The generator's command line: where to write, which cases, with which encoder. */
  @Command(name = "CorpusGenerator", sortOptions = false, sortSynopsis = false,
      description = "Generates the accuracy benchmark's corpus without scoring anything (run"
          + " from the repository root).",
      footer = {"Needs the ffmpeg command line (Debian's ffmpeg) with either encoder: the motion",
          "stretches come from its lavfi sources."})
  static final class Cli implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--corpus", paramLabel = "DIR", description = "where the videos are written"
        + " (default: slides-bench/target/accuracy-corpus)")
    Path dir = Corpus.DEFAULT_DIR;

    @Option(names = "--cases", paramLabel = "REGEX",
        converter = AccuracyBenchmark.CasePattern.class,
        description = "cases whose name contains a match (default: all)")
    String cases = ".*";

    @Option(names = "--encoder", paramLabel = "x264|bundled",
        converter = AccuracyBenchmark.EncoderName.class,
        description = "x264 through the ffmpeg command (the default), or OpenH264 through the"
            + " library's bundled FFmpeg, no B-frames, a bitrate per case; written to"
            + " DIR/bundled-h264")
    Encoder encoder = Encoder.X264_COMMAND;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;

    /** The request; plain words for a mistake, before anything is generated. */
    Request request() {
      try {
        AccuracyBenchmark.checkCorpus(dir, cases);
      } catch (IllegalArgumentException e) {
        throw BenchCommandLine.wrong(spec, e.getMessage());
      }
      return new Request(dir, cases, encoder);
    }

    @Override
    public Integer call() throws IOException {
      Request request = request();
      try {
        // Also for the bundled encoder: the motion stretches are read from the command's lavfi
        // sources whatever encodes them.
        FfmpegCli.requireInstalled();
      } catch (IllegalStateException e) {
        System.err.println(e.getMessage());
        return 1;
      }
      List<CaseSpec> specs = Corpus.select(request.cases());
      Path folder = request.encoder().folder(request.dir());
      CorpusGenerator generator = new CorpusGenerator(folder, request.encoder());
      long start = System.nanoTime();
      try {
        generator.ensureAll(specs);
      } catch (IllegalStateException e) {
        System.err.println(e.getMessage());
        return 1;
      }
      System.err.printf(Locale.ROOT, "corpus ready in %s after %.1f s%n", folder,
          (System.nanoTime() - start) / 1e9);
      return 0;
    }
  }

  /** What to generate. */
  record Request(Path dir, String cases, Encoder encoder) {}

  /** The command line {@link #main} runs, for tests. */
  static CommandLine commandLine() {
    return BenchCommandLine.of(new Cli());
  }

  /**
   * Generates the corpus without scoring anything.
   *
   * <pre>
   * java -cp slides-bench/target/benchmarks.jar dev.slides.bench.accuracy.CorpusGenerator \
   *     [--corpus DIR] [--cases REGEX] [--encoder x264|bundled]
   * </pre>
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
