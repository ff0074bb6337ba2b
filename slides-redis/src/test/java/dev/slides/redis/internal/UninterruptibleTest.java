package dev.slides.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.api.sync.RedisCommands;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** The wrapped commands, over commands of the test's own that fail as Lettuce's do. */
class UninterruptibleTest {
  @SuppressWarnings("unchecked")
  private static RedisCommands<String, String> failingWith(RuntimeException failure) {
    return (RedisCommands<String, String>) Proxy.newProxyInstance(
        RedisCommands.class.getClassLoader(), new Class<?>[] {RedisCommands.class},
        (proxy, method, args) -> {
          throw failure;
        });
  }

  /**
   * Lettuce's own timer words a timeout with the command's name first, the synchronous
   * caller's wait without; which fires first is the machine's. Said in one way, a renewal that
   * fails twice in an outage is one warning, not two.
   */
  @Test
  void aTimeoutSaysTheSameWordsWhicheverOfLettucesTimersNoticedIt() {
    for (String words : new String[] {"EVALSHA. Command timed out after 5 second(s)",
        "Command timed out after 5 second(s)"}) {
      RedisCommands<String, String> wrapped =
          Uninterruptible.wrap(failingWith(new RedisCommandTimeoutException(words)), () -> { });
      RedisCommandTimeoutException e =
          assertThrows(RedisCommandTimeoutException.class, () -> wrapped.get("key"));
      assertEquals("Command timed out after 5 second(s)", e.getMessage(), words);
    }
  }

  @Test
  void otherFailuresAreThrownAsTheyAre() {
    IllegalStateException failure = new IllegalStateException("EVALSHA. Something else");
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> Uninterruptible.wrap(failingWith(failure), () -> { }).get("key"));
    assertEquals(failure, e);
  }
}
