package dev.slides.internal.video;

/**
 * What a video declares about itself.
 *
 * @param width width of the frames as shown, in pixels (a phone video stored sideways with a
 *     rotation tag counts turned upright, as every frame and image handed out is)
 * @param height height of the frames as shown, in pixels
 * @param durationSeconds the declared duration of the video stream, 0 when unknown
 * @param frameRate frames per second, 0 when unknown
 * @param codec the video codec's short name ({@code h264}, {@code vp9}, ...)
 */
public record VideoInfo(
    int width, int height, double durationSeconds, double frameRate, String codec) {}
