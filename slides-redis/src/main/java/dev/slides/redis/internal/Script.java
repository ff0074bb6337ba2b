package dev.slides.redis.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A Lua script shipped beside this class, run by its digest ({@code EVALSHA}) and sent whole
 * only when the server does not know it yet (first use, or after a Redis restart flushed it).
 */
final class Script {
  private final String name;
  private final String source;
  private volatile String sha;

  private Script(String name, String source) {
    this.name = name;
    this.source = source;
  }

  static Script load(String name) {
    try (InputStream in = Script.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing script resource " + name);
      }
      return new Script(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read script resource " + name, e);
    }
  }

  /** Runs the script; its reply as Lettuce decodes a multi-bulk one (null for a Lua false). */
  List<Object> run(RedisCommands<String, String> redis, String[] keys, String... args) {
    String digest = sha;
    if (digest != null) {
      try {
        return redis.evalsha(digest, ScriptOutputType.MULTI, keys, args);
      } catch (RedisNoScriptException e) {
        // Redis restarted (or SCRIPT FLUSH): load it again below.
      }
    }
    sha = redis.scriptLoad(source);
    return redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
  }

  /** Runs a script whose reply is an integer. */
  long runForNumber(RedisCommands<String, String> redis, String[] keys, String... args) {
    String digest = sha;
    if (digest != null) {
      try {
        Long n = redis.evalsha(digest, ScriptOutputType.INTEGER, keys, args);
        return n;
      } catch (RedisNoScriptException e) {
        // loaded again below
      }
    }
    sha = redis.scriptLoad(source);
    Long n = redis.evalsha(sha, ScriptOutputType.INTEGER, keys, args);
    return n;
  }

  @Override
  public String toString() {
    return name;
  }
}
