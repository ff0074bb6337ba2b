package dev.slides.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Lets a request through only with {@code Authorization: Bearer <password>} (scheme in any
 * case, password compared in constant time); else 401 before anything else is looked at.
 */
final class BearerAuthHandler implements HttpHandler {
  private final byte[] password;
  private final HttpHandler next;

  BearerAuthHandler(String password, HttpHandler next) {
    this.password = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (password == null || authorized(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION))) {
      next.handleRequest(exchange);
      return;
    }
    Json.error(exchange, 401, "Invalid or missing API password");
  }

  private boolean authorized(String header) {
    if (header == null) {
      return false;
    }
    String trimmed = header.strip();
    int space = trimmed.indexOf(' ');
    if (space < 0 || !trimmed.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
      return false;
    }
    byte[] given = trimmed.substring(space + 1).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, password);
  }
}
