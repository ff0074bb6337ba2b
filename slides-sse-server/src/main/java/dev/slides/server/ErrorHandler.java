package dev.slides.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers what a handler throws: a {@link RejectedRequest} with its status and detail, an
 * {@code IllegalArgumentException} with 400, anything else with a JSON 500 (when nothing was
 * sent yet) and a log entry.
 */
final class ErrorHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);
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
      log.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestPath(), e);
      if (!exchange.isResponseStarted()) {
        Json.error(exchange, 500, "Internal server error");
      }
    }
  }
}
