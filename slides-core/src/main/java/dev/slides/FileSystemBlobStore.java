package dev.slides;

import dev.slides.internal.store.BlobKeys;
import dev.slides.internal.store.FileErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A {@link BlobStore} in a directory: key {@code slides/a/1-first.webp} is the file
 * {@code root/slides/a/1-first.webp}.
 *
 * <p>Writes are atomic (a temporary file in the same directory, then a move), so a reader never
 * sees half a file. Files are written {@code rw-r--r--} and directories {@code rwxr-xr-x}
 * whatever the umask, so a separate web server can serve them. Keys that would leave the root
 * are refused, also through a symbolic link placed in the store. URLs are {@code file:} URIs, or
 * {@code publicBaseUrl + key} when the directory is served over HTTP.
 */
public final class FileSystemBlobStore implements BlobStore {
  private static final Set<PosixFilePermission> FILE_PERMISSIONS =
      PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS =
      PosixFilePermissions.fromString("rwxr-xr-x");

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

  /** The store's directory, absolute. */
  public Path root() {
    return root;
  }

  /**
   * The file a key maps to; throws when the key is invalid or would leave the root, by its
   * name or through a symbolic link on its way.
   */
  public Path resolve(String key) {
    BlobKeys.requireValid(key);
    Path file = root.resolve(key).normalize();
    if (!file.startsWith(root) || file.equals(root) || !staysInside(file)) {
      throw new IllegalArgumentException("Key escapes the store: " + key);
    }
    return file;
  }

