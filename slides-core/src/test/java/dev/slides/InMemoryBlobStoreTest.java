package dev.slides;

import dev.slides.testing.BlobStoreContract;

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
}
