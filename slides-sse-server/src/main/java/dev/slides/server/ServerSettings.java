package dev.slides.server;

import dev.slides.source.AddressFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@code slides serve} can be told (see the README's configuration table).
 *
 * @param host address to listen on
 * @param port port to listen on; 0 picks a free one
 * @param dataDirectory holds the local store ({@code store/}), downloads ({@code downloads/}),
 *     images waiting for upload ({@code spool/}) and job records ({@code jobs/})
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
 * @param downloadStallTimeout a download that brings no byte for this long is dropped (retried)
 * @param downloadTimeout longest time one download may take
 * @param allowedNetworks addresses URLs of callers may reach besides public ones
 * @param storeLookupTimeout longest wait for the store when a request needs it (is there a
 *     manifest?) and for readiness probes
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
    Duration downloadStallTimeout,
    Duration downloadTimeout,
    AddressFilter allowedNetworks,
    Duration storeLookupTimeout) {

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
    Objects.requireNonNull(allowedNetworks, "allowedNetworks");
    for (Duration d : new Duration[] {downloadStallTimeout, downloadTimeout, storeLookupTimeout}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("Download and store timeouts must be positive");
      }
    }
  }

  /** Settings for tests and embedding: loopback, a free port, short timeouts. */
  public static ServerSettings forTests(Path dataDirectory, String password) {
    return new ServerSettings("127.0.0.1", 0, dataDirectory, password, password == null, null,
        80, 1920, 1, 100, Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(15),
        Duration.ofSeconds(300), Path.of("yt-dlp"), null, 8L << 30, 4, Duration.ofSeconds(30),
        Duration.ofHours(1), AddressFilter.publicOnly(), Duration.ofSeconds(2));
  }

  public ServerSettings withYoutubeUrlTemplate(String template) {
    return new ServerSettings(host, port, dataDirectory, apiPassword, insecure, publicBaseUrl,
        imageQuality, maxImageWidth, concurrency, queueCapacity, downloadRetention,
        shutdownTimeout, heartbeat, inactivityTimeout, ytDlp, template, maxDownloadBytes, uploadConcurrency,
        downloadStallTimeout, downloadTimeout, allowedNetworks, storeLookupTimeout);
  }

  public ServerSettings withStreamTimings(Duration heartbeat, Duration inactivityTimeout) {
    return new ServerSettings(host, port, dataDirectory, apiPassword, insecure, publicBaseUrl,
        imageQuality, maxImageWidth, concurrency, queueCapacity, downloadRetention,
        shutdownTimeout, heartbeat, inactivityTimeout, ytDlp, youtubeUrlTemplate,
        maxDownloadBytes, uploadConcurrency,
        downloadStallTimeout, downloadTimeout, allowedNetworks, storeLookupTimeout);
  }

  public ServerSettings withYtDlp(Path ytDlp) {
    return new ServerSettings(host, port, dataDirectory, apiPassword, insecure, publicBaseUrl,
        imageQuality, maxImageWidth, concurrency, queueCapacity, downloadRetention,
        shutdownTimeout, heartbeat, inactivityTimeout, ytDlp, youtubeUrlTemplate,
        maxDownloadBytes, uploadConcurrency,
        downloadStallTimeout, downloadTimeout, allowedNetworks, storeLookupTimeout);
  }

  public ServerSettings withConcurrency(int concurrency, int queueCapacity) {
    return new ServerSettings(host, port, dataDirectory, apiPassword, insecure, publicBaseUrl,
        imageQuality, maxImageWidth, concurrency, queueCapacity, downloadRetention,
        shutdownTimeout, heartbeat, inactivityTimeout, ytDlp, youtubeUrlTemplate,
        maxDownloadBytes, uploadConcurrency,
        downloadStallTimeout, downloadTimeout, allowedNetworks, storeLookupTimeout);
  }

  public ServerSettings withDownloadRetention(Duration retention) {
    return new ServerSettings(host, port, dataDirectory, apiPassword, insecure, publicBaseUrl,
        imageQuality, maxImageWidth, concurrency, queueCapacity, retention,
        shutdownTimeout, heartbeat, inactivityTimeout, ytDlp, youtubeUrlTemplate,
        maxDownloadBytes, uploadConcurrency,
        downloadStallTimeout, downloadTimeout, allowedNetworks, storeLookupTimeout);
  }

  public ServerSettings withMaxDownloadBytes(long max) {
    return new ServerSettings(host, port, dataDirectory, apiPassword, insecure, publicBaseUrl,
        imageQuality, maxImageWidth, concurrency, queueCapacity, downloadRetention,
        shutdownTimeout, heartbeat, inactivityTimeout, ytDlp, youtubeUrlTemplate, max,
        uploadConcurrency,
        downloadStallTimeout, downloadTimeout, allowedNetworks, storeLookupTimeout);
  }

  public ServerSettings withDownloadTimeouts(Duration stall, Duration total) {
    return new ServerSettings(host, port, dataDirectory, apiPassword, insecure, publicBaseUrl,
        imageQuality, maxImageWidth, concurrency, queueCapacity, downloadRetention,
        shutdownTimeout, heartbeat, inactivityTimeout, ytDlp, youtubeUrlTemplate,
        maxDownloadBytes, uploadConcurrency, stall, total, allowedNetworks, storeLookupTimeout);
  }

  public ServerSettings withAllowedNetworks(AddressFilter allowed) {
    return new ServerSettings(host, port, dataDirectory, apiPassword, insecure, publicBaseUrl,
        imageQuality, maxImageWidth, concurrency, queueCapacity, downloadRetention,
        shutdownTimeout, heartbeat, inactivityTimeout, ytDlp, youtubeUrlTemplate,
        maxDownloadBytes, uploadConcurrency, downloadStallTimeout, downloadTimeout, allowed,
        storeLookupTimeout);
  }

  public ServerSettings withStoreLookupTimeout(Duration timeout) {
    return new ServerSettings(host, port, dataDirectory, apiPassword, insecure, publicBaseUrl,
        imageQuality, maxImageWidth, concurrency, queueCapacity, downloadRetention,
        shutdownTimeout, heartbeat, inactivityTimeout, ytDlp, youtubeUrlTemplate,
        maxDownloadBytes, uploadConcurrency, downloadStallTimeout, downloadTimeout,
        allowedNetworks, timeout);
  }
}
