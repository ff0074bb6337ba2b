package dev.slides.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} must do. A store's test extends this and says how to read an
 * object back through its URL, the way a consumer would.
 */
public abstract class BlobStoreContract {
  /** The store under test, fresh for each test. */
  protected abstract BlobStore store() throws Exception;

  /** Fetches the bytes behind a URL the store returned. */
  protected abstract byte[] read(String url) throws Exception;

  /** The content type the store serves for a URL, or null when it does not keep one. */
  protected abstract String contentType(String url) throws Exception;

  protected static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void storesBytesUnchangedWithTheirContentType() throws Exception {
    BlobStore store = store();
    byte[] image = bytes(150_000, 1);
    String url = store.put("slides/vid/1-first.webp", image, "image/webp");
    assertArrayEquals(image, read(url));
    String type = contentType(url);
    if (type != null) {
      assertEquals("image/webp", type);
    }
    byte[] json = "{\"vid\":{\"segments\":[]}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String manifest = store.put("manifests/vid.json", json, "application/json");
    assertArrayEquals(json, read(manifest));
    String jsonType = contentType(manifest);
    if (jsonType != null) {
      assertTrue(jsonType.startsWith("application/json"), jsonType);
    }
  }

  @Test
  void overwritesAKeyWhole() throws Exception {
    BlobStore store = store();
    store.put("manifests/v.json", bytes(5000, 1), "application/json");
    byte[] second = bytes(300, 2);
    String url = store.put("manifests/v.json", second, "application/json");
    assertArrayEquals(second, read(url));
  }

  @Test
  void findsOnlyKeysThatExistAndAreNotEmpty() throws Exception {
    BlobStore store = store();
    assertEquals(Optional.empty(), store.find("manifests/none.json"));
    String url = store.put("manifests/some.json", bytes(10, 3), "application/json");
    String found = store.find("manifests/some.json").orElseThrow();
    // The same object; a presigned URL is signed anew, with a newer date, once a second passes.
    assertEquals(withoutQuery(url), withoutQuery(found));
    assertArrayEquals(bytes(10, 3), read(found));
    store.put("manifests/empty.json", new byte[0], "application/json");
    assertEquals(Optional.empty(), store.find("manifests/empty.json"));
    assertEquals(Optional.empty(), store.find("manifests/some.json.bak"));
    assertEquals(Optional.empty(), store.find("manifests/some"));
  }

  @Test
  void readsBackWhatIsStored() throws Exception {
    BlobStore store = store();
    byte[] image = bytes(70_000, 4);
    store.put("slides/r/1-first.webp", image, "image/webp");
    assertArrayEquals(image, store.read("slides/r/1-first.webp").orElseThrow());
    store.put("slides/r/1-first.webp", bytes(10, 5), "image/webp");
    assertArrayEquals(bytes(10, 5), store.read("slides/r/1-first.webp").orElseThrow());
    assertEquals(Optional.empty(), store.read("slides/r/2-first.webp"));
    store.put("manifests/r.json", new byte[0], "application/json");
    assertEquals(Optional.empty(), store.read("manifests/r.json"));
  }

  @Test
  void deletesAKeyAndNothingElse() throws Exception {
    BlobStore store = store();
    store.put("slides/d/1-first.webp", bytes(2000, 6), "image/webp");
    store.put("slides/d/1-last.webp", bytes(2000, 7), "image/webp");
    store.delete("slides/d/1-first.webp");
    assertEquals(Optional.empty(), store.find("slides/d/1-first.webp"));
    assertEquals(Optional.empty(), store.read("slides/d/1-first.webp"));
    assertArrayEquals(bytes(2000, 7), store.read("slides/d/1-last.webp").orElseThrow());
    // Idempotent: a key removed already, or never written, is no error.
    store.delete("slides/d/1-first.webp");
    store.delete("slides/none/1-first.webp");
    store.put("slides/d/1-first.webp", bytes(10, 8), "image/webp");
    assertArrayEquals(bytes(10, 8), store.read("slides/d/1-first.webp").orElseThrow());
  }

