package dev.slides.redis;

import dev.slides.redis.testing.LocalRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Several nodes on one real {@code redis-server} started for the test class: each test gets its
 * own key prefix, and the nodes it connects are closed after it. {@link #redis} looks at the
 * keys directly.
 */
abstract class RedisNodesTest {
  static LocalRedis server;
  static RedisClient raw;
  static StatefulRedisConnection<String, String> rawConnection;
  static RedisCommands<String, String> redis;

  String prefix;
  final List<RedisJobs> nodes = new ArrayList<>();

  @BeforeAll
  static void startRedis() throws Exception {
    server = LocalRedis.start();
    raw = RedisClient.create(server.url());
    rawConnection = raw.connect();
    redis = rawConnection.sync();
  }

  @AfterAll
  static void stopRedis() {
    rawConnection.close();
    raw.shutdown();
    server.close();
  }

  /** Starts every key of this test's nodes, so that tests sharing the server stay apart. */
  abstract String keyPrefix(String testName);

  @BeforeEach
  void prefix(TestInfo test) {
    prefix = keyPrefix(test.getTestMethod().orElseThrow().getName());
  }

  @AfterEach
  void closeNodes() {
    nodes.forEach(RedisJobs::close);
  }

  /** A node named {@code name} with {@code options} and this test's key prefix. */
  RedisJobs connect(String name, RedisJobs.Options options) {
    RedisJobs node = RedisJobs.connect(server.url(),
        options.toBuilder().nodeId(name).keyPrefix(prefix).build());
    nodes.add(node);
    return node;
  }
}
