package dev.slides.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.slides.redis.testing.LocalRedis;
import dev.slides.testing.Await;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/** The node's client: how it reconnects, and that it leaves no thread behind. */
class RedisBackendTest {
  /**
   * Tries to reconnect watched, on each connection. Lettuce's default waits 1 ms before the
   * first and doubles the wait each time, up to 30 s: past a second from the 11th try on, the
   * first whose wait the cap must shorten (to wait for more tries is to wait longer, a second
   * each, and shows nothing more).
   */
  private static final int TRIES = 11;
  /** The cause of a failed try the test publishes itself, after every event of the client. */
  private static final String LAST_EVENT = "the test's own event, after every other";

  private static RedisBackend.Settings settings() {
    return new RedisBackend.Settings("node", "backend-test:", Duration.ofSeconds(60), 100,
        Duration.ofDays(7), Duration.ofSeconds(5));
  }

  @Test
  void whileRedisIsAwayEveryConnectionTriesAgainAtLeastOnceASecondAndIsBackWithIt()
      throws Exception {
    try (LocalRedis own = LocalRedis.start();
        RedisBackend backend = RedisBackend.open(own.url(), settings())) {
      try (ConnectionEvents events = new ConnectionEvents(backend)) {
        own.stop();
        // Each try is checked as it comes: a client waiting longer fails at its first such
        // try, not after the long waits of the later ones.
        List<String> seen = new ArrayList<>();
        events.untilEachConnectionsLast(ReconnectAttemptEvent.class,
            ReconnectAttemptEvent::getAttempt, t -> {
              seen.add("#" + t.getAttempt() + " after " + t.getDelay().toMillis() + " ms");
              assertTrue(t.getDelay().compareTo(RedisBackend.RECONNECT_CAP) <= 0, "waited "
                  + t.getDelay().toMillis() + " ms before try #" + t.getAttempt()
                  + ", more than " + RedisBackend.RECONNECT_CAP.toMillis()
                  + " ms; tries so far: " + seen);
            });
        own.startAgain();
        events.untilEveryConnectionIsBack();
      }
      // And commands are answered again (a command sent just before the connection is
      // activated may still be refused: asked again then).
      Await.until(Duration.ofSeconds(60), "Redis to answer a command", () -> {
        try {
          return backend.ping(Duration.ofSeconds(5)).get();
        } catch (ExecutionException e) {
          return e.getCause();
        }
      }, answer -> !(answer instanceof Throwable));
    }
  }

