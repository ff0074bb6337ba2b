package dev.slides.bench;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;

import dev.slides.ExtractionOptions;
import dev.slides.ExtractionResult;
import dev.slides.SlideExtractor;
import dev.slides.SlideSegment;
import dev.slides.testing.Canvas;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import dev.slides.SamplingOptions;
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
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * End-to-end throughput on a realistic lecture (1080p30 H.264, a keyframe every 250 frames,
 * slides shown 5-60 s with hard cuts and fades, full-motion stretches, a small moving speaker
 * inset). Each measurement runs in its own JVM with {@code -Xmx256m} so that its peak resident
 * memory can be read. Prints decode-only (the baseline), the extraction with one decoder using
 * FFmpeg's threading, and the default extraction (one decoder per core), with ratios.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * java -cp slides-bench/target/benchmarks.jar dev.slides.bench.EndToEndBenchmark [minutes] [hours-check]
 * </pre>
 */
public final class EndToEndBenchmark {
  private EndToEndBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child")) {
      child(args[1], Path.of(args[2]));
      return;
    }
    int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int hourCopies = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    Path dir = Path.of("slides-bench", "target");
    Files.createDirectories(dir);
    Path video = dir.resolve("lecture-1080p-" + minutes + "min.mp4");
    if (!Files.exists(video)) {
      long t = System.nanoTime();
      writeLecture(video, minutes * 60);
      System.out.printf(Locale.ROOT, "generated %s (%.1f MB) in %.0f s%n", video,
          Files.size(video) / 1e6, (System.nanoTime() - t) / 1e9);
    }
    System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, %s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
        System.getProperty("java.version"), System.getProperty("os.arch"));
    System.out.println("video: " + video + ", " + minutes + " min, 1920x1080, 30 fps, GOP 250");
    Result decode = run("decode", video);
    Result oneDecoder = run("extract-1", video);
    Result parallel = run("extract", video);
    accuracy(plan(minutes * 60), parallel.statics);
    print("decode-only (baseline)", decode, decode);
    print("extract, 1 decoder, FFmpeg threads", oneDecoder, decode);
    print("extract, 1 decoder per core (default)", parallel, decode);
    Path x264 = dir.resolve("lecture-1080p-" + minutes + "min-x264.mp4");
    if (Files.exists(x264) || transcodeWithX264(video, x264)) {
      System.out.println("same lecture re-encoded by x264 (B-frames, as YouTube serves H.264):");
      Result decodeX = run("decode", x264);
      Result noSkip = run("extract-noskip", x264);
      Result skip = run("extract", x264);
      print("decode-only (baseline)", decodeX, decodeX);
      print("extract, every frame decoded", noSkip, decodeX);
      print("extract, non-reference frames skipped", skip, decodeX);
    }
    if (hourCopies > 0) {
      Path hour = dir.resolve("lecture-1080p-" + minutes * hourCopies + "min.mp4");
      if (!Files.exists(hour)) {
        concatenate(video, hour, hourCopies);
      }
      Result longRun = run("extract", hour);
      System.out.printf(Locale.ROOT, "%d-minute video, default extraction: %.1f s, %.1fx realtime,"
          + " peak RSS %d MB (-Xmx256m)%n", minutes * hourCopies, longRun.seconds,
          minutes * hourCopies * 60 / longRun.seconds, longRun.peakRssKb / 1024);
    }
  }

  private record Result(double seconds, long samples, long peakRssKb, double videoSeconds,
                        List<double[]> statics) {}

  private static void print(String label, Result r, Result baseline) {
    System.out.printf(Locale.ROOT,
        "%-40s %7.1f s  %5.1fx realtime  peak RSS %4d MB  ratio to decode-only %.2f%n",
        label, r.seconds, r.videoSeconds / r.seconds, r.peakRssKb / 1024,
        r.seconds / baseline.seconds);
  }

  private static Result run(String mode, Path video) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        EndToEndBenchmark.class.getName(), "--child", mode, video.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String result = null;
    List<double[]> statics = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("RESULT ")) {
          result = line;
        } else if (line.startsWith("STATIC ")) {
          String[] p = line.split(" ");
          statics.add(new double[] {Double.parseDouble(p[1]), Double.parseDouble(p[2])});
        }
      }
    }
    if (process.waitFor() != 0 || result == null) {
      throw new IllegalStateException(mode + " failed");
    }
    String[] p = result.split(" ");
    return new Result(Double.parseDouble(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]),
        Double.parseDouble(p[4]), statics);
  }

  /** Runs one measurement in this JVM and prints {@code RESULT seconds samples rssKb videoSeconds}. */
  private static void child(String mode, Path video) throws Exception {
    long start = System.nanoTime();
    long samples;
    double videoSeconds;
    switch (mode) {
      case "decode" -> {
        long[] counts = decodeEveryFrame(video);
        samples = counts[0];
        videoSeconds = counts[1] / 1000.0;
      }
      case "extract", "extract-1", "extract-noskip" -> {
        Path out = Files.createTempDirectory("slides-bench");
        SamplingOptions sampling = switch (mode) {
          case "extract-1" -> SamplingOptions.defaults().withDecoders(1, 0);
          case "extract-noskip" -> SamplingOptions.defaults().withSkipNonReferenceFrames(false);
          default -> SamplingOptions.defaults();
        };
        ExtractionResult r = SlideExtractor.create(new TempDirStore(out),
            ExtractionOptions.defaults().withSampling(sampling)).extract("bench", video);
        samples = r.samples();
        videoSeconds = r.durationSeconds();
        r.segments().stream().filter(SlideSegment::isStatic).forEach(seg -> System.out.printf(
            Locale.ROOT, "STATIC %.3f %.3f%n", seg.startTime(), seg.endTime()));
      }
      default -> throw new IllegalArgumentException(mode);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "RESULT %.3f %d %d %.3f%n", seconds, samples, peakRssKb(),
        videoSeconds);
  }

  /** The baseline: every frame decoded with FFmpeg's default threading, its luma plane read. */
  private static long[] decodeEveryFrame(Path video) throws IOException {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
      grabber.setImageMode(FrameGrabber.ImageMode.RAW);
      grabber.setAudioStream(-1);
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
        for (int y = 0; y < picture.height(); y++) {
          luma.position((long) y * stride).get(row, 0, picture.width());
          checksum += row[y % row.length];
        }
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

  /** With the ffmpeg command line (libx264) when it is installed; false otherwise. */
  private static boolean transcodeWithX264(Path source, Path target) {
    try {
      Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-i", source.toString(),
          "-an", "-c:v", "libx264", "-preset", "veryfast", "-g", "250", "-bf", "3",
          "-b:v", "2M", target.toString()).inheritIO().start();
      return p.waitFor() == 0;
    } catch (IOException e) {
      System.out.println("(no ffmpeg command: skipping the x264 variant)");
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
  static void accuracy(List<Scene> truth, List<double[]> found) {
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
    System.out.printf(Locale.ROOT, "slides: %d true, %d found, %d matched within 1 s:"
        + " recall %.2f, precision %.2f%n", expected.size(), starts.size(), hits,
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
