package dev.slides.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What a shaded jar of the project ({@code slides.jar}, {@code benchmarks.jar}) says of the
 * libraries inside it, read from the jar: {@code META-INF/THIRD-PARTY.txt} names each library
 * with its licences by SPDX id (the parent POM's {@code licenseMerges}), and each licence's text
 * is at {@code META-INF/licenses/<id>.txt} (the repository's {@code src/license/texts}).
 */
public final class ThirdPartyNotices {
  /** The list of the libraries in the jar, with their licences. */
  public static final String LIST = "META-INF/THIRD-PARTY.txt";

  private ThirdPartyNotices() {}

  /**
   * Each licence that {@code list} names, by id, with the jar entry that must hold its text. A
   * licence is named in parentheses before a library's name: {@code (Apache-2.0)}, or an
   * expression {@code (Apache-2.0 OR GPL-2.0-only WITH Classpath-exception-2.0 (a note))};
   * {@code -only} and {@code -or-later} versions share one text, and an exception has its own.
   */
  public static Map<String, String> licenceTexts(String list) {
    Map<String, String> texts = new TreeMap<>();
    for (String line : list.lines().map(String::strip).toList()) {
      int at = 0;
      while (at < line.length() && line.charAt(at) == '(') {
        int end = closing(line, at);
        String expression = line.substring(at + 1, end).replaceAll("\\s*\\(.*\\)$", "");
        for (String term : expression.split(" OR ")) {
          for (String id : term.split(" WITH ")) {
            String text = id.strip().replaceAll("-(only|or-later)$", "");
            texts.put(id.strip(), "META-INF/licenses/" + text + ".txt");
          }
        }
        at = end + 1;
        while (at < line.length() && line.charAt(at) == ' ') {
          at++;
        }
      }
    }
    return texts;
  }

  /**
   * The licences named in the jar's list whose text the jar lacks, each as {@code id -> entry};
   * empty when the jar carries them all. Fails when the jar has no list.
   */
  public static Map<String, String> missingTexts(JarFile jar) throws IOException {
    Map<String, String> missing = new TreeMap<>();
    licenceTexts(text(jar, LIST)).forEach((id, entry) -> {
      JarEntry text = jar.getJarEntry(entry);
      if (text == null || text.getSize() == 0) {
        missing.put(id, entry);
      }
    });
    return missing;
  }

  /** {@code groupId:artifactId} to version, of each library's version file in the jar. */
  public static Map<String, String> libraries(JarFile jar) throws IOException {
    Map<String, String> versions = new TreeMap<>();
    for (JarEntry entry : Collections.list(jar.entries())) {
      String name = entry.getName();
      if (name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties")) {
        Properties pom = new Properties();
        try (InputStream in = jar.getInputStream(entry)) {
          pom.load(in);
        }
        versions.put(pom.getProperty("groupId") + ":" + pom.getProperty("artifactId"),
            pom.getProperty("version"));
      }
    }
    return versions;
  }

  /** The libraries of the jar, but the project's own, that the list has no line for. */
  public static List<String> unlisted(JarFile jar) throws IOException {
    String list = text(jar, LIST);
    List<String> unlisted = new ArrayList<>();
    for (String library : libraries(jar).keySet()) {
      if (!library.startsWith("dev.slides:") && line(list, library) == null) {
        unlisted.add(library);
      }
    }
    return unlisted;
  }

  /** The line of the list for {@code groupId:artifactId}, trimmed, or null. */
  public static String line(String list, String library) {
    return list.lines().map(String::strip).filter(l -> l.contains("(" + library + ":"))
        .findFirst().orElse(null);
  }

  /** The jar's entry {@code name} as UTF-8 text; an {@link AssertionError} when it has none. */
  public static String text(JarFile jar, String name) throws IOException {
    JarEntry entry = jar.getJarEntry(name);
    if (entry == null) {
      throw new AssertionError(jar.getName() + " has no " + name);
    }
    try (InputStream in = jar.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static int closing(String line, int open) {
    int depth = 0;
    for (int i = open; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    throw new AssertionError("unbalanced parentheses in the third-party list: " + line);
  }
}
