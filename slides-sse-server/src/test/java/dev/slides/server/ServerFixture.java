package dev.slides.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slides.BlobStore;
import dev.slides.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A running server plus the clients a test talks to it with. */
final class ServerFixture implements AutoCloseable {
  /** A body sent chunked, with no length, as streaming clients ({@code curl -T -}) send. */
  static RequestBody chunked(MediaType type, byte[] content) {
    return new RequestBody() {
      @Override
      public MediaType contentType() {
        return type;
      }

      @Override
      public long contentLength() {
        return -1;
      }

      @Override
      public void writeTo(okio.BufferedSink sink) throws IOException {
        sink.write(content);
      }
    };
  }

  static final String PASSWORD = "s3cret-token";
  static final ObjectMapper JSON = new ObjectMapper();

  final SlidesServer server;
  final OkHttpClient http = client();
  final HttpClient jdk = HttpClient.newHttpClient();

  private static OkHttpClient client() {
    okhttp3.Dispatcher dispatcher = new okhttp3.Dispatcher();
    dispatcher.setMaxRequests(1000);
    dispatcher.setMaxRequestsPerHost(1000);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .readTimeout(60, TimeUnit.SECONDS)
        .build();
  }

  /**
   * The tests' settings with a loopback video server {@code cdn} standing in for YouTube and
   * let through the address filter, which refuses loopback to callers otherwise.
   */
  static ServerSettings withVideosFrom(ServerSettings settings, VideoHttpServer cdn) {
    return settings.withYoutubeUrlTemplate(cdn.template()).withAllowedNetworks("127.0.0.0/8");
  }

  ServerFixture(ServerSettings settings) throws IOException {
    this(settings, null);
  }

  /** A server publishing to {@code store} (null: the local store). */
  ServerFixture(ServerSettings settings, BlobStore store) throws IOException {
    server = SlidesServer.start(settings, store);
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  Request.Builder request(String path) {
    return new Request.Builder().url(base() + path).header("Authorization", "Bearer " + PASSWORD);
  }

  record Answer(int status, JsonNode body, String text, okhttp3.Headers headers) {
    Answer(int status, JsonNode body, String text) {
      this(status, body, text, okhttp3.Headers.of());
    }

    /** The answer's {@code Retry-After}, or null. */
    String retryAfter() {
      return headers.get("Retry-After");
    }
  }

  Answer call(Request request) throws IOException {
    try (Response response = http.newCall(request).execute()) {
      String text = response.body().string();
      JsonNode body = null;
      try {
        body = JSON.readTree(text);
      } catch (IOException e) {
        // not JSON
      }
      return new Answer(response.code(), body, text, response.headers());
    }
  }

  Answer get(String path) throws IOException {
    return call(request(path).get().build());
  }

  Answer post(String path) throws IOException {
    return call(request(path).post(RequestBody.create(new byte[0], null)).build());
  }

  Answer postJson(String path, String json) throws IOException {
    return call(request(path).post(RequestBody.create(json, MediaType.get("application/json")))
        .build());
  }

  Answer delete(String path) throws IOException {
    return call(request(path).delete().build());
  }

  /**
   * Starts the job {@code id} on a video {@code cdn} holds, stops the server with no time for
   * running jobs once it downloads, and returns what the server logged about the jobs it
   * stopped.
   */
  java.util.List<String> stopPastTheTimeoutWhileDownloading(VideoHttpServer cdn, String id)
      throws Exception {
    cdn.hold(id + ".mp4");
    try {
      post("/process/youtube/" + id);
      awaitStatus(id, "downloading", Duration.ofSeconds(10));
      try (LogLines log = new LogLines(SlidesServer.class)) {
        server.shutdown(Duration.ZERO);
        return log.startingWith("1 job still running");
      }
    } finally {
      cdn.release(id + ".mp4");
    }
  }

  /** Waits until the job reaches {@code status}; returns its state. */
  JsonNode awaitStatus(String id, String status, Duration timeout) throws Exception {
    return Await.until(timeout, "job " + id + " to reach " + status, () -> get("/jobs/" + id),
        a -> a.status == 200 && status.equals(a.body.get("status").asText())).body;
  }

  byte[] fetch(String url) throws Exception {
    HttpResponse<byte[]> r = jdk.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + url + " -> " + r.statusCode());
    }
    return r.body();
  }

  @Override
  public void close() {
    server.close();
    http.dispatcher().executorService().shutdownNow();
    http.connectionPool().evictAll();
  }

  /**
   * Starts a daemon thread that adds each line of {@code body} to {@code lines}, then
   * {@code <closed>} at its end or {@code <error ...>} when reading fails; returns the thread.
   */
  static Thread readLines(java.io.InputStream body, java.util.Collection<String> lines) {
    Thread reader = new Thread(() -> {
      try (java.io.BufferedReader r = new java.io.BufferedReader(
          new java.io.InputStreamReader(body, java.nio.charset.StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
        lines.add("<closed>");
      } catch (IOException e) {
        lines.add("<error " + e + ">");
      }
    });
    reader.setDaemon(true);
    reader.start();
    return reader;
  }
}
