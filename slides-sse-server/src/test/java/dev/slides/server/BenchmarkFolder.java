package dev.slides.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A benchmark's scratch folder in the temporary directory, deleted with everything in it when
 * closed: a benchmark run leaves nothing behind however often it is repeated.
 */
final class BenchmarkFolder implements AutoCloseable {
  private final Path path;

  private BenchmarkFolder(Path path) {
    this.path = path;
  }

  static BenchmarkFolder create(String prefix) throws IOException {
    return new BenchmarkFolder(Files.createTempDirectory(prefix));
  }

  Path path() {
    return path;
  }

  Path resolve(String name) {
    return path.resolve(name);
  }

  @Override
  public void close() throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
