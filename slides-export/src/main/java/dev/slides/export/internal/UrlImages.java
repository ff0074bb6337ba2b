package dev.slides.export.internal;

import dev.slides.export.SlideDeck;
import dev.slides.export.SlideImages;
import dev.slides.internal.text.LoggedUrl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Images read from the URLs the manifest gives. */
public final class UrlImages implements SlideImages {
  static final long MAX_BYTES = 64L << 20;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient client;

  private UrlImages(HttpClient client) {
    this.client = client;
  }

  public static UrlImages create() {
    return new UrlImages(HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(30))
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build());
  }

  @Override
  public Optional<byte[]> read(SlideDeck.Frame frame) throws IOException {
    if (frame.url() == null || frame.url().isBlank()) {
      throw new IOException("The manifest gives no URL for " + frame.frameId());
    }
    URI uri;
    try {
      uri = new URI(frame.url());
    } catch (URISyntaxException e) {
      throw new IOException("The manifest's URL of " + frame.frameId() + " is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "http", "https" -> http(uri);
      case "file" -> file(uri);
      default -> throw new IOException("Cannot read " + frame.frameId() + " from a "
          + (scheme.isEmpty() ? "relative" : scheme + ":") + " URL");
    };
  }

  private Optional<byte[]> http(URI uri) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(READ_TIMEOUT).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while reading " + LoggedUrl.of(uri), e);
    } catch (IOException e) {
      // The client's ConnectException has no message: "... from the manifest's URLs: null".
      throw new IOException("Cannot connect to " + LoggedUrl.of(uri) + ": " + reason(e), e);
    }
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status == 404 || status == 410) {
        return Optional.empty();
      }
      if (status != 200) {
        throw new IOException("HTTP " + status + " from " + LoggedUrl.of(uri));
      }
      return Optional.of(readAtMost(body, LoggedUrl.of(uri)));
    }
  }

  private static Optional<byte[]> file(URI uri) throws IOException {
    Path path;
    try {
      path = Path.of(uri);
    } catch (IllegalArgumentException e) {
      throw new IOException("Not a local file URL: " + uri);
    }
    try (InputStream in = Files.newInputStream(path)) {
      return Optional.of(readAtMost(in, path.toString()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static byte[] readAtMost(InputStream in, String what) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int n; (n = in.read(buffer)) > 0; ) {
      total += n;
      if (total > MAX_BYTES) {
        throw new IOException(what + " is larger than " + (MAX_BYTES >> 20)
            + " MiB, too large for a slide image");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /** The first words {@code e} or a cause of it gives: the client's own often give none. */
  private static String reason(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException) {
        return "no such host";
      }
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    // What a connect failure without words is: no route, a timeout and the rest have theirs.
    return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
  }

  @Override
  public String describe() {
    return "the manifest's URLs";
  }
}
