package dev.slides.bench;

import dev.slides.BlobStore;
import dev.slides.internal.store.BlobKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Writes objects into a directory: the storage of the end-to-end benchmark. */
final class TempDirStore implements BlobStore {
  private final Path root;

  TempDirStore(Path root) {
    this.root = root;
  }

  @Override
  public String put(String key, byte[] content, String contentType) throws IOException {
    Path file = root.resolve(BlobKeys.requireValid(key));
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    return file.toUri().toString();
  }

  @Override
  public Optional<String> find(String key) {
    Path file = root.resolve(BlobKeys.requireValid(key));
    return Files.exists(file) ? Optional.of(file.toUri().toString()) : Optional.empty();
  }
}
