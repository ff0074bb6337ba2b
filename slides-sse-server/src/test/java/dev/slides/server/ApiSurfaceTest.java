package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slides.JobState;
import dev.slides.JobStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What a browser page and an operator see of the API: the OpenAPI document against the real
 * routes, unknown routes, CORS, and the access log.
 */
class ApiSurfaceTest {
  static final String APP = "https://app.example.com";
  static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head",
      "patch", "trace");

  @TempDir Path data;
  ServerFixture f;

  ServerFixture start(ServerSettings settings) throws Exception {
    f = new ServerFixture(settings);
    return f;
  }

  /** The jobs some tests start fail at once: nothing listens on the discard port. */
  ServerSettings defaults() {
    return ServerSettings.forTests(data, ServerFixture.PASSWORD)
        .withYoutubeUrlTemplate("http://127.0.0.1:9/videos/{id}.mp4");
  }

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  JsonNode openApi() throws Exception {
    try (Response r = f.http.newCall(new Request.Builder().url(f.base() + "/openapi.json")
        .build()).execute()) {
      assertEquals(200, r.code(), "served without the password");
      assertEquals("application/json", r.header("Content-Type"));
      return ServerFixture.JSON.readTree(r.body().string());
    }
  }

  /** Every operation of the document as {@code GET /jobs/{id}}, with its node. */
  static Map<String, JsonNode> operations(JsonNode doc) {
    Map<String, JsonNode> out = new java.util.TreeMap<>();
    doc.get("paths").properties().forEach(path -> path.getValue().properties()
        .forEach(op -> {
          if (METHODS.contains(op.getKey())) {
            out.put(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(),
                op.getValue());
          }
        }));
    return out;
  }

  /**
   * Fails unless openapi.json documents {@code status} for {@code operation}
   * ({@code "POST /process"}): for the tests that provoke an answer the walk over every route
   * below cannot (a stalled body, a full disk).
   */
  static void assertDocumented(String operation, int status) throws Exception {
    JsonNode op = operations(ServerFixture.JSON.readTree(OpenApi.DOCUMENT)).get(operation);
    assertTrue(op != null, operation + " is not in openapi.json");
    assertTrue(op.get("responses").has(String.valueOf(status)),
        operation + " answers " + status + ", which openapi.json does not document");
  }

  @Test
  void theDocumentListsExactlyTheRegisteredRoutesWithTheirPasswordRule() throws Exception {
    start(defaults());
    JsonNode doc = openApi();
    assertTrue(doc.get("openapi").asText().startsWith("3."), doc.get("openapi").asText());
    Map<String, JsonNode> documented = operations(doc);
    Set<String> registered = new TreeSet<>();
    for (Route route : f.server.routes()) {
      registered.add(route.toString());
    }
    Set<String> undocumented = new TreeSet<>(registered);
    undocumented.removeAll(documented.keySet());
    Set<String> unregistered = new TreeSet<>(documented.keySet());
    unregistered.removeAll(registered);
    assertEquals(Set.of(), undocumented, "registered but not in openapi.json");
    assertEquals(Set.of(), unregistered, "in openapi.json but not registered");
    assertTrue(registered.size() >= 14, registered.toString());

    assertEquals("bearer", doc.at("/security/0").fieldNames().next());
    assertEquals("bearer", doc.at("/components/securitySchemes/bearer/scheme").asText());
    for (Route route : f.server.routes()) {
      JsonNode op = documented.get(route.toString());
      JsonNode security = op.get("security");
      boolean documentedOpen = security != null && security.isArray() && security.isEmpty();
      assertEquals(route.open(), documentedOpen, route + ": open in one, secured in the other");
      assertTrue(op.get("responses").size() > 0, route + " documents its responses");
    }
  }

  @Test
  void everyDocumentedRouteAnswersWithOneOfItsDocumentedStatuses() throws Exception {
    start(defaults());
    Map<String, JsonNode> documented = operations(openApi());
    List<String> order = new ArrayList<>(documented.keySet());
    order.sort(Comparator.comparing(op -> op.equals("POST /drain"))); // drain last
    for (String operation : order) {
      String method = operation.substring(0, operation.indexOf(' '));
      String path = operation.substring(operation.indexOf(' ') + 1)
          .replace("{id}", documented.get(operation).get("operationId").asText())
          .replace("{key}", "manifests/nothing.json");
      Request.Builder request = f.request(path);
      switch (method) {
        case "GET" -> request.get();
        case "HEAD" -> request.head();
        case "DELETE" -> request.delete();
        case "POST" -> request.post(RequestBody.create(new byte[0], null));
        default -> throw new AssertionError("no test request for " + method);
      }
      ServerFixture.Answer answer = f.call(request.build());
      assertFalse(answer.status() == 404 && answer.text().contains("No route"),
          operation + " is documented but unknown to the server");
      assertTrue(documented.get(operation).get("responses").has(
          String.valueOf(answer.status())), operation + " answered " + answer.status()
          + ", not documented: " + answer.text());
    }
  }

  /** One answer as it came over the wire: the status line and headers, and the bytes after. */
  record RawAnswer(int status, Map<String, String> headers, String body) {}

  /** {@code method path} on a connection of its own, read to its end (the server closes it). */
  RawAnswer raw(String method, String path, boolean withPassword) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", f.server.port())) {
      socket.setSoTimeout(10_000); // a HEAD that does not end fails here instead of hanging
      String request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + (withPassword ? "Authorization: Bearer " + ServerFixture.PASSWORD + "\r\n" : "")
          + "Connection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String text = new String(socket.getInputStream().readAllBytes(),
          java.nio.charset.StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      assertTrue(end > 0, method + " " + path + ": " + text);
      String[] lines = text.substring(0, end).split("\r\n");
      Map<String, String> headers = new java.util.TreeMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, colon).toLowerCase(java.util.Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
      return new RawAnswer(Integer.parseInt(lines[0].split(" ")[1]), headers,
          text.substring(end + 4));
    }
  }

  @Test
  void everyGetRouteAnswersHeadWithItsStatusAndHeadersAndNoBody() throws Exception {
    start(defaults());
    f.server.service().tracker().restore("done", JobState.of(JobStatus.COMPLETED, "Done"));
    for (Route route : f.server.routes()) {
      if (!route.method().toString().equals("GET")) {
        continue;
      }
      String path = route.path().replace("{id}", "done").replace("{file}", "app.js")
          .replace("{key}", "manifests/nothing.json");
      for (boolean withPassword : List.of(true, false)) {
        String what = route + (withPassword ? "" : " without the password");
        RawAnswer get = raw("GET", path, withPassword);
        RawAnswer head = raw("HEAD", path, withPassword);
        assertEquals(get.status(), head.status(), what + ": " + head);
        assertEquals(withPassword || route.open() ? get.status() : 401, head.status(), what);
        assertEquals("", head.body(), what);
        Map<String, String> expected = new java.util.TreeMap<>(get.headers());
        Map<String, String> actual = new java.util.TreeMap<>(head.headers());
        // The clock's headers: both answers have them, read at times that may fall in two
        // seconds (the web page's Expires is its Date plus the cache time).
        for (String clock : List.of("date", "expires")) {
          assertEquals(expected.containsKey(clock), actual.containsKey(clock), what + ": " + clock);
        }
        for (Map<String, String> h : List.of(expected, actual)) {
          h.remove("date");
          h.remove("expires");
          // Metrics count the request itself; a HEAD may leave out the framing of a body.
          h.remove("content-length");
          h.remove("transfer-encoding");
        }
        assertEquals(expected, actual, what);
      }
    }
    // What load balancers ask, without the password.
    assertEquals(200, raw("HEAD", "/healthz/live", false).status());
    assertEquals(200, raw("HEAD", "/healthz/ready", false).status());
    // The stream of a job still running: its headers, then the end, not events for as long as
    // the job runs.
    f.server.service().tracker().restore("running",
        JobState.of(JobStatus.EXTRACTING, "Analyzing frames"));
    RawAnswer stream = raw("HEAD", "/jobs/running/stream", true);
    assertEquals(200, stream.status());
    assertEquals("text/event-stream; charset=utf-8", stream.headers().get("content-type"));
    assertEquals("", stream.body());
  }

  @Test
  void theJobStateSchemaHasEveryFieldAJobHasAndTheContractFieldsAreRequired() throws Exception {
    start(defaults());
    JsonNode schema = openApi().at("/components/schemas/JobState");
    Set<String> properties = new TreeSet<>();
    schema.get("properties").fieldNames().forEachRemaining(properties::add);
    Set<String> fields = new TreeSet<>();
    ServerFixture.JSON.readTree(JobState.of(JobStatus.PENDING, "x").toJson()).fieldNames()
        .forEachRemaining(fields::add);
    assertEquals(fields, properties);
    Set<String> required = new HashSet<>();
    schema.get("required").forEach(n -> required.add(n.asText()));
    assertTrue(required.containsAll(List.of("status", "message", "updated_at", "metadata_uri",
        "error", "frame_count", "current_frame", "slides_processed", "total_slides")), required
        .toString());
  }

  @Test
  void unknownRoutesAnswer404WithThePasswordAnd401Without() throws Exception {
    start(defaults());
    ServerFixture.Answer unknown = f.get("/jobs/x/nothing");
    assertEquals(404, unknown.status(), unknown.text());
    assertEquals("No route for GET /jobs/x/nothing", unknown.body().get("detail").asText());
    ServerFixture.Answer wrongMethod = f.call(f.request("/jobs/x")
        .put(RequestBody.create(new byte[0], null)).build());
    assertEquals(405, wrongMethod.status(), wrongMethod.text());
    assertEquals("PUT is not allowed on /jobs/{id}: use DELETE, GET, HEAD",
        wrongMethod.body().get("detail").asText());
    try (Response r = f.http.newCall(f.request("/jobs/x").put(RequestBody.create(new byte[0],
        null)).build()).execute()) {
      assertEquals("DELETE, GET, HEAD", r.header("Allow"), "RFC 9110 asks a 405 to say it");
    }
    try (Response r = f.http.newCall(f.request("/files/slides/x/1-first.webp")
        .delete().build()).execute()) {
      assertEquals(405, r.code());
      assertEquals("GET, HEAD", r.header("Allow"));
      assertTrue(r.body().string().contains("DELETE is not allowed on /files/{key}"));
    }

    for (Request anonymous : List.of(
        new Request.Builder().url(f.base() + "/jobs/x/nothing").build(),
        new Request.Builder().url(f.base() + "/jobs/x")
            .put(RequestBody.create(new byte[0], null)).build(),
        new Request.Builder().url(f.base() + "/files/x").post(RequestBody.create(new byte[0],
            null)).build())) {
      ServerFixture.Answer a = f.call(anonymous);
      assertEquals(401, a.status(), anonymous + ": " + a.text());
      assertEquals("Invalid or missing API password", a.body().get("detail").asText());
    }
  }

  Response send(Request request) throws Exception {
    return f.http.newCall(request).execute();
  }

  Request preflight(String origin) {
    return new Request.Builder().url(f.base() + "/jobs/x/stream").method("OPTIONS", null)
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "authorization,last-event-id")
        .build();
  }

  @Test
  void aPreflightFromAnAllowedOriginIsAnsweredBeforeThePasswordIsAsked() throws Exception {
    start(defaults().withCorsOrigins("http://localhost:3000, " + APP));
    try (Response r = send(preflight(APP))) {
      assertEquals(204, r.code());
      assertEquals(APP, r.header("Access-Control-Allow-Origin"));
      String headers = r.header("Access-Control-Allow-Headers");
      for (String h : List.of("Authorization", "Content-Type", "Last-Event-ID")) {
        assertTrue(headers.contains(h), headers);
      }
      assertTrue(r.header("Access-Control-Allow-Methods").contains("POST"));
      assertTrue(r.header("Access-Control-Allow-Methods").contains("DELETE"));
      assertEquals(CorsHandler.MAX_AGE_SECONDS, r.header("Access-Control-Max-Age"));
      assertTrue(r.headers("Vary").contains("Origin"), r.headers("Vary").toString());
    }
    try (Response r = send(preflight("https://evil.example.com"))) {
      assertEquals(401, r.code(), "not answered for other origins: the password is asked");
      assertNull(r.header("Access-Control-Allow-Origin"));
      assertNull(r.header("Access-Control-Allow-Methods"));
      assertTrue(r.headers("Vary").contains("Origin"));
    }
  }

  @Test
  void answersToAnAllowedOriginCarryItErrorsAndStreamsIncluded() throws Exception {
    start(defaults().withCorsOrigins(APP));
    try (Response r = send(new Request.Builder().url(f.base() + "/jobs/x")
        .header("Origin", APP).build())) {
      assertEquals(401, r.code());
      assertEquals(APP, r.header("Access-Control-Allow-Origin"), "a page must read the 401");
    }
    try (Response r = send(f.request("/jobs/x").header("Origin", APP).build())) {
      assertEquals(404, r.code());
      assertEquals(APP, r.header("Access-Control-Allow-Origin"));
    }
    f.server.service().tracker().restore("done", JobState.of(JobStatus.COMPLETED, "Done"));
    try (Response r = send(f.request("/jobs/done/stream").header("Origin", APP).build())) {
      assertEquals(200, r.code());
      assertTrue(r.header("Content-Type").startsWith("text/event-stream"));
      assertEquals(APP, r.header("Access-Control-Allow-Origin"));
      assertTrue(r.body().string().contains("\"status\":\"completed\""));
    }
    try (Response r = send(f.request("/jobs/done").header("Origin", "https://evil.example.com")
        .build())) {
      assertEquals(200, r.code());
      assertNull(r.header("Access-Control-Allow-Origin"), "other origins get no CORS header");
      assertNull(r.header("Access-Control-Expose-Headers"));
    }
  }

  @Test
  void withoutConfiguredOriginsNothingChanges() throws Exception {
    start(defaults());
    try (Response r = send(preflight(APP))) {
      assertEquals(401, r.code());
      assertNull(r.header("Access-Control-Allow-Origin"));
      assertNull(r.header("Vary"));
    }
  }

  @Test
  void originsThatAreNotOriginsAreRefusedWithTheSettingsName() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> defaults().withCorsOrigins("app.example.com/x"));
    assertTrue(e.getMessage().contains("SLIDES_CORS_ORIGINS"), e.getMessage());
  }

  /** Hands each access log event to the test as it is written. */
  static final class Captured extends AppenderBase<ILoggingEvent> {
    final BlockingQueue<ILoggingEvent> events = new LinkedBlockingQueue<>();

    @Override
    protected void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();
      events.add(event);
    }

    /** The next event whose message contains {@code text}, waiting up to 10 s. */
    ILoggingEvent next(String text) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      List<String> seen = new ArrayList<>();
      while (true) {
        ILoggingEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (e == null) {
          throw new AssertionError("no access log line with " + text + "; saw " + seen);
        }
        seen.add(e.getFormattedMessage());
        if (e.getFormattedMessage().contains(text)) {
          return e;
        }
      }
    }
  }

  static String everything(ILoggingEvent e) {
    return e.getFormattedMessage() + " " + e.getKeyValuePairs() + " " + e.getMDCPropertyMap()
        + " " + java.util.Arrays.toString(e.getArgumentArray());
  }

  @Test
  void theAccessLogHasMethodRouteStatusAndDurationButNeverTheTokens() throws Exception {
    Logger access = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
    Captured captured = new Captured();
    captured.start();
    access.addAppender(captured);
    // In-process `slides extract` runs of other tests quiet dev.slides to WARN.
    ch.qos.logback.classic.Level level = access.getLevel();
    access.setLevel(ch.qos.logback.classic.Level.INFO);
    try {
      start(defaults());
      f.server.service().tracker().restore("done", JobState.of(JobStatus.COMPLETED, "Done"));
      String token = "tok-Q7x9Zk";
      ServerFixture.Answer missing = f.get("/jobs/abc/stream?token=" + token);
      assertEquals(404, missing.status());
      ILoggingEvent line = captured.next("/jobs/{id}/stream");
      assertTrue(line.getFormattedMessage().matches("GET /jobs/\\{id}/stream 404 \\d+ ms \\d+ B"),
          line.getFormattedMessage());
      assertEquals(AccessLog.LOGGER, line.getLoggerName());

      // A stream is logged when it ends, with its status.
      ServerFixture.Answer stream = f.get("/jobs/done/stream?token=" + token);
      assertEquals(200, stream.status());
      ILoggingEvent streamLine = captured.next("/jobs/{id}/stream 200");
      List<String> keys = new ArrayList<>();
      streamLine.getKeyValuePairs().forEach(kv -> keys.add(kv.key + "=" + kv.value));
      assertTrue(keys.containsAll(List.of("method=GET", "route=/jobs/{id}/stream",
          "status=200")), keys.toString());

      ServerFixture.Answer unknown = f.get("/nothing/here?token=" + token);
      assertEquals(404, unknown.status());
      ILoggingEvent unknownLine = captured.next("/nothing/here");

      for (ILoggingEvent e : List.of(line, streamLine, unknownLine)) {
        String all = everything(e);
        assertFalse(all.contains(token), all);
        assertFalse(all.contains(ServerFixture.PASSWORD), all);
        assertFalse(all.contains("abc"), "ids stay out: the route is logged, not the path");
      }

      // A path cannot forge a line or escape into the operator's terminal: NEL (a line break
      // to some log readers), CSI (ESC [ as one character), a right-to-left override, a line
      // separator; the 401 of a caller without the password is logged all the same.
      ServerFixture.Answer forged = f.call(new Request.Builder()
          .url(f.base() + "/x%C2%8509:00:00.000%20INFO%20fake%C2%9B31m%E2%80%AEgol%E2%80%A8end")
          .build());
      assertEquals(401, forged.status());
      String forgedLine = captured.next("fake").getFormattedMessage();
      assertEquals("GET /x?09:00:00.000?INFO?fake?31m?gol?end 401",
          forgedLine.substring(0, forgedLine.indexOf(" 401") + 4), forgedLine);
    } finally {
      access.detachAppender(captured);
      access.setLevel(level);
    }
  }

}
