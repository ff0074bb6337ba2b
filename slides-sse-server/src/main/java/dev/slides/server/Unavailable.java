package dev.slides.server;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * Why the server answers 503, and when a client or load balancer may ask again: every 503 of
 * this server passes, so each carries {@code Retry-After}, in seconds, chosen per cause.
 * {@link Json#error} adds {@link #DEFAULT_SECONDS} to a 503 sent without one.
 */
enum Unavailable {
  /** Listening, the routes not in place yet: a start takes a second or two. */
  STARTING(1),
  /**
   * Stopping: another node behind the same balancer takes the request now, this one after its
   * restart.
   */
  DRAINING(10),
  /** As many uploads, JSON bodies or exports under way as the server takes at once. */
  BUSY(10),
  /** The job store (Redis) or the blob store did not answer in time. */
  STORE(5),
  /** The queue of jobs is full: a place frees when a job starts, minutes at worst. */
  QUEUE_FULL(30);

  /** The {@code Retry-After} of a 503 that names no cause. */
  static final int DEFAULT_SECONDS = 5;

  private final int retryAfterSeconds;

  Unavailable(int retryAfterSeconds) {
    this.retryAfterSeconds = retryAfterSeconds;
  }

  int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Answers 503 with {@code detail} and this cause's {@code Retry-After}. */
  void send(HttpServerExchange exchange, String detail) {
    retryAfter(exchange);
    Json.error(exchange, 503, detail);
  }

  /**
   * A 503 to throw, for {@link ErrorHandler} to answer; the {@code Retry-After} is set on the
   * exchange now.
   */
  RejectedRequest rejection(HttpServerExchange exchange, String detail) {
    retryAfter(exchange);
    return new RejectedRequest(503, detail);
  }

  private void retryAfter(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.RETRY_AFTER, retryAfterSeconds);
  }
}
