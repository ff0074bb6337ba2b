package dev.slides.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A generated video that the benchmarks keep for later runs, written under a part name and
 * moved into place only once complete. The runners reuse a file that exists: one cut short (a
 * Ctrl-C during the minutes a lecture or an x264 encoding takes, a failed encoder) would be
 * reused by every later run and fail there with FFmpeg's "moov atom not found".
 */
public final class WholeFile {
  private WholeFile() {}

  /** Writes a file at the path it is given. */
  @FunctionalInterface
  public interface Writer {
    /** Writes the whole file at {@code path}; false or an exception when it could not. */
    boolean write(Path path) throws IOException, InterruptedException;
  }

  /**
   * Has {@code writer} write {@code target} under a part name that keeps its extension
   * ({@code name.part.mp4}, so that FFmpeg still picks the container from it), then moves it
   * into place; when the writer fails, deletes the part and leaves {@code target} absent.
   *
   * @return whether {@code target} was written
   */
  public static boolean write(Path target, Writer writer) throws IOException,
      InterruptedException {
    String name = target.getFileName().toString();
    int dot = name.lastIndexOf('.');
    Path part = target.resolveSibling(dot > 0
        ? name.substring(0, dot) + ".part" + name.substring(dot) : name + ".part");
    boolean written = false;
    try {
      written = writer.write(part) && Files.exists(part);
      if (written) {
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return written;
    } finally {
      if (!written) {
        Files.deleteIfExists(part);
      }
    }
  }
}
