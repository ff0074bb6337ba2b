package dev.slides.redis.internal;

import dev.slides.internal.job.StoreOutageException;

/** Redis did not answer (in time) or refused a request; the message says which. */
public final class RedisUnavailableException extends StoreOutageException {
  public RedisUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
