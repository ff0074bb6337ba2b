package dev.slides.source;

import java.io.IOException;
import java.net.URI;

/** Tells where a video can be downloaded from. */
@FunctionalInterface
public interface VideoSource {
  /**
   * The direct URL of the video's file.
   *
   * @throws IOException when the video cannot be resolved; the message says why
   */
  URI resolve(String videoId) throws IOException;
}
