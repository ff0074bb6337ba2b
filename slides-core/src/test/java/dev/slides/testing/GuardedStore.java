package dev.slides.testing;

import dev.slides.BlobStore;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A store that hands every call to another one, each write only once a guard let its key
 * pass: tests refuse a write (a full disk, a quota) or hold one there (a cancel midway).
 */
public final class GuardedStore implements BlobStore {
  /** Looks at a key before it is written; throws to refuse the write. */
  @FunctionalInterface
  public interface Guard {
    void check(String key) throws IOException;
  }

  private final BlobStore inner;
  private final Guard guard;

  public GuardedStore(BlobStore inner, Guard guard) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.guard = Objects.requireNonNull(guard, "guard");
  }

  @Override
  public String put(String key, byte[] content, String contentType) throws IOException {
    guard.check(key);
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
  public List<String> list(String prefix) throws IOException {
    return inner.list(prefix);
  }

  @Override
  public String describe() {
    return inner.describe();
  }
}
