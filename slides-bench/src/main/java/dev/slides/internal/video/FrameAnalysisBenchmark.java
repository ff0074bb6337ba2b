package dev.slides.internal.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;

import dev.slides.LumaFrame;
import dev.slides.SegmentDetector;
import dev.slides.internal.detect.PerceptualHash;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-sample hot path on decoded frames (YUV 4:2:0 as H.264 decoders produce them):
 * {@code analyseFrame} goes from the decoded picture to the detector's decision (swscale area
 * downscale of the luma plane to 320 px, smoothing, cell differences, decision);
 * {@code scaleOnly} and {@code detectorOnly} split it; {@code duplicateHash} is the perceptual
 * hash of one analysis frame.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class FrameAnalysisBenchmark {
  @Param({"720", "1080"})
  int height;

  private AVFrame[] frames;
  private LumaFrame[] lumas;
  private LumaScaler scaler;
  private SegmentDetector detector;
  private int next;
  private double time;

  @Setup(Level.Trial)
  public void setUp() {
    frames = new AVFrame[8];
    lumas = new LumaFrame[8];
    scaler = new LumaScaler(320, Orientation.UPRIGHT, height * 16 / 9, height);
    Random random = new Random(7);
    for (int i = 0; i < frames.length; i++) {
      frames[i] = slideFrame(height, random);
      lumas[i] = scaler.scale(frames[i]);
    }
    detector = new SegmentDetector();
  }

  /** A decoded-looking YUV 4:2:0 slide: light background, dark text-like strokes, noise. */
  static AVFrame slideFrame(int height, Random random) {
    int width = height * 16 / 9;
    byte[] row = new byte[width];
    {
      AVFrame f = av_frame_alloc();
      f.format(AV_PIX_FMT_YUV420P);
      f.width(width);
      f.height(height);
      av_frame_get_buffer(f, 32);
      BytePointer y = f.data(0);
      int stride = f.linesize(0);
      for (int line = 0; line < height; line++) {
        boolean text = (line / (height / 30)) % 3 == 1 && line > height / 6;
        for (int x = 0; x < width; x++) {
          int v = 235;
          if (text && x > width / 10 && x < width * 8 / 10 && random.nextInt(3) == 0) {
            v = 30;
          }
          row[x] = (byte) Math.max(16, Math.min(235, v + random.nextInt(5) - 2));
        }
        y.position((long) line * stride).put(row, 0, width);
      }
      y.position(0);
      for (int plane = 1; plane <= 2; plane++) {
        BytePointer c = f.data(plane);
        long size = (long) f.linesize(plane) * ((height + 1) / 2);
        for (long k = 0; k < size; k++) {
          c.put(k, (byte) 128);
        }
      }
      return f;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    for (AVFrame f : frames) {
      av_frame_free(f);
    }
    scaler.close();
  }

  @Benchmark
  public Object analyseFrame() {
    LumaFrame luma = scaler.scale(frames[next++ & 7]);
    time += 1;
    return detector.push(time, luma);
  }

  @Benchmark
  public LumaFrame scaleOnly() {
    return scaler.scale(frames[next++ & 7]);
  }

  @Benchmark
  public Object detectorOnly() {
    time += 1;
    return detector.push(time, lumas[next++ & 7]);
  }

  @Benchmark
  public long duplicateHash() {
    return PerceptualHash.of(lumas[next++ & 7]);
  }
}
