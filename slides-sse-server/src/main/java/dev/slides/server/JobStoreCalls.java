package dev.slides.server;

import dev.slides.internal.service.DaemonThreads;
import dev.slides.internal.text.Quantity;
import dev.slides.service.SlideService;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The Redis calls of requests, on a few threads of their own, so that Redis not answering holds
 * no worker thread of the HTTP server: {@link #call} answers within the store look-up timeout,
 * with a result or StoreUnavailableException, as manifest look-ups do. Without
 * it each request held a worker for the client's whole command timeout (5 s), and a few dozen of
 * them at once kept every other request waiting, static files included.
 *
 * <p>A call whose caller has given up before it starts is not made; one already under way goes
 * on, and what it returns too late is dropped. The timeout covers a call's whole answer, also
 * what it does once the future it returns completes (a submission asks the blob store for a
 * manifest first, then Redis again).
 */
final class JobStoreCalls implements AutoCloseable {
  /** Lettuce pipelines every thread's commands on one connection: a few threads go far. */
  static final int THREADS = 8;
  private static final int WAITING = 256;

  private final Duration timeout;
  private final Timeouts timeouts;
  private final ThreadPoolExecutor pool;

  /**
   * When each call's timeout comes: the server's {@link #after} the timeout; a test's when the
   * test says (once the call has started, or not), which a clock cannot promise on a loaded
   * machine.
   */
  interface Timeouts {
    /**
     * Runs {@code timeout} when the call asked for just now is due to time out; {@code started}
     * completes when that call starts, if it does first.
     */
    void schedule(Runnable timeout, CompletionStage<Void> started);

    /** Each call's timeout {@code timeout} after the call was asked for. */
    static Timeouts after(Duration timeout) {
      Executor later = CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return (task, started) -> later.execute(task);
    }
  }

  JobStoreCalls(Duration timeout) {
    this(timeout, Timeouts.after(timeout));
  }

  JobStoreCalls(Duration timeout, Timeouts timeouts) {
    this.timeout = timeout;
    this.timeouts = timeouts;
    this.pool = DaemonThreads.bounded("slides-job-store-", THREADS, WAITING);
  }

  /** {@code call}'s result, or its failure, or StoreUnavailableException after the timeout. */
  <T> CompletableFuture<T> call(Supplier<T> call) {
    return callLater(() -> CompletableFuture.completedFuture(call.get()), null);
  }

  /**
   * A call that answers with a future of its own, its result too within the timeout: when it
   * is late, StoreUnavailableException. For a call that changes what the store holds,
   * {@code ifUnsure} says in plain words what may have happened all the same and what a client
   * should do (null for a call that only reads); the answer then tells which is the case: the
   * call never started, so nothing was done, or it started and goes on.
   */
  <T> CompletableFuture<T> callLater(Supplier<CompletableFuture<T>> call, String ifUnsure) {
    AtomicBoolean decided = new AtomicBoolean(); // set by whichever comes first: start or timeout
    CompletableFuture<Void> started = new CompletableFuture<>();
    CompletableFuture<T> result = start(() -> decided.compareAndSet(false, true)
        && started.complete(null), call);
    timeouts.schedule(() -> {
      boolean neverStarted = decided.compareAndSet(false, true);
      String late = "The job store (Redis) did not answer within " + Quantity.seconds(timeout);
      result.completeExceptionally(new SlideService.StoreUnavailableException(ifUnsure == null
          ? late + ": try again shortly"
          : neverStarted ? late + ", so nothing was done: try again shortly"
              : late + ", so " + ifUnsure));
    }, started.minimalCompletionStage());
    return result;
  }

  /**
   * {@code call} on these threads, without the timeout: for a call that has an answer of its own
   * when Redis does not answer (a stream of a job this node follows starts from the state it
   * knows), which the Redis client's command timeout bounds.
   */
  <T> CompletableFuture<T> callUntilItAnswers(Supplier<T> call) {
    return start(() -> true, () -> CompletableFuture.completedFuture(call.get()));
  }

  /** {@code call} on these threads, unless {@code mayStart} says its caller has given up. */
  private <T> CompletableFuture<T> start(BooleanSupplier mayStart,
      Supplier<CompletableFuture<T>> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      pool.execute(() -> {
        if (result.isDone() || !mayStart.getAsBoolean()) {
          return; // its caller has given up: no need to ask
        }
        try {
          call.get().whenComplete((value, failure) -> {
            if (failure == null) {
              result.complete(value);
            } else {
              result.completeExceptionally(unwrapped(failure));
            }
          });
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

  /** The failure a CompletionException wraps (what the call threw), or {@code failure}. */
  static Throwable unwrapped(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
