package dev.slides;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.slides.testing.BlobStoreContract;
import org.junit.jupiter.api.Test;

/** The in-memory store keeps the same promises as the stores users publish to. */
class InMemoryBlobStoreTest extends BlobStoreContract {
  private InMemoryBlobStore store;

  @Override
  protected BlobStore store() {
    store = new InMemoryBlobStore();
    return store;
  }

  @Override
  protected byte[] read(String url) {
    return store.get(url.substring("memory:".length())).orElseThrow().content();
  }

  @Override
  protected String contentType(String url) {
    return store.get(url.substring("memory:".length())).orElseThrow().contentType();
  }

  @Test
  void whatIsReadBackCannotChangeTheStore() throws Exception {
    BlobStore s = store();
    s.put("slides/m/1-first.webp", new byte[] {1, 2, 3}, "image/webp");
    s.read("slides/m/1-first.webp").orElseThrow()[0] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, s.read("slides/m/1-first.webp").orElseThrow());
  }

  @Test
  void whatGetHandsOutCannotChangeTheStoreEither() {
    InMemoryBlobStore s = new InMemoryBlobStore();
    s.put("slides/m/1-first.webp", new byte[] {1, 2, 3}, "image/webp");
    s.get("slides/m/1-first.webp").orElseThrow().content()[0] = 9;
    s.contents().get("slides/m/1-first.webp").content()[1] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, s.read("slides/m/1-first.webp").orElseThrow());
  }

  /** What a run left can be compared with what was there before, as a user would. */
  @Test
  void contentsOfTwoStoresHoldingTheSameBytesAreEqual() {
    InMemoryBlobStore a = new InMemoryBlobStore();
    InMemoryBlobStore b = new InMemoryBlobStore();
    a.put("slides/m/1-first.webp", new byte[] {1, 2, 3}, "image/webp");
    b.put("slides/m/1-first.webp", new byte[] {1, 2, 3}, "image/webp");
    assertEquals(a.contents(), b.contents());
    assertEquals(a.contents().hashCode(), b.contents().hashCode());
    b.put("slides/m/1-first.webp", new byte[] {1, 2, 4}, "image/webp");
    assertNotEquals(a.contents(), b.contents());
    assertEquals("Blob[image/webp, 3 bytes]", a.get("slides/m/1-first.webp").orElseThrow()
        .toString());
  }
}
