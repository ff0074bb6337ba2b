package dev.slides.redis.testing;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;

/**
 * Lets the leases of a job queue run out on the test's word rather than by waiting: Redis takes
 * a lease as lost once its entry has been idle (not renewed) for the claiming node's visibility
 * timeout, and {@code XCLAIM ... IDLE <ms> JUSTID} sets that idle time at once, keeping the
 * entry's holder and its delivery count. Nodes given a long timeout (an hour) then take nothing
 * over however slow the machine is, until a test says a lease ran out.
 */
public final class Leases {
  /** The consumer group of the job queue's stream. */
  public static final String GROUP = "workers";

  private static final String IDLE_ALL = String.join("\n",
      "local n = 0",
      "for _, p in ipairs(redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', 10000)) do",
      "  redis.call('XCLAIM', KEYS[1], ARGV[1], p[2], 0, p[1], 'IDLE', ARGV[2], 'JUSTID')",
      "  n = n + 1",
      "end",
      "return n");

  private Leases() {}

  /**
   * Makes every entry pending in {@code stream} (the queue's key, such as {@code slides:queue})
   * read as not renewed for {@code idle}; returns how many there were.
   */
  public static long idleFor(RedisCommands<String, String> redis, String stream, Duration idle) {
    Long n = redis.eval(IDLE_ALL, ScriptOutputType.INTEGER, new String[] {stream}, GROUP,
        Long.toString(idle.toMillis()));
    return n;
  }
}
