package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.redis.testing.LocalRedis;
import dev.slides.testing.Await;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis outage in the log of the shipped server ({@code slides.jar} with its own logging
 * configuration), as its operator reads it: one line at the start, one at the end, none for each
 * try to reconnect, and never the password of the Redis URL.
 */
class RedisOutageLogIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void anOutageIsOneLineAtItsStartAndOneAtItsEndWithoutLettucesLinesForEachTry()
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Path log = dir.resolve("serve.log");
    boolean ended;
    try (LocalRedis redis = LocalRedis.start()) {
      // Redis without a password takes any for its default user: the URL carries one all the
      // same, to see that no line shows it.
      String url = redis.url().replace("redis://", "redis://default:s3cret-pw@");
      Process server = ShadedJar.start(Map.of(
          "PORT", "0",
          "API_PASSWORD", "pw",
          "SLIDES_DATA_DIR", dir.resolve("data").toString(),
          "SLIDES_REDIS_URL", url,
          "SLIDES_NODE_ID", "node-1"), log, "serve", "--host", "127.0.0.1");
      try {
        String base = "http://127.0.0.1:" + ServeProcessIT.awaitPort(log);
        ShadedJar.awaitAnswer(http, base + "/healthz/ready", r -> r.statusCode() == 200,
            "ready", log, DEADLINE);

        redis.stop();
        String address = "127.0.0.1:" + redis.port();
        awaitLine(log, l -> l.contains("Redis at " + address + " unreachable"));
        // Lettuce writes a connection's failed try (its first at least: then one in 5 s) before
        // the event that makes the outage line: by now that line is in the log, if let through.
        ShadedJar.awaitAnswer(http, base + "/healthz/ready", r -> r.statusCode() == 503,
            "not ready while Redis is away", log, DEADLINE);

        redis.startAgain();
        awaitLine(log, l -> l.contains("Redis at " + address + " reachable again after"));
        ShadedJar.awaitAnswer(http, base + "/healthz/ready", r -> r.statusCode() == 200,
            "ready again", log, DEADLINE);
      } finally {
        server.destroy(); // SIGTERM, as an operator stops it
        ended = server.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
          server.destroyForcibly();
          server.waitFor(30, TimeUnit.SECONDS);
        }
      }
    }
    // Its log is read whole only once it has ended: nothing is written to it any more.
    assertTrue(ended, "the server did not stop on SIGTERM: " + Files.readString(log));
    List<String> lines = Files.readAllLines(log);
    String all = String.join("\n", lines);
    assertEquals(1, lines.stream().filter(l -> l.contains(" unreachable: Connection refused;"
        + " retrying every second")).count(), all);
    assertEquals(1, lines.stream().filter(l -> l.contains(" reachable again after ")).count(),
        all);
    assertTrue(lines.stream().noneMatch(l -> l.contains("ConnectionWatchdog")
        || l.contains("ReconnectionHandler") || l.contains("Cannot reconnect")
        || l.contains("Reconnecting")), all);
    assertTrue(lines.stream().noneMatch(l -> l.contains("s3cret-pw")), all);
  }

  /** Reads the other process's log until a line passes {@code test}. */
  private static void awaitLine(Path log, Predicate<String> test) throws Exception {
    // The other process writes in its own time: nothing to hear from but its log.
    Await.until(DEADLINE, "such a line in " + log, () -> "\n" + Files.readString(log),
        all -> all.lines().anyMatch(test));
  }
}
