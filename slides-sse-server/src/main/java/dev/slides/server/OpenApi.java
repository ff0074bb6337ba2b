package dev.slides.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The API description served at {@code /openapi.json}: written by hand (it says what no
 * annotation could, such as which fields are a contract), kept honest by a test that holds it
 * against the routes the server registers.
 */
final class OpenApi {
  static final String RESOURCE = "openapi.json";
  static final byte[] DOCUMENT = load();

  private OpenApi() {}

  private static byte[] load() {
    try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
