package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's library example, read from README.md, compiled against slides-core as a user's
 * project would be, and run as its own process: the README cannot drift from the API. Both use
 * the class path an application depending on slides-core gets (its classes and its compile and
 * runtime dependencies, written by the build to {@code target/runtime-classpath.txt}), not this
 * test's: a test library (JUnit, JavaCV, an SLF4J provider) cannot make the example work.
 */
class ReadmeSnippetTest {
  static final Path README = Path.of("..", "README.md");
  static final Path SAMPLE = Path.of("..", "samples", "lecture.mp4");
  static final Path RUNTIME_CLASSPATH = Path.of("target", "runtime-classpath.txt");

  @TempDir Path dir;

  @Test
  void theLibraryExampleCompilesAndRunsAsWritten() throws Exception {
    String source = snippet(Files.readString(README));
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.writeString(src.resolve("Talk.java"), source);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    String classPath = userClassPath();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "a JDK is needed to compile the README's example");
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int compiled = javac.run(null, null, errors, "-d", classes.toString(),
        "-cp", classPath, src.resolve("Talk.java").toString());
    assertEquals(0, compiled, "the README's example does not compile:\n" + errors);

    Process run = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classes + File.pathSeparator + classPath,
        "Talk", SAMPLE.toAbsolutePath().toString()))
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(run.waitFor(120, TimeUnit.SECONDS), output);
    assertEquals(0, run.exitValue(), output);
    assertTrue(output.contains("\"status\":\"completed\""), output);
    assertTrue(output.contains("slides, manifest at file:"), output);
    assertTrue(Files.exists(dir.resolve("out/manifests/my-talk.json")), output);
  }

  /** slides-core's classes and the jars its users get, without the test scope. */
  static String userClassPath() throws Exception {
    assertTrue(Files.exists(RUNTIME_CLASSPATH), RUNTIME_CLASSPATH.toAbsolutePath()
        + " is missing: Maven's generate-test-resources phase writes it (run the test through"
        + " Maven)");
    String jars = Files.readString(RUNTIME_CLASSPATH).strip();
    for (String jar : jars.split(Pattern.quote(File.pathSeparator))) {
      assertFalse(Path.of(jar).getFileName().toString().matches("(junit|javacv|slf4j-simple).*"),
          "a test library is on slides-core's users' class path: " + jar);
    }
    return Path.of("target", "classes").toAbsolutePath() + File.pathSeparator + jars;
  }

  /** The Java block that follows the README's marker comment for this test. */
  static String snippet(String readme) {
    int marker = readme.indexOf("<!-- The block below is compiled and run by ReadmeSnippetTest");
    assertTrue(marker >= 0, "README.md lost the marker of its library example");
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find(marker), "no ```java block after the marker");
    return m.group(1);
  }
}
