package dev.slides.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.slides.redis.testing.LocalRedis;
import dev.slides.service.JobQueue;
import dev.slides.testing.Await;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An idle worker is woken by an offer made on another node. The workers here look again on their
 * own only once an hour and claim for an hour, so only the offer's message can hand the entry
 * over within the test's minute: without the wake-up the worker is still waiting then, and the
 * test fails (closing the node ends the wait).
 */
class RedisJobQueueWakeUpTest {
  private static final Duration CLAIM = Duration.ofHours(1);
  private static final Duration WAKE_UP = Duration.ofSeconds(60);

  private static RedisBackend.Settings node(String name) {
    return new RedisBackend.Settings(name, "wake-up-test:", Duration.ofSeconds(60), 100,
        Duration.ofDays(7), Duration.ofSeconds(5), Duration.ofHours(1));
  }

  @Test
  void anIdleWorkerIsWokenByAnOfferOnAnotherNode() throws Exception {
    try (LocalRedis redis = LocalRedis.start();
        RedisBackend a = RedisBackend.open(redis.url(), node("a"));
        RedisBackend b = RedisBackend.open(redis.url(), node("b"))) {
      JobQueue.Lease[] got = new JobQueue.Lease[1];
      Thread worker = new Thread(() -> {
        try {
          got[0] = b.queue().claim(CLAIM);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "idle worker");
      worker.start();
      // Offered once the worker found nothing and waits in its claim (a Redis call parks; the
      // wait for a message is Object.wait): offered earlier, its first look would find it.
      Await.until(Duration.ofSeconds(30), "the worker to wait in its claim",
          () -> List.of(worker.getStackTrace()),
          stack -> stack.stream().anyMatch(f -> f.getClassName().equals("java.lang.Object")
              && f.getMethodName().startsWith("wait"))
              && stack.stream().anyMatch(f -> f.getClassName().equals(RedisJobQueue.class.getName())
              && f.getMethodName().equals("claim")));
      a.queue().offer(new JobQueue.Entry("late", 1, "youtube:late"));
      worker.join(WAKE_UP.toMillis());
      assertFalse(worker.isAlive(), "the worker was not woken by the offer");
      assertNotNull(got[0], "the worker was not woken by the offer");
      assertEquals("late", got[0].entry().videoId());
    }
  }
}
