package dev.slides;

import dev.slides.internal.store.BlobKeys;
import java.io.IOException;
import java.util.Optional;

/**
 * Where slides and manifests are published: a flat space of keys such as
 * {@code slides/abc/1-first.webp}, each holding bytes with a content type and reachable at a URL.
 *
 * <p>Implementations are thread-safe; {@link #put} of one key replaces it whole (readers see the
 * old or the new bytes, never a mix). Keys are checked with {@link BlobKeys#requireValid}.
 * Adapters for local files, Vercel Blob and S3 live in {@code slides-blob};
 * {@link InMemoryBlobStore} is here for tests and embedding.
 */
public interface BlobStore {
  /**
   * Stores {@code content} under {@code key}, replacing what was there.
   *
   * @return the URL the object can be read from
   * @throws IOException when the store refuses or cannot be reached; the message names the key
   */
  String put(String key, byte[] content, String contentType) throws IOException;

  /**
   * The URL of {@code key} when it exists and is not empty.
   *
   * @throws IOException when the store cannot be asked
   */
  Optional<String> find(String key) throws IOException;

  /**
   * The bytes stored under {@code key}, or empty when there is no such object. Servers use it
   * to build exports (PDF, ZIP, ...) from a job's manifest and images.
   *
   * @throws IOException when the store cannot be read; the message names the key
   * @throws UnsupportedOperationException when this store cannot read objects back
   */
  default Optional<byte[]> read(String key) throws IOException {
    throw new UnsupportedOperationException(describe() + " cannot read stored objects back ("
        + key + ")");
  }

  /** A short description for logs, without secrets ({@code "file:/srv/slides"}, ...). */
  default String describe() {
    return getClass().getSimpleName();
  }
}
