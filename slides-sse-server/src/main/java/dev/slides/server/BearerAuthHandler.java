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
  /** A credential a route takes instead of the password (a job's stream token). */
  interface Alternative {
    /**
     * Null when the request carries none; else whether it is accepted. May throw
     * {@link RejectedRequest} for a credential given in a way that cannot be read.
     */
    Boolean accepts(HttpServerExchange exchange);

    /** The 401's detail for a credential that was given and refused. */
    String refusal();
  }

  private final byte[] password;
  private final HttpHandler next;
  private final Alternative alternative;

  BearerAuthHandler(String password, HttpHandler next) {
    this(password, next, null);
  }

  BearerAuthHandler(String password, HttpHandler next, Alternative alternative) {
    this.password = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
    this.next = next;
    this.alternative = alternative;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (password == null
        || authorized(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION))) {
      next.handleRequest(exchange);
      return;
    }
    if (alternative != null && exchange.isInIoThread()) {
      // The first stream token checked derives the token key, about a second of CPU: never
      // on an I/O thread, which every connection it serves would wait for.
      exchange.dispatch(this);
      return;
    }
    Boolean accepted;
    try {
      accepted = alternative == null ? null : alternative.accepts(exchange);
    } catch (RejectedRequest e) {
      // Answered here: on a worker thread, dispatched, no ErrorHandler is around this call.
      Json.error(exchange, e.status(), e.getMessage());
      return;
    }
    if (Boolean.TRUE.equals(accepted)) {
      next.handleRequest(exchange);
    } else if (Boolean.FALSE.equals(accepted)) {
      Json.error(exchange, 401, alternative.refusal());
    } else {
      Json.error(exchange, 401, "Invalid or missing API password");
    }
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
