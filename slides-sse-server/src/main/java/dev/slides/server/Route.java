package dev.slides.server;

import io.undertow.server.HttpHandler;
import io.undertow.util.HttpString;
import java.util.Objects;

/**
 * One route of the server, as registered and as documented in {@code /openapi.json}: the server
 * builds its router from a list of these and nothing else, and a test compares that list with
 * the document both ways.
 *
 * @param method the HTTP method
 * @param path the path as OpenAPI writes it ({@code /jobs/{id}}); a route that takes
 *     {@linkplain #restOfPath the rest of the path} ends with its one parameter
 * @param open true when no API password is asked
 * @param restOfPath the last parameter takes the rest of the path, slashes included
 *     ({@code /files/{key}} serves {@code /files/slides/abc/1-first.webp})
 * @param handler what answers it
 */
record Route(HttpString method, String path, boolean open, boolean restOfPath,
    HttpHandler handler) {
  Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(handler, "handler");
    if (restOfPath && !path.matches(".*/\\{[a-z_]+}")) {
      throw new IllegalArgumentException("A rest-of-path route ends with a parameter: " + path);
    }
  }

  /** A route that asks for the API password. */
  static Route secured(HttpString method, String path, HttpHandler handler) {
    return new Route(method, path, false, false, handler);
  }

  /** A route anyone may call. */
  static Route open(HttpString method, String path, HttpHandler handler) {
    return new Route(method, path, true, false, handler);
  }

  /** The template Undertow's router matches: a rest-of-path parameter becomes {@code *}. */
  String routerTemplate() {
    return restOfPath ? path.substring(0, path.lastIndexOf('{')) + "*" : path;
  }

  /** {@code GET /jobs/{id}}. */
  @Override
  public String toString() {
    return method + " " + path;
  }
}
