package dev.slides;

/**
 * What the {@link SegmentDetector} measured and decided for one sample: a line of the
 * statistics file that shows why a boundary was or was not found.
 *
 * @param time the sample's time, seconds from the start of the video
 * @param changedShare share of the frame's cells that changed since the previous sample
 * @param differenceShare share of the pixels that differ from the picture the sample is judged
 *     against (the slide's reference, or the new picture waiting to hold), outside active areas
 * @param activeShare share of the cells left out as active areas (speaker inset, pointer)
 * @param state {@code static} (the sample shows the current slide), {@code departing} (it
 *     differs from the slide; what it is will be decided once a picture holds) or
 *     {@code moving}
 * @param event what this sample decided: {@code slide} (a new slide was found; it may start at
 *     an earlier sample), {@code build} (a build step continues the slide), {@code flash} (a
 *     departure that came back was ignored), {@code drift} (content that crept a little at a
 *     time inside the slide, a panning chart, continues it), {@code occluder} (someone who
 *     walked in front of the slide stands there, or walked on: the slide continues),
 *     {@code damaged} (the sample's picture was decoded with errors, or after such a picture
 *     before the next clean keyframe, and not analysed, see {@link SegmentDetector#pushDamaged};
 *     its measures are 0 but {@code activeShare}, the areas left out so far), or empty
 * @param meanDifference mean grey-level difference per pixel from the previous sample, outside
 *     active areas, once a flicker of the light is taken off: the fine measure of whether the
 *     picture is at rest (a new picture holds only while it stays at about 0.7 or below; camera
 *     noise gives 0.1 to 0.4)
 * @param brightnessChange how much the whole picture's brightness changed since the previous
 *     sample, as a share (0.02: 2 % brighter); up to 6 % is a flickering light and is taken off
 *     before {@code meanDifference} is measured, more is a fade and stays motion
 */
public record SampleStats(double time, double changedShare, double differenceShare,
                          double activeShare, String state, String event, double meanDifference,
                          double brightnessChange) {
}
