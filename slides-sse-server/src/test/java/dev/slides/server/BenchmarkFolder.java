package dev.slides.server;

import dev.slides.internal.store.FileTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
    FileTree.delete(path);
  }
}
