package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What the server will not read: bodies that are too large, not JSON or not only JSON, and
 * clients too slow to finish a request; and that event streams, which are quiet by nature, are
 * not cut by the idle timeout.
 */
class RequestLimitsTest {
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);
  static final Duration HEARTBEAT = Duration.ofMillis(200);
  /** Far longer than both timeouts: a connection still open then was never going to close. */
  static final int CLOSE_DEADLINE_MILLIS = 10_000;
  static final String NOT_HTTP = "{\"url\":\"ftp://example.com/v.mp4\"}";

  @TempDir Path data;
  ServerFixture f;
  final ListAppender<ILoggingEvent> log = new ListAppender<>();
  final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void start() throws Exception {
    log.start();
    root.addAppender(log);
    f = new ServerFixture(ServerSettings.forTests(data, ServerFixture.PASSWORD)
        .withStreamTimings(HEARTBEAT, Duration.ofSeconds(300))
        .withConnectionTimeouts(REQUEST_TIMEOUT, IDLE_TIMEOUT));
  }

  @AfterEach
  void stop() {
    f.close();
    root.detachAppender(log);
  }

  /**
   * Log lines at ERROR, or with a stack trace. Read under the appender's lock, which its appends
   * hold: the server's threads may still be logging.
   */
  List<String> errorsLogged() {
    synchronized (log) {
      return log.list.stream()
          .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)
              || e.getThrowableProxy() != null)
          .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage())
          .toList();
    }
  }

  ServerFixture.Answer post(String body, String contentType) throws IOException {
    return f.call(f.request("/process").post(RequestBody.create(
        body.getBytes(StandardCharsets.UTF_8),
        contentType == null ? null : MediaType.get(contentType))).build());
  }

  @Test
  void aBodyOverTheLimitGets413AndNoStackTrace() throws Exception {
    String tenMegabytes = "{\"url\":\"http://127.0.0.1:9/" + "a".repeat(10 << 20) + ".mp4\"}";
    ServerFixture.Answer answer = f.postJson("/process", tenMegabytes);
    assertEquals(413, answer.status(), answer.text());
    assertEquals("{\"detail\":\"Body too large: at most 64 KB\"}", answer.text());
    HttpResponse<String> jdk = f.jdk.send(HttpRequest.newBuilder(URI.create(f.base() + "/process"))
        .header("Authorization", "Bearer " + ServerFixture.PASSWORD)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(tenMegabytes)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(413, jdk.statusCode(), jdk.body());
    // A body of exactly the limit is read and parsed.
    String atLimit = NOT_HTTP + " ".repeat(JsonBody.MAX_BYTES - NOT_HTTP.length());
    ServerFixture.Answer parsed = f.postJson("/process", atLimit);
    assertEquals("Only http(s) URLs are accepted", parsed.body().get("detail").asText());
    assertEquals(List.of(), errorsLogged());
  }

  @Test
  void aChunkedBodyOverTheLimitGets413AndNoStackTrace() throws Exception {
    byte[] megabyte = ("{\"url\":\"http://127.0.0.1:9/" + "a".repeat(1 << 20) + ".mp4\"}")
        .getBytes(StandardCharsets.UTF_8);
    ServerFixture.Answer answer = f.call(f.request("/process")
        .post(ServerFixture.chunked(MediaType.get("application/json"), megabyte)).build());
    assertEquals(413, answer.status(), answer.text());
    assertEquals("{\"detail\":\"Body too large: at most 64 KB\"}", answer.text());
    assertEquals(List.of(), errorsLogged());
  }

  @Test
  void aChunkedBodyNoRouteReadsIsNotReadToItsEnd() throws Exception {
    // A body of unknown length sent to a route that reads none: the server answers and closes
    // the connection rather than reading on for the rest of the body.
    try (Socket socket = connect()) {
      socket.getOutputStream().write(("POST /healthz/live HTTP/1.1\r\nHost: localhost\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n400\r\n" + "a".repeat(0x400) + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String answer = assertClosedByServer(socket, "a chunked body that never ends");
      assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
      assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), answer);
    }
  }

  @Test
  void jsonWithAnythingAfterItIs400() throws Exception {
    for (String body : List.of("{\"url\":\"http://127.0.0.1:9/v.mp4\"} trailing",
        "{\"url\":\"http://127.0.0.1:9/v.mp4\"}{\"url\":\"http://127.0.0.1:9/w.mp4\"}",
        "{\"url\":", "")) {
      ServerFixture.Answer answer = f.postJson("/process", body);
      assertEquals(400, answer.status(), body + " -> " + answer.text());
      String detail = answer.body().get("detail").asText();
      assertTrue(detail.startsWith("Body must be JSON") || body.isEmpty(), detail);
    }
    assertEquals(List.of(), f.server.service().tracker().recent(0, 1000).stream()
        .map(JobTracker.Job::videoId).toList(), "no job was started");
  }

  /** A key given twice is refused, not read as its last value: which URL was meant? */
  @Test
  void aBodyThatNamesAKeyTwiceIsRefused() throws Exception {
    ServerFixture.Answer twice = post("{\"url\":\"http://127.0.0.1:9/a.mp4\",\"url\":"
        + "\"http://127.0.0.1:9/b.mp4\",\"video_id\":\"dup\"}", "application/json");
    assertEquals(400, twice.status(), twice.text());
    assertEquals("Body must name each key once: \"url\" is there twice",
        twice.body().get("detail").asText());
    ServerFixture.Answer odd = post("{\"<b>\":1,\"<b>\":2}", "application/json");
    assertEquals("Body must name each key once", odd.body().get("detail").asText());
    // Spelt with an escape, or in an object inside the body: the same key twice all the same.
    ServerFixture.Answer escaped = post("{\"url\":\"http://127.0.0.1:9/a.mp4\",\"\\u0075rl\":"
        + "\"http://127.0.0.1:9/b.mp4\"}", "application/json");
    assertEquals("Body must name each key once: \"url\" is there twice",
        escaped.body().get("detail").asText());
    ServerFixture.Answer nested = post("{\"url\":\"http://127.0.0.1:9/a.mp4\",\"extra\":"
        + "[{\"a\":1},{\"b\":1,\"b\":2}]}", "application/json");
    assertEquals("Body must name each key once: \"b\" is there twice",
        nested.body().get("detail").asText());
    assertEquals(List.of(), f.server.service().tracker().recent(0, 10).stream()
        .map(JobTracker.Job::videoId).toList(), "no job was started");
  }

  @Test
  void aBodyThatIsNotDeclaredJsonIs415() throws Exception {
    for (String type : List.of("text/plain", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/jsonp")) {
      ServerFixture.Answer answer = post(NOT_HTTP, type);
      assertEquals(415, answer.status(), type + " -> " + answer.text());
      assertEquals("{\"detail\":\"Content-Type must be application/json\"}", answer.text());
    }
    ApiSurfaceTest.assertDocumented("POST /process", 415);
    // JSON in any spelling, or no type at all, is read.
    for (String type : new String[] {"application/json; charset=utf-8", "Application/JSON",
        "application/merge-patch+json", null}) {
      ServerFixture.Answer answer = post(NOT_HTTP, type);
      assertEquals("Only http(s) URLs are accepted", answer.body().get("detail").asText(),
          type + " -> " + answer.text());
    }
  }

  @Test
  void aUrlWithoutAHostThatCanBeReadSaysSoRatherThanBlamingItsScheme() throws Exception {
    // java.net.URI finds no host in these short IPv4 forms: they are http, but not readable.
    for (String url : List.of("http://127.1/v.mp4", "http://0x7f.1/v.mp4", "https:///v.mp4")) {
      ServerFixture.Answer answer = post("{\"url\":\"" + url + "\"}", "application/json");
      assertEquals(400, answer.status(), url + " -> " + answer.text());
      assertEquals("Invalid url: no host name or address that can be read",
          answer.body().get("detail").asText(), url);
    }
  }

  /**
   * A URL the downloader would refuse whatever happens is a 400 at once, not a job that fails
   * a moment later; the password it carries is not repeated.
   */
  @Test
  void aUrlThatCanNeverBeDownloadedIsRefusedBeforeAJobStarts() throws Exception {
    Map<String, String> answers = Map.of(
        "http://alice:hunter2@example.com/v.mp4",
        "Invalid url: a user name or password in a URL is not supported",
        "http://example.com:70000/v.mp4", "Invalid url: port 70000 is out of range (1-65535)");
    for (Map.Entry<String, String> e : answers.entrySet()) {
      ServerFixture.Answer answer = post("{\"url\":\"" + e.getKey() + "\",\"video_id\":\"v\"}",
          "application/json");
      assertEquals(400, answer.status(), e.getKey() + " -> " + answer.text());
      assertEquals(e.getValue(), answer.body().get("detail").asText(), e.getKey());
    }
    assertEquals(List.of(), f.server.service().tracker().recent(0, 10).stream()
        .map(JobTracker.Job::videoId).toList(), "no job was started");
  }

  /**
   * A URL that cannot be parsed gets a 400 saying what is wrong and where, rather than only
   * "Invalid url"; the character at fault is named, never copied back (the web page shows the
   * answer, and the URL came from anyone).
   */
  @Test
  void aUrlThatCannotBeParsedSaysWhy() throws Exception {
    Map<String, String> answers = new java.util.LinkedHashMap<>();
    answers.put("https://example.com/my talk.mp4",
        "Invalid url: a space (character 23) must be written %20");
    answers.put("https://example.com/v.mp4?t=<script>",
        "Invalid url: an angle bracket (character 29) must be written %3C");
    answers.put("https://example.com/100%.mp4",
        "Invalid url: a % (character 24) must begin an escape of two hexadecimal digits, such"
            + " as %20; write a % itself as %25");
    answers.put("https://exa mple.com/v.mp4",
        "Invalid url: a space (character 12) cannot be in the host name");
    answers.put("https://[::1/v.mp4",
        "Invalid url: expected closing bracket for IPv6 address (character 13)");
    answers.put("https://example.com/a\u0007b.mp4",
        "Invalid url: the character U+0007 (character 22) must be written %07");
    for (Map.Entry<String, String> e : answers.entrySet()) {
      String json = ServerFixture.JSON.writeValueAsString(Map.of("url", e.getKey()));
      ServerFixture.Answer answer = post(json, "application/json");
      assertEquals(400, answer.status(), e.getKey() + " -> " + answer.text());
      assertEquals(e.getValue(), answer.body().get("detail").asText(), e.getKey());
    }
  }

  /**
   * Waits for the server to close {@code socket}; fails if it is still open at the deadline.
   * Returns what the server said before closing.
   */
  static String assertClosedByServer(Socket socket, String what) throws IOException {
    socket.setSoTimeout(CLOSE_DEADLINE_MILLIS);
    InputStream in = socket.getInputStream();
    StringBuilder said = new StringBuilder();
    try {
      int c;
      while ((c = in.read()) >= 0) {
        said.append((char) c);
      }
    } catch (SocketTimeoutException e) {
      fail(what + ": the server kept the connection open for " + CLOSE_DEADLINE_MILLIS + " ms");
    } catch (SocketException e) {
      // reset by the server: closed too
    }
    return said.toString();
  }

  Socket connect() throws IOException {
    return new Socket("127.0.0.1", f.server.port());
  }

  @Test
  void halfAHeaderLineIsCutOffAtTheRequestTimeout() throws Exception {
    try (Socket socket = connect()) {
      socket.getOutputStream().write("GET /healthz/live HTTP/1.1\r\nHost: loc"
          .getBytes(StandardCharsets.US_ASCII));
      assertClosedByServer(socket, "half a header line");
    }
  }

  @Test
  void aHeaderTrickledByteByByteIsCutOffAtTheRequestTimeout() throws Exception {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write("GET /healthz/live HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
      // One byte every 100 ms: never idle, never done.
      Thread trickle = new Thread(() -> {
        try {
          while (true) {
            out.write('a');
            out.flush();
            Thread.sleep(100);
          }
        } catch (IOException | InterruptedException e) {
          // closed by the server, or the test is over
        }
      });
      trickle.setDaemon(true);
      trickle.start();
      try {
        assertClosedByServer(socket, "a trickled header");
      } finally {
        trickle.interrupt();
      }
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosed() throws Exception {
    try (Socket socket = connect()) {
      assertClosedByServer(socket, "a silent connection");
    }
  }

  @Test
  void aBodyThatStopsHalfwayIsCutOffAtTheIdleTimeout() throws Exception {
    try (Socket socket = connect()) {
      socket.getOutputStream().write(("POST /process HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + ServerFixture.PASSWORD + "\r\n"
          + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"url\":")
          .getBytes(StandardCharsets.US_ASCII));
      String answer = assertClosedByServer(socket, "a body that stopped");
      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(answer.endsWith("{\"detail\":\"The request body stopped arriving\"}"), answer);
    }
    ApiSurfaceTest.assertDocumented("POST /process", 408);
    assertEquals(List.of(), errorsLogged());
  }

  @Test
  void eventStreamsOutliveTheIdleTimeoutThroughTheirHeartbeats() throws Exception {
    JobTracker tracker = f.server.service().tracker();
    tracker.createIfAbsent("quiet", JobState.of(JobStatus.PENDING, "Waiting"));
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    HttpResponse<InputStream> response = f.jdk.send(
        HttpRequest.newBuilder(URI.create(f.base() + "/jobs/quiet/stream"))
            .header("Authorization", "Bearer " + ServerFixture.PASSWORD).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    ServerFixture.readLines(response.body(), lines);
    // Heartbeats for twice the idle timeout: the job says nothing all that time.
    long heartbeatsWanted = 2 * IDLE_TIMEOUT.toMillis() / HEARTBEAT.toMillis();
    int heartbeats = 0;
    while (heartbeats < heartbeatsWanted) {
      String line = lines.poll(10, TimeUnit.SECONDS);
      assertNotNull(line, "the stream went silent after " + heartbeats + " heartbeats");
      assertTrue(!line.startsWith("<"), line);
      if (line.startsWith(":")) {
        heartbeats++;
      }
    }
    tracker.update("quiet", s -> s.withStatus(JobStatus.COMPLETED, "Done"));
    String line;
    String lastData = null;
    while (!(line = lines.poll(10, TimeUnit.SECONDS)).startsWith("<")) {
      if (line.startsWith("data: ")) {
        lastData = line;
      }
    }
    assertEquals("<closed>", line);
    assertNotNull(lastData);
    assertTrue(lastData.startsWith("data: {\"status\":\"completed\""), lastData);
  }

  @Test
  void anIdleTimeoutNotLongerThanTheHeartbeatIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ServerSettings.forTests(data, ServerFixture.PASSWORD)
            .withConnectionTimeouts(REQUEST_TIMEOUT, Duration.ofSeconds(15)));
    // Start-up errors name the settings to change, as every other one does.
    assertTrue(e.getMessage().startsWith("SLIDES_IDLE_TIMEOUT_SECONDS / --idle-timeout-seconds"
        + " (15.0 s) must be longer than SLIDES_SSE_HEARTBEAT_SECONDS / --heartbeat-seconds"),
        e.getMessage());
  }
}
