package dev.slides.redis.internal;

/** Redis did not answer (in time) or refused a request; the message says which. */
public final class RedisUnavailableException extends IllegalStateException {
  public RedisUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
