package dev.slides.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * What a benchmark ran on, printed with its figures so that a number can be compared with
 * another run's: processor and cores, memory, operating system, JVM, the FFmpeg libraries
 * decoding, the {@code ffmpeg} command's version where one is used, the load on the machine
 * (on a shared machine the other sessions move wall times by a third) and when.
 */
public final class RunEnvironment {
  private RunEnvironment() {}

  /** One line, starting with {@code "machine: "}. */
  public static String describe() {
    Runtime runtime = Runtime.getRuntime();
    String memory = "";
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      memory = String.format(Locale.ROOT, ", %.1f GiB", os.getTotalMemorySize() / 1073741824.0);
    }
    return String.format(Locale.ROOT, "machine: %d cores (%s)%s, %s %s; %s %s; FFmpeg libraries"
            + " %s (JavaCV); ffmpeg command %s; load average %.2f; %s",
        runtime.availableProcessors(), firstValue(Path.of("/proc/cpuinfo"), "model name",
            System.getProperty("os.arch")), memory,
        firstValue(Path.of("/etc/os-release"), "PRETTY_NAME", System.getProperty("os.name")),
        System.getProperty("os.version"), System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version", System.getProperty("java.version")),
        avutil.av_version_info().getString(), ffmpegCommandVersion(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  /** The value of the first {@code key: value} or {@code key=value} line, else the fallback. */
  static String firstValue(Path file, String key, String fallback) {
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.startsWith(key)) {
          String value = line.substring(key.length()).replaceFirst("^\\s*[:=]\\s*", "").strip();
          return value.replaceAll("^\"|\"$", "");
        }
      }
    } catch (IOException e) {
      // not Linux: the fallback says enough
    }
    return fallback;
  }

  /** The second word of {@code ffmpeg -version}'s first line, or "not installed". */
  static String ffmpegCommandVersion() {
    try {
      Process p = new ProcessBuilder(List.of("ffmpeg", "-hide_banner", "-version"))
          .redirectErrorStream(true).start();
      String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
          .lines().findFirst().orElse("");
      p.waitFor();
      String[] words = first.split(" ");
      return words.length > 2 && words[0].equals("ffmpeg") ? words[2] : "unknown";
    } catch (IOException e) {
      return "not installed";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
