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
 *
 * <p>The timeouts are the test's to run ({@link TestTimeouts}, held): whether a call started
 * before its timeout came is what the answer depends on, and with a real 0.1 s timer a loaded
 * machine that starts the call's thread late made a call meant to be under way read as never
 * started (4 rounds of 200 under CPU load).
 */
class JobStoreCallsTest {
  private static final String UNSURE = "the thing may have happened: asking again is safe";
  private static final Duration TIMEOUT = Duration.ofMillis(100);

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
    TestTimeouts timeouts = new TestTimeouts();
    try (JobStoreCalls calls = new JobStoreCalls(TIMEOUT, timeouts)) {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch redisAnswers = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(1);
      CompletableFuture<String> pending = calls.callLater(() -> {
        started.countDown();
        await(redisAnswers); // Redis not answering: until the test says so
        done.countDown();
        return CompletableFuture.completedFuture("changed");
      }, UNSURE);
      assertTrue(started.await(60, TimeUnit.SECONDS), "the call never started");
      timeouts.next().timeout().run(); // over for that call
      assertEquals("The job store (Redis) did not answer within 0.1 s, so " + UNSURE,
          failure(pending));
      redisAnswers.countDown();
      assertTrue(done.await(60, TimeUnit.SECONDS), "the call went on, as the answer said");
    }
  }

  @Test
  void aChangeThatNeverStartedBeforeTheTimeoutIsNotMadeAndTheAnswerSaysNothingWasDone()
      throws Exception {
    TestTimeouts timeouts = new TestTimeouts();
    try (JobStoreCalls calls = new JobStoreCalls(TIMEOUT, timeouts)) {
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
      timeouts.forgetHeld(); // of the calls keeping the threads busy: they never time out
      AtomicBoolean made = new AtomicBoolean();
      CompletableFuture<String> waiting = calls.callLater(() -> {
        made.set(true);
        return CompletableFuture.completedFuture("changed");
      }, UNSURE);
      timeouts.next().timeout().run(); // over for that call
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
  void theTimeoutCoversTheFutureACallReturns() throws Exception {
    TestTimeouts timeouts = new TestTimeouts();
    try (JobStoreCalls calls = new JobStoreCalls(TIMEOUT, timeouts)) {
      // Answered at once with a future that never completes: a submission that asked Redis,
      // then the blob store, and now waits on Redis again from another thread.
      CountDownLatch answered = new CountDownLatch(1);
      CompletableFuture<String> pending = calls.callLater(() -> {
        answered.countDown();
        return new CompletableFuture<>();
      }, UNSURE);
      assertTrue(answered.await(60, TimeUnit.SECONDS), "the call never started");
      timeouts.next().timeout().run(); // over for that call
      assertEquals("The job store (Redis) did not answer within 0.1 s, so " + UNSURE,
          failure(pending));
    }
  }

  @Test
  void aCallThatDoesNotAnswerFailsWhenItsTimeComes() {
    // The real timer: a read answers the same whether or not it had started by then.
    try (JobStoreCalls calls = new JobStoreCalls(TIMEOUT)) {
      CompletableFuture<String> pending = calls.callLater(CompletableFuture::new, null);
      assertEquals("The job store (Redis) did not answer within 0.1 s: try again shortly",
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
