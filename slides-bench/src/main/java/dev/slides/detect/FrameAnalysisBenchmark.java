package dev.slides.detect;

import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * The per-sample analysis on grey frames of the size the sampler hands over: the detector step
 * (smoothing, cell differences, decision) and the duplicate hash. Lives in the detector's package
 * to reach its internals.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class FrameAnalysisBenchmark {
  @Param({"320"})
  int analysisWidth;

  private LumaFrame[] frames;
  private SegmentDetector detector;
  private int next;
  private double time;

  @Setup(Level.Trial)
  public void setUp() {
    int height = analysisWidth * 9 / 16;
    Random random = new Random(1);
    frames = new LumaFrame[8];
    for (int i = 0; i < frames.length; i++) {
      LumaFrame f = LumaFrame.filled(analysisWidth, height, 240);
      // text-like strokes, plus a little noise per frame
      for (int line = 0; line < 8; line++) {
        int y = height / 10 + line * height / 10;
        for (int x = analysisWidth / 10; x < analysisWidth * 9 / 10; x++) {
          if (random.nextInt(3) == 0) {
            f.pixels()[y * analysisWidth + x] = 30;
          }
        }
      }
      frames[i] = f;
    }
    detector = new SegmentDetector();
  }

  @Benchmark
  public Object detectorStep() {
    LumaFrame f = frames[next++ & 7];
    time += 1.0;
    return detector.push(time, f);
  }

  @Benchmark
  public long perceptualHash() {
    return PerceptualHash.of(frames[next++ & 7]);
  }
}
