package dev.slides.redis.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalRedisTest {
  @Test
  void closingStopsTheServerAndDeletesItsLog() throws Exception {
    // One log a test class, every run: they piled up in the temporary folder by the hundred.
    Path log;
    try (LocalRedis redis = LocalRedis.start()) {
      log = redis.log();
      assertTrue(Files.exists(log), log.toString());
    }
    assertFalse(Files.exists(log), log.toString());
  }
}
