package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  /**
   * A wrong count, or a missing shaded jar, is said at the start: the jar used to be found
   * missing only after the first part's minutes, as a failed assertion with a stack trace.
   */
  @Test
  void theCommandLineAndTheJarAreCheckedAtTheStart(@TempDir Path dir) throws Exception {
    Path jar = Files.writeString(dir.resolve("slides.jar"), "a jar");
    assertEquals(10_000, MultiNodeBenchmark.streams(new String[0], jar.toString()));
    assertEquals(1_000, MultiNodeBenchmark.streams(new String[] {"1000"}, jar.toString()));
    for (String[] bad : List.of(new String[] {"abc"}, new String[] {"0"},
        new String[] {"1", "2"})) {
      String message = assertThrows(IllegalArgumentException.class,
          () -> MultiNodeBenchmark.streams(bad, jar.toString())).getMessage();
      assertTrue(message.endsWith(MultiNodeBenchmark.USAGE), message);
    }
    Path missing = dir.resolve("no-such.jar");
    assertEquals("No shaded jar at " + missing + ": build it with mvn -B -q -DskipTests package"
        + " and pass -Dslides.jar=slides-sse-server/target/slides.jar",
        assertThrows(IllegalArgumentException.class,
            () -> MultiNodeBenchmark.streams(new String[0], missing.toString())).getMessage());
  }
}
