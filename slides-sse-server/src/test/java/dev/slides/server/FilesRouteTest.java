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
}
