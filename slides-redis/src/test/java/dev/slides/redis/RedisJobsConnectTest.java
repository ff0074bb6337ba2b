package dev.slides.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.redis.testing.LocalRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link RedisJobs#connect} fails as its Javadoc says, with JDK exceptions only: a caller
 * catches {@code IllegalArgumentException} or {@code IllegalStateException} and never meets a
 * type of the module's internal package or of the Redis client.
 */
class RedisJobsConnectTest {
  private static final RedisJobs.Options OPTIONS = RedisJobs.Options.builder()
      .nodeId("connect-test").commandTimeout(Duration.ofSeconds(2)).build();

  /** What {@code call} throws, after checking that it is exactly {@code type}. */
  private static <T extends Throwable> T thrownExactly(Class<T> type, Executable call) {
    T thrown = assertThrows(type, call);
    assertEquals(type, thrown.getClass(), thrown.toString());
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertFalse(t.getClass().getName().startsWith("dev.slides.redis.internal."),
          "an internal type in the causes: " + t);
    }
    return thrown;
  }

  @Test
  void aUrlThatIsNotARedisUrlIsAnIllegalArgument() {
    for (String url : List.of("http://localhost:6379", "redis://", "not a url",
        "redis://localhost:99999")) {
      IllegalArgumentException e = thrownExactly(IllegalArgumentException.class,
          () -> RedisJobs.connect(url, OPTIONS));
      assertTrue(e.getMessage().contains("Redis URL"), url + ": " + e.getMessage());
    }
  }

  @Test
  void aRedisThatDoesNotListenIsAnIllegalStateNamingTheServer() throws Exception {
    String url;
    try (LocalRedis gone = LocalRedis.start()) {
      url = gone.url();
    } // stopped: nothing listens on its port
    IllegalStateException e = thrownExactly(IllegalStateException.class,
        () -> RedisJobs.connect(url, OPTIONS));
    assertTrue(e.getMessage().startsWith("Cannot use Redis at " + url), e.getMessage());
  }

  @Test
  void aTlsUrlForARedisWithoutTlsSaysToCheckTls() throws Exception {
    try (LocalRedis plain = LocalRedis.start()) {
      String url = "rediss://127.0.0.1:" + plain.port() + "/0";
      IllegalStateException e = thrownExactly(IllegalStateException.class,
          () -> RedisJobs.connect(url, OPTIONS));
      assertTrue(e.getMessage().startsWith("Cannot use Redis at " + url), e.getMessage());
      assertTrue(e.getMessage().contains("rediss:// asks for TLS"), e.getMessage());
    }
  }

  @Test
  void aWrongPasswordOrDatabaseIsAnIllegalStateWithoutThePassword() throws Exception {
    try (LocalRedis redis = LocalRedis.start()) {
      RedisClient raw = RedisClient.create(redis.url());
      try (StatefulRedisConnection<String, String> admin = raw.connect()) {
        admin.sync().configSet("requirepass", "right-one");
        String wrong = "redis://:wrong-one@127.0.0.1:" + redis.port() + "/0";
        IllegalStateException e = thrownExactly(IllegalStateException.class,
            () -> RedisJobs.connect(wrong, OPTIONS));
        assertFalse(e.getMessage().contains("wrong-one"), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:" + redis.port()), e.getMessage());
        // Which plain words Lettuce lets through varies (see RedisBackend.inPlainWords and
        // RedisBackendTest): a password and the URL are named either way.
        assertTrue(e.getMessage().contains("password") && e.getMessage().contains("in the URL"),
            e.getMessage());
        String none = "redis://127.0.0.1:" + redis.port();
        IllegalStateException noPassword = thrownExactly(IllegalStateException.class,
            () -> RedisJobs.connect(none, OPTIONS));
        assertTrue(noPassword.getMessage().contains("password")
            && noPassword.getMessage().contains("in the URL"), noPassword.getMessage());
        String noSuchDb = "redis://:right-one@127.0.0.1:" + redis.port() + "/99";
        IllegalStateException db = thrownExactly(IllegalStateException.class,
            () -> RedisJobs.connect(noSuchDb, OPTIONS));
        assertFalse(db.getMessage().contains("right-one"), db.getMessage());
        assertTrue(db.getMessage().contains("database number"), db.getMessage());
        admin.sync().configSet("requirepass", "");
      } finally {
        raw.shutdown();
      }
    }
  }
}
