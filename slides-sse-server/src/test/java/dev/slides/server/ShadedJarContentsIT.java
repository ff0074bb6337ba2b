package dev.slides.server;

import static dev.slides.testing.ThirdPartyNotices.line;
import static dev.slides.testing.ThirdPartyNotices.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.testing.ThirdPartyNotices;
import java.io.IOException;
import java.io.InputStream;
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
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avdevice;
import org.bytedeco.ffmpeg.global.avfilter;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.ffmpeg.global.swscale;
import org.junit.jupiter.api.Test;

/**
 * What the shipped {@code slides.jar} carries, read from the jar itself: what the build put in
 * it, which the tests' own class path does not show (a test dependency can change the version of
 * a library that ships, or a library can ship that only tests need).
 */
class ShadedJarContentsIT {
  /** Artifacts whose version is apart from the rest of their group's on purpose. */
  static final Set<String> OWN_VERSION = Set.of(
      "com.fasterxml.jackson.core:jackson-annotations", // "2.23": no patch number since 2.20
      "org.bytedeco:ffmpeg"); // FFmpeg's version, then JavaCPP's: "8.1.2-1.5.14"

  /**
   * Libraries whose classes and version file come inside another library's jar, not as a
   * dependency of their own, and so have no line of their own in the third-party list: each
   * with the library that carries it, which has.
   */
  static final Map<String, String> EMBEDDED = Map.of(
      "org.jctools:jctools-core", "io.netty:netty-common"); // Apache-2.0, as Netty

  /** Packages of libraries that only the tests or the build use. */
  static final List<String> TEST_ONLY = List.of("org/junit/", "org/opentest4j/",
      "org/bytedeco/javacv/", "org/gaul/", "org/openqa/selenium/", "com/deque/",
      "org/slf4j/simple/", "org/openjdk/jmh/");

  /**
   * Libraries released together (Prometheus' client, Netty, the AWS SDK, ...) work only with the
   * same version of each other. s3proxy, a test dependency, once made the jar carry Prometheus'
   * text format 1.8.0 beside its model 1.7.0.
   */
  @Test
  void eachGroupOfLibrariesShipsInOneVersion() throws IOException {
    Map<String, Map<String, String>> byGroup = new TreeMap<>();
    try (JarFile jar = new JarFile(ShadedJar.path().toFile())) {
      ThirdPartyNotices.libraries(jar).forEach((library, version) -> {
        if (!OWN_VERSION.contains(library)) {
          String[] coordinates = library.split(":");
          byGroup.computeIfAbsent(coordinates[0], g -> new TreeMap<>())
              .put(coordinates[1], version);
        }
      });
    }
    assertTrue(byGroup.containsKey("io.prometheus") && byGroup.containsKey("io.netty"),
        "the jar no longer names its libraries' versions (META-INF/maven/.../pom.properties),"
            + " so this test sees nothing: " + byGroup.keySet());
    List<String> mixed = new ArrayList<>();
    byGroup.forEach((group, versions) -> {
      if (new TreeSet<>(versions.values()).size() > 1) {
        mixed.add(group + " " + versions);
      }
    });
    assertEquals(List.of(), mixed, "libraries of one group in different versions");
  }

  @Test
  void carriesNoLibraryOnlyTheTestsUse() throws IOException {
    List<String> found = new ArrayList<>();
    try (JarFile jar = new JarFile(ShadedJar.path().toFile())) {
      for (JarEntry entry : Collections.list(jar.entries())) {
        for (String prefix : TEST_ONLY) {
          if (entry.getName().startsWith(prefix) && !found.contains(prefix)) {
            found.add(prefix);
          }
        }
      }
    }
    assertEquals(List.of(), found, "test libraries shaded into slides.jar");
  }

  /**
   * Every Netty jar lists its version in one file of the same name, which Netty reads; the jar
   * once kept one of nine (and the build warned of the overlap).
   */
  @Test
  void nettysVersionFilesAreJoinedNotOneKept() throws IOException {
    Set<String> shipped = new TreeSet<>();
    Properties versions = new Properties();
    try (JarFile jar = new JarFile(ShadedJar.path().toFile())) {
      for (JarEntry entry : Collections.list(jar.entries())) {
        String name = entry.getName();
        if (name.startsWith("META-INF/maven/io.netty/") && name.endsWith("/pom.properties")) {
          shipped.add(name.split("/")[3]);
        }
      }
      JarEntry file = jar.getJarEntry("META-INF/io.netty.versions.properties");
      assertTrue(file != null, "no META-INF/io.netty.versions.properties");
      try (InputStream in = jar.getInputStream(file)) {
        versions.load(in);
      }
    }
    assertTrue(shipped.size() > 1, shipped.toString());
    Set<String> listed = new TreeSet<>();
    for (String key : versions.stringPropertyNames()) {
      if (key.endsWith(".version")) {
        listed.add(key.substring(0, key.length() - ".version".length()));
      }
    }
    assertEquals(shipped, listed);
  }

