package dev.slides.server;

import static dev.slides.server.ExtractCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.server.ExtractCommandTest.Run;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A setting out of range stops {@code slides serve} before it starts, with one plain line that
 * names the environment variable and the flag (operators set the variable), never a stack trace
 * from deep in start-up.
 */
class ServeSettingsTest {
  @TempDir Path data;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--concurrency|0|SLIDES_CONCURRENCY / --concurrency must be at least 1, got 0",
      "--queue-capacity|0|SLIDES_QUEUE_CAPACITY / --queue-capacity must be at least 1, got 0",
      "--quality|101|SLIDE_IMAGE_QUALITY / --quality must be 0 to 100, got 101",
      "--max-width|8|SLIDES_MAX_IMAGE_WIDTH / --max-width must be at least 16, got 8",
      "--upload-concurrency|0"
          + "|SLIDES_UPLOAD_CONCURRENCY / --upload-concurrency must be at least 1, got 0",
      "--max-download-mb|0|SLIDES_MAX_DOWNLOAD_MB / --max-download-mb must be at least 1, got 0",
      "--max-download-mb|99999999999999|SLIDES_MAX_DOWNLOAD_MB / --max-download-mb must be at"
          + " most 8796093022207, got 99999999999999",
      // Given in hours, refused in hours (it said "got -3600.0 s").
      "--download-retention-hours|-1|DOWNLOAD_RETENTION_HOURS / --download-retention-hours"
          + " cannot be negative, got -1 hours",
      "--job-visibility-seconds|0|SLIDES_JOB_VISIBILITY_SECONDS / --job-visibility-seconds"
          + " must be positive, got 0.0 s",
      "--job-visibility-seconds|-5|SLIDES_JOB_VISIBILITY_SECONDS / --job-visibility-seconds"
          + " must be positive, got -5.0 s",
      "--redis-command-timeout-seconds|0|SLIDES_REDIS_COMMAND_TIMEOUT_SECONDS"
          + " / --redis-command-timeout-seconds must be positive, got 0.0 s",
      "--max-attempts|0|SLIDES_MAX_ATTEMPTS / --max-attempts must be at least 1, got 0",
      "--finished-job-retention-hours|0|SLIDES_FINISHED_JOB_RETENTION_HOURS"
          + " / --finished-job-retention-hours must be at least one second (0.0003 hours),"
          + " got 0 hours",
      "--finished-job-retention-hours|0.0001|SLIDES_FINISHED_JOB_RETENTION_HOURS"
          + " / --finished-job-retention-hours must be at least one second (0.0003 hours),"
          + " got 0.0001 hours",
      "--node-id|'node one'|SLIDES_NODE_ID / --node-id: use letters, digits, '.', '_' and '-'"
          + " (at most 100), not \"node one\"",
      "--shutdown-timeout-seconds|-1|GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS"
          + " / --shutdown-timeout-seconds cannot be negative, got -1.0 s",
      "--heartbeat-seconds|0|SLIDES_SSE_HEARTBEAT_SECONDS / --heartbeat-seconds must be"
          + " positive, got 0.0 s",
      "--inactivity-seconds|0|SLIDES_SSE_INACTIVITY_SECONDS / --inactivity-seconds must be"
          + " positive, got 0.0 s",
      // The download limits are checked as extract checks them, in the same words.
      "--download-stall-seconds|0|SLIDES_DOWNLOAD_STALL_SECONDS / --download-stall-seconds"
          + " must be at least 1, got 0",
      "--download-timeout-seconds|0|SLIDES_DOWNLOAD_TIMEOUT_SECONDS"
          + " / --download-timeout-seconds must be at least 1, got 0",
      "--store-lookup-timeout-seconds|0|SLIDES_STORE_LOOKUP_TIMEOUT_SECONDS"
          + " / --store-lookup-timeout-seconds must be positive, got 0.0 s",
      "--port|70000|PORT / --port must be at most 65535, got 70000",
      "--redis-url|redis://127.0.0.1:6379/abc"
          + "|SLIDES_REDIS_URL / --redis-url must look like redis://host:port[/db] (or rediss://"
          + " for TLS, with user:password@ before the host if needed, characters such as @ and /"
          + " in the password %-encoded; no Unix sockets)",
      // Spaces at either end never reach the server in a header: every call would get 401.
      "--api-password|'secret '|API_PASSWORD / --api-password begins or ends with spaces,"
          + " which no Authorization header can carry: remove them",
      "--api-password|'   '|API_PASSWORD / --api-password begins or ends with spaces,"
          + " which no Authorization header can carry: remove them",
      // Checked with the settings: the local store is built only once the server listens.
      "--public-base-url|files.example.com|SLIDES_PUBLIC_BASE_URL / --public-base-url must be"
          + " an http(s) URL, not \"files.example.com\"",
      // Both were a stack trace from deep in start-up, or a server whose every job failed.
      "--youtube-url-template|http://cdn.example/video.mp4|SLIDES_YOUTUBE_URL_TEMPLATE"
          + " / --youtube-url-template must be an http(s) URL with {id} where the video id"
          + " goes, such as http://host/videos/{id}.mp4, not \"http://cdn.example/video.mp4\"",
      "--youtube-url-template|ftp://cdn.example/{id}.mp4|SLIDES_YOUTUBE_URL_TEMPLATE"
          + " / --youtube-url-template must be an http(s) URL with {id} where the video id"
          + " goes, such as http://host/videos/{id}.mp4, not \"ftp://cdn.example/{id}.mp4\"",
  })
  @Timeout(30) // refused at once; a setting let through would start a server that never ends
  void aSettingOutOfRangeIsOnePlainLineNamingIt(String flag, String value, String expected) {
    // No server starts: each of these is refused first (--port 0 would pick a free port).
    Run run = flag.equals("--port")
        ? run("serve", "--insecure", "--data-dir", data.toString(), flag, value)
        : run("serve", "--insecure", "--host", "127.0.0.1", "--port", "0",
            "--data-dir", data.toString(), flag, value);
    assertEquals(2, run.exit(), run.err());
    assertEquals(expected, run.err().strip());
  }

  /** A port taken by another program: one plain line (it was a 30-line BindException trace). */
  @Test
  @Timeout(30)
  void aPortInUseIsOnePlainLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Run run = run("serve", "--insecure", "--host", "127.0.0.1", "--port",
          String.valueOf(taken.getLocalPort()), "--data-dir", data.toString());
      assertEquals(1, run.exit(), run.err());
      assertEquals("Cannot listen on 127.0.0.1:" + taken.getLocalPort()
          + ": the address is already in use (is another server running there?)",
          run.err().strip());
    }
  }

  /** A host name that names nothing (a typo): one plain line (it was a stack trace). */
  @Test
  @Timeout(30)
  void aHostThatIsNoAddressIsOnePlainLine() {
    // An IPv6 literal that cannot be one: refused without a name lookup.
    Run run = run("serve", "--insecure", "--host", "::zz", "--port", "0",
        "--data-dir", data.toString());
    assertEquals(1, run.exit(), run.err());
    assertEquals("Cannot listen on [::zz]:0: no such address or host name (give an address of"
        + " this machine, such as 127.0.0.1 or 0.0.0.0)", run.err().strip());
  }

  /**
   * The JDK names only the path when a file stands where a folder is made; the local store's
   * folder, made later, gave a FileAlreadyExistsException trace.
   */
  @ParameterizedTest
  @ValueSource(strings = {"downloads", "store"})
  @Timeout(30)
  void aFileWhereTheDataDirectoryNeedsAFolderIsNamedInWords(String folder) throws Exception {
    Path file = Files.writeString(data.resolve(folder), "a file");
    Run run = run("serve", "--insecure", "--host", "127.0.0.1", "--port", "0",
        "--data-dir", data.toString());
    assertEquals(1, run.exit(), run.err());
    assertEquals("Cannot use the data directory " + data + ": " + file
        + ": a file stands where its folder should be", run.err().strip());
  }

  /** A data directory that cannot be one: one plain line (it was a FileSystemException trace). */
  @Test
  @Timeout(30)
  void anUnusableDataDirectoryIsOnePlainLine() throws Exception {
    Path file = Files.writeString(data.resolve("not-a-folder"), "a file");
    Run run = run("serve", "--insecure", "--host", "127.0.0.1", "--port", "0",
        "--data-dir", file.toString());
    assertEquals(1, run.exit(), run.err());
    assertEquals("Cannot use the data directory " + file + ": " + file.resolve("downloads")
        + ": Not a directory", run.err().strip());
  }

  /**
   * A second server on the data directory of a running one (a deploy that starts the new process
   * before the old one has stopped, or two services given one volume) is refused before it
   * sweeps: its start-up sweep deleted the first one's partial download and rewrote its running
   * job's record as failed, error interrupted, while the first server went on with it.
   */
  @Test
  @Timeout(60)
  void aSecondServerOnTheSameDataDirectoryIsRefusedBeforeItSweeps() throws Exception {
    try (SlidesServer first = SlidesServer.start(ServerSettings.forTests(data, null))) {
      Path download = data.resolve("downloads").resolve("talk.download.mp4");
      Files.writeString(download, "the first server's partial download");
      IllegalStateException refused = assertThrows(IllegalStateException.class, () -> {
        SlidesServer second = SlidesServer.start(ServerSettings.forTests(data, null));
        second.close();
      });
      assertEquals("Another slides server is using the data directory " + data
          + ": give each server its own (SLIDES_DATA_DIR / --data-dir), or let them share"
          + " their jobs through Redis (SLIDES_REDIS_URL)", refused.getMessage());
      assertTrue(Files.exists(download), "the second server swept the first one's download");
      assertEquals(200, java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://127.0.0.1:" + first.port() + "/healthz/live")).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode());
    }
    // Stopped, the first server lets a new one take the folder (as a restart does).
    SlidesServer.start(ServerSettings.forTests(data, null)).close();
  }

  @Test
  void aServerWithoutAPasswordWarnsThatItsApiIsOpen() throws Exception {
    java.util.List<String> warned;
    try (LogLines log = new LogLines(SlidesServer.class)) {
      SlidesServer open = SlidesServer.start(ServerSettings.forTests(data, null));
      int port = open.port();
      open.close();
      SlidesServer.start(ServerSettings.forTests(data, "pw")).close();
      warned = log.startingWith("No API password");
      assertEquals(java.util.List.of("No API password (--insecure): anyone who reaches"
          + " 127.0.0.1:" + port + " may start, cancel and read jobs; use it only where nobody"
          + " else can connect"), warned);
    }
  }

  /**
   * Listening on every address with the local store and no public base URL, the store's URLs
   * name localhost: a person on another machine saw the page, with its images broken. One line
   * says so, and what to set; not when the URLs name an address others reach.
   */
  @Test
  void listeningOnEveryAddressWithLocalhostUrlsIsSaidAtStart() throws Exception {
    java.util.List<String> warned;
    int port;
    try (LogLines log = new LogLines(SlidesServer.class)) {
      SlidesServer everywhere = SlidesServer.start(ServerSettings.forTests(data, "pw")
          .toBuilder().host("0.0.0.0").build());
      port = everywhere.port();
      everywhere.close();
      SlidesServer.start(ServerSettings.forTests(data, "pw").toBuilder().host("0.0.0.0")
          .publicBaseUrl("http://slides.example.com").build()).close();
      SlidesServer.start(ServerSettings.forTests(data, "pw")).close(); // 127.0.0.1
      warned = log.startingWith("The local store's URLs name localhost");
    }
    assertEquals(java.util.List.of("The local store's URLs name localhost (http://localhost:"
        + port + "/files/) while the server listens on every address: another machine cannot"
        + " load those images and manifests; set SLIDES_PUBLIC_BASE_URL / --public-base-url to"
        + " the address clients use, such as http://<this machine's name>:" + port), warned);
  }

  @Test
  void helpNamesTheSettingsThatAreEnvironmentVariablesOnly() {
    Run help = run("serve", "--help");
    assertEquals(0, help.exit(), help.err());
    String out = help.out();
    // Read by BlobStores and at start-up, with no flag: --help is the only place an operator
    // without the README would learn of them.
    for (String variable : new String[] {"SLIDES_STORAGE", "BLOB_READ_WRITE_TOKEN",
        "VERCEL_BLOB_API_URL", "S3_ENDPOINT", "S3_REGION", "S3_BUCKET_NAME", "S3_ACCESS_KEY",
        "S3_SECRET_KEY", "S3_PATH_STYLE", "S3_PUBLIC_BASE_URL", "S3_PRESIGN_SECONDS",
        "SLIDES_LOG_LEVEL", "SLIDES_LOG_FORMAT"}) {
      assertTrue(out.contains(variable), variable + " missing from:\n" + out);
    }
    // Wrapped by hand within picocli's 80 columns: a line it had to wrap lost its indent and
    // ran into the column of the names.
    String environmentOnly = out.substring(out.indexOf("Set in the environment only"));
    environmentOnly.lines().skip(1).forEach(line -> assertTrue(line.startsWith("  "),
        "not indented: \"" + line + "\" in\n" + environmentOnly));
    assertTrue(out.contains("required unless --insecure"), out);
  }

  /**
   * Settings are a value: a copy through toBuilder() equals the original (it did not: identity),
   * and toString shows every setting but the secrets, so an embedder may log them.
   */
  @Test
  void settingsAreAValueWhoseTextKeepsTheSecrets() {
    ServerSettings settings = ServerSettings.builder().dataDirectory(data).apiPassword("s3cret")
        .redisUrl("redis://user:pa55@127.0.0.1:6379/2").corsOrigins("https://app.example.com")
        .concurrency(3).build();
    assertEquals(settings, settings.toBuilder().build());
    assertEquals(settings.hashCode(), settings.toBuilder().build().hashCode());
    assertNotEquals(settings, settings.toBuilder().concurrency(2).build());
    assertNotEquals(settings, settings.toBuilder().apiPassword("other").build());
    String text = settings.toString();
    assertFalse(text.contains("s3cret") || text.contains("pa55"), text);
    assertTrue(text.startsWith("ServerSettings[host=0.0.0.0, port=8080, dataDirectory=" + data
        + ", apiPassword=***, insecure=false,"), text);
    assertTrue(text.contains(", concurrency=3,"), text);
    assertTrue(text.contains(", redisUrl=redis://***@127.0.0.1:6379/2,"), text);
    assertTrue(text.contains(", corsOrigins=[https://app.example.com],"), text);
    assertTrue(text.endsWith(", fullDecode=false]"), text);
    assertTrue(ServerSettings.builder().insecure(true).build().toString()
        .contains(", apiPassword=null, insecure=true,"));
  }

  @ParameterizedTest
  @CsvSource({"redis://127.0.0.1:6379", "redis://:pw@127.0.0.1:6379/2", "rediss://[::1]:6380/",
      "redis://redis.internal"})
  void redisUrlsOfEveryDocumentedShapeAreAccepted(String url) {
    ServerSettings settings =
        ServerSettings.builder().dataDirectory(data).insecure(true).redisUrl(url).build();
    assertTrue(settings.redisUrl().equals(url), settings.redisUrl());
  }
}
