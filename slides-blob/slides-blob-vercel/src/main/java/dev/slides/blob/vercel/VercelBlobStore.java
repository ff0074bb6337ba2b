package dev.slides.blob.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.slides.BlobStore;
import dev.slides.internal.store.BlobKeys;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BlobStore} on Vercel Blob, speaking the REST protocol of the official
 * {@code @vercel/blob} SDK: public objects at exactly their key (no random suffix, overwrites
 * allowed), so a consumer finds {@code https://{storeId}.public.blob.vercel-storage.com/{key}}.
 *
 * <p>Network errors, 5xx answers and {@code rate_limited} are retried with exponential backoff
 * and jitter ({@code retry-after} is honoured up to 60 s; a longer one fails the call at once,
 * retryable); {@code forbidden}, {@code bad_request} and other client errors are not. The token
 * never appears in logs or messages.
 */
public final class VercelBlobStore implements BlobStore {
  private static final Logger log = LoggerFactory.getLogger(VercelBlobStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * The API the official SDK talks to; {@link Builder#apiUrl} overrides it (the command line
   * reads {@code VERCEL_BLOB_API_URL}).
   */
  public static final String DEFAULT_API_URL = "https://vercel.com/api/blob";
  static final String API_VERSION = "12";
  private static final long IMAGE_MAX_AGE = 365L * 24 * 3600;
  private static final long MANIFEST_MAX_AGE = 60; // the minimum Vercel accepts
  /** The longest {@code retry-after} waited out; a longer one fails the call at once. */
  private static final long MAX_RETRY_AFTER_MILLIS = 60_000;
  /** Most URLs one {@code POST /delete} carries (see {@link #deleteAll}). */
  static final int DELETE_BATCH = 1000;

  private final String token;
  private final String storeId;
  private final HttpUrl api;
  private final OkHttpClient http;
  private final int retries;
  private final Duration initialBackoff;
  /**
   * What a blob's URL is before its pathname ({@code https://{storeId}.public.blob.vercel-storage
   * .com/}), learnt from the first put's answer; null before.
   */
  private volatile String publicBase;

  private VercelBlobStore(Builder b) {
    this.token = b.token;
    this.storeId = b.storeId;
    this.api = b.apiUrl;
    this.http = b.http != null ? b.http : new OkHttpClient.Builder()
        .connectTimeout(20, TimeUnit.SECONDS)
        .readTimeout(120, TimeUnit.SECONDS)
        .writeTimeout(120, TimeUnit.SECONDS)
        .build();
    this.retries = b.retries;
    this.initialBackoff = b.initialBackoff;
  }

  /**
   * Settings for a store reached with {@code token}, a {@code BLOB_READ_WRITE_TOKEN}
   * ({@code vercel_blob_rw_<store>_<secret>}).
   *
   * @throws IllegalArgumentException when the token is not a read-write token (the message does
   *     not repeat it)
   */
  public static Builder builder(String token) {
    return new Builder(token);
  }

  /** Settings of a store; each is checked when it is set. */
  public static final class Builder {
    private final String token;
    private final String storeId;
    private HttpUrl apiUrl = HttpUrl.get(DEFAULT_API_URL);
    private OkHttpClient http;
    private int retries = 5;
    private Duration initialBackoff = Duration.ofMillis(300);

    private Builder(String token) {
      // Checked here, not at build(): a client token would otherwise pass every setter first.
      this.storeId = storeIdOf(Objects.requireNonNull(token, "token must not be null"));
      this.token = token;
    }

    /**
     * Another API address (a proxy, a test stand-in); default {@link #DEFAULT_API_URL}.
     *
     * @throws IllegalArgumentException when it is not an http(s) URL
     */
    public Builder apiUrl(String apiUrl) {
      Objects.requireNonNull(apiUrl, "apiUrl must not be null");
      HttpUrl parsed = HttpUrl.parse(apiUrl);
      if (parsed == null) {
        // HttpUrl.get's own message ("Expected URL scheme 'http' or 'https'") names no setting
        throw new IllegalArgumentException("Vercel Blob API URL (VERCEL_BLOB_API_URL) is not an"
            + " http(s) URL such as " + DEFAULT_API_URL + ": \"" + apiUrl + "\"");
      }
      this.apiUrl = parsed;
      return this;
    }

    /**
     * The OkHttp client to call through (its pools and timeouts); null, the default, makes one
     * with a 20 s connect and 120 s read and write timeout. The store never shuts it down.
     */
    public Builder httpClient(OkHttpClient http) {
      this.http = http;
      return this;
    }

    /**
     * Retries of a call that failed in a way worth retrying (default 5), the first after
     * {@link #initialBackoff}; 0 tries each call once.
     *
     * @throws IllegalArgumentException when it is negative
     */
    public Builder retries(int retries) {
      // Checked here rather than at the first retry, when the network is already failing.
      if (retries < 0) {
        throw new IllegalArgumentException("retries must not be negative, got " + retries);
      }
      this.retries = retries;
      return this;
    }

    /**
     * The wait before the first retry (default 300 ms); each later one waits about twice as
     * long as the one before, with jitter.
     *
     * @throws IllegalArgumentException when it is negative
     */
    public Builder initialBackoff(Duration initialBackoff) {
      Objects.requireNonNull(initialBackoff, "initialBackoff must not be null");
      if (initialBackoff.isNegative()) {
        throw new IllegalArgumentException(
            "initialBackoff must not be negative, got " + initialBackoff);
      }
      this.initialBackoff = initialBackoff;
      return this;
    }

    /** The store; it opens no connection yet. */
    public VercelBlobStore build() {
      return new VercelBlobStore(this);
    }
  }

  /** The store id: the 4th {@code _}-separated part of {@code vercel_blob_rw_<id>_<secret>}. */
  static String storeIdOf(String token) {
    String[] parts = token.split("_");
    // A client upload token (vercel_blob_client_...) splits the same way but cannot list or put
    if (!token.startsWith("vercel_blob_rw_") || parts.length < 5 || parts[3].isEmpty()) {
      throw new IllegalArgumentException(
          "Not a Vercel Blob read-write token (expected vercel_blob_rw_<store>_<secret>)");
    }
    return parts[3];
  }

  /** The store's id, from the token: the host of its public URLs starts with it. */
  public String storeId() {
    return storeId;
  }

  @Override
  public String put(String key, byte[] content, String contentType) throws IOException {
    BlobKeys.requireValid(key);
    HttpUrl url = api.newBuilder().addPathSegment("").addQueryParameter("pathname", key).build();
    long maxAge = key.endsWith(".json") ? MANIFEST_MAX_AGE : IMAGE_MAX_AGE;
    JsonNode answer = call("upload " + key, attempt -> request(url, attempt)
        .put(RequestBody.create(content, MediaType.parse(contentType)))
        .header("x-vercel-blob-access", "public")
        .header("x-content-type", contentType)
        .header("x-add-random-suffix", "0")
        .header("x-allow-overwrite", "1")
        .header("x-cache-control-max-age", Long.toString(maxAge))
        .header("x-content-length", Integer.toString(content.length))
        .build());
    String published = answer.path("url").asText(null);
    if (published == null) {
      throw new VercelBlobStoreException(
          "Vercel Blob answered the upload of " + key + " without a url", "bad_response", false,
          null);
    }
    if (publicBase == null && published.endsWith("/" + key)) {
      publicBase = published.substring(0, published.length() - key.length());
    }
    return published;
  }

  /**
   * Lists {@code key} as a prefix and takes the blob at exactly that pathname. The API lists by
   * pathname, sorted (vercel/storage#533), and the key sorts before every other pathname it
   * starts ({@code manifests/a.json.bak}, ...): it is first on the first page whenever it
   * exists, however many blobs share the prefix.
   */
  @Override
  public Optional<String> find(String key) throws IOException {
    BlobKeys.requireValid(key);
    HttpUrl url = api.newBuilder().addPathSegment("")
        .addQueryParameter("prefix", key)
        .addQueryParameter("limit", "10")
        .build();
    JsonNode answer = call("list " + key, attempt -> request(url, attempt).get().build());
    for (JsonNode blob : answer.path("blobs")) {
      if (key.equals(blob.path("pathname").asText()) && blob.path("size").asLong() > 0) {
        return Optional.of(blob.path("url").asText());
      }
    }
    return Optional.empty();
  }

  /**
   * The list API ({@code GET ?prefix=&limit=1000}), page after page while it says
   * {@code hasMore}, each next page asked for with the {@code cursor} the last one gave.
   * Pathnames this store would refuse (blobs other tools put there) are left out.
   */
  @Override
  public List<String> list(String prefix) throws IOException {
    BlobKeys.requireValidPrefix(prefix);
    // A blob put meanwhile may show on two pages: a map holds it once.
    return new ArrayList<>(new TreeSet<>(listUrls(prefix).keySet()));
  }

  /** The URL of each valid pathname that starts with {@code prefix}, every page. */
  private Map<String, String> listUrls(String prefix) throws IOException {
    String what = "list " + (prefix.isEmpty() ? "the store's blobs" : "the blobs under " + prefix);
    Map<String, String> urls = new HashMap<>();
    String cursor = null;
    do {
      HttpUrl.Builder url = api.newBuilder().addPathSegment("").addQueryParameter("limit", "1000");
      if (!prefix.isEmpty()) {
        url.addQueryParameter("prefix", prefix);
      }
      if (cursor != null) {
        url.addQueryParameter("cursor", cursor);
      }
      HttpUrl page = url.build();
      JsonNode answer = call(what, attempt -> request(page, attempt).get().build());
      for (JsonNode blob : answer.path("blobs")) {
        String pathname = blob.path("pathname").asText("");
        if (pathname.startsWith(prefix) && BlobKeys.isValid(pathname)) {
          urls.put(pathname, blob.path("url").asText());
        }
      }
      boolean more = answer.path("hasMore").asBoolean(false);
      String next = more ? answer.path("cursor").asText(null) : null;
      if (more && (next == null || next.equals(cursor))) {
        // Asking again without a new cursor would give the same page for ever.
        throw new VercelBlobStoreException("Vercel Blob answered " + what
            + " with more to come but no new cursor to ask for it", "bad_response", false, null);
      }
      cursor = next;
    } while (cursor != null);
    return urls;
  }

  /**
   * Asks the API to delete the blob ({@code POST /delete} with {@code {"urls": [url]}}, as the
   * official SDK's {@code del} does), by the URL {@link #deleteAll} finds for it: one request
   * once the store has put a blob, a list request more before. The API answers a URL with no
   * blob like one it deleted.
   */
  @Override
  public void delete(String key) throws IOException {
    BlobKeys.requireValid(key);
    List<String> urls = new ArrayList<>(urlsOf(List.of(key)).values());
    if (!urls.isEmpty()) {
      post(urls, "remove " + key);
    }
  }

  /**
   * One {@code POST /delete} per {@value #DELETE_BATCH} URLs. The API documents no limit (the
   * official SDK sends any number in one request); 1000, a list page's most, keeps a request
   * body near 100 KB and makes one request per page of a listed folder.
   *
   * <p>A blob's URL is its pathname after the store's public base, which the answer to a
   * {@link #put} gives ({@code url} ends with {@code pathname}): once this store has put a blob,
   * no key needs a request to find its URL, and a URL with no blob deletes nothing. Before, each
   * folder of the keys is listed once (its blobs' {@code url}s, page after page), and a key not
   * listed has nothing to delete. A batch the API refuses ends the call: its keys and those of
   * the batches after it are named by the {@link BlobStore.NotRemovedException}.
   */
  @Override
  public void deleteAll(Collection<String> keys) throws IOException {
    Set<String> distinct = new LinkedHashSet<>(keys);
    distinct.forEach(BlobKeys::requireValid);
    if (distinct.isEmpty()) {
      return;
    }
    Map<String, String> urls = urlsOf(distinct);
    List<String> keyList = new ArrayList<>(urls.keySet());
    for (int from = 0; from < keyList.size(); from += DELETE_BATCH) {
      List<String> batch = keyList.subList(from, Math.min(keyList.size(), from + DELETE_BATCH));
      try {
        post(batch.stream().map(urls::get).toList(),
            "remove " + BlobKeys.describeBatch(batch, "blob"));
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        throw new BlobStore.NotRemovedException(keyList.subList(from, keyList.size()),
            e.getMessage(), e);
      }
    }
  }

  /** Asks the API to delete the blobs at {@code urls}. */
  private void post(List<String> urls, String what) throws IOException {
    HttpUrl endpoint = api.newBuilder().addPathSegment("delete").build();
    ArrayNode list = JSON.createArrayNode();
    urls.forEach(list::add);
    byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().set("urls", list));
    call(what, attempt -> request(endpoint, attempt)
        .post(RequestBody.create(body, MediaType.parse("application/json")))
        .build());
  }

  /**
   * The URL of each key that may hold a blob, in the keys' order: every key, from the public
   * base this store learnt from a put; else those each folder's listing shows.
   */
  private Map<String, String> urlsOf(Collection<String> keys) throws IOException {
    Map<String, String> urls = new LinkedHashMap<>();
    String base = publicBase;
    if (base != null) {
      keys.forEach(key -> urls.put(key, base + key));
      return urls;
    }
    Map<String, String> listed = new HashMap<>();
    Set<String> prefixes = new LinkedHashSet<>();
    for (String key : keys) {
      int slash = key.lastIndexOf('/');
      // A key at the top has no folder to list but the whole store: list just its own name.
      prefixes.add(slash < 0 ? key : key.substring(0, slash + 1));
    }
    for (String prefix : prefixes) {
      listed.putAll(listUrls(prefix));
    }
    for (String key : keys) {
      if (listed.containsKey(key)) {
        urls.put(key, listed.get(key));
      }
    }
    return urls;
  }

  /**
   * Finds the blob, then downloads it from its public URL (without the token: blob URLs are
   * public and live on another host than the API).
   */
  @Override
  public Optional<byte[]> read(String key) throws IOException {
    Optional<String> found = find(key);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    HttpUrl url = HttpUrl.parse(found.get());
    if (url == null) {
      throw new VercelBlobStoreException("Vercel Blob gave no usable URL for " + key,
          "unexpected_response", false, null);
    }
    try (Response response = http.newCall(new Request.Builder().url(url).get().build())
        .execute()) {
      if (response.code() == 404) {
        return Optional.empty(); // deleted since it was listed
      }
      if (!response.isSuccessful()) {
        throw new VercelBlobStoreException("Vercel Blob answered " + response.code()
            + " when reading " + key, "http_" + response.code(), response.code() >= 500, null);
      }
      byte[] content = response.body().bytes();
      return content.length == 0 ? Optional.empty() : Optional.of(content);
    } catch (InterruptedIOException e) {
      throw e;
    } catch (VercelBlobStoreException e) {
      throw e;
    } catch (IOException e) {
      throw new VercelBlobStoreException("Cannot reach Vercel Blob to read " + key + ": "
          + e.getMessage(), "network", true, e);
    }
  }

  private Request.Builder request(HttpUrl url, int attempt) {
    return new Request.Builder().url(url)
        .header("authorization", "Bearer " + token)
        .header("x-api-version", API_VERSION)
        .header("x-vercel-blob-store-id", storeId)
        .header("x-api-blob-request-id", storeId + ":" + System.currentTimeMillis() + ":"
            + Long.toHexString(ThreadLocalRandom.current().nextLong()))
        .header("x-api-blob-request-attempt", Integer.toString(attempt));
  }

  @FunctionalInterface
  private interface RequestFactory {
    Request create(int attempt);
  }

  private JsonNode call(String what, RequestFactory factory) throws IOException {
    for (int attempt = 0; ; attempt++) {
      long retryAfterMillis = -1;
      VercelBlobStoreException failure;
      try (Response response = http.newCall(factory.create(attempt)).execute()) {
        String body = response.body().string();
        if (response.isSuccessful()) {
          return answer(what, response, body);
        }
        failure = error(what, response.code(), body);
        String retryAfter = response.header("retry-after");
        if (retryAfter != null && retryAfter.strip().matches("\\d{1,6}")) {
          retryAfterMillis = Long.parseLong(retryAfter.strip()) * 1000;
        }
      } catch (InterruptedIOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw e;
        }
        failure = new VercelBlobStoreException("Vercel Blob timed out: " + what, "network", true,
            e);
      } catch (VercelBlobStoreException e) {
        throw e;
      } catch (IOException e) {
        failure = new VercelBlobStoreException("Cannot reach Vercel Blob to " + what + ": "
            + e.getMessage(), "network", true, e);
      }
      if (!failure.retryable() || attempt >= retries) {
        throw failure;
      }
      if (retryAfterMillis > MAX_RETRY_AFTER_MILLIS) {
        // A thread asleep for hours (the header allows 999999 s) holds a job at "uploading"
        // with no word; failing now says when to try again.
        throw new VercelBlobStoreException(failure.getMessage() + "; it asks to wait "
            + retryAfterMillis / 1000 + " s before trying again, longer than the "
            + MAX_RETRY_AFTER_MILLIS / 1000 + " s this store waits", failure.code(), true, null);
      }
      long wait = retryAfterMillis >= 0 ? retryAfterMillis : backoff(attempt);
      log.info("{}; retrying in {} ms ({}/{})", failure.getMessage(), wait, attempt + 1, retries);
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("Interrupted while waiting to retry: " + what);
      }
    }
  }

  /**
   * A successful answer's JSON. Anything else (a web page, when VERCEL_BLOB_API_URL points at
   * the wrong host) is no network trouble: it fails at once, without Jackson's parser message.
   */
  private JsonNode answer(String what, Response response, String body)
      throws VercelBlobStoreException {
    if (body.isEmpty()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      String type = response.header("content-type");
      throw new VercelBlobStoreException("Vercel Blob's API at " + api + " answered " + what
          + " with no JSON (HTTP " + response.code() + (type == null ? "" : ", " + type)
          + "): check VERCEL_BLOB_API_URL", "bad_response", false, e);
    }
  }

  private long backoff(int attempt) {
    long base = initialBackoff.toMillis() << Math.min(attempt, 10);
    return base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  /** Maps {@code {"error": {"code", "message"}}} to an exception that says what to do. */
  private static VercelBlobStoreException error(String what, int status, String body) {
    String code = null;
    String message = null;
    try {
      JsonNode error = JSON.readTree(body).path("error");
      code = error.path("code").asText(null);
      message = error.path("message").asText(null);
    } catch (IOException | RuntimeException e) {
      // not JSON: keep the status
    }
    if (code == null) {
      code = status >= 500 ? "service_unavailable" : "http_" + status;
    }
    boolean retryable = status >= 500 || status == 429
        || RETRYABLE_CODES.contains(code.toLowerCase(Locale.ROOT));
    if (NEVER_RETRIED_CODES.contains(code.toLowerCase(Locale.ROOT))) {
      retryable = false;
    }
    String hint = switch (code) {
      case "forbidden" -> " (check BLOB_READ_WRITE_TOKEN)";
      case "store_not_found" -> " (the store of BLOB_READ_WRITE_TOKEN does not exist)";
      case "store_suspended" -> " (the store is suspended)";
      case "file_too_large" -> " (object too large)";
      default -> "";
    };
    return new VercelBlobStoreException("Vercel Blob refused to " + what + ": " + code
        + (message == null ? "" : " - " + message) + hint + " (HTTP " + status + ")",
        code, retryable, null);
  }

  private static final Set<String> RETRYABLE_CODES = Set.of("rate_limited",
      "service_unavailable", "internal_server_error", "unknown_error");
  private static final Set<String> NEVER_RETRIED_CODES = Set.of("forbidden", "bad_request",
      "not_found", "store_not_found", "store_suspended", "file_too_large", "precondition_failed");

  @Override
  public String describe() {
    return "vercel-blob:" + storeId + " via " + api.host();
  }
}
