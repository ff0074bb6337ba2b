package dev.slides.server;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Why a URL could not be parsed, in plain words, for {@code POST /process} and
 * {@code slides extract}: {@code a space (character 19) must be written %20} rather than
 * {@code Invalid url} or {@code Illegal character in path at index 18}. The offending character
 * is named, never copied: the answer may be shown in a page, and the URL came from anyone.
 */
final class UrlSyntax {
  private UrlSyntax() {}

  /** What is wrong with {@code text}, which {@code e} refused; no trailing period. */
  static String problem(String text, URISyntaxException e) {
    int index = e.getIndex();
    String reason = e.getReason();
    if (index < 0 || index >= text.length()) {
      return plain(reason);
    }
    if (reason.startsWith("Illegal character in ") && !isNeverAllowed(text.codePointAt(index))) {
      // The parser points at the start of the part it refused (the authority), not at the
      // character at fault: name the first one no URL may hold, when there is one.
      for (int i = index; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
        if (isNeverAllowed(text.codePointAt(i))) {
          index = i;
          break;
        }
      }
    }
    int c = text.codePointAt(index);
    String at = " (character " + (index + 1) + ")";
    if (reason.equals("Malformed escape pair")) {
      return "a %" + at + " must begin an escape of two hexadecimal digits, such as %20; write"
          + " a % itself as %25";
    }
    if (reason.startsWith("Illegal character in ")) {
      String part = reason.substring("Illegal character in ".length());
      if (part.equals("path") || part.equals("query") || part.equals("fragment")) {
        return name(c) + at + " must be written " + escaped(c);
      }
      // "authority" is the parser's word for what users call the host name (and port).
      return name(c) + at + " cannot be in the "
          + (part.equals("authority") ? "host name" : part);
    }
    return plain(reason) + at;
  }

  /** Spaces, controls and the ASCII characters that no part of a URL may hold unescaped. */
  private static boolean isNeverAllowed(int c) {
    return c <= ' ' || c == 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0;
  }

  /** {@code Expected authority} as {@code expected authority}. */
  private static String plain(String reason) {
    return reason.isEmpty() ? "not a URL"
        : reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1);
  }

  private static String name(int c) {
    return switch (c) {
      case ' ' -> "a space";
      case '"' -> "a double quote";
      case '<', '>' -> "an angle bracket";
      case '\\' -> "a backslash";
      case '|' -> "a vertical bar";
      case '{', '}' -> "a brace";
      case '[', ']' -> "a square bracket";
      case '^' -> "a caret";
      case '`' -> "a backquote";
      case '#' -> "a second #";
      case '%' -> "a %";
      default -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          ? "'" + (char) c + "'"
          : String.format(Locale.ROOT, "the character U+%04X", c);
    };
  }

  /** {@code c} percent-encoded as UTF-8: {@code %20}, {@code %C3%A9}. */
  private static String escaped(int c) {
    StringBuilder out = new StringBuilder();
    for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
      out.append(String.format(Locale.ROOT, "%%%02X", b & 0xff));
    }
    return out.toString();
  }
}
