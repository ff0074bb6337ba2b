package dev.slides.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A folder on disk with everything below it. */
public final class FileTree {
  private FileTree() {}

  /**
   * Deletes {@code root} and everything below it, deepest first; nothing happens when it does
   * not exist.
   *
   * @throws IOException the first failure, once everything else that could be was deleted
   */
  public static void delete(Path root) throws IOException {
    delete(root, true);
  }

  /**
   * Deletes everything below {@code root}, keeping the folder itself; nothing happens when it
   * does not exist.
   *
   * @throws IOException the first failure, once everything else that could be was deleted
   */
  public static void deleteContents(Path root) throws IOException {
    delete(root, false);
  }

  /**
   * Deletes the files directly in {@code folder} whose names match {@code names} and are not in
   * {@code kept}: what an earlier run wrote there and this one did not write again. Other files
   * are someone else's and stay. Nothing happens when the folder does not exist.
   */
  public static void deleteFilesNotIn(Path folder, Pattern names, Set<String> kept)
      throws IOException {
    if (!Files.isDirectory(folder)) {
      return;
    }
    List<Path> files;
    try (Stream<Path> listed = Files.list(folder)) {
      files = listed.toList();
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (names.matcher(name).matches() && !kept.contains(name)) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static void delete(Path root, boolean withRoot) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walked = Files.walk(root)) {
      paths = walked.sorted(Comparator.reverseOrder()).toList();
    }
    IOException first = null;
    for (Path p : paths) {
      if (!withRoot && p.equals(root)) {
        continue;
      }
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
