package dev.slides.redis.internal;

import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis outage in the log as an operator wants to read it, for the whole node however many
 * connections it holds: one line when it starts (with the cause), a reminder while it lasts (after
 * {@link #FIRST_REMINDER}, then every {@link #REMINDER_EVERY}), and one line when Redis answers
 * again. Fed with the events of the client's event bus; the address is the host and port alone,
 * never the URL, so no password reaches the log.
 *
 * <p>An outage starts at the first failed try to reconnect (a connection dropped and taken again
 * at once is no outage) and ends when a connection is up again. A failed try that is not a
 * connection's first after the end comes from a connection that had not yet come back when
 * another did (Lettuce counts a connection's tries from 1 again once it is up): it starts no new
 * outage.
 *
 * <p>Lettuce's own lines for each try ({@code ConnectionWatchdog}: "Reconnecting, last destination
 * was ..." at INFO, "Cannot reconnect to ..." at WARN, every 5 s per connection) say the same
 * over and over; the server's logging configuration turns them off, a library user decides for
 * their own.
 */
final class OutageLog {
  /** When the first reminder is written, counted from the outage's start. */
  static final Duration FIRST_REMINDER = Duration.ofMinutes(1);
  /** How often a reminder is written after the first one. */
  static final Duration REMINDER_EVERY = Duration.ofMinutes(10);

  private static final Logger log = LoggerFactory.getLogger(OutageLog.class);

  private final String address;
  private final String retrying;
  private final Clock clock;
  private final Duration firstReminder;
  private final Duration reminderEvery;

  /** When the current outage started; null while Redis answers. */
  private Instant start;
  private Instant nextReminder;
  private String cause;

  /**
   * @param address {@code host:port}
   * @param retryEvery the longest wait between two tries to reconnect
   */
  OutageLog(String address, Duration retryEvery, Clock clock, Duration firstReminder,
      Duration reminderEvery) {
    this.address = address;
    this.retrying = "retrying every " + (retryEvery.equals(Duration.ofSeconds(1)) ? "second"
        : duration(retryEvery));
    this.clock = clock;
    this.firstReminder = firstReminder;
    this.reminderEvery = reminderEvery;
  }

  OutageLog(String address, Duration retryEvery) {
    this(address, retryEvery, Clock.systemUTC(), FIRST_REMINDER, REMINDER_EVERY);
  }

  /** Takes one event of the client's event bus; the others than reconnects are ignored. */
  synchronized void accept(Event event) {
    if (event instanceof ReconnectFailedEvent failed) {
      failed(failed);
    } else if (event instanceof ConnectionActivatedEvent && start != null) {
      log.info("Redis at {} reachable again after {}", address,
          duration(Duration.between(start, clock.instant())));
      start = null;
    }
  }

  private void failed(ReconnectFailedEvent failed) {
    Instant now = clock.instant();
    cause = plainCause(failed.getCause());
    if (start == null) {
      if (failed.getAttempt() > 1) {
        return; // a connection not yet back when another was: see the class comment
      }
      start = now;
      nextReminder = now.plus(firstReminder);
      log.warn("Redis at {} unreachable: {}; {}", address, cause, retrying);
    } else if (!now.isBefore(nextReminder)) {
      log.warn("Redis at {} still unreachable for {} ({}); {}", address,
          duration(Duration.between(start, now)), cause, retrying);
      while (!now.isBefore(nextReminder)) {
        nextReminder = nextReminder.plus(reminderEvery);
      }
    }
  }

  /**
   * What went wrong at the bottom ("Connection refused"), without the wrapping and without the
   * address netty adds to it (the line names the address once).
   */
  static String plainCause(Throwable e) {
    if (e == null) {
      return "no answer";
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    if (message == null || message.isBlank()) {
      return root.getClass().getSimpleName();
    }
    int colon = message.indexOf(": ");
    return colon > 0 && message.substring(colon + 2).matches("\\S*[/:]\\S*")
        ? message.substring(0, colon) : message;
  }

  /** "45 s", "12 min 30 s", "2 h 5 min": rounded down to the second, and to the minute past 1 h. */
  static String duration(Duration d) {
    long seconds = Math.max(0, d.toSeconds());
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    long rest = seconds % 60;
    if (hours > 0) {
      return minutes > 0 ? hours + " h " + minutes + " min" : hours + " h";
    }
    if (minutes > 0) {
      return rest > 0 ? minutes + " min " + rest + " s" : minutes + " min";
    }
    return rest + " s";
  }
}
