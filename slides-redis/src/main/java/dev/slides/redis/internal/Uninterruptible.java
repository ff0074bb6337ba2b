package dev.slides.redis.internal;

import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.api.sync.RedisCommands;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Redis commands that complete whatever the calling thread's interrupt flag says, and leave it as
 * it was. A worker is interrupted to make it stop (a cancel, a shutdown); the writes it then makes
 * to record its end and hand its lease back must still reach Redis, where Lettuce's synchronous
 * API would refuse them at once.
 */
final class Uninterruptible {
  private Uninterruptible() {}

  @SuppressWarnings("unchecked")
  static RedisCommands<String, String> wrap(RedisCommands<String, String> commands) {
    return (RedisCommands<String, String>) Proxy.newProxyInstance(
        RedisCommands.class.getClassLoader(), new Class<?>[] {RedisCommands.class},
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return method.invoke(commands, args);
          }
          boolean interrupted = Thread.interrupted();
          try {
            while (true) {
              try {
                return method.invoke(commands, args);
              } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof RedisCommandInterruptedException)) {
                  throw e.getCause();
                }
                // Interrupted while waiting for the reply: wait again. A write may then run
                // twice; every write here is conditional, so the second one changes nothing.
                interrupted = true;
                Thread.interrupted();
              }
            }
          } finally {
            if (interrupted) {
              Thread.currentThread().interrupt();
            }
          }
        });
  }
}