  @Test
  void deletesManyKeysAtOnceAndNothingElse() throws Exception {
    BlobStore store = store();
    store.deleteAll(List.of()); // asks nothing
    for (int n = 1; n <= 5; n++) {
      store.put("slides/m/" + n + "-first.webp", bytes(100, n), "image/webp");
    }
    store.put("manifests/m.json", bytes(10, 9), "application/json");
    store.deleteAll(List.of("slides/m/1-first.webp", "slides/m/3-first.webp",
        "slides/m/5-first.webp", "slides/m/7-first.webp", "manifests/m.json"));
    assertEquals(List.of("slides/m/2-first.webp", "slides/m/4-first.webp"),
        store.list("slides/m/"));
    assertEquals(Optional.empty(), store.find("manifests/m.json"));
    assertArrayEquals(bytes(100, 2), store.read("slides/m/2-first.webp").orElseThrow());
    store.deleteAll(List.of("slides/m/1-first.webp")); // removed already: no error
    assertThrows(IllegalArgumentException.class,
        () -> store.deleteAll(List.of("slides/m/2-first.webp", "../x.json")));
    assertEquals(List.of("slides/m/2-first.webp", "slides/m/4-first.webp"),
        store.list("slides/m/"), "a key refused leaves every other key as it was");
  }

  /**
   * Every key under a prefix, at any depth, sorted: what finds the images of a run killed before
   * it could clean up, which no run knows of any more.
   */
  @Test
  void listsTheKeysUnderAPrefix() throws Exception {
    BlobStore store = store();
    assertEquals(List.of(), store.list("slides/l/"));
    store.put("slides/l/2-last.webp", bytes(10, 1), "image/webp");
    store.put("slides/l/10-first.webp", bytes(10, 2), "image/webp");
    store.put("slides/l/1-first.webp", new byte[0], "image/webp"); // empty: still a key
    store.put("slides/l/notes/a.json", bytes(10, 3), "application/json");
    store.put("slides/l2/1-first.webp", bytes(10, 4), "image/webp");
    store.put("manifests/l.json", bytes(10, 5), "application/json");
    assertEquals(List.of("slides/l/1-first.webp", "slides/l/10-first.webp",
        "slides/l/2-last.webp", "slides/l/notes/a.json"), store.list("slides/l/"));
    assertEquals(List.of("slides/l/1-first.webp", "slides/l/10-first.webp",
        "slides/l/2-last.webp", "slides/l/notes/a.json", "slides/l2/1-first.webp"),
        store.list("slides/l"));
    assertEquals(List.of("slides/l/10-first.webp"), store.list("slides/l/10"));
    assertEquals(List.of("manifests/l.json"), store.list("manifests/"));
    assertEquals(List.of(), store.list("slides/none/"));
    assertEquals(6, store.list("").size());
    store.delete("slides/l/2-last.webp");
    assertEquals(List.of("slides/l/1-first.webp", "slides/l/10-first.webp",
        "slides/l/notes/a.json"), store.list("slides/l/"));
  }

  @Test
  void refusesKeysThatCouldEscape() throws Exception {
    BlobStore store = store();
    for (String key : List.of("../x.json", "/etc/passwd", "slides/../../x", "a//b", "a\\b", "")) {
      assertThrows(IllegalArgumentException.class, () -> store.put(key, bytes(1, 1), "x/y"), key);
      assertThrows(IllegalArgumentException.class, () -> store.find(key), key);
      assertThrows(IllegalArgumentException.class, () -> store.read(key), key);
      assertThrows(IllegalArgumentException.class, () -> store.delete(key), key);
    }
    for (String prefix : List.of("../", "/etc", "slides/../", "a//", "a\\b", "slides/ x")) {
      assertThrows(IllegalArgumentException.class, () -> store.list(prefix), prefix);
    }
  }

  @Test
  void acceptsConcurrentWrites() throws Exception {
    BlobStore store = store();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> urls = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        int n = i;
        urls.add(pool.submit(() -> store.put("slides/c/" + n + "-first.webp", bytes(20_000, n),
            "image/webp")));
      }
      for (int i = 0; i < urls.size(); i++) {
        assertArrayEquals(bytes(20_000, i), read(urls.get(i).get()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String withoutQuery(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  /** A helper for stores whose reads go over HTTP. */
  protected static IOException unexpected(String what) {
    return new IOException(what);
  }
}
