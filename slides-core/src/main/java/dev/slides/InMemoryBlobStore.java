package dev.slides;

import dev.slides.internal.store.BlobKeys;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link BlobStore} in memory, with {@code memory:} URLs. For tests and embedding. */
public final class InMemoryBlobStore implements BlobStore {
  /**
   * One stored object.
   *
   * @param content the bytes (a copy: changing it changes nothing stored)
   * @param contentType as given to {@link #put}
   */
  public record Blob(byte[] content, String contentType) {
    /** The bytes, a copy: the store's own cannot be changed through what it hands out. */
    @Override
    public byte[] content() {
      return content.clone();
    }

    /** Equal to a blob of the same bytes and type (a record compares arrays by identity). */
    @Override
    public boolean equals(Object o) {
      return o instanceof Blob other && Arrays.equals(content, other.content)
          && Objects.equals(contentType, other.contentType);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(content) + Objects.hashCode(contentType);
    }

    /** The type and size, not the bytes. */
    @Override
    public String toString() {
      return "Blob[" + contentType + ", " + content.length + " bytes]";
    }
  }

  private final ConcurrentHashMap<String, Blob> blobs = new ConcurrentHashMap<>();

  @Override
  public String put(String key, byte[] content, String contentType) {
    BlobKeys.requireValid(key);
    blobs.put(key, new Blob(content.clone(), contentType));
    return url(key);
  }

  @Override
  public Optional<String> find(String key) {
    BlobKeys.requireValid(key);
    Blob blob = blobs.get(key);
    return blob == null || blob.content.length == 0 ? Optional.empty() : Optional.of(url(key));
  }

  @Override
  public Optional<byte[]> read(String key) {
    BlobKeys.requireValid(key);
    Blob blob = blobs.get(key);
    return blob == null || blob.content.length == 0 ? Optional.empty()
        : Optional.of(blob.content.clone());
  }

  @Override
  public void delete(String key) {
    BlobKeys.requireValid(key);
    blobs.remove(key);
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    keys.forEach(BlobKeys::requireValid);
    blobs.keySet().removeAll(Set.copyOf(keys));
  }

  @Override
  public List<String> list(String prefix) {
    BlobKeys.requireValidPrefix(prefix);
    return blobs.keySet().stream().filter(key -> key.startsWith(prefix)).sorted().toList();
  }

  /** The object under {@code key}, if any. */
  public Optional<Blob> get(String key) {
    return Optional.ofNullable(blobs.get(key));
  }

  /** Every key, sorted. */
  public Map<String, Blob> contents() {
    return new TreeMap<>(blobs);
  }

  private static String url(String key) {
    return "memory:" + key;
  }

  @Override
  public String describe() {
    return "memory";
  }
}
