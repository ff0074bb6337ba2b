package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import dev.slides.export.SlideDeck;
import dev.slides.export.SlideImages;
import dev.slides.testing.Await;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoints the web page uses, over real loopback HTTP: uploads, stream tokens, the job
 * list, exports, and the page itself without a password.
 */
class WebApiTest {
  private static final MediaType VIDEO = MediaType.get("video/mp4");
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);

  @TempDir static Path videos;
  static byte[] lecture;

  @TempDir Path data;
  VideoHttpServer cdn;
  ServerFixture f;

  @BeforeAll
  static void writeVideo() throws Exception {
    lecture = Files.readAllBytes(LectureVideo.builder(320, 180, 10)
        .slide(Slides.bullets(320, 180, 1, "One", 2), 3)
        .slide(Slides.bullets(320, 180, 2, "Two", 2), 3)
        .write(videos.resolve("lecture.mp4")));
  }

  @BeforeEach
  void start() throws Exception {
    cdn = new VideoHttpServer();
    f = new ServerFixture(settings());
  }

  ServerSettings settings() {
    return ServerFixture.withVideosFrom(ServerSettings.forTests(data, ServerFixture.PASSWORD),
        cdn);
  }

  @AfterEach
  void stop() {
    f.close();
    cdn.close();
  }

  ServerFixture.Answer upload(String query, byte[] body) throws Exception {
    return f.call(f.request("/process/upload" + query).post(RequestBody.create(body, VIDEO))
        .build());
  }

  List<Path> filesUnder(String folder) throws Exception {
    Path dir = data.resolve(folder);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> all = Files.list(dir)) {
      return all.toList();
    }
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  // ---- upload ----

  @Test
  void anUploadedVideoIsExtractedUnderAnIdFromItsContentAndFoundAgainWhenUploadedAgain()
      throws Exception {
    ServerFixture.Answer a;
    List<String> received;
    try (LogLines log = new LogLines(SlidesServer.class)) {
      a = upload("", lecture);
      received = log.startingWith("Upload of");
    }
    assertEquals(200, a.status(), a.text());
    String id = "upload-" + sha256(lecture).substring(0, 16);
    assertEquals(List.of(String.format(java.util.Locale.ROOT,
        "Upload of %d bytes (%.1f MB) received for job %s", lecture.length,
        lecture.length / 1048576.0, id)), received);
    assertEquals(id, a.body().get("video_id").asText());
    assertEquals("Download started", a.body().get("message").asText());
    assertEquals("/jobs/" + id + "/stream", a.body().get("stream").asText());

    JsonNode done = f.awaitStatus(id, "completed", JOB_TIMEOUT);
    assertTrue(done.get("metadata_uri").asText().endsWith("/manifests/" + id + ".json"));
    assertTrue(f.server.service().awaitIdle(Duration.ofSeconds(10)));

    ServerFixture.Answer again = upload("", lecture);
    assertEquals(200, again.status(), again.text());
    assertEquals(id, again.body().get("video_id").asText());
    assertEquals("Job already completed", again.body().get("message").asText());
    assertTrue(filesUnder("uploads").isEmpty(), "no upload kept: " + filesUnder("uploads"));
    assertTrue(filesUnder("downloads").isEmpty(), "no upload kept: " + filesUnder("downloads"));
  }

  @Test
  void anUploadMayNameItsJobAndABadNameIsRefusedBeforeTheBodyIsRead() throws Exception {
    ServerFixture.Answer a = upload("?video_id=my-talk", lecture);
    assertEquals(200, a.status(), a.text());
    assertEquals("my-talk", a.body().get("video_id").asText());
    f.awaitStatus("my-talk", "completed", JOB_TIMEOUT);

    ServerFixture.Answer bad = upload("?video_id=../etc", lecture);
    assertEquals(400, bad.status());
    assertTrue(bad.body().get("detail").asText().startsWith("Invalid video_id"));
    assertEquals(400, upload("", new byte[0]).status(), "an empty body");
  }

  @Test
  void anUploadThatIsNotAVideoFailsNamingTheUploadedFileNotOurCopy() throws Exception {
    ServerFixture.Answer a = upload("?video_id=notes", "Meeting notes, not a video.\n"
        .repeat(100).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(200, a.status(), a.text());
    JsonNode failed = f.awaitStatus("notes", "failed", JOB_TIMEOUT);
    String error = failed.get("error").asText();
    assertTrue(error.startsWith("Not a video file: the uploaded file ("), error);
    assertFalse(error.contains(".upload"), error);
  }

  @Test
  void anUploadNeedsThePassword() throws Exception {
    ServerFixture.Answer a = f.call(new Request.Builder().url(f.base() + "/process/upload")
        .post(RequestBody.create(lecture, VIDEO)).build());
    assertEquals(401, a.status());
    assertTrue(filesUnder("uploads").isEmpty());
  }

  @Test
  void anUploadLargerThanTheDownloadLimitGets413InPlainWordsAndLeavesNothing() throws Exception {
    f.close();
    f = new ServerFixture(settings().withMaxDownloadBytes(lecture.length - 1));
    // Declared too large: refused before reading.
    ServerFixture.Answer declared = upload("", lecture);
    assertEquals(413, declared.status(), declared.text());
    assertTrue(declared.body().get("detail").asText()
        .startsWith("The video is larger than this server accepts (at most"),
        declared.body().toString());
    // Chunked (no length): refused once the limit is passed.
    ServerFixture.Answer chunked = f.call(f.request("/process/upload")
        .post(ServerFixture.chunked(VIDEO, lecture)).build());
    assertEquals(413, chunked.status(), chunked.text());
    assertTrue(filesUnder("uploads").isEmpty(), "partial file deleted: " + filesUnder("uploads"));
    assertEquals(0, f.get("/jobs").body().get("jobs").size(), "no job");

    // Exactly at the limit is accepted.
    byte[] fits = java.util.Arrays.copyOf(lecture, lecture.length - 1);
    assertEquals(200, upload("?video_id=fits", fits).status());
  }

  @Test
  void aChunkedUploadLargerThanAJsonBodyIsAccepted() throws Exception {
    // curl -T - and other streaming clients send no length.
    byte[] large = Files.readAllBytes(LectureVideo.builder(640, 360, 10)
        .slide(Slides.bullets(640, 360, 1, "Large", 4), 2)
        .motion(2)
        .slide(Slides.bullets(640, 360, 2, "Larger", 4), 2)
        .write(videos.resolve("large.mp4")));
    assertTrue(large.length > 2 * JsonBody.MAX_BYTES, "the fixture is " + large.length + " B");
    ServerFixture.Answer answer = f.call(f.request("/process/upload?video_id=streamed")
        .post(ServerFixture.chunked(VIDEO, large)).build());
    assertEquals(200, answer.status(), answer.text());
    f.awaitStatus("streamed", "completed", JOB_TIMEOUT);
  }

  @Test
  void whatACrashLeftOfUploadsAndExportsIsDeletedAtStart() throws Exception {
    f.close();
    Path part = Files.write(Files.createDirectories(data.resolve("uploads"))
        .resolve("upload-1.part"), new byte[100]);
    Path export = Files.write(Files.createDirectories(data.resolve("exports"))
        .resolve("talk-2.pdf"), new byte[100]);
    f = new ServerFixture(settings());
    assertFalse(Files.exists(part));
    assertFalse(Files.exists(export));
  }

  @Test
  void theIndexTellsThePageTheUploadLimit() throws Exception {
    f.close();
    f = new ServerFixture(settings().withMaxDownloadBytes(123_456_789));
    assertEquals(123_456_789L,
        f.get("/").body().get("limits").get("max_upload_bytes").asLong());
  }

  /** How long the page waits before it asks again a server that did not answer: 1 s unless set. */
  @Test
  void theIndexTellsThePageItsRetryWait() throws Exception {
    assertEquals(1000, f.get("/").body().get("page").get("retry_ms").asLong());
    f.close();
    f = new ServerFixture(settings().withPageRetry(Duration.ofMillis(50)));
    assertEquals(50, f.get("/").body().get("page").get("retry_ms").asLong());
  }

  @Test
  void aDroppedUploadLosesNothingAndLeavesNoFile() throws Exception {
    int declared = 1_000_000;
    try (Socket socket = new Socket("127.0.0.1", f.server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /process/upload?video_id=dropped HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Authorization: Bearer " + ServerFixture.PASSWORD + "\r\n"
          + "Content-Type: video/mp4\r\nContent-Length: " + declared + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[300_000]);
      out.flush();
      // The server is writing the upload: it has a partial file.
      awaitFiles("uploads", files -> !files.isEmpty() && sizeOf(files.get(0)) > 0);
    } // the client goes away mid-body
    awaitFiles("uploads", List::isEmpty);
    assertEquals(404, f.get("/jobs/dropped").status(), "no job for a dropped upload");
    assertTrue(filesUnder("downloads").isEmpty());
  }

  @Test
  void anUploadLargerThanTheFreeDiskSpaceGets507BeforeItIsRead() throws Exception {
    f.close();
    f = new ServerFixture(settings().withMaxDownloadBytes(Long.MAX_VALUE / 4));
    long free = Files.getFileStore(data).getUsableSpace();
    try (Socket socket = new Socket("127.0.0.1", f.server.port())) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(("POST /process/upload?video_id=huge HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\nAuthorization: Bearer " + ServerFixture.PASSWORD + "\r\n"
          + "Content-Type: video/mp4\r\nContent-Length: " + (free + (1L << 40)) + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(),
          StandardCharsets.US_ASCII);
      assertTrue(answer.startsWith("HTTP/1.1 507"), answer);
      assertTrue(answer.contains("This server has not enough free disk space for a video of "),
          answer);
    }
    ApiSurfaceTest.assertDocumented("POST /process/upload", 507);
    assertTrue(filesUnder("uploads").isEmpty());
    assertEquals(404, f.get("/jobs/huge").status(), "no job");
  }

  /** Opens an upload of {@code declared} bytes and sends {@code sent} of them. */
  Socket startUpload(String id, int declared, int sent) throws Exception {
    Socket socket = new Socket("127.0.0.1", f.server.port());
    socket.setSoTimeout(20_000);
    OutputStream out = socket.getOutputStream();
    out.write(("POST /process/upload?video_id=" + id + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Authorization: Bearer " + ServerFixture.PASSWORD + "\r\n"
        + "Content-Type: video/mp4\r\nContent-Length: " + declared + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.write(new byte[sent]);
    out.flush();
    return socket;
  }

  @Test
  void slowUploadsLeaveWorkersForEveryoneElse() throws Exception {
    // Uploads over slow lines, each in the middle of its body: each holds a worker thread.
    List<Socket> slow = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < SlidesServer.MAX_BODY_READS; i++) {
        slow.add(startUpload("slow" + i, 1_000_000, 1000));
      }
      awaitFiles("uploads", files -> files.size() == SlidesServer.MAX_BODY_READS);
      // One more body is refused at once rather than taking a worker the API needs.
      try (Socket extra = startUpload("extra", 1_000_000, 0)) {
        String answer = new String(extra.getInputStream().readNBytes(12),
            StandardCharsets.US_ASCII);
        assertEquals("HTTP/1.1 503", answer, "an upload beyond the limit");
      }
      ServerFixture.Answer json = f.postJson("/process",
          "{\"url\": \"https://example.com/v.mp4\"}");
      assertEquals(503, json.status(), json.text());
      assertTrue(json.body().get("detail").asText().contains("try again"), json.text());
      assertEquals("10", json.retryAfter());
      assertEquals(200, f.get("/jobs").status(), "the API still answers");
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
    awaitFiles("uploads", List::isEmpty);
    // The places are given back when the uploads end.
    assertEquals(200, upload("?video_id=after", lecture).status());
  }

  static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  /** Waits (generously) for the server's own threads to bring a folder to a state. */
  void awaitFiles(String folder, java.util.function.Predicate<List<Path>> condition)
      throws Exception {
    Await.until(Duration.ofSeconds(30), folder + " to get there", () -> filesUnder(folder),
        condition);
  }

  // ---- stream tokens ----

  JobTracker tracker() {
    return f.server.service().tracker();
  }

  String token(String id) throws Exception {
    ServerFixture.Answer a = f.post("/jobs/" + id + "/stream-token");
    assertEquals(200, a.status(), a.text());
    return a.body().get("token").asText();
  }

  /** GET without a password; the status and, for a stream, its first data line. */
  record Opened(int status, String firstData, String body) {}

  Opened openWithoutPassword(String path) throws Exception {
    Request request = new Request.Builder().url(f.base() + path).build();
    try (Response response = f.http.newCall(request).execute()) {
      if (response.code() != 200
          || !String.valueOf(response.header("Content-Type")).startsWith("text/event-stream")) {
        return new Opened(response.code(), null, response.body().string());
      }
      BufferedSource source = response.body().source();
      for (String line; (line = source.readUtf8Line()) != null; ) {
        if (line.startsWith("data: ")) {
          return new Opened(200, line.substring(6), null);
        }
      }
      return new Opened(200, null, null);
    }
  }

  @Test
  void aStreamTokenOpensThatJobsStreamWithoutThePassword() throws Exception {
    tracker().createIfAbsent("talk", JobState.of(JobStatus.PENDING, "Job initialized"));
    ServerFixture.Answer a = f.post("/jobs/talk/stream-token");
    assertEquals(200, a.status(), a.text());
    String token = a.body().get("token").asText();
    assertEquals("/jobs/talk/stream?token=" + token, a.body().get("stream").asText());
    Instant expires = Instant.parse(a.body().get("expires_at").asText());
    assertTrue(expires.isAfter(Instant.now().plus(Duration.ofMinutes(9))), expires.toString());
    assertTrue(expires.isBefore(Instant.now().plus(Duration.ofMinutes(11))), expires.toString());
    assertFalse(token.contains(ServerFixture.PASSWORD));

    Opened opened = openWithoutPassword("/jobs/talk/stream?token=" + token);
    assertEquals(200, opened.status());
    JsonNode first = ServerFixture.JSON.readTree(opened.firstData());
    assertEquals("pending", first.get("status").asText());
    assertEquals("Job initialized", first.get("message").asText());
  }

  @Test
  void aLeakedStreamTokenDoesNotLetAPasswordGuessBeCheckedCheaply() throws Exception {
    tracker().createIfAbsent("talk", JobState.of(JobStatus.PENDING, "Job initialized"));
    String token = token("talk"); // as a proxy's access log would keep it, from the URL
    String expiry = token.substring(0, token.indexOf('.'));
    String signature = token.substring(token.indexOf('.') + 1);
    // What someone holding the token tries for each guess of the password: a key from one
    // HMAC of the guess, then the token's HMAC. Guessing right must not be told this cheaply.
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(
        ServerFixture.PASSWORD.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    for (String label : List.of("slides stream token key v1", "slides stream token key v2")) {
      byte[] key = mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
      javax.crypto.Mac check = javax.crypto.Mac.getInstance("HmacSHA256");
      check.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
      String guess = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
          check.doFinal(("stream\ntalk\n" + expiry).getBytes(StandardCharsets.UTF_8)));
      assertNotEquals(guess, signature, "the password checked against the token with two HMACs");
    }
    assertTrue(StreamTokens.KEY_ROUNDS >= 600_000, "rounds per guess: " + StreamTokens.KEY_ROUNDS);
  }

  @Test
  void aStreamTokenFromOneNodeOpensTheStreamOnAnotherWithTheSamePassword(@TempDir Path other)
      throws Exception {
    try (ServerFixture second = new ServerFixture(ServerSettings.forTests(other,
        ServerFixture.PASSWORD))) {
      second.server.service().tracker().createIfAbsent("talk",
          JobState.of(JobStatus.PENDING, "Job initialized"));
      tracker().createIfAbsent("talk", JobState.of(JobStatus.PENDING, "Job initialized"));
      String token = token("talk"); // issued by the first node
      Request request = new Request.Builder()
          .url(second.base() + "/jobs/talk/stream?token=" + token).build();
      try (Response response = second.http.newCall(request).execute()) {
        assertEquals(200, response.code());
        assertTrue(response.header("Content-Type").startsWith("text/event-stream"));
      }
    }
  }

  @Test
  void aStreamTokenIsRefusedForAnotherJobOnceExpiredAndWhenForged() throws Exception {
    tracker().createIfAbsent("talk", JobState.of(JobStatus.PENDING, "Job initialized"));
    tracker().createIfAbsent("other", JobState.of(JobStatus.PENDING, "Job initialized"));
    String token = token("talk");

    Opened otherJob = openWithoutPassword("/jobs/other/stream?token=" + token);
    assertEquals(401, otherJob.status());
    assertTrue(otherJob.body().contains("Invalid or expired stream token"), otherJob.body());

    // Signed with the right key, but it expired a minute ago.
    Clock past = Clock.fixed(Instant.now().minus(StreamTokens.LIFETIME).minusSeconds(60),
        ZoneOffset.UTC);
    String expired = new StreamTokens(ServerFixture.PASSWORD, past).issue("talk").value();
    assertEquals(401, openWithoutPassword("/jobs/talk/stream?token=" + expired).status());

    // A later expiry with the old signature; another password's token; garbage.
    String stretched = (Long.parseLong(token.substring(0, token.indexOf('.'))) + 3600)
        + token.substring(token.indexOf('.'));
    assertEquals(401, openWithoutPassword("/jobs/talk/stream?token=" + stretched).status());
    String foreign = new StreamTokens("another-password", Clock.systemUTC()).issue("talk").value();
    assertEquals(401, openWithoutPassword("/jobs/talk/stream?token=" + foreign).status());
    assertEquals(401, openWithoutPassword("/jobs/talk/stream?token=abc").status());
    assertEquals(401, openWithoutPassword("/jobs/talk/stream").status(), "no token, no password");
  }

  @Test
  void aStreamTokenOpensNothingButTheStream() throws Exception {
    tracker().createIfAbsent("talk", JobState.of(JobStatus.COMPLETED, "done"));
    String token = token("talk");
    for (String path : List.of("/jobs/talk", "/jobs", "/jobs/talk/slides.csv",
        "/jobs/talk/manifest.json", "/progress", "/", "/jobs/talk/stream/more")) {
      assertEquals(401, openWithoutPassword(path + "?token=" + token).status(), path);
    }
    // Nor another method on the stream's path.
    ServerFixture.Answer delete = f.call(new Request.Builder()
        .url(f.base() + "/jobs/talk?token=" + token).delete().build());
    assertEquals(401, delete.status());
    // Getting a token needs the password, and a job.
    ServerFixture.Answer anonymous = f.call(new Request.Builder()
        .url(f.base() + "/jobs/talk/stream-token")
        .post(RequestBody.create(new byte[0], null)).build());
    assertEquals(401, anonymous.status());
    assertEquals(404, f.post("/jobs/nobody/stream-token").status());
  }

  // ---- the job list ----

  @Test
  void theJobListIsNewestFirstInPages() throws Exception {
    // Created oldest first; on an equal time the list orders by id, which agrees.
    for (String id : List.of("job-e", "job-d", "job-c", "job-b", "job-a")) {
      tracker().createIfAbsent(id, JobState.of(JobStatus.PENDING, "Job initialized"));
    }
    ServerFixture.Answer first = f.get("/jobs?limit=2");
    assertEquals(200, first.status(), first.text());
    assertEquals(List.of("job-a", "job-b"), ids(first.body()));
    assertEquals(0, first.body().get("offset").asInt());
    assertEquals(2, first.body().get("limit").asInt());
    assertEquals(2, first.body().get("next").asInt());
    JsonNode entry = first.body().get("jobs").get(0);
    for (String field : List.of("status", "message", "updated_at", "metadata_uri", "error",
        "frame_count", "current_frame", "slides_processed", "total_slides")) {
      assertTrue(entry.has(field), field);
    }
    assertEquals("pending", entry.get("status").asText());

    assertEquals(List.of("job-c", "job-d"), ids(f.get("/jobs?offset=2&limit=2").body()));
    JsonNode last = f.get("/jobs?offset=4&limit=2").body();
    assertEquals(List.of("job-e"), ids(last));
    assertTrue(last.get("next").isNull());
    JsonNode all = f.get("/jobs").body();
    assertEquals(5, all.get("jobs").size());
    assertEquals(20, all.get("limit").asInt());
    assertTrue(all.get("next").isNull());
    assertEquals(100, f.get("/jobs?limit=100000").body().get("limit").asInt(), "capped");
  }

  static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("jobs").forEach(j -> ids.add(j.get("video_id").asText()));
    return ids;
  }

  @Test
  void theJobListRefusesBadParametersAndNeedsThePassword() throws Exception {
    for (String query : List.of("limit=0", "limit=abc", "offset=-1", "offset=1.5", "limit=")) {
      ServerFixture.Answer a = f.get("/jobs?" + query);
      assertEquals(400, a.status(), query);
      assertNotNull(a.body().get("detail"), query);
    }
    // A whole number too large is not told it is no whole number.
    ServerFixture.Answer large = f.get("/jobs?offset=2147483648");
    assertEquals(400, large.status());
    assertEquals("offset must be at most 999999999", large.body().get("detail").asText());
    assertEquals(401, openWithoutPassword("/jobs").status());
  }

  /**
   * A query parameter the server reads, given twice, is refused naming it: read as its first
   * value, {@code ?limit=5&limit=500} or a token followed by another was a guess at what the
   * client meant. Parameters the server does not read are left alone.
   */
  @Test
  void aQueryParameterGivenTwiceIs400NamingIt() throws Exception {
    for (String query : List.of("limit=5&limit=500", "offset=0&limit=5&offset=0")) {
      ServerFixture.Answer a = f.get("/jobs?" + query);
      assertEquals(400, a.status(), query + " -> " + a.text());
      String name = query.startsWith("limit") ? "limit" : "offset";
      assertEquals("The query parameter " + name + " is given 2 times: give it once",
          a.body().get("detail").asText(), query);
    }
    assertEquals(200, f.get("/jobs?limit=5&other=1&other=2").status(), "not read, not refused");

    ServerFixture.Answer upload = upload("?video_id=first&video_id=second", lecture);
    assertEquals(400, upload.status(), upload.text());
    assertEquals("The query parameter video_id is given 2 times: give it once",
        upload.body().get("detail").asText());
    assertEquals(404, f.get("/jobs/first").status(), "no job started");

    tracker().createIfAbsent("talk", JobState.of(JobStatus.PENDING, "Job initialized"));
    String token = token("talk");
    Opened twice = openWithoutPassword("/jobs/talk/stream?token=" + token + "&token=other");
    assertEquals(400, twice.status(), twice.body());
    assertTrue(twice.body().contains("The query parameter token is given 2 times"), twice.body());
    assertEquals(200, openWithoutPassword("/jobs/talk/stream?token=" + token).status());
  }

  // ---- exports ----

  String completedUpload() throws Exception {
    ServerFixture.Answer a = upload("?video_id=talk", lecture);
    assertEquals(200, a.status(), a.text());
    f.awaitStatus("talk", "completed", JOB_TIMEOUT);
    return "talk";
  }

  record Download(int status, String contentType, String disposition, byte[] body) {}

  Download download(String path) throws Exception {
    try (Response r = f.http.newCall(f.request(path).get().build()).execute()) {
      return new Download(r.code(), r.header("Content-Type"), r.header("Content-Disposition"),
          r.body().bytes());
    }
  }

  SlideDeck deck(String id) throws Exception {
    Path store = data.resolve("store");
    return SlideDeck.read(store.resolve("manifests/" + id + ".json"),
        SlideImages.directory(store));
  }

  @Test
  void everyExportOfACompletedJobReadsBack() throws Exception {
    String id = completedUpload();
    SlideDeck deck = deck(id);
    assertEquals(2, deck.slides().size());

    Download pdf = download("/jobs/" + id + "/slides.pdf");
    assertEquals(200, pdf.status());
    assertEquals("application/pdf", pdf.contentType());
    assertEquals("attachment; filename=\"talk.pdf\"", pdf.disposition());
    try (PDDocument document = Loader.loadPDF(pdf.body())) {
      assertEquals(2, document.getNumberOfPages());
    }

    Download csv = download("/jobs/" + id + "/slides.csv");
    assertEquals(200, csv.status());
    assertTrue(csv.contentType().startsWith("text/csv"));
    assertEquals("attachment; filename=\"talk.csv\"", csv.disposition());
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    try (CSVParser parser = CSVParser.parse(
        new StringReader(new String(csv.body(), StandardCharsets.UTF_8)), format)) {
      List<CSVRecord> rows = parser.getRecords();
      assertEquals(deck.segments().size(), rows.size());
      assertEquals(2, rows.stream().filter(r -> r.get("kind").equals("static")).count());
    }

    String html = new String(download("/jobs/" + id + "/slides.html").body(),
        StandardCharsets.UTF_8);
    String md = new String(download("/jobs/" + id + "/slides.md").body(),
        StandardCharsets.UTF_8);
    List<String> zipped = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(
        new ByteArrayInputStream(download("/jobs/" + id + "/slides.zip").body()))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        zipped.add(e.getName());
      }
    }
    assertFalse(deck.storedFrames().isEmpty());
    for (SlideDeck.Frame frame : deck.storedFrames()) {
      String embedded = "data:image/webp;base64,"
          + java.util.Base64.getEncoder().encodeToString(deck.image(frame));
      assertTrue(html.contains(embedded), frame.frameId() + " in the HTML");
      assertTrue(md.contains("](" + frame.url() + ")"), frame.url() + " in the Markdown");
    }
    assertEquals(deck.storedFrames().size() + 1, zipped.size(), zipped.toString());

    // The manifest as the store holds it, for the page.
    Download manifest = download("/jobs/" + id + "/manifest.json");
    assertEquals(200, manifest.status());
    assertArrayEquals(Files.readAllBytes(data.resolve("store/manifests/talk.json")),
        manifest.body());
    // Each temporary export is deleted once sent (right after the client has the last byte).
    awaitFiles("exports", List::isEmpty);
  }

  /**
   * HEAD on an export answers the headers a GET would have, known without making the file:
   * answering it by making the file (a PDF of 1000 slides takes 20-50 s) let a HEAD cost as
   * much as the download. Seen through a store that counts the reads of slide images.
   */
  @Test
  void headOnAnExportAnswersItsHeadersWithoutMakingIt() throws Exception {
    java.util.concurrent.atomic.AtomicInteger imageReads =
        new java.util.concurrent.atomic.AtomicInteger();
    dev.slides.BlobStore counting = new dev.slides.testing.ForwardingBlobStore(
        new dev.slides.InMemoryBlobStore()) {
      @Override
      public Optional<byte[]> read(String key) throws java.io.IOException {
        if (key.startsWith("slides/")) {
          imageReads.incrementAndGet();
        }
        return super.read(key);
      }
    };
    f.close();
    f = new ServerFixture(settings(), counting);
    String id = completedUpload();
    for (dev.slides.export.ExportFormat format : dev.slides.export.ExportFormat.values()) {
      String path = "/jobs/" + id + "/slides." + format.extension();
      try (Response r = f.http.newCall(f.request(path).head().build()).execute()) {
        assertEquals(200, r.code(), path);
        assertEquals(0, imageReads.get(), path + ": the export was made to answer HEAD");
        assertEquals(format.contentType(), r.header("Content-Type"), path);
        assertEquals("attachment; filename=\"talk." + format.extension() + "\"",
            r.header("Content-Disposition"), path);
        assertEquals("no-store", r.header("Cache-Control"), path);
        assertEquals(null, r.header("Content-Length"), path + ": not known without the file");
      }
    }
    assertTrue(filesUnder("exports").isEmpty());
    // HEAD answers the GET's status when there is nothing to export.
    try (Response r = f.http.newCall(f.request("/jobs/nobody/slides.pdf").head().build())
        .execute()) {
      assertEquals(404, r.code());
    }
    // The count sees an export being made.
    assertEquals(200, download("/jobs/" + id + "/slides.pdf").status());
    assertTrue(imageReads.get() > 0, "no image read for a PDF");
  }

  @Test
  void aMissingImageIsAJsonErrorNotATruncatedDownload() throws Exception {
    String id = completedUpload();
    SlideDeck.Frame gone = deck(id).storedFrames().get(1);
    Files.delete(data.resolve("store").resolve(gone.key()));
    for (String ext : List.of("pdf", "html", "zip")) {
      Download d = download("/jobs/" + id + "/slides." + ext);
      assertEquals(404, d.status(), ext);
      assertEquals("application/json", d.contentType(), ext);
      String detail = ServerFixture.JSON.readTree(d.body()).get("detail").asText();
      assertTrue(detail.contains(gone.key()) && detail.contains("missing"), detail);
    }
    assertTrue(filesUnder("exports").isEmpty(), "no half-made export left");
  }

  @Test
  void exportsNeedACompletedJob() throws Exception {
    assertEquals(404, download("/jobs/nobody/slides.pdf").status());
    tracker().createIfAbsent("busy", JobState.of(JobStatus.PENDING, "Job initialized"));
    Download busy = download("/jobs/busy/slides.pdf");
    assertEquals(409, busy.status());
    assertEquals("Job busy is not completed (status: pending)",
        ServerFixture.JSON.readTree(busy.body()).get("detail").asText());
    assertEquals(401, openWithoutPassword("/jobs/busy/slides.pdf").status());
  }

  // ---- YouTube links in POST /process ----

  @Test
  void postProcessUnderstandsYouTubeLinks() throws Exception {
    cdn.serve("dQw4w9WgXcQ.mp4", videos.resolve("lecture.mp4"));
    ServerFixture.Answer a = f.postJson("/process",
        "{\"url\": \"https://youtu.be/dQw4w9WgXcQ?t=42\"}");
    assertEquals(200, a.status(), a.text());
    assertEquals("dQw4w9WgXcQ", a.body().get("video_id").asText());
    f.awaitStatus("dQw4w9WgXcQ", "completed", JOB_TIMEOUT);
    ServerFixture.Answer playlist = f.postJson("/process",
        "{\"url\": \"https://www.youtube.com/playlist?list=PL123\"}");
    assertEquals(400, playlist.status());
  }

  @Test
  void aYouTubeLinkWithAnotherVideoIdIsRefusedRatherThanRenamed() throws Exception {
    // The job was started as dQw4w9WgXcQ: a client tracking /jobs/lecture-3 found nothing.
    ServerFixture.Answer other = f.postJson("/process",
        "{\"url\": \"https://youtu.be/dQw4w9WgXcQ\", \"video_id\": \"lecture-3\"}");
    assertEquals(400, other.status(), other.text());
    assertEquals("video_id cannot be chosen for a YouTube video: its job is dQw4w9WgXcQ, the"
        + " video's own id; leave video_id out", other.body().get("detail").asText());
    ServerFixture.Answer invalid = f.postJson("/process",
        "{\"url\": \"dQw4w9WgXcQ\", \"video_id\": \"../x\"}");
    assertEquals(400, invalid.status(), invalid.text());
    assertTrue(tracker().get("dQw4w9WgXcQ").isEmpty(), "no job started");

    cdn.serve("dQw4w9WgXcQ.mp4", videos.resolve("lecture.mp4"));
    ServerFixture.Answer same = f.postJson("/process",
        "{\"url\": \"https://youtu.be/dQw4w9WgXcQ\", \"video_id\": \"dQw4w9WgXcQ\"}");
    assertEquals(200, same.status(), same.text());
    assertEquals("dQw4w9WgXcQ", same.body().get("video_id").asText());
    f.awaitStatus("dQw4w9WgXcQ", "completed", JOB_TIMEOUT);
  }

  // ---- the page ----

  @Test
  void thePageAndItsAssetsLoadWithoutAPasswordAndTheApiStillNeedsOne() throws Exception {
    Request page = new Request.Builder().url(f.base() + "/")
        .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").build();
    try (Response r = f.http.newCall(page).execute()) {
      assertEquals(200, r.code());
      assertEquals("text/html; charset=utf-8", r.header("Content-Type"));
      assertTrue(r.header("Content-Security-Policy").contains("default-src 'self'"));
      String html = r.body().string();
      assertTrue(html.contains("<script src=\"/app/app.js\" defer></script>"));
      assertTrue(html.contains("type=\"password\""));
      assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "nothing from a CDN");
    }
    for (String asset : List.of("/app/app.js", "/app/app.css")) {
      try (Response r = f.http.newCall(new Request.Builder().url(f.base() + asset).build())
          .execute()) {
        assertEquals(200, r.code(), asset);
        assertTrue(r.body().string().length() > 1000, asset);
        // As openapi.json says, and with the charset: both hold characters beyond ASCII.
        assertEquals(asset.endsWith(".js") ? "text/javascript; charset=utf-8"
            : "text/css; charset=utf-8", r.header("Content-Type"), asset);
      }
    }
    // A file the page does not have, and the folder itself (no listing): 404 with a detail in
    // words, like every other error of the server, not Undertow's empty 404 and 403.
    for (String missing : List.of("/app/nothing.js", "/app/")) {
      Opened a = openWithoutPassword(missing);
      assertEquals(404, a.status(), missing);
      assertEquals("{\"detail\":\"The web page has no file " + missing + "\"}", a.body());
    }
    // Only the page's folder: nothing else of the jar's resources or classes.
    for (String outside : List.of("/app/../dev/slides/server/Json.class", "/app/%2e%2e/Json.class",
        "/app/..%2fJson.class", "/app/../../logback.xml", "/app/")) {
      assertTrue(openWithoutPassword(outside).status() >= 400, outside);
    }
    // API clients (no text/html) still get the JSON index, with the password only.
    assertEquals(401, openWithoutPassword("/").status());
    ServerFixture.Answer index = f.get("/");
    assertEquals(200, index.status());
    assertEquals("running", index.body().get("status").asText());
    // One URL, two answers: a browser's cache must not take the JSON (the page asks for it)
    // for the page, which Back then showed as text.
    assertEquals("Accept", index.headers().get("Vary"));
    assertEquals("no-store", index.headers().get("Cache-Control"));
  }

  static Optional<String> firstLine(InputStream in) throws Exception {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst();
  }
}
