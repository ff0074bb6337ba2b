package dev.slides.bench.accuracy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FFmpeg's {@code freezedetect} filter as a user would run it, as the reference the detector
 * must not fall behind: {@code ffmpeg -i X -vf freezedetect=n=NOISE:d=2 -an -f null -}.
 * Each reported freeze is a static segment; one still open at the end ends at the video's
 * duration.
 */
public final class FreezeDetect {
  /** The noise floors scored: the filter's usual settings for clean and for noisy video. */
  public static final List<String> NOISE_FLOORS = List.of("-45dB", "-50dB");

  private static final Pattern START = Pattern.compile("freezedetect\\.freeze_start: ([0-9.]+)");
  private static final Pattern END = Pattern.compile("freezedetect\\.freeze_end: ([0-9.]+)");
  private static final Pattern DURATION =
      Pattern.compile("Duration: (\\d+):(\\d+):(\\d+(?:\\.\\d+)?)");

  private FreezeDetect() {}

  /**
   * Runs one {@code ffmpeg} per noise floor, all at once, and returns their freezes in the
   * order of {@code noiseFloors}.
   *
   * @param fallbackDuration used when FFmpeg does not print the duration
   */
  public static List<List<Span>> detect(Path video, List<String> noiseFloors,
                                        double fallbackDuration) throws IOException {
    List<Process> processes = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    try {
      for (String noise : noiseFloors) {
        Path log = Files.createTempFile("freezedetect", ".log");
        logs.add(log);
        processes.add(new ProcessBuilder(FfmpegCli.COMMAND, "-hide_banner", "-nostats",
            "-nostdin", "-i", video.toString(), "-vf", "freezedetect=n=" + noise + ":d=2",
            "-an", "-f", "null", "-")
            .redirectErrorStream(true).redirectOutput(log.toFile()).start());
      }
      List<List<Span>> results = new ArrayList<>();
      for (int i = 0; i < processes.size(); i++) {
        int code = processes.get(i).waitFor();
        String output = Files.readString(logs.get(i), StandardCharsets.UTF_8);
        if (code != 0) {
          throw new IOException("ffmpeg freezedetect failed on " + video + " (exit " + code
              + "): " + output.substring(Math.max(0, output.length() - 400)));
        }
        results.add(parse(output, fallbackDuration));
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running freezedetect on " + video, e);
    } finally {
      processes.forEach(Process::destroy);
      for (Path log : logs) {
        Files.deleteIfExists(log);
      }
    }
  }

  /** The freezes in ffmpeg's log output. */
  static List<Span> parse(String output, double fallbackDuration) {
    double duration = fallbackDuration;
    Matcher d = DURATION.matcher(output);
    if (d.find()) {
      duration = Integer.parseInt(d.group(1)) * 3600 + Integer.parseInt(d.group(2)) * 60
          + Double.parseDouble(d.group(3));
    }
    List<Span> freezes = new ArrayList<>();
    Double open = null;
    for (String line : output.split("\\R")) {
      Matcher s = START.matcher(line);
      Matcher e = END.matcher(line);
      if (s.find()) {
        open = Double.parseDouble(s.group(1));
      } else if (e.find() && open != null) {
        freezes.add(new Span(open, Math.max(open, Double.parseDouble(e.group(1)))));
        open = null;
      }
    }
    if (open != null) {
      freezes.add(new Span(open, Math.max(open, duration)));
    }
    return freezes;
  }
}
