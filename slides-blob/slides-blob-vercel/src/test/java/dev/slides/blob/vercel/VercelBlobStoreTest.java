package dev.slides.blob.vercel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.slides.BlobStore;
import dev.slides.SlideExtractor;
import dev.slides.testing.BlobStoreContract;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class VercelBlobStoreTest extends BlobStoreContract {
  FakeVercelBlob vercel;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    vercel = new FakeVercelBlob();
  }

  @AfterEach
  void stop() {
    vercel.close();
  }

  VercelBlobStore store(String token) {
    return VercelBlobStore.builder(token).apiUrl(vercel.apiUrl())
        .retries(4).initialBackoff(Duration.ofMillis(10)).build();
  }

  @Override
  protected BlobStore store() {
    return store(FakeVercelBlob.TOKEN);
  }

  @Override
  protected byte[] read(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray()).body();
  }

  @Override
  protected String contentType(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.discarding()).headers().firstValue("content-type").orElse(null);
  }

  HttpResponse<String> postToDelete(String token, String contentType, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(vercel.apiUrl() + "/delete"))
        .header("x-api-version", VercelBlobStore.API_VERSION)
        .header("content-type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The fake holds deletes to the protocol, so the store's passing tests mean something. */
  @Test
  void theFakeTakesOnlyDeletesOfTheRealProtocol() throws Exception {
    String url = store().put("slides/v/1-first.webp", new byte[] {1}, "image/webp");
    String json = "{\"urls\":[\"" + url + "\"]}";
    assertEquals(403, postToDelete(null, "application/json", json).statusCode());
    assertEquals(400, postToDelete(FakeVercelBlob.TOKEN, "text/plain", json).statusCode());
    HttpResponse<String> byPathname = postToDelete(FakeVercelBlob.TOKEN, "application/json",
        "{\"urls\":[\"slides/v/1-first.webp\"]}");
    assertEquals(400, byPathname.statusCode());
    assertTrue(byPathname.body().contains("bad_request"), byPathname.body());
    assertEquals(400, postToDelete(FakeVercelBlob.TOKEN, "application/json", "{\"urls\":[]}")
        .statusCode());
    assertTrue(vercel.blobs.containsKey("slides/v/1-first.webp"));
    assertEquals(200, postToDelete(FakeVercelBlob.TOKEN, "application/json", json).statusCode());
    assertFalse(vercel.blobs.containsKey("slides/v/1-first.webp"));
    assertEquals(200, postToDelete(FakeVercelBlob.TOKEN, "application/json", json).statusCode(),
        "a URL deleted already is no error");
  }

  @Test
  void deletesByTheBlobsUrlAndRetriesAsOtherCalls() throws Exception {
    BlobStore store = store();
    store.put("slides/v/1-first.webp", new byte[] {1}, "image/webp");
    vercel.failNext(1, 503, "service_unavailable", null);
    store.delete("slides/v/1-first.webp");
    assertFalse(vercel.blobs.containsKey("slides/v/1-first.webp"));
    int before = vercel.apiCalls.get();
    store.delete("slides/v/1-first.webp");
    assertEquals(before + 1, vercel.apiCalls.get(),
        "one request: the URL from the public base the put gave, which deletes nothing now");
    VercelBlobStoreException e = assertThrows(VercelBlobStoreException.class,
        () -> store("vercel_blob_rw_" + FakeVercelBlob.STORE + "_wrongwrongwrong")
            .delete("slides/v/2-first.webp"));
    assertEquals("forbidden", e.code());
    assertFalse(e.getMessage().contains("wrongwrongwrong"), e.getMessage());
  }

  /** Run again with fewer slides into Vercel Blob: the earlier run's other images go. */
  @Test
  void aRunAgainWithFewerSlidesRemovesTheEarlierRunsOtherImages(@TempDir Path dir)
      throws Exception {
    Path three = LectureVideo.builder(640, 360, 10)
        .slide(Slides.solid(640, 360, 0x00A000, "Green"), 2)
        .slide(Slides.solid(640, 360, 0xE0E000, "Yellow"), 2)
        .slide(Slides.solid(640, 360, 0x0000C0, "Blue"), 2)
        .write(dir.resolve("three.mp4"));
    Path one = LectureVideo.builder(640, 360, 10)
        .slide(Slides.solid(640, 360, 0xC00000, "Red"), 3)
        .write(dir.resolve("one.mp4"));
    BlobStore store = store();
    assertEquals(3, SlideExtractor.create(store).extract("talk", three).slideCount());
    assertTrue(vercel.blobs.containsKey("slides/talk/3-first.webp"), vercel.blobs.keySet()
        .toString());
    vercel.deleteRequests.clear();
    assertEquals(1, SlideExtractor.create(store).extract("talk", one).slideCount());
    assertEquals(new TreeSet<>(List.of("manifests/talk.json", "slides/talk/1-first.webp")),
        new TreeSet<>(vercel.blobs.keySet()));
    assertEquals(1, vercel.deleteRequests.size(), "the earlier images went in one request, not"
        + " a list and a delete each: " + vercel.deleteRequests);
    assertTrue(vercel.deleteRequests.get(0) >= 2, vercel.deleteRequests.toString());
  }

  Set<String> putDirectly(String folder, int images) {
    Set<String> keys = new TreeSet<>();
    for (int n = 1; n <= images; n++) {
      String key = folder + n + "-first.webp";
      vercel.blobs.put(key, new FakeVercelBlob.Stored(new byte[] {1}, "image/webp"));
      keys.add(key);
    }
    return keys;
  }

  /**
   * Once the store has put a blob it knows the URL of every key: 2500 images go in three
   * requests of at most 1000 URLs, with no request to find them.
   */
  @Test
  void removesManyBlobsWithOneRequestPerThousand() throws Exception {
    BlobStore store = store();
    store.put("manifests/big.json", "{}".getBytes(), "application/json");
    Set<String> keys = putDirectly("slides/big/", 2500);
    putDirectly("slides/other/", 3);
    keys.add("slides/big/9999-last.webp"); // none there: no error
    int before = vercel.apiCalls.get();
    store.deleteAll(keys);
    assertEquals(List.of(1000, 1000, 501), vercel.deleteRequests);
    assertEquals(before + 3, vercel.apiCalls.get(), "no list, no find");
    assertEquals(new TreeSet<>(List.of("manifests/big.json", "slides/other/1-first.webp",
        "slides/other/2-first.webp", "slides/other/3-first.webp")),
        new TreeSet<>(vercel.blobs.keySet()));
  }

  /**
   * A store that has put nothing yet (a new process cleaning up) lists each folder of the keys
   * once for their URLs, instead of a list request per key.
   */
  @Test
  void beforeAnyPutEachFolderIsListedOnceForTheUrls() throws Exception {
    vercel.pageSize(150);
    Set<String> keys = putDirectly("slides/f/", 200);
    vercel.blobs.put("manifests/f.json", new FakeVercelBlob.Stored(new byte[] {1}, "x/y"));
    keys.add("manifests/f.json");
    keys.add("slides/f/999-first.webp"); // not listed: nothing to delete
    putDirectly("slides/f2/", 2);
    store().deleteAll(keys);
    assertEquals(3, vercel.listCalls.get(), "slides/f/ in two pages, manifests/ in one");
    assertEquals(List.of(201), vercel.deleteRequests);
    assertEquals(new TreeSet<>(List.of("slides/f2/1-first.webp", "slides/f2/2-first.webp")),
        new TreeSet<>(vercel.blobs.keySet()));
  }

  /** A batch refused whole ends the call: its keys and the later batches' are named. */
  @Test
  void aRefusedBatchNamesTheKeysLeft() throws Exception {
    BlobStore store = store();
    store.put("manifests/r.json", "{}".getBytes(), "application/json");
    List<String> keys = new ArrayList<>(putDirectly("slides/r/", 1500));
    vercel.failNext(1, 403, "forbidden", null);
    BlobStore.NotRemovedException e = assertThrows(BlobStore.NotRemovedException.class,
        () -> store.deleteAll(keys));
    assertEquals(keys, e.keys());
    assertTrue(e.reason().startsWith("Vercel Blob refused to remove 1000 blobs"
        + " (slides/r/1-first.webp, ...): forbidden"), e.reason());
    assertFalse(e.getMessage().contains(FakeVercelBlob.TOKEN), e.getMessage());
    assertEquals(1500, vercel.blobs.size() - 1, "nothing removed");
  }

  HttpResponse<String> getList(String query) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(vercel.apiUrl() + "/?" + query))
        .header("authorization", "Bearer " + FakeVercelBlob.TOKEN)
        .header("x-api-version", VercelBlobStore.API_VERSION).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The fake holds lists to the protocol: limits, cursors, folded mode. */
  @Test
  void theFakeListsAPageAtATimeAsTheApiDoes() throws Exception {
    for (String path : List.of("slides/a/1-first.webp", "slides/a/2-first.webp",
        "slides/a/3-first.webp", "slides/a/x/y.json", "slides/b/1-first.webp")) {
      vercel.blobs.put(path, new FakeVercelBlob.Stored(new byte[3], "image/webp"));
    }
    ObjectMapper json = new ObjectMapper();
    var first = json.readTree(getList("prefix=slides/a/&limit=2").body());
    assertTrue(first.get("hasMore").asBoolean(), first.toString());
    assertEquals(2, first.get("blobs").size());
    assertEquals("slides/a/1-first.webp", first.get("blobs").get(0).get("pathname").asText());
    var second = json.readTree(getList("prefix=slides/a/&limit=2&cursor="
        + first.get("cursor").asText()).body());
    assertFalse(second.get("hasMore").asBoolean(), second.toString());
    assertFalse(second.has("cursor"), second.toString());
    assertEquals("slides/a/3-first.webp", second.get("blobs").get(0).get("pathname").asText());
    assertEquals("slides/a/x/y.json", second.get("blobs").get(1).get("pathname").asText());
    var folded = json.readTree(getList("prefix=slides/a/&mode=folded").body());
    assertEquals(3, folded.get("blobs").size(), folded.toString());
    assertEquals("slides/a/x/", folded.get("folders").get(0).asText(), folded.toString());

    assertEquals(400, getList("prefix=slides/a/&cursor=made-up").statusCode());
    assertEquals(400, getList("prefix=slides/b/&cursor=" + first.get("cursor").asText())
        .statusCode(), "a cursor is for the prefix it came from");
    assertEquals(400, getList("limit=0").statusCode());
    assertEquals(400, getList("limit=1001").statusCode());
    assertEquals(400, getList("mode=flat").statusCode());
  }

  /** The service may give fewer blobs a page than asked: the store follows the cursor. */
  @Test
  void listsEveryPage() throws Exception {
    vercel.pageSize(2);
    BlobStore store = store();
    for (int n = 1; n <= 5; n++) {
      store.put("slides/p/" + n + "-first.webp", new byte[] {(byte) n}, "image/webp");
    }
    store.put("slides/q/1-first.webp", new byte[] {9}, "image/webp");
    // Put there by another tool: a pathname the store would refuse, so none it lists.
    vercel.blobs.put("slides/p/a b.webp", new FakeVercelBlob.Stored(new byte[1], "image/webp"));
    vercel.listCalls.set(0);
    assertEquals(List.of("slides/p/1-first.webp", "slides/p/2-first.webp",
        "slides/p/3-first.webp", "slides/p/4-first.webp", "slides/p/5-first.webp"),
        store.list("slides/p/"));
    assertEquals(3, vercel.listCalls.get(), "pages of 2, 2 and 2");
  }

  @Test
  void listingRetriesAsOtherCallsAndNamesThePrefix() throws Exception {
    vercel.pageSize(1);
    BlobStore store = store();
    store.put("slides/r/1-first.webp", new byte[] {1}, "image/webp");
    store.put("slides/r/2-first.webp", new byte[] {2}, "image/webp");
    vercel.failNext(1, 503, "service_unavailable", null);
    assertEquals(List.of("slides/r/1-first.webp", "slides/r/2-first.webp"),
        store.list("slides/r/"));
    VercelBlobStoreException e = assertThrows(VercelBlobStoreException.class,
        () -> store("vercel_blob_rw_" + FakeVercelBlob.STORE + "_wrongwrongwrong")
            .list("slides/r/"));
    assertEquals("forbidden", e.code());
    assertTrue(e.getMessage().startsWith("Vercel Blob refused to list the blobs under slides/r/"),
        e.getMessage());
  }

  /**
   * A run killed outright (the process, the machine) leaves images no run knows of: the next
   * run of the id lists the id's folder, page after page, and removes them.
   */
  @Test
  void theNextRunRemovesTheImagesOfAKilledRun(@TempDir Path dir) throws Exception {
    vercel.pageSize(2);
    for (String frame : List.of("1-first", "1-last", "2-first", "5-first", "5-last", "9-first")) {
      vercel.blobs.put("slides/talk/" + frame + ".webp",
          new FakeVercelBlob.Stored(new byte[] {1, 2, 3}, "image/webp"));
    }
    vercel.blobs.put("slides/talk/notes.txt", new FakeVercelBlob.Stored(new byte[1], "x/y"));
    Path one = LectureVideo.builder(640, 360, 10)
        .slide(Slides.solid(640, 360, 0xC00000, "Red"), 3)
        .write(dir.resolve("one.mp4"));
    assertEquals(1, SlideExtractor.create(store()).extract("talk", one).slideCount());
    assertEquals(new TreeSet<>(List.of("manifests/talk.json", "slides/talk/1-first.webp",
        "slides/talk/notes.txt")), new TreeSet<>(vercel.blobs.keySet()));
  }

  @Test
  void readsTheStoreIdFromTheToken() {
    assertEquals("AbCdEf123", VercelBlobStore.storeIdOf(FakeVercelBlob.TOKEN));
    assertThrows(IllegalArgumentException.class, () -> VercelBlobStore.storeIdOf("nonsense"));
    IllegalArgumentException client = assertThrows(IllegalArgumentException.class,
        () -> VercelBlobStore.builder("vercel_blob_client_AbCdEf123_eyJ0b2tlbiI6In0"));
    assertEquals("Not a Vercel Blob read-write token (expected vercel_blob_rw_<store>_<secret>)",
        client.getMessage());
  }

  @Test
  void publishesAtTheExactKey() throws Exception {
    String url = store().put("manifests/vid.json", "{}".getBytes(), "application/json");
    assertEquals(vercel.publicBase() + "manifests/vid.json", url);
    assertTrue(vercel.blobs.containsKey("manifests/vid.json"));
  }

  @Test
  void existenceCountsOnlyTheExactNonEmptyPathname() throws Exception {
    vercel.blobs.put("manifests/vid.json.bak", new FakeVercelBlob.Stored(new byte[5], "x/y"));
    vercel.blobs.put("manifests/vid.jsonx", new FakeVercelBlob.Stored(new byte[5], "x/y"));
    BlobStore store = store();
    assertEquals(Optional.empty(), store.find("manifests/vid.json"));
    vercel.blobs.put("manifests/vid.json", new FakeVercelBlob.Stored(new byte[0], "x/y"));
    assertEquals(Optional.empty(), store.find("manifests/vid.json"));
    vercel.blobs.put("manifests/vid.json", new FakeVercelBlob.Stored(new byte[3], "x/y"));
    assertEquals(Optional.of(vercel.publicBase() + "manifests/vid.json"),
        store.find("manifests/vid.json"));
    // More than the 10 a look-up asks for share the key's start: the key, sorted first, is found.
    for (int n = 10; n < 30; n++) {
      vercel.blobs.put("manifests/vid.json.bak" + n, new FakeVercelBlob.Stored(new byte[1], "x/y"));
    }
    assertEquals(Optional.of(vercel.publicBase() + "manifests/vid.json"),
        store.find("manifests/vid.json"));
  }

  @Test
  void retriesServerErrorsAndRateLimits() throws Exception {
    vercel.failNext(2, 503, "service_unavailable", null);
    vercel.failNext(1, 429, "rate_limited", "1");
    long start = System.nanoTime();
    store().put("slides/v/1-first.webp", new byte[] {1, 2}, "image/webp");
    long waitedMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(4, vercel.apiCalls.get());
    assertTrue(waitedMillis >= 1000, "retry-after: 1 must be honoured, waited " + waitedMillis);
  }

  /**
   * retry-after may say hours: the call fails at once, saying so, instead of holding its thread
   * (the timeout only stops the test that would otherwise sleep an hour).
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aRetryAfterLongerThanAMinuteFailsAtOnce() {
    vercel.failNext(1, 429, "rate_limited", "3600");
    VercelBlobStoreException e = assertThrows(VercelBlobStoreException.class,
        () -> store().put("slides/v/1-first.webp", new byte[] {1}, "image/webp"));
    assertEquals(1, vercel.apiCalls.get());
    assertEquals("rate_limited", e.code());
    assertTrue(e.retryable());
    assertTrue(e.getMessage().endsWith("(HTTP 429); it asks to wait 3600 s before trying again,"
        + " longer than the 60 s this store waits"), e.getMessage());
  }

  @Test
  void givesUpAfterTheRetriesWithAClearError() {
    vercel.failNext(10, 500, "internal_server_error", null);
    VercelBlobStoreException e = assertThrows(VercelBlobStoreException.class,
        () -> store().put("slides/v/1-first.webp", new byte[] {1}, "image/webp"));
    assertEquals(5, vercel.apiCalls.get());
    assertTrue(e.getMessage().contains("slides/v/1-first.webp"), e.getMessage());
    assertTrue(e.retryable());
  }

  @Test
  void neverRetriesForbiddenOrBadRequestAndNeverLeaksTheToken() {
    VercelBlobStore wrong = store("vercel_blob_rw_" + FakeVercelBlob.STORE + "_wrongsecret");
    VercelBlobStoreException e = assertThrows(VercelBlobStoreException.class,
        () -> wrong.put("slides/v/1-first.webp", new byte[] {1}, "image/webp"));
    assertEquals("forbidden", e.code());
    assertFalse(e.retryable());
    assertEquals(1, vercel.apiCalls.get());
    assertTrue(e.getMessage().contains("BLOB_READ_WRITE_TOKEN"), e.getMessage());
    assertFalse(e.getMessage().contains("wrongsecret"));
    assertFalse(wrong.describe().contains("wrongsecret"));

    vercel.failNext(1, 400, "bad_request", null);
    VercelBlobStoreException bad = assertThrows(VercelBlobStoreException.class,
        () -> store().put("slides/v/2-first.webp", new byte[] {1}, "image/webp"));
    assertEquals("bad_request", bad.code());
    assertEquals(2, vercel.apiCalls.get());
  }

  /**
   * Each setting is checked when it is given, in words naming it: a null backoff used to fail
   * only at the first retry, when the network was already down, and a wrong API URL only at
   * build(). One setter per setting, as slides-core's options have (retries and the backoff
   * were set together).
   */
  @Test
  void settingsAreCheckedWhenGiven() {
    VercelBlobStore.Builder builder = VercelBlobStore.builder(FakeVercelBlob.TOKEN);
    assertEquals("initialBackoff must not be null",
        assertThrows(NullPointerException.class, () -> builder.initialBackoff(null)).getMessage());
    assertEquals("retries must not be negative, got -1", assertThrows(
        IllegalArgumentException.class, () -> builder.retries(-1)).getMessage());
    assertEquals("initialBackoff must not be negative, got PT-0.001S", assertThrows(
        IllegalArgumentException.class,
        () -> builder.initialBackoff(Duration.ofMillis(-1))).getMessage());
    assertEquals("Vercel Blob API URL (VERCEL_BLOB_API_URL) is not an http(s) URL such as"
        + " https://vercel.com/api/blob: \"vercel.com/api/blob\"", assertThrows(
        IllegalArgumentException.class, () -> builder.apiUrl("vercel.com/api/blob")).getMessage());
    assertEquals("apiUrl must not be null",
        assertThrows(NullPointerException.class, () -> builder.apiUrl(null)).getMessage());
    assertEquals("token must not be null",
        assertThrows(NullPointerException.class, () -> VercelBlobStore.builder(null)).getMessage());
  }

  /** A wrong VERCEL_BLOB_API_URL that lands on a web page: no retries, no parser message. */
  @Test
  void anApiThatAnswersAWebPageIsNamedNotRetried() throws Exception {
    HttpServer page = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicInteger calls = new AtomicInteger();
    page.createContext("/", ex -> {
      try (ex) {
        calls.incrementAndGet();
        byte[] html = "<!DOCTYPE html><title>Welcome</title>".getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("content-type", "text/html");
        ex.sendResponseHeaders(200, html.length);
        ex.getResponseBody().write(html);
      }
    });
    page.start();
    try {
      String api = "http://127.0.0.1:" + page.getAddress().getPort() + "/api/blob";
      VercelBlobStore store = VercelBlobStore.builder(FakeVercelBlob.TOKEN).apiUrl(api)
          .retries(3).initialBackoff(Duration.ofMillis(1)).build();
      VercelBlobStoreException e = assertThrows(VercelBlobStoreException.class,
          () -> store.put("manifests/v.json", new byte[] {1}, "application/json"));
      assertEquals("Vercel Blob's API at " + api + " answered upload manifests/v.json with no"
          + " JSON (HTTP 200, text/html): check VERCEL_BLOB_API_URL", e.getMessage());
      assertFalse(e.retryable());
      assertEquals(1, calls.get());
    } finally {
      page.stop(0);
    }
  }

  @Test
  void aStoreThatCannotBeReachedFailsClearly() {
    VercelBlobStore nowhere = VercelBlobStore.builder(FakeVercelBlob.TOKEN)
        .apiUrl("http://127.0.0.1:1/api/blob").retries(1).initialBackoff(Duration.ofMillis(1))
        .build();
    VercelBlobStoreException e = assertThrows(VercelBlobStoreException.class,
        () -> nowhere.find("manifests/x.json"));
    assertEquals("network", e.code());
    assertTrue(e.getMessage().contains("Cannot reach Vercel Blob"), e.getMessage());
  }
}
