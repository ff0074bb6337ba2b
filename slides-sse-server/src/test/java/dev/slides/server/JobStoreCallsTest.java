package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.service.SlideService;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What a late call of {@link JobStoreCalls} answers: whether it may have happened all the same
 * or surely did not; and that the timeout covers the future a call returns.
 */
class JobStoreCallsTest {
  private static final String UNSURE = "the thing may have happened: asking again is safe";

  /** The message {@code pending} fails with, which must be StoreUnavailableException. */
  private static String failure(CompletableFuture<?> pending) {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> pending.get(60, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof SlideService.StoreUnavailableException, e.toString());
    return e.getCause().getMessage();
  }

  @Test
  void aChangeUnderWayWhenTheTimeoutComesMayHappenAllTheSameAndTheAnswerSaysSo()
      throws Exception {
    try (JobStoreCalls calls = new JobStoreCalls(Duration.ofMillis(100))) {
      CountDownLatch redisAnswers = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(1);
      CompletableFuture<String> pending = calls.callLater(() -> {
        await(redisAnswers); // Redis not answering: until the test says so
        done.countDown();
        return CompletableFuture.completedFuture("changed");
      }, UNSURE);
      assertEquals("The job store (Redis) did not answer within 0.1 s, so " + UNSURE,
          failure(pending));
      redisAnswers.countDown();
      assertTrue(done.await(60, TimeUnit.SECONDS), "the call went on, as the answer said");
    }
  }

  @Test
  void aChangeThatNeverStartedBeforeTheTimeoutIsNotMadeAndTheAnswerSaysNothingWasDone()
      throws Exception {
    try (JobStoreCalls calls = new JobStoreCalls(Duration.ofMillis(100))) {
      CountDownLatch redisAnswers = new CountDownLatch(1);
      CountDownLatch busy = new CountDownLatch(JobStoreCalls.THREADS);
      for (int i = 0; i < JobStoreCalls.THREADS; i++) {
        calls.call(() -> {
          busy.countDown();
          await(redisAnswers);
          return null;
        });
      }
      assertTrue(busy.await(60, TimeUnit.SECONDS), "every thread busy");
      AtomicBoolean made = new AtomicBoolean();
      CompletableFuture<String> waiting = calls.callLater(() -> {
        made.set(true);
        return CompletableFuture.completedFuture("changed");
      }, UNSURE);
      assertEquals("The job store (Redis) did not answer within 0.1 s, so nothing was done: try"
          + " again shortly", failure(waiting));
      redisAnswers.countDown();
      // Asked after it, on the same threads: answered once they are free, after the waiting
      // call had its turn (the queue is first in, first out).
      for (int i = 0; i < JobStoreCalls.THREADS; i++) {
        assertEquals("after", calls.callUntilItAnswers(() -> "after").get(60, TimeUnit.SECONDS));
      }
      assertFalse(made.get(), "a call whose caller gave up is not made");
    }
  }

  @Test
  void theTimeoutCoversTheFutureACallReturns() {
    try (JobStoreCalls calls = new JobStoreCalls(Duration.ofMillis(100))) {
      // Answered at once with a future that never completes: a submission that asked Redis,
      // then the blob store, and now waits on Redis again from another thread.
      CompletableFuture<String> pending = calls.callLater(CompletableFuture::new, UNSURE);
      assertEquals("The job store (Redis) did not answer within 0.1 s, so " + UNSURE,
          failure(pending));
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
