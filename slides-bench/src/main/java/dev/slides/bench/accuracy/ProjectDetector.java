package dev.slides.bench.accuracy;

import dev.slides.DetectorOptions;
import dev.slides.Segment;
import dev.slides.SegmentDetector;
import dev.slides.SegmentKind;
import dev.slides.SamplingOptions;
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

  /** The static segments found in {@code video} sampled at {@code samplesPerSecond}. */
  public static List<Span> detect(Path video, double samplesPerSecond) throws IOException {
    SamplingOptions sampling = SamplingOptions.defaults().withSamplesPerSecond(samplesPerSecond);
    SegmentDetector detector = new SegmentDetector(DetectorOptions.defaults());
    List<Span> statics = new ArrayList<>();
    try (VideoFrames frames = VideoFrames.open(video, sampling)) {
      VideoFrame frame;
      while ((frame = frames.next()) != null) {
        collect(detector.push(frame.time(), frame.luma()), statics);
      }
      collect(detector.finish(frames.info().durationSeconds()), statics);
    }
    return statics;
  }

  private static void collect(List<Segment> segments, List<Span> statics) {
    for (Segment s : segments) {
      if (s.kind() == SegmentKind.STATIC) {
        statics.add(new Span(s.startTime(), s.endTime()));
      }
    }
  }
}
