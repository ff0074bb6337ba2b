package dev.slides.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.slides.testing.OptionsShape;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link RedisJobs.Options} is made as slides-core's options are, and an embedder's options
 * cannot change under a node once built (they were one mutable object that a caller could go on
 * changing after {@code connect} had read it, or share between nodes and rename for both).
 */
class RedisJobsOptionsTest {
  @Test
  void isMadeAsTheCoreOptionsAre() {
    assertEquals(List.of(), OptionsShape.problems(RedisJobs.Options.class));
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    RedisJobs.Options options = RedisJobs.Options.defaults();
    assertEquals(RedisJobs.defaultNodeId(), options.nodeId());
    assertEquals("slides:", options.keyPrefix());
    assertEquals(Duration.ofSeconds(60), options.visibilityTimeout());
    assertEquals(100, options.queueCapacity());
    assertEquals(Duration.ofDays(7), options.finishedJobTtl());
    assertEquals(Duration.ofSeconds(5), options.commandTimeout());
    assertEquals(options, RedisJobs.Options.builder().build());
  }

  @Test
  void toBuilderKeepsEverySetting() {
    RedisJobs.Options options = RedisJobs.Options.builder().nodeId("node-1").keyPrefix("t:")
        .visibilityTimeout(Duration.ofSeconds(9)).queueCapacity(1)
        .finishedJobTtl(Duration.ofHours(1)).commandTimeout(Duration.ofMillis(200)).build();
    assertEquals(options, options.toBuilder().build());
    assertEquals(options.hashCode(), options.toBuilder().build().hashCode());
    assertEquals("RedisJobs.Options[nodeId=node-1, keyPrefix=t:, visibilityTimeout=PT9S,"
        + " queueCapacity=1, finishedJobTtl=PT1H, commandTimeout=PT0.2S]", options.toString());
    assertNotEquals(options, options.toBuilder().queueCapacity(2).build());
  }

  @Test
  void builtOptionsDoNotFollowTheirBuilder() {
    RedisJobs.Options.Builder builder = RedisJobs.Options.builder().nodeId("a");
    RedisJobs.Options a = builder.build();
    RedisJobs.Options b = builder.nodeId("b").build();
    assertEquals("a", a.nodeId());
    assertEquals("b", b.nodeId());
    assertEquals("a", a.toBuilder().keyPrefix("other:").build().nodeId());
    assertEquals("slides:", a.keyPrefix());
  }

  @Test
  void aValueOutOfRangeIsRefusedInPlainWordsAndLeavesTheBuilderAsItWas() {
    RedisJobs.Options.Builder builder = RedisJobs.Options.builder();
    refused("nodeId must be 1 to 100 letters, digits, '.', '_' or '-', got \"node 1\"",
        () -> builder.nodeId("node 1"));
    refused("nodeId must be 1 to 100 letters, digits, '.', '_' or '-', got \"\"",
        () -> builder.nodeId(""));
    refused("visibilityTimeout must be positive, got PT0S",
        () -> builder.visibilityTimeout(Duration.ZERO));
    refused("finishedJobTtl must be positive, got PT-1S",
        () -> builder.finishedJobTtl(Duration.ofSeconds(-1)));
    refused("commandTimeout must be positive, got PT0S",
        () -> builder.commandTimeout(Duration.ZERO));
    refused("queueCapacity must be at least 1 (every job waits in the queue before a worker"
        + " takes it), got 0", () -> builder.queueCapacity(0));
    for (String setting : List.of("nodeId", "keyPrefix", "visibilityTimeout", "finishedJobTtl",
        "commandTimeout")) {
      NullPointerException e = assertThrows(NullPointerException.class, () -> {
        switch (setting) {
          case "nodeId" -> builder.nodeId(null);
          case "keyPrefix" -> builder.keyPrefix(null);
          case "visibilityTimeout" -> builder.visibilityTimeout(null);
          case "finishedJobTtl" -> builder.finishedJobTtl(null);
          default -> builder.commandTimeout(null);
        }
      });
      assertEquals(setting + " must not be null", e.getMessage());
    }
    assertEquals(RedisJobs.Options.defaults(), builder.build());
  }

  private static void refused(String message, Executable setting) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, setting).getMessage());
  }
}
