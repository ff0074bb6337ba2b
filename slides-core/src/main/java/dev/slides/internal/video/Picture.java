package dev.slides.internal.video;

import java.io.IOException;

/**
 * A decoded frame at full resolution, kept alive until {@link #close()}. Cheap to hold: it
 * shares the decoder's buffer instead of copying pixels.
 */
public interface Picture extends AutoCloseable {
  int width();

  int height();

  /**
   * Encodes the picture as a WebP image (lossy, through FFmpeg's libwebp).
   *
   * @param maxWidth wider pictures are scaled down to this width, keeping the aspect ratio
   * @param quality 0 to 100; 80 is a good default for slides
   */
  byte[] encodeWebp(int maxWidth, int quality) throws IOException;

  /**
   * Another reference to the same frame, closed on its own: hands the picture to another thread
   * (an encoder) while the holder keeps its own. Shares the pixels, copies none.
   */
  Picture copy();

  @Override
  void close();
}
