package dev.slides.internal.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises what people paste for a YouTube video: a bare id ({@code dQw4w9WgXcQ}) or a link in
 * any of its usual forms ({@code youtube.com/watch?v=}, {@code youtu.be/}, {@code /shorts/},
 * {@code /live/}, {@code /embed/}, {@code /v/}; with or without {@code www.}, {@code m.},
 * {@code music.}, or the no-cookie domain).
 */
public final class YouTubeLinks {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{11}");
  private static final Set<String> HOSTS = Set.of("youtube.com", "www.youtube.com",
      "m.youtube.com", "music.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com");
  private static final Set<String> PATH_PREFIXES = Set.of("shorts", "live", "embed", "v");

  private YouTubeLinks() {}

  /** True for the 11 letters, digits, {@code _} and {@code -} of a YouTube video id. */
  public static boolean isVideoId(String text) {
    return text != null && ID.matcher(text).matches();
  }

  /**
   * The video id in {@code text}, a bare id or a YouTube link; empty for anything else
   * (another site, a playlist or channel link without a video, a malformed link).
   */
  public static Optional<String> videoId(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.strip();
    if (isVideoId(s)) {
      return Optional.of(s);
    }
    return fromLink(s);
  }

  /**
   * True when {@code text} is a link to YouTube (not a bare id), whether or not it names a
   * video.
   */
  public static boolean isYouTubeLink(String text) {
    return host(text == null ? "" : text.strip()) != null;
  }

  private static Optional<String> fromLink(String s) {
    String host = host(s);
    if (host == null) {
      return Optional.empty();
    }
    URI uri = URI.create(withScheme(s));
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String[] parts = path.replaceFirst("^/+", "").split("/");
    String candidate = null;
    if (host.equals("youtu.be")) {
      candidate = parts[0];
    } else if (parts.length >= 2 && PATH_PREFIXES.contains(parts[0])) {
      candidate = parts[1];
    } else if (parts[0].equals("watch")) {
      candidate = query(uri.getRawQuery(), "v");
    }
    return candidate != null && isVideoId(candidate) ? Optional.of(candidate) : Optional.empty();
  }

  /** The YouTube host of a link, or null when it is not a YouTube link. */
  private static String host(String s) {
    if (s.isEmpty() || s.chars().anyMatch(Character::isWhitespace)) {
      return null;
    }
    try {
      URI uri = new URI(withScheme(s));
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      String host = uri.getHost();
      if (host == null || !(scheme.equals("http") || scheme.equals("https"))) {
        return null;
      }
      host = host.toLowerCase(Locale.ROOT);
      return host.equals("youtu.be") || HOSTS.contains(host) ? host : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** People paste {@code youtu.be/ID} and {@code www.youtube.com/...} without a scheme. */
  private static String withScheme(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return s;
    }
    if (lower.startsWith("youtu.be/") || lower.startsWith("youtube.com/")
        || lower.matches("^(www|m|music)\\.youtube\\.com/.*")) {
      return "https://" + s;
    }
    return s.contains("://") ? s : "invalid:" + s;
  }

  private static String query(String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return pair.substring(eq + 1);
      }
    }
    return null;
  }
}
