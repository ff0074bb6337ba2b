package dev.slides.server;

import dev.slides.BlobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code slides serve}: the HTTP API with live SSE progress. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Runs the HTTP API: POST /process/youtube/{id}, GET /jobs/{id}/stream, ...",
    // Each line at most 80 columns, picocli's width: a longer one wraps without its indent.
    footer = {"",
        "Set in the environment only (see the README's Configuration):",
        "  SLIDES_STORAGE       local, vercel, s3 or auto (the default: chosen from the",
        "                       variables below; local is DATA_DIR/store, served at",
        "                       /files/)",
        "  BLOB_READ_WRITE_TOKEN, VERCEL_BLOB_API_URL",
        "                       Vercel Blob",
        "  S3_ENDPOINT, S3_REGION, S3_BUCKET_NAME, S3_ACCESS_KEY, S3_SECRET_KEY,",
        "  S3_PATH_STYLE, S3_PUBLIC_BASE_URL, S3_PRESIGN_SECONDS",
        "                       S3 and S3-compatible stores",
        "  SLIDES_LOG_LEVEL     TRACE, DEBUG, INFO, WARN, ERROR or OFF: the level of the",
        "                       dev.slides logs (default INFO; WARN turns the access log",
        "                       off)",
        "  SLIDES_LOG_FORMAT    text (default) or json, one object a line"})
