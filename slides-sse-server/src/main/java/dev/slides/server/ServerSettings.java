package dev.slides.server;

import dev.slides.internal.download.AddressFilter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.Executor;

/**
 * Everything {@code slides serve} can be told (see the README's configuration table).
 * Immutable; made by {@link #builder()}, changed through {@link #toBuilder()}. Every setting
 * starts at the default the README gives; {@link Builder#build()} checks them all, naming the
 * environment variable and flag of a wrong one (operators set those). There is no
 * {@code defaults()}: the defaults alone are refused until a password is given or
 * {@code insecure} is set.
 */
public final class ServerSettings {
  private final String host;
  private final int port;
  private final Path dataDirectory;
  private final String apiPassword;
  private final boolean insecure;
  private final String publicBaseUrl;
  private final int imageQuality;
  private final int maxImageWidth;
  private final int concurrency;
  private final int queueCapacity;
  private final Duration downloadRetention;
  private final Duration shutdownTimeout;
  private final Duration heartbeat;
  private final Duration inactivityTimeout;
  private final Path ytDlp;
  private final String youtubeUrlTemplate;
  private final long maxDownloadBytes;
  private final int uploadConcurrency;
  private final Duration requestTimeout;
  private final Duration idleTimeout;
  private final Duration downloadStallTimeout;
  private final Duration downloadTimeout;
  private final String allowedNetworks;
  private final Duration storeLookupTimeout;
  /** When Redis calls time out: null, {@link #storeLookupTimeout} after each; a test's own. */
  private final JobStoreCalls.Timeouts jobStoreTimeouts;
  /** Runs store look-ups' timeout tasks: null, a clock; a test's own. */
  private final Executor storeLookupTimeouts;
  /** The web page's first wait before it asks again a server that did not answer. */
  private final Duration pageRetry;
  private final String redisUrl;
  private final Duration jobVisibility;
  private final Duration redisCommandTimeout;
  private final int maxAttempts;
  private final Duration finishedJobRetention;
  private final String nodeId;
  private final List<String> corsOrigins;
  private final boolean metricsPublic;
  private final boolean smallYouTubeRendition;
  private final boolean fullDecode;

