package dev.slides.internal.store;

import dev.slides.internal.text.Quantity;
import java.util.List;
import java.util.regex.Pattern;

/** The keys this project writes, and the rules every key must follow. */
public final class BlobKeys {
  private static final Pattern VIDEO_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
  /** The frame ids of slide images, as {@code SlideFrame} makes them. */
  private static final Pattern SLIDE_FRAME_ID = Pattern.compile("[0-9]+-(first|last)\\.webp");

  private BlobKeys() {}

  /** True for ids made of letters, digits, {@code _} and {@code -}, 1 to 64 of them. */
  public static boolean isValidVideoId(String videoId) {
    return videoId != null && VIDEO_ID.matcher(videoId).matches();
  }

  /** Returns {@code videoId} or throws when it could escape a key or a file name. */
  public static String requireValidVideoId(String videoId) {
    if (!isValidVideoId(videoId)) {
      throw new IllegalArgumentException(
          "Invalid video id (letters, digits, '_' and '-', 1 to 64): " + printable(videoId));
    }
    return videoId;
  }

  /** {@code manifests/{videoId}.json} */
  public static String manifest(String videoId) {
    return "manifests/" + requireValidVideoId(videoId) + ".json";
  }

  /** {@code slides/{videoId}/{n}-{first|last}.webp} */
  public static String slideFrame(String videoId, String frameId) {
    return "slides/" + requireValidVideoId(videoId) + "/" + frameId;
  }

  /** True for a frame id this library gives slide images: {@code {n}-first.webp}, ... */
  public static boolean isSlideFrameId(String frameId) {
    return SLIDE_FRAME_ID.matcher(frameId).matches();
  }

  /**
   * Returns {@code key} or throws when it is not a plain relative path: empty, absolute, with
   * {@code .} or {@code ..} segments, empty segments, backslashes, or characters outside
   * {@code [A-Za-z0-9._-]}; at most 950 characters.
   */
  public static String requireValid(String key) {
    if (!isValid(key)) {
      throw new IllegalArgumentException("Invalid key: " + printable(key));
    }
    return key;
  }

  /** True for a key {@link #requireValid} accepts. */
  public static boolean isValid(String key) {
    if (key == null || key.isEmpty() || key.length() > 950) {
      return false;
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
          || !SEGMENT.matcher(segment).matches()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns {@code prefix} or throws when no valid key starts with it: it is empty, or the
   * beginning of a valid key ({@code slides/abc/}, {@code slides/ab}).
   */
  public static String requireValidPrefix(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("Invalid key prefix: null");
    }
    if (prefix.isEmpty()) {
      return prefix;
    }
    // A key itself, or a key's start that one more character of a segment would complete.
    if (!isValid(prefix) && !isValid(prefix + "x")) {
      throw new IllegalArgumentException("Invalid key prefix: " + printable(prefix));
    }
    return prefix;
  }

  /**
   * A batch of keys as a message names it, by its count and first key: {@code 3 keys
   * (slides/a/1-first.webp, ...)}, {@code 1 key (slides/a/1-first.webp)}.
   *
   * @param noun what a store calls one of them ("key", "blob")
   */
  public static String describeBatch(List<String> keys, String noun) {
    return Quantity.of(keys.size(), noun) + " (" + keys.get(0)
        + (keys.size() == 1 ? "" : ", ...") + ")";
  }

  private static String printable(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < Math.min(s.length(), 80); i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return b.append(s.length() > 80 ? "...\"" : "\"").toString();
  }
}