  /**
   * The regular file stored under {@code key}, with every symbolic link resolved, if there is
   * one inside the root; empty for a missing file, an invalid key, and a link that leads out of
   * the root.
   */
  public Optional<Path> existingFile(String key) {
    try {
      BlobKeys.requireValid(key);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Path file = root.resolve(key).normalize();
    if (!file.startsWith(root) || file.equals(root)) {
      return Optional.empty();
    }
    try {
      Path real = file.toRealPath();
      if (!real.startsWith(root.toRealPath()) || !Files.isRegularFile(real)) {
        return Optional.empty();
      }
      return Optional.of(real);
    } catch (IOException e) {
      return Optional.empty(); // missing, or a link to nowhere
    }
  }

  /**
   * Whether the part of {@code file}'s path that exists, links followed, is inside the root.
   * The root itself may be a link (a data directory mounted elsewhere).
   */
  private boolean staysInside(Path file) {
    Path existing = file;
    while (!existing.equals(root) && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing.equals(root)) {
      return true;
    }
    try {
      return existing.toRealPath().startsWith(root.toRealPath());
    } catch (IOException e) {
      return false; // a link to nowhere
    }
  }

  @Override
  public String put(String key, byte[] content, String contentType) throws IOException {
    Path file = resolve(key);
    Path temp = null;
    try {
      Path dir = createDirectories(file.getParent());
      temp = Files.createTempFile(dir, "." + file.getFileName(), ".part");
      Files.write(temp, content);
      setPermissions(temp, FILE_PERMISSIONS); // created rw------- as every temporary file
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
      // The key and the reason only: the message reaches job states and command lines, where
      // the store's folder and the temporary file's name are nobody's business (the cause,
      // attached, names them for the log).
      throw new IOException("Cannot write " + key + ": " + reason(e), e);
    }
    return url(key, file);
  }

  /**
   * The files under the folder {@code prefix} ends in, as keys: those {@link #existingFile}
   * finds (a link to a file inside the root counts, one out of it does not), but for a write's
   * temporary file ({@code .name...part}), which is no object yet, and names that are no valid
   * key. A prefix whose folder would leave the root lists nothing; a linked folder below the
   * prefix's own is not entered.
   */
  @Override
  public List<String> list(String prefix) throws IOException {
    BlobKeys.requireValidPrefix(prefix);
    int slash = prefix.lastIndexOf('/');
    String folderKey = slash < 0 ? "" : prefix.substring(0, slash);
    Path folder;
    try {
      folder = folderKey.isEmpty() ? root : resolve(folderKey);
    } catch (IllegalArgumentException e) {
      return List.of(); // a link out of the store: nothing of the store's there
    }
    List<String> keys = new ArrayList<>();
    try {
      if (!Files.isDirectory(folder)) {
        return keys;
      }
      // Walked from where a link to the folder leads (a walk does not enter a link it starts
      // at), named by the keys that lead there.
      Path real = folder.toRealPath();
      try (Stream<Path> walked = Files.walk(real)) {
        walked.filter(p -> !p.equals(real)).forEach(p -> {
          String name = p.getFileName().toString();
          if (name.startsWith(".") && name.endsWith(".part")) {
            return;
          }
          String relative = real.relativize(p).toString().replace(p.getFileSystem()
              .getSeparator(), "/");
          String key = folderKey.isEmpty() ? relative : folderKey + "/" + relative;
          if (key.startsWith(prefix) && BlobKeys.isValid(key)
              && existingFile(key).isPresent()) {
            keys.add(key);
          }
        });
      }
    } catch (UncheckedIOException e) {
      throw listFailed(prefix, e.getCause());
    } catch (IOException e) {
      throw listFailed(prefix, e);
    }
    keys.sort(null);
    return keys;
  }

  private IOException listFailed(String prefix, IOException e) {
    String reason = e instanceof NoSuchFileException
        ? "a folder was removed while it was listed" : reason(e);
    return new IOException("Cannot list " + prefix + ": " + reason, e);
  }

  /** What went wrong writing, in words and without paths outside the store. */
  private String reason(IOException e) {
    if (e instanceof FileAlreadyExistsException exists && exists.getFile() != null) {
      // The root or a folder above it is a file (a store made on a file by mistake): said
      // without its path, which is nobody's business either.
      Path file = Path.of(exists.getFile()).toAbsolutePath().normalize();
      if (file.equals(root)) {
        return "a file stands where the store's folder must be";
      }
      if (root.startsWith(file)) {
        return "a file stands where a folder on the way to the store's folder must be";
      }
      return "a file stands where the folder " + inStore(exists.getFile()) + " must be";
    }
    String reason = FileErrors.reason(e);
    return reason != null ? reason : "input/output error (" + e.getClass().getSimpleName() + ")";
  }

  /** {@code path} as a key-like name relative to the store's root. */
  private String inStore(String path) {
    Path p = Path.of(path).toAbsolutePath().normalize();
    return p.startsWith(root) ? root.relativize(p).toString().replace('\\', '/') : "of this key";
  }

  /** Creates {@code dir} and its missing parents, each {@code rwxr-xr-x}; returns it. */
  private static Path createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return dir;
    }
    createDirectories(dir.getParent());
    try {
      Files.createDirectory(dir);
      setPermissions(dir, DIRECTORY_PERMISSIONS);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e; // a file where a directory should be
      } // else another upload made it at the same time
    }
    return dir;
  }

  private static void setPermissions(Path path, Set<PosixFilePermission> permissions)
      throws IOException {
    if (Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(path, permissions);
    }
  }

  @Override
  public Optional<String> find(String key) throws IOException {
    BlobKeys.requireValid(key);
    Optional<Path> file = existingFile(key);
    if (file.isPresent() && Files.size(file.get()) > 0) {
      return Optional.of(url(key, root.resolve(key)));
    }
    return Optional.empty();
  }

  @Override
  public Optional<byte[]> read(String key) throws IOException {
    BlobKeys.requireValid(key);
    Optional<Path> file = existingFile(key);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    try {
      byte[] content = Files.readAllBytes(file.get());
      return content.length == 0 ? Optional.empty() : Optional.of(content);
    } catch (NoSuchFileException e) {
      return Optional.empty(); // removed since it was found
    } catch (IOException e) {
      throw new IOException("Cannot read " + key + " under " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the file of {@code key}; its folder stays, even when it is left empty (a write of the
   * same folder at the same time would otherwise find it gone).
   */
  @Override
  public void delete(String key) throws IOException {
    Path file = resolve(key);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      if (!(e instanceof DirectoryNotEmptyException) && fileOnTheWay(file)) {
        return; // nothing can be stored below a file: the key holds nothing
      }
      // As for writes: the key and the reason, not the store's folder.
      String reason = e instanceof DirectoryNotEmptyException
          ? "a folder that is not empty stands there" : reason(e);
      throw new IOException("Cannot remove " + key + ": " + reason, e);
    }
  }

  /** Whether a regular file stands where one of the folders above {@code file} would be. */
  private static boolean fileOnTheWay(Path file) {
    for (Path folder = file.getParent(); folder != null; folder = folder.getParent()) {
      if (Files.isRegularFile(folder)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks every key, then deletes their files one by one as {@link #delete} does: a local file
   * costs no request, so there is nothing to batch.
   */
  @Override
  public void deleteAll(Collection<String> keys) throws IOException {
    keys.forEach(BlobKeys::requireValid);
    BlobStore.super.deleteAll(keys);
  }

  private String url(String key, Path file) {
    return publicBaseUrl == null ? file.toUri().toString() : publicBaseUrl + key;
  }

  @Override
  public String describe() {
    return "file:" + root + (publicBaseUrl == null ? "" : " served at " + publicBaseUrl);
  }
}
