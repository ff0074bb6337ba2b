package dev.slides.blob.s3;

import java.io.IOException;

/**
 * S3 refused an operation or could not be reached, after the SDK's own retries. The message says
 * which key and what to check ({@code S3_BUCKET_NAME}, the access keys, ...); {@link #code()} and
 * {@link #statusCode()} are S3's answer, for code that decides what to do next.
 */
public final class S3BlobStoreException extends IOException {
  private static final long serialVersionUID = 1L;
  static final String NO_CREDENTIALS = "no_credentials";

  private final String code;
  private final int statusCode;

  S3BlobStoreException(String message, String code, int statusCode, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.statusCode = statusCode;
  }

  /**
   * S3's error code ({@code NoSuchBucket}, {@code AccessDenied}, ...), {@code http_<status>}
   * when its answer had none, {@code network} when S3 could not be reached, or
   * {@code no_credentials} when no credentials were given or found.
   */
  public String code() {
    return code;
  }

  /** The HTTP status of S3's answer, or 0 when there was no answer. */
  public int statusCode() {
    return statusCode;
  }

  /** Whether trying again later may succeed: no answer, throttling (429) or a 5xx. */
  public boolean retryable() {
    return statusCode == 0 && !NO_CREDENTIALS.equals(code) || statusCode == 429
        || statusCode >= 500;
  }
}
