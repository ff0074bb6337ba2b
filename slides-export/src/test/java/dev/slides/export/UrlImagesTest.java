package dev.slides.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images read by the URLs the manifest gives, from a server on loopback. */
class UrlImagesTest {
  static HttpServer server;
  static String base;
  static final Map<String, byte[]> served = new ConcurrentHashMap<>();
  static final List<String> requested = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeAll
  static void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requested.add(exchange.getRequestURI().getPath());
      String path = exchange.getRequestURI().getPath();
      byte[] body = served.get(path);
      int status = path.startsWith("/broken") ? 500 : body == null ? 404 : 200;
      byte[] bytes = body == null ? new byte[0] : body;
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    served.put("/s/1-first.webp", "first image".getBytes(StandardCharsets.UTF_8));
    served.put("/s/2-first.webp", "second image".getBytes(StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  static byte[] manifest(String secondUrl) {
    return EmptyAndBrokenResultsTest.manifest("""
        {"kind":"static","start_time":0.0,"end_time":5.0,"duration":5.0,
         "first_frame":{"frame_id":"1-first.webp","duplicate_of":null,"url":"BASE/s/1-first.webp"},
         "last_frame":{"frame_id":"1-last.webp",
                       "duplicate_of":{"segment_id":1,"frame_position":"first"},
                       "url":"BASE/s/1-first.webp"}},
        {"kind":"static","start_time":5.0,"end_time":9.0,"duration":4.0,
         "first_frame":{"frame_id":"2-first.webp","duplicate_of":null,"url":"SECOND"},
         "last_frame":{"frame_id":"2-last.webp",
                       "duplicate_of":{"segment_id":1,"frame_position":"first"},
                       "url":"BASE/s/1-first.webp"}}"""
        .replace("SECOND", secondUrl).replace("BASE", base));
  }

  @Test
  void imagesAreReadFromTheManifestUrlsEachOnce() throws Exception {
    requested.clear();
    SlideDeck deck = SlideDeck.read(manifest(base + "/s/2-first.webp"), SlideImages.urls());
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    SlideExporter.defaults().write(ExportFormat.ZIP, deck, zip);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.toByteArray()))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    assertEquals(List.of("001-first.webp", "002-first.webp", "manifest.json"),
        List.copyOf(entries.keySet()));
    assertArrayEquals(served.get("/s/1-first.webp"), entries.get("001-first.webp"));
    assertArrayEquals(served.get("/s/2-first.webp"), entries.get("002-first.webp"));
    assertEquals(List.of("/s/1-first.webp", "/s/2-first.webp"), requested);
  }

  @Test
  void aUrlThatAnswers404IsAMissingImage() throws Exception {
    SlideDeck deck = SlideDeck.read(manifest(base + "/s/gone.webp"), SlideImages.urls());
    MissingSlideImageException e = assertThrows(MissingSlideImageException.class,
        () -> SlideExporter.defaults().write(ExportFormat.ZIP, deck, new ByteArrayOutputStream()));
    assertEquals("2-first.webp", e.frameId());
    assertTrue(e.getMessage().contains("the manifest's URLs"), e.getMessage());
  }

  @Test
  void aServerErrorNamesTheUrlButNotItsSignedQuery() throws Exception {
    SlideDeck deck = SlideDeck.read(manifest(base + "/broken/2.webp?token=s3cret"),
        SlideImages.urls());
    IOException e = assertThrows(IOException.class,
        () -> SlideExporter.defaults().write(ExportFormat.ZIP, deck, new ByteArrayOutputStream()));
    assertTrue(e.getMessage().contains("HTTP 500 from " + base + "/broken/2.webp"),
        e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
  }

  /** A server that is not there: the message said "... from the manifest's URLs: null". */
  @Test
  void aServerThatCannotBeReachedIsNamedWithTheReason() throws Exception {
    int closed;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort(); // free again once closed: connections are refused
    }
    String url = "http://127.0.0.1:" + closed + "/s/2-first.webp";
    SlideDeck deck = SlideDeck.read(manifest(url + "?token=s3cret"), SlideImages.urls());
    IOException e = assertThrows(IOException.class,
        () -> deck.image(deck.slides().get(1).firstFrame()));
    assertTrue(e.getMessage().endsWith("from the manifest's URLs: Cannot connect to " + url
        + ": connection refused"), e.getMessage());
  }

  @Test
  void fileUrlsAreReadToo(@TempDir Path dir) throws Exception {
    Path image = Files.write(dir.resolve("two.webp"), new byte[] {1, 2, 3});
    SlideDeck deck = SlideDeck.read(manifest(image.toUri().toString()), SlideImages.urls());
    assertArrayEquals(new byte[] {1, 2, 3}, deck.image(deck.slides().get(1).firstFrame()));
  }

  @Test
  void otherSchemesAreRefused() throws Exception {
    SlideDeck deck = SlideDeck.read(manifest("memory:slides/v/2-first.webp"),
        SlideImages.urls());
    IOException e = assertThrows(IOException.class,
        () -> deck.image(deck.slides().get(1).firstFrame()));
    assertTrue(e.getMessage().contains("Cannot read 2-first.webp from a memory: URL"),
        e.getMessage());
  }
}
