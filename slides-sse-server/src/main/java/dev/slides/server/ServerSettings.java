package dev.slides.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@code slides serve} can be told (see the README's configuration table).
 *
 * @param host address to listen on
 * @param port port to listen on; 0 picks a free one
 * @param dataDirectory holds the local store ({@code store/}) and downloads ({@code downloads/})
 * @param apiPassword the bearer token every API call needs; null only when {@code insecure}
 * @param insecure run without a password (local use only)
 * @param publicBaseUrl base of the URLs of the local store, served under {@code /files/};
 *     null means {@code http://localhost:{port}}
 * @param imageQuality WebP quality
 * @param maxImageWidth widest slide image
 * @param concurrency jobs running at once
 * @param queueCapacity jobs waiting at most
 * @param downloadRetention how long downloads are kept after their job
 * @param shutdownTimeout how long running jobs may finish on SIGTERM
 * @param heartbeat SSE comment interval
 * @param inactivityTimeout SSE streams of jobs silent this long get an error event and close
 * @param ytDlp the yt-dlp executable
 * @param youtubeUrlTemplate replaces yt-dlp when set: {@code http://host/videos/{id}.mp4}
 * @param maxDownloadBytes larger downloads are refused
 * @param uploadConcurrency uploads of one job running at once
 * @param requestTimeout how long a client may take to send a request's headers, and how long a
 *     kept-alive connection may wait for its next request; zero turns both off
 * @param idleTimeout a connection with no bytes in either direction this long is closed; zero
 *     turns it off. SSE streams stay open through their heartbeats, so it must exceed the
 *     heartbeat interval
 */
public record ServerSettings(
    String host,
    int port,
    Path dataDirectory,
    String apiPassword,
    boolean insecure,
    String publicBaseUrl,
    int imageQuality,
    int maxImageWidth,
    int concurrency,
    int queueCapacity,
    Duration downloadRetention,
    Duration shutdownTimeout,
    Duration heartbeat,
    Duration inactivityTimeout,
    Path ytDlp,
    String youtubeUrlTemplate,
    long maxDownloadBytes,
    int uploadConcurrency,
    Duration requestTimeout,
    Duration idleTimeout) {

  public ServerSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    if ((apiPassword == null || apiPassword.isEmpty()) && !insecure) {
      throw new IllegalArgumentException(
          "API_PASSWORD is not set: set it, or pass --insecure for local use without a password");
    }
    if (apiPassword != null && apiPassword.isEmpty()) {
      apiPassword = null;
    }
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (requestTimeout.isNegative() || idleTimeout.isNegative()) {
      throw new IllegalArgumentException("Timeouts cannot be negative (0 turns one off)");
    }
    if (!idleTimeout.isZero()
        && (heartbeat.isZero() || heartbeat.compareTo(idleTimeout) >= 0)) {
      throw new IllegalArgumentException("The idle timeout (" + seconds(idleTimeout)
          + ") must be longer than the SSE heartbeat interval (" + seconds(heartbeat)
          + "), or event streams of quiet jobs would be closed");
    }
  }

  private static String seconds(Duration d) {
    return d.isZero() ? "off" : d.toMillis() / 1000.0 + " s";
  }

  /** Settings for tests and embedding: loopback, a free port, short timeouts. */
  public static ServerSettings forTests(Path dataDirectory, String password) {
    return new ServerSettings("127.0.0.1", 0, dataDirectory, password, password == null, null,
        80, 1920, 1, 100, Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(15),
        Duration.ofSeconds(300), Path.of("yt-dlp"), null, 8L << 30, 4, Duration.ofSeconds(20),
        Duration.ofSeconds(60));
  }

  public ServerSettings withYoutubeUrlTemplate(String template) {
    return new ServerSettings(host, port, dataDirectory, apiPassword, insecure, publicBaseUrl,
        imageQuality, maxImageWidth, concurrency, queueCapacity, downloadRetention,
        shutdownTimeout, heartbeat, inactivityTimeout, ytDlp, template, maxDownloadBytes,
        uploadConcurrency, requestTimeout, idleTimeout);
  }

  public ServerSettings withStreamTimings(Duration heartbeat, Duration inactivityTimeout) {
    return new ServerSettings(host, port, dataDirectory, apiPassword, insecure, publicBaseUrl,
        imageQuality, maxImageWidth, concurrency, queueCapacity, downloadRetention,
        shutdownTimeout, heartbeat, inactivityTimeout, ytDlp, youtubeUrlTemplate,
        maxDownloadBytes, uploadConcurrency, requestTimeout, idleTimeout);
  }

  public ServerSettings withYtDlp(Path ytDlp) {
    return new ServerSettings(host, port, dataDirectory, apiPassword, insecure, publicBaseUrl,
        imageQuality, maxImageWidth, concurrency, queueCapacity, downloadRetention,
        shutdownTimeout, heartbeat, inactivityTimeout, ytDlp, youtubeUrlTemplate,
        maxDownloadBytes, uploadConcurrency, requestTimeout, idleTimeout);
  }

  public ServerSettings withConcurrency(int concurrency, int queueCapacity) {
    return new ServerSettings(host, port, dataDirectory, apiPassword, insecure, publicBaseUrl,
        imageQuality, maxImageWidth, concurrency, queueCapacity, downloadRetention,
        shutdownTimeout, heartbeat, inactivityTimeout, ytDlp, youtubeUrlTemplate,
        maxDownloadBytes, uploadConcurrency, requestTimeout, idleTimeout);
  }

  public ServerSettings withDownloadRetention(Duration retention) {
    return new ServerSettings(host, port, dataDirectory, apiPassword, insecure, publicBaseUrl,
        imageQuality, maxImageWidth, concurrency, queueCapacity, retention,
        shutdownTimeout, heartbeat, inactivityTimeout, ytDlp, youtubeUrlTemplate,
        maxDownloadBytes, uploadConcurrency, requestTimeout, idleTimeout);
  }

  public ServerSettings withMaxDownloadBytes(long max) {
    return new ServerSettings(host, port, dataDirectory, apiPassword, insecure, publicBaseUrl,
        imageQuality, maxImageWidth, concurrency, queueCapacity, downloadRetention,
        shutdownTimeout, heartbeat, inactivityTimeout, ytDlp, youtubeUrlTemplate, max,
        uploadConcurrency, requestTimeout, idleTimeout);
  }

  public ServerSettings withConnectionTimeouts(Duration requestTimeout, Duration idleTimeout) {
    return new ServerSettings(host, port, dataDirectory, apiPassword, insecure, publicBaseUrl,
        imageQuality, maxImageWidth, concurrency, queueCapacity, downloadRetention,
        shutdownTimeout, heartbeat, inactivityTimeout, ytDlp, youtubeUrlTemplate,
        maxDownloadBytes, uploadConcurrency, requestTimeout, idleTimeout);
  }
}
