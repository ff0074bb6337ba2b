package dev.slides.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A folder on disk with everything below it. */
public final class FileTree {
  private FileTree() {}

  /**
   * Deletes {@code root} and everything below it, deepest first; nothing happens when it does
   * not exist.
   *
   * @throws IOException at the first file or folder that cannot be deleted (what follows it is
   *     left)
   */
  public static void delete(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
