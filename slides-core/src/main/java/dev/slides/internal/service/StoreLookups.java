package dev.slides.internal.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slides.BlobStore;
import dev.slides.internal.store.BlobKeys;
import dev.slides.internal.text.Quantity;
import dev.slides.service.SlideService;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the store whether manifests exist, and when each was written, on a few threads of its
 * own, so that a slow store holds no request thread: every answer comes within the timeout, as
 * a result or as {@link SlideService.StoreUnavailableException}. Look-ups of one key that
 * overlap share one store call. Nothing is cached: a manifest another process just wrote must
 * be found, and an attacker asking for ever new ids would defeat a cache anyway.
 */
public final class StoreLookups implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StoreLookups.class);
  private static final int THREADS = 4;
  private static final int WAITING = 256;
  /** What readiness probes look up: any key works, the answer does not matter. */
  private static final String PROBE_ID = "_readiness-probe";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Readiness probes closer together than this share one look-up. */
  private static final long PROBE_REUSE_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final BlobStore store;
  private final Duration timeout;
  /** Runs each look-up's timeout task, {@link #timeout} after the look-up was asked for. */
  private final Executor timeouts;
  private final ThreadPoolExecutor pool;
  private final ConcurrentHashMap<String, CompletableFuture<Optional<Manifest>>> inFlight =
      new ConcurrentHashMap<>();
  private volatile CompletableFuture<Void> lastProbe;
  private volatile long lastProbeAt;

  /**
   * With {@code timeouts} running each look-up's timeout task, due {@code timeout} after the
   * look-up was asked for (null: a clock runs it then): a test's runs it when the test chooses,
   * which a clock cannot promise on a loaded machine.
   */
  public StoreLookups(BlobStore store, Duration timeout, Executor timeouts) {
    this.store = store;
    this.timeout = timeout;
    this.timeouts = timeouts != null ? timeouts
        : CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    this.pool = DaemonThreads.bounded("slides-store-lookup-", THREADS, WAITING);
  }

  /**
   * A manifest in the store.
   *
   * @param url where it is read
   * @param updatedAt the time it says its result was written; null when it says none or cannot
   *     be read
   */
  public record Manifest(String url, Instant updatedAt) {}

  /**
   * The manifest of {@code videoId} if the store holds one; fails with StoreUnavailableException
   * when the store cannot be asked in time.
   */
  public CompletableFuture<Optional<Manifest>> findManifest(String videoId) {
    CompletableFuture<Optional<Manifest>> fresh = new CompletableFuture<>();
    CompletableFuture<Optional<Manifest>> shared = inFlight.putIfAbsent(videoId, fresh);
    if (shared == null) {
      shared = fresh;
      start(videoId, fresh);
    }
    return bounded(shared);
  }

  /**
   * Completes when the store answers a look-up; fails when it does not in time. A probe in
   * flight, or one that succeeded in the last two seconds, answers for the next ones; after a
   * failure the next probe asks again, so readiness comes back as soon as the store does.
   */
  public CompletableFuture<Void> probe() {
    CompletableFuture<Void> last = lastProbe;
    boolean reusable = last != null && (!last.isDone() || (!last.isCompletedExceptionally()
        && System.nanoTime() - lastProbeAt < PROBE_REUSE_NANOS));
    if (!reusable) {
      last = findManifest(PROBE_ID).thenApply(found -> null);
      lastProbe = last;
      lastProbeAt = System.nanoTime();
    }
    return last;
  }

  private void start(String videoId, CompletableFuture<Optional<Manifest>> result) {
    String key = BlobKeys.manifest(videoId);
    try {
      pool.execute(() -> {
        try {
          result.complete(store.find(key).map(url -> new Manifest(url, writtenAt(videoId))));
        } catch (Exception e) {
          log.warn("Store look-up of {} failed: {}", key, e.toString());
          result.completeExceptionally(new SlideService.StoreUnavailableException(
              "Storage could not be asked: try again later"));
        } finally {
          inFlight.remove(videoId, result);
        }
      });
    } catch (RejectedExecutionException e) {
      inFlight.remove(videoId, result);
      result.completeExceptionally(new SlideService.StoreUnavailableException(
          "Storage is not answering: try again later"));
    }
  }

  /**
   * The {@code updated_at} the manifest of {@code videoId} carries (written with it, just before
   * its job completed), or null: a job rebuilt from it then reads the same each time, rather
   * than with the time of each look-up. A manifest that cannot be read still answers, without
   * a time.
   */
  private Instant writtenAt(String videoId) {
    String key = BlobKeys.manifest(videoId);
    try {
      Optional<byte[]> manifest = store.read(key);
      String text = manifest.isEmpty() ? null
          : JSON.readTree(manifest.get()).path(videoId).path("updated_at").textValue();
      if (text == null) {
        log.debug("Manifest {} carries no updated_at", key);
        return null;
      }
      return OffsetDateTime.parse(text).toInstant();
    } catch (IOException | RuntimeException e) {
      // UnsupportedOperationException (a store that only publishes), unparsable JSON or time.
      log.warn("Cannot read when {} was written: {}", key, e.toString());
      return null;
    }
  }

  /** {@code shared}, but failing after the timeout for this caller (the store call goes on). */
  private <T> CompletableFuture<T> bounded(CompletableFuture<T> shared) {
    CompletableFuture<T> mine = new CompletableFuture<>();
    shared.whenComplete((value, error) -> {
      if (error == null) {
        mine.complete(value);
      } else {
        mine.completeExceptionally(error instanceof java.util.concurrent.CompletionException
            && error.getCause() != null ? error.getCause() : error);
      }
    });
    timeouts.execute(() ->
        mine.completeExceptionally(new SlideService.StoreUnavailableException(
            "Storage did not answer within " + Quantity.seconds(timeout) + ": try again later")));
    return mine;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
