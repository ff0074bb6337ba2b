package dev.slides.internal.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.testing.ClosedPort;
import dev.slides.testing.FaultyHttpServer.DropAfter;
import dev.slides.testing.FaultyHttpServer.RedirectTo;
import dev.slides.testing.FaultyHttpServer.StallAfter;
import dev.slides.testing.FaultyHttpServer.StallWhen;
import dev.slides.testing.FaultyHttpServer.Trickle;
import dev.slides.testing.FaultyHttpServer.Works;
import dev.slides.testing.FaultyHttpServer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader against misbehaving servers on loopback. */
class HttpDownloaderTest {
  static final AddressFilter LOOPBACK = AddressFilter.parse("127.0.0.0/8");
  /** Longer than any test runs: when a connection ends, it was not this timeout. */
  static final Duration NEVER = Duration.ofMinutes(5);

  @TempDir Path dir;
  FaultyHttpServer server;
  final byte[] video = new byte[200_000];

  @BeforeEach
  void start() throws IOException {
    new Random(7).nextBytes(video);
    server = FaultyHttpServer.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  static HttpDownloader.Options options() {
    return HttpDownloader.Options.defaults().withAddresses(LOOPBACK)
        .withBackoff(Duration.ofMillis(10)).withStallTimeout(NEVER).withDeadline(NEVER);
  }

  long download(HttpDownloader.Options options, String url, Path target) throws IOException {
    try (HttpDownloader downloader = new HttpDownloader(options)) {
      return downloader.download(URI.create(url), target, null);
    }
  }

  @Test
  void aServerThatStallsFailsSayingSoAfterTheStallTimeout() {
    server.serve("/v.mp4", video, new StallAfter(10_000));
    Path target = dir.resolve("v.mp4");
    IOException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(
        IOException.class, () -> download(options().withRetries(0)
            .withStallTimeout(Duration.ofMillis(500)), server.url("/v.mp4"), target)));
    assertEquals("No data for 0.5 s from " + server.url("/v.mp4"), e.getMessage());
    assertFalse(Files.exists(target), "the partial file is deleted");
  }

