package dev.slides.internal.job;

/**
 * A shared job store (Redis) did not answer, or not in time: an outage, said in plain words by
 * the message, not a fault of the code, so logged without a stack trace.
 */
public class StoreOutageException extends IllegalStateException {
  public StoreOutageException(String message, Throwable cause) {
    super(message, cause);
  }
}
