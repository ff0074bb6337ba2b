package dev.slides;

import java.time.Duration;
import java.util.List;

/**
 * What a completed extraction produced.
 *
 * @param videoId the video's id
 * @param manifestUrl where the manifest was published (the job's {@code metadata_uri})
 * @param segments every segment, in time order (an unmodifiable list)
 * @param samples frames analysed
 * @param durationSeconds length of the video
 * @param elapsed wall time of the extraction
 */
public record ExtractionResult(
    String videoId,
    String manifestUrl,
    List<SlideSegment> segments,
    int samples,
    double durationSeconds,
    Duration elapsed) {

  public ExtractionResult {
    segments = List.copyOf(segments);
  }

  /** Number of static segments (slides). */
  public int slideCount() {
    return (int) segments.stream().filter(SlideSegment::isStatic).count();
  }

  /** Number of slide frames that repeat an earlier one and were not stored again. */
  public int duplicateFrames() {
    return (int) segments.stream()
        .filter(SlideSegment::isStatic)
        .flatMap(s -> java.util.stream.Stream.of(s.firstFrame(), s.lastFrame()))
        .filter(f -> f.duplicateOf() != null)
        .count();
  }

  /** Slides whose both frames repeat earlier ones (the presenter went back to them). */
  public int duplicateSlides() {
    return (int) segments.stream()
        .filter(SlideSegment::isStatic)
        .filter(s -> s.firstFrame().duplicateOf() != null
            && s.firstFrame().duplicateOf().segmentId() != s.slideNumber())
        .count();
  }
}
