package dev.slides.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.PathHandler;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.Resource;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.CanonicalPathUtils;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.MimeMappings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The web page: its shell at {@code /} for browsers (a request that accepts {@code text/html})
 * and its script and style under {@code /app/}, all from the jar's resources
 * ({@code dev/slides/server/web/}), without a password. The page holds no data: every API call
 * it makes sends the password the person signs in with.
 */
final class WebPage {
  static final String ASSETS = "/app";
  private static final String RESOURCES = "dev/slides/server/web/";
  /**
   * Only the page's own script, style and API; images from anywhere (the manifest's URLs point
   * at the store, which may be another host); never framed.
   */
  private static final String POLICY = "default-src 'self'; img-src * data: blob:; "
      + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final byte[] shell;
  private final HttpHandler assets;

  WebPage() {
    try (InputStream in = WebPage.class.getClassLoader()
        .getResourceAsStream(RESOURCES + "index.html")) {
      if (in == null) {
        throw new IllegalStateException("The web page is missing from the jar: "
            + RESOURCES + "index.html");
      }
      shell = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ClassPathResourceManager files =
        new ClassPathResourceManager(WebPage.class.getClassLoader(), RESOURCES);
    // A JSON 404 like every other error of the server, where Undertow answers an empty 404 (no
    // such file) or 403 (a folder, as /app/ is: no listing).
    HttpHandler notFound = exchange -> Json.error(exchange, 404,
        "The web page has no file " + exchange.getRequestPath());
    ResourceHandler resources = new ResourceHandler(files, notFound)
        .setDirectoryListingEnabled(false)
        .setWelcomeFiles() // the page is at /, not at /app/
        .setCacheTime(300)
        // What openapi.json says, with the charset: the files hold characters beyond ASCII
        // (Undertow's own mapping sends application/javascript, with none).
        .setMimeMappings(MimeMappings.builder(false)
            .addMapping("js", "text/javascript; charset=utf-8")
            .addMapping("css", "text/css; charset=utf-8")
            .addMapping("html", "text/html; charset=utf-8")
            .build());
    HttpHandler withHeaders = exchange -> {
      secure(exchange);
      Resource file = files.getResource(CanonicalPathUtils.canonicalize(
          exchange.getRelativePath()));
      if (file == null || file.isDirectory()) {
        notFound.handleRequest(exchange);
        return;
      }
      resources.handleRequest(exchange);
    };
    assets = new PathHandler().addPrefixPath(ASSETS, withHeaders);
  }

  /** Whether {@code exchange} is a browser asking for the page at {@code /}. */
  static boolean wantsPage(HttpServerExchange exchange) {
    if (!exchange.getRequestPath().equals("/")) {
      return false;
    }
    HttpString method = exchange.getRequestMethod();
    if (!method.equals(Methods.GET) && !method.equals(Methods.HEAD)) {
      return false;
    }
    String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
    return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html");
  }

  void sendPage(HttpServerExchange exchange) {
    secure(exchange);
    exchange.getResponseHeaders()
        .put(Headers.CONTENT_TYPE, "text/html; charset=utf-8")
        .put(Headers.CACHE_CONTROL, "no-cache")
        // The JSON index answers the same URL to API clients.
        .put(Headers.VARY, "Accept");
    exchange.setResponseContentLength(shell.length);
    if (exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.endExchange();
      return;
    }
    exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(shell));
  }

  void sendAsset(HttpServerExchange exchange) throws Exception {
    assets.handleRequest(exchange);
  }

  private static void secure(HttpServerExchange exchange) {
    exchange.getResponseHeaders()
        .put(HttpString.tryFromString("Content-Security-Policy"), POLICY)
        .put(HttpString.tryFromString("X-Content-Type-Options"), "nosniff")
        .put(HttpString.tryFromString("Referrer-Policy"), "no-referrer");
  }
}
