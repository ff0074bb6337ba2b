package dev.slides.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers what a handler throws: a {@link RejectedRequest} with its status and detail, an
 * {@code IllegalArgumentException} with 400, Redis not answering (jobs kept there) with 503,
 * anything else with a JSON 500 (when nothing was sent yet) and a log entry.
 */
final class ErrorHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);
  /** What a client is told while the shared job store does not answer. */
  static final String REDIS_UNAVAILABLE = "The job store (Redis) does not answer; try again"
      + " shortly";
  private final HttpHandler next;

  ErrorHandler(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    try {
      next.handleRequest(exchange);
    } catch (RejectedRequest e) {
      if (!exchange.isResponseStarted()) {
        Json.error(exchange, e.status(), e.getMessage());
      }
    } catch (IllegalArgumentException e) {
      if (!exchange.isResponseStarted()) {
        Json.error(exchange, 400, e.getMessage());
      }
    } catch (Exception e) {
      if (isRedisUnavailable(e)) {
        redisUnavailable(exchange, e);
        return;
      }
      log.error("{} {} failed", exchange.getRequestMethod(), AccessLog.printablePath(exchange), e);
      if (!exchange.isResponseStarted()) {
        Json.error(exchange, 500, "Internal server error");
      }
    }
  }

  /**
   * Answers 503 to a request that Redis did not answer (see {@link #isRedisUnavailable}), unless
   * its answer started. Logged at DEBUG, not a WARN a request: the outage has its own few lines,
   * the access log the 503s.
   */
  static void redisUnavailable(HttpServerExchange exchange, Throwable e) {
    log.debug("{} {}: {}", exchange.getRequestMethod(), AccessLog.printablePath(exchange),
        e.toString());
    if (!exchange.isResponseStarted()) {
      Unavailable.STORE.send(exchange, REDIS_UNAVAILABLE);
    }
  }

  /**
   * True when {@code e} (or a cause) says Redis did not answer or could not be reached: a
   * passing outage, not a bug.
   */
  static boolean isRedisUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof io.lettuce.core.RedisException
          || t instanceof dev.slides.redis.internal.RedisUnavailableException) {
        return true;
      }
    }
    return false;
  }
}
