package dev.slides;

import java.util.Locale;
import java.util.Objects;

/**
 * What the {@link SegmentDetector} measured and decided for one sample: a line of the
 * statistics file that shows why a boundary was or was not found.
 *
 * @param time the sample's time, seconds from the start of the video
 * @param changedShare share of the frame's cells that changed since the previous sample
 * @param differenceShare share of the pixels that differ from the picture the sample is judged
 *     against (the slide's reference, or the new picture waiting to hold), outside active areas
 * @param activeShare share of the cells left out as active areas (speaker inset, pointer)
 * @param state where the detector stands after this sample, see {@link State}
 * @param event what this sample decided, {@link Event#NONE} for nothing, see {@link Event}
 * @param meanDifference mean grey-level difference per pixel from the previous sample, outside
 *     active areas, once a flicker of the light is taken off: the fine measure of whether the
 *     picture is at rest (a new picture holds only while it stays at {@code restLimit} or
 *     below; camera noise gives 0.1 to 0.4 on x264)
 * @param brightnessChange how much the whole picture's brightness changed since the previous
 *     sample, as a share (0.02: 2 % brighter); up to 6 % is a flickering light and is taken off
 *     before {@code meanDifference} is measured, more is a fade and stays motion
 * @param restLimit the highest {@code meanDifference} at which a new picture still counts as
 *     holding after this sample: about 0.7 on a clean video, 1.5 times the video's own noise
 *     once that is higher (grain a camera recorded and the encoder kept); {@link Double#NaN}
 *     where it is not known
 */
public record SampleStats(double time, double changedShare, double differenceShare,
                          double activeShare, State state, Event event, double meanDifference,
                          double brightnessChange, double restLimit) {
  /** @throws NullPointerException when {@code state} or {@code event} is null */
  public SampleStats {
    Objects.requireNonNull(state, "state must not be null");
    Objects.requireNonNull(event, "event must not be null (Event.NONE stands for no event)");
  }

  /** Where the detector stands after a sample. */
  public enum State {
    /** The sample shows the current slide. */
    STATIC,
    /**
     * The sample differs from the slide; what it is will be decided once a picture holds.
     */
    DEPARTING,
    /** No slide holds: the picture is moving. */
    MOVING;

    /** The word of the statistics file: {@code static}, {@code departing} or {@code moving}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What a sample decided. */
  public enum Event {
    /** Nothing: the sample went on as the one before. Written as an empty field. */
    NONE,
    /** A new slide was found; it may start at an earlier sample. */
    SLIDE,
    /** A build step (content that only appears) continues the slide. */
    BUILD,
    /** A departure that came back was ignored. */
    FLASH,
    /** Content that crept a little at a time inside the slide (a panning chart) continues it. */
    DRIFT,
    /**
     * Someone who walked in front of the slide stands there, or walked on, or a head of the
     * audience in front of a filmed screen rose over it: the slide goes on.
     */
    OCCLUDER,
    /**
     * The sample's picture was decoded with errors, or after such a picture before the next
     * clean keyframe, and was not analysed (see {@link SegmentDetector#pushDamaged}); its
     * measures are 0 but {@code activeShare}, the areas left out so far.
     */
    DAMAGED;

    /**
     * The word of the statistics file: {@code slide}, {@code build}, {@code flash},
     * {@code drift}, {@code occluder}, {@code damaged}, or the empty string for {@link #NONE}.
     */
    public String wireName() {
      return this == NONE ? "" : name().toLowerCase(Locale.ROOT);
    }
  }
}
