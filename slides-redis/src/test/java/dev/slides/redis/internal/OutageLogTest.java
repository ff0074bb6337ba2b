package dev.slides.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.slides.testing.SettableClock;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What an outage writes, and when: a clock of the test's own, and events made by hand. */
class OutageLogTest {
  private static final SocketAddress REDIS = new InetSocketAddress("127.0.0.1", 6379);
  private static final SocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 50000);

  private final Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
  private final SettableClock clock = new SettableClock(t0);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final OutageLog outage = new OutageLog("127.0.0.1:6379", Duration.ofSeconds(1), clock,
      OutageLog.FIRST_REMINDER, OutageLog.REMINDER_EVERY);

  @BeforeEach
  void listen() {
    lines.start();
    ((Logger) LoggerFactory.getLogger(OutageLog.class)).addAppender(lines);
  }

  @AfterEach
  void stopListening() {
    ((Logger) LoggerFactory.getLogger(OutageLog.class)).detachAppender(lines);
  }

  private List<String> lines() {
    return lines.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
  }

  private static ReconnectFailedEvent failed(int attempt) {
    return new ReconnectFailedEvent(LOCAL, REDIS,
        new ConnectException("Connection refused: /127.0.0.1:6379"), attempt);
  }

  /** Two connections failing once a second each for {@code seconds}, from try {@code from}. */
  private int failEverySecond(int from, int seconds) {
    int attempt = from;
    for (int s = 0; s < seconds; s++, attempt++) {
      outage.accept(failed(attempt));
      outage.accept(failed(attempt));
      clock.advance(Duration.ofSeconds(1));
    }
    return attempt;
  }

  @Test
  void anOutageOfHalfAnHourIsFiveLinesForTheNodeWithRemindersAfterOneMinuteThenEveryTen() {
    int attempt = failEverySecond(1, 30 * 60 + 30);
    clock.advance(Duration.ofSeconds(-1)); // the last try's time
    outage.accept(new ConnectionActivatedEvent(LOCAL, REDIS));
    outage.accept(new ConnectionActivatedEvent(LOCAL, REDIS));

    assertEquals(List.of(
        "WARN Redis at 127.0.0.1:6379 unreachable: Connection refused; retrying every second",
        "WARN Redis at 127.0.0.1:6379 still unreachable for 1 min (Connection refused);"
            + " retrying every second",
        "WARN Redis at 127.0.0.1:6379 still unreachable for 11 min (Connection refused);"
            + " retrying every second",
        "WARN Redis at 127.0.0.1:6379 still unreachable for 21 min (Connection refused);"
            + " retrying every second",
        "INFO Redis at 127.0.0.1:6379 reachable again after 30 min 29 s"), lines(),
        "after " + attempt + " tries");
  }

  @Test
  void aDropTakenAgainAtOnceIsNoOutage() {
    outage.accept(new ConnectionActivatedEvent(LOCAL, REDIS));
    assertEquals(List.of(), lines());
  }

  @Test
  void aConnectionStillTryingWhenAnotherIsBackStartsNoNewOutage() {
    failEverySecond(1, 5);
    outage.accept(new ConnectionActivatedEvent(LOCAL, REDIS));
    outage.accept(failed(6)); // the other connection's try, sent before Redis was back
    outage.accept(new ConnectionActivatedEvent(LOCAL, REDIS));
    assertEquals(2, lines().size(), lines().toString());

    // Both up, both fail again from try 1: a new outage.
    failEverySecond(1, 3);
    outage.accept(new ConnectionActivatedEvent(LOCAL, REDIS));
    assertEquals(List.of(
        "WARN Redis at 127.0.0.1:6379 unreachable: Connection refused; retrying every second",
        "INFO Redis at 127.0.0.1:6379 reachable again after 5 s",
        "WARN Redis at 127.0.0.1:6379 unreachable: Connection refused; retrying every second",
        "INFO Redis at 127.0.0.1:6379 reachable again after 3 s"), lines());
  }

  @Test
  void durationsReadAsAPersonWouldSayThem() {
    assertEquals("0 s", OutageLog.duration(Duration.ofMillis(400)));
    assertEquals("45 s", OutageLog.duration(Duration.ofSeconds(45)));
    assertEquals("12 min", OutageLog.duration(Duration.ofMinutes(12)));
    assertEquals("12 min 30 s", OutageLog.duration(Duration.ofSeconds(12 * 60 + 30)));
    assertEquals("2 h 5 min", OutageLog.duration(Duration.ofSeconds(2 * 3600 + 5 * 60 + 9)));
    assertEquals("3 h", OutageLog.duration(Duration.ofHours(3)));
  }

  @Test
  void theCauseIsItsPlainWordsWithoutTheAddressOrTheWrapping() {
    assertEquals("Connection refused", OutageLog.plainCause(new RuntimeException("wrapped",
        new ConnectException("Connection refused: localhost/127.0.0.1:6379"))));
    assertEquals("WRONGPASS invalid username-password pair or user is disabled.",
        OutageLog.plainCause(new IllegalStateException(
            "WRONGPASS invalid username-password pair or user is disabled.")));
    assertEquals("ConnectException", OutageLog.plainCause(new ConnectException()));
  }
}
