package dev.slides.service;

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

  /**
   * True when the URLs come from the operator's own configuration (a mirror's URL template)
   * rather than from what a caller sent: they are then downloaded from any address, private
   * ones included. False by default.
   */
  default boolean trusted() {
    return false;
  }
}
