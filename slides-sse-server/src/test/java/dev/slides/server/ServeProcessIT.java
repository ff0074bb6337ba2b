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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slides serve} as a real process: configured by environment, stopped by SIGTERM. */
class ServeProcessTest {
  @TempDir Path dir;

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
    try (VideoHttpServer cdn = new VideoHttpServer().serve("talk.mp4", video)) {
      cdn.hold("talk.mp4");
      ProcessBuilder pb = new ProcessBuilder(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), SlidesCommand.class.getName(),
          "serve", "--host", "127.0.0.1"))
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("serve.log").toFile());
      pb.environment().put("PORT", Integer.toString(port));
      pb.environment().put("API_PASSWORD", "pw");
      pb.environment().put("SLIDES_DATA_DIR", dir.resolve("data").toString());
      pb.environment().put("SLIDES_YOUTUBE_URL_TEMPLATE", cdn.template());
      pb.environment().remove("BLOB_READ_WRITE_TOKEN");
      pb.environment().remove("S3_ENDPOINT");
      pb.environment().remove("S3_BUCKET_NAME");
      pb.environment().remove("SLIDES_STORAGE");
      Process process = pb.start();
      try {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        awaitReady(http, base);
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(
                URI.create(base + "/process/youtube/talk"))
            .header("Authorization", "Bearer pw")
            .POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, posted.statusCode(), posted.body());
        Thread.sleep(300);
        process.destroy(); // SIGTERM
        Thread.sleep(500);
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
            URI.create(base + "/healthz/ready")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, ready.statusCode(), "draining after SIGTERM");
        cdn.release("talk.mp4");
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "exits once the job is done");
        Path manifest = dir.resolve("data/store/manifests/talk.json");
        assertTrue(Files.exists(manifest), Files.readString(dir.resolve("serve.log")));
        JsonNode json = new ObjectMapper().readTree(manifest.toFile());
        assertEquals(2, json.get("talk").get("segments").size());
      } finally {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void refusesToStartWithoutAPassword() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SlidesCommand.class.getName(), "serve",
        "--port", "0", "--data-dir", dir.toString()))
        .redirectErrorStream(true);
    pb.environment().remove("API_PASSWORD");
    Process process = pb.start();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    String out = new String(process.getInputStream().readAllBytes());
    assertEquals(2, process.exitValue(), out);
    assertTrue(out.contains("API_PASSWORD is not set"), out);
  }

  private static void awaitReady(HttpClient http, String base) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create(base + "/healthz/ready")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("server did not start");
  }
}
