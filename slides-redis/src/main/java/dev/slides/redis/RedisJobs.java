package dev.slides.redis;

import dev.slides.JobTracker;
import dev.slides.redis.internal.RedisBackend;
import dev.slides.redis.internal.RedisUnavailableException;
import dev.slides.service.JobQueue;
import io.lettuce.core.RedisException;
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
 *     RedisJobs.Options.builder().nodeId("node-1").visibilityTimeout(Duration.ofSeconds(60))
 *         .build())) {
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

  /**
   * Connects to {@code url}, {@code redis://[[user]:password@]host:port[/db]}, or
   * {@code rediss://...} for TLS (characters such as {@code @} and {@code /} in the password
   * %-encoded).
   *
   * @throws IllegalArgumentException when the URL is not a Redis URL
   * @throws IllegalStateException when Redis cannot be reached or refuses the connection (a
   *     wrong password, no such database); the message names the server, never the password
   */
  public static RedisJobs connect(String url, Options options) {
    Objects.requireNonNull(url, "url must not be null");
    Objects.requireNonNull(options, "options must not be null");
    RedisBackend backend;
    try {
      backend = RedisBackend.open(url, new RedisBackend.Settings(options.nodeId(),
          options.keyPrefix(), options.visibilityTimeout(), options.queueCapacity(),
          options.finishedJobTtl(), options.commandTimeout()));
    } catch (RedisUnavailableException | RedisException e) {
      // The documented type, not the internal one (nor the client's): a caller that catches
      // it by its class would depend on what this module may rename. The client's exception
      // stays the cause, for the log.
      Throwable cause = e instanceof RedisUnavailableException ? e.getCause() : e;
      throw new IllegalStateException(e.getMessage(), cause);
    }
    return new RedisJobs(backend, options.nodeId());
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

  /**
   * Closes the connections to Redis and ends the client's threads (close the service that uses
   * it first: its workers hand their jobs back through it). Closing again does nothing.
   * Afterwards the tracker, the queue and {@link #ping} fail with an
   * {@code IllegalStateException} saying it was closed (a claim finds nothing).
   */
  @Override
  public void close() {
    backend.close();
  }

  /**
   * What {@link #connect} is told. Immutable; build one with {@link #builder()} or start from
   * {@link #defaults()} and change a few settings with {@link #toBuilder()}:
   *
   * <pre>{@code
   * RedisJobs.Options options = RedisJobs.Options.builder()
   *     .nodeId("node-1")
   *     .visibilityTimeout(Duration.ofSeconds(60))
   *     .build();
   * }</pre>
   */
  public static final class Options {
    private final String nodeId;
    private final String keyPrefix;
    private final Duration visibilityTimeout;
    private final int queueCapacity;
    private final Duration finishedJobTtl;
    private final Duration commandTimeout;

    private Options(Builder b) {
      this.nodeId = b.nodeId;
      this.keyPrefix = b.keyPrefix;
      this.visibilityTimeout = b.visibilityTimeout;
      this.queueCapacity = b.queueCapacity;
      this.finishedJobTtl = b.finishedJobTtl;
      this.commandTimeout = b.commandTimeout;
    }

    /** Every setting at its default; the node id is {@link RedisJobs#defaultNodeId()}. */
    public static Options defaults() {
      // Built afresh, not kept: the default node id is read from the host when asked.
      return new Builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
      return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
      return new Builder(this);
    }

    /**
     * This node's name: its consumer name in the queue and the {@code worker} of its jobs;
     * unique among the nodes.
     */
    public String nodeId() {
      return nodeId;
    }

    /**
     * Prefix of every key, to share a Redis server; taken as given, so end it with the
     * separator you want ({@code "course-a:"} gives {@code course-a:job:...}, {@code "course-a"}
     * gives {@code course-ajob:...}).
     */
    public String keyPrefix() {
      return keyPrefix;
    }

    /**
     * How long a job's worker may go without renewing its lease before another node takes the
     * job over. Workers renew every third of it (at most every 10 s).
     */
    public Duration visibilityTimeout() {
      return visibilityTimeout;
    }

    /** Jobs waiting at most, across all nodes. */
    public int queueCapacity() {
      return queueCapacity;
    }

    /**
     * How long a completed or failed job is kept; the manifest in the store answers for it
     * after that.
     */
    public Duration finishedJobTtl() {
      return finishedJobTtl;
    }

    /** Longest wait for one Redis command. */
    public Duration commandTimeout() {
      return commandTimeout;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Options other
          && nodeId.equals(other.nodeId)
          && keyPrefix.equals(other.keyPrefix)
          && visibilityTimeout.equals(other.visibilityTimeout)
          && queueCapacity == other.queueCapacity
          && finishedJobTtl.equals(other.finishedJobTtl)
          && commandTimeout.equals(other.commandTimeout);
    }

    @Override
    public int hashCode() {
      return Objects.hash(nodeId, keyPrefix, visibilityTimeout, queueCapacity, finishedJobTtl,
          commandTimeout);
    }

    @Override
    public String toString() {
      return "RedisJobs.Options[nodeId=" + nodeId + ", keyPrefix=" + keyPrefix
          + ", visibilityTimeout=" + visibilityTimeout + ", queueCapacity=" + queueCapacity
          + ", finishedJobTtl=" + finishedJobTtl + ", commandTimeout=" + commandTimeout + "]";
    }

    /** Builds {@link Options}; every setting starts at its default. */
    public static final class Builder {
      private String nodeId = defaultNodeId();
      private String keyPrefix = "slides:";
      private Duration visibilityTimeout = Duration.ofSeconds(60);
      private int queueCapacity = 100;
      private Duration finishedJobTtl = Duration.ofDays(7);
      private Duration commandTimeout = Duration.ofSeconds(5);

      private Builder() {}

      private Builder(Options o) {
        nodeId = o.nodeId;
        keyPrefix = o.keyPrefix;
        visibilityTimeout = o.visibilityTimeout;
        queueCapacity = o.queueCapacity;
        finishedJobTtl = o.finishedJobTtl;
        commandTimeout = o.commandTimeout;
      }

      /**
       * See {@link Options#nodeId()}; 1 to 100 letters, digits, {@code . _ -}, default
       * {@link RedisJobs#defaultNodeId()}.
       */
      public Builder nodeId(String nodeId) {
        Objects.requireNonNull(nodeId, "nodeId must not be null");
        if (!nodeId.matches("[A-Za-z0-9._-]{1,100}")) {
          throw new IllegalArgumentException("nodeId must be 1 to 100 letters, digits, '.', '_'"
              + " or '-', got \"" + nodeId + "\"");
        }
        this.nodeId = nodeId;
        return this;
      }

      /** See {@link Options#keyPrefix()}; default {@code slides:}. */
      public Builder keyPrefix(String keyPrefix) {
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix must not be null");
        return this;
      }

      /** See {@link Options#visibilityTimeout()}; positive, default 60 s. */
      public Builder visibilityTimeout(Duration visibilityTimeout) {
        this.visibilityTimeout = positive(visibilityTimeout, "visibilityTimeout");
        return this;
      }

      /**
       * See {@link Options#queueCapacity()}; default 100, at least 1 (every job waits in the
       * queue before a worker takes it, so 0 would refuse them all).
       */
      public Builder queueCapacity(int queueCapacity) {
        if (queueCapacity < 1) {
          throw new IllegalArgumentException("queueCapacity must be at least 1 (every job"
              + " waits in the queue before a worker takes it), got " + queueCapacity);
        }
        this.queueCapacity = queueCapacity;
        return this;
      }

      /** See {@link Options#finishedJobTtl()}; positive, default 7 days. */
      public Builder finishedJobTtl(Duration finishedJobTtl) {
        this.finishedJobTtl = positive(finishedJobTtl, "finishedJobTtl");
        return this;
      }

      /** See {@link Options#commandTimeout()}; positive, default 5 s. */
      public Builder commandTimeout(Duration commandTimeout) {
        this.commandTimeout = positive(commandTimeout, "commandTimeout");
        return this;
      }

      /** The options; every setting was checked when it was set. */
      public Options build() {
        return new Options(this);
      }

      private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name + " must not be null");
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        return d;
      }
    }
  }
}
