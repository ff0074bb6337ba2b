package dev.slides.internal.video;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_clone;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One 1080p slide frame (decoded YUV) encoded to WebP at quality 80 through libwebp, at several
 * compression efforts; {@link #size} reports the bytes, to weigh speed against size.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class WebpBenchmark {
  /** libwebp effort: 4 is FFmpeg's default, 2 what the pipeline uses. */
  @org.openjdk.jmh.annotations.Param({"4", "2", "0"})
  int effort;

  private AVFrame frame;

  @Setup(Level.Trial)
  public void setUp() {
    frame = FrameAnalysisBenchmark.slideFrame(1080, new Random(3));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    av_frame_free(frame);
  }

  /** Prints the encoded size once per effort (not timed). */
  @Setup(Level.Trial)
  public void size() throws Exception {
    // The picture owns the frame and frees it.
    try (FfmpegPicture picture = new FfmpegPicture(
        FrameAnalysisBenchmark.slideFrame(1080, new Random(3)), Orientation.UPRIGHT)) {
      System.out.println("effort " + effort + ": " + picture.encodeWebp(1920, 80, effort).length
          + " bytes");
    }
  }

  @Benchmark
  public byte[] encodeWebp1080p() throws Exception {
    try (FfmpegPicture picture = new FfmpegPicture(av_frame_clone(frame), Orientation.UPRIGHT)) {
      return picture.encodeWebp(1920, 80, effort);
    }
  }
}
