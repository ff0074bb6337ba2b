package dev.slides.internal.video;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slides.ExtractionResult;
import dev.slides.InMemoryBlobStore;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import dev.slides.SamplingOptions;
import dev.slides.SlideExtractor;
import dev.slides.SlideSegment;
import dev.slides.bench.BenchCommandLine;
import dev.slides.bench.EndToEndBenchmark;
import dev.slides.bench.RunEnvironment;
import dev.slides.bench.WholeFile;
import dev.slides.internal.download.HttpDownloader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Two renditions of one lecture served over loopback, as YouTube offers them: analysing the
 * small one (360p) and taking the slide images from the large one (1080p) by seeking it over
 * HTTP range requests, against downloading the large one and extracting from it. Reports the
 * bytes each way reads and the wall and processor time, measured in the same run after both
 * paths ran once unmeasured (a warm JVM, as a server's after its first job).
 *
 * <pre>
 * java -cp slides-bench/target/benchmarks.jar dev.slides.internal.video.TwoRenditionsBenchmark \
 *     slides-bench/target/lecture-1080p-10min-youtube.mp4
 * </pre>
 *
 * <p>The two-rendition path is the job service's: the small rendition downloaded with its
 * downloader, the large one read through {@link RemoteRendition} (bounded range requests).
 */
public final class TwoRenditionsBenchmark {
  private TwoRenditionsBenchmark() {}

  /** Bytes sent per served file. */
  private static final Map<String, AtomicLong> SENT = new ConcurrentHashMap<>();

  /**
   * The rendition {@code kind} made from {@code source}, cached beside it. Named after the
   * source, so that renditions of the 1-minute lecture are not measured as the 10-minute one's.
   */
  static Path derived(Path source, String kind) {
    String name = source.getFileName().toString().replaceFirst("\\.mp4$", "");
    return source.toAbsolutePath().resolveSibling(name + "-rendition-" + kind + ".mp4");
  }

  /** The command line: one VIDEO at most. */
  @Command(name = "TwoRenditionsBenchmark",
      description = {"Makes the 1080p, fragmented 1080p and 360p renditions of VIDEO beside it"
          + " (kept), serves them over loopback, runs both paths once unmeasured (one JVM:"
          + " warm-up), then prints the baseline (download 1080p, extract) and the"
          + " two-renditions path, with ratios to the baseline."},
      footer = "Results: docs/BENCHMARKS.md, \"Two renditions (YouTube)\".")
  static final class Cli implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "VIDEO",
        description = "the YouTube-like lecture EndToEndBenchmark makes (needs the ffmpeg"
            + " command); default slides-bench/target/lecture-1080p-10min-youtube.mp4")
    Path source = Path.of("slides-bench/target/lecture-1080p-10min-youtube.mp4");

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;

    /** The video; plain words, before anything is made, when there is none. */
    Path video() {
      if (!Files.isRegularFile(source)) {
        throw BenchCommandLine.wrong(spec, "No video at " + source + ": EndToEndBenchmark makes"
            + " it (its YouTube-like x264 re-encoding, lecture-1080p-<minutes>min-youtube.mp4,"
            + " needs the ffmpeg command)");
      }
      return source;
    }

    @Override
    public Integer call() throws Exception {
      return run(video());
    }
  }

  /** The command line {@link #main} runs, for tests. */
  static CommandLine commandLine() {
    return BenchCommandLine.of(new Cli());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  private static int run(Path source) throws Exception {
    Path dir = source.toAbsolutePath().getParent();
    Path large = derived(source, "1080p");
    Path small = derived(source, "360p");
    Path dash = derived(source, "1080p-dash");
    try {
      makeRenditions(source);
    } catch (IOException e) {
      // A file that is not a video, or no ffmpeg command: one line, not a stack trace.
      System.err.println(e.getMessage());
      return 1;
    }
    HttpServer server = serve(dir);
    String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    try {
      System.out.println(RunEnvironment.describe());
      System.out.printf(Locale.ROOT, "large %s: %.1f MB, small %s: %.1f MB%n", large,
          Files.size(large) / 1e6, small, Files.size(small) / 1e6);
      // Both paths once, not measured: all run in this JVM, and the first extraction of a JVM
      // also pays for class loading and compiling the hot code (1.2 s of the 2.1 s of processor
      // time of the 1-minute lecture's baseline), which made the baseline, measured first, the
      // only cold one and flattered the ratios.
      System.out.println("warm-up: both paths once, not measured");
      oneRendition(base + large.getFileName());
      twoRenditions(base + small.getFileName(), base + large.getFileName());
      Measured one = oneRendition(base + large.getFileName());
      Measured two = twoRenditions(base + small.getFileName(), base + large.getFileName());
      Measured fragmented = twoRenditions(base + small.getFileName(),
          base + dash.getFileName());
      print("download 1080p + extract (baseline)", one, one);
      print("download 360p + detect, 1080p ranges for images", two, one);
      print("  the same, 1080p fragmented (DASH)", fragmented, one);
      System.out.println("static segments, 1080p fragmented: " + fragmented.statics.size()
          + ", same as from the faststart file: " + EndToEndBenchmark.sameSegments(two.statics,
          fragmented.statics));
      System.out.println("static segments: 1080p " + one.statics.size() + ", 360p "
          + two.statics.size() + ", matched one to one at IoU >= 0.9: "
          + EndToEndBenchmark.sameSegments(one.statics, two.statics));
      for (int i = 0; i < Math.min(one.statics.size(), two.statics.size()); i++) {
        double[] a = one.statics.get(i);
        double[] b = two.statics.get(i);
        System.out.printf(Locale.ROOT, "  slide %2d: 1080p %7.2f-%7.2f  360p %7.2f-%7.2f%n",
            i + 1, a[0], a[1], b[0], b[1]);
      }
    } finally {
      server.stop(0);
    }
    return 0;
  }

  /**
   * Makes the renditions of {@code source} that are not yet beside it, after checking with the
   * library's FFmpeg that it is a video: an IOException in plain words when it is not, or when
   * the {@code ffmpeg} command is missing or fails.
   */
  static void makeRenditions(Path source) throws IOException, InterruptedException {
    try (VideoFrames frames = VideoFrames.open(source, SamplingOptions.defaults())) {
      frames.info(); // opened: a video the library reads
    } catch (VideoDecodeException e) {
      throw new IOException("TwoRenditionsBenchmark needs a video: " + e.getMessage(), e);
    }
    Path large = derived(source, "1080p");
    Path small = derived(source, "360p");
    if (!Files.exists(large)) {
      WholeFile.write(large, part -> ffmpeg("-i", source.toString(), "-c", "copy", "-movflags",
          "+faststart", part.toString()));
    }
    Path dash = derived(source, "1080p-dash");
    if (!Files.exists(dash)) {
      // YouTube's video-only formats are fragmented MP4: a segment index at the front, then a
      // fragment (moof + mdat) every few seconds, no sample table to seek with.
      WholeFile.write(dash, part -> ffmpeg("-i", large.toString(), "-c", "copy", "-movflags",
          "+frag_keyframe+empty_moov+default_base_moof+global_sidx", "-frag_duration", "5000000",
          part.toString()));
    }
    if (!Files.exists(small)) {
      // What YouTube's 360p H.264 looks like: the same keyframe rhythm, at most 0.5 Mbit/s
      // (a still lecture needs far less).
      WholeFile.write(small, part -> ffmpeg("-i", source.toString(), "-vf", "scale=-2:360",
          "-c:v", "libx264", "-preset", "veryfast", "-g", "90", "-keyint_min", "30", "-bf", "3",
          "-crf", "28", "-maxrate", "500k", "-bufsize", "1M", "-movflags", "+faststart",
          part.toString()));
    }
  }

  private record Measured(double seconds, double cpuSeconds, long bytes, int images,
                          List<double[]> statics) {}

  private static void print(String label, Measured m, Measured baseline) {
    System.out.printf(Locale.ROOT, "%-48s %7.1f s (ratio %.3f)  cpu %6.1f s (ratio %.3f)"
            + "  %7.1f MB read (ratio %.3f)  %d images%n", label, m.seconds,
        m.seconds / baseline.seconds, m.cpuSeconds, m.cpuSeconds / baseline.cpuSeconds,
        m.bytes / 1e6, (double) m.bytes / baseline.bytes, m.images);
  }

  private static Measured oneRendition(String largeUrl) throws Exception {
    SENT.clear();
    long t = System.nanoTime();
    double cpu = cpu();
    Path file = download(largeUrl);
    ExtractionResult r = SlideExtractor.create(new InMemoryBlobStore()).extract("one", file);
    Files.delete(file);
    return new Measured((System.nanoTime() - t) / 1e9, cpu() - cpu, sent(),
        2 * (int) r.segments().stream().filter(SlideSegment::isStatic).count(), statics(r));
  }

  private static Measured twoRenditions(String smallUrl, String largeUrl) throws Exception {
    SENT.clear();
    long t = System.nanoTime();
    double cpu = cpu();
    Path file = download(smallUrl);
    JobTracker.Run run = JobTracker.inMemory().createOrRestart("two",
        JobState.of(JobStatus.PENDING, "Processing started"), s -> true).run();
    ExtractionResult r;
    long fetched;
    // What the job service does for a YouTube job with two renditions.
    try (RemoteRendition large = RemoteRendition.open(DOWNLOADER, URI.create(largeUrl),
        HttpDownloader.Origin.OPERATOR)) {
      r = SlideExtractor.create(new InMemoryBlobStore()).extract(run, file, large);
      fetched = large.bytesFetched();
    }
    Files.delete(file);
    Measured m = new Measured((System.nanoTime() - t) / 1e9, cpu() - cpu, sent(),
        2 * (int) r.segments().stream().filter(SlideSegment::isStatic).count(), statics(r));
    System.out.printf(Locale.ROOT, "bytes of the 1080p rendition fetched by bounded range"
        + " requests: %.2f MB (served: %.2f MB)%n", fetched / 1e6, SENT.getOrDefault(
        largeUrl.substring(largeUrl.lastIndexOf('/') + 1), new AtomicLong()).get() / 1e6);
    return m;
  }

  private static List<double[]> statics(ExtractionResult r) {
    List<double[]> out = new ArrayList<>();
    for (SlideSegment s : r.segments()) {
      if (s.isStatic()) {
        out.add(new double[] {s.startTime(), s.endTime()});
      }
    }
    return out;
  }

  /** The service's downloader (parallel ranges for large files), any address. */
  private static final HttpDownloader DOWNLOADER = new HttpDownloader();

  private static Path download(String url) throws IOException {
    Path file = Files.createTempFile("rendition", ".mp4");
    DOWNLOADER.download(URI.create(url), file, null, HttpDownloader.Origin.OPERATOR);
    return file;
  }

  private static long sent() {
    return SENT.values().stream().mapToLong(AtomicLong::get).sum();
  }

  private static double cpu() {
    return ProcessHandle.current().info().totalCpuDuration()
        .map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
  }

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

  /** Serves the files of {@code dir} with single byte ranges, counting what it sends. */
  private static HttpServer serve(Path dir) throws IOException {
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", exchange -> {
      try (exchange) {
        respond(dir, exchange);
      }
    });
    // Daemon threads: the JVM ends when the measurement does.
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "rendition-server");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return server;
  }

  private static void respond(Path dir, HttpExchange exchange) throws IOException {
    String name = exchange.getRequestURI().getPath().substring(1);
    Path file = dir.resolve(name).normalize();
    if (!file.getParent().equals(dir.normalize()) || !Files.isRegularFile(file)) {
      exchange.sendResponseHeaders(404, -1);
      return;
    }
    long size = Files.size(file);
    long from = 0;
    long to = size - 1;
    String range = exchange.getRequestHeaders().getFirst("Range");
    int status = 200;
    if (range != null) {
      Matcher m = RANGE.matcher(range.trim());
      if (m.matches()) {
        from = Long.parseLong(m.group(1));
        if (!m.group(2).isEmpty()) {
          to = Math.min(to, Long.parseLong(m.group(2)));
        }
        if (from >= size) {
          exchange.getResponseHeaders().set("Content-Range", "bytes */" + size);
          exchange.sendResponseHeaders(416, -1);
          return;
        }
        status = 206;
        exchange.getResponseHeaders().set("Content-Range",
            "bytes " + from + "-" + to + "/" + size);
      }
    }
    exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
    exchange.getResponseHeaders().set("Content-Type", "video/mp4");
    long length = to - from + 1;
    exchange.sendResponseHeaders(status, length);
    AtomicLong counter = SENT.computeIfAbsent(name, k -> new AtomicLong());
    byte[] buffer = new byte[64 * 1024];
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r");
         OutputStream out = exchange.getResponseBody()) {
      in.seek(from);
      long left = length;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          break;
        }
        try {
          out.write(buffer, 0, n);
        } catch (IOException e) {
          return; // the reader stopped early
        } finally {
          counter.addAndGet(n);
        }
        left -= n;
      }
    }
  }

  /** Runs the ffmpeg command; true, or an IOException saying why not. */
  private static boolean ffmpeg(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).inheritIO().start();
    } catch (IOException e) {
      throw new IOException("This benchmark needs the ffmpeg command on the PATH (Debian: apt-get"
          + " install ffmpeg) to make the renditions: " + e.getMessage(), e);
    }
    if (p.waitFor() != 0) {
      throw new IOException("The ffmpeg command failed (exit " + p.exitValue() + ", its message"
          + " is above): " + String.join(" ", command));
    }
    return true;
  }
}
