package dev.slides;

import dev.slides.internal.detect.Detection;
import java.util.List;

/**
 * Splits a video into static segments (slides) and moving ones, one sampled frame at a time.
 *
 * <p>Pure computation, no I/O: feed it {@link LumaFrame}s in time order with {@link #push}, and
 * call {@link #finish} once at the end. Each call returns the segments it completed; together
 * they cover the analysed time without gaps, in time order. Every time-like setting is in
 * seconds ({@link DetectorOptions}), so the result does not depend on the sampling rate beyond
 * the precision of the samples' times.
 *
 * <pre>{@code
 * SegmentDetector detector = new SegmentDetector(DetectorOptions.defaults());
 * List<Segment> segments = new ArrayList<>();
 * for (...each sampled frame...) {
 *   segments.addAll(detector.push(seconds, new LumaFrame(width, height, greyPixels)));
 * }
 * segments.addAll(detector.finish(videoSeconds));
 * }</pre>
 *
 * <h2>How it decides</h2>
 * <ul>
 *   <li>While a slide is shown, each frame is compared with the slide's reference picture, cell
 *       by cell, leaving out <em>active</em> cells: areas that keep changing (a speaker inset,
 *       a pointer trail, an animated chart, a live-caption strip whose words appear one after
 *       another). A difference larger than a mouse pointer is a <em>departure</em> from the
 *       slide. An active area that has held still for 3 s (pen ink left on the slide) is
 *       compared again when it changes by losing what it showed: ink cleared departs.
 *   <li>After a departure the detector waits for a picture that <em>holds</em>: later frames
 *       match it, and the frame has <em>come to rest</em> (even faint, sparse or slow changes
 *       have stopped outside active areas: snow, an evolving background, text still typing in
 *       are not a picture; camera grain is not a change where it is the video's own noise, as
 *       measured between its unchanged samples) for half a second. That picture is then judged
 *       against the slide:
 *       <ul>
 *         <li>the same picture again: a flash or a pop-up, ignored;
 *         <li>the slide plus new content on empty background, nothing shown removed or
 *             altered: a <em>build</em> step, the same static segment continues
 *             ({@link DetectorOptions#mergeBuilds()});
 *         <li>the slide as it was before its latest build step, when that step came within a
 *             second and its box is at most a quarter of the frame, in the frame's outer
 *             third at one side (a corner, the lower third): an overlay that came and
 *             went (a notification, a name caption), the same slide continues, its last
 *             picture without the overlay; so too when one of two such overlays shown at once
 *             goes, and when one shown as the slide changed goes from the next slide over
 *             empty background. Content taken away otherwise (ink written over seconds and
 *             cleared, a line removed) is a new slide;
 *         <li>the slide with a large solid shape that came in from the frame's edge, moving,
 *             and stopped (a presenter walking in front of a projected slide and standing over
 *             it), or without one that stood there and moved on: the same slide, as last seen;
 *         <li>anything else: a new slide. The old one ends where the departure began; the time
 *             between (a crossfade, an animation, motion) is a moving segment.
 *       </ul>
 *   <li>A new slide starts at the first sample that shows it at rest, even when the decision
 *       comes later, so it starts where the frame became still, whatever motion came before.
 *       Content that moves from the slide's first frame (a chart panning) keeps it from holding
 *       until its cells are known to keep changing (3 s): once they are, a moving stretch just
 *       before the slide that differs from it only there is taken into the slide, which then
 *       starts where the stretch did.
 *   <li>When more than a quarter of the frame keeps changing (a demo, a talking head, snow) the
 *       video is moving, unless what changes is one box inside the slide, with the slide all
 *       around it, of at most half the frame: a video clip playing in the slide, an active area
 *       like the others; a picture that holds for less than
 *       {@link DetectorOptions#minSlideDuration()} is part of the motion around it.
 *   <li>A picture held while it is slowly reframed (a Ken Burns zoom and pan, as slideshow
 *       editors put on every picture: up to 1.5 % of zoom and 2 % of the frame's width of
 *       shift a second, 20 % of zoom and 15 % of shift in all) is one slide, as if it were
 *       still; its first and last frame are kept as usual. A faster or larger move (a photo
 *       zoomed into by a quarter over 9 s, a camera pan, a zoom transition) is motion.
 *   <li>Burned-in subtitles: a band along the frame's bottom or top edge (at most a fifth of
 *       its height), or its left or right edge (a quarter of its width: a live stream's chat
 *       panel), whose picture is replaced three times in a row while the rest of the frame
 *       holds, each within 8 s of the one before (a slide change between them does not break
 *       the series) and together spanning a third of the frame, is left out from then on; the
 *       slides its first changes made are one, emitted once that is known. One or two such
 *       changes (a footnote, a step line replaced) are new slides as any small change is.
 *   <li>A sample whose picture cannot be trusted (a damaged video's frames decoded with
 *       errors, and those predicted from them up to the next keyframe: smeared, broken blocks)
 *       goes in with {@link #pushDamaged} and is never looked at: a slide still shown after
 *       it goes on across it, a slide that is not ends where the damage began, and what comes
 *       after is judged from the trusted samples alone, so a damaged stretch is never a slide
 *       of its own nor a slide's first or last picture.
 * </ul>
 *
 * <p>Not thread-safe: one detector per video.
 */
