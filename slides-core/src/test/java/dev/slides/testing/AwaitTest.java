package dev.slides.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
  @Test
  void returnsTheFirstValueAcceptedOnceItIs() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    int seen = Await.until(Duration.ofSeconds(30), "the fifth read", reads::incrementAndGet,
        n -> n >= 5);
    assertEquals(5, seen);
    assertEquals(5, reads.get(), "no read after the accepted one");
  }

  @Test
  void failsSayingWhatItAwaitedAndTheLastValueSeen() {
    AtomicInteger reads = new AtomicInteger();
    AssertionError e = assertThrows(AssertionError.class, () -> Await.until(
        Duration.ofMillis(50), "no stream open", () -> "open: " + reads.incrementAndGet(),
        s -> false));
    assertEquals("Waited 0.05 s for no stream open, in vain (" + reads.get() + " tries); last"
        + " seen: open: " + reads.get(), e.getMessage());
    assertTrue(reads.get() >= 2, "asked again before the deadline: " + reads.get());
  }

  @Test
  void aZeroTimeoutStillAsksOnce() {
    // A zero timeout still reads once: a condition that already holds never fails.
    AssertionError e = assertThrows(AssertionError.class,
        () -> Await.until(Duration.ZERO, "nothing", () -> false));
    assertEquals("Waited 0 s for nothing, in vain (1 try); last seen: false", e.getMessage());
  }

  @Test
  void whatTheProbeThrowsEndsTheWait() {
    IOException broken = new IOException("broken");
    AtomicInteger reads = new AtomicInteger();
    assertSame(broken, assertThrows(IOException.class, () -> Await.until(Duration.ofSeconds(30),
        "anything", () -> {
          reads.incrementAndGet();
          throw broken;
        }, v -> true)));
    assertEquals(1, reads.get());
  }
}
