package dev.slides.internal.text;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A URL as a log line or an error message may name it: scheme, host, port and path, without the
 * user name, password and query that signed and private URLs carry their secrets in (an S3
 * presigned URL opens its file for days to whoever reads it). The path is given as it goes on
 * the wire: decoded, a {@code %0A} or {@code %1B} in it would break or colour the line, and
 * characters beyond ASCII are %-encoded, since a U+202E as such turns the rest of the line around
 * on screen.
 */
public final class LoggedUrl {
  private LoggedUrl() {}

  /** {@code url} as a log line may name it: {@code https://host:8443/path}, nothing more. */
  public static String of(URI url) {
    String path = url.getRawPath() == null ? "" : ascii(url.getRawPath());
    if (url.getHost() == null) {
      // file:/tmp/x.webp, or a URL whose authority URI could not take apart: no host to name
      return (url.getScheme() == null ? "" : url.getScheme() + ":") + path;
    }
    return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "")
        + path;
  }

  /** As {@link #of(URI)}; text that is no URL is named up to its query, %-encoded likewise. */
  public static String of(String url) {
    try {
      return of(new URI(url));
    } catch (URISyntaxException e) {
      int query = url.indexOf('?');
      return ascii(query < 0 ? url : url.substring(0, query));
    }
  }

  /** {@code text} with controls, spaces and each character beyond ASCII %-encoded in UTF-8. */
  private static String ascii(String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (c > 0x20 && c < 0x7f) {
        b.append((char) c);
      } else {
        for (byte x : Character.toString(c).getBytes(StandardCharsets.UTF_8)) {
          b.append('%').append(String.format(Locale.ROOT, "%02X", x & 0xff));
        }
      }
    });
    return b.toString();
  }
}