public final class SegmentDetector {
  private final Detection detection;
  private boolean finished;

  /** A detector for one video, tuned by {@code options}. */
  public SegmentDetector(DetectorOptions options) {
    this.detection = new Detection(options);
  }

  /** A detector for one video with {@link DetectorOptions#defaults()}. */
  public SegmentDetector() {
    this(DetectorOptions.defaults());
  }

  /**
   * Takes the next sample. Frames must all have the size of the first, and times must not go
   * back. Samples outside the options' start and end are ignored.
   *
   * @param time seconds from the start of the video
   * @return the segments this sample completed, oldest first; often none
   * @throws IllegalArgumentException when the frame's size changed, or the time went back or is
   *     not a finite number
   * @throws IllegalStateException after {@link #finish}
   */
  public List<Segment> push(double time, LumaFrame frame) {
    requireNotFinished();
    if (!Double.isFinite(time)) {
      // NaN passes every comparison with the previous time and would corrupt the segments
      throw new IllegalArgumentException("A sample's time must be a finite number, got " + time);
    }
    return detection.push(time, frame);
  }

  /**
   * Takes the next sample when its picture cannot be trusted: a frame decoded with errors, or
   * one decoded after such a frame before the next keyframe decoded without error, which may
   * carry its broken blocks on. It gets the next sample number (as {@link #push} would give
   * it) but is never analysed: it is never a slide's first or last sample, and no slide starts
   * there. When the next sample pushed still shows the slide shown before, the slide goes on
   * across the damaged samples; otherwise the slide ends where they began and they belong to
   * the moving segment up to the next picture that holds. Damaged samples at the end of the
   * video end the last slide where they begin.
   *
   * @param time seconds from the start of the video
   * @return the segments this sample completed: always none (they are decided by the samples
   *     that follow)
   * @throws IllegalArgumentException when the time went back or is not a finite number
   * @throws IllegalStateException after {@link #finish}
   */
  public List<Segment> pushDamaged(double time) {
    requireNotFinished();
    if (!Double.isFinite(time)) {
      throw new IllegalArgumentException("A sample's time must be a finite number, got " + time);
    }
    return detection.pushDamaged(time);
  }

  /**
   * Ends the video and returns the segments still open.
   *
   * @param endTime where the last segment ends, in seconds (the video's duration); a value
   *     before the last sample's time is raised to it, one after the options' end is lowered
   * @throws IllegalStateException when called a second time
   */
  public List<Segment> finish(double endTime) {
    requireNotFinished();
    finished = true;
    return detection.finish(endTime);
  }

  /** A detector analyses one video: what came after its end would start a second, silently. */
  private void requireNotFinished() {
    if (finished) {
      throw new IllegalStateException(
          "finish() was already called: a SegmentDetector analyses one video; make a new one");
    }
  }

  /**
   * The samples (numbered from 0 in the order pushed) whose pictures may still be asked for as
   * the first or last frame of a static segment. A caller that keeps full-size pictures may drop
   * every other one.
   */
  public long[] samplesStillNeeded() {
    return detection.samplesStillNeeded();
  }

  /** What the last {@link #push} saw and decided, for a statistics file; null before any. */
  public SampleStats lastStats() {
    return detection.lastStats();
  }
}
