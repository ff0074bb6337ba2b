package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
  void afterAKillTheRunningJobReadsInterruptedAndItsDebrisIsSwept() throws Exception {
    Path video = LectureVideo.builder(320, 180, 10)
        .slide(Slides.bullets(320, 180, 1, "A", 2), 3)
        .slide(Slides.bullets(320, 180, 2, "B", 2), 3)
        .write(dir.resolve("talk.mp4"));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path data = dir.resolve("data");
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + port;
    try (VideoHttpServer cdn = new VideoHttpServer().serve("talk.mp4", video)) {
      cdn.hold("talk.mp4");
      Process first = serve(port, data, cdn.template(), "first.log");
      try {
        awaitReady(http, base);
        assertEquals(200, send(http, base, "POST", "/process/youtube/talk").statusCode());
        awaitStatus(http, base, "talk", "downloading");
      } finally {
        first.destroyForcibly(); // kill -9: no shutdown hook runs
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
      }
      // What a kill during an extraction leaves: the job's images in the spool folder.
      Path debris = Files.createDirectories(data.resolve("spool/slides-talk-4711"));
      Files.write(debris.resolve("1-first.webp"), new byte[64]);
      cdn.release("talk.mp4");

      Process second = serve(port, data, cdn.template(), "second.log");
      try {
        awaitReady(http, base);
        HttpResponse<String> job = send(http, base, "GET", "/jobs/talk");
        assertEquals(200, job.statusCode(), job.body());
        JsonNode state = new ObjectMapper().readTree(job.body());
        assertEquals("failed", state.get("status").asText(), job.body());
        assertEquals("interrupted", state.get("error").asText(), job.body());
        try (var left = Files.list(data.resolve("spool"))) {
          assertEquals(0, left.count(), "the spool was swept at start-up");
        }
        assertFalse(Files.exists(data.resolve("downloads/talk.mp4")));
        // A new POST runs the job again.
        HttpResponse<String> again = send(http, base, "POST", "/process/youtube/talk");
        assertTrue(again.body().contains("Download started"), again.body());
        awaitStatus(http, base, "talk", "completed");
        assertTrue(Files.exists(data.resolve("store/manifests/talk.json")));
      } finally {
        second.destroy();
        second.waitFor(60, TimeUnit.SECONDS);
        second.destroyForcibly();
      }
    }
  }

  private Process serve(int port, Path data, String template, String logName) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SlidesCommand.class.getName(),
        "serve", "--host", "127.0.0.1"))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(logName).toFile());
    pb.environment().put("PORT", Integer.toString(port));
    pb.environment().put("API_PASSWORD", "pw");
    pb.environment().put("SLIDES_DATA_DIR", data.toString());
    pb.environment().put("SLIDES_YOUTUBE_URL_TEMPLATE", template);
    for (String name : List.of("BLOB_READ_WRITE_TOKEN", "S3_ENDPOINT", "S3_BUCKET_NAME",
        "SLIDES_STORAGE")) {
      pb.environment().remove(name);
    }
    return pb.start();
  }

  private static HttpResponse<String> send(HttpClient http, String base, String method,
      String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer pw")
        .method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Polls the other process (nothing else can tell when it got there), up to 60 s. */
  private static void awaitStatus(HttpClient http, String base, String id, String status)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = send(http, base, "GET", "/jobs/" + id);
      last = r.body();
      if (r.statusCode() == 200
          && status.equals(new ObjectMapper().readTree(last).get("status").asText())) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("job " + id + " never reached " + status + "; last: " + last);
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
