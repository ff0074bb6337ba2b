package dev.slides.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.Disposable;

/**
 * The connections of one node to Redis and the tracker and queue that use them: one connection
 * for commands (Lettuce pipelines the calls of every thread on it) and one for pub/sub. Both
 * reconnect by themselves; while disconnected, commands fail at once instead of waiting in a
 * buffer, so requests and workers see the outage instead of hanging.
 *
 * <p>Both try to reconnect 1 ms after a drop, doubling the wait up to {@link #RECONNECT_CAP}
 * between tries: Lettuce's default goes up to 30 s, so a node noticed a Redis restart up to
 * half a minute late (measured: back 14 s after a 20 s outage ended), long enough for the
 * leases of its running jobs to run out meanwhile. One refused connection a second per
 * connection costs nothing, even through an outage of hours. The log tells of an outage in a
 * few lines for the node rather than for each try (see {@link OutageLog}).
 */
public final class RedisBackend implements AutoCloseable {
  /** The longest wait between two tries to reconnect. */
  static final Duration RECONNECT_CAP = Duration.ofSeconds(1);

  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final Notifications notifications;
  private final RedisJobTracker tracker;
  private final RedisJobQueue queue;
  private final String description;
  private final Disposable outages;
  /** Set by the first {@link #close()}: later ones do nothing. */
  private final AtomicBoolean closing = new AtomicBoolean();
  /**
   * Set once the queue has handed back what it could: commands then fail saying so, instead of
   * with what the client's stopped threads answer ("cannot be started once stopped").
   */
  private volatile boolean closed;

  private RedisBackend(ClientResources resources, Disposable outages, RedisClient client,
      RedisURI uri, Settings settings) {
    this.resources = resources;
    this.outages = outages;
    this.client = client;
    this.description = "redis://" + uri.getHost() + ":" + uri.getPort() + "/"
        + uri.getDatabase();
    StatefulRedisConnection<String, String> commands = null;
    Notifications pubsub = null;
    try {
      commands = client.connect();
      pubsub = new Notifications(client.connectPubSub(), settings.commandTimeout());
      Keys keys = new Keys(settings.keyPrefix());
      RedisCommands<String, String> sync = Uninterruptible.wrap(commands.sync(),
          this::requireOpen);
      this.tracker = new RedisJobTracker(sync, pubsub, keys, Clock.systemUTC(),
          settings.finishedTtl(), settings.visibility());
      this.queue = new RedisJobQueue(sync, pubsub, keys, settings.nodeId(),
          settings.visibility(), settings.queueCapacity(), settings.claimRecheck());
    } catch (RuntimeException e) {
      if (pubsub != null) {
        pubsub.close();
      }
      if (commands != null) {
        commands.close();
      }
      throw e;
    }
    this.connection = commands;
    this.notifications = pubsub;
  }

  /** What the facade was configured with. */
  public record Settings(String nodeId, String keyPrefix, Duration visibility, int queueCapacity,
      Duration finishedTtl, Duration commandTimeout, Duration claimRecheck) {
    /** With idle workers looking for run-out leases every 250 ms. */
    public Settings(String nodeId, String keyPrefix, Duration visibility, int queueCapacity,
        Duration finishedTtl, Duration commandTimeout) {
      this(nodeId, keyPrefix, visibility, queueCapacity, finishedTtl, commandTimeout,
          RedisJobQueue.CLAIM_RECHECK);
    }
  }

