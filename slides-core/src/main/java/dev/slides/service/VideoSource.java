package dev.slides.service;

import dev.slides.internal.service.YouTubeSource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

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
   * YouTube ids resolved by the {@code yt-dlp} program at {@code executable} (a path, or a name
   * looked up on the {@code PATH}), given two minutes to answer: a small rendition (up to 360p)
   * to download and analyse, and one up to 1080p to take the slide images from. The job
   * service's default is {@code ytDlp(Path.of("yt-dlp"))}. A missing or broken program fails
   * the job with a message that says so.
   */
  static VideoSource ytDlp(Path executable) {
    return YouTubeSource.ytDlp(executable, Duration.ofMinutes(2));
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
