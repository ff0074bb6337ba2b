package dev.slides.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the {@code dev.slides.access} logger, written when the exchange ends
 * (for an event stream: when the stream closes): method, route, status, duration and bytes
 * sent, e.g. {@code GET /jobs/{id}/stream 200 5321 ms 2048 B}. The route is the matched
 * template, never the raw path, and nothing of the query string or the headers is logged: the
 * API password and stream tokens never reach the log. A request that matched no route is logged
 * with its path, shortened, its control, space and formatting characters as {@code ?}: a caller
 * without the password cannot forge or hide a line. The same values are attached as key-value
 * pairs, which the JSON log format shows as fields.
 */
final class AccessLog implements HttpHandler {
  static final String LOGGER = "dev.slides.access";
  private static final Logger log = LoggerFactory.getLogger(LOGGER);
  private static final int MAX_PATH = 120;

  private final HttpHandler next;

  AccessLog(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (log.isInfoEnabled()) {
      long start = System.nanoTime();
      exchange.addExchangeCompleteListener((ex, nextListener) -> {
        try {
          write(ex, (System.nanoTime() - start) / 1_000_000);
        } finally {
          nextListener.proceed();
        }
      });
    }
    next.handleRequest(exchange);
  }

  private static void write(HttpServerExchange exchange, long millis) {
    String method = exchange.getRequestMethod().toString();
    String route = route(exchange);
    int status = exchange.getStatusCode();
    long bytes = exchange.getResponseBytesSent();
    log.atInfo()
        .addKeyValue("method", method)
        .addKeyValue("route", route)
        .addKeyValue("status", status)
        .addKeyValue("duration_ms", millis)
        .addKeyValue("bytes", bytes)
        .log("{} {} {} {} ms {} B", method, route, status, millis, bytes);
  }

  /** The matched route's template, or the (cleaned) path of a request that matched none. */
  static String route(HttpServerExchange exchange) {
    PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
    if (match != null) {
      return match.getMatchedTemplate();
    }
    return printablePath(exchange);
  }

  /**
   * The request's path as a log line may hold it: what {@link #unsafe} names reads {@code ?},
   * and a path longer than {@link #MAX_PATH} is cut. Any log line naming a request's path uses
   * this, so that no request, with the password or without, writes its own lines into the log.
   */
  static String printablePath(HttpServerExchange exchange) {
    String path = exchange.getRequestPath();
    StringBuilder b = new StringBuilder(Math.min(path.length(), MAX_PATH + 3));
    for (int i = 0; i < path.length() && i < MAX_PATH; i++) {
      char c = path.charAt(i);
      b.append(unsafe(c) ? '?' : c);
    }
    if (path.length() > MAX_PATH) {
      b.append("...");
    }
    return b.toString();
  }

  /**
   * Characters a path must not bring into a log line: controls, C1 ones too (U+0085 ends a line
   * for some log readers, U+009B starts a terminal escape like ESC [), line breaks and spaces,
   * invisible formatting (U+202E turns the rest of the line around on screen), and halves of
   * surrogate pairs (the cut at {@link #MAX_PATH} may split one).
   */
  private static boolean unsafe(char c) {
    int type = Character.getType(c);
    return Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)
        || type == Character.FORMAT || type == Character.SURROGATE;
  }
}
