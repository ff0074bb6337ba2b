package dev.slides.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;

/** JSON answers, and the {@code {"detail": "..."}} error shape clients know. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static void send(HttpServerExchange exchange, int status, Object body) {
    String text;
    try {
      text = body instanceof String s ? s : MAPPER.writeValueAsString(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send(text);
  }

  /**
   * Answers {@code {"detail": ...}} with {@code status}. A 503 always passes here: without a
   * {@code Retry-After} (see {@link Unavailable}) it gets {@link Unavailable#DEFAULT_SECONDS}.
   */
  static void error(HttpServerExchange exchange, int status, String detail) {
    if (status == 503 && !exchange.getResponseHeaders().contains(Headers.RETRY_AFTER)) {
      exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Unavailable.DEFAULT_SECONDS);
    }
    ObjectNode body = object().put("detail", detail);
    send(exchange, status, body);
  }

  /** A path parameter of the matched route template. */
  static String pathParameter(HttpServerExchange exchange, String name) {
    PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
    return match == null ? null : match.getParameters().get(name);
  }
}
