package dev.slides.redis.internal;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The node's one pub/sub connection: routes the messages of each channel (or pattern) to its
 * handler. Handlers run on the client's I/O thread and must only hand the message on. Lettuce
 * subscribes again by itself after a reconnect; each confirmation, the first and those after a
 * reconnect, is reported to the handler so that it can read again what it may have missed.
 *
 * <p>An unsubscription sent while the connection is down is refused, and Lettuce, which counts a
 * channel as left only once Redis confirms it, subscribes to it again at the reconnect: a
 * channel confirmed that has no handler any more is left again then, or its messages would come
 * to this node for nothing until it followed the job again.
 */
final class Notifications implements AutoCloseable {
  /** Receives a channel's messages and subscription confirmations (on an I/O thread). */
  interface Handler {
    void onMessage(String channel, String message);

    default void onSubscribed(String channel) {}
  }

  private final StatefulRedisPubSubConnection<String, String> connection;
  private final Duration timeout;
  private final Map<String, Handler> channels = new ConcurrentHashMap<>();
  private final Map<String, Handler> patterns = new ConcurrentHashMap<>();
  /**
   * Held while a channel's handler is set or removed and its request sent (which does not wait):
   * a channel found without a handler is left again before anyone can subscribe to it anew.
   */
  private final Object channelChanges = new Object();

  Notifications(StatefulRedisPubSubConnection<String, String> connection, Duration timeout) {
    this.connection = connection;
    this.timeout = timeout;
    connection.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String message) {
        Handler h = channels.get(channel);
        if (h != null) {
          h.onMessage(channel, message);
        }
      }

      @Override
      public void message(String pattern, String channel, String message) {
        Handler h = patterns.get(pattern);
        if (h != null) {
          h.onMessage(channel, message);
        }
      }

      @Override
      public void subscribed(String channel, long count) {
        Handler h = channels.get(channel);
        if (h != null) {
          h.onSubscribed(channel);
        } else {
          leaveUnlessFollowed(channel);
        }
      }

      @Override
      public void psubscribed(String pattern, long count) {
        Handler h = patterns.get(pattern);
        if (h != null) {
          h.onSubscribed(pattern);
        }
      }
    });
  }

  /** Subscribes {@code handler} to {@code channel} and waits for Redis to confirm it. */
  void subscribe(String channel, Handler handler) {
    java.util.concurrent.Future<?> confirmation;
    synchronized (channelChanges) {
      channels.put(channel, handler);
      confirmation = connection.async().subscribe(channel);
    }
    await(confirmation, "subscribe to " + channel);
  }

  /** Ends the subscription to {@code channel}; does not wait. */
  void unsubscribe(String channel) {
    synchronized (channelChanges) {
      channels.remove(channel);
      connection.async().unsubscribe(channel);
    }
  }

  /** A subscription confirmed after its handler was removed: left again (does not wait). */
  private void leaveUnlessFollowed(String channel) {
    synchronized (channelChanges) {
      if (!channels.containsKey(channel)) {
        connection.async().unsubscribe(channel);
      }
    }
  }

  /** Subscribes {@code handler} to the channels matching {@code pattern}, and waits. */
  void psubscribe(String pattern, Handler handler) {
    patterns.put(pattern, handler);
    await(connection.async().psubscribe(pattern), "subscribe to " + pattern);
  }

  private void await(java.util.concurrent.Future<?> confirmation, String what) {
    try {
      confirmation.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisUnavailableException("Interrupted while waiting to " + what, e);
    } catch (ExecutionException e) {
      throw new RedisUnavailableException("Redis refused to " + what + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new RedisUnavailableException("Redis did not confirm a request to " + what
          + " within " + timeout.toMillis() + " ms", e);
    }
  }

  @Override
  public void close() {
    connection.close();
  }
}
