package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The shipped {@code target/slides.jar} (built by {@code package}, handed to the integration
 * tests by Failsafe as the {@code slides.jar} property), started as a user starts it:
 * {@code java -jar slides.jar ...}, configured by environment variables only.
 */
final class ShadedJar {
  /** Store settings inherited from the machine would silently pick another store. */
  private static final List<String> STORE_VARIABLES = List.of("SLIDES_STORAGE",
      "BLOB_READ_WRITE_TOKEN", "VERCEL_BLOB_API_URL", "S3_ENDPOINT", "S3_REGION",
      "S3_BUCKET_NAME", "S3_ACCESS_KEY", "S3_SECRET_KEY", "S3_PATH_STYLE", "S3_PUBLIC_BASE_URL",
      "S3_PRESIGN_SECONDS", "API_PASSWORD", "SLIDES_REDIS_URL", "SLIDES_NODE_ID",
      "SLIDES_JOB_VISIBILITY_SECONDS", "SLIDES_REDIS_COMMAND_TIMEOUT_SECONDS",
      "SLIDES_MAX_ATTEMPTS", "SLIDES_FINISHED_JOB_RETENTION_HOURS");

  /**
   * JVM options for the tests' short runs: the JIT's quick first tier only. A run of the jar
   * lasts seconds, too short for the optimizing compiler to pay back the CPU it takes at
   * start-up (two cores shared by several JVMs here); what the jar does is the same.
   * A benchmark passes options of its own instead, and so keeps the JVM's defaults.
   */
  static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1");

  private ShadedJar() {}

  static Path path() {
    String property = System.getProperty("slides.jar");
    Path jar = Path.of(property != null ? property : "target/slides.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "no shaded jar at " + jar + ": run mvn verify");
    return jar;
  }

  /**
   * A process running {@code java -jar slides.jar args...} (with {@link #QUICK_START}) with
   * {@code env} added to a copy of this JVM's environment without any store settings; stdout
   * and stderr go to {@code log}.
   */
  static Process start(Map<String, String> env, Path log, String... args) throws IOException {
    ProcessBuilder pb = processBuilder(args)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  /**
   * {@code java [jvmOptions] -jar slides.jar args...} with this JVM's environment less any store
   * settings; {@code jvmOptions} come before {@code -jar}.
   */
  static ProcessBuilder processBuilder(List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", path().toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    STORE_VARIABLES.forEach(pb.environment()::remove);
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    return pb;
  }

  /** {@link #processBuilder(List, String...)} with {@link #QUICK_START}. */
  static ProcessBuilder processBuilder(String... args) {
    return processBuilder(QUICK_START, args);
  }

  record Run(int exit, String output) {}

  /** Runs the jar to its end (at most {@code timeout}); its exit code and everything it printed. */
  static Run run(Path dir, Map<String, String> env, Duration timeout, String... args)
      throws Exception {
    Path log = Files.createTempFile(dir, "slides-jar", ".log");
    Process process = start(env, log, args);
    try {
      assertTrue(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS),
          "slides.jar did not finish within " + timeout + ": " + Files.readString(log));
      return new Run(process.exitValue(), Files.readString(log));
    } finally {
      process.destroyForcibly();
    }
  }

  /**
   * Asks {@code url} of a running {@code slides serve} (with the tests' API password "pw";
   * probes ignore it) until an answer passes {@code test}, or fails after {@code timeout}
   * showing the last answer and the process's {@code log}: the process answers in its own time.
   */
  static HttpResponse<String> awaitAnswer(HttpClient http, String url,
      Predicate<HttpResponse<String>> test, String what, Path log, Duration timeout)
      throws Exception {
    Answered last;
    try {
      last = Await.until(timeout, what + " at " + url, () -> {
        try {
          return new Answered(http.send(HttpRequest.newBuilder(URI.create(url))
              .header("Authorization", "Bearer pw").build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
          return new Answered(null); // not listening yet
        }
      }, a -> a.response != null && test.test(a.response));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + Files.readString(log), e);
    }
    return last.response;
  }

  /** An answer, or none (null) while the process does not listen; shown when the wait fails. */
  private record Answered(HttpResponse<String> response) {
    @Override
    public String toString() {
      return response == null ? "no answer" : response.statusCode() + " " + response.body();
    }
  }
}
