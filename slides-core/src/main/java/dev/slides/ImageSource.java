package dev.slides;

import java.io.IOException;

/**
 * Where the slide images of an extraction come from when not from the video analysed: the same
 * video in another rendition, usually a larger one. YouTube, for one, offers a 360p rendition
 * that is quick to download and analyse, and a 1080p one that the slides read better from; only
 * the frames of the images need fetching from it. See
 * {@link SlideExtractor#extract(JobTracker.Run, java.nio.file.Path, ImageSource)}.
 *
 * <p>Times are those of the analysed video: both renditions must share one timeline (as the
 * renditions of one upload do). Called on the extracting thread, one image at a time.
 */
public interface ImageSource extends AutoCloseable {
  /**
   * The frame shown at {@code seconds}, as a WebP image.
   *
   * @param maxWidth wider frames are scaled down to this width, keeping the aspect ratio
   * @param quality WebP quality, 0 to 100
   * @throws IOException when the frame cannot be had; the extraction then takes this image and
   *     every later one from the analysed video instead
   */
  byte[] webpAt(double seconds, int maxWidth, int quality) throws IOException;

  @Override
  void close();
}
