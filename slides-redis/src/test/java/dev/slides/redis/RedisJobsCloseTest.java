package dev.slides.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.redis.testing.LocalRedis;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.slf4j.LoggerFactory;

/**
 * What an application that embeds {@link RedisJobs} meets once it closed it: a second close
 * does nothing (and says nothing), and the tracker, the queue and the ping say that it was
 * closed rather than what the client's threads answered ("cannot be started once stopped").
 * (A claim from the closed queue finds nothing, as the {@code JobQueue} port says.)
 */
class RedisJobsCloseTest {
  private static final RedisJobs.Options OPTIONS = RedisJobs.Options.builder()
      .nodeId("close-test").keyPrefix("close-test:").build();

  @Test
  void closingTwiceDoesNothingMoreAndSaysNothing() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    try (LocalRedis redis = LocalRedis.start()) {
      RedisJobs jobs = RedisJobs.connect(redis.url(), OPTIONS);
      jobs.close();
      root.addAppender(lines);
      try {
        jobs.close();
      } finally {
        root.detachAppender(lines);
      }
    }
    assertEquals(List.of(), lines.list.stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList());
  }

  @Test
  void usingItAfterItWasClosedSaysItWasClosed() throws Exception {
    try (LocalRedis redis = LocalRedis.start()) {
      RedisJobs jobs = RedisJobs.connect(redis.url(), OPTIONS);
      jobs.tracker().createIfAbsent("talk", JobState.of(JobStatus.PENDING, "Queued"));
      jobs.close();
      String closed = "RedisJobs (" + redis.url() + ") was closed: it no longer reaches Redis"
          + " (close it after the SlideService that uses it)";
      List<Executable> uses = List.of(
          () -> jobs.tracker().get("talk"),
          () -> jobs.tracker().update("talk", s -> s.withStatus(JobStatus.FAILED, "x")),
          () -> jobs.queue().waiting());
      for (Executable use : uses) {
        IllegalStateException e = assertThrows(IllegalStateException.class, use);
        assertEquals(closed, e.getMessage());
      }
      CompletionException ping = assertThrows(CompletionException.class,
          () -> jobs.ping(Duration.ofSeconds(1)).join());
      assertTrue(ping.getCause() instanceof IllegalStateException, ping.toString());
      assertEquals(closed, ping.getCause().getMessage());
    }
  }
}
