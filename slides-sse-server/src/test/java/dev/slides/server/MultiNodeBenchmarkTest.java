package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The many-streams benchmark's count of what each stream received. */
class MultiNodeBenchmarkTest {
  private static MultiNodeBenchmark.StreamReader reader(int updates, boolean completed,
      boolean failed) {
    MultiNodeBenchmark.StreamReader r = new MultiNodeBenchmark.StreamReader();
    r.onNext("data: {\"status\":\"pending\",\"message\":\"0\"}");
    for (int i = 0; i < updates; i++) {
      r.onNext("data: {\"status\":\"extracting\",\"message\":\"" + System.nanoTime() + "\"}");
      r.onNext("");
    }
    if (completed) {
      r.onNext("data: {\"status\":\"completed\",\"message\":\"" + System.nanoTime() + "\"}");
    }
    if (failed) {
      r.onError(new java.io.IOException("connection reset"));
    } else {
      r.onComplete();
    }
    return r;
  }

  /**
   * "Every update and the end" counted streams that got the end, and streams that failed:
   * a stream that coalesced updates, or lost its connection, was reported as complete.
   */
  @Test
  void aStreamCountsAsCompleteOnlyWithEveryUpdateAndTheFinalState() {
    List<MultiNodeBenchmark.StreamReader> readers = List.of(reader(3, true, false),
        reader(2, true, false), reader(3, false, false), reader(1, false, true));
    assertEquals("streams that got the end: 2 of 4; of them, with every one of the 3 updates: 1",
        MultiNodeBenchmark.delivered(readers, 3));
  }
}