  /**
   * A user's legal review reads the libraries that ship, with their licences, from
   * {@code META-INF/THIRD-PARTY.txt}: every library whose version file is in the jar has a line
   * there naming a licence (the jar once carried no list, and no NOTICE file at all).
   */
  @Test
  void listsEveryShippedLibraryWithItsLicence() throws IOException {
    String list;
    Set<String> shipped = new TreeSet<>();
    try (JarFile jar = new JarFile(ShadedJar.path().toFile())) {
      list = text(jar, "META-INF/THIRD-PARTY.txt");
      for (Map.Entry<String, String> library : ThirdPartyNotices.libraries(jar).entrySet()) {
        if (!library.getKey().startsWith("dev.slides:")) {
          shipped.add(library.getKey());
        }
      }
    }
    assertTrue(shipped.contains("io.undertow:undertow-core") && shipped.size() > 50,
        shipped.toString());
    List<String> unlisted = new ArrayList<>();
    for (String library : shipped) {
      String listedAs = EMBEDDED.getOrDefault(library, library);
      if (line(list, listedAs) == null) {
        unlisted.add(library);
      }
    }
    assertEquals(List.of(), unlisted, "libraries in slides.jar missing from THIRD-PARTY.txt");
    assertTrue(!list.contains("Unknown license"), list);
    assertTrue(!list.contains("dev.slides:"), "the project itself is no third party: " + list);
    assertTrue(line(list, "io.undertow:undertow-core").startsWith("(Apache-2.0) Undertow"),
        line(list, "io.undertow:undertow-core"));
    assertTrue(line(list, "io.netty:netty-common").startsWith("(Apache-2.0) Netty"),
        line(list, "io.netty:netty-common"));
    assertTrue(line(list, "io.lettuce:lettuce-core").startsWith("(MIT) Lettuce"),
        line(list, "io.lettuce:lettuce-core"));
  }

  /**
   * FFmpeg's libraries are under the LGPL or, built with --enable-gpl, the GPL: the list and
   * META-INF/licenses/FFmpeg.txt must name the licence and version that the shipped libraries
   * themselves report, and the jar must carry that licence's text. An FFmpeg upgrade whose
   * build changes either fails here until the notes say so.
   */
  @Test
  void namesFfmpegWithTheLicenceItsLibrariesReport() throws IOException {
    List<String> reported = List.of(avutil.avutil_license().getString(),
        avcodec.avcodec_license().getString(), avformat.avformat_license().getString(),
        avfilter.avfilter_license().getString(), avdevice.avdevice_license().getString(),
        swscale.swscale_license().getString(), swresample.swresample_license().getString());
    assertEquals(List.of("LGPL version 3 or later"), List.copyOf(new TreeSet<>(reported)),
        "the FFmpeg libraries' own licence: the notes in slides.jar say LGPL-3.0-or-later");
    String version = avutil.av_version_info().getString();
    try (JarFile jar = new JarFile(ShadedJar.path().toFile())) {
      String bundled = ThirdPartyNotices.libraries(jar).get("org.bytedeco:ffmpeg");
      assertEquals(version, bundled.split("-")[0], "the tests' FFmpeg is not the one in the jar");
      String ffmpeg = line(text(jar, "META-INF/THIRD-PARTY.txt"), "org.bytedeco:ffmpeg");
      assertNotNull(ffmpeg, "no FFmpeg in THIRD-PARTY.txt");
      assertTrue(ffmpeg.contains("(LGPL-3.0-or-later (FFmpeg " + version + " libraries"),
          "THIRD-PARTY.txt gives FFmpeg the licence of its Java bindings only (update"
              + " src/license/override-THIRD-PARTY.properties for this version): " + ffmpeg);
      String notes = text(jar, "META-INF/licenses/FFmpeg.txt");
      assertTrue(notes.contains("FFmpeg " + version + " ")
              && notes.contains("Licence: GNU Lesser General Public License version 3 or later"),
          "META-INF/licenses/FFmpeg.txt does not describe FFmpeg " + version + ": " + notes);
      assertTrue(text(jar, "META-INF/licenses/LGPL-3.0.txt")
          .contains("GNU LESSER GENERAL PUBLIC LICENSE\n                       Version 3"));
      assertTrue(text(jar, "META-INF/licenses/GPL-3.0.txt")
          .contains("GNU GENERAL PUBLIC LICENSE\n                       Version 3"));
    }
  }

