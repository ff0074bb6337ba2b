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
   * The video as the service fetches it: a file to download and analyse, and, when the source
   * offers the video in several sizes, a larger rendition to take the slide images from by
   * seeking it. By default the one file {@link #resolve} gives.
   *
   * @throws IOException when the video cannot be resolved; the message says why
   */
  default Renditions renditions(String videoId) throws IOException {
    return new Renditions(resolve(videoId), null);
  }

  /**
   * Where a video's renditions are.
   *
   * @param video the file to download and analyse
   * @param images a larger rendition of the same video to take the slide images from, or null
   *     to take them from {@code video}
   */
  record Renditions(URI video, URI images) {
    /** Checks that {@code video} is not null. */
    public Renditions {
      java.util.Objects.requireNonNull(video, "video");
    }
  }

  /**
   * True when the URLs come from the operator's own configuration (a mirror's URL template)
   * rather than from what a caller sent: they are then downloaded from any address, private
   * ones included. False by default.
   */
  default boolean trusted() {
    return false;
  }
}
