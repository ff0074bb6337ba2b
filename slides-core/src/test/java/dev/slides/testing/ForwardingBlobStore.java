package dev.slides.testing;

import dev.slides.BlobStore;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A store that hands every call to another one: tests override the calls that are to go wrong
 * (a refused listing, a lost answer, a cancel midway).
 */
public class ForwardingBlobStore implements BlobStore {
  protected final BlobStore inner;

  public ForwardingBlobStore(BlobStore inner) {
    this.inner = Objects.requireNonNull(inner, "inner");
  }

  @Override
  public String put(String key, byte[] content, String contentType) throws IOException {
    return inner.put(key, content, contentType);
  }

  @Override
  public Optional<String> find(String key) throws IOException {
    return inner.find(key);
  }

  @Override
  public Optional<byte[]> read(String key) throws IOException {
    return inner.read(key);
  }

  @Override
  public void delete(String key) throws IOException {
    inner.delete(key);
  }

  @Override
  public void deleteAll(Collection<String> keys) throws IOException {
    inner.deleteAll(keys);
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    return inner.list(prefix);
  }

  @Override
  public String describe() {
    return inner.describe();
  }
}
