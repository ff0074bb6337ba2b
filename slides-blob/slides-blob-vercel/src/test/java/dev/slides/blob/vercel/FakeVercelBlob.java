package dev.slides.blob.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Vercel Blob that enforces the REST protocol of {@code @vercel/blob}:
 * bearer token, API version, public access, no random suffix, explicit overwrite, content type,
 * cache max-age of at least 60 s, deletes by URL ({@code POST /delete} with
 * {@code {"urls": [...]}}), lists a page at a time with a cursor for the next, JSON answers and {@code {"error": {"code", "message"}}}
 * errors. Objects are readable at {@code /public/{pathname}} like the public store domain.
 * Faults can be queued to test retries. Public for other modules' tests (the
 * slides-blob-vercel test-jar): configure a store with {@link #TOKEN} and {@link #apiUrl()}.
 */
public final class FakeVercelBlob implements AutoCloseable {
  public static final String STORE = "AbCdEf123";
  public static final String TOKEN = "vercel_blob_rw_" + STORE + "_s3cr3tS3cr3tS3cr3t";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One stored blob. */
  public record Stored(byte[] bytes, String contentType) {}

  record Fault(int status, String code, String retryAfter) {}

  /** Where a list page ended: the next one starts after {@code after}. */
  private record Cursor(String prefix, String mode, String after) {}

  /** Blobs by pathname. */
  public final Map<String, Stored> blobs = new ConcurrentHashMap<>();
  final Deque<Fault> faults = new ArrayDeque<>();
  final AtomicInteger apiCalls = new AtomicInteger();
  /** The list pages answered. */
  public final AtomicInteger listCalls = new AtomicInteger();
  /** How many URLs each {@code POST /delete} answered carried, in order. */
  public final List<Integer> deleteRequests = new CopyOnWriteArrayList<>();
  private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
  private volatile int pageSize = 1000;
  private final HttpServer server;

  /** Starts the fake on a free loopback port. */
  public FakeVercelBlob() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/api/blob", this::api);
    server.createContext("/public/", this::publicRead);
    server.start();
  }

  /** What {@code VERCEL_BLOB_API_URL} must be set to. */
  public String apiUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/blob";
  }

  /** Where stored blobs are readable, like the public store domain; ends with a slash. */
  public String publicBase() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/public/";
  }

  /**
   * The next {@code times} API calls fail with this status and error code, and a
   * {@code retry-after} header when {@code retryAfter} is not null.
   */
  public synchronized void failNext(int times, int status, String code, String retryAfter) {
    for (int i = 0; i < times; i++) {
      faults.add(new Fault(status, code, retryAfter));
    }
  }

  private synchronized Fault nextFault() {
    return faults.poll();
  }

  private void api(HttpExchange ex) throws IOException {
    try (ex) {
      apiCalls.incrementAndGet();
      byte[] body = ex.getRequestBody().readAllBytes();
      if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("authorization"))) {
        error(ex, 403, "forbidden", "Access denied, please provide a valid token for this resource.");
        return;
      }
      if (ex.getRequestHeaders().getFirst("x-api-version") == null) {
        error(ex, 400, "bad_request", "Missing x-api-version");
        return;
      }
      Fault fault = nextFault();
      if (fault != null) {
        if (fault.retryAfter != null) {
          ex.getResponseHeaders().add("retry-after", fault.retryAfter);
        }
        error(ex, fault.status, fault.code, "Injected fault");
        return;
      }
      if (ex.getRequestURI().getPath().equals("/api/blob/delete")) {
        if (ex.getRequestMethod().equals("POST")) {
          delete(ex, body);
        } else {
          error(ex, 405, "bad_request", "Method not allowed");
        }
        return;
      }
      if (!ex.getRequestURI().getPath().equals("/api/blob/")) {
        error(ex, 404, "not_found", "No such route");
        return;
      }
      Map<String, String> query = query(ex.getRequestURI().getRawQuery());
      switch (ex.getRequestMethod()) {
        case "PUT" -> put(ex, query, body);
        case "GET" -> list(ex, query);
        default -> error(ex, 405, "bad_request", "Method not allowed");
      }
    }
  }

  private void put(HttpExchange ex, Map<String, String> query, byte[] body) throws IOException {
    String pathname = query.get("pathname");
    var h = ex.getRequestHeaders();
    if (pathname == null || pathname.isEmpty()) {
      error(ex, 400, "bad_request", "pathname is required");
    } else if (!"public".equals(h.getFirst("x-vercel-blob-access"))) {
      error(ex, 400, "bad_request", "access must be \"public\"");
    } else if (!"0".equals(h.getFirst("x-add-random-suffix"))) {
      error(ex, 400, "bad_request", "expected x-add-random-suffix: 0 for exact keys");
    } else if (h.getFirst("x-content-type") == null) {
      error(ex, 400, "bad_request", "x-content-type missing");
    } else if (h.getFirst("x-cache-control-max-age") == null
        || Long.parseLong(h.getFirst("x-cache-control-max-age")) < 60) {
      error(ex, 400, "bad_request", "cacheControlMaxAge must be at least 60");
    } else if (blobs.containsKey(pathname) && !"1".equals(h.getFirst("x-allow-overwrite"))) {
      error(ex, 400, "bad_request", "This blob already exists, use allowOverwrite: true");
    } else {
      blobs.put(pathname, new Stored(body, h.getFirst("x-content-type")));
      ObjectNode answer = JSON.createObjectNode()
          .put("url", publicBase() + pathname)
          .put("downloadUrl", publicBase() + pathname + "?download=1")
          .put("pathname", pathname)
          .put("contentType", h.getFirst("x-content-type"))
          .put("contentDisposition", "inline");
      send(ex, 200, answer.toString());
    }
  }

  /**
   * Answers at most this many blobs per list page, whatever the limit asked for (default 1000,
   * the API's own most): the service may give fewer than asked, and a client must follow
   * {@code cursor} while {@code hasMore}.
   */
  public void pageSize(int blobs) {
    if (blobs < 1) {
      throw new IllegalArgumentException("a page holds at least one blob");
    }
    this.pageSize = blobs;
  }

  /**
   * {@code GET ?prefix=&limit=&cursor=&mode=}: the blobs whose pathname starts with the prefix,
   * by pathname, a page of at most {@code limit} (1 to 1000, default 1000) at a time. While
   * {@code hasMore}, the answer's {@code cursor} asks for the next page; a cursor the fake did
   * not give for the same prefix and mode is refused. {@code mode=folded} answers the blobs
   * right in the prefix's folder and the {@code folders} below it.
   */
  private void list(HttpExchange ex, Map<String, String> query) throws IOException {
    String prefix = query.getOrDefault("prefix", "");
    String mode = query.getOrDefault("mode", "expanded");
    if (!mode.equals("expanded") && !mode.equals("folded")) {
      error(ex, 400, "bad_request", "mode must be expanded or folded");
      return;
    }
    int limit = 1000;
    if (query.containsKey("limit")) {
      String raw = query.get("limit");
      if (!raw.matches("[0-9]{1,4}") || Integer.parseInt(raw) < 1
          || Integer.parseInt(raw) > 1000) {
        error(ex, 400, "bad_request", "limit must be between 1 and 1000");
        return;
      }
      limit = Integer.parseInt(raw);
    }
    String after = "";
    if (query.containsKey("cursor")) {
      Cursor cursor = cursors.get(query.get("cursor"));
      if (cursor == null || !cursor.prefix.equals(prefix) || !cursor.mode.equals(mode)) {
        error(ex, 400, "bad_request", "Invalid cursor");
        return;
      }
      after = cursor.after;
    }
    // Folded: a blob deeper down stands for its folder, listed once.
    TreeMap<String, String> entries = new TreeMap<>(); // sort name -> pathname, or folder
    for (String path : blobs.keySet()) {
      if (!path.startsWith(prefix)) {
        continue;
      }
      int slash = path.indexOf('/', prefix.length());
      if (mode.equals("folded") && slash >= 0) {
        String folder = path.substring(0, slash + 1);
        entries.put(folder, folder);
      } else {
        entries.put(path, path);
      }
    }
    ArrayNode list = JSON.createArrayNode();
    ArrayNode folders = JSON.createArrayNode();
    int size = Math.min(limit, pageSize);
    String last = null;
    boolean more = false;
    for (String name : entries.tailMap(after, false).keySet()) {
      if (list.size() + folders.size() == size) {
        more = true;
        break;
      }
      last = name;
      Stored stored = blobs.get(name);
      if (name.endsWith("/") || stored == null) {
        folders.add(name);
      } else {
        list.addObject().put("url", publicBase() + name)
            .put("downloadUrl", publicBase() + name + "?download=1").put("pathname", name)
            .put("size", stored.bytes.length).put("uploadedAt", "2025-01-01T00:00:00.000Z")
            .put("etag", "\"" + Integer.toHexString(Arrays.hashCode(stored.bytes))
                + "\"");
      }
    }
    ObjectNode answer = JSON.createObjectNode().put("hasMore", more);
    answer.set("blobs", list);
    if (more) {
      String token = UUID.randomUUID().toString();
      cursors.put(token, new Cursor(prefix, mode, last));
      answer.put("cursor", token);
    }
    if (mode.equals("folded")) {
      answer.set("folders", folders);
    }
    listCalls.incrementAndGet();
    send(ex, 200, answer.toString());
  }

  /**
   * {@code POST /delete} with the JSON body {@code {"urls": [...]}}, the blobs' URLs: each is
   * removed; a URL with no blob is no error, as with the real API.
   */
  private void delete(HttpExchange ex, byte[] body) throws IOException {
    String type = ex.getRequestHeaders().getFirst("content-type");
    if (type == null || !type.startsWith("application/json")) {
      error(ex, 400, "bad_request", "Expected a JSON body");
      return;
    }
    JsonNode urls;
    try {
      urls = JSON.readTree(body).path("urls");
    } catch (IOException e) {
      error(ex, 400, "bad_request", "Invalid JSON body");
      return;
    }
    if (!urls.isArray() || urls.isEmpty()) {
      error(ex, 400, "bad_request", "urls must be a non-empty array");
      return;
    }
    for (JsonNode url : urls) {
      if (!url.isTextual() || !url.asText().startsWith(publicBase())) {
        error(ex, 400, "bad_request", "Not a blob URL of this store: " + url);
        return;
      }
    }
    for (JsonNode url : urls) {
      blobs.remove(url.asText().substring(publicBase().length()));
    }
    deleteRequests.add(urls.size());
    send(ex, 200, "{}");
  }

  private void publicRead(HttpExchange ex) throws IOException {
    try (ex) {
      String pathname = ex.getRequestURI().getPath().substring("/public/".length());
      Stored stored = blobs.get(pathname);
      if (stored == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      ex.getResponseHeaders().add("content-type", stored.contentType);
      ex.sendResponseHeaders(200, stored.bytes.length);
      ex.getResponseBody().write(stored.bytes);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  private static void error(HttpExchange ex, int status, String code, String message)
      throws IOException {
    ObjectNode answer = JSON.createObjectNode();
    answer.putObject("error").put("code", code).put("message", message);
    send(ex, status, answer.toString());
  }

  private static void send(HttpExchange ex, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("content-type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
