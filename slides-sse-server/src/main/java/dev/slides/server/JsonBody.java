package dev.slides.server;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.xnio.channels.Channels;
import org.xnio.channels.StreamSourceChannel;

/**
 * The JSON body of a request, read on a worker thread: at most {@link #MAX_BYTES} (413 beyond),
 * {@code Content-Type: application/json} or {@code application/*+json} or none (415 for any
 * other), one JSON value and nothing after it (400), each read waiting at most the idle timeout
 * (408).
 *
 * <p>Most clients send the whole body before they read the answer, and a connection closed with
 * unread data is reset, which would lose the 413. So a body declared larger than the limit is
 * read and thrown away, up to {@link #DISCARD_LIMIT}; beyond that (declared, or chunked and read
 * that far) the connection is closed after the answer.
 */
final class JsonBody {
  /** Largest body accepted: a URL and an id need far less. */
  static final int MAX_BYTES = 64 * 1024;

  /** Largest body read (and thrown away) to be able to answer 413 to it. */
  static final long DISCARD_LIMIT = 16L << 20;

  /** Keys of a body the client gets named back: plain words (the page shows the answer). */
  private static final java.util.regex.Pattern PLAIN_KEY =
      java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private JsonBody() {}

  /**
   * Reads and parses the body. {@code idleTimeout} bounds each wait for more of it (zero: no
   * bound), since Undertow's idle timeout does not watch blocking reads; {@code example}
   * completes the 400 message for a body that is not JSON.
   *
   * @throws RejectedRequest with 413, 415, 408 or 400
   */
  static JsonNode read(HttpServerExchange exchange, Duration idleTimeout, String example) {
    String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    if (type != null && !isJson(type)) {
      throw new RejectedRequest(415, "Content-Type must be application/json");
    }
    long declared = exchange.getRequestContentLength(); // -1 when chunked
    if (declared > DISCARD_LIMIT) {
      exchange.setPersistent(false); // not worth reading: close instead
      throw tooLarge();
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    long total = 0;
    try {
      StreamSourceChannel channel = exchange.getRequestChannel();
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      while (true) {
        buffer.clear();
        int n = idleTimeout.isZero() ? Channels.readBlocking(channel, buffer)
            : Channels.readBlocking(channel, buffer, idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        if (n < 0) {
          break;
        }
        if (n == 0) {
          exchange.setPersistent(false);
          throw new RejectedRequest(408, "The request body stopped arriving");
        }
        if (total + n <= MAX_BYTES) {
          body.write(buffer.array(), 0, n);
        }
        total += n;
        if (total > DISCARD_LIMIT) { // chunked, so of unknown length: not read any further
          exchange.setPersistent(false);
          throw tooLarge();
        }
      }
    } catch (IOException e) {
      exchange.setPersistent(false); // most likely the client went away
      throw new RejectedRequest(400, "The request body could not be read");
    }
    if (total > MAX_BYTES) {
      throw tooLarge();
    }
    try {
      return parse(body.toByteArray());
    } catch (DuplicateKey e) {
      throw new RejectedRequest(400, "Body must name each key once"
          + (PLAIN_KEY.matcher(e.key).matches() ? ": \"" + e.key + "\" is there twice" : ""));
    } catch (IOException e) {
      throw new RejectedRequest(400, "Body must be JSON: " + example);
    }
  }

  /** A key given twice in one object of the body. */
  private static final class DuplicateKey extends Exception {
    private static final long serialVersionUID = 1L;
    final String key;

    DuplicateKey(String key) {
      super(null, null, false, false);
      this.key = key;
    }
  }

  /**
   * One JSON value and nothing after it (an empty body: the missing node). A key given twice
   * is refused rather than read as its last value ({"url": a, "url": b} would download b,
   * which the caller may not have meant). The tree is built here, token by token, so that a
   * key given twice is known as such and by its name, not from the words of Jackson's
   * exception, which a new version of it may change. Jackson bounds the nesting (500 deep).
   */
  private static JsonNode parse(byte[] body) throws IOException, DuplicateKey {
    try (JsonParser parser = Json.MAPPER.createParser(body)) {
      if (parser.nextToken() == null) {
        return MissingNode.getInstance();
      }
      JsonNode value = value(parser);
      if (parser.nextToken() != null) {
        throw new JsonParseException(parser, "Something after the JSON value");
      }
      return value;
    }
  }

  /** The value that starts at the parser's current token, read to its end. */
  private static JsonNode value(JsonParser parser) throws IOException, DuplicateKey {
    JsonNodeFactory nodes = Json.MAPPER.getNodeFactory();
    switch (parser.currentToken()) {
      case START_OBJECT -> {
        ObjectNode object = nodes.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          parser.nextToken();
          if (object.putIfAbsent(key, value(parser)) != null) {
            throw new DuplicateKey(key);
          }
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = nodes.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(parser));
        }
        return array;
      }
      default -> {
        return Json.MAPPER.readTree(parser); // a string, number, boolean or null
      }
    }
  }

  private static RejectedRequest tooLarge() {
    return new RejectedRequest(413, "Body too large: at most " + MAX_BYTES / 1024 + " KB");
  }

  /** {@code application/json} or a {@code +json} type, with any parameters. */
  static boolean isJson(String contentType) {
    int semicolon = contentType.indexOf(';');
    String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .strip().toLowerCase(Locale.ROOT);
    return media.equals("application/json")
        || (media.startsWith("application/") && media.endsWith("+json"));
  }
}