  @Test
  void aStallThatFollowsProgressIsRetriedFromWhereItStopped() throws Exception {
    server.serve("/v.mp4", video, new StallAfter(150_000));
    Path target = dir.resolve("v.mp4");
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> download(options().withRetries(1)
        .withStallTimeout(Duration.ofMillis(300)), server.url("/v.mp4"), target));
    assertArrayEquals(video, Files.readAllBytes(target));
    assertTrue(server.requests.contains("GET /v.mp4 bytes=150000-199999"), server.requests.toString());
  }

  @Test
  void aTrickleIsEndedByTheDeadline() {
    server.serve("/v.mp4", video, new Trickle(Duration.ofMillis(50)));
    // The stall timeout (which also judges the trickle) far past the deadline: a loaded machine
    // that wakes the waiting thread late cannot let the trickle be judged first.
    IOException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(
        IOException.class, () -> download(options().withStallTimeout(Duration.ofSeconds(10))
            .withDeadline(Duration.ofSeconds(1)), server.url("/v.mp4"), dir.resolve("v.mp4"))));
    assertEquals("Download of " + server.url("/v.mp4") + " did not finish within 1 s",
        e.getMessage());
  }

  @Test
  void aTrickleIsDroppedAfterTheStallTimeoutAndItsBytesDoNotResetTheRetries() {
    // 20 bytes a second: never silent for the stall timeout, never going to finish.
    server.serve("/v.mp4", video, new Trickle(Duration.ofMillis(50)));
    IOException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(
        IOException.class, () -> download(options().withRetries(1)
            .withStallTimeout(Duration.ofSeconds(1)), server.url("/v.mp4"),
            dir.resolve("v.mp4"))));
    assertEquals("Slower than 1 KB/s for 1 s from " + server.url("/v.mp4")
        + " (gave up after 2 attempts)", e.getMessage());
  }

  @Test
  void retriesStartCountingAgainWhenAnAttemptBroughtBytes() throws Exception {
    // Five cuts, one retry allowed: only possible because every attempt made progress.
    server.serve("/v.mp4", video, new DropAfter(30_000, 5));
    Path target = dir.resolve("v.mp4");
    assertEquals(video.length, download(options().withRetries(1), server.url("/v.mp4"), target));
    assertArrayEquals(video, Files.readAllBytes(target));
    assertTrue(server.requests.stream().anyMatch(r -> r.matches("GET /v.mp4 bytes=[1-9]\\d*-.*")),
        "resumed, not restarted: " + server.requests);
  }

  @Test
  void withoutProgressRetriesRunOut() throws Exception {
    server.serve("/v.mp4", video, new DropAfter(0, 10));
    IOException e = assertThrows(IOException.class, () -> download(options().withRetries(2),
        server.url("/v.mp4"), dir.resolve("v.mp4")));
    assertTrue(e.getMessage().endsWith("(gave up after 3 attempts)"), e.getMessage());
  }

  @Test
  void interruptingTheCallerClosesTheConnectionAtOnce() throws Exception {
    server.serve("/v.mp4", video, new StallAfter(10_000));
    Path target = dir.resolve("v.mp4");
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try (HttpDownloader downloader = new HttpDownloader(options())) {
      Future<Long> running = caller.submit(() ->
          downloader.download(URI.create(server.url("/v.mp4")), target, null));
      assertTrue(server.awaitStalled(Duration.ofSeconds(10)));
      running.cancel(true);
      // The stall timeout is minutes away: only an abort closes the connection now.
      assertTrue(server.awaitClientGone(Duration.ofSeconds(10)),
          "the download let go of its connection");
      caller.shutdown();
      assertTrue(caller.awaitTermination(10, TimeUnit.SECONDS), "the caller returned");
    }
    assertFalse(Files.exists(target));
  }

  @Test
  void theCallerSeesAnInterruptAsCancelled() throws Exception {
    server.serve("/v.mp4", video, new StallAfter(10_000));
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try (HttpDownloader downloader = new HttpDownloader(options())) {
      Thread[] thread = new Thread[1];
      Future<Long> running = caller.submit(() -> {
        thread[0] = Thread.currentThread();
        return downloader.download(URI.create(server.url("/v.mp4")), dir.resolve("v.mp4"), null);
      });
      assertTrue(server.awaitStalled(Duration.ofSeconds(10)));
      thread[0].interrupt();
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> running.get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof InterruptedIOException, e.getCause().toString());
    } finally {
      caller.shutdownNow();
    }
  }

  @Test
  void interruptingARangeReadClosesItsConnectionAtOnce() throws Exception {
    // The probe for the size goes through; the read then gets headers and no byte.
    AtomicInteger requests = new AtomicInteger();
    server.serve("/v.mp4", video,
        new StallWhen(() -> requests.incrementAndGet() > 1));
    List<Thread> before = rangeReaders();
    ExecutorService caller = Executors.newSingleThreadExecutor();
    Thread[] thread = new Thread[1];
    try (HttpDownloader downloader = new HttpDownloader(options());
         HttpDownloader.RemoteFile file = downloader.open(URI.create(server.url("/v.mp4")),
             HttpDownloader.Origin.OPERATOR)) {
      Future<byte[]> reading = caller.submit(() -> {
        thread[0] = Thread.currentThread();
        return file.read(1000, 50_000);
      });
      assertTrue(server.awaitStalled(Duration.ofSeconds(10)));
      thread[0].interrupt();
      // The stall timeout is minutes away: only an abort closes the connection now.
      assertTrue(server.awaitClientGone(Duration.ofSeconds(10)), "the read is still open");
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> reading.get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof InterruptedIOException, e.getCause().toString());
    } finally {
      caller.shutdownNow();
    }
    assertTrue(rangeReaders().stream().allMatch(before::contains),
        "closing the file stops the thread that reads it");
  }

  @Test
  void aFileClosedByAnInterruptedThreadHasStoppedItsReaderWhenCloseReturns() throws Exception {
    // A cancel interrupts the job's thread, which then closes the file it reads images from:
    // the reader thread must be gone when close returns, not left to end some time later.
    server.serve("/v.mp4", video, new Works());
    List<Thread> before = rangeReaders();
    try (HttpDownloader downloader = new HttpDownloader(options())) {
      for (int i = 0; i < 20; i++) {
        HttpDownloader.RemoteFile file = downloader.open(URI.create(server.url("/v.mp4")),
            HttpDownloader.Origin.OPERATOR);
        assertEquals(100, file.read(0, 100).length);
        Thread.currentThread().interrupt();
        file.close();
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        assertTrue(rangeReaders().stream().allMatch(before::contains),
            "a reader thread outlived close, attempt " + i);
      }
    }
  }

  private static List<Thread> rangeReaders() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("slides-range-read")).toList();
  }

  @Test
  void loopbackIsRefusedWithoutTheAllowListAndNothingConnects() throws Exception {
    server.serve("/v.mp4", video, new Works());
    HttpDownloader.Options closed = options().withAddresses(AddressFilter.publicOnly());
    for (String url : new String[] {server.url("/v.mp4"),
        "http://localhost:" + server.port() + "/v.mp4",
        "http://[::1]:" + server.port() + "/v.mp4",
        "http://[::ffff:127.0.0.1]:" + server.port() + "/v.mp4"}) {
      IOException e = assertThrows(IOException.class,
          () -> download(closed, url, dir.resolve("v.mp4")), url);
      assertEquals("Could not connect to " + HttpDownloader.redact(URI.create(url)),
          e.getMessage());
    }
    assertTrue(server.requests.isEmpty(), server.requests.toString());
  }

  @Test
  void aUrlIsNamedAsWrittenSoThatItCannotForgeLogLines() throws Exception {
    // The path decoded brought a line break and a terminal escape into the log and the
    // messages: "Cannot connect for http://.../a" and a forged line after it.
    String url = "http://127.0.0.1:" + server.port() + "/a%0A09:00:00%20WARN%20x%1B%5B31m.mp4";
    IOException e = assertThrows(IOException.class, () -> download(
        options().withAddresses(AddressFilter.publicOnly()), url, dir.resolve("v.mp4")));
    assertEquals("Could not connect to " + url, e.getMessage());
    assertEquals("https://example.com/my%20talk.mp4",
        HttpDownloader.redact(URI.create("https://example.com/my%20talk.mp4?sig=secret")));
    // URI takes characters beyond ASCII as they are, invisible ones too (not controls).
    assertEquals("https://example.com/%E2%80%AEgol%C3%A9.mp4",
        HttpDownloader.redact(new URI("https://example.com/\u202egol\u00e9.mp4")));
  }

  @Test
  void theAllowListLetsLoopbackThrough() throws Exception {
    server.serve("/v.mp4", video, new Works());
    Path target = dir.resolve("v.mp4");
    download(options(), server.url("/v.mp4"), target);
    assertArrayEquals(video, Files.readAllBytes(target));
  }

  @Test
  void theOperatorsOwnUrlsAreNotFiltered() throws Exception {
    server.serve("/v.mp4", video, new Works());
    Path target = dir.resolve("v.mp4");
    try (HttpDownloader downloader = new HttpDownloader(
        options().withAddresses(AddressFilter.publicOnly()))) {
      downloader.download(URI.create(server.url("/v.mp4")), target, null,
          HttpDownloader.Origin.OPERATOR);
    }
    assertArrayEquals(video, Files.readAllBytes(target));
  }

  @Test
  void aRedirectToLoopbackIsRefused() throws Exception {
    // An allowed server (127.0.0.2) sends the client to one that is not (127.0.0.1), which
    // would serve the file.
    server.serve("/v.mp4", video, new Works());
    try (FaultyHttpServer allowed = FaultyHttpServer.start("127.0.0.2")) {
      allowed.serve("/go.mp4", new byte[0], new RedirectTo(server.url("/v.mp4")));
      HttpDownloader.Options options = options().withRetries(0)
          .withAddresses(AddressFilter.parse("127.0.0.2/32"));
      IOException e = assertThrows(IOException.class,
          () -> download(options, allowed.url("/go.mp4"), dir.resolve("v.mp4")));
      assertEquals("Could not connect to " + allowed.url("/go.mp4"), e.getMessage());
      assertFalse(allowed.requests.isEmpty());
      assertTrue(server.requests.isEmpty(), "the refused hop was never contacted");
      // The same redirect is followed where the target is allowed.
      Path target = dir.resolve("ok.mp4");
      download(options.withAddresses(AddressFilter.parse("127.0.0.1/32,127.0.0.2/32")),
          allowed.url("/go.mp4"), target);
      assertArrayEquals(video, Files.readAllBytes(target));
    }
  }

  @Test
  void aPortOutOfRangeIsRefusedAtOnceInPlainWords() throws Exception {
    // java.net.URI takes any number as a port; HttpClient then threw an unchecked exception
    // worded for programmers, which the command line printed as a stack trace.
    String badPort = "http://127.0.0.1:99999/v.mp4";
    server.serve("/go.mp4", new byte[0], new RedirectTo(badPort));
    String expected = "Not a valid URL: port 99999 is out of range (1-65535): " + badPort;
    IOException direct = assertThrows(IOException.class,
        () -> download(options(), badPort, dir.resolve("a.mp4")));
    assertEquals(expected, direct.getMessage());
    IOException redirected = assertThrows(IOException.class,
        () -> download(options(), server.url("/go.mp4"), dir.resolve("b.mp4")));
    assertEquals(expected, redirected.getMessage());
    assertEquals(List.of("GET /go.mp4 bytes=0-0"), server.requests, "no retries");
  }

  @Test
  void aUrlWithAUserNameIsRefusedAtOnceInPlainWords() throws Exception {
    // HttpClient refuses such URLs itself; that used to be retried as a cut connection, six
    // attempts ending in "Connection to ... was cut".
    server.serve("/v.mp4", video, new Works());
    String withUser = "http://user:secret@127.0.0.1:" + server.port() + "/v.mp4";
    server.serve("/go.mp4", new byte[0], new RedirectTo(withUser));
    String expected = "URLs with a user name or password are not supported: "
        + HttpDownloader.redact(URI.create(withUser));
    IOException direct = assertThrows(IOException.class,
        () -> download(options(), withUser, dir.resolve("a.mp4")));
    assertEquals(expected, direct.getMessage());
    IOException redirected = assertThrows(IOException.class,
        () -> download(options(), server.url("/go.mp4"), dir.resolve("b.mp4")));
    assertEquals(expected, redirected.getMessage());
    assertEquals(List.of("GET /go.mp4 bytes=0-0"), server.requests, "no retries");
    assertFalse(direct.getMessage().contains("secret"));
  }

  @Test
  void partsOfAFileAreReadWithBoundedRangesWhereTheFilterAllows() throws Exception {
    server.serve("/v.mp4", video, new Works());
    try (HttpDownloader downloader = new HttpDownloader(
        options().withAddresses(AddressFilter.parse("127.0.0.1/32")).withMaxBytes(50_000));
         HttpDownloader.RemoteFile file = downloader.open(URI.create(server.url("/v.mp4")),
             HttpDownloader.Origin.CALLER)) {
      assertEquals(video.length, file.size());
      assertArrayEquals(Arrays.copyOfRange(video, 1000, 1100), file.read(1000, 100));
      // At the end: what is left.
      assertArrayEquals(Arrays.copyOfRange(video, video.length - 10, video.length),
          file.read(video.length - 10, 100));
      assertEquals(List.of("GET /v.mp4 bytes=0-0", "GET /v.mp4 bytes=1000-1099",
          "GET /v.mp4 bytes=" + (video.length - 10) + "-" + (video.length - 1)),
          server.requests);
      assertEquals(110, file.bytesFetched());
      // The size limit counts every byte read, not the file's size.
      IOException tooMuch = assertThrows(IOException.class, () -> file.read(0, 60_000));
      assertTrue(tooMuch.getMessage().contains("limit"), tooMuch.getMessage());
    }
    try (FaultyHttpServer elsewhere = FaultyHttpServer.start("127.0.0.2");
         HttpDownloader downloader = new HttpDownloader(
             options().withAddresses(AddressFilter.parse("127.0.0.1/32")))) {
      elsewhere.serve("/v.mp4", video, new Works());
      IOException e = assertThrows(IOException.class, () -> downloader.open(
          URI.create(elsewhere.url("/v.mp4")), HttpDownloader.Origin.CALLER));
      assertEquals("Could not connect to " + elsewhere.url("/v.mp4"), e.getMessage());
      assertTrue(elsewhere.requests.isEmpty());
    }
    server.withoutRanges();
    try (HttpDownloader downloader = new HttpDownloader(options())) {
      IOException e = assertThrows(IOException.class, () -> downloader.open(
          URI.create(server.url("/v.mp4")), HttpDownloader.Origin.CALLER));
      assertTrue(e.getMessage().contains("byte ranges"), e.getMessage());
    }
  }

  @Test
  void aServerThatIgnoresRangesIsNotReadWholeTwice() throws Exception {
    // The probe's answer sends its headers and then holds the body until the client lets go:
    // a client that read the ignored range's body to the end would wait here until its stall
    // timeout, and download the video twice from a server that does send it.
    server.withoutRanges().serve("/v.mp4", video, new StallWhen(() -> server.requests.size() == 1));
    Path target = dir.resolve("v.mp4");
    long size = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> download(
        options().withRetries(0).withStallTimeout(Duration.ofSeconds(5)),
        server.url("/v.mp4"), target));
    assertEquals(video.length, size);
    assertArrayEquals(video, Files.readAllBytes(target));
    assertTrue(server.awaitClientGone(Duration.ofSeconds(10)), "the probe was let go");
    assertEquals(List.of("GET /v.mp4 bytes=0-0", "GET /v.mp4"), server.requests);
  }

  @Test
  void aClosedPortAndARefusedAddressReadTheSame() throws Exception {
    server.serve("/v.mp4", video, new Works());
    HttpDownloader.Options options = options().withRetries(1)
        .withAddresses(AddressFilter.parse("127.0.0.2/32"));
    String refused = server.url("/v.mp4");
    String closed;
    IOException a;
    try (ClosedPort closedPort = new ClosedPort()) {
      closed = "http://127.0.0.2:" + closedPort.port() + "/v.mp4";
      a = assertThrows(IOException.class, () -> download(options, closed, dir.resolve("a.mp4")));
    }
    IOException b = assertThrows(IOException.class,
        () -> download(options, refused, dir.resolve("b.mp4")));
    assertEquals("Could not connect to " + closed, a.getMessage());
    assertEquals("Could not connect to " + refused, b.getMessage());
  }

  @Test
  void largeFilesComeAsParallelRangesAndStillStopOnInterrupt() throws Exception {
    byte[] big = new byte[3_000_000];
    new Random(3).nextBytes(big);
    server.serve("/big.mp4", big, new Works());
    Path target = dir.resolve("big.mp4");
    download(options().withMinParallelBytes(1_000_000), server.url("/big.mp4"), target);
    assertArrayEquals(big, Files.readAllBytes(target));
    assertTrue(server.requests.stream().filter(r -> r.startsWith("GET /big.mp4 bytes=")).count()
        >= 3, server.requests.toString());
  }
}
