package dev.slides.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.InMemoryBlobStore;
import org.junit.jupiter.api.Test;

/** {@link SlideImages#store}: images read back through the store, as the server exports them. */
class StoreImagesTest {
  @Test
  void readsEachFrameByItsKeyAndSaysWhichStore() throws Exception {
    InMemoryBlobStore store = new InMemoryBlobStore();
    byte[] image = {1, 2, 3};
    store.put("slides/talk/1-first.webp", image, "image/webp");
    SlideImages images = SlideImages.store(store);
    assertArrayEquals(image, images.read(
        new SlideDeck.Frame("1-first.webp", "slides/talk/1-first.webp", null, null)).orElseThrow());
    assertTrue(images.read(
        new SlideDeck.Frame("2-first.webp", "slides/talk/2-first.webp", null, null)).isEmpty());
    assertEquals("memory", images.describe());
  }
}
