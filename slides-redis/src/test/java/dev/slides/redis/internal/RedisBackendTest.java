package dev.slides.redis.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.redis.testing.LocalRedis;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/** The node's client: how it reconnects, and that it leaves no thread behind. */
class RedisBackendTest {
  /**
   * Tries to reconnect watched, on each connection. Lettuce's default waits 1 ms before the
   * first and doubles the wait each time, up to 30 s: past a second from the 11th try on.
   */
  private static final int TRIES = 12;

  private static RedisBackend.Settings settings() {
    return new RedisBackend.Settings("node", "backend-test:", Duration.ofSeconds(60), 100,
        Duration.ofDays(7), Duration.ofSeconds(5));
  }

  @Test
  void whileRedisIsAwayEveryConnectionTriesAgainAtLeastOnceASecondAndIsBackWithIt()
      throws Exception {
    try (LocalRedis own = LocalRedis.start();
        RedisBackend backend = RedisBackend.open(own.url(), settings())) {
      LinkedBlockingQueue<ReconnectAttemptEvent> tries = new LinkedBlockingQueue<>();
      LinkedBlockingQueue<ConnectionActivatedEvent> back = new LinkedBlockingQueue<>();
      Disposable listening = backend.resources().eventBus().get().subscribe(e -> {
        if (e instanceof ReconnectAttemptEvent t) {
          tries.add(t);
        } else if (e instanceof ConnectionActivatedEvent a) {
          back.add(a);
        }
      });
      try {
        own.stop();
        // Each try is checked as it comes: a client waiting longer fails at its first such
        // try, not after the long waits of the later ones.
        List<String> seen = new ArrayList<>();
        int connectionsAtLastTry = 0;
        while (connectionsAtLastTry < 2) { // the commands' connection and the pub/sub one
          ReconnectAttemptEvent t = tries.poll(60, TimeUnit.SECONDS);
          assertNotNull(t, "no further try to reconnect; tries so far: " + seen);
          seen.add("#" + t.getAttempt() + " after " + t.getDelay().toMillis() + " ms");
          assertTrue(t.getDelay().compareTo(RedisBackend.RECONNECT_CAP) <= 0, "waited "
              + t.getDelay().toMillis() + " ms before try #" + t.getAttempt() + ", more than "
              + RedisBackend.RECONNECT_CAP.toMillis() + " ms; tries so far: " + seen);
          if (t.getAttempt() == TRIES) {
            connectionsAtLastTry++;
          }
        }

        own.startAgain();
        for (int connection = 1; connection <= 2; connection++) {
          assertNotNull(back.poll(60, TimeUnit.SECONDS), "connection " + connection
              + " of 2 not back after Redis was");
        }
      } finally {
        listening.dispose();
      }
      // And commands are answered again (a command sent just before the connection is
      // activated may still be refused: asked again then).
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        try {
          backend.ping(Duration.ofSeconds(5)).get();
          break;
        } catch (ExecutionException e) {
          assertTrue(System.nanoTime() < deadline, "Redis answers no command: " + e.getCause());
          Thread.sleep(50);
        }
      }
    }
  }

  @Test
  void closingEndsTheClientsThreads() throws Exception {
    try (LocalRedis own = LocalRedis.start()) {
      Set<Thread> before = lettuceThreads();
      RedisBackend backend = RedisBackend.open(own.url(), settings());
      backend.ping(Duration.ofSeconds(30)).get();
      Set<Thread> started = lettuceThreads();
      started.removeAll(before);
      assertFalse(started.isEmpty(), "no thread of the client seen: " + lettuceThreads());
      backend.close();
      assertEnded(started);
    }
  }

  @Test
  void failingToConnectLeavesNoThreadOfTheClient() throws Exception {
    String url;
    try (LocalRedis gone = LocalRedis.start()) {
      url = gone.url();
    } // stopped: nothing listens on its port
    Set<Thread> before = lettuceThreads();
    assertThrows(RedisUnavailableException.class, () -> RedisBackend.open(url, settings()));
    // Threads that ended are not listed any more: those left are the client's, still running.
    Set<Thread> left = lettuceThreads();
    left.removeAll(before);
    assertEnded(left);
  }

  /** Lettuce's threads: its event loops, event executors and timer. */
  private static Set<Thread> lettuceThreads() {
    Set<Thread> threads = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("lettuce-")) {
        threads.add(t);
      }
    }
    return threads;
  }

  /** Each thread has ended, or does within a generous deadline. */
  private static void assertEnded(Set<Thread> threads) throws InterruptedException {
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(30));
      assertFalse(t.isAlive(), t.getName() + " still runs");
    }
  }
}
