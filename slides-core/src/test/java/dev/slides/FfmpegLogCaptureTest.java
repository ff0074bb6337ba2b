package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;

/**
 * FFmpeg has one log callback per process. The README promises that the library takes it over
 * when it opens its first video, unless the JVM runs with {@code -Ddev.slides.ffmpegLog=off};
 * then an application's own callback stays. Each case runs in a JVM of its own: the take-over
 * happens once per process, and other tests in this one have opened videos already.
 */
class FfmpegLogCaptureTest {
  static final Path SAMPLE = Path.of("..", "samples", "lecture.mp4");

  @Test
  void theLibraryRoutesFfmpegsLogToSlf4jByDefault() throws Exception {
    assertEquals("own callback heard the line: false", probe(List.of()));
  }

  @Test
  void withTheSwitchOffTheApplicationKeepsItsOwnCallback() throws Exception {
    assertEquals("own callback heard the line: true",
        probe(List.of("-Ddev.slides.ffmpegLog=off")));
  }

  private static String probe(List<String> properties) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(properties);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        Probe.class.getName(), SAMPLE.toAbsolutePath().toString()));
    Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(run.waitFor(120, TimeUnit.SECONDS), output);
    assertEquals(0, run.exitValue(), output);
    return output.lines().filter(l -> l.startsWith("own callback")).findFirst()
        .orElseThrow(() -> new AssertionError("the probe said nothing:\n" + output));
  }

  /**
   * An application with its own FFmpeg log callback that then extracts a video: does a line
   * FFmpeg logs afterwards still reach its callback?
   */
  static final class Probe extends LogCallback {
    static final String LINE = "slides-log-probe";
    static final Probe OWN = new Probe(); // kept reachable: FFmpeg holds only a native pointer
    final AtomicBoolean heard = new AtomicBoolean();

    @Override
    public void call(int level, BytePointer message) {
      if (message.getString().contains(LINE)) {
        heard.set(true);
      }
    }

    public static void main(String[] args) throws Exception {
      avutil.av_log_set_level(avutil.AV_LOG_WARNING);
      avutil.setLogCallback(OWN);
      SlideExtractor.create(new InMemoryBlobStore()).extract("probe", Path.of(args[0]));
      avutil.av_log(null, avutil.AV_LOG_ERROR, LINE + "\n");
      System.out.println("own callback heard the line: " + OWN.heard.get());
    }
  }
}
