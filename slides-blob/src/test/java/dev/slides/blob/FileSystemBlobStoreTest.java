package dev.slides.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.store.BlobStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
    assertFalse(e.getMessage() == null);
    assertTrue(Files.isRegularFile(blocker));
  }
}
