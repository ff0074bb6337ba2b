package dev.slides.bench;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;

import dev.slides.ExtractionException;
import dev.slides.ExtractionOptions;
import dev.slides.ExtractionResult;
import dev.slides.FileSystemBlobStore;
import dev.slides.SamplingOptions;
import dev.slides.SlideExtractor;
import dev.slides.SlideSegment;
import dev.slides.internal.store.FileTree;
import dev.slides.internal.video.FramesDecoded;
import dev.slides.internal.video.VideoFrames;
import dev.slides.testing.Canvas;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * End-to-end throughput on a realistic lecture (1080p30 H.264, a keyframe every 250 frames,
 * slides shown 5-60 s with hard cuts and fades, full-motion stretches, a small moving speaker
 * inset), as generated (libopenh264) and re-encoded by x264 twice (a long GOP, and YouTube-like
 * settings) when the {@code ffmpeg} command is installed. Each measurement runs in its own JVM
 * with {@code -Xmx256m} so that its peak resident memory can be read. Prints, per encoding,
 * FFmpeg's single-threaded decode of every frame (the baseline), decode-only with FFmpeg's
 * threads, the extraction decoding every frame and the default extraction (still stretches
 * skipped), with ratios, and the share of frames the default decodes.
 *
 * <pre>
 * mvn -B -q -pl slides-bench -am package -DskipTests
 * java -cp slides-bench/target/benchmarks.jar dev.slides.bench.EndToEndBenchmark [minutes] [copies]
 * </pre>
 */
public final class EndToEndBenchmark {
  private EndToEndBenchmark() {}

