package dev.slides.video;

/**
 * What a video declares about itself.
 *
 * @param width width of the decoded frames in pixels
 * @param height height of the decoded frames in pixels
 * @param durationSeconds the declared duration of the video stream, 0 when unknown
 * @param frameRate frames per second, 0 when unknown
 * @param codec the video codec's short name ({@code h264}, {@code vp9}, ...)
 */
public record VideoInfo(
    int width, int height, double durationSeconds, double frameRate, String codec) {}
