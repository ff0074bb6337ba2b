package dev.slides;

import java.time.Duration;
import java.util.List;

/**
 * What a completed extraction produced.
 *
 * @param videoId the video's id
 * @param manifestUrl where the manifest was published (the job's {@code metadata_uri})
 * @param segments every segment, in time order (an unmodifiable list)
 * @param samples frames analysed (those of the part analysed only): sample times, a picture
 *     held again and a damaged one, not looked at, included
 * @param durationSeconds length of the video, also when only part of it was analysed
 * @param elapsed wall time of the extraction
 * @param analysedFromSeconds where the analysis started ({@link DetectorOptions#start()})
 * @param analysedToSeconds where it ended: the end of the video, or {@link DetectorOptions#end()}
 *     when that comes first
 * @param warnings what went wrong without stopping the extraction, in plain words (the video is
 *     damaged; some images could not be taken from the larger rendition; images of an earlier
 *     run its manifest does not name could not be removed); empty when nothing
 *     did as far as could be seen: frames not decoded
 *     ({@link SamplingOptions#skipStillStretches()}) are not checked for damage, and a warning
 *     of damage says how many seconds of the video were read that way (an unmodifiable list)
 */
public record ExtractionResult(
    String videoId,
    String manifestUrl,
    List<SlideSegment> segments,
    int samples,
    double durationSeconds,
    Duration elapsed,
    double analysedFromSeconds,
    double analysedToSeconds,
    List<String> warnings) {

  /** Keeps its own unmodifiable copies of {@code segments} and {@code warnings}. */
  public ExtractionResult {
    segments = List.copyOf(segments);
    warnings = List.copyOf(warnings);
  }

  /** Whether only part of the video was analysed: a start or an end was set within it. */
  public boolean isPartial() {
    return analysedFromSeconds > 0 || analysedToSeconds < durationSeconds;
  }

  /** Seconds of video analysed. */
  public double analysedSeconds() {
    return Math.max(0, analysedToSeconds - analysedFromSeconds);
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

  /**
   * Slides shown again: slides with a frame that repeats a frame of an earlier slide. The
   * presenter went back to a slide (its first frame repeats), or content over a slide left that
   * is no overlay the slide goes on under (a spotlight, a panel over more than a quarter of the
   * frame or away from its sides, a notification that hid some of the slide, pen ink cleared):
   * the slide without it is a new slide, whose first frame may still hold the last of that
   * content on its way out while its last frame repeats the slide from before. A last frame
   * that repeats its own slide's first frame is a slide without builds, not a repeat.
   */
  public int duplicateSlides() {
    return (int) segments.stream()
        .filter(SlideSegment::isStatic)
        .filter(s -> repeatsEarlier(s, s.firstFrame()) || repeatsEarlier(s, s.lastFrame()))
        .count();
  }

  private static boolean repeatsEarlier(SlideSegment slide, SlideFrame frame) {
    return frame.duplicateOf() != null && frame.duplicateOf().segmentId() != slide.slideNumber();
  }
}
