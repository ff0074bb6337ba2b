package dev.slides.video;

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

/** One 1080p slide frame (decoded YUV) encoded to WebP at quality 80 through libwebp. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class WebpBenchmark {
  private AVFrame frame;

  @Setup(Level.Trial)
  public void setUp() {
    frame = FrameAnalysisBenchmark.slideFrame(1080, new Random(3));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    av_frame_free(frame);
  }

  @Benchmark
  public byte[] encodeWebp1080p() throws Exception {
    try (FfmpegPicture picture = new FfmpegPicture(av_frame_clone(frame))) {
      return picture.encodeWebp(1920, 80);
    }
  }
}
