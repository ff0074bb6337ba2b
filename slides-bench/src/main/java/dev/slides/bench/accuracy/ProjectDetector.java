package dev.slides.bench.accuracy;

import dev.slides.DetectorOptions;
import dev.slides.SamplingOptions;
import dev.slides.Segment;
import dev.slides.SegmentDetector;
import dev.slides.SegmentKind;
import dev.slides.internal.video.FramesDecoded;
import dev.slides.internal.video.VideoFrame;
import dev.slides.internal.video.VideoFrames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's detector as the extraction pipeline runs it: the library's decoding and
 * sampling, then {@link SegmentDetector} with default options. The one place to adapt when
 * those options change.
 */
public final class ProjectDetector {
  private ProjectDetector() {}

  /** The library's default sampling rate. */
  public static double defaultSamplesPerSecond() {
    return SamplingOptions.defaults().samplesPerSecond();
  }

  /**
   * Every segment found, static and moving, and the share of the video's frames decoded to find
   * them (NaN when not known).
   */
  public record Detection(List<Segment> segments, double decodedShare) {
    /** The static segments. */
    public List<Span> statics() {
      List<Span> statics = new ArrayList<>();
      for (Segment s : segments) {
        if (s.kind() == SegmentKind.STATIC) {
          statics.add(new Span(s.startTime(), s.endTime()));
        }
      }
      return statics;
    }
  }

  /** The static segments found in {@code video} sampled at {@code samplesPerSecond}. */
  public static List<Span> detect(Path video, double samplesPerSecond) throws IOException {
    return detect(video, samplesPerSecond, true).statics();
  }

  /**
   * Runs the detector on {@code video} with the default sampling at {@code samplesPerSecond},
   * skipping still stretches (the default) or decoding every frame.
   */
  public static Detection detect(Path video, double samplesPerSecond, boolean skipStill)
      throws IOException {
    SamplingOptions sampling = SamplingOptions.builder().samplesPerSecond(samplesPerSecond)
        .skipStillStretches(skipStill).build();
    SegmentDetector detector = new SegmentDetector(DetectorOptions.defaults());
    List<Segment> segments = new ArrayList<>();
    VideoFrames frames = VideoFrames.open(video, sampling);
    try (frames) {
      VideoFrame frame;
      while ((frame = frames.next()) != null) {
        segments.addAll(frame.damaged() ? detector.pushDamaged(frame.time())
            : detector.push(frame.time(), frame.luma()));
      }
      segments.addAll(detector.finish(frames.info().durationSeconds()));
    }
    // Read once closed: a decoder adds its count when it has finished a chunk, which may be
    // after the last sample came out (the share read before varied from run to run).
    long[] decoded = FramesDecoded.ofTotal(frames);
    return new Detection(segments,
        decoded == null ? Double.NaN : (double) decoded[0] / decoded[1]);
  }
}
