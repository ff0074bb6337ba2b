package dev.slides.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a shaded jar of the project ({@code slides.jar}, {@code benchmarks.jar}) says of the
 * libraries inside it, read from the jar: {@code META-INF/THIRD-PARTY.txt} names each library
 * with its licences by SPDX id (the parent POM's {@code licenseMerges}), and each licence's text
 * is at {@code META-INF/licenses/<id>.txt} (the repository's {@code src/license/texts}).
 */
public final class ThirdPartyNotices {
  /** The list of the libraries in the jar, with their licences. */
  public static final String LIST = "META-INF/THIRD-PARTY.txt";

  /** What the jar says of the FFmpeg it carries, with a table of the libraries built in. */
  public static final String FFMPEG = "META-INF/licenses/FFmpeg.txt";

  /** The folder of the notices of the libraries built into FFmpeg, one file each. */
  public static final String FFMPEG_LIBRARIES = "META-INF/licenses/FFmpeg-libraries/";

  /**
   * The libraries that the bundled FFmpeg build (Bytedeco's, linux-x86_64) links in, each by
   * the file of its notices, with a copyright holder that the file must name.
   */
  public static final Map<String, String> FFMPEG_LINKED = Map.ofEntries(
      Map.entry("zlib.txt", "Jean-loup Gailly and Mark Adler"),
      Map.entry("lame.txt", "The LAME Project"),
      Map.entry("speex.txt", "Jean-Marc Valin"),
      Map.entry("opencore-amr.txt", "PacketVideo"),
      Map.entry("vo-amrwbenc.txt", "VisualOn"),
      Map.entry("openssl.txt", "The OpenSSL Project Authors"),
      Map.entry("openh264.txt", "Cisco Systems"),
      Map.entry("libvpx.txt", "The WebM Project authors"),
      Map.entry("freetype.txt", "David Turner, Robert Wilhelm"),
      Map.entry("harfbuzz.txt", "Behdad Esfahbod"),
      Map.entry("opus.txt", "Xiph.Org"),
      Map.entry("libxml2.txt", "Daniel Veillard"),
      Map.entry("srt.txt", "Haivision"),
      Map.entry("libwebp.txt", "Google Inc."),
      Map.entry("libaom.txt", "Alliance for Open Media"),
      Map.entry("svt-av1.txt", "Alliance for Open Media"),
      Map.entry("zimg.txt", "sekrit-twc"),
      Map.entry("libmfx.txt", "Intel Corporation"),
      Map.entry("libva.txt", "Intel Corporation"),
      Map.entry("libdrm.txt", "Precision Insight, Inc."),
      Map.entry("nv-codec-headers.txt", "NVIDIA Corporation"));

  /** A row of FFmpeg.txt's table of linked libraries: it ends with the name of a notices file. */
  private static final Pattern FFMPEG_ROW = Pattern.compile("(?m)^  \\S.*\\s(\\S+\\.txt)$");

  /** A notices file's pointer to a licence text of its own at the top of the licences. */
  private static final Pattern FULL_TEXT =
      Pattern.compile("its full text: (META-INF/licenses/[A-Za-z0-9.-]+\\.txt)");

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

  /**
   * What the jar lacks of the notices of the libraries built into its FFmpeg, one line each;
   * empty when it has them all. Each library of {@link #FFMPEG_LINKED} and each row of
   * FFmpeg.txt's table needs its file under {@link #FFMPEG_LIBRARIES}, naming a copyright
   * holder, and each licence text that file points to; each shared object beside FFmpeg's own
   * (libva, libdrm) must be named in FFmpeg.txt.
   */
  public static List<String> missingFfmpegNotices(JarFile jar) throws IOException {
    String notes = text(jar, FFMPEG);
    Set<String> files = new TreeSet<>(FFMPEG_LINKED.keySet());
    List<String> missing = new ArrayList<>();
    Set<String> rows = new TreeSet<>();
    Matcher row = FFMPEG_ROW.matcher(notes);
    while (row.find()) {
      rows.add(row.group(1));
    }
    for (String file : files) {
      if (!rows.contains(file)) {
        missing.add(FFMPEG + " has no row for " + file);
      }
    }
    files.addAll(rows);
    for (String file : files) {
      JarEntry entry = jar.getJarEntry(FFMPEG_LIBRARIES + file);
      if (entry == null || entry.getSize() == 0) {
        missing.add("no " + FFMPEG_LIBRARIES + file);
        continue;
      }
      String notice = text(jar, FFMPEG_LIBRARIES + file);
      String holder = FFMPEG_LINKED.getOrDefault(file, "Copyright");
      if (!notice.contains(holder)) {
        missing.add(FFMPEG_LIBRARIES + file + " does not name " + holder);
      }
      Matcher full = FULL_TEXT.matcher(notice);
      while (full.find()) {
        if (jar.getJarEntry(full.group(1)) == null) {
          missing.add(FFMPEG_LIBRARIES + file + " points to " + full.group(1) + ", missing");
        }
      }
    }
    for (JarEntry entry : Collections.list(jar.entries())) {
      String name = entry.getName();
      String file = name.substring(name.lastIndexOf('/') + 1);
      if (name.startsWith("org/bytedeco/ffmpeg/") && file.matches("lib.*\\.so(\\..*)?")
          && !file.matches("lib(av|sw|jni).*") && !notes.contains(file)) {
        missing.add(FFMPEG + " does not name the shared library " + name);
      }
    }
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