  @Test
  void anOutageIsOneLineForTheNodeAtItsStartAndOneAtItsEndNeverWithThePassword()
      throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    root.addAppender(lines);
    try (LocalRedis own = LocalRedis.start();
        RedisBackend backend = RedisBackend.open(
            own.url().replace("redis://", "redis://default:secret@"), settings())) {
      String address = "127.0.0.1:" + own.port();
      try (ConnectionEvents events = new ConnectionEvents(backend)) {
        own.stop();
        // Each connection fails TRIES times, the last one a second after the one before: 22
        // failed tries in all, of which Lettuce itself writes a line for each connection's
        // first.
        events.untilEachConnectionsLast(ReconnectFailedEvent.class,
            ReconnectFailedEvent::getAttempt, f -> { });
        List<String> outage = awaitLines(lines, l -> l.contains("unreachable"), 1);
        assertEquals(List.of("WARN Redis at " + address
            + " unreachable: Connection refused; retrying every second"), outage);

        own.startAgain();
        events.untilEveryConnectionIsBack();
        List<String> end = awaitLines(lines, l -> l.contains("reachable again"), 1);
        assertTrue(end.get(0).matches("INFO Redis at " + address.replace(".", "\\.")
            + " reachable again after \\d+ s"), end.toString());
        // The log heard the connection that came back last on a thread of its own, maybe not
        // yet: a line it writes for an event published after that one proves it has, and that a
        // second "reachable again" would be in by now.
        backend.resources().eventBus().publish(new ReconnectFailedEvent(
            new InetSocketAddress(0), new InetSocketAddress(0), new IOException(LAST_EVENT), 1));
        awaitLines(lines, l -> l.contains(LAST_EVENT), 1);
      }
    } finally {
      root.detachAppender(lines);
    }
    List<String> all = lines(lines, l -> true);
    assertEquals(1, lines(lines, l -> l.contains(" unreachable") && !l.contains(LAST_EVENT))
        .size(), all.toString());
    assertEquals(1, lines(lines, l -> l.contains("reachable again")).size(), all.toString());
    assertTrue(all.stream().noneMatch(l -> l.contains("secret")), all.toString());
  }

  /**
   * The events of the client's event bus, from its creation until closed, taken by the test as
   * they come.
   */
  private static final class ConnectionEvents implements AutoCloseable {
    /** The connections the backend holds: the commands' and the pub/sub one. */
    static final int CONNECTIONS = 2;

    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Disposable listening;

    ConnectionEvents(RedisBackend backend) {
      listening = backend.resources().eventBus().get().subscribe(events::add);
    }

    /**
     * Takes the events of {@code type}, each checked by {@code check}, until every connection
     * had its {@link #TRIES}th; fails when none comes for a minute.
     */
    <T extends Event> void untilEachConnectionsLast(Class<T> type, ToIntFunction<T> attempt,
        Consumer<T> check) throws InterruptedException {
      int connectionsAtLastTry = 0;
      int seen = 0;
      while (connectionsAtLastTry < CONNECTIONS) {
        T event = next(type);
        assertNotNull(event, "no further " + type.getSimpleName() + "; " + seen + " so far");
        seen++;
        check.accept(event);
        if (attempt.applyAsInt(event) == TRIES) {
          connectionsAtLastTry++;
        }
      }
    }

    /** Waits until every connection is up again. */
    void untilEveryConnectionIsBack() throws InterruptedException {
      for (int connection = 1; connection <= CONNECTIONS; connection++) {
        assertNotNull(next(ConnectionActivatedEvent.class), "connection " + connection
            + " of " + CONNECTIONS + " not back after Redis was");
      }
    }

    /** The next event of {@code type}, skipping the others; null after a minute without. */
    private <T extends Event> T next(Class<T> type) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      for (long left = deadline - System.nanoTime(); left > 0;
          left = deadline - System.nanoTime()) {
        Event e = events.poll(left, TimeUnit.NANOSECONDS);
        if (type.isInstance(e)) {
          return type.cast(e);
        }
      }
      return null;
    }

    @Override
    public void close() {
      listening.dispose();
    }
  }

  private static List<String> lines(ListAppender<ILoggingEvent> appender,
      Predicate<String> which) {
    synchronized (appender) {
      return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage())
          .filter(which).toList();
    }
  }

  /**
   * The lines that match once there are {@code count} of them: the log is written on the event
   * bus's threads, not necessarily before the test's own listener hears of the event.
   */
  private static List<String> awaitLines(ListAppender<ILoggingEvent> appender,
      Predicate<String> which, int count) throws InterruptedException {
    return Await.until(Duration.ofSeconds(30), count + " such line(s) in the log",
        () -> lines(appender, which), found -> found.size() >= count);
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

  /**
   * A refusal at connect time, in words that say what to change in the URL; the client's own
   * text for a missing password said nothing of one. Its handshake sometimes reports a refusal
   * as the connection closing, which is named too.
   */
  @Test
  void refusalsAtConnectSayWhatToChangeInTheUrl() {
    assertEquals("it asks for a password; give it in the URL, redis://:PASSWORD@host:port (Redis"
        + " said NOAUTH)", RedisBackend.inPlainWords("NOAUTH HELLO must be called with the"
        + " client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option"
        + " can be used"));
    assertEquals("the user name or password in the URL is wrong (Redis said WRONGPASS)",
        RedisBackend.inPlainWords("WRONGPASS invalid username-password pair or user is"
            + " disabled."));
    assertEquals("the database number at the end of the URL is beyond the server's (its"
        + " databases setting, 16 unless changed; Redis said: ERR DB index is out of range)",
        RedisBackend.inPlainWords("ERR DB index is out of range"));
    assertEquals("the connection ended while it was being set up; check the password and the"
        + " database number in the URL (Connection closed prematurely)",
        RedisBackend.inPlainWords("Connection closed prematurely"));
    assertEquals("Connection refused", RedisBackend.inPlainWords("Connection refused"));
  }
}
