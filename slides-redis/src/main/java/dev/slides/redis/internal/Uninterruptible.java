package dev.slides.redis.internal;

import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.api.sync.RedisCommands;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Redis commands that complete whatever the calling thread's interrupt flag says, and leave it as
 * it was. A worker is interrupted to make it stop (a cancel, a shutdown); the writes it then makes
 * to record its end and hand its lease back must still reach Redis, where Lettuce's synchronous
 * API would refuse them at once.
 *
 * <p>And a command that timed out says so in the same words however Lettuce noticed it: see
 * {@link #sameWords}.
 *
 * <p>Each command first runs a check that may refuse it (the connection's owner was closed).
 */
final class Uninterruptible {
  private Uninterruptible() {}

  @SuppressWarnings("unchecked")
  static RedisCommands<String, String> wrap(RedisCommands<String, String> commands,
      Runnable beforeEach) {
    return (RedisCommands<String, String>) Proxy.newProxyInstance(
        RedisCommands.class.getClassLoader(), new Class<?>[] {RedisCommands.class},
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return method.invoke(commands, args);
          }
          beforeEach.run();
          boolean interrupted = Thread.interrupted();
          try {
            while (true) {
              try {
                return method.invoke(commands, args);
              } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RedisCommandTimeoutException timeout) {
                  throw sameWords(timeout);
                }
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

  /**
   * A timeout as the waiting caller words it, "Command timed out after 5 second(s)". Lettuce
   * has two timers for one command, of the same length: its own, which words it
   * "EVALSHA. Command timed out after 5 second(s)", and the synchronous caller's wait; which
   * one fires first is up to the machine (measured: the prefixed words for the first of two
   * renewals that timed out in a row, on a loaded machine). Repeated failures are said once by
   * their words (a renewal's, a claim's), so the same outage was said twice.
   */
  static RedisCommandTimeoutException sameWords(RedisCommandTimeoutException e) {
    String message = e.getMessage();
    int at = message == null ? -1 : message.indexOf(". Command timed out");
    if (at < 0) {
      return e;
    }
    RedisCommandTimeoutException plain =
        new RedisCommandTimeoutException(message.substring(at + 2));
    plain.setStackTrace(e.getStackTrace());
    plain.addSuppressed(e);
    return plain;
  }
}
