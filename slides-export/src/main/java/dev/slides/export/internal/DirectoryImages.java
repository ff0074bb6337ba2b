package dev.slides.export.internal;

import dev.slides.export.SlideDeck;
import dev.slides.export.SlideImages;
import dev.slides.internal.store.BlobKeys;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Images under a directory, file {@code directory/key}. */
public final class DirectoryImages implements SlideImages {
  private final Path directory;

  public DirectoryImages(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  /** The file of {@code key} under {@code directory}; refuses keys that would leave it. */
  public static Path resolve(Path directory, String key) {
    BlobKeys.requireValid(key);
    Path root = directory.toAbsolutePath().normalize();
    Path file = root.resolve(key).normalize();
    if (!file.startsWith(root) || file.equals(root)) {
      throw new IllegalArgumentException("Key escapes the directory: " + key);
    }
    return file;
  }

  @Override
  public Optional<byte[]> read(SlideDeck.Frame frame) throws IOException {
    Path file = resolve(directory, frame.key());
    try {
      // Symbolic links are followed only when they stay inside the directory.
      Path real = file.toRealPath();
      if (!real.startsWith(directory.toRealPath()) || !Files.isRegularFile(real)) {
        return Optional.empty();
      }
      return Optional.of(Files.readAllBytes(real));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (AccessDeniedException e) {
      // The JDK's message is the image's path alone: "... from directory out: out/slides/..."
      throw new IOException("permission denied", e);
    }
  }

  @Override
  public String describe() {
    return "directory " + directory;
  }
}
