package dev.slides.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns an unexpected exception into a JSON 500 (when nothing was sent yet) and logs it. */
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