  private ServerSettings(Builder b) {
    this.host = Objects.requireNonNull(b.host, "host");
    this.port = b.port;
    this.dataDirectory = Objects.requireNonNull(b.dataDirectory, "dataDirectory");
    if ((b.apiPassword == null || b.apiPassword.isEmpty()) && !b.insecure) {
      throw new IllegalArgumentException(
          "API_PASSWORD is not set: set it, or pass --insecure for local use without a password");
    }
    if (b.apiPassword != null && !b.apiPassword.isEmpty()
        && !b.apiPassword.equals(b.apiPassword.strip())) {
      // A header's value loses them on the way: the server would refuse every call.
      throw new IllegalArgumentException("API_PASSWORD / --api-password begins or ends with"
          + " spaces, which no Authorization header can carry: remove them");
    }
    this.apiPassword = b.apiPassword == null || b.apiPassword.isEmpty() ? null : b.apiPassword;
    this.insecure = b.insecure;
    this.publicBaseUrl = b.publicBaseUrl == null || b.publicBaseUrl.isBlank() ? null
        : b.publicBaseUrl.strip();
    if (publicBaseUrl != null && !isHttpUrl(publicBaseUrl)) {
      throw new IllegalArgumentException("SLIDES_PUBLIC_BASE_URL / --public-base-url must be an"
          + " http(s) URL, not \"" + publicBaseUrl + "\"");
    }
    this.imageQuality = b.imageQuality;
    this.maxImageWidth = b.maxImageWidth;
    this.concurrency = b.concurrency;
    this.queueCapacity = b.queueCapacity;
    this.downloadRetention = Objects.requireNonNull(b.downloadRetention, "downloadRetention");
    this.shutdownTimeout = Objects.requireNonNull(b.shutdownTimeout, "shutdownTimeout");
    this.heartbeat = Objects.requireNonNull(b.heartbeat, "heartbeat");
    this.inactivityTimeout = Objects.requireNonNull(b.inactivityTimeout, "inactivityTimeout");
    this.ytDlp = Objects.requireNonNull(b.ytDlp, "ytDlp");
    this.youtubeUrlTemplate = b.youtubeUrlTemplate == null || b.youtubeUrlTemplate.isBlank()
        ? null : b.youtubeUrlTemplate.strip();
    if (youtubeUrlTemplate != null && (!youtubeUrlTemplate.contains("{id}")
        || !isHttpUrl(youtubeUrlTemplate.replace("{id}", "x")))) {
      // Checked here: the source built from it at start-up threw a stack trace (exit 1).
      throw new IllegalArgumentException("SLIDES_YOUTUBE_URL_TEMPLATE / --youtube-url-template"
          + " must be an http(s) URL with {id} where the video id goes, such as"
          + " http://host/videos/{id}.mp4, not \"" + youtubeUrlTemplate + "\"");
    }
    this.maxDownloadBytes = b.maxDownloadBytes;
    this.uploadConcurrency = b.uploadConcurrency;
    this.requestTimeout = Objects.requireNonNull(b.requestTimeout, "requestTimeout");
    this.idleTimeout = Objects.requireNonNull(b.idleTimeout, "idleTimeout");
    this.downloadStallTimeout =
        Objects.requireNonNull(b.downloadStallTimeout, "downloadStallTimeout");
    this.downloadTimeout = Objects.requireNonNull(b.downloadTimeout, "downloadTimeout");
    this.allowedNetworks = Objects.requireNonNull(b.allowedNetworks, "allowedNetworks");
    try {
      AddressFilter.parse(allowedNetworks);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("SLIDES_ALLOWED_NETWORKS / --allowed-networks: "
          + e.getMessage(), e);
    }
    this.storeLookupTimeout = Objects.requireNonNull(b.storeLookupTimeout, "storeLookupTimeout");
    this.jobStoreTimeouts = b.jobStoreTimeouts;
    this.storeLookupTimeouts = b.storeLookupTimeouts;
    this.pageRetry = b.pageRetry;
    if (pageRetry.isNegative() || pageRetry.isZero()) {
      throw new IllegalArgumentException("The web page's retry wait must be positive, got "
          + pageRetry);
    }
    this.redisUrl = b.redisUrl == null || b.redisUrl.isBlank() ? null : b.redisUrl.strip();
    if (redisUrl != null && !isRedisUrl(redisUrl)) {
      throw new IllegalArgumentException("SLIDES_REDIS_URL / --redis-url must look like"
          + " redis://host:port[/db] (or rediss:// for TLS, with user:password@ before the host"
          + " if needed, characters such as @ and / in the password %-encoded; no Unix sockets)");
    }
    this.jobVisibility = Objects.requireNonNull(b.jobVisibility, "jobVisibility");
    positive(jobVisibility, "SLIDES_JOB_VISIBILITY_SECONDS / --job-visibility-seconds");
    this.redisCommandTimeout = Objects.requireNonNull(b.redisCommandTimeout,
        "redisCommandTimeout");
    positive(redisCommandTimeout,
        "SLIDES_REDIS_COMMAND_TIMEOUT_SECONDS / --redis-command-timeout-seconds");
    atLeast(b.maxAttempts, 1, "SLIDES_MAX_ATTEMPTS / --max-attempts");
    this.maxAttempts = b.maxAttempts;
    this.finishedJobRetention = Objects.requireNonNull(b.finishedJobRetention,
        "finishedJobRetention");
    if (finishedJobRetention.toSeconds() < 1) {
      // Given in hours, so refused in hours: "got 0.0 s" for "0.0001" would read as a bug.
      throw new IllegalArgumentException("SLIDES_FINISHED_JOB_RETENTION_HOURS"
          + " / --finished-job-retention-hours must be at least one second (0.0003 hours), got "
          + hours(finishedJobRetention) + " hours");
    }
    this.nodeId = b.nodeId == null || b.nodeId.isBlank() ? null : b.nodeId.strip();
    if (nodeId != null && !nodeId.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new IllegalArgumentException("SLIDES_NODE_ID / --node-id: use letters, digits, '.',"
          + " '_' and '-' (at most 100), not \"" + nodeId + "\"");
    }
    this.corsOrigins = parseOrigins(b.corsOrigins);
    this.metricsPublic = b.metricsPublic;
    this.smallYouTubeRendition = b.smallYouTubeRendition;
    this.fullDecode = b.fullDecode;
    // Checked here, where the message can name the setting, rather than deep in start-up,
    // where the same mistake would surface as a stack trace.
    within(port, 0, 65535, "PORT / --port");
    within(imageQuality, 0, 100, "SLIDE_IMAGE_QUALITY / --quality");
    atLeast(maxImageWidth, 16, "SLIDES_MAX_IMAGE_WIDTH / --max-width");
    atLeast(concurrency, 1, "SLIDES_CONCURRENCY / --concurrency");
    // Every job passes through the queue, even one that starts at once: 0 would refuse them all.
    atLeast(queueCapacity, 1, "SLIDES_QUEUE_CAPACITY / --queue-capacity");
    atLeast(uploadConcurrency, 1, "SLIDES_UPLOAD_CONCURRENCY / --upload-concurrency");
    atLeast(maxDownloadBytes, 1, "SLIDES_MAX_DOWNLOAD_MB / --max-download-mb");
    if (downloadRetention.isNegative()) {
      throw new IllegalArgumentException("DOWNLOAD_RETENTION_HOURS / --download-retention-hours"
          + " cannot be negative, got " + hours(downloadRetention) + " hours");
    }
    notNegative(shutdownTimeout,
        "GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS / --shutdown-timeout-seconds");
    positive(heartbeat, "SLIDES_SSE_HEARTBEAT_SECONDS / --heartbeat-seconds");
    positive(inactivityTimeout, "SLIDES_SSE_INACTIVITY_SECONDS / --inactivity-seconds");
    notNegative(requestTimeout,
        "SLIDES_REQUEST_TIMEOUT_SECONDS / --request-timeout-seconds (0 turns it off)");
    notNegative(idleTimeout,
        "SLIDES_IDLE_TIMEOUT_SECONDS / --idle-timeout-seconds (0 turns it off)");
    positive(downloadStallTimeout, "SLIDES_DOWNLOAD_STALL_SECONDS / --download-stall-seconds");
    positive(downloadTimeout, "SLIDES_DOWNLOAD_TIMEOUT_SECONDS / --download-timeout-seconds");
    positive(storeLookupTimeout,
        "SLIDES_STORE_LOOKUP_TIMEOUT_SECONDS / --store-lookup-timeout-seconds");
    if (!idleTimeout.isZero()
        && (heartbeat.isZero() || heartbeat.compareTo(idleTimeout) >= 0)) {
      throw new IllegalArgumentException("SLIDES_IDLE_TIMEOUT_SECONDS / --idle-timeout-seconds ("
          + seconds(idleTimeout) + ") must be longer than SLIDES_SSE_HEARTBEAT_SECONDS /"
          + " --heartbeat-seconds (" + seconds(heartbeat)
          + "), or event streams of quiet jobs would be closed");
    }
  }

