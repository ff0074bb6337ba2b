package dev.slides.blob.vercel;

import java.io.IOException;

/**
 * Vercel Blob refused an operation or could not be reached, after the store's retries. The
 * message says which key and what to check; it never contains the token.
 */
public final class VercelBlobStoreException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final boolean retryable;

  VercelBlobStoreException(String message, String code, boolean retryable, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.retryable = retryable;
  }

  /**
   * Vercel Blob's error code ({@code forbidden}, {@code rate_limited}, {@code store_not_found},
   * ...), {@code http_<status>} when the answer had none, or {@code network} when the API could
   * not be reached.
   */
  public String code() {
    return code;
  }

  /** Whether trying again later may succeed; the store already retried these. */
  public boolean retryable() {
    return retryable;
  }
}
