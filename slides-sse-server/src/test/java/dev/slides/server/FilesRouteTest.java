package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /files/}: the local store, and nothing outside it. */
class FilesRouteTest {
  @TempDir Path data;
  @TempDir Path outside;
  ServerFixture f;
  Path store;

  @BeforeEach
  void start() throws Exception {
    f = new ServerFixture(ServerSettings.forTests(data, ServerFixture.PASSWORD));
    store = Files.createDirectories(data.resolve("store"));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  HttpResponse<String> get(String key) throws Exception {
    return f.jdk.send(HttpRequest.newBuilder(URI.create(f.base() + "/files/" + key)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aLinkPlacedInTheStoreDoesNotServeWhatItPointsTo() throws Exception {
    Path secret = Files.writeString(outside.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh");
    Files.createDirectories(store.resolve("slides/v"));
    Files.createSymbolicLink(store.resolve("slides/v/1-first.webp"), secret);
    Files.createSymbolicLink(store.resolve("slides/w"), outside);
    Files.createDirectories(store.resolve("manifests"));
    Files.createSymbolicLink(store.resolve("manifests/etc.json"), Path.of("/etc/passwd"));
    for (String key : new String[] {"slides/v/1-first.webp", "slides/w/passwd",
        "manifests/etc.json"}) {
      HttpResponse<String> r = get(key);
      assertEquals(404, r.statusCode(), key + ": " + r.body());
      assertEquals("{\"detail\":\"Not Found\"}", r.body(), key);
    }
  }

  @Test
  void filesInTheStoreAreServed() throws Exception {
    byte[] image = {'R', 'I', 'F', 'F', 1, 2, 3};
    Files.createDirectories(store.resolve("slides/v"));
    Files.write(store.resolve("slides/v/1-first.webp"), image);
    HttpResponse<byte[]> r = f.jdk.send(HttpRequest.newBuilder(
        URI.create(f.base() + "/files/slides/v/1-first.webp")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    assertEquals("image/webp", r.headers().firstValue("content-type").orElse(""));
    assertArrayEquals(image, r.body());
    assertEquals(404, get("slides/v/2-first.webp").statusCode());
    assertEquals(404, get("slides/v").statusCode(), "no listing");
  }

  HttpResponse<byte[]> getBytes(String key, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.base() + "/files/" + key));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return f.jdk.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void rangesAreAnsweredWithPartsAndUnsatisfiableOnesWith416() throws Exception {
    byte[] image = new byte[1000];
    for (int i = 0; i < image.length; i++) {
      image[i] = (byte) i;
    }
    Files.createDirectories(store.resolve("slides/v"));
    Files.write(store.resolve("slides/v/1-first.webp"), image);
    HttpResponse<byte[]> part = getBytes("slides/v/1-first.webp", "Range", "bytes=100-199");
    assertEquals(206, part.statusCode());
    assertEquals("bytes 100-199/1000", part.headers().firstValue("content-range").orElse(""));
    assertArrayEquals(java.util.Arrays.copyOfRange(image, 100, 200), part.body());
    HttpResponse<byte[]> tail = getBytes("slides/v/1-first.webp", "Range", "bytes=-10");
    assertEquals(206, tail.statusCode());
    assertArrayEquals(java.util.Arrays.copyOfRange(image, 990, 1000), tail.body());
    HttpResponse<byte[]> beyond = getBytes("slides/v/1-first.webp", "Range", "bytes=1000-");
    assertEquals(416, beyond.statusCode());
    assertEquals("bytes */1000", beyond.headers().firstValue("content-range").orElse(""));
    assertEquals("bytes", getBytes("slides/v/1-first.webp").headers().firstValue("accept-ranges")
        .orElse(""));
  }

  @Test
  void etagAndLastModifiedMakeRepeatedRequestsCheap() throws Exception {
    Files.createDirectories(store.resolve("manifests"));
    Path manifest = store.resolve("manifests/v.json");
    Files.writeString(manifest, "{\"v\":{\"segments\":[]}}");
    HttpResponse<byte[]> first = getBytes("manifests/v.json");
    assertEquals(200, first.statusCode());
    assertEquals("application/json", first.headers().firstValue("content-type").orElse(""));
    assertEquals("no-cache", first.headers().firstValue("cache-control").orElse(""));
    String etag = first.headers().firstValue("etag").orElseThrow();
    String modified = first.headers().firstValue("last-modified").orElseThrow();

    HttpResponse<byte[]> same = getBytes("manifests/v.json", "If-None-Match", etag);
    assertEquals(304, same.statusCode());
    assertEquals(0, same.body().length);
    assertEquals(304, getBytes("manifests/v.json", "If-Modified-Since", modified).statusCode());

    // The store replaces a key whole (a new file): the old tag no longer matches.
    Files.writeString(manifest, "{\"v\":{\"segments\":[{}]}}");
    Files.setLastModifiedTime(manifest, java.nio.file.attribute.FileTime.fromMillis(
        System.currentTimeMillis() + 60_000));
    HttpResponse<byte[]> changed = getBytes("manifests/v.json", "If-None-Match", etag);
    assertEquals(200, changed.statusCode());
    assertEquals("{\"v\":{\"segments\":[{}]}}", new String(changed.body()));
  }

  @Test
  void headAnswersWithTheHeadersOnly() throws Exception {
    Files.createDirectories(store.resolve("slides/v"));
    Files.write(store.resolve("slides/v/1-last.webp"), new byte[321]);
    HttpResponse<byte[]> head = f.jdk.send(HttpRequest.newBuilder(
        URI.create(f.base() + "/files/slides/v/1-last.webp"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, head.statusCode());
    assertEquals("321", head.headers().firstValue("content-length").orElse(""));
    assertEquals("image/webp", head.headers().firstValue("content-type").orElse(""));
    assertEquals(0, head.body().length);
  }

  @Test
  void theDefaultAddressOfTheFilesIsAUrlForEveryListenAddress() {
    assertEquals("http://localhost:8080/files/", filesBaseUrl("0.0.0.0"));
    assertEquals("http://localhost:8080/files/", filesBaseUrl("::"));
    assertEquals("http://127.0.0.1:8080/files/", filesBaseUrl("127.0.0.1"));
    // An IPv6 literal needs its brackets, or the URLs in manifests cannot be opened.
    assertEquals("http://[::1]:8080/files/", filesBaseUrl("::1"));
    assertEquals("http://[::1]:8080/files/", URI.create(filesBaseUrl("::1")).toString());
  }

  String filesBaseUrl(String host) {
    return SlidesServer.filesBaseUrl(
        ServerSettings.builder().dataDirectory(data).insecure(true).host(host).build(), 8080);
  }
}
