package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar slides.jar serve} as a real process: configured by environment, stopped by
 * SIGTERM.
 */
class ServeProcessIT {
  static final Duration STARTUP = Duration.ofSeconds(30);

  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void sigtermLetsTheRunningJobFinishThenExits() throws Exception {
    Path video = LectureVideo.builder(320, 180, 10)
        .slide(Slides.bullets(320, 180, 1, "A", 2), 3)
        .slide(Slides.bullets(320, 180, 2, "B", 2), 3)
        .write(dir.resolve("talk.mp4"));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = dir.resolve("serve.log");
    try (VideoHttpServer cdn = new VideoHttpServer().serve("talk.mp4", video)) {
      cdn.hold("talk.mp4");
      Process process = ShadedJar.start(Map.of(
          "PORT", Integer.toString(port),
          "API_PASSWORD", "pw",
          "SLIDES_DATA_DIR", dir.resolve("data").toString(),
          "SLIDES_YOUTUBE_URL_TEMPLATE", cdn.template()), log, "serve", "--host", "127.0.0.1");
      try {
        String base = "http://127.0.0.1:" + port;
        awaitAnswer(base + "/healthz/ready", r -> r.statusCode() == 200, "ready", log);
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(
                URI.create(base + "/process/youtube/talk"))
            .header("Authorization", "Bearer pw")
            .POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, posted.statusCode(), posted.body());
        // The download is held, so the job stays in "downloading" until released.
        awaitAnswer(base + "/jobs/talk", r -> r.body().contains("\"status\":\"downloading\""),
            "the job downloading", log);
        process.destroy(); // SIGTERM
        awaitAnswer(base + "/healthz/ready", r -> r.statusCode() == 503,
            "draining after SIGTERM", log);
        cdn.release("talk.mp4");
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "exits once the job is done");
        Path manifest = dir.resolve("data/store/manifests/talk.json");
        assertTrue(Files.exists(manifest), Files.readString(log));
        JsonNode json = new ObjectMapper().readTree(manifest.toFile());
        assertEquals(2, json.get("talk").get("segments").size());
      } finally {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void refusesToStartWithoutAPassword() throws Exception {
    ShadedJar.Run run = ShadedJar.run(dir, Map.of(), Duration.ofSeconds(30),
        "serve", "--port", "0", "--data-dir", dir.toString());
    assertEquals(2, run.exit(), run.output());
    assertTrue(run.output().contains("API_PASSWORD is not set"), run.output());
  }

  /**
   * Asks {@code url} (with the API password; probes ignore it) until an answer passes
   * {@code test}: the process answers in its own time.
   */
  private void awaitAnswer(String url, Predicate<HttpResponse<String>> test, String what,
      Path log) throws Exception {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = http.send(HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer pw").build(), HttpResponse.BodyHandlers.ofString());
        if (test.test(last)) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("never saw " + what + " at " + url + "; last answer: "
        + (last == null ? "none" : last.statusCode() + " " + last.body()) + "\n"
        + Files.readString(log));
  }
}
