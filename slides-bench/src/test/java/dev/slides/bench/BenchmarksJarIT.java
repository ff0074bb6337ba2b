package dev.slides.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.testing.ThirdPartyNotices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * What the shipped {@code benchmarks.jar} carries of the libraries shaded into it, read from the
 * jar: the same list, licence texts and notices as {@code slides.jar} (the jar once dropped every
 * licence and notice, JMH's GPL with the Classpath exception and FFmpeg's LGPL among them).
 */
class BenchmarksJarIT {
  static JarFile jar() throws IOException {
    String property = System.getProperty("benchmarks.jar");
    Path jar = Path.of(property != null ? property : "target/benchmarks.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "no shaded jar at " + jar + ": run mvn verify");
    return new JarFile(jar.toFile());
  }

  @Test
  void listsEveryShippedLibraryWithItsLicence() throws IOException {
    try (JarFile jar = jar()) {
      String list = ThirdPartyNotices.text(jar, ThirdPartyNotices.LIST);
      assertTrue(ThirdPartyNotices.libraries(jar).keySet().containsAll(List.of(
          "org.openjdk.jmh:jmh-core", "org.bytedeco:ffmpeg", "net.sf.jopt-simple:jopt-simple")),
          ThirdPartyNotices.libraries(jar).toString());
      assertEquals(List.of(), ThirdPartyNotices.unlisted(jar),
          "libraries in benchmarks.jar missing from THIRD-PARTY.txt");
      assertTrue(!list.contains("Unknown license"), list);
      assertTrue(!list.contains("dev.slides:"), "the project itself is no third party: " + list);
      String jmh = ThirdPartyNotices.line(list, "org.openjdk.jmh:jmh-core");
      assertNotNull(jmh, list);
      assertTrue(jmh.startsWith("(GPL-2.0-only WITH Classpath-exception-2.0) JMH Core"), jmh);
      String ffmpeg = ThirdPartyNotices.line(list, "org.bytedeco:ffmpeg");
      assertNotNull(ffmpeg, list);
      assertTrue(ffmpeg.contains("(LGPL-3.0-or-later (FFmpeg "), ffmpeg);
      // The runners' command-line parser; its jar has no licence file of its own.
      String picocli = ThirdPartyNotices.line(list, "info.picocli:picocli");
      assertNotNull(picocli, list);
      assertTrue(picocli.startsWith("(Apache-2.0) picocli"), picocli);
    }
  }

  /** The runners in the jar parse their command lines with the picocli shaded beside them. */
  @Test
  void theRunnersAnswerHelpFromTheJar() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = Path.of(System.getProperty("benchmarks.jar", "target/benchmarks.jar"))
        .toAbsolutePath().toString();
    for (String runner : List.of("dev.slides.bench.accuracy.AccuracyBenchmark",
        "dev.slides.bench.accuracy.CorpusGenerator", "dev.slides.bench.EndToEndBenchmark",
        "dev.slides.bench.SoakBenchmark", "dev.slides.internal.video.TwoRenditionsBenchmark")) {
      String name = runner.substring(runner.lastIndexOf('.') + 1);
      Process help = new ProcessBuilder(java, "-cp", jar, runner, "--help")
          .redirectErrorStream(true).start();
      String said = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, help.waitFor(), said);
      assertTrue(said.startsWith("Usage: " + name + " [-h]"), said);
      Process wrong = new ProcessBuilder(java, "-cp", jar, runner, "--no-such-option")
          .redirectErrorStream(true).start();
      said = new String(wrong.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(2, wrong.waitFor(), said);
      assertTrue(said.startsWith("Unknown option: '--no-such-option'"), said);
      assertTrue(said.contains("See '" + name + " --help'."), said);
    }
  }

  @Test
  void carriesTheTextOfEveryLicenceItsLibrariesName() throws IOException {
    try (JarFile jar = jar()) {
      Map<String, String> named = ThirdPartyNotices.licenceTexts(
          ThirdPartyNotices.text(jar, ThirdPartyNotices.LIST));
      assertTrue(named.keySet().containsAll(List.of("Apache-2.0", "Classpath-exception-2.0",
          "GPL-2.0-only", "LGPL-3.0-or-later", "MIT")), named.toString());
      assertEquals(Map.of(), ThirdPartyNotices.missingTexts(jar),
          "licences named in THIRD-PARTY.txt whose text benchmarks.jar lacks (src/license/texts)");
      assertTrue(ThirdPartyNotices.text(jar, "META-INF/licenses/FFmpeg.txt")
          .contains("Licence: GNU Lesser General Public License version 3 or later"));
    }
  }

  /** The same notices of the libraries built into FFmpeg as {@code slides.jar} carries. */
  @Test
  void carriesTheNoticesOfTheLibrariesBuiltIntoFfmpeg() throws IOException {
    try (JarFile jar = jar()) {
      assertEquals(List.of(), ThirdPartyNotices.missingFfmpegNotices(jar),
          "notices of the libraries in FFmpeg that benchmarks.jar lacks (src/license/texts)");
    }
  }

  /**
   * Each library's own licence and notice files keep their own path, the Apache NOTICE files are
   * joined into META-INF/NOTICE, and JMH's LICENSE and THIRD-PARTY (which holds the licence of
   * JOpt Simple, whose jar has none) are kept as JMH ships them, not at the jar's root, where
   * they would read as the licence of the whole jar.
   */
  @Test
  void carriesTheLibrariesOwnNoticesAndLicenceFiles() throws IOException {
    try (JarFile jar = jar()) {
      String notice = ThirdPartyNotices.text(jar, "META-INF/NOTICE");
      for (String name : List.of("Apache HttpClient", "Apache Commons Math", "Jackson")) {
        assertTrue(notice.contains(name), "META-INF/NOTICE lacks " + name + ": " + notice);
      }
      String jmh = "META-INF/licenses/jmh-core-"
          + ThirdPartyNotices.libraries(jar).get("org.openjdk.jmh:jmh-core") + "-jar/";
      assertTrue(ThirdPartyNotices.text(jar, jmh + "LICENSE")
          .contains("\"CLASSPATH\" EXCEPTION TO THE GPL"));
      assertTrue(ThirdPartyNotices.text(jar, jmh + "THIRD-PARTY")
          .contains("Copyright (c) 2004-2021 Paul R. Holser, Jr."));
      assertNull(jar.getJarEntry("LICENSE"), "a licence at the root of benchmarks.jar");
      assertNull(jar.getJarEntry("THIRD-PARTY"), "JMH's THIRD-PARTY at the root");
      String math = "META-INF/licenses/commons-math3-" + ThirdPartyNotices.libraries(jar)
          .get("org.apache.commons:commons-math3") + "-jar/";
      assertTrue(ThirdPartyNotices.text(jar, math + "META-INF/NOTICE.txt").contains("Orekit"));
    }
  }
}
