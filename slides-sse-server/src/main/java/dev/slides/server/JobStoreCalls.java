package dev.slides.server;

import dev.slides.internal.text.Quantity;
import dev.slides.service.SlideService;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The Redis calls of requests, on a few threads of their own, so that Redis not answering holds
 * no worker thread of the HTTP server: {@link #call} answers within the store look-up timeout,
 * with a result or StoreUnavailableException, as manifest look-ups do. Without
 * it each request held a worker for the client's whole command timeout (5 s), and a few dozen of
 * them at once kept every other request waiting, static files included.
 *
 * <p>A call whose caller has given up before it starts is not made; one already under way goes
 * on, and what it returns too late is dropped.
 */
final class JobStoreCalls implements AutoCloseable {
  /** Lettuce pipelines every thread's commands on one connection: a few threads go far. */
  private static final int THREADS = 8;
  private static final int WAITING = 256;

  private final Duration timeout;
  private final ThreadPoolExecutor pool;

  JobStoreCalls(Duration timeout) {
    this.timeout = timeout;
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(WAITING), r -> {
          Thread t = new Thread(r, "slides-job-store-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
  }

  /** {@code call}'s result, or its failure, or StoreUnavailableException after the timeout. */
  <T> CompletableFuture<T> call(Supplier<T> call) {
    CompletableFuture<T> result = start(call);
    CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS).execute(() ->
        result.completeExceptionally(new SlideService.StoreUnavailableException(
            "The job store (Redis) did not answer within " + Quantity.seconds(timeout)
                + ": try again shortly")));
    return result;
  }

  /**
   * {@code call} on these threads, without the timeout: for a call that has an answer of its own
   * when Redis does not answer (a stream of a job this node follows starts from the state it
   * knows), which the Redis client's command timeout bounds.
   */
  <T> CompletableFuture<T> callUntilItAnswers(Supplier<T> call) {
    return start(call);
  }

  private <T> CompletableFuture<T> start(Supplier<T> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      pool.execute(() -> {
        if (result.isDone()) {
          return; // its caller has given up: no need to ask
        }
        try {
          result.complete(call.get());
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new SlideService.StoreUnavailableException(
          "The job store (Redis) is not answering: try again shortly"));
    }
    return result;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