final class ServeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "${env:SLIDES_HOST:-0.0.0.0}",
      description = "Address to listen on (env SLIDES_HOST, default 0.0.0.0).")
  String host;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:PORT:-8080}",
      description = "Port (env PORT, default 8080).")
  int port;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:SLIDES_DATA_DIR:-data}",
      description = "Local store and downloads (env SLIDES_DATA_DIR, default ./data).")
  Path dataDir;

  @Option(names = "--api-password", paramLabel = "TOKEN", defaultValue = "${env:API_PASSWORD}",
      description = "Bearer token every API call needs (env API_PASSWORD; required unless"
          + " --insecure).")
  String apiPassword;

  @Option(names = "--insecure",
      description = "Allow running without API_PASSWORD (local use only).")
  boolean insecure;

  @Option(names = "--public-base-url", paramLabel = "URL",
      defaultValue = "${env:SLIDES_PUBLIC_BASE_URL}",
      description = "Base URL of the local store's files (env SLIDES_PUBLIC_BASE_URL,"
          + " default http://HOST:PORT, with localhost for a HOST of 0.0.0.0 or ::).")
  String publicBaseUrl;

  @Mixin ExtractionFlags extraction;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "${env:SLIDES_CONCURRENCY:-1}",
      description = "Jobs running at once (env SLIDES_CONCURRENCY, default 1: one job"
          + " already decodes on every core, one decoder a core).")
  int concurrency;

  @Option(names = "--queue-capacity", paramLabel = "N",
      defaultValue = "${env:SLIDES_QUEUE_CAPACITY:-100}",
      description = "Jobs waiting at most (env SLIDES_QUEUE_CAPACITY, default 100).")
  int queueCapacity;

  @Option(names = "--download-retention-hours", paramLabel = "HOURS",
      defaultValue = "${env:DOWNLOAD_RETENTION_HOURS:-0}",
      description = "Keep downloads this long after their job (env DOWNLOAD_RETENTION_HOURS,"
          + " default 0: delete when the job ends).")
  double retentionHours;

  @Option(names = "--shutdown-timeout-seconds", paramLabel = "S",
      defaultValue = "${env:GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS:-1800}",
      description = "On SIGTERM, how long running jobs may finish (env"
          + " GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS, default 1800).")
  long shutdownSeconds;

  @Option(names = "--heartbeat-seconds", paramLabel = "S",
      defaultValue = "${env:SLIDES_SSE_HEARTBEAT_SECONDS:-15}",
      description = "SSE keep-alive comment interval (env SLIDES_SSE_HEARTBEAT_SECONDS,"
          + " default 15).")
  long heartbeatSeconds;

  @Option(names = "--inactivity-seconds", paramLabel = "S",
      defaultValue = "${env:SLIDES_SSE_INACTIVITY_SECONDS:-300}",
      description = "Close a stream whose job was silent this long (env"
          + " SLIDES_SSE_INACTIVITY_SECONDS, default 300).")
  long inactivitySeconds;

  @Mixin DownloadLimits downloads;

  @Option(names = "--youtube-url-template", paramLabel = "URL",
      defaultValue = "${env:SLIDES_YOUTUBE_URL_TEMPLATE}",
      description = "Instead of yt-dlp, download http://host/videos/{id}.mp4 (env"
          + " SLIDES_YOUTUBE_URL_TEMPLATE).")
  String youtubeTemplate;

  @Option(names = "--upload-concurrency", paramLabel = "N",
      defaultValue = "${env:SLIDES_UPLOAD_CONCURRENCY:-4}",
      description = "Uploads of one job at once (env SLIDES_UPLOAD_CONCURRENCY, default 4).")
  int uploadConcurrency;

  @Option(names = "--request-timeout-seconds", paramLabel = "S",
      defaultValue = "${env:SLIDES_REQUEST_TIMEOUT_SECONDS:-20}",
      description = "Time a client has to send a request's headers, and that a kept-alive"
          + " connection may wait for its next request (env SLIDES_REQUEST_TIMEOUT_SECONDS,"
          + " default 20; 0 turns it off).")
  long requestTimeoutSeconds;

  @Option(names = "--idle-timeout-seconds", paramLabel = "S",
      defaultValue = "${env:SLIDES_IDLE_TIMEOUT_SECONDS:-60}",
      description = "Close a connection with no bytes either way for this long (env"
          + " SLIDES_IDLE_TIMEOUT_SECONDS, default 60; 0 turns it off). Must exceed the SSE"
          + " heartbeat interval.")
  long idleTimeoutSeconds;

  @Option(names = "--allowed-networks", paramLabel = "CIDRS",
      defaultValue = "${env:SLIDES_ALLOWED_NETWORKS:-}",
      description = "Comma-separated CIDRs that video URLs may reach although private, e.g."
          + " 10.0.0.0/8 (env SLIDES_ALLOWED_NETWORKS, default none: public addresses only).")
  String allowedNetworks;

  @Option(names = "--store-lookup-timeout-seconds", paramLabel = "S",
      defaultValue = "${env:SLIDES_STORE_LOOKUP_TIMEOUT_SECONDS:-2}",
      description = "Longest wait for the store when a request or the readiness probe needs it"
          + " (env SLIDES_STORE_LOOKUP_TIMEOUT_SECONDS, default 2).")
  double storeLookupSeconds;

  @Option(names = "--redis-url", paramLabel = "URL", defaultValue = "${env:SLIDES_REDIS_URL}",
      description = "Keep jobs in Redis, shared by several nodes: redis://host:port[/db] or"
          + " rediss://user:password@host:port[/db] (env"
          + " SLIDES_REDIS_URL; default none: jobs stay in this process).")
  String redisUrl;

  @Option(names = "--job-visibility-seconds", paramLabel = "S",
      defaultValue = "${env:SLIDES_JOB_VISIBILITY_SECONDS:-60}",
      description = "With Redis: a job whose worker has not renewed it for this long is taken"
          + " over by another node (env SLIDES_JOB_VISIBILITY_SECONDS, default 60).")
  double jobVisibilitySeconds;

  @Option(names = "--redis-command-timeout-seconds", paramLabel = "S",
      defaultValue = "${env:SLIDES_REDIS_COMMAND_TIMEOUT_SECONDS:-5}",
      description = "With Redis: longest wait for Redis's answer to one command, after which it"
          + " fails (env SLIDES_REDIS_COMMAND_TIMEOUT_SECONDS, default 5).")
  double redisCommandTimeoutSeconds;

  @Option(names = "--max-attempts", paramLabel = "N",
      defaultValue = "${env:SLIDES_MAX_ATTEMPTS:-3}",
      description = "With Redis: workers lost on one job before it fails (env"
          + " SLIDES_MAX_ATTEMPTS, default 3).")
  int maxAttempts;

  @Option(names = "--finished-job-retention-hours", paramLabel = "HOURS",
      defaultValue = "${env:SLIDES_FINISHED_JOB_RETENTION_HOURS:-168}",
      description = "Keep a completed or failed job's state this long (in Redis, or in memory"
          + " and the job records); its manifest answers after that (env"
          + " SLIDES_FINISHED_JOB_RETENTION_HOURS, default 168: 7 days).")
  double finishedJobRetentionHours;

  @Option(names = "--node-id", paramLabel = "NAME", defaultValue = "${env:SLIDES_NODE_ID}",
      description = "This node's name among several (env SLIDES_NODE_ID, default host name and"
          + " process id).")
  String nodeId;

  @Option(names = "--cors-origins", paramLabel = "ORIGINS",
      defaultValue = "${env:SLIDES_CORS_ORIGINS:-}",
      description = "Comma-separated origins whose pages may call the API from a browser, e.g."
          + " https://app.example.com, or * for any (env SLIDES_CORS_ORIGINS, default none: no"
          + " CORS headers).")
  String corsOrigins;

  @Option(names = "--metrics-public", defaultValue = "${env:SLIDES_METRICS_PUBLIC:-false}",
      description = "Serve /metrics without the API password (env SLIDES_METRICS_PUBLIC,"
          + " default false).")
  boolean metricsPublic;

  @Override
  public Integer call() throws Exception {
    ServerSettings settings;
    BlobStore store;
    try {
      settings = downloads.applyTo(extraction.applyTo(ServerSettings.builder()))
          .host(host).port(port).dataDirectory(dataDir)
          .apiPassword(apiPassword).insecure(insecure).publicBaseUrl(publicBaseUrl)
          .concurrency(concurrency).queueCapacity(queueCapacity)
          .downloadRetention(Duration.ofMinutes(Math.round(retentionHours * 60)))
          .shutdownTimeout(Duration.ofSeconds(shutdownSeconds))
          .heartbeat(Duration.ofSeconds(heartbeatSeconds))
          .inactivityTimeout(Duration.ofSeconds(inactivitySeconds))
          .youtubeUrlTemplate(youtubeTemplate).uploadConcurrency(uploadConcurrency)
          .requestTimeout(Duration.ofSeconds(requestTimeoutSeconds))
          .idleTimeout(Duration.ofSeconds(idleTimeoutSeconds))
          .allowedNetworks(allowedNetworks)
          .storeLookupTimeout(Duration.ofMillis(Math.round(storeLookupSeconds * 1000)))
          .redisUrl(redisUrl)
          .jobVisibility(Duration.ofMillis(Math.round(jobVisibilitySeconds * 1000)))
          .redisCommandTimeout(Duration.ofMillis(Math.round(redisCommandTimeoutSeconds * 1000)))
          .maxAttempts(maxAttempts)
          .finishedJobRetention(
              Duration.ofMillis(Math.round(finishedJobRetentionHours * 3_600_000)))
          .nodeId(nodeId)
          .corsOrigins(corsOrigins).metricsPublic(metricsPublic)
          .build();
      // The local store's URLs carry the port, known once the server listens (--port 0 picks
      // one): the server builds that store itself.
      store = BlobStores.choosesLocal(System.getenv()) ? null
          : BlobStores.fromEnvironment(System.getenv(), dataDir.resolve("store"), null);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    SlidesServer server;
    try {
      server = SlidesServer.start(settings, store);
    } catch (SlidesServer.CannotStart e) {
      // A port in use, a data directory another server works in, Redis that cannot be
      // reached or refuses the node: the message says it all.
      spec.commandLine().getErr().println(e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      if (!ErrorHandler.isRedisUnavailable(e)) {
        throw e;
      }
      // Redis gone in the middle of the start: a stack trace would say less.
      spec.commandLine().getErr().println(e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdown(settings.shutdownTimeout());
      stopped.countDown();
    }, "slides-shutdown"));
    stopped.await();
    return 0;
  }
}