  /**
   * Connects to {@code url} ({@code redis://[:password@]host:port[/db]}).
   *
   * @throws IllegalArgumentException when the URL is not a Redis URL
   * @throws RedisUnavailableException when Redis does not answer
   */
  public static RedisBackend open(String url, Settings settings) {
    RedisURI uri;
    try {
      uri = RedisURI.create(url);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Not a Redis URL (redis://host:port[/db]): "
          + withoutPassword(url));
    }
    uri.setTimeout(settings.commandTimeout());
    // The client's threads and timers, made here for the reconnect delay: the client does not
    // shut down resources it was given, close() does.
    ClientResources resources = ClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ZERO, RECONNECT_CAP, 2, TimeUnit.MILLISECONDS))
        .build();
    // An outage in a few lines for the node, instead of two a try for each connection.
    Disposable outages = resources.eventBus().get().subscribe(
        new OutageLog(address(uri), RECONNECT_CAP)::accept);
    RedisClient client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
        .build());
    RedisBackend backend;
    try {
      backend = new RedisBackend(resources, outages, client, uri, settings);
    } catch (RedisException e) {
      outages.dispose();
      shutdown(client, resources);
      throw new RedisUnavailableException("Cannot use Redis at " + withoutPassword(url) + ": "
          + inPlainWords(rootMessage(e)) + tlsHint(uri, e), e);
    } catch (RuntimeException e) {
      outages.dispose();
      shutdown(client, resources);
      throw e;
    }
    backend.tracker.start();
    return backend;
  }

  /**
   * What went wrong at the bottom ("Connection refused", "WRONGPASS ..."), without the client's
   * wrapping ("Unable to connect to 127.0.0.1/<unresolved>:6379").
   */
  private static String rootMessage(Throwable e) {
    Throwable root = root(e);
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }

  /** The cause at the bottom of {@code e}'s chain. */
  private static Throwable root(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  /**
   * For a {@code rediss://} URL whose connection was never set up (no answer to the TLS
   * handshake, or one that was no TLS): what to check. A Redis without TLS does not answer a
   * handshake, and "Connection initialization timed out" alone sent operators looking at the
   * network.
   */
  private static String tlsHint(RedisURI uri, Throwable e) {
    Throwable root = root(e);
    boolean notSetUp = root instanceof javax.net.ssl.SSLException
        || String.valueOf(root.getMessage()).contains("timed out");
    return uri.isSsl() && notSetUp ? "; rediss:// asks for TLS: check that the server has TLS"
        + " on this port, or use redis:// for a plain connection" : "";
  }

  /**
   * A refusal of the server's in words that say what to change in the URL, its code kept: the
   * client's own text for a missing password was "NOAUTH HELLO must be called with the client
   * already authenticated, otherwise the HELLO &lt;proto&gt; AUTH ..." and said nothing of it.
   */
  static String inPlainWords(String refusal) {
    String code = refusal.split(" ", 2)[0];
    if (code.equals("NOAUTH")) {
      return "it asks for a password; give it in the URL, redis://:PASSWORD@host:port (Redis"
          + " said NOAUTH)";
    }
    if (code.equals("WRONGPASS")) {
      return "the user name or password in the URL is wrong (Redis said WRONGPASS)";
    }
    if (refusal.equals("Connection closed prematurely")) {
      // Lettuce's handshake races its own close after a refusal (RedisHandshakeHandler fails
      // the connection again from channelInactive): a wrong password or database number reads
      // so now and then instead of WRONGPASS, NOAUTH or the database's error.
      return "the connection ended while it was being set up; check the password and the"
          + " database number in the URL (" + refusal + ")";
    }
    if (refusal.contains("DB index is out of range")) {
      return "the database number at the end of the URL is beyond the server's (its"
          + " databases setting, 16 unless changed; Redis said: " + refusal + ")";
    }
    return refusal;
  }

  /** {@code host:port}, an IPv6 host in brackets: where, without the URL's password. */
  private static String address(RedisURI uri) {
    if (uri.getHost() == null) {
      return String.valueOf(uri.getSocket()); // redis-socket://path
    }
    String host = uri.getHost();
    return (host != null && host.contains(":") ? "[" + host + "]" : host) + ":" + uri.getPort();
  }

  /** The URL without its password, for messages and logs. */
  static String withoutPassword(String url) {
    return url == null ? "null" : url.replaceAll("//[^@/]*@", "//***@");
  }

  public RedisJobTracker tracker() {
    return tracker;
  }

  public RedisJobQueue queue() {
    return queue;
  }

  /** Completes when Redis answers a PING; fails when it does not, or not within the timeout. */
  public CompletableFuture<Void> ping(Duration timeout) {
    try {
      requireOpen();
    } catch (IllegalStateException e) {
      return CompletableFuture.failedFuture(e);
    }
    return connection.async().ping().toCompletableFuture()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(pong -> null);
  }

  @Override
  public String toString() {
    return description;
  }

  /** Fails once {@link #close()} was called, saying so. */
  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("RedisJobs (" + description + ") was closed: it no"
          + " longer reaches Redis (close it after the SlideService that uses it)");
    }
  }

  /** Closes the connections and stops the client's threads; once, later calls do nothing. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    queue.close();
    tracker.close();
    closed = true;
    notifications.close();
    connection.close();
    outages.dispose();
    shutdown(client, resources);
  }

  /** The client's threads, timers and events: for tests. */
  ClientResources resources() {
    return resources;
  }

  /** Closes the client, then stops its threads and waits until they have ended. */
  private static void shutdown(RedisClient client, ClientResources resources) {
    try {
      client.shutdown(0, 2, TimeUnit.SECONDS);
    } finally {
      resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }
}
