package dev.slides.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A README's Java example, compiled and run as its own process on the class path an application
 * depending on the module gets (its classes and its compile and runtime dependencies, which the
 * module's build writes to {@code target/runtime-classpath.txt}), not the test's: a test library
 * (JUnit, JavaCV, an SLF4J provider) cannot make the example work. So a README cannot drift from
 * the API it shows.
 */
public final class ReadmeExample {
  private static final Path RUNTIME_CLASSPATH = Path.of("target", "runtime-classpath.txt");

  private final String className;
  private final String source;

  private ReadmeExample(String className, String source) {
    this.className = className;
    this.source = source;
  }

  /** The first {@code ```java} block after {@code marker} in {@code readme}. */
  public static ReadmeExample after(Path readme, String marker) throws IOException {
    String text = Files.readString(readme);
    int at = text.indexOf(marker);
    assertTrue(at >= 0, readme + " lost the marker of its example: " + marker);
    Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertTrue(block.find(at), "no ```java block after the marker in " + readme);
    Matcher type = Pattern.compile("public class (\\w+)").matcher(block.group(1));
    assertTrue(type.find(), "the example in " + readme + " is not a whole program");
    return new ReadmeExample(type.group(1), block.group(1));
  }

  /** The example's source, as the README shows it. */
  public String source() {
    return source;
  }

  /**
   * Compiles the example in {@code dir} and runs it there with {@code args}; fails the test when
   * either fails. Returns what it printed, standard error included.
   */
  public String run(Path dir, String... args) throws Exception {
    Path src = Files.createDirectories(dir.resolve("example-src"));
    Path file = src.resolve(className + ".java");
    Files.writeString(file, source);
    Path classes = Files.createDirectories(dir.resolve("example-classes"));
    String classPath = userClassPath();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "a JDK is needed to compile the README's example");
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int compiled = javac.run(null, null, errors, "-d", classes.toString(), "-cp", classPath,
        file.toString());
    assertEquals(0, compiled, "the README's example does not compile:\n" + errors);

    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classes + File.pathSeparator + classPath, className));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), output);
    assertEquals(0, process.exitValue(), output);
    return output;
  }

  /** This module's classes and the jars its users get, without the test scope. */
  private static String userClassPath() throws IOException {
    assertTrue(Files.exists(RUNTIME_CLASSPATH), RUNTIME_CLASSPATH.toAbsolutePath()
        + " is missing: Maven's generate-test-resources phase writes it (run the test through"
        + " Maven)");
    String jars = Files.readString(RUNTIME_CLASSPATH).strip();
    for (String jar : jars.split(Pattern.quote(File.pathSeparator))) {
      assertFalse(Path.of(jar).getFileName().toString().matches("(junit|javacv|slf4j-simple).*"),
          "a test library is on the module's users' class path: " + jar);
    }
    return Path.of("target", "classes").toAbsolutePath() + File.pathSeparator + jars;
  }
}
