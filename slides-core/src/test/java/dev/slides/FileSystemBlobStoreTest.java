package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.slides.testing.BlobStoreContract;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTest extends BlobStoreContract {
  @TempDir Path root;

  @Override
  protected BlobStore store() {
    return FileSystemBlobStore.create(root);
  }

  @Override
  protected byte[] read(String url) throws Exception {
    assertTrue(url.startsWith("file:"), url);
    return Files.readAllBytes(Path.of(URI.create(url)));
  }

  @Override
  protected String contentType(String url) {
    return null; // files carry no content type; the server derives it from the extension
  }

  @Test
  void readDoesNotFollowALinkOutOfTheStore() throws Exception {
    Path outside = Files.createTempFile("outside", ".webp");
    try {
      Files.write(outside, new byte[] {1, 2, 3});
      Files.createDirectories(root.resolve("slides/ln"));
      Files.createSymbolicLink(root.resolve("slides/ln/1-first.webp"), outside);
      assertTrue(store().read("slides/ln/1-first.webp").isEmpty());
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws Exception {
    FileSystemBlobStore store = FileSystemBlobStore.create(root);
    store.put("slides/v/1-first.webp", new byte[] {1, 2, 3}, "image/webp");
    store.put("slides/v/1-first.webp", new byte[] {4}, "image/webp");
    try (Stream<Path> files = Files.walk(root)) {
      assertEquals(1, files.filter(Files::isRegularFile).count());
    }
  }

  @Test
  void usesThePublicBaseUrlWhenServed() throws Exception {
    FileSystemBlobStore store = FileSystemBlobStore.create(root, "http://localhost:8080/files");
    assertEquals("http://localhost:8080/files/manifests/x.json",
        store.put("manifests/x.json", new byte[] {1}, "application/json"));
    assertThrows(IllegalArgumentException.class,
        () -> FileSystemBlobStore.create(root, "ftp://host/"));
  }

  @Test
  void failsClearlyWhenTheDirectoryCannotBeWritten() throws Exception {
    Path blocker = Files.writeString(root.resolve("slides"), "a file where a directory should be");
    FileSystemBlobStore store = FileSystemBlobStore.create(root);
    java.io.IOException e = assertThrows(java.io.IOException.class,
        () -> store.put("slides/v/1-first.webp", new byte[] {1}, "image/webp"));
    // Which key and why, in words; not the store's folder (a server's data directory).
    assertEquals("Cannot write slides/v/1-first.webp: a file stands where the folder slides"
        + " must be", e.getMessage());
    assertTrue(Files.isRegularFile(blocker));
  }

  /** A store made on a file by mistake: the message says so without naming the path. */
  @Test
  void aFileWhereTheStoresFolderMustBeIsSaidInWords() throws Exception {
    Path notes = Files.writeString(root.resolve("notes.txt"), "not a folder");
    java.io.IOException atRoot = assertThrows(java.io.IOException.class,
        () -> FileSystemBlobStore.create(notes)
            .put("slides/v/1-first.webp", new byte[] {1}, "image/webp"));
    assertEquals("Cannot write slides/v/1-first.webp: a file stands where the store's folder"
        + " must be", atRoot.getMessage());
    java.io.IOException above = assertThrows(java.io.IOException.class,
        () -> FileSystemBlobStore.create(notes.resolve("store"))
            .put("slides/v/1-first.webp", new byte[] {1}, "image/webp"));
    assertEquals("Cannot write slides/v/1-first.webp: a file stands where a folder on the way"
        + " to the store's folder must be", above.getMessage());
    assertEquals("not a folder", Files.readString(notes));
  }

  /**
   * Nothing can be stored below a file, so removing such a key finds nothing there: no error,
   * as for any key never written (a failed run cleans up after a store made on a file).
   */
  @Test
  void removingAKeyBelowAFileIsNoError() throws Exception {
    Path notes = Files.writeString(root.resolve("notes.txt"), "not a folder");
    FileSystemBlobStore store = FileSystemBlobStore.create(notes);
    store.delete("slides/v/1-first.webp");
    store.deleteAll(List.of("slides/v/1-first.webp", "slides/v/1-last.webp"));
    assertEquals(List.of(), store.list("slides/v/"));
    assertEquals("not a folder", Files.readString(notes));
  }

  @Test
  void aFolderWhereTheFileGoesIsNamedWithoutTheTemporaryFileOrTheStoresPath() throws Exception {
    Files.createDirectories(root.resolve("slides/v/1-first.webp/inside"));
    FileSystemBlobStore store = FileSystemBlobStore.create(root);
    java.io.IOException e = assertThrows(java.io.IOException.class,
        () -> store.put("slides/v/1-first.webp", new byte[] {1}, "image/webp"));
    assertTrue(e.getMessage().startsWith("Cannot write slides/v/1-first.webp: "),
        e.getMessage());
    assertFalse(e.getMessage().contains(root.toString()), e.getMessage());
    assertFalse(e.getMessage().contains(".part"), e.getMessage());
    try (var left = Files.list(root.resolve("slides/v"))) {
      assertEquals(1, left.count(), "the temporary file is gone");
    }
  }

  @Test
  void filesAreReadableByAnotherUserAndDirectoriesTraversable() throws Exception {
    assumeTrue(Files.getFileStore(root).supportsFileAttributeView(PosixFileAttributeView.class));
    FileSystemBlobStore store = FileSystemBlobStore.create(root.resolve("store"));
    store.put("slides/v/1-first.webp", new byte[] {1, 2, 3}, "image/webp");
    store.put("slides/v/1-first.webp", new byte[] {4}, "image/webp"); // replaced: still so
    assertEquals("rw-r--r--", permissions(root.resolve("store/slides/v/1-first.webp")));
    for (String dir : List.of("store", "store/slides", "store/slides/v")) {
      assertEquals("rwxr-xr-x", permissions(root.resolve(dir)), dir);
    }
  }

  static String permissions(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void aLinkLeadingOutOfTheStoreIsNeitherFoundNorWrittenThrough(@TempDir Path outside)
      throws Exception {
    Path secret = Files.writeString(outside.resolve("secret.json"), "{\"secret\": true}");
    Path store = Files.createDirectories(root.resolve("store"));
    FileSystemBlobStore files = FileSystemBlobStore.create(store);
    Files.createDirectories(store.resolve("manifests"));
    Files.createSymbolicLink(store.resolve("manifests/leak.json"), secret);
    Files.createSymbolicLink(store.resolve("manifests/nowhere.json"), outside.resolve("none"));
    assertEquals(Optional.empty(), files.find("manifests/leak.json"));
    assertEquals(Optional.empty(), files.existingFile("manifests/leak.json"));
    assertEquals(Optional.empty(), files.find("manifests/nowhere.json"));
    // A linked directory: nothing is written through it.
    Files.createSymbolicLink(store.resolve("slides"), outside);
    assertThrows(IllegalArgumentException.class,
        () -> files.put("slides/v/1-first.webp", new byte[] {1}, "image/webp"));
    assertThrows(IllegalArgumentException.class,
        () -> files.put("manifests/leak.json", new byte[] {1}, "application/json"));
    assertEquals(Optional.empty(), files.existingFile("slides/secret.json"));
    // Nor removed through it.
    assertThrows(IllegalArgumentException.class, () -> files.delete("slides/secret.json"));
    try (Stream<Path> written = Files.list(outside)) {
      assertEquals(List.of(secret), written.toList());
    }
    assertEquals("{\"secret\": true}", Files.readString(secret));
  }

  /**
   * A listing names the store's objects only: not a write's temporary file, not a name no key
   * can have, not a file reached through a link out of the root; a linked folder inside the
   * root is listed by the keys that lead there.
   */
  @Test
  void listsTheStoresObjectsOnly(@TempDir Path outside) throws Exception {
    FileSystemBlobStore files = FileSystemBlobStore.create(root);
    files.put("slides/v/1-first.webp", new byte[] {1}, "image/webp");
    Files.write(root.resolve("slides/v/.2-first.webp12345.part"), new byte[] {2}); // a write
    Files.write(root.resolve("slides/v/a b.webp"), new byte[] {3});
    Files.write(outside.resolve("secret.webp"), new byte[] {4});
    Files.createSymbolicLink(root.resolve("slides/v/3-first.webp"),
        outside.resolve("secret.webp"));
    Files.createSymbolicLink(root.resolve("slides/out"), outside);
    assertEquals(List.of("slides/v/1-first.webp"), files.list("slides/v/"));
    assertEquals(List.of(), files.list("slides/out/"));
    assertEquals(List.of("slides/v/1-first.webp"), files.list("slides/"));

    Files.createDirectories(root.resolve("elsewhere/w"));
    Files.write(root.resolve("elsewhere/w/1-last.webp"), new byte[] {5});
    Files.createSymbolicLink(root.resolve("slides/w"), root.resolve("elsewhere/w"));
    assertEquals(List.of("slides/w/1-last.webp"), files.list("slides/w/"));
  }

  @Test
  void linksThatStayInsideTheStoreAndALinkedRootWork(@TempDir Path elsewhere) throws Exception {
    Path linkedRoot = Files.createSymbolicLink(root.resolve("store"), elsewhere);
    FileSystemBlobStore store = FileSystemBlobStore.create(linkedRoot);
    store.put("manifests/a.json", new byte[] {'{', '}'}, "application/json");
    Files.createSymbolicLink(elsewhere.resolve("manifests/b.json"), Path.of("a.json"));
    assertTrue(store.find("manifests/a.json").isPresent());
    assertTrue(store.find("manifests/b.json").isPresent());
    assertEquals(elsewhere.resolve("manifests/a.json").toRealPath(),
        store.existingFile("manifests/b.json").orElseThrow());
  }
}
