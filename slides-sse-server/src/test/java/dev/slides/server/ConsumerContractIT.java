package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slides.blob.vercel.FakeVercelBlob;
import dev.slides.testing.DecodedImage;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one known consumer of this server (the v0-video2md web app, see the project's reference
 * notes on the Python service it replaces), replayed request by request against
 * {@code java -jar slides.jar serve} publishing to Vercel Blob as it does: what it sends (a
 * bearer token, nothing else; no body, no {@code Last-Event-ID}), and only what it reads, the
 * way it reads it. Its event stream reader (eventsource-parser) keeps just each event's
 * {@code data}, JSON-parsed, and stops at {@code completed} with a {@code metadata_uri} or at
 * {@code failed}; it then fetches the manifest at a URL it rebuilds from its own Blob token
 * ({@code {public store root}/manifests/{id}.json}, never {@code metadata_uri}) and checks it
 * with its zod schema; it numbers the static segments 1..N and keeps each frame's {@code url}
 * and {@code duplicate_of}.
 */
class ConsumerContractIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration STARTUP = Duration.ofSeconds(30);
  static final Duration JOB = Duration.ofSeconds(120);
  /** The job state keys consumers rely on; absent values are null, never missing. */
  static final List<String> STATE_KEYS = List.of("status", "message", "updated_at",
      "metadata_uri", "error", "frame_count", "current_frame", "slides_processed",
      "total_slides");
  static final List<String> STATUSES = List.of("pending", "downloading", "extracting",
      "uploading", "completed", "failed");
  /** Python's isoformat() of an aware UTC time with microseconds; zod's datetime with offset. */
  static final Pattern UPDATED_AT =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00");

  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theWebAppsSequenceOfRequestsGetsWhatItReads() throws Exception {
    int w = 320;
    int h = 180;
    // Slide 1, a moving part, slide 2, then slide 1 again: the third slide repeats the first.
    Path video = LectureVideo.builder(w, h, 10)
        .slide(Slides.bullets(w, h, 1, "Intro", 3), 3)
        .motion(2)
        .slide(Slides.bullets(w, h, 2, "Method", 2), 3)
        .slide(Slides.bullets(w, h, 1, "Intro", 3), 3)
        .write(dir.resolve("talk.mp4"));
    Path log = dir.resolve("serve.log");
    try (FakeVercelBlob vercel = new FakeVercelBlob();
        VideoHttpServer cdn = new VideoHttpServer().serve("talk.mp4", video)) {
      cdn.hold("talk.mp4"); // the stream opens while the job runs
      Process process = ShadedJar.start(Map.of(
          "PORT", "0",
          "API_PASSWORD", "pw",
          "SLIDES_DATA_DIR", dir.resolve("data").toString(),
          "SLIDES_YOUTUBE_URL_TEMPLATE", cdn.template(),
          "BLOB_READ_WRITE_TOKEN", FakeVercelBlob.TOKEN,
          "VERCEL_BLOB_API_URL", vercel.apiUrl()), log, "serve", "--host", "127.0.0.1");
      try {
        String base = "http://127.0.0.1:" + ServeProcessIT.awaitPort(log);
        ShadedJar.awaitAnswer(http, base + "/healthz/ready", r -> r.statusCode() == 200,
            "ready", log, STARTUP);
        // What the web app rebuilds from its BLOB_READ_WRITE_TOKEN (the store's public root).
        String manifestUrl = vercel.publicBase() + "manifests/talk.json";

        // 1. triggerExtraction: POST, bearer token, no body; any 2xx will do, body ignored.
        HttpResponse<String> posted = send("POST", base + "/process/youtube/talk", "pw");
        assertEquals(200, posted.statusCode(), posted.body());
        assertEquals("{\"message\":\"Download started\",\"video_id\":\"talk\","
            + "\"track\":\"/jobs/talk\",\"stream\":\"/jobs/talk/stream\"}", posted.body());

        // 2. checkJobStatus: the stream, read until completed with a URI (or failed).
        Stream stream = Stream.open(http, base + "/jobs/talk/stream");
        assertEquals(200, stream.status);
        assertEquals("text/event-stream; charset=utf-8", stream.contentType);
        JsonNode first = stream.next(JOB);
        assertTrue(Set.of("pending", "downloading").contains(first.get("status").asText()),
            first.toString());
        // Another run of the workflow while this one is under way joins it.
        HttpResponse<String> joined = send("POST", base + "/process/youtube/talk", "pw");
        assertEquals(200, joined.statusCode());
        assertEquals("Job already in progress",
            JSON.readTree(joined.body()).get("message").asText());
        cdn.release("talk.mp4");
        Consumed run = stream.consume(JOB);
        run.events.add(0, first);
        assertEquals("completed", run.last().get("status").asText(), run.events.toString());
        assertEquals(manifestUrl, run.last().get("metadata_uri").asText());
        assertNull(stream.rest(JOB), "the server closes the stream after the completed state");
        List<String> statuses = new ArrayList<>();
        for (JsonNode event : run.events) {
          assertContractShape(event);
          String status = event.get("status").asText();
          if (statuses.isEmpty() || !statuses.get(statuses.size() - 1).equals(status)) {
            statuses.add(status);
          }
        }
        // Every status from where the stream came in, in order, each once.
        int from = STATUSES.indexOf(statuses.get(0));
        assertEquals(STATUSES.subList(from, STATUSES.indexOf("completed") + 1), statuses);
        assertTrue(run.eventNames.stream().allMatch(n -> n == null), run.eventNames.toString());

        // GET /jobs/{id} answers the state the stream ended with.
        HttpResponse<String> job = send("GET", base + "/jobs/talk", "pw");
        assertEquals(200, job.statusCode());
        assertEquals("application/json", job.headers().firstValue("Content-Type").orElse(""));
        assertEquals(run.last(), JSON.readTree(job.body()));

        // 3. fetchManifest: no token, at the URL rebuilt from the Blob store; the zod schema.
        HttpResponse<byte[]> manifestAnswer = get(manifestUrl);
        assertEquals(200, manifestAnswer.statusCode());
        JsonNode manifest = JSON.readTree(manifestAnswer.body());
        assertEquals(List.of("talk"), fieldNames(manifest), "a record keyed by the video id");
        JsonNode data = manifest.get("talk");
        assertTrue(UPDATED_AT.matcher(data.get("updated_at").asText()).matches(),
            data.get("updated_at").toString());
        // 4. processSlidesFromManifest: static segments are slides 1..N, in order.
        Map<String, String> urlOfFrame = new HashMap<>();
        int slide = 0;
        int moving = 0;
        for (JsonNode segment : data.get("segments")) {
          for (String number : List.of("start_time", "end_time", "duration")) {
            assertTrue(segment.get(number).isNumber(), segment.toString());
          }
          String kind = segment.get("kind").asText();
          if (kind.equals("moving")) {
            moving++;
            continue;
          }
          assertEquals("static", kind, segment.toString());
          slide++;
          for (String position : List.of("first", "last")) {
            JsonNode frame = segment.get(position + "_frame");
            assertNotNull(frame, segment.toString());
            assertEquals(slide + "-" + position + ".webp", frame.get("frame_id").asText());
            String url = frame.get("url").asText();
            JsonNode duplicateOf = frame.get("duplicate_of");
            if (duplicateOf.isNull()) {
              assertEquals(vercel.publicBase() + "slides/talk/" + slide + "-" + position
                  + ".webp", url);
              HttpResponse<byte[]> image = get(url);
              assertEquals(200, image.statusCode(), url);
              assertTrue(DecodedImage.isWebp(image.body()), url);
            } else {
              // The slide number the web app shows it as a repeat of, and that frame's image.
              int of = duplicateOf.get("segment_id").intValue();
              String ofPosition = duplicateOf.get("frame_position").asText();
              assertTrue(duplicateOf.get("segment_id").isInt() && of >= 1 && of <= slide,
                  frame.toString());
              assertTrue(Set.of("first", "last").contains(ofPosition), frame.toString());
              assertEquals(urlOfFrame.get(of + "-" + ofPosition), url, frame.toString());
            }
            urlOfFrame.put(slide + "-" + position, url);
          }
        }
        assertEquals(3, slide, data.toString());
        assertTrue(moving >= 1, data.toString());
        JsonNode third = staticSegments(data).get(2).get("first_frame").get("duplicate_of");
        assertEquals("{\"segment_id\":1,\"frame_position\":\"first\"}", third.toString(),
            "slide 3 repeats slide 1");

        // The workflow run again (or retried): the finished job answers at once, and its
        // stream is its one completed state, then closed.
        HttpResponse<String> again = send("POST", base + "/process/youtube/talk", "pw");
        assertEquals(200, again.statusCode());
        JsonNode repeat = JSON.readTree(again.body());
        assertEquals(List.of("message", "video_id", "track", "stream", "job"),
            fieldNames(repeat));
        assertEquals("Job already completed", repeat.get("message").asText());
        assertEquals(run.last(), repeat.get("job"));
        Stream finished = Stream.open(http, base + "/jobs/talk/stream");
        assertEquals(200, finished.status);
        Consumed once = finished.consume(JOB);
        assertEquals(List.of(run.last()), once.events);
        assertNull(finished.rest(JOB), "closed after the one state");

        // A job that fails: its stream ends with the failed state, whose error is the reason
        // the web app shows; the next POST runs it again.
        assertEquals(200, send("POST", base + "/process/youtube/gone", "pw").statusCode());
        Stream failing = Stream.open(http, base + "/jobs/gone/stream");
        Consumed failed = failing.consume(JOB);
        JsonNode end = failed.last();
        assertEquals("failed", end.get("status").asText(), failed.events.toString());
        assertContractShape(end);
        assertTrue(end.get("error").isTextual() && !end.get("error").asText().isBlank(),
            end.toString());
        assertTrue(end.get("metadata_uri").isNull(), end.toString());
        assertNull(failing.rest(JOB), "closed after the failed state");
        // The workflow run again once the video can be had: a new run, whose stream starts
        // with that run's state, never the failed one that would stop the web app at once.
        cdn.serve("gone.mp4", video);
        cdn.hold("gone.mp4");
        HttpResponse<String> retried = send("POST", base + "/process/youtube/gone", "pw");
        assertEquals("Download started", JSON.readTree(retried.body()).get("message").asText());
        Stream rerun = Stream.open(http, base + "/jobs/gone/stream");
        JsonNode restart = rerun.next(JOB);
        assertTrue(Set.of("pending", "downloading").contains(restart.get("status").asText()),
            restart.toString());
        assertTrue(restart.get("error").isNull(), restart.toString());
        cdn.release("gone.mp4");
        JsonNode redone = rerun.consume(JOB).last();
        assertEquals("completed", redone.get("status").asText(), redone.toString());
        assertEquals(vercel.publicBase() + "manifests/gone.json",
            redone.get("metadata_uri").asText());
        assertNull(rerun.rest(JOB));

        // An id the server never saw: 404 (the web app's "job may not have been created").
        for (String path : List.of("/jobs/never-seen/stream", "/jobs/never-seen")) {
          HttpResponse<String> unknown = send("GET", base + path, "pw");
          assertEquals(404, unknown.statusCode(), path);
          assertEquals("application/json",
              unknown.headers().firstValue("Content-Type").orElse(""));
          assertEquals("{\"detail\":\"Job not found: never-seen\"}", unknown.body());
        }

        // A wrong password: 401 before anything else, FastAPI's shape, no WWW-Authenticate.
        for (String[] call : new String[][] {{"POST", "/process/youtube/talk"},
            {"GET", "/jobs/talk/stream"}, {"GET", "/jobs/never-seen/stream"}}) {
          HttpResponse<String> refused = send(call[0], base + call[1], "wrong");
          assertEquals(401, refused.statusCode(), call[1]);
          assertEquals("{\"detail\":\"Invalid or missing API password\"}", refused.body());
          assertFalse(refused.headers().firstValue("WWW-Authenticate").isPresent());
        }
      } finally {
        process.destroy();
        process.waitFor(60, TimeUnit.SECONDS);
        process.destroyForcibly();
      }
    }
  }

  /** The nine keys, always present (null when absent), with their types. */
  private static void assertContractShape(JsonNode state) {
    for (String key : STATE_KEYS) {
      assertTrue(state.has(key), key + " missing in " + state);
    }
    assertTrue(STATUSES.contains(state.get("status").asText()), state.toString());
    assertTrue(state.get("message").isTextual(), state.toString());
    assertTrue(UPDATED_AT.matcher(state.get("updated_at").asText()).matches(),
        state.toString());
    for (String text : List.of("metadata_uri", "error")) {
      assertTrue(state.get(text).isNull() || state.get(text).isTextual(), state.toString());
    }
    for (String count : List.of("frame_count", "current_frame", "slides_processed",
        "total_slides")) {
      assertTrue(state.get(count).isNull() || state.get(count).isIntegralNumber(),
          state.toString());
    }
  }

  private static List<JsonNode> staticSegments(JsonNode data) {
    List<JsonNode> out = new ArrayList<>();
    data.get("segments").forEach(s -> {
      if (s.get("kind").asText().equals("static")) {
        out.add(s);
      }
    });
    return out;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  /** A request as the web app makes it: the bearer token and nothing else. */
  private HttpResponse<String> send(String method, String url, String password)
      throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + password)
        .method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<byte[]> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The data of the events read, parsed as JSON, and their event names (null: none). */
  record Consumed(List<JsonNode> events, List<String> eventNames) {
    JsonNode last() {
      return events.get(events.size() - 1);
    }
  }

  /**
   * An event stream read the way eventsource-parser reads it: lines ending in LF, CR or CRLF;
   * {@code field: value} (one space after the colon dropped), {@code data} lines joined with
   * LF; comment lines ({@code :}) ignored; an event dispatched at a blank line when it has data.
   */
  static final class Stream {
    final int status;
    final String contentType;
    private final InputStream body;
    private final StringBuilder data = new StringBuilder();
    private String eventName;
    private boolean afterCr;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final List<String> names = new ArrayList<>();

    private Stream(HttpResponse<InputStream> response) {
      this.status = response.statusCode();
      this.contentType = response.headers().firstValue("Content-Type").orElse(null);
      this.body = response.body();
    }

    static Stream open(HttpClient http, String url) throws Exception {
      return new Stream(http.send(HttpRequest.newBuilder(URI.create(url))
          .header("Authorization", "Bearer pw").build(),
          HttpResponse.BodyHandlers.ofInputStream()));
    }

    /** The next event's data as JSON, waiting at most {@code timeout}. */
    JsonNode next(Duration timeout) throws Exception {
      Consumed one = within(timeout, () -> read(true));
      assertEquals(1, one.events.size(), "the stream ended before an event");
      return one.events.get(0);
    }

    /** Reads as the web app does: until completed with a URI, or failed, or the end. */
    Consumed consume(Duration timeout) throws Exception {
      return within(timeout, () -> read(false));
    }

    /** After the consumer stopped: null once the server has closed the stream, else the rest. */
    String rest(Duration timeout) throws Exception {
      byte[] left = within(timeout, body::readAllBytes);
      body.close();
      return left.length == 0 ? null : new String(left, StandardCharsets.UTF_8);
    }

    private Consumed read(boolean justOne) throws Exception {
      List<JsonNode> events = new ArrayList<>();
      int b;
      while ((b = body.read()) >= 0) {
        if (b == '\n' && afterCr) {
          afterCr = false;
          continue;
        }
        afterCr = b == '\r';
        if (b != '\n' && b != '\r') {
          line.write(b);
          continue;
        }
        // TextDecoder without {stream: true}, as the web app decodes: ASCII keeps it safe.
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (!text.isEmpty()) {
          field(text);
          continue;
        }
        if (data.length() == 0) {
          eventName = null;
          continue;
        }
        String payload = data.substring(0, data.length() - 1); // the last LF
        names.add(eventName);
        data.setLength(0);
        eventName = null;
        JsonNode update;
        try {
          update = JSON.readTree(payload);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          continue; // the web app only warns
        }
        events.add(update);
        String status = update.path("status").asText();
        boolean done = status.equals("completed") && update.path("metadata_uri").isTextual()
            && !update.get("metadata_uri").asText().isEmpty() || status.equals("failed");
        if (justOne || done) {
          break;
        }
      }
      return new Consumed(events, new ArrayList<>(names));
    }

    private void field(String text) {
      if (text.startsWith(":")) {
        return;
      }
      int colon = text.indexOf(':');
      String name = colon < 0 ? text : text.substring(0, colon);
      String value = colon < 0 ? "" : text.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      if (name.equals("data")) {
        data.append(value).append('\n');
      } else if (name.equals("event")) {
        eventName = value;
      }
    }

    private interface Reading<T> {
      T read() throws Exception;
    }

    /** The stream's own pace, bounded: a server that never answers fails the test. */
    private static <T> T within(Duration timeout, Reading<T> reading) throws Exception {
      CompletableFuture<T> result = CompletableFuture.supplyAsync(() -> {
        try {
          return reading.read();
        } catch (Exception e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      });
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
