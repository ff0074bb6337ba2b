package dev.slides.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.List;

/**
 * Cross-origin access for browser pages on the configured origins. A preflight
 * ({@code OPTIONS} with {@code Access-Control-Request-Method}) from an allowed origin is answered
 * here, before the password is checked: browsers send it without credentials. Every other
 * response to an allowed origin, errors and event streams included, carries
 * {@code Access-Control-Allow-Origin}; other origins get no CORS header at all, so their
 * browsers keep the answer from their pages. With no origin configured this handler adds nothing.
 */
final class CorsHandler implements HttpHandler {
  static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
  static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
  static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
  static final HttpString EXPOSE_HEADERS = new HttpString("Access-Control-Expose-Headers");
  static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");
  static final HttpString REQUEST_METHOD = new HttpString("Access-Control-Request-Method");
  /** Browsers cache a preflight this long (Chromium caps it at 2 hours). */
  static final String MAX_AGE_SECONDS = "600";

  private final List<String> origins;
  private final boolean anyOrigin;
  private final HttpHandler next;

  CorsHandler(List<String> origins, HttpHandler next) {
    this.origins = List.copyOf(origins);
    this.anyOrigin = origins.contains("*");
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (origins.isEmpty()) {
      next.handleRequest(exchange);
      return;
    }
    HeaderMap response = exchange.getResponseHeaders();
    // Caches must not hand one origin's answer to another.
    response.add(Headers.VARY, "Origin");
    String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
    if (origin == null || !(anyOrigin || origins.contains(origin))) {
      next.handleRequest(exchange);
      return;
    }
    // Bearer tokens, not cookies: no Allow-Credentials, so "*" is safe to send as it is.
    response.put(ALLOW_ORIGIN, anyOrigin ? "*" : origin);
    if (exchange.getRequestMethod().equals(Methods.OPTIONS)
        && exchange.getRequestHeaders().contains(REQUEST_METHOD)) {
      response.put(ALLOW_METHODS, "GET, HEAD, POST, DELETE, OPTIONS");
      response.put(ALLOW_HEADERS, "Authorization, Content-Type, Last-Event-ID, Range");
      response.put(MAX_AGE, MAX_AGE_SECONDS);
      exchange.setStatusCode(204);
      exchange.endExchange();
      return;
    }
    // Pages may read these from the answers they get (Range requests of /files/).
    response.put(EXPOSE_HEADERS, "Content-Range, Content-Length, ETag, Last-Modified");
    next.handleRequest(exchange);
  }
}