  /**
   * FFmpeg's build links in some twenty libraries (zlib, OpenSSL, libvpx, SRT, ...), most under
   * licences that ask every binary copy to carry their copyright notices and licence texts: the
   * jar once named them in FFmpeg.txt without carrying any.
   */
  @Test
  void carriesTheNoticesOfTheLibrariesBuiltIntoFfmpeg() throws IOException {
    try (JarFile jar = new JarFile(ShadedJar.path().toFile())) {
      assertEquals(List.of(), ThirdPartyNotices.missingFfmpegNotices(jar),
          "notices of the libraries in FFmpeg that slides.jar lacks (src/license/texts)");
      assertTrue(text(jar, "META-INF/licenses/MPL-2.0.txt")
          .startsWith("Mozilla Public License Version 2.0"));
      assertTrue(text(jar, "META-INF/licenses/LGPL-2.0.txt")
          .contains("GNU LIBRARY GENERAL PUBLIC LICENSE\n                       Version 2"));
    }
  }

  /**
   * The Apache License asks a redistribution to carry the libraries' NOTICE files and a copy of
   * the licence; MIT and BSD licences ask for their own text with its copyright line. Each
   * library's files keep their own path under META-INF/licenses/, and the NOTICE files are
   * joined into META-INF/NOTICE.
   */
  @Test
  void carriesTheLibrariesNoticesAndLicenceTexts() throws IOException {
    try (JarFile jar = new JarFile(ShadedJar.path().toFile())) {
      String notice = text(jar, "META-INF/NOTICE");
      for (String name : List.of("Apache HttpClient", "AWS SDK for Java", "Apache PDFBox",
          "Jackson", "Micrometer", "Apache Commons Codec")) {
        assertTrue(notice.contains(name), "META-INF/NOTICE lacks " + name + ": " + notice);
      }
      assertTrue(text(jar, "META-INF/licenses/Apache-2.0.txt")
          .contains("Apache License\n                           Version 2.0, January 2004"));
      Map<String, String> own = new TreeMap<>();
      for (JarEntry entry : Collections.list(jar.entries())) {
        String name = entry.getName();
        if (name.startsWith("META-INF/licenses/") && name.contains("-jar/META-INF/")) {
          own.put(name.substring("META-INF/licenses/".length(), name.indexOf("-jar/")),
              name);
        }
      }
      assertTrue(own.keySet().containsAll(List.of("lettuce-core-7.7.0.RELEASE",
          "slf4j-api-2.0.20", "HdrHistogram-2.2.2", "jackson-core-2.23.0")), own.toString());
      assertTrue(text(jar, "META-INF/licenses/lettuce-core-7.7.0.RELEASE-jar/META-INF/LICENSE")
          .contains("Permission is hereby granted"));
      assertTrue(text(jar, "META-INF/licenses/slf4j-api-2.0.20-jar/META-INF/LICENSE.txt")
          .contains("Copyright (c) 2004-2023 QOS.ch"));
    }
  }

  /**
   * Every licence that THIRD-PARTY.txt names comes with its full text in the jar: it once named
   * Logback's EPL-2.0, JavaCPP's GPL version 2 and its Classpath exception, reactive-streams'
   * MIT-0 and HdrHistogram's CC0 without carrying them. A library whose jar brings no licence
   * file of its own has its copyright line in a note.
   */
  @Test
  void carriesTheTextOfEveryLicenceItsLibrariesName() throws IOException {
    try (JarFile jar = new JarFile(ShadedJar.path().toFile())) {
      Map<String, String> named =
          ThirdPartyNotices.licenceTexts(text(jar, ThirdPartyNotices.LIST));
      assertTrue(named.keySet().containsAll(List.of("Apache-2.0", "BSD-2-Clause", "CC0-1.0",
          "Classpath-exception-2.0", "EPL-2.0", "GPL-2.0-only", "GPL-2.0-or-later",
          "LGPL-2.1-only", "LGPL-3.0-or-later", "MIT", "MIT-0")), named.toString());
      assertEquals(Map.of(), ThirdPartyNotices.missingTexts(jar),
          "licences named in THIRD-PARTY.txt whose text slides.jar lacks (src/license/texts)");
      assertTrue(text(jar, "META-INF/licenses/EPL-2.0.txt")
          .startsWith("Eclipse Public License - v 2.0"));
      assertTrue(text(jar, "META-INF/licenses/GPL-2.0.txt")
          .contains("GNU GENERAL PUBLIC LICENSE\n                       Version 2, June 1991"));
      assertTrue(text(jar, "META-INF/licenses/Classpath-exception-2.0.txt")
          .contains("As a special exception, the copyright holders of this library"));
      assertTrue(text(jar, "META-INF/licenses/redis-authx-core.txt")
          .contains("Copyright 2024, Redis Ltd. and Contributors"));
    }
  }
}
