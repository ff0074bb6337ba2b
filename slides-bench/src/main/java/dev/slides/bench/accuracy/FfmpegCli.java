package dev.slides.bench.accuracy;

import dev.slides.testing.Canvas;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code ffmpeg} command line, which the benchmark needs for x264 (the bundled FFmpeg has
 * no libx264), the lavfi sources and {@code freezedetect}.
 */
final class FfmpegCli {
  static final String COMMAND = "ffmpeg";

  private FfmpegCli() {}

  /**
   * Fails with a plain message unless {@code ffmpeg} runs and has libx264, the lavfi sources
   * and the freezedetect filter.
   */
  static void requireInstalled() {
    String filters;
    String encoders;
    try {
      filters = output(COMMAND, "-hide_banner", "-filters");
      encoders = output(COMMAND, "-hide_banner", "-encoders");
    } catch (IOException e) {
      throw new IllegalStateException("The accuracy benchmark needs the ffmpeg command on the"
          + " PATH (Debian: apt-get install ffmpeg); running it failed: " + e.getMessage());
    }
    List<String> missing = new ArrayList<>();
    if (!encoders.contains("libx264")) {
      missing.add("the libx264 encoder");
    }
    for (String filter : List.of("testsrc2", "life", "cellauto", "mandelbrot", "freezedetect")) {
      if (!filters.matches("(?s).*\\s" + filter + "\\s.*")) {
        missing.add("the " + filter + " filter");
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("The ffmpeg command on the PATH lacks " + String.join(", ",
          missing) + "; the accuracy benchmark needs a full build such as Debian's ffmpeg.");
    }
  }

  private static String output(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    try {
      if (p.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " exited with " + p.exitValue());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /** Reads {@code frames} BGR frames of a lavfi filter graph. */
  static RawReader lavfi(String graph, int width, int height, int frames) throws IOException {
    return new RawReader(List.of(COMMAND, "-v", "error", "-nostdin", "-f", "lavfi", "-i", graph,
        "-frames:v", Integer.toString(frames), "-f", "rawvideo", "-pix_fmt", "bgr24", "-"),
        width, height);
  }

  /** Starts x264 writing {@code file} from raw BGR frames of the case's size and rate. */
  static Encoder encoder(Path file, CaseSpec spec) throws IOException {
    CaseSpec.Encoding e = spec.encoding();
    List<String> command = new ArrayList<>(List.of(COMMAND, "-v", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", "bgr24",
        "-s", spec.width() + "x" + spec.height(), "-r", Integer.toString(spec.fps()), "-i", "-",
        "-an", "-c:v", "libx264", "-preset", "veryfast"));
    if (e.crf() > 0) {
      command.addAll(List.of("-crf", Integer.toString(e.crf())));
    } else {
      // With a bitrate target, threaded x264 writes other bytes on every run (even with sliced
      // threads), and the detector's result can flip with them; one thread is repeatable.
      // crf is repeatable with threads.
      command.addAll(List.of("-b:v", e.bitrateKbps() + "k",
          "-maxrate", e.bitrateKbps() * 3 / 2 + "k", "-bufsize", e.bitrateKbps() * 2 + "k",
          "-threads", "1"));
    }
    command.addAll(List.of("-g", Integer.toString(e.gop()), "-bf", Integer.toString(e.bFrames()),
        "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4", file.toString()));
    return new Encoder(command, file);
  }

  /** The stderr of a finished command, for an error message. */
  private static String tail(Path log) {
    try {
      String s = Files.readString(log, StandardCharsets.UTF_8).strip();
      return s.length() > 600 ? "..." + s.substring(s.length() - 600) : s;
    } catch (IOException e) {
      return "";
    }
  }

  /** Frames piped out of an ffmpeg process. */
  static final class RawReader implements AutoCloseable {
    private final Process process;
    private final DataInputStream in;
    private final Path log;
    private final String what;

    RawReader(List<String> command, int width, int height) throws IOException {
      log = Files.createTempFile("ffmpeg-lavfi", ".log");
      what = String.join(" ", command);
      process = new ProcessBuilder(command).redirectError(log.toFile()).start();
      in = new DataInputStream(process.getInputStream());
    }

    void read(Canvas into) throws IOException {
      try {
        in.readFully(into.bgr());
      } catch (java.io.EOFException e) {
        throw new IOException("ffmpeg ended early: " + what + ": " + tail(log), e);
      }
    }

    @Override
    public void close() {
      process.destroy();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        in.close();
        Files.deleteIfExists(log);
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }

  /** An x264 encoder fed raw frames. */
  static final class Encoder implements CorpusGenerator.FrameSink {
    private final Process process;
    private final OutputStream in;
    private final Path log;
    private final Path file;
    private boolean finished;

    Encoder(List<String> command, Path file) throws IOException {
      this.file = file;
      log = Files.createTempFile("ffmpeg-x264", ".log");
      process = new ProcessBuilder(command).redirectError(log.toFile())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      in = process.getOutputStream();
    }

    @Override
    public void write(Canvas frame) throws IOException {
      try {
        in.write(frame.bgr());
      } catch (IOException e) {
        throw new IOException("x264 stopped while writing " + file + ": " + tail(log), e);
      }
    }

    /** Closes the input and waits for the file to be complete. */
    @Override
    public void finish() throws IOException {
      finished = true;
      in.close();
      try {
        int code = process.waitFor();
        if (code != 0) {
          throw new IOException(String.format(Locale.ROOT, "x264 failed (exit %d) writing %s: %s",
              code, file, tail(log)));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while writing " + file, e);
      } finally {
        Files.deleteIfExists(log);
      }
    }

    @Override
    public void close() {
      if (!finished) {
        process.destroyForcibly();
        try {
          in.close();
          Files.deleteIfExists(log);
        } catch (IOException ignored) {
          // nothing more to do for an aborted encoding
        }
      }
    }
  }
}