  private static void atLeast(long value, long least, String setting) {
    if (value < least) {
      throw new IllegalArgumentException(setting + " must be at least " + least + ", got "
          + value);
    }
  }

  private static void within(long value, long least, long most, String setting) {
    atLeast(value, least, setting);
    if (value > most) {
      throw new IllegalArgumentException(setting + " must be at most " + most + ", got "
          + value);
    }
  }

  private static void notNegative(Duration d, String setting) {
    if (d.isNegative()) {
      throw new IllegalArgumentException(setting + " cannot be negative, got "
          + d.toMillis() / 1000.0 + " s");
    }
  }

  private static void positive(Duration d, String setting) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(setting + " must be positive, got "
          + d.toMillis() / 1000.0 + " s");
    }
  }

  /** An absolute http(s) URL with a host, as the local store's public address must be. */
  private static boolean isHttpUrl(String url) {
    try {
      java.net.URI uri = new java.net.URI(url);
      String scheme = uri.getScheme();
      return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
          && uri.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /**
   * {@code redis[s]://[[user]:password@]host[:port][/db]}: what the Redis client takes, checked
   * here so that a wrong one is a plain error at start-up rather than the client's stack trace.
   */
  private static boolean isRedisUrl(String url) {
    try {
      java.net.URI uri = new java.net.URI(url);
      return ("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme()))
          && uri.getHost() != null
          && (uri.getRawPath() == null || uri.getRawPath().matches("(/[0-9]*)?"));
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /**
   * {@code https://app.example.com, http://localhost:3000} or {@code *}: each origin is a scheme,
   * a host and an optional port, exactly as browsers send it in {@code Origin}.
   */
  private static List<String> parseOrigins(String text) {
    List<String> origins = new ArrayList<>();
    for (String part : (text == null ? "" : text).split(",")) {
      String origin = part.strip();
      if (origin.isEmpty()) {
        continue;
      }
      if (!origin.equals("*") && !origin.matches("https?://[A-Za-z0-9.\\-\\[\\]:]+")) {
        throw new IllegalArgumentException("SLIDES_CORS_ORIGINS / --cors-origins: \"" + origin
            + "\" is not an origin; write scheme://host[:port] with no path, e.g."
            + " https://app.example.com, or * for any");
      }
      origins.add(origin.replaceAll("/+$", ""));
    }
    return List.copyOf(origins);
  }

  /** {@code d} in hours as the user wrote them: {@code -1}, {@code 0.0001}, no exponent. */
  private static String hours(Duration d) {
    return BigDecimal.valueOf(d.toMillis())
        .divide(BigDecimal.valueOf(3_600_000), MathContext.DECIMAL64)
        .stripTrailingZeros().toPlainString();
  }

  private static String seconds(Duration d) {
    return d.isZero() ? "off" : d.toMillis() / 1000.0 + " s";
  }

  /** A builder with every setting at the README's default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Settings for this package's tests: loopback, a free port, short timeouts. It and the
   * {@code with...} shortcuts below are not API: embedders use {@link #builder()} or
   * {@link #toBuilder()}.
   */
  static ServerSettings forTests(Path dataDirectory, String password) {
    return builder().host("127.0.0.1").port(0).dataDirectory(dataDirectory)
        .apiPassword(password).insecure(password == null).concurrency(1)
        .shutdownTimeout(Duration.ofSeconds(30)).build();
  }

  /** Address to listen on. */
  public String host() {
    return host;
  }

  /** Port to listen on; 0 picks a free one. */
  public int port() {
    return port;
  }

  /** Holds the local store ({@code store/}), downloads, spool and job records. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** The bearer token every API call needs; null only when {@link #insecure()}. */
  public String apiPassword() {
    return apiPassword;
  }

  /** Run without a password (local use only). */
  public boolean insecure() {
    return insecure;
  }

  /**
   * Base of the URLs of the local store, served under {@code /files/}; null means
   * {@code http://{host}:{port}} with the port listened on, {@code localhost} standing for a
   * host of {@code 0.0.0.0} or {@code ::} (every address).
   */
  public String publicBaseUrl() {
    return publicBaseUrl;
  }

  /** WebP quality. */
  public int imageQuality() {
    return imageQuality;
  }

  /** Widest slide image. */
  public int maxImageWidth() {
    return maxImageWidth;
  }

  /** Jobs running at once. */
  public int concurrency() {
    return concurrency;
  }

  /** Jobs waiting at most. */
  public int queueCapacity() {
    return queueCapacity;
  }

  /** How long downloads are kept after their job. */
  public Duration downloadRetention() {
    return downloadRetention;
  }

  /** How long running jobs may finish on SIGTERM. */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /** SSE comment interval. */
  public Duration heartbeat() {
    return heartbeat;
  }

  /** SSE streams of jobs silent this long get an error event and close. */
  public Duration inactivityTimeout() {
    return inactivityTimeout;
  }

  /** The yt-dlp executable. */
  public Path ytDlp() {
    return ytDlp;
  }

  /** Replaces yt-dlp when set: {@code http://host/videos/{id}.mp4}; trusted configuration. */
  public String youtubeUrlTemplate() {
    return youtubeUrlTemplate;
  }

  /** Larger downloads are refused. */
  public long maxDownloadBytes() {
    return maxDownloadBytes;
  }

  /** Uploads of one job running at once. */
  public int uploadConcurrency() {
    return uploadConcurrency;
  }

  /**
   * How long a client may take to send a request's headers, and how long a kept-alive
   * connection may wait for its next request; zero turns both off.
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * A connection with no bytes in either direction this long is closed; zero turns it off. SSE
   * streams stay open through their heartbeats, so it must exceed the heartbeat interval.
   */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /**
   * A download connection that brings no byte for this long, or less than 1 KB/s on average
   * over it (a trickle), is dropped (and retried).
   */
  public Duration downloadStallTimeout() {
    return downloadStallTimeout;
  }

  /** Longest time one download may take. */
  public Duration downloadTimeout() {
    return downloadTimeout;
  }

  /**
   * Networks (comma-separated CIDRs) that the URLs of callers may reach besides public
   * addresses; empty for none.
   */
  public String allowedNetworks() {
    return allowedNetworks;
  }

  /**
   * Longest wait for the store when a request needs it (is there a manifest?) and for
   * readiness probes.
   */
  public Duration storeLookupTimeout() {
    return storeLookupTimeout;
  }

  /**
   * The Redis server that holds the jobs of several nodes ({@code redis://host:port[/db]}); null
   * keeps them in this process.
   */
  public String redisUrl() {
    return redisUrl;
  }

  /** With Redis: how long a worker may go without renewing a job before another takes it. */
  public Duration jobVisibility() {
    return jobVisibility;
  }

  /**
   * With Redis: how long a command waits for Redis's answer before it fails, in the workers, the
   * queue and the pub/sub of a job's updates (a request waits at most
   * {@link #storeLookupTimeout()} all the same).
   */
  public Duration redisCommandTimeout() {
    return redisCommandTimeout;
  }

  /**
   * With Redis: workers lost on one job (their node died or stopped answering) before it fails
   * as given up; a job handed back by a node that was stopped uses none (its first 20
   * hand-backs).
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * How long a completed or failed job's state is kept (default 7 days), in Redis, or in memory
   * and the job records (forgotten within 10 minutes after, or when the next job ends while
   * every worker is busy); the manifest in the store answers for it after that.
   */
  public Duration finishedJobRetention() {
    return finishedJobRetention;
  }

  /** This node's name among several; null means host name and process id. */
  public String nodeId() {
    return nodeId;
  }

  ServerSettings withRedis(String url, String nodeId) {
    return toBuilder().redisUrl(url).nodeId(nodeId).build();
  }

  /**
   * Origins whose browser pages may call the API ({@code Origin} header values, or {@code *}
   * for any); empty means no CORS headers at all.
   */
  public List<String> corsOrigins() {
    return corsOrigins;
  }

  /** Whether {@code /metrics} answers without the API password. */
  public boolean metricsPublic() {
    return metricsPublic;
  }

  /**
   * Whether a YouTube job analyses a small rendition (up to 360p) and takes the images from the
   * large one, rather than analysing the large one.
   */
  public boolean smallYouTubeRendition() {
    return smallYouTubeRendition;
  }

  /**
   * Whether every frame is decoded, rather than skipping the stretches the keyframes show to be
   * still: the same slides, several times slower; a fallback should a video defeat the
   * screening.
   */
  public boolean fullDecode() {
    return fullDecode;
  }

  /** Every setting by name, in the fields' order: what equals, hashCode and toString read. */
  private Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", host);
    m.put("port", port);
    m.put("dataDirectory", dataDirectory);
    m.put("apiPassword", apiPassword);
    m.put("insecure", insecure);
    m.put("publicBaseUrl", publicBaseUrl);
    m.put("imageQuality", imageQuality);
    m.put("maxImageWidth", maxImageWidth);
    m.put("concurrency", concurrency);
    m.put("queueCapacity", queueCapacity);
    m.put("downloadRetention", downloadRetention);
    m.put("shutdownTimeout", shutdownTimeout);
    m.put("heartbeat", heartbeat);
    m.put("inactivityTimeout", inactivityTimeout);
    m.put("ytDlp", ytDlp);
    m.put("youtubeUrlTemplate", youtubeUrlTemplate);
    m.put("maxDownloadBytes", maxDownloadBytes);
    m.put("uploadConcurrency", uploadConcurrency);
    m.put("requestTimeout", requestTimeout);
    m.put("idleTimeout", idleTimeout);
    m.put("downloadStallTimeout", downloadStallTimeout);
    m.put("downloadTimeout", downloadTimeout);
    m.put("allowedNetworks", allowedNetworks);
    m.put("storeLookupTimeout", storeLookupTimeout);
    m.put("redisUrl", redisUrl);
    m.put("jobVisibility", jobVisibility);
    m.put("redisCommandTimeout", redisCommandTimeout);
    m.put("maxAttempts", maxAttempts);
    m.put("finishedJobRetention", finishedJobRetention);
    m.put("nodeId", nodeId);
    m.put("corsOrigins", corsOrigins);
    m.put("metricsPublic", metricsPublic);
    m.put("smallYouTubeRendition", smallYouTubeRendition);
    m.put("fullDecode", fullDecode);
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServerSettings other && settings().equals(other.settings());
  }

  @Override
  public int hashCode() {
    return settings().hashCode();
  }

  /** Every setting, the password and a Redis URL's credentials masked: safe to log. */
  @Override
  public String toString() {
    Map<String, Object> shown = settings();
    shown.put("apiPassword", apiPassword == null ? null : "***");
    shown.put("redisUrl", redisUrl == null ? null : withoutCredentials(redisUrl));
    StringJoiner out = new StringJoiner(", ", "ServerSettings[", "]");
    shown.forEach((name, value) -> out.add(name + "=" + value));
    return out.toString();
  }

  /** {@code redis://user:secret@host} as {@code redis://***@host}; build() checked the URL. */
  private static String withoutCredentials(String url) {
    int at = url.lastIndexOf('@');
    return at < 0 ? url : url.substring(0, url.indexOf("://") + 3) + "***" + url.substring(at);
  }

  ServerSettings withCorsOrigins(String origins) {
    return toBuilder().corsOrigins(origins).build();
  }

  ServerSettings withYoutubeUrlTemplate(String template) {
    return toBuilder().youtubeUrlTemplate(template).build();
  }

  ServerSettings withStreamTimings(Duration heartbeat, Duration inactivityTimeout) {
    return toBuilder().heartbeat(heartbeat).inactivityTimeout(inactivityTimeout).build();
  }

  ServerSettings withYtDlp(Path ytDlp) {
    return toBuilder().ytDlp(ytDlp).build();
  }

  ServerSettings withConcurrency(int concurrency, int queueCapacity) {
    return toBuilder().concurrency(concurrency).queueCapacity(queueCapacity).build();
  }

  ServerSettings withDownloadRetention(Duration retention) {
    return toBuilder().downloadRetention(retention).build();
  }

  ServerSettings withMaxDownloadBytes(long max) {
    return toBuilder().maxDownloadBytes(max).build();
  }

  ServerSettings withConnectionTimeouts(Duration requestTimeout, Duration idleTimeout) {
    return toBuilder().requestTimeout(requestTimeout).idleTimeout(idleTimeout).build();
  }

  ServerSettings withDownloadTimeouts(Duration stall, Duration total) {
    return toBuilder().downloadStallTimeout(stall).downloadTimeout(total).build();
  }

  ServerSettings withAllowedNetworks(String allowed) {
    return toBuilder().allowedNetworks(allowed).build();
  }

  ServerSettings withStoreLookupTimeout(Duration timeout) {
    return toBuilder().storeLookupTimeout(timeout).build();
  }

  /**
   * With the Redis calls of requests timing out when {@code timeouts} says, rather than
   * {@link #storeLookupTimeout()} after each was asked for: a test's own, which runs a timeout
   * when the test chooses.
   */
  ServerSettings withJobStoreTimeouts(JobStoreCalls.Timeouts timeouts) {
    Builder b = toBuilder();
    b.jobStoreTimeouts = timeouts;
    return b.build();
  }

  /**
   * With store look-ups (of manifests, and readiness's) timing out when {@code timeouts} runs
   * their timeout tasks, rather than {@link #storeLookupTimeout()} after each was asked for: a
   * test's own, which runs them when the test chooses.
   */
  ServerSettings withStoreLookupTimeouts(Executor timeouts) {
    Builder b = toBuilder();
    b.storeLookupTimeouts = timeouts;
    return b.build();
  }

  /**
   * With the web page waiting {@code first} (not 1 s) before it asks again a server that did
   * not answer, doubling the wait at each try up to ten times {@code first}: a test's own, whose
   * page need not wait out the seconds meant for a real outage.
   */
  ServerSettings withPageRetry(Duration first) {
    Builder b = toBuilder();
    b.pageRetry = first;
    return b.build();
  }

  /** The web page's first wait before it asks again (see {@link #withPageRetry}); 1 s. */
  Duration pageRetry() {
    return pageRetry;
  }

  /** Runs store look-ups' timeout tasks; null: the service's clock. */
  Executor storeLookupTimeouts() {
    return storeLookupTimeouts;
  }

  /** When the Redis calls of requests time out (see {@link #withJobStoreTimeouts}). */
  JobStoreCalls.Timeouts jobStoreTimeouts() {
    return jobStoreTimeouts != null ? jobStoreTimeouts
        : JobStoreCalls.Timeouts.after(storeLookupTimeout);
  }

  /** Builds {@link ServerSettings}; every setting starts at the README's default. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port = 8080;
    private Path dataDirectory = Path.of("data");
    private String apiPassword;
    private boolean insecure;
    private String publicBaseUrl;
    private int imageQuality = 80;
    private int maxImageWidth = 1920;
    private int concurrency = 1;
    private int queueCapacity = 100;
    private Duration downloadRetention = Duration.ZERO;
    private Duration shutdownTimeout = Duration.ofSeconds(1800);
    private Duration heartbeat = Duration.ofSeconds(15);
    private Duration inactivityTimeout = Duration.ofSeconds(300);
    private Path ytDlp = Path.of("yt-dlp");
    private String youtubeUrlTemplate;
    private long maxDownloadBytes = 8L << 30;
    private int uploadConcurrency = 4;
    private Duration requestTimeout = Duration.ofSeconds(20);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration downloadStallTimeout = Duration.ofSeconds(30);
    private Duration downloadTimeout = Duration.ofHours(1);
    private String allowedNetworks = "";
    private Duration storeLookupTimeout = Duration.ofSeconds(2);
    private JobStoreCalls.Timeouts jobStoreTimeouts;
    private Executor storeLookupTimeouts;
    private Duration pageRetry = Duration.ofSeconds(1);
    private String redisUrl;
    private Duration jobVisibility = Duration.ofSeconds(60);
    private Duration redisCommandTimeout = Duration.ofSeconds(5);
    private int maxAttempts = 3;
    private Duration finishedJobRetention = Duration.ofDays(7);
    private String nodeId;
    private String corsOrigins = "";
    private boolean metricsPublic;
    private boolean smallYouTubeRendition = true;
    private boolean fullDecode;

    private Builder() {}

    private Builder(ServerSettings s) {
      host = s.host;
      port = s.port;
      dataDirectory = s.dataDirectory;
      apiPassword = s.apiPassword;
      insecure = s.insecure;
      publicBaseUrl = s.publicBaseUrl;
      imageQuality = s.imageQuality;
      maxImageWidth = s.maxImageWidth;
      concurrency = s.concurrency;
      queueCapacity = s.queueCapacity;
      downloadRetention = s.downloadRetention;
      shutdownTimeout = s.shutdownTimeout;
      heartbeat = s.heartbeat;
      inactivityTimeout = s.inactivityTimeout;
      ytDlp = s.ytDlp;
      youtubeUrlTemplate = s.youtubeUrlTemplate;
      maxDownloadBytes = s.maxDownloadBytes;
      uploadConcurrency = s.uploadConcurrency;
      requestTimeout = s.requestTimeout;
      idleTimeout = s.idleTimeout;
      downloadStallTimeout = s.downloadStallTimeout;
      downloadTimeout = s.downloadTimeout;
      allowedNetworks = s.allowedNetworks;
      storeLookupTimeout = s.storeLookupTimeout;
      jobStoreTimeouts = s.jobStoreTimeouts;
      storeLookupTimeouts = s.storeLookupTimeouts;
      pageRetry = s.pageRetry;
      redisUrl = s.redisUrl;
      jobVisibility = s.jobVisibility;
      redisCommandTimeout = s.redisCommandTimeout;
      maxAttempts = s.maxAttempts;
      finishedJobRetention = s.finishedJobRetention;
      nodeId = s.nodeId;
      corsOrigins = String.join(",", s.corsOrigins);
      metricsPublic = s.metricsPublic;
      smallYouTubeRendition = s.smallYouTubeRendition;
      fullDecode = s.fullDecode;
    }

    /** Sets {@link ServerSettings#host()}. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** Sets {@link ServerSettings#port()}. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Sets {@link ServerSettings#dataDirectory()}. */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = dataDirectory;
      return this;
    }

    /** Sets {@link ServerSettings#apiPassword()}. */
    public Builder apiPassword(String apiPassword) {
      this.apiPassword = apiPassword;
      return this;
    }

    /** Sets {@link ServerSettings#insecure()}. */
    public Builder insecure(boolean insecure) {
      this.insecure = insecure;
      return this;
    }

    /** Sets {@link ServerSettings#publicBaseUrl()}. */
    public Builder publicBaseUrl(String publicBaseUrl) {
      this.publicBaseUrl = publicBaseUrl;
      return this;
    }

    /** Sets {@link ServerSettings#imageQuality()}. */
    public Builder imageQuality(int imageQuality) {
      this.imageQuality = imageQuality;
      return this;
    }

    /** Sets {@link ServerSettings#maxImageWidth()}. */
    public Builder maxImageWidth(int maxImageWidth) {
      this.maxImageWidth = maxImageWidth;
      return this;
    }

    /** Sets {@link ServerSettings#concurrency()}. */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /** Sets {@link ServerSettings#queueCapacity()}. */
    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
      return this;
    }

    /** Sets {@link ServerSettings#downloadRetention()}. */
    public Builder downloadRetention(Duration downloadRetention) {
      this.downloadRetention = downloadRetention;
      return this;
    }

    /** Sets {@link ServerSettings#shutdownTimeout()}. */
    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
      return this;
    }

    /** Sets {@link ServerSettings#heartbeat()}. */
    public Builder heartbeat(Duration heartbeat) {
      this.heartbeat = heartbeat;
      return this;
    }

    /** Sets {@link ServerSettings#inactivityTimeout()}. */
    public Builder inactivityTimeout(Duration inactivityTimeout) {
      this.inactivityTimeout = inactivityTimeout;
      return this;
    }

    /** Sets {@link ServerSettings#ytDlp()}. */
    public Builder ytDlp(Path ytDlp) {
      this.ytDlp = ytDlp;
      return this;
    }

    /** Sets {@link ServerSettings#youtubeUrlTemplate()}. */
    public Builder youtubeUrlTemplate(String youtubeUrlTemplate) {
      this.youtubeUrlTemplate = youtubeUrlTemplate;
      return this;
    }

    /** Sets {@link ServerSettings#maxDownloadBytes()}. */
    public Builder maxDownloadBytes(long maxDownloadBytes) {
      this.maxDownloadBytes = maxDownloadBytes;
      return this;
    }

    /** Sets {@link ServerSettings#uploadConcurrency()}. */
    public Builder uploadConcurrency(int uploadConcurrency) {
      this.uploadConcurrency = uploadConcurrency;
      return this;
    }

    /** Sets {@link ServerSettings#requestTimeout()}. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    /** Sets {@link ServerSettings#idleTimeout()}. */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    /** Sets {@link ServerSettings#downloadStallTimeout()}. */
    public Builder downloadStallTimeout(Duration downloadStallTimeout) {
      this.downloadStallTimeout = downloadStallTimeout;
      return this;
    }

    /** Sets {@link ServerSettings#downloadTimeout()}. */
    public Builder downloadTimeout(Duration downloadTimeout) {
      this.downloadTimeout = downloadTimeout;
      return this;
    }

    /** Sets {@link ServerSettings#allowedNetworks()}. */
    public Builder allowedNetworks(String allowedNetworks) {
      this.allowedNetworks = allowedNetworks;
      return this;
    }

    /** Sets {@link ServerSettings#storeLookupTimeout()}. */
    public Builder storeLookupTimeout(Duration storeLookupTimeout) {
      this.storeLookupTimeout = storeLookupTimeout;
      return this;
    }

    /** Sets {@link ServerSettings#redisUrl()}. */
    public Builder redisUrl(String redisUrl) {
      this.redisUrl = redisUrl;
      return this;
    }

    /** Sets {@link ServerSettings#jobVisibility()}. */
    public Builder jobVisibility(Duration jobVisibility) {
      this.jobVisibility = jobVisibility;
      return this;
    }

    /** Sets {@link ServerSettings#redisCommandTimeout()}. */
    public Builder redisCommandTimeout(Duration redisCommandTimeout) {
      this.redisCommandTimeout = redisCommandTimeout;
      return this;
    }

    /** Sets {@link ServerSettings#maxAttempts()}. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Sets {@link ServerSettings#finishedJobRetention()}. */
    public Builder finishedJobRetention(Duration finishedJobRetention) {
      this.finishedJobRetention = finishedJobRetention;
      return this;
    }

    /** Sets {@link ServerSettings#nodeId()}. */
    public Builder nodeId(String nodeId) {
      this.nodeId = nodeId;
      return this;
    }

    /** Comma-separated origins allowed to call the API from a browser; empty for none. */
    public Builder corsOrigins(String corsOrigins) {
      this.corsOrigins = corsOrigins;
      return this;
    }

    /** Serve {@code /metrics} without the API password (for a scraper on a private network). */
    public Builder metricsPublic(boolean metricsPublic) {
      this.metricsPublic = metricsPublic;
      return this;
    }

    /** See {@link ServerSettings#smallYouTubeRendition()}; default true. */
    public Builder smallYouTubeRendition(boolean small) {
      this.smallYouTubeRendition = small;
      return this;
    }

    /** See {@link ServerSettings#fullDecode()}; default false. */
    public Builder fullDecode(boolean fullDecode) {
      this.fullDecode = fullDecode;
      return this;
    }

    /**
     * @throws IllegalArgumentException when a setting is out of range or settings contradict
     *     each other (no password without {@code insecure}; an idle timeout, unless 0, no
     *     longer than the heartbeat)
     */
    public ServerSettings build() {
      return new ServerSettings(this);
    }
  }
}
