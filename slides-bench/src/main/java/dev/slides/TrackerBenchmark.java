package dev.slides;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The SSE hot path in core: serialising a job state to its JSON line, and one tracker update
 * fanned out to 1, 100 and 10 000 subscribers that each keep the latest state (what an SSE
 * connection does before its I/O thread writes).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class TrackerBenchmark {
  // A field, not a constant, so that the JIT cannot fold the serialisation away.
  private JobState state =
      JobState.of(JobStatus.EXTRACTING, "Analyzing frames: 12 slides so far, frame 1234/3600")
          .withFrames(3600, 1234).withPercent(34.2);

  /**
   * A job followed by {@code listeners} subscribers. Its own state class, so that only the
   * fan-out runs once per count of subscribers (the JSON benchmark does not depend on it).
   */
  @State(Scope.Thread)
  public static class FollowedJob {
    @Param({"1", "100", "10000"})
    int listeners;

    JobTracker tracker;
    int frame;

    @Setup(Level.Trial)
    public void setUp() {
      tracker = JobTracker.inMemory();
      tracker.createIfAbsent("bench", JobState.of(JobStatus.PENDING, "Job initialized"));
      for (int i = 0; i < listeners; i++) {
        AtomicReference<JobState> latest = new AtomicReference<>();
        tracker.subscribe("bench", (id, s) -> latest.set(s));
      }
    }
  }

  @Benchmark
  public String stateToJson() {
    return state.toJson();
  }

  @Benchmark
  public JobState updateFanOut(FollowedJob job) {
    int f = ++job.frame;
    return job.tracker.update("bench", s -> s.withStatus(JobStatus.EXTRACTING, "Analyzing")
        .withFrames(3600, f));
  }
}
