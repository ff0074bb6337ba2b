package dev.slides.server;

import io.undertow.server.HttpServerExchange;
import java.util.Deque;

/**
 * The query parameters the server reads, each through {@link #single}: a parameter given more
 * than once ({@code ?limit=5&limit=500}, {@code ?token=a&token=b}) is refused with 400 naming
 * it, rather than read as its first value, which the client may not have meant.
 */
final class QueryParameters {
  private QueryParameters() {}

  /**
   * The value of the query parameter {@code name}, or null when the request has none.
   *
   * @throws RejectedRequest with 400 when it is given more than once
   */
  static String single(HttpServerExchange exchange, String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new RejectedRequest(400, "The query parameter " + name + " is given "
          + values.size() + " times: give it once");
    }
    return values.getFirst();
  }
}