  /** The command line: its arguments, checked by {@link #arguments} before any work. */
  @Command(name = "EndToEndBenchmark", sortOptions = false, sortSynopsis = false,
      description = {"End-to-end throughput on a generated 1080p lecture (run from the"
          + " repository root).",
          "Writes the lectures to slides-bench/target (reused by later runs) and prints, per"
              + " encoding, the single-threaded decode (the baseline), the extraction decoding"
              + " every frame and the default extraction, each in its own -Xmx256m JVM, with"
              + " ratios to the baseline."},
      footer = "The x264 encodings need the ffmpeg command. Results: docs/BENCHMARKS.md.")
  static final class Cli implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "minutes",
        description = "length of the generated lecture (default 10; 1 checks that it runs)")
    int minutes = 10;

    @Parameters(index = "1", arity = "0..1", paramLabel = "copies",
        description = "also measure the lecture concatenated this many times (default 0)")
    int copies;

    /** One measurement in this JVM: what {@link #run} starts each child JVM with. */
    @Option(names = "--child", arity = "2", hidden = true, paramLabel = "MODE PATH")
    List<String> child;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;

    /**
     * Minutes and copies; a {@link CommandLine.ParameterException} in plain words for a
     * mistake, or when not run from the repository root (the lecture, minutes to generate,
     * would go to a new slides-bench/target).
     */
    int[] arguments() {
      if (minutes < 1) {
        throw BenchCommandLine.wrong(spec, "minutes must be a whole number of at least 1, got "
            + minutes);
      }
      if (copies < 0) {
        throw BenchCommandLine.wrong(spec, "copies must be a whole number of at least 0, got "
            + copies);
      }
      if (!Files.isDirectory(Path.of("slides-bench"))) {
        throw BenchCommandLine.wrong(spec, "No slides-bench folder in "
            + Path.of("").toAbsolutePath() + ": run EndToEndBenchmark from the repository"
            + " root");
      }
      return new int[] {minutes, copies};
    }

    @Override
    public Integer call() throws Exception {
      if (child != null) {
        child(child.get(0), Path.of(child.get(1)));
        return 0;
      }
      int[] parsed = arguments();
      measureAll(parsed[0], parsed[1]);
      return 0;
    }
  }

  /** The command line {@link #main} runs, for tests. */
  static CommandLine commandLine() {
    return BenchCommandLine.of(new Cli());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  private static void measureAll(int minutes, int hourCopies) throws Exception {
    Path dir = Path.of("slides-bench", "target");
    Files.createDirectories(dir);
    Path video = dir.resolve("lecture-1080p-" + minutes + "min.mp4");
    // First, as every runner's output starts: what the figures below were measured on.
    System.out.println(RunEnvironment.describe());
    if (!Files.exists(video)) {
      long t = System.nanoTime();
      WholeFile.write(video, part -> {
        writeLecture(part, minutes * 60);
        return true;
      });
      System.out.printf(Locale.ROOT, "generated %s (%.1f MB) in %.0f s%n", video,
          Files.size(video) / 1e6, (System.nanoTime() - t) / 1e9);
    }
    System.out.println("each measurement: its own JVM, -Xmx256m, default options unless said;"
        + " wall time from the JVM's start of work, cpu of the whole JVM");
    measure("libopenh264, 1920x1080, 30 fps, keyframe every 250 frames (no B-frames)", video,
        minutes);
    Path x264 = dir.resolve("lecture-1080p-" + minutes + "min-x264.mp4");
    if (Files.exists(x264) || transcodeWithX264(video, x264, X264)) {
      measure("x264 re-encoding (-preset veryfast -g 250 -bf 3 -b:v 2M)", x264, minutes);
    }
    Path youtube = dir.resolve("lecture-1080p-" + minutes + "min-youtube.mp4");
    if (Files.exists(youtube) || transcodeWithX264(video, youtube, YOUTUBE_LIKE)) {
      measure("YouTube-like x264 (" + String.join(" ", YOUTUBE_LIKE) + ")", youtube, minutes);
    }
    if (hourCopies > 0) {
      Path hour = dir.resolve("lecture-1080p-" + minutes * hourCopies + "min.mp4");
      if (!Files.exists(hour)) {
        WholeFile.write(hour, part -> {
          concatenate(video, part, hourCopies);
          return true;
        });
      }
      for (String mode : List.of("extract", "extract-full")) {
        Result longRun = run(mode, hour);
        System.out.printf(Locale.ROOT, "%d-minute video, %s: %.1f s, %.1fx realtime,"
            + " peak RSS %d MB (-Xmx256m)%n", minutes * hourCopies, mode, longRun.seconds,
            minutes * hourCopies * 60 / longRun.seconds, longRun.peakRssKb / 1024);
      }
    }
  }

  /** x264 settings of the first re-encoding: a long GOP, B-frames. */
  static final List<String> X264 = List.of("-preset", "veryfast", "-g", "250", "-bf", "3",
      "-b:v", "2M");

  /**
   * What YouTube's H.264 renditions look like: a keyframe at most every 3 s (and at scene cuts,
   * never closer than 1 s), three B-frames, high profile, constrained bitrate.
   */
  static final List<String> YOUTUBE_LIKE = List.of("-preset", "veryfast", "-profile:v",
      "high", "-g", "90", "-keyint_min", "30", "-bf", "3", "-b:v", "2500k", "-maxrate", "4M",
      "-bufsize", "8M");

  /**
   * One encoding: FFmpeg's single-threaded decode of every frame (the baseline of issue 13),
   * decode-only with FFmpeg's threads, the extraction decoding every frame and the default
   * extraction, which skips still stretches; then the share of frames the default decodes.
   */
  private static void measure(String label, Path video, int minutes) throws Exception {
    System.out.println();
    System.out.println(label + ": " + video);
    Result single = run("decode-1", video);
    Result threaded = run("decode", video);
    Result full = run("extract-full", video);
    Result screened = run("extract", video);
    Result share = run("share", video);
    accuracy(plan(minutes * 60), full.statics, "decoding every frame");
    accuracy(plan(minutes * 60), screened.statics, "skipping still stretches");
    System.out.println("same static segments as decoding every frame: "
        + sameSegments(full.statics, screened.statics));
    print("decode-only, 1 thread (baseline)", single, single, threaded);
    print("decode-only, FFmpeg threads", threaded, single, threaded);
    print("extraction, every frame decoded", full, single, threaded);
    print("extraction, default (still stretches skipped)", screened, single, threaded);
    System.out.printf(Locale.ROOT, "frames decoded by the default extraction: %d of %d (%.1f %%),"
        + " keyframe screening included%n", share.samples, share.frames,
        100.0 * share.samples / share.frames);
    double command = ffmpegCommandSeconds(video);
    if (command > 0) {
      System.out.printf(Locale.ROOT, "cross-check, the ffmpeg command on one thread"
          + " (-threads 1 -f null): %.1f s; default extraction / it: %.3f%n", command,
          screened.seconds / command);
    }
  }

  /**
   * Wall time of {@code ffmpeg -threads 1 -i video -f null -}, the command the baseline stands
   * for; 0 when ffmpeg is not installed.
   */
  private static double ffmpegCommandSeconds(Path video) throws InterruptedException {
    try {
      long start = System.nanoTime();
      Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-threads", "1", "-i",
          video.toString(), "-an", "-f", "null", "-").inheritIO().start();
      return p.waitFor() == 0 ? (System.nanoTime() - start) / 1e9 : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Whether both lists have the same static segments, one to one at IoU >= 0.9. */
  public static boolean sameSegments(List<double[]> a, List<double[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      double inter = Math.min(a.get(i)[1], b.get(i)[1]) - Math.max(a.get(i)[0], b.get(i)[0]);
      double union = Math.max(a.get(i)[1], b.get(i)[1]) - Math.min(a.get(i)[0], b.get(i)[0]);
      if (union <= 0 || inter / union < 0.9) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param samples samples analysed, frames decoded for {@code decode} and {@code share} runs
   * @param frames frames in the video ({@code share} runs only)
   * @param cpuSeconds processor time of the whole JVM, start-up included: on a shared machine
   *     the work done, where wall times also measure the neighbours
   */
  private record Result(double seconds, long samples, long peakRssKb, double videoSeconds,
                        List<double[]> statics, long frames, double cpuSeconds) {}

  private static void print(String label, Result r, Result single, Result threaded) {
    System.out.printf(Locale.ROOT,
        "%-46s %7.1f s  %5.1fx realtime  peak RSS %4d MB  ratio to 1-thread decode %.3f,"
            + " to threaded decode %.3f  (cpu %.1f s, ratio %.3f)%n",
        label, r.seconds, r.videoSeconds / r.seconds, r.peakRssKb / 1024,
        r.seconds / single.seconds, r.seconds / threaded.seconds, r.cpuSeconds,
        r.cpuSeconds / single.cpuSeconds);
  }

  static Result run(String mode, Path video) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        EndToEndBenchmark.class.getName(), "--child", mode, video.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String result = null;
    List<double[]> statics = new ArrayList<>();
    List<String> said = new ArrayList<>(); // what else the child printed: why it failed
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("RESULT ")) {
          result = line;
        } else if (line.startsWith("STATIC ")) {
          String[] p = line.split(" ");
          statics.add(new double[] {Double.parseDouble(p[1]), Double.parseDouble(p[2])});
        } else {
          said.add(line);
        }
      }
    }
    if (process.waitFor() != 0 || result == null) {
      throw new IllegalStateException("The " + mode + " measurement of " + video + " failed:\n"
          + String.join("\n", said.subList(Math.max(0, said.size() - 20), said.size())));
    }
    String[] p = result.split(" ");
    return new Result(Double.parseDouble(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]),
        Double.parseDouble(p[4]), statics, Long.parseLong(p[5]), Double.parseDouble(p[6]));
  }

  /**
   * Runs one measurement in this JVM and prints
   * {@code RESULT seconds samples rssKb videoSeconds [frames]}.
   */
  private static void child(String mode, Path video) throws Exception {
    long start = System.nanoTime();
    long samples;
    long frames = 0;
    double videoSeconds;
    switch (mode) {
      case "decode", "decode-1" -> {
        long[] counts = decodeEveryFrame(video, mode.equals("decode-1"));
        samples = counts[0];
        videoSeconds = counts[1] / 1000.0;
      }
      case "share" -> {
        VideoFrames sampled = VideoFrames.open(video, SamplingOptions.defaults());
        try (sampled) {
          while (sampled.next() != null) {
            // only the decoding counts here
          }
          videoSeconds = sampled.info().durationSeconds();
        }
        // Read once closed: a decoder adds its count when it has finished a chunk.
        long[] decoded = FramesDecoded.ofTotal(sampled);
        samples = decoded[0];
        frames = decoded[1];
      }
      case "extract", "extract-full" -> {
        SamplingOptions sampling = mode.equals("extract-full")
            ? SamplingOptions.builder().skipStillStretches(false).build()
            : SamplingOptions.defaults();
        ExtractionResult r = extractInTemporaryStore(video, sampling,
            Path.of(System.getProperty("java.io.tmpdir")));
        samples = r.samples();
        videoSeconds = r.durationSeconds();
        r.segments().stream().filter(SlideSegment::isStatic).forEach(seg -> System.out.printf(
            Locale.ROOT, "STATIC %.3f %.3f%n", seg.startTime(), seg.endTime()));
      }
      default -> throw new IllegalArgumentException("Unknown measurement: " + mode);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = ProcessHandle.current().info().totalCpuDuration()
        .map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    System.out.printf(Locale.ROOT, "RESULT %.3f %d %d %.3f %d %.3f%n", seconds, samples,
        peakRssKb(), videoSeconds, frames, cpu);
  }

  /**
   * Extracts {@code video} into a store in a new folder under {@code parent}, the
   * {@link FileSystemBlobStore} a user's {@code slides extract --out} writes its images with
   * (list and remove included, as at the end of every run), and deletes that folder
   * afterwards: every measurement made one, and a full run left some twenty behind in the
   * temporary folder.
   */
  static ExtractionResult extractInTemporaryStore(Path video, SamplingOptions sampling,
      Path parent) throws IOException, ExtractionException {
    Path out = Files.createTempDirectory(parent, "slides-bench");
    try {
      return SlideExtractor.create(FileSystemBlobStore.create(out),
          ExtractionOptions.builder().sampling(sampling).build()).extract("bench", video);
    } finally {
      FileTree.delete(out);
    }
  }

  /**
   * The baselines: every frame decoded, on one thread or with FFmpeg's default threading, its
   * luma plane read.
   */
  private static long[] decodeEveryFrame(Path video, boolean oneThread) throws IOException {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
      grabber.setImageMode(FrameGrabber.ImageMode.RAW);
      grabber.setAudioStream(-1);
      if (oneThread) {
        grabber.setVideoOption("threads", "1");
      }
      grabber.start();
      long frames = 0;
      long checksum = 0;
      long lastMicros = 0;
      byte[] row = new byte[grabber.getImageWidth()];
      Frame frame;
      while ((frame = grabber.grabImage()) != null) {
        AVFrame picture = (AVFrame) frame.opaque;
        BytePointer luma = picture.data(0);
        int stride = picture.linesize(0);
        // One row per frame proves the frame is there; copying every row through JNI (as this
        // once did) added 2.4 s to 19 s of decoding, a baseline no longer FFmpeg's alone.
        int y = (int) (frames % picture.height());
        luma.position((long) y * stride).get(row, 0, picture.width());
        checksum += row[y % row.length];
        luma.position(0);
        frames++;
        lastMicros = frame.timestamp;
      }
      if (checksum == 42) {
        System.out.println("(checksum)");
      }
      return new long[] {frames, lastMicros / 1000};
    }
  }

  /**
   * With the ffmpeg command line (libx264) when it is installed; false otherwise, and then
   * {@code target} is absent (not a file cut short, which later runs would take as made).
   */
  static boolean transcodeWithX264(Path source, Path target, List<String> settings)
      throws IOException {
    try {
      return WholeFile.write(target, part -> transcode(source, part, settings));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean transcode(Path source, Path target, List<String> settings)
      throws InterruptedException {
    try {
      List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-i",
          source.toString(), "-an", "-c:v", "libx264"));
      command.addAll(settings);
      command.add(target.toString());
      Process p = new ProcessBuilder(command).inheritIO().start();
      return p.waitFor() == 0;
    } catch (IOException e) {
      System.out.println("(no ffmpeg command: skipping the x264 variant)");
      return false;
    }
  }

  private static long peakRssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  /** One stretch of the generated lecture: its ground truth. */
  record Scene(String kind, double start, double end, int slide, boolean fadeIn) {}

  /** The seeded plan of a lecture of {@code seconds}: every run measures the same file. */
  static List<Scene> plan(int seconds) {
    Random random = new Random(2026);
    List<Scene> scenes = new ArrayList<>();
    double t = 0;
    int slide = 0;
    double nextMotion = 150;
    while (t < seconds) {
      if (t >= nextMotion) {
        double motion = 5 + random.nextInt(11);
        scenes.add(new Scene("moving", t, t + motion, -1, false));
        t += motion;
        nextMotion += 120 + random.nextInt(120);
        continue;
      }
      double shown = Math.min(5 + random.nextInt(56), Math.max(5, seconds - t));
      boolean fade = slide > 0 && random.nextInt(10) < 3;
      if (fade) {
        scenes.add(new Scene("fade", t, t + 1, -1, true));
        t += 1;
      }
      scenes.add(new Scene("static", t, t + shown, slide, false));
      t += shown;
      slide++;
    }
    return scenes;
  }

  static void writeLecture(Path file, int seconds) throws IOException {
    int w = 1920;
    int h = 1080;
    LectureVideo.Builder b = LectureVideo.builder(w, h, 30).gop(250).bitrate(2_000_000)
        .speakerInset(0.04);
    for (Scene scene : plan(seconds)) {
      double length = scene.end() - scene.start();
      switch (scene.kind()) {
        case "moving" -> b.motion(length);
        case "fade" -> b.crossfade(length);
        default -> {
          int slide = scene.slide();
          Canvas image = switch (slide % 4) {
            case 0, 2 -> Slides.bullets(w, h, 500 + slide, "Slide " + (slide + 1), 3 + slide % 4);
            case 1 -> Slides.dark(w, h, 500 + slide, "Slide " + (slide + 1), 4);
            default -> Slides.solid(w, h, 0x204080 + slide * 997, "Section " + (slide + 1));
          };
          b.slide(image, length);
        }
      }
    }
    b.write(file);
  }

  /**
   * Slide boundaries found against the plan: a true slide start is found when a static segment
   * starts within one second of it (each used once). Prints recall and precision.
   */
  static void accuracy(List<Scene> truth, List<double[]> found, String label) {
    List<Double> expected = truth.stream().filter(s -> s.kind().equals("static"))
        .map(Scene::start).toList();
    List<Double> starts = new ArrayList<>();
    for (double[] f : found) {
      starts.add(f[0]);
    }
    boolean[] used = new boolean[starts.size()];
    int hits = 0;
    for (double e : expected) {
      for (int i = 0; i < starts.size(); i++) {
        if (!used[i] && Math.abs(starts.get(i) - e) <= 1.0) {
          used[i] = true;
          hits++;
          break;
        }
      }
    }
    System.out.printf(Locale.ROOT, "slides %s: %d true, %d found, %d matched within 1 s:"
        + " recall %.2f, precision %.2f%n", label, expected.size(), starts.size(), hits,
        (double) hits / expected.size(), starts.isEmpty() ? 0 : (double) hits / starts.size());
  }

  /** Writes {@code copies} times {@code source} back to back without re-encoding. */
  static void concatenate(Path source, Path target, int copies) throws IOException {
    long offsetMicros = 0;
    try (FFmpegFrameGrabber first = new FFmpegFrameGrabber(source.toFile())) {
      first.start();
      try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(target.toFile(),
          first.getImageWidth(), first.getImageHeight(), 0)) {
        recorder.setFormat("mp4");
        recorder.setVideoCodec(AV_CODEC_ID_H264);
        recorder.setFrameRate(first.getFrameRate());
        recorder.start(first.getFormatContext());
        for (int c = 0; c < copies; c++) {
          try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(source.toFile())) {
            g.start();
            var tb = g.getFormatContext().streams(g.getVideoStream()).time_base();
            long offset = offsetMicros * tb.den() / (1_000_000L * tb.num());
            AVPacket packet;
            long last = 0;
            while ((packet = g.grabPacket()) != null) {
              if (packet.stream_index() == g.getVideoStream()) {
                packet.pts(packet.pts() + offset);
                packet.dts(packet.dts() + offset);
                last = Math.max(last, packet.pts() + packet.duration());
                recorder.recordPacket(packet);
              }
            }
            offsetMicros = last * 1_000_000L * tb.num() / tb.den();
          }
        }
        recorder.stop();
      }
    }
  }
}
