package dev.slides.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slides.BlobStore;
import dev.slides.ExtractionOptions;
import dev.slides.FileSystemBlobStore;
import dev.slides.JobState;
import dev.slides.JobTracker;
import dev.slides.SamplingOptions;
import dev.slides.SlideExtractor;
import dev.slides.export.ExportFormat;
import dev.slides.internal.download.HttpDownloader;
import dev.slides.internal.service.YouTubeLinks;
import dev.slides.internal.service.YouTubeSource;
import dev.slides.internal.store.BlobKeys;
import dev.slides.internal.store.FileTree;
import dev.slides.internal.text.Quantity;
import dev.slides.redis.RedisJobs;
import dev.slides.service.SlideService;
import dev.slides.service.VideoSource;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.PathTemplateMatcher;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference HTTP server: maps requests to {@link SlideService} calls and tracker updates to
 * Server-Sent Events. Start it with {@link #start}; stop it with {@link #shutdown} (graceful) or
 * {@link #close} (at once).
 */
public final class SlidesServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SlidesServer.class);

  private final ServerSettings settings;
  private final SlideService service;
  private final JobTracker tracker;
  /** The jobs of several nodes, when configured; null keeps them in this process. */
  private final RedisJobs redis;
  /** The Redis calls of requests, off the worker threads; null without Redis. */
  private final JobStoreCalls jobStore;
  /** This node's folder for downloads, spool, uploads and exports being built. */
  private final Path work;
  private final Set<SseStream> streams = ConcurrentHashMap.newKeySet();
  private final Semaphore bodyReads = new Semaphore(MAX_BODY_READS);
  private final StreamTokens streamTokens;
  private final ExportRoute exports;
  private final WebPage page = new WebPage();
  private final ServerMetrics metrics;
  private List<Route> routes = List.of();
  private Undertow undertow;
  /** Held while the server runs, so that no second server sweeps this one's work folder. */
  private FileLock workLock;
  private int port;

  private SlidesServer(ServerSettings settings, SlideService service, RedisJobs redis,
      BlobStore store, Path work, ServerMetrics metrics) {
    this.settings = settings;
    this.service = service;
    this.tracker = service.tracker();
    this.redis = redis;
    this.jobStore = redis == null ? null : new JobStoreCalls(settings.storeLookupTimeout(),
        settings.jobStoreTimeouts());
    this.work = work;
    this.metrics = metrics;
    this.streamTokens = new StreamTokens(settings.apiPassword(), java.time.Clock.systemUTC());
    this.exports = new ExportRoute(store, work.resolve(EXPORTS), MAX_EXPORTS);
  }

  /**
   * Starts a server over the local file store under {@code dataDirectory/store}, served at
   * {@code /files/}.
   *
   * @throws IllegalStateException when it cannot start (see {@link #start(ServerSettings,
   *     BlobStore)})
   * @throws IOException when the folder of the job records cannot be made
   */
  public static SlidesServer start(ServerSettings settings) throws IOException {
    return start(settings, null);
  }

  /**
   * Starts a server publishing to {@code store}; null means the local file store under
   * {@code dataDirectory/store}, served at {@code /files/}.
   *
   * @throws IllegalStateException when it cannot start, with a message for the operator: the
   *     address is in use or not this machine's, another server uses the data directory (or,
   *     with Redis, this node's folder of it), the data directory cannot be used, or Redis
   *     cannot be reached or refuses the node
   * @throws IOException when the folder of the job records cannot be made
   */
  public static SlidesServer start(ServerSettings settings, BlobStore store) throws IOException {
    Path data = settings.dataDirectory();
    // Listen first (port 0 picks a free port, with no window for anyone to take it): the local
    // store's URLs need the port. Requests get 503 until the routes are in place.
    Switch routes = new Switch();
    Undertow undertow = listen(settings, routes);
    int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    RedisJobs redis = null;
    FileLock workLock = null;
    SlideService started = null;
    try {
      // URLs naming localhost while other machines may connect: said once started.
      boolean localhostOnlyUrls = false;
      if (store == null) {
        store = FileSystemBlobStore.create(data.resolve("store"), filesBaseUrl(settings, port));
        localhostOnlyUrls = settings.publicBaseUrl() == null && everyAddress(settings.host());
      }
      FileSystemBlobStore local = store instanceof FileSystemBlobStore fs ? fs : null;
      Path work = data; // downloads, spool, uploads and exports being built
      if (settings.redisUrl() != null) {
        // Several nodes may share the data directory: each works in a folder of its own, which
        // its start-up sweep alone touches. Redis holds the jobs: no job records on disk.
        String node = settings.nodeId() != null ? settings.nodeId() : RedisJobs.defaultNodeId();
        try {
          redis = RedisJobs.connect(settings.redisUrl(), RedisJobs.Options.builder()
              .nodeId(node)
              .visibilityTimeout(settings.jobVisibility())
              .commandTimeout(settings.redisCommandTimeout())
              .finishedJobTtl(settings.finishedJobRetention())
              .queueCapacity(settings.queueCapacity())
              .build());
        } catch (IllegalStateException e) {
          // Redis down, a wrong password: the message names the server, without the password.
          throw new CannotStart(e.getMessage(), e);
        }
        work = data.resolve("nodes").resolve(node);
      }
      try {
        Files.createDirectories(work.resolve("downloads"));
        // Before any sweep (here, and of the spool, downloads and job records as the service
        // starts): a second server on this folder would take the first one's work for debris.
        workLock = lockWorkFolder(work, redis == null ? data : null);
        if (local != null) {
          // Here, before the service starts, not first by the /files/ route: a file named
          // "store" was a stack trace then, with the service left running.
          Files.createDirectories(local.root());
        }
      } catch (IOException e) {
        // A file where the folder should be, no permission, a read-only disk.
        // The JDK gives no reason but the path for some ("downloads" being a file: the path).
        String why = (e instanceof java.nio.file.FileSystemException f && f.getFile() != null
            ? f.getFile() + ": " : "") + ExtractCommand.reason(e);
        throw new CannotStart("Cannot use the data directory " + data.toAbsolutePath() + ": "
            + why, e);
      }
      // Nothing runs yet: partial uploads and exports there were left by a crash of this node.
      sweep(work.resolve(UPLOADS));
      sweep(work.resolve(EXPORTS));
      ServerMetrics metrics = new ServerMetrics();
      store = metrics.meter(store);
      ExtractionOptions options = ExtractionOptions.builder()
          .imageQuality(settings.imageQuality())
          .maxImageWidth(settings.maxImageWidth())
          .uploadConcurrency(settings.uploadConcurrency())
          .sampling(SamplingOptions.builder().skipStillStretches(!settings.fullDecode()).build())
          .spoolDirectory(work.resolve("spool")).build();
      YouTubeSource ytDlp = YouTubeSource.ytDlp(settings.ytDlp(), Duration.ofMinutes(2));
      VideoSource youtube = settings.youtubeUrlTemplate() != null
          ? YouTubeSource.template(settings.youtubeUrlTemplate())
          : settings.smallYouTubeRendition() ? ytDlp : ytDlp.analysingLargeRendition();
      SlideService.Builder builder = SlideService.builder(SlideExtractor.create(store, options))
          .videoSource(youtube)
          .concurrency(settings.concurrency())
          .queueCapacity(settings.queueCapacity())
          .downloadDirectory(work.resolve("downloads"))
          .downloadRetention(settings.downloadRetention())
          .storeLookupTimeout(settings.storeLookupTimeout())
          .maxDownloadBytes(settings.maxDownloadBytes())
          .downloadStallTimeout(settings.downloadStallTimeout())
          .downloadTimeout(settings.downloadTimeout())
          .allowedNetworks(settings.allowedNetworks());
      if (settings.storeLookupTimeouts() != null) {
        builder.storeLookupTimeouts(settings.storeLookupTimeouts());
      }
      if (redis != null) {
        builder.tracker(redis.tracker()).queue(redis.queue()).nodeId(redis.nodeId())
            .maxAttempts(settings.maxAttempts());
      } else {
        builder.jobRecords(data.resolve("jobs"))
            .finishedJobRetention(settings.finishedJobRetention());
      }
      SlideService service = builder.build().start();
      started = service;
      SlidesServer server = new SlidesServer(settings, service, redis, store, work, metrics);
      metrics.bind(service, server.streams::size, redis == null ? null : redis.nodeId());
      server.undertow = undertow;
      server.workLock = workLock;
      server.port = port;
      server.routes = server.routeTable(local);
      routes.target = server.router(server.routes);
      // The detection settings too: an operator reads here that SLIDES_FULL_DECODE took.
      log.info("Listening on http://{}:{} (store: {}, concurrency {}, jobs: {}, full decode {},"
              + " YouTube analysis {})",
          urlHost(settings.host()), port, store.describe(), settings.concurrency(),
          redis == null ? "in this process" : redis + " as node " + redis.nodeId(),
          settings.fullDecode() ? "on" : "off",
          settings.smallYouTubeRendition() ? "small" : "large");
      if (localhostOnlyUrls) {
        // The page works around it (it loads /files/ from its own address); a manifest read
        // elsewhere, by a person or a program, names images no other machine can load.
        // INFO, not WARN: it is the default start (--host 0.0.0.0), right on a laptop.
        log.info("The local store's URLs name localhost ({}) while the server listens on every"
            + " address: another machine cannot load those images and manifests; set"
            + " SLIDES_PUBLIC_BASE_URL / --public-base-url to the address clients use, such as"
            + " http://<this machine's name>:{}", filesBaseUrl(settings, port), port);
      }
      if (settings.apiPassword() == null) {
        // --insecure: nothing else in the log would say that the whole API is open.
        log.warn("No API password (--insecure): anyone who reaches {}:{} may start, cancel and"
            + " read jobs; use it only where nobody else can connect", urlHost(settings.host()),
            port);
      }
      return server;
    } catch (IOException | RuntimeException e) {
      undertow.stop(); // no listener left behind when the rest cannot start
      if (started != null) {
        started.close(); // nor job threads
      }
      release(workLock);
      if (redis != null) {
        redis.close();
      }
      throw e;
    }
  }

  /** Folders of the data directory for uploads being received and exports being built. */
  private static final String UPLOADS = "uploads";
  private static final String EXPORTS = "exports";

  /**
   * Refusal to start, in words for the operator: {@code slides serve} prints the message alone.
   */
  static final class CannotStart extends IllegalStateException {
    CannotStart(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Locks {@code work} for this process. {@code dataDirectory} is null with Redis, where each
   * node has a folder of its own under its node id.
   */
  private static FileLock lockWorkFolder(Path work, Path dataDirectory) throws IOException {
    FileChannel channel = FileChannel.open(work.resolve(".lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by another server in this process
    } catch (IOException e) {
      // A file system without locks: run as before, unguarded.
      channel.close();
      log.warn("Cannot lock {}, so nothing stops a second server from using it too: {}", work,
          e.toString());
      return null;
    }
    if (lock == null) {
      channel.close();
      throw new CannotStart(dataDirectory != null
          ? "Another slides server is using the data directory "
              + dataDirectory.toAbsolutePath() + ": give each"
              + " server its own (SLIDES_DATA_DIR / --data-dir), or let them share their jobs"
              + " through Redis (SLIDES_REDIS_URL)"
          : "Another slides server is using " + work.toAbsolutePath() + ": give each node its"
              + " own id (SLIDES_NODE_ID / --node-id)", null);
    }
    return lock;
  }

  private static void release(FileLock lock) {
    if (lock != null) {
      try {
        lock.channel().close(); // releases the lock
      } catch (IOException e) {
        log.warn("Cannot release the lock on the data directory: {}", e.toString());
      }
    }
  }

  private static void sweep(Path folder) {
    try {
      FileTree.deleteContents(folder);
    } catch (IOException e) {
      log.warn("Cannot sweep {}: {}", folder, e.toString());
    }
  }

  /** A host as a URL writes it: an IPv6 literal in brackets, or the URL would not parse. */
  private static String urlHost(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** Whether {@code host} is the address of every interface, IPv4's or IPv6's. */
  private static boolean everyAddress(String host) {
    return "0.0.0.0".equals(host) || "::".equals(host);
  }

  /** Where the local store's files are served: {@code {public base}/files/}. */
  static String filesBaseUrl(ServerSettings settings, int port) {
    String host = settings.host();
    // Listening on every address: localhost is the one that surely reaches it.
    String name = everyAddress(host) ? "localhost" : urlHost(host);
    String base = settings.publicBaseUrl() != null ? settings.publicBaseUrl()
        : "http://" + name + ":" + port;
    return base.replaceAll("/+$", "") + FilesHandler.PREFIX;
  }

  /** The root handler, set once the server is built; until then requests get 503. */
  static final class Switch implements HttpHandler {
    volatile HttpHandler target = exchange -> Unavailable.STARTING.send(exchange, "Starting");

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
      target.handleRequest(exchange);
    }
  }

  /**
   * Every route of the server, in the one list that both the router and the OpenAPI test read
   * (see {@code openapi.json} beside this class).
   */
  private List<Route> routeTable(FileSystemBlobStore local) throws IOException {
    List<Route> table = new ArrayList<>(List.of(
        Route.secured(Methods.GET, "/", blocking(this::index)),
        Route.secured(Methods.POST, "/process/youtube/{id}", blocking(this::processYouTube)),
        Route.secured(Methods.POST, "/process", blocking(this::processUrl)),
        Route.secured(Methods.POST, "/process/upload", blocking(this::processUpload)),
        Route.secured(Methods.GET, "/jobs", blocking(this::jobs)),
        Route.secured(Methods.GET, "/jobs/{id}", blocking(this::job)),
        Route.secured(Methods.GET, STREAM_ROUTE, blocking(this::stream)),
        Route.secured(Methods.POST, "/jobs/{id}/stream-token", blocking(this::streamToken)),
        Route.secured(Methods.DELETE, "/jobs/{id}", blocking(this::cancel)),
        Route.secured(Methods.GET, "/jobs/{id}/manifest.json", blocking(ex -> export(ex, null))),
        Route.secured(Methods.GET, "/jobs/{id}/slides.pdf",
            blocking(ex -> export(ex, ExportFormat.PDF))),
        Route.secured(Methods.GET, "/jobs/{id}/slides.html",
            blocking(ex -> export(ex, ExportFormat.HTML))),
        Route.secured(Methods.GET, "/jobs/{id}/slides.md",
            blocking(ex -> export(ex, ExportFormat.MARKDOWN))),
        Route.secured(Methods.GET, "/jobs/{id}/slides.csv",
            blocking(ex -> export(ex, ExportFormat.CSV))),
        Route.secured(Methods.GET, "/jobs/{id}/slides.zip",
            blocking(ex -> export(ex, ExportFormat.ZIP))),
        Route.secured(Methods.GET, "/progress", blocking(this::progress)),
        Route.secured(Methods.POST, "/drain", blocking(this::drain)),
        Route.open(Methods.GET, "/healthz/live", this::live),
        Route.open(Methods.GET, "/healthz/ready", this::ready),
        Route.open(Methods.GET, "/openapi.json", SlidesServer::openApi),
        new Route(Methods.GET, "/app/{file}", true, true, page::sendAsset),
        new Route(Methods.GET, "/metrics", settings.metricsPublic(), false,
            blocking(this::metrics))));
    if (local != null) {
      FilesHandler files = new FilesHandler(local);
      table.add(new Route(Methods.GET, "/files/{key}", true, true, files));
      table.add(new Route(Methods.HEAD, "/files/{key}", true, true, files));
    }
    return List.copyOf(table);
  }

  /**
   * The router over {@code table}. A request that matches no route, or a route with another
   * method, needs the password like any API call: without it the answer is 401, so callers
   * without the password learn nothing about which paths exist; with it, 404 or 405. A browser
   * asking for the page at {@code /} gets it without the password. Every GET route answers
   * HEAD too, as HTTP allows (load balancers probe the health routes so), with the same handler
   * and password rule: Undertow sends the status and headers and drops the body.
   */
  private HttpHandler router(List<Route> table) {
    RoutingHandler router = new RoutingHandler(false);
    Set<String> explicitHead = new HashSet<>();
    for (Route route : table) {
      if (route.method().equals(Methods.HEAD)) {
        explicitHead.add(route.path());
      }
    }
    for (Route route : table) {
      HttpHandler handler;
      if (route.open()) {
        handler = route.handler();
      } else if (route.path().equals(STREAM_ROUTE)) {
        // A browser's EventSource cannot send the password: the job's stream token stands in
        // for it on this route only.
        handler = new BearerAuthHandler(settings.apiPassword(), route.handler(), streamTokens);
      } else {
        handler = secured(route.handler());
      }
      router.add(route.method(), route.routerTemplate(), handler);
      if (route.method().equals(Methods.GET) && !explicitHead.contains(route.path())) {
        router.add(Methods.HEAD, route.routerTemplate(), handler);
      }
    }
    router.setFallbackHandler(secured(ex -> Json.error(ex, 404,
        "No route for " + ex.getRequestMethod() + " " + AccessLog.route(ex))));
    // RFC 9110 asks a 405 to name the methods the path takes, in an Allow header.
    PathTemplateMatcher<String> documentedPath = new PathTemplateMatcher<>();
    Map<String, Set<String>> methodsByPath = new HashMap<>();
    for (Route route : table) {
      if (documentedPath.get(route.routerTemplate()) == null) {
        documentedPath.add(route.routerTemplate(), route.path());
      }
      Set<String> methods = methodsByPath.computeIfAbsent(route.path(), p -> new TreeSet<>());
      methods.add(route.method().toString());
      if (route.method().equals(Methods.GET)) {
        methods.add(Methods.HEAD_STRING);
      }
    }
    router.setInvalidMethodHandler(secured(ex -> {
      PathTemplateMatcher.PathMatchResult<String> match =
          documentedPath.match(ex.getRelativePath());
      if (match == null) { // not expected: the router found the path
        Json.error(ex, 405, ex.getRequestMethod() + " is not allowed on " + AccessLog.route(ex));
        return;
      }
      String allowed = String.join(", ", methodsByPath.get(match.getValue()));
      ex.getResponseHeaders().put(Headers.ALLOW, allowed);
      Json.error(ex, 405, ex.getRequestMethod() + " is not allowed on " + match.getValue()
          + ": use " + allowed);
    }));
    return exchange -> {
      if (WebPage.wantsPage(exchange)) {
        page.sendPage(exchange); // the page signs in itself; its API calls need the password
      } else {
        router.handleRequest(exchange);
      }
    };
  }

  private HttpHandler secured(HttpHandler handler) {
    return new BearerAuthHandler(settings.apiPassword(), handler);
  }

  /** The routes as registered, for the test that holds them against {@code /openapi.json}. */
  List<Route> routes() {
    return routes;
  }

  private static final String STREAM_ROUTE = "/jobs/{id}/stream";

  /**
   * Worker threads of the HTTP server: Undertow's own default (eight per I/O thread), set here
   * so that {@link #MAX_BODY_READS} is a known share of it.
   */
  static final int WORKER_THREADS = Math.max(Runtime.getRuntime().availableProcessors(), 2) * 8;

  /**
   * Request bodies (uploads, JSON) read at once. Each is read on a worker thread for as long as
   * its client takes to send it, and an upload over a slow line takes minutes: without a bound,
   * a handful of them held every worker thread and every other API call waited behind them.
   * Half the workers stay free for everything else.
   */
  static final int MAX_BODY_READS = WORKER_THREADS / 2;

  /**
   * Exports (PDF, ZIP, ...) made at once: one a core, at least 2. Making one is work for a
   * processor (images decoded and encoded again), so more at once would only share the cores.
   */
  static final int MAX_EXPORTS = Math.max(Runtime.getRuntime().availableProcessors(), 2);

  static Undertow listen(ServerSettings settings, HttpHandler routes) {
    Undertow.Builder builder = Undertow.builder()
        .addHttpListener(settings.port(), settings.host())
        .setWorkerThreads(WORKER_THREADS)
        // No server-wide body limit: the routes that read a body enforce their own (JsonBody,
        // VideoUpload). Undertow 2.4 fixes a chunked body's limit before any handler runs, and
        // past it prints a stack trace to stderr and cuts the connection without an answer.
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 0L)
        .setHandler(new AccessLog(new ErrorHandler(
            new CorsHandler(settings.corsOrigins(), closingAfterLargeBodies(routes)))));
    // A client that sends half a request, or nothing at all, must not hold a connection (and its
    // buffers) forever. SSE streams write a heartbeat well within the idle timeout.
    if (!settings.requestTimeout().isZero()) {
      int millis = (int) Math.min(Integer.MAX_VALUE, settings.requestTimeout().toMillis());
      builder.setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis)
          .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, millis);
    }
    if (!settings.idleTimeout().isZero()) {
      // It watches non-blocking reads and writes; JsonBody applies it to its blocking reads.
      builder.setServerOption(UndertowOptions.IDLE_TIMEOUT,
          (int) Math.min(Integer.MAX_VALUE, settings.idleTimeout().toMillis()));
    }
    Undertow undertow = builder.build();
    try {
      undertow.start();
    } catch (RuntimeException e) {
      if (e.getCause() instanceof BindException bind) {
        String why = String.valueOf(bind.getMessage());
        throw new CannotStart("Cannot listen on " + urlHost(settings.host()) + ":"
            + settings.port() + ": " + (why.contains("in use")
                ? "the address is already in use (is another server running there?)"
                : why.contains("assign") ? "this machine has no such address" : why), e);
      }
      if (e.getCause() instanceof java.net.UnknownHostException) {
        // A typo in --host: it was a stack trace.
        throw new CannotStart("Cannot listen on " + urlHost(settings.host()) + ":"
            + settings.port() + ": no such address or host name (give an address of this"
            + " machine, such as 127.0.0.1 or 0.0.0.0)", e);
      }
      throw e;
    }
    return undertow;
  }

  /**
   * Undertow reads to its end a body that no handler read, so that the connection can carry the
   * next request. A body of unknown length (chunked) or longer than a JSON body may be is not
   * worth that: the connection closes after the answer instead. Without a server-wide limit
   * this is what keeps a large body sent to any route from being read in full.
   */
  private static HttpHandler closingAfterLargeBodies(HttpHandler next) {
    return exchange -> {
      if (exchange.getRequestContentLength() > JsonBody.MAX_BYTES
          || exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)) {
        exchange.setPersistent(false);
      }
      next.handleRequest(exchange);
    };
  }

  /** The port the server listens on (the one chosen when the settings asked for port 0). */
  public int port() {
    return port;
  }

  /** The job service behind the HTTP API. */
  public SlideService service() {
    return service;
  }

  /** Open SSE connections. */
  public int openStreams() {
    return streams.size();
  }

  // ---- handlers (on worker threads: the store may be remote) ----

  private void live(HttpServerExchange exchange) {
    Json.send(exchange, 200, Json.object().put("status", "alive"));
  }

  private void ready(HttpServerExchange exchange) {
    if (service.isDraining()) {
      Unavailable.DRAINING.send(exchange, "Draining for shutdown");
    } else {
      // Not ready while the store (or Redis) does not answer: jobs could neither be found nor
      // finish.
      CompletableFuture<Void> answers = service.storeAnswers();
      if (redis != null) {
        // Timed out as the requests' Redis calls are (the ping is bounded by the client's own
        // command timeout besides).
        answers = answers.thenCompose(ignored -> jobStore.callLater(
            () -> redis.ping(settings.redisCommandTimeout()), null)
            .exceptionally(e -> {
              throw new CompletionException(new SlideService.StoreUnavailableException(
                  "The job store (Redis) does not answer"));
            }));
      }
      answerWhenDone(exchange, answers, (ex, ignored) ->
          Json.send(ex, 200, Json.object().put("status", "ready")));
    }
  }

  /** The hand-written API description, checked against {@link #routes()} by a test. */
  private static void openApi(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send(ByteBuffer.wrap(OpenApi.DOCUMENT));
  }

  /**
   * Answers even while Redis does not: without the gauges read from it, and saying so (see
   * {@link ServerMetrics}).
   */
  private void metrics(HttpServerExchange exchange) {
    answerWhenDone(exchange, fromJobStore(metrics::readJobStore).exceptionally(failure -> {
      log.debug("Metrics without the job store's gauges: {}", failure.toString());
      return null;
    }), (ex, reading) -> {
      ex.getResponseHeaders().put(Headers.CONTENT_TYPE, ServerMetrics.CONTENT_TYPE);
      ex.getResponseSender().send(metrics.scrape(reading));
    });
  }

  private void index(HttpServerExchange exchange) {
    ObjectNode endpoints = Json.object()
        .put("process", "/process/youtube/{video_id}")
        .put("process_url", "/process")
        .put("progress", "/progress")
        .put("job_status", "/jobs/{video_id}")
        .put("job_stream", "/jobs/{video_id}/stream");
    ObjectNode body = Json.object().put("status", "running");
    body.set("endpoints", endpoints);
    // The page checks a file's size before sending it: a refused upload closes the connection.
    body.putObject("limits").put("max_upload_bytes", settings.maxDownloadBytes());
    // How long the page waits before it asks again a server that did not answer (doubled at
    // each try, up to ten times as long).
    body.putObject("page").put("retry_ms", settings.pageRetry().toMillis());
    // The page at the same URL for browsers: without these, the browser's cache took this
    // answer (the page asks for it) for the page itself, and Back could show the JSON.
    exchange.getResponseHeaders().add(Headers.VARY, "Accept")
        .put(Headers.CACHE_CONTROL, "no-store");
    Json.send(exchange, 200, body);
  }

  private void processYouTube(HttpServerExchange exchange) {
    String id = videoId(exchange);
    if (id == null) {
      return;
    }
    submit(exchange, id, submitting(() -> service.submitYouTube(id)));
  }

  private void processUrl(HttpServerExchange exchange) throws IOException {
    JsonNode body = readingBody(exchange, () -> JsonBody.read(exchange, settings.idleTimeout(),
        "{\"url\": \"https://...\", \"video_id\": optional}"));
    if (body != null && !body.isMissingNode() && !body.isObject()) {
      // An array or a bare string ("http://...") read "Missing url", as if the URL were absent.
      Json.error(exchange, 400, "The body must be a JSON object: {\"url\": \"https://...\","
          + " \"video_id\": optional}");
      return;
    }
    JsonNode urlValue = body == null ? null : body.get("url");
    if (urlValue == null || urlValue.isNull()) {
      Json.error(exchange, 400, "Missing \"url\"");
      return;
    }
    if (!urlValue.isTextual()) {
      Json.error(exchange, 400, "\"url\" must be a string: {\"url\": \"https://...\"}");
      return;
    }
    String text = urlValue.asText().strip();
    Optional<String> youtubeId = YouTubeLinks.videoId(text);
    if (youtubeId.isPresent()) {
      // A YouTube id or link (what people paste) is resolved as POST /process/youtube/{id}.
      String youtube = youtubeId.get();
      JsonNode chosen = body.path("video_id");
      if (!chosen.isMissingNode() && !chosen.isNull()
          && !(chosen.isTextual() && chosen.asText().equals(youtube))) {
        // The job is keyed by the video's own id: a client that tracked the id it gave found
        // no job there, since the given one was silently replaced.
        Json.error(exchange, 400, "video_id cannot be chosen for a YouTube video: its job is "
            + youtube + ", the video's own id; leave video_id out");
        return;
      }
      submit(exchange, youtube, submitting(() -> service.submitYouTube(youtube)));
      return;
    }
    if (YouTubeLinks.isYouTubeLink(text)) {
      Json.error(exchange, 400, "This YouTube link names no video: use a link to one video");
      return;
    }
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      Json.error(exchange, 400, "Invalid url: " + UrlSyntax.problem(text, e));
      return;
    }
    if (!HttpDownloader.isHttp(url)) {
      Json.error(exchange, 400, "Only http(s) URLs are accepted");
      return;
    }
    if (url.getHost() == null) { // such as http://127.1/ or http://0x7f.1/, which URI cannot parse
      Json.error(exchange, 400, "Invalid url: no host name or address that can be read");
      return;
    }
    // The downloader refuses these too, but only once the job runs: a URL that can never work
    // is the caller's to fix now, not a job that fails a moment later.
    if (url.getRawUserInfo() != null) {
      Json.error(exchange, 400, "Invalid url: a user name or password in a URL is not supported");
      return;
    }
    if (url.getPort() > 65535) {
      Json.error(exchange, 400, "Invalid url: port " + url.getPort()
          + " is out of range (1-65535)");
      return;
    }
    JsonNode given = body.path("video_id");
    // Absent or null: no id given. Anything else must be a valid id, not silently replaced.
    String id = given.isMissingNode() || given.isNull() ? idFor(url)
        : given.isTextual() ? given.asText() : "";
    if (!BlobKeys.isValidVideoId(id)) {
      Json.error(exchange, 400, "Invalid video_id: use [A-Za-z0-9_-]{1,64}");
      return;
    }
    URI video = url;
    submit(exchange, id, submitting(() -> service.submitUrl(id, video)));
  }

  private void processUpload(HttpServerExchange exchange) throws IOException {
    String id;
    try {
      id = QueryParameters.single(exchange, "video_id");
    } catch (RejectedRequest e) {
      exchange.setPersistent(false); // the body is not read
      throw e;
    }
    if (id != null && !BlobKeys.isValidVideoId(id)) {
      exchange.setPersistent(false); // the body is not read
      Json.error(exchange, 400, "Invalid video_id: use [A-Za-z0-9_-]{1,64}");
      return;
    }
    if (service.isDraining()) {
      exchange.setPersistent(false);
      Unavailable.DRAINING.send(exchange, "Draining for shutdown");
      return;
    }
    VideoUpload.Received upload = readingBody(exchange, () -> VideoUpload.receive(exchange,
        work.resolve(UPLOADS), settings.maxDownloadBytes(),
        settings.idleTimeout()));
    String videoId = id != null ? id : upload.contentId();
    Path file = upload.file();
    // In bytes and MB: a whole number of MB said "0 MB" for every upload under one.
    log.info("Upload of {} bytes ({} MB) received for job {}", upload.size(),
        String.format(Locale.ROOT, "%.1f", upload.size() / 1048576.0), videoId);
    CompletableFuture<SlideService.Submission> pending;
    try {
      // The body has been read to its end: whatever the answer, the connection stays usable.
      pending = changingJobStore(() -> {
        try {
          return service.submitFile(videoId, file);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, "the job may have been submitted all the same: sending the same video again is safe,"
          + " it joins the job if there is one");
    } catch (RuntimeException e) { // without Redis the call is made right here
      Files.deleteIfExists(file);
      throw e;
    }
    submit(exchange, videoId, pending.exceptionallyCompose(failure ->
        CompletableFuture.failedFuture(uploadNotSubmitted(file, failure))));
  }

  /**
   * {@code failure} of an upload's submission, once the upload is gone from the disk. The
   * service takes the file over (moving it away at once, then deleting it when no job starts
   * with it); one still here was never taken over, and no job will take it now, for the move
   * fails once it is deleted. That is the case when Redis did not answer before the service
   * was called: the client then learns that no job started.
   */
  static Throwable uploadNotSubmitted(Path file, Throwable failure) {
    Throwable cause = JobStoreCalls.unwrapped(failure);
    boolean dropped;
    try {
      dropped = Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("Cannot delete an upload no job took: {}", e.toString());
      return cause;
    }
    if (dropped && cause instanceof SlideService.StoreUnavailableException) {
      return new SlideService.StoreUnavailableException("The job store (Redis) did not answer"
          + " in time, so no job started and the upload was not kept: send the video again"
          + " shortly");
    }
    return cause;
  }

  /** Reads a request body. */
  @FunctionalInterface
  private interface BodyReader<T> {
    T read() throws IOException;
  }

  /**
   * Runs {@code reader} while holding one of the {@link #MAX_BODY_READS} places; when none is
   * free the body is not read and the answer is 503.
   */
  private <T> T readingBody(HttpServerExchange exchange, BodyReader<T> reader)
      throws IOException {
    if (!bodyReads.tryAcquire()) {
      exchange.setPersistent(false); // the body is not read
      throw Unavailable.BUSY.rejection(exchange, "This server is already receiving "
          + MAX_BODY_READS + " uploads or requests at once, its most; try again in a moment");
    }
    try {
      return reader.read();
    } finally {
      bodyReads.release();
    }
  }

  /** {@code GET /jobs?offset=&limit=}: jobs, most recently updated first. */
  private void jobs(HttpServerExchange exchange) {
    int offset = intParameter(exchange, "offset", 0);
    int limit = intParameter(exchange, "limit", 20);
    if (offset < 0 || limit < 1) {
      throw new RejectedRequest(400, "offset must be 0 or more and limit 1 or more");
    }
    int pageSize = Math.min(limit, MAX_PAGE);
    // One more than asked tells whether there is a next page.
    answerWhenDone(exchange, fromJobStore(() -> tracker.recent(offset, pageSize + 1)),
        (ex, page) -> {
          com.fasterxml.jackson.databind.node.ArrayNode list = Json.MAPPER.createArrayNode();
          for (JobTracker.Job job : page.subList(0, Math.min(pageSize, page.size()))) {
            ObjectNode entry = Json.object().put("video_id", job.videoId());
            entry.setAll((ObjectNode) stateNode(job.state()));
            list.add(entry);
          }
          ObjectNode body = Json.object();
          body.set("jobs", list);
          body.put("offset", offset).put("limit", pageSize);
          if (page.size() > pageSize) {
            body.put("next", offset + pageSize);
          } else {
            body.putNull("next");
          }
          Json.send(ex, 200, body);
        });
  }

  /**
   * {@code call}, which asks the job store: with Redis on the threads of {@link JobStoreCalls},
   * so that a Redis that does not answer holds no worker thread and the answer comes within the
   * store look-up timeout; without Redis (the jobs are in this process) right here.
   */
  private <T> CompletableFuture<T> fromJobStore(java.util.function.Supplier<T> call) {
    return jobStore == null ? CompletableFuture.completedFuture(call.get())
        : jobStore.call(call);
  }

  /** {@link #fromJobStore} for a call that answers with a future of its own. */
  private <T> CompletableFuture<T> fromJobStoreLater(
      java.util.function.Supplier<CompletableFuture<T>> call) {
    return changingJobStore(call, null);
  }

  /**
   * {@link #fromJobStoreLater} for a call that may change the job store: {@code ifUnsure} says
   * what a client is told when Redis was asked but did not answer in time (see
   * {@link JobStoreCalls#callLater}).
   */
  private <T> CompletableFuture<T> changingJobStore(
      java.util.function.Supplier<CompletableFuture<T>> call, String ifUnsure) {
    return jobStore == null ? call.get() : jobStore.callLater(call, ifUnsure);
  }

  /**
   * A submission through the job store. A submission that Redis did not confirm in time goes
   * on, and may start the job after the 503: the client is told so, and that a retry is safe,
   * since submitting an id again joins its job (or restarts it when it failed).
   */
  private CompletableFuture<SlideService.Submission> submitting(
      java.util.function.Supplier<CompletableFuture<SlideService.Submission>> call) {
    return changingJobStore(call, SUBMISSION_UNSURE);
  }

  static final String SUBMISSION_UNSURE = "the job may have been submitted all the same:"
      + " sending the same request again is safe, it joins the job if there is one";

  /** Largest page of {@code GET /jobs}. */
  static final int MAX_PAGE = 100;

  private static int intParameter(HttpServerExchange exchange, String name, int absent) {
    String value = QueryParameters.single(exchange, name);
    if (value == null) {
      return absent;
    }
    if (value.matches("\\d{10,}")) { // a whole number still, too large for a page
      throw new RejectedRequest(400, name + " must be at most 999999999");
    }
    if (!value.matches("\\d{1,9}")) {
      throw new RejectedRequest(400, name + " must be a whole number, got \"" + value + "\"");
    }
    return Integer.parseInt(value);
  }

  /** {@code POST /jobs/{id}/stream-token}: a short-lived token that opens this job's stream. */
  private void streamToken(HttpServerExchange exchange) {
    withJob(exchange, (ex, id, state) -> {
      StreamTokens.Token token = streamTokens.issue(id);
      Json.send(ex, 200, Json.object()
          .put("token", token.value())
          .put("expires_at", JobState.formatTimestamp(token.expiresAt()))
          .put("stream", "/jobs/" + id + "/stream?token=" + token.value()));
    });
  }

  /** A completed job's export in {@code format}, or its manifest when the format is null. */
  private void export(HttpServerExchange exchange, ExportFormat format) {
    withJob(exchange, (ex, id, state) -> {
      if (state.status() != dev.slides.JobStatus.COMPLETED) {
        Json.error(ex, 409, "Job " + id + " is not completed (status: "
            + state.status().wireName() + ")");
      } else {
        try {
          if (format == null) {
            exports.sendManifest(ex, id);
          } else if (ex.getRequestMethod().equals(Methods.HEAD)) {
            exports.sendHead(ex, id, format); // the headers alone: nothing is made for them
          } else {
            exports.send(ex, id, format);
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    });
  }

  /** A stable id for a URL without one: a hash of it. */
  static String idFor(URI url) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(url.toString().getBytes(StandardCharsets.UTF_8));
      StringBuilder b = new StringBuilder("url-");
      for (int i = 0; i < 8; i++) {
        b.append(String.format(Locale.ROOT, "%02x", digest[i]));
      }
      return b.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void submit(HttpServerExchange exchange, String id,
      CompletableFuture<SlideService.Submission> pending) {
    answerWhenDone(exchange, pending, (ex, submission) -> {
      ObjectNode body = Json.object();
      switch (submission.outcome()) {
        case STARTED -> body.put("message", "Download started");
        case IN_PROGRESS -> body.put("message", "Job already in progress");
        case COMPLETED -> body.put("message", "Job already completed");
      }
      body.put("video_id", id);
      body.put("track", "/jobs/" + id);
      body.put("stream", "/jobs/" + id + "/stream");
      if (submission.outcome() != SlideService.Outcome.STARTED) {
        body.set("job", stateNode(submission.state()));
      }
      Json.send(ex, 200, body);
    });
  }

  private void job(HttpServerExchange exchange) {
    withJob(exchange, (ex, id, state) -> Json.send(ex, 200, state.toJson()));
  }

  /** What a route does with a job that exists (in the tracker or, finished, in the store). */
  private interface JobAnswer {
    void answer(HttpServerExchange exchange, String videoId, JobState state);
  }

  /** Answers with the job of the path's {@code {id}}: 400 for a bad id, 404 for none. */
  private void withJob(HttpServerExchange exchange, JobAnswer answer) {
    String id = videoId(exchange);
    if (id == null) {
      return;
    }
    answerWhenDone(exchange, fromJobStoreLater(() -> service.status(id)), (ex, state) -> {
      if (state.isEmpty()) {
        Json.error(ex, 404, "Job not found: " + id);
      } else {
        answer.answer(ex, id, state.get());
      }
    });
  }

  private void stream(HttpServerExchange exchange) {
    String id = videoId(exchange);
    if (id == null) {
      return;
    }
    long lastEventId = 0;
    String header = exchange.getRequestHeaders().getFirst("Last-Event-ID");
    if (header != null && header.strip().matches("\\d{1,18}")) {
      lastEventId = Long.parseLong(header.strip());
    }
    SseStream stream = new SseStream(exchange, id, lastEventId, settings.heartbeat(),
        settings.inactivityTimeout(), this::streamClosed);
    // A job the tracker knows is followed at once: with Redis away, from the newest state this
    // node already follows it at. Otherwise the store may still hold its manifest. Subscribed
    // off the I/O thread: with Redis the first subscriber of a job on this node waits for the
    // subscription to be confirmed, which no I/O thread may do.
    answerWhenDone(exchange, subscribe(id, stream).thenCompose(subscription ->
        subscription.isPresent() ? CompletableFuture.completedFuture(subscription)
            : fromJobStoreLater(() -> service.status(id)).thenCompose(state -> state.isEmpty()
                ? CompletableFuture.completedFuture(subscription) : subscribe(id, stream))),
        (ex, subscription) -> {
          if (subscription.isEmpty()) {
            Json.error(ex, 404, "Job not found: " + id);
            return;
          }
          streams.add(stream);
          ex.dispatch(SameThreadExecutor.INSTANCE,
              () -> ex.getIoThread().execute(() -> stream.start(subscription.get())));
        });
  }

  /**
   * Subscribes {@code stream} to the job; empty when the tracker does not know it. Not bounded
   * by the look-up timeout: with Redis not answering, the tracker waits for its own command
   * timeout and then serves a job this node follows from the newest state it knows.
   */
  private CompletableFuture<Optional<JobTracker.Subscription>> subscribe(String id,
      SseStream stream) {
    return jobStore == null ? CompletableFuture.completedFuture(tracker.subscribe(id, stream))
        : jobStore.callUntilItAnswers(() -> tracker.subscribe(id, stream));
  }

  private void cancel(HttpServerExchange exchange) {
    String id = videoId(exchange);
    if (id == null) {
      return;
    }
    answerWhenDone(exchange, changingJobStore(() -> CompletableFuture.completedFuture(cancel(id)),
        "the job may have been cancelled all the same: ask for it (GET /jobs/" + id
            + ") to know, or send the DELETE again"),
        (ex, cancelled) -> {
          if (cancelled.before().isEmpty()) {
            Json.error(ex, 404, "Job not found: " + id);
          } else if (cancelled.after().isEmpty()) {
            Json.error(ex, 409, "Job already finished: "
                + cancelled.before().get().status().wireName());
          } else {
            ObjectNode body = Json.object().put("message", "Job cancelled").put("video_id", id);
            body.set("job", stateNode(cancelled.after().get()));
            Json.send(ex, 200, body);
          }
        });
  }

  /** A job's state before a cancel (empty: unknown) and after it (empty: not cancelled). */
  private record Cancel(Optional<JobState> before, Optional<JobState> after) {}

  /** Cancels the job {@code id}, asking the job store (Redis) as it goes. */
  private Cancel cancel(String id) {
    Optional<JobState> before = tracker.get(id);
    if (before.isEmpty() || !service.cancel(id)) {
      return new Cancel(before, Optional.empty());
    }
    return new Cancel(before, Optional.of(tracker.get(id).orElseThrow()));
  }

  private void progress(HttpServerExchange exchange) {
    ObjectNode body = Json.object();
    for (Map.Entry<String, SlideService.Download> e : service.downloads().entrySet()) {
      SlideService.Download p = e.getValue();
      body.putObject(e.getKey())
          .put("status", p.status())
          .put("percent", p.percent())
          .put("downloaded_mb", p.downloadedMb())
          .put("total_mb", p.totalMb());
    }
    Json.send(exchange, 200, body);
  }

  private void drain(HttpServerExchange exchange) {
    service.drain();
    Json.send(exchange, 202, Json.object().put("status", "draining"));
  }

  private static String videoId(HttpServerExchange exchange) {
    String id = Json.pathParameter(exchange, "id");
    if (!BlobKeys.isValidVideoId(id)) {
      Json.error(exchange, 400, "Invalid video id: use [A-Za-z0-9_-]{1,64}");
      return null;
    }
    return id;
  }

  private static JsonNode stateNode(JobState state) {
    try {
      return Json.MAPPER.readTree(state.toJson());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Answers once {@code pending} completes, holding no thread while it waits: the answer is
   * written on a worker thread. A {@link SlideService.RejectedException} or
   * {@link SlideService.StoreUnavailableException} becomes a 503 with its message.
   */
  private <T> void answerWhenDone(HttpServerExchange exchange,
      CompletableFuture<T> pending, BiConsumer<HttpServerExchange, T> answer) {
    if (pending.isDone()) {
      answer(exchange, pending, answer);
      return;
    }
    // The runnable runs once this handler has returned; the exchange stays open until answered.
    exchange.dispatch(SameThreadExecutor.INSTANCE, () -> pending.whenComplete((v, e) ->
        exchange.dispatch(() -> answer(exchange, pending, answer))));
  }

  private <T> void answer(HttpServerExchange exchange, CompletableFuture<T> done,
      BiConsumer<HttpServerExchange, T> answer) {
    try {
      T value;
      try {
        value = done.join();
      } catch (CompletionException | java.util.concurrent.CancellationException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof SlideService.RejectedException) {
          // Draining, or the queue is full: a place frees when a job starts.
          (service.isDraining() ? Unavailable.DRAINING : Unavailable.QUEUE_FULL)
              .send(exchange, cause.getMessage());
          return;
        }
        if (cause instanceof SlideService.StoreUnavailableException) {
          Unavailable.STORE.send(exchange, cause.getMessage());
          return;
        }
        throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
      }
      answer.accept(exchange, value);
    } catch (RuntimeException e) {
      if (ErrorHandler.isRedisUnavailable(e) && !exchange.isResponseStarted()) {
        ErrorHandler.redisUnavailable(exchange, e);
        return;
      }
      log.error("Request {} {} failed", exchange.getRequestMethod(),
          AccessLog.printablePath(exchange), e);
      if (!exchange.isResponseStarted()) {
        Json.error(exchange, 500, "Internal error");
      } else {
        exchange.endExchange();
      }
    }
  }

  @FunctionalInterface
  private interface BlockingRoute {
    void handle(HttpServerExchange exchange) throws Exception;
  }

  /**
   * Runs a route on a worker thread (it may touch the store), never on an I/O thread; what it
   * throws is answered there by an {@link ErrorHandler}, since the one around the root no longer
   * sees it.
   */
  private static HttpHandler blocking(BlockingRoute route) {
    HttpHandler onWorker = new ErrorHandler(route::handle);
    return exchange -> {
      if (exchange.isInIoThread()) {
        exchange.dispatch(onWorker);
        return;
      }
      onWorker.handleRequest(exchange);
    };
  }

  // ---- lifecycle ----

  /**
   * Graceful stop: no new jobs, running ones may finish within {@code timeout}, open streams
   * are closed cleanly, then the listener stops. Jobs still running then (and, without Redis,
   * those still queued) end {@code failed} with error {@code interrupted}; with Redis they are
   * handed back to the shared queue for another node instead, and queued ones stay there.
   */
  public void shutdown(Duration timeout) {
    // Counted here, without asking Redis: a stop must go on while Redis does not answer (it
    // once threw from here then, and the node neither drained nor waited for its jobs).
    int running = service.runningJobs();
    // The operator learns what the stop will do before it is done, and when it is over.
    if (redis != null) {
      log.info("Stopping: waiting up to {} s for {} running here to finish; jobs in the shared"
          + " queue stay for the other nodes", timeout.toSeconds(), Quantity.of(running, "job"));
    } else {
      int queued = service.queuedJobs(); // the queue is this process's own
      log.info("Stopping: waiting up to {} s for {} running to finish{}", timeout.toSeconds(),
          Quantity.of(running, "job"), queued == 0 ? ""
              : "; " + Quantity.of(queued, "job") + " in the queue will not start (failed, error"
                  + " interrupted)");
    }
    service.drain();
    try {
      if (!service.awaitIdle(timeout)) {
        String jobs = Quantity.of(service.runningJobs(), "job");
        if (redis != null) {
          // The queue is shared: nothing is lost, another node starts these jobs again.
          log.warn("{} still running after {} s; handing them back to the shared queue"
              + " for another node", jobs, timeout.toSeconds());
        } else {
          log.warn("{} still running and {} waiting in the queue after {} s; stopping them"
              + " (they read failed, error interrupted)", jobs, service.queuedJobs(),
              timeout.toSeconds());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
    log.info("Stopped");
  }

  private void streamClosed(SseStream stream) {
    synchronized (streams) {
      streams.remove(stream);
      streams.notifyAll();
    }
  }

  /** Stops at once: running jobs stop, streams are closed (waiting up to 2 s for them). */
  @Override
  public void close() {
    service.close();
    for (SseStream s : streams) {
      s.shutdown();
    }
    long deadline = System.nanoTime() + 2_000_000_000L;
    synchronized (streams) {
      while (!streams.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(streams, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    if (jobStore != null) {
      jobStore.close();
    }
    if (redis != null) {
      // After the service (its leases go back through this connection) and the streams (they
      // end their subscriptions through it).
      redis.close();
    }
    if (undertow != null) {
      undertow.stop();
      undertow = null;
    }
    // Last: the service has stopped its jobs, so a server started next may sweep their debris.
    release(workLock);
    workLock = null;
  }
}
