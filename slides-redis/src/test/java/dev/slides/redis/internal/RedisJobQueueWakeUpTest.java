package dev.slides.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.slides.redis.testing.LocalRedis;
import dev.slides.service.JobQueue;
import dev.slides.testing.Await;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * An idle worker is woken by an offer made on another node. The workers here look again on their
 * own only once an hour and claim for an hour, so only the offer's message can hand the entry
 * over within the test's minute: without the wake-up the worker is still waiting then, and the
 * test fails (closing the node ends the wait).
 *
 * <p>The offer is made once the worker's first look found nothing, which Redis tells: the look
 * ends with a read of the group ({@code XREADGROUP}), counted in Redis's command statistics, and
 * this server is the test's own, where nothing else reads. Made earlier, that look would find
 * the entry and the test would pass without a wake-up. Made after it, the offer's message
 * either finds the worker waiting, or comes before it waits, which the worker notices without
 * waiting: either way only the wake-up ends the claim before the hour.
 */
class RedisJobQueueWakeUpTest {
  private static final Duration CLAIM = Duration.ofHours(1);
  private static final Duration WAKE_UP = Duration.ofSeconds(60);
  private static final String PREFIX = "wake-up-test:";

  private static RedisBackend.Settings node(String name) {
    return new RedisBackend.Settings(name, PREFIX, Duration.ofSeconds(60), 100,
        Duration.ofDays(7), Duration.ofSeconds(5), Duration.ofHours(1));
  }

  @Test
  void anIdleWorkerIsWokenByAnOfferOnAnotherNode() throws Exception {
    try (LocalRedis redis = LocalRedis.start();
        RedisBackend a = RedisBackend.open(redis.url(), node("a"));
        RedisBackend b = RedisBackend.open(redis.url(), node("b"));
        Raw raw = new Raw(redis.url())) {
      CompletableFuture<JobQueue.Lease> got = new CompletableFuture<>();
      Thread worker = new Thread(() -> {
        try {
          got.complete(b.queue().claim(CLAIM));
        } catch (Throwable e) {
          got.completeExceptionally(e);
        }
      }, "idle worker");
      long readsBefore = raw.calls("xreadgroup");
      worker.start();
      Await.until(Duration.ofSeconds(30), "the worker's first look at the queue",
          () -> raw.calls("xreadgroup"), reads -> reads > readsBefore);
      assertFalse(got.isDone(), "the worker's claim ended with nothing to claim: " + got);
      a.queue().offer(new JobQueue.Entry("late", 1, "youtube:late"));
      JobQueue.Lease lease;
      try {
        lease = got.get(WAKE_UP.toSeconds(), TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError("the worker was not woken by the offer", e);
      }
      assertNotNull(lease, "the worker's claim ended without the entry");
      assertEquals("late", lease.entry().videoId());
      worker.join(WAKE_UP.toMillis());
    }
  }

  /** A plain connection of the test's own, to ask Redis. */
  private static final class Raw implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    Raw(String url) {
      client = RedisClient.create(url);
      connection = client.connect();
    }

    /** How many times the server ran {@code command}, in scripts too. */
    long calls(String command) {
      for (String line : connection.sync().info("commandstats").split("\r?\n")) {
        if (line.startsWith("cmdstat_" + command + ":calls=")) {
          return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
        }
      }
      return 0;
    }

    @Override
    public void close() {
      connection.close();
      client.shutdown();
    }
  }
}
