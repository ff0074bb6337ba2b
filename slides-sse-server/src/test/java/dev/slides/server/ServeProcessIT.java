package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slides.testing.Await;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar slides.jar serve} as a real process: configured by environment, stopped by
 * SIGTERM.
 */
class ServeProcessIT {
  static final Duration STARTUP = Duration.ofSeconds(30);

  /** The talk the jobs download: written once, read by each test's server. */
  @TempDir static Path videos;
  static Path video;

  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void writeVideo() throws Exception {
    video = LectureVideo.builder(320, 180, 10)
        .slide(Slides.bullets(320, 180, 1, "A", 2), 3)
        .slide(Slides.bullets(320, 180, 2, "B", 2), 3)
        .write(videos.resolve("talk.mp4"));
  }

  @Test
  void sigtermLetsTheRunningJobFinishThenExits() throws Exception {
    Path log = dir.resolve("serve.log");
    try (VideoHttpServer cdn = new VideoHttpServer().serve("talk.mp4", video)) {
      cdn.hold("talk.mp4");
      Process process = ShadedJar.start(Map.of(
          "PORT", "0",
          "API_PASSWORD", "pw",
          "SLIDES_DATA_DIR", dir.resolve("data").toString(),
          "SLIDES_YOUTUBE_URL_TEMPLATE", cdn.template()), log, "serve", "--host", "127.0.0.1");
      try {
        String base = "http://127.0.0.1:" + awaitPort(log);
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
  void afterAKillTheRunningJobReadsInterruptedAndItsDebrisIsSwept() throws Exception {
    Path data = dir.resolve("data");
    try (VideoHttpServer cdn = new VideoHttpServer().serve("talk.mp4", video)) {
      cdn.hold("talk.mp4");
      Map<String, String> env = Map.of(
          "PORT", "0",
          "API_PASSWORD", "pw",
          "SLIDES_DATA_DIR", data.toString(),
          "SLIDES_YOUTUBE_URL_TEMPLATE", cdn.template());
      Path firstLog = dir.resolve("first.log");
      Process first = ShadedJar.start(env, firstLog, "serve", "--host", "127.0.0.1");
      try {
        String base = "http://127.0.0.1:" + awaitPort(firstLog);
        awaitAnswer(base + "/healthz/ready", r -> r.statusCode() == 200, "ready", firstLog);
        assertEquals(200, post(base + "/process/youtube/talk").statusCode());
        awaitAnswer(base + "/jobs/talk", r -> r.body().contains("\"status\":\"downloading\""),
            "the job downloading", firstLog);
      } finally {
        first.destroyForcibly(); // kill -9: no shutdown hook runs
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
      }
      // What a kill during an extraction leaves: the job's images in the spool folder, and
      // those it had uploaded in the store, which no manifest names.
      Path debris = Files.createDirectories(data.resolve("spool/slides-talk-4711"));
      Files.write(debris.resolve("1-first.webp"), new byte[64]);
      Path uploaded = Files.createDirectories(data.resolve("store/slides/talk"));
      Files.write(uploaded.resolve("7-first.webp"), new byte[64]);
      cdn.release("talk.mp4");

      Path secondLog = dir.resolve("second.log");
      Process second = ShadedJar.start(env, secondLog, "serve", "--host", "127.0.0.1");
      try {
        String base = "http://127.0.0.1:" + awaitPort(secondLog);
        awaitAnswer(base + "/healthz/ready", r -> r.statusCode() == 200, "ready", secondLog);
        HttpResponse<String> job = http.send(HttpRequest.newBuilder(
                URI.create(base + "/jobs/talk")).header("Authorization", "Bearer pw").build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, job.statusCode(), job.body());
        JsonNode state = new ObjectMapper().readTree(job.body());
        assertEquals("failed", state.get("status").asText(), job.body());
        assertEquals("interrupted", state.get("error").asText(), job.body());
        try (var left = Files.list(data.resolve("spool"))) {
          assertEquals(0, left.count(), "the spool was swept at start-up");
        }
        assertFalse(Files.exists(data.resolve("downloads/talk.download.mp4")));
        // A new POST runs the job again.
        HttpResponse<String> again = post(base + "/process/youtube/talk");
        assertTrue(again.body().contains("Download started"), again.body());
        awaitAnswer(base + "/jobs/talk", r -> r.body().contains("\"status\":\"completed\""),
            "the job completed", secondLog);
        assertTrue(Files.exists(data.resolve("store/manifests/talk.json")));
        assertFalse(Files.exists(uploaded.resolve("7-first.webp")),
            "the next run removed the killed run's image");
        // Started with port 0: the local store's URLs carry the port it got, not :0.
        HttpResponse<String> done = http.send(HttpRequest.newBuilder(
                URI.create(base + "/jobs/talk")).header("Authorization", "Bearer pw").build(),
            HttpResponse.BodyHandlers.ofString());
        String manifestUrl = new ObjectMapper().readTree(done.body()).get("metadata_uri").asText();
        assertEquals(base + "/files/manifests/talk.json", manifestUrl);
        HttpResponse<String> manifest = http.send(HttpRequest.newBuilder(
            URI.create(manifestUrl)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, manifest.statusCode(), manifest.body());
        for (JsonNode segment : new ObjectMapper().readTree(manifest.body()).get("talk")
            .get("segments")) {
          HttpResponse<byte[]> image = http.send(HttpRequest.newBuilder(
                  URI.create(segment.get("first_frame").get("url").asText())).build(),
              HttpResponse.BodyHandlers.ofByteArray());
          assertEquals(200, image.statusCode(), segment.toString());
        }

        // The shipped jar carries the web page and the exporter (PDFBox and all).
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/"))
            .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/app/app.js"), page.body());
        HttpResponse<String> script = http.send(HttpRequest.newBuilder(
            URI.create(base + "/app/app.js")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, script.statusCode());
        assertTrue(script.body().contains("EventSource"));
        HttpResponse<byte[]> pdf = http.send(HttpRequest.newBuilder(
                URI.create(base + "/jobs/talk/slides.pdf")).header("Authorization", "Bearer pw")
            .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, pdf.statusCode(), new String(pdf.body(), StandardCharsets.UTF_8));
        try (org.apache.pdfbox.pdmodel.PDDocument document =
            org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
          assertEquals(2, document.getNumberOfPages());
        }
      } finally {
        second.destroy();
        second.waitFor(60, TimeUnit.SECONDS);
        second.destroyForcibly();
      }
    }
  }

  /**
   * The port the process listens on (it picks a free one: no port is reserved and released
   * beforehand), read from its start-up line in {@code log}.
   */
  static int awaitPort(Path log) throws Exception {
    Pattern listening = Pattern.compile("Listening on http://[^:]+:(\\d+)");
    // The other process writes when it is ready: nothing to hear from but its log.
    // JSON logs write "http:\/\/host".
    String said = Await.until(STARTUP, "the server to say where it listens",
        () -> Files.exists(log) ? "\n" + Files.readString(log).replace("\\/", "/") : "(no output)",
        all -> listening.matcher(all).find());
    Matcher m = listening.matcher(said);
    m.find();
    return Integer.parseInt(m.group(1));
  }

  private HttpResponse<String> post(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer pw")
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withJsonLogsEveryLineIsAJsonObjectAndTheOperatorsRoutesWorkFromTheJar() throws Exception {
    Path log = dir.resolve("json.log");
    Process process = ShadedJar.start(Map.of(
        "PORT", "0",
        "API_PASSWORD", "pw",
        "SLIDES_LOG_FORMAT", "json",
        "SLIDES_DATA_DIR", dir.resolve("data").toString()), log, "serve", "--host", "127.0.0.1");
    try {
      String base = "http://127.0.0.1:" + awaitPort(log);
      awaitAnswer(base + "/jobs/nothing?token=tok-Q7x9Zk", r -> r.statusCode() == 404,
          "an answer", log);
      // What the shaded jar must carry for the operator's routes: Micrometer's Prometheus
      // registry and the OpenAPI document.
      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
          URI.create(base + "/metrics")).header("Authorization", "Bearer pw").build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, metrics.statusCode(), metrics.body());
      assertTrue(metrics.body().contains("slides_queue_length 0"), metrics.body());
      HttpResponse<String> api = http.send(HttpRequest.newBuilder(
          URI.create(base + "/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, api.statusCode());
      assertTrue(new ObjectMapper().readTree(api.body()).has("paths"), api.body());
    } finally {
      process.destroy();
      assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    }
    ObjectMapper json = new ObjectMapper();
    JsonNode access = null;
    for (String line : Files.readAllLines(log)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode event = json.readTree(line); // throws on anything that is not JSON
      assertTrue(event.isObject(), line);
      assertTrue(event.has("level") && event.has("loggerName"), line);
      if (AccessLog.LOGGER.equals(event.get("loggerName").asText())
          && event.get("formattedMessage").asText().startsWith("GET /jobs/{id} 404")) {
        access = event;
      }
    }
    String all = Files.readString(log);
    assertTrue(access != null, all);
    assertTrue(access.get("kvpList").toString().contains("\"route\":\"/jobs/{id}\""),
        access.toString());
    assertFalse(all.contains("tok-Q7x9Zk"), all);
    assertFalse(all.contains("Bearer"), all);
  }

  @Test
  void anUnknownLogFormatIsRefused() throws Exception {
    ShadedJar.Run run = ShadedJar.run(dir, Map.of("API_PASSWORD", "pw",
        "SLIDES_LOG_FORMAT", "yaml"), Duration.ofSeconds(30),
        "serve", "--port", "0", "--data-dir", dir.toString());
    assertEquals(2, run.exit(), run.output());
    assertTrue(run.output().contains("SLIDES_LOG_FORMAT must be text or json"), run.output());
  }

  @Test
  void anUnknownLogLevelIsRefused() throws Exception {
    // Logback alone would take it for DEBUG and say nothing.
    ShadedJar.Run run = ShadedJar.run(dir, Map.of("API_PASSWORD", "pw",
        "SLIDES_LOG_LEVEL", "VERBOSE"), Duration.ofSeconds(30),
        "serve", "--port", "0", "--data-dir", dir.toString());
    assertEquals(2, run.exit(), run.output());
    assertTrue(run.output().contains(
        "SLIDES_LOG_LEVEL must be TRACE, DEBUG, INFO, WARN, ERROR or OFF, not \"VERBOSE\""),
        run.output());
  }

  @Test
  void refusesToStartWithoutAPassword() throws Exception {
    ShadedJar.Run run = ShadedJar.run(dir, Map.of(), Duration.ofSeconds(30),
        "serve", "--port", "0", "--data-dir", dir.toString());
    assertEquals(2, run.exit(), run.output());
    assertTrue(run.output().contains("API_PASSWORD is not set"), run.output());
  }

  private void awaitAnswer(String url, Predicate<HttpResponse<String>> test, String what,
      Path log) throws Exception {
    ShadedJar.awaitAnswer(http, url, test, what, log, STARTUP);
  }
}
