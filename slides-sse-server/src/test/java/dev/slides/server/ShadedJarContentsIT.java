package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
      for (JarEntry entry : Collections.list(jar.entries())) {
        String name = entry.getName();
        if (!name.startsWith("META-INF/maven/") || !name.endsWith("/pom.properties")) {
          continue;
        }
        Properties pom = new Properties();
        try (InputStream in = jar.getInputStream(entry)) {
          pom.load(in);
        }
        String group = pom.getProperty("groupId");
        String artifact = pom.getProperty("artifactId");
        if (!OWN_VERSION.contains(group + ":" + artifact)) {
          byGroup.computeIfAbsent(group, g -> new TreeMap<>())
              .put(artifact, pom.getProperty("version"));
        }
      }
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
}
