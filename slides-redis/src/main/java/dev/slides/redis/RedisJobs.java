package dev.slides.redis;

import dev.slides.JobTracker;
import dev.slides.redis.internal.RedisBackend;
import dev.slides.service.JobQueue;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Jobs kept in Redis, shared by every node connected to the same server: a {@link JobTracker}
 * (job states, fenced writes, updates on every node) and a {@link JobQueue} (a stream with a
 * consumer group: jobs of a node that stopped are taken over by another one).
 *
 * <pre>{@code
 * try (RedisJobs redis = RedisJobs.connect("redis://localhost:6379/0",
 *     RedisJobs.options().nodeId("node-1").visibilityTimeout(Duration.ofSeconds(60)))) {
 *   SlideService service = SlideService.builder(extractor)
 *       .tracker(redis.tracker()).queue(redis.queue()).nodeId(redis.nodeId())
 *       .build().start();
 *   ...
 * }
 * }</pre>
 *
 * Close it after the service that uses it: leases are handed back through its connection.
 */
public final class RedisJobs implements AutoCloseable {
  private final RedisBackend backend;
  private final String nodeId;

  private RedisJobs(RedisBackend backend, String nodeId) {
    this.backend = backend;
    this.nodeId = nodeId;
  }

  /** Settings with their defaults. */
  public static Options options() {
    return new Options();
  }

  /**
   * Connects to {@code url}, {@code redis://[:password@]host:port[/db]}.
   *
   * @throws IllegalArgumentException when the URL is not a Redis URL
   * @throws IllegalStateException when Redis cannot be reached (the message names the server)
   */
  public static RedisJobs connect(String url, Options options) {
    Objects.requireNonNull(url, "url");
    RedisBackend backend = RedisBackend.open(url, new RedisBackend.Settings(options.nodeId,
        options.keyPrefix, options.visibilityTimeout, options.queueCapacity,
        options.finishedJobTtl, options.commandTimeout));
    return new RedisJobs(backend, options.nodeId);
  }

  /** The job states, shared by every node. */
  public JobTracker tracker() {
    return backend.tracker();
  }

  /** The queue of jobs, shared by every node. */
  public JobQueue queue() {
    return backend.queue();
  }

  /** This node's name: its consumer name in the queue and the {@code worker} of its jobs. */
  public String nodeId() {
    return nodeId;
  }

  /**
   * Completes when Redis answers within {@code timeout}; fails otherwise. For readiness
   * probes.
   */
  public CompletableFuture<Void> ping(Duration timeout) {
    return backend.ping(timeout);
  }

  /** {@code host-pid}: this host's name and this process's id. */
  public static String defaultNodeId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "node";
    }
    return (host + "-" + ProcessHandle.current().pid()).replaceAll("[^A-Za-z0-9._-]", "-");
  }

  @Override
  public String toString() {
    return backend.toString();
  }

  @Override
  public void close() {
    backend.close();
  }

  /** What {@link #connect} is told; every setting has a default. */
  public static final class Options {
    private String nodeId = defaultNodeId();
    private String keyPrefix = "slides:";
    private Duration visibilityTimeout = Duration.ofSeconds(60);
    private int queueCapacity = 100;
    private Duration finishedJobTtl = Duration.ofDays(7);
    private Duration commandTimeout = Duration.ofSeconds(5);

    private Options() {}

    /**
     * This node's name (default {@link #defaultNodeId()}): letters, digits, {@code . _ -};
     * unique among the nodes.
     */
    public Options nodeId(String nodeId) {
      if (nodeId == null || !nodeId.matches("[A-Za-z0-9._-]{1,100}")) {
        throw new IllegalArgumentException("Invalid node id \"" + nodeId
            + "\": use letters, digits, '.', '_' and '-' (at most 100)");
      }
      this.nodeId = nodeId;
      return this;
    }

    /** Prefix of every key (default {@code slides:}), to share a Redis server. */
    public Options keyPrefix(String keyPrefix) {
      this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
      return this;
    }

    /**
     * How long a job's worker may go without renewing its lease before another node takes the
     * job over (default 60 s). Workers renew every third of it (at most every 10 s).
     */
    public Options visibilityTimeout(Duration timeout) {
      this.visibilityTimeout = positive(timeout, "visibilityTimeout");
      return this;
    }

    /** Jobs waiting at most, across all nodes (default 100). */
    public Options queueCapacity(int capacity) {
      if (capacity < 0) {
        throw new IllegalArgumentException("queueCapacity must not be negative, got " + capacity);
      }
      this.queueCapacity = capacity;
      return this;
    }

    /**
     * How long a completed or failed job is kept (default 7 days); the manifest in the store
     * answers for it after that.
     */
    public Options finishedJobTtl(Duration ttl) {
      this.finishedJobTtl = positive(ttl, "finishedJobTtl");
      return this;
    }

    /** Longest wait for one Redis command (default 5 s). */
    public Options commandTimeout(Duration timeout) {
      this.commandTimeout = positive(timeout, "commandTimeout");
      return this;
    }

    private static Duration positive(Duration d, String name) {
      if (Objects.requireNonNull(d, name).isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
