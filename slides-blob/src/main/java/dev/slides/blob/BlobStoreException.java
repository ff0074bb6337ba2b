package dev.slides.blob;

import java.io.IOException;

/**
 * A store refused an operation or could not be reached. {@link #code()} is the store's own error
 * code when it gave one ({@code forbidden}, {@code rate_limited}, {@code NoSuchBucket}, ...).
 */
public class BlobStoreException extends IOException {
  private final String code;
  private final boolean retryable;

  public BlobStoreException(String message, String code, boolean retryable, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.retryable = retryable;
  }

  public String code() {
    return code;
  }

  /** Whether trying again later may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
