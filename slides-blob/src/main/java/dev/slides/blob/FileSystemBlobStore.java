package dev.slides.blob;

import dev.slides.store.BlobKeys;
import dev.slides.store.BlobStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link BlobStore} in a directory: key {@code slides/a/1-first.webp} is the file
 * {@code root/slides/a/1-first.webp}.
 *
 * <p>Writes are atomic (a temporary file in the same directory, then a move), so a reader never
 * sees half a file. Keys that would leave the root are refused. URLs are {@code file:} URIs, or
 * {@code publicBaseUrl + key} when the directory is served over HTTP.
 */
public final class FileSystemBlobStore implements BlobStore {
  private final Path root;
  private final String publicBaseUrl;

  private FileSystemBlobStore(Path root, String publicBaseUrl) {
    this.root = root.toAbsolutePath().normalize();
    this.publicBaseUrl = publicBaseUrl;
  }

  /** A store under {@code root} with {@code file:} URLs. */
  public static FileSystemBlobStore create(Path root) {
    return new FileSystemBlobStore(Objects.requireNonNull(root, "root"), null);
  }

  /**
   * A store under {@code root} whose URLs start with {@code publicBaseUrl} (an {@code http} or
   * {@code https} URL; a missing trailing slash is added).
   */
  public static FileSystemBlobStore create(Path root, String publicBaseUrl) {
    Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
    URI base = URI.create(publicBaseUrl);
    if (!"http".equalsIgnoreCase(base.getScheme()) && !"https".equalsIgnoreCase(base.getScheme())) {
      throw new IllegalArgumentException("Public base URL must be http(s): " + publicBaseUrl);
    }
    String normalized = publicBaseUrl.endsWith("/") ? publicBaseUrl : publicBaseUrl + "/";
    return new FileSystemBlobStore(Objects.requireNonNull(root, "root"), normalized);
  }

  public Path root() {
    return root;
  }

  /** The file a key maps to; throws when the key is invalid or would leave the root. */
  public Path resolve(String key) {
    BlobKeys.requireValid(key);
    Path file = root.resolve(key).normalize();
    if (!file.startsWith(root) || file.equals(root)) {
      throw new IllegalArgumentException("Key escapes the store: " + key);
    }
    return file;
  }

  @Override
  public String put(String key, byte[] content, String contentType) throws IOException {
    Path file = resolve(key);
    Path dir = file.getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".part");
    try {
      Files.write(temp, content);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw new IOException("Cannot write " + key + " under " + root + ": " + e.getMessage(), e);
    }
    return url(key, file);
  }

  @Override
  public Optional<String> find(String key) throws IOException {
    Path file = resolve(key);
    if (Files.isRegularFile(file) && Files.size(file) > 0) {
      return Optional.of(url(key, file));
    }
    return Optional.empty();
  }

  private String url(String key, Path file) {
    return publicBaseUrl == null ? file.toUri().toString() : publicBaseUrl + key;
  }

  @Override
  public String describe() {
    return "file:" + root + (publicBaseUrl == null ? "" : " served at " + publicBaseUrl);
  }
}
