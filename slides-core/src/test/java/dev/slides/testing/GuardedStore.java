package dev.slides.testing;

import dev.slides.BlobStore;
import java.io.IOException;
import java.util.Objects;

/**
 * A store that hands every call to another one, each write only once a guard let its key
 * pass: tests refuse a write (a full disk, a quota) or hold one there (a cancel midway).
 */
public final class GuardedStore extends ForwardingBlobStore {
  /** Looks at a key before it is written; throws to refuse the write. */
  @FunctionalInterface
  public interface Guard {
    void check(String key) throws IOException;
  }

  private final Guard guard;

  public GuardedStore(BlobStore inner, Guard guard) {
    super(inner);
    this.guard = Objects.requireNonNull(guard, "guard");
  }

  @Override
  public String put(String key, byte[] content, String contentType) throws IOException {
    guard.check(key);
    return inner.put(key, content, contentType);
  }
}
