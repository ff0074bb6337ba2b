package dev.slides.export;

import java.io.FileNotFoundException;

/**
 * A slide image the manifest names is not where the images are read from (deleted, never
 * uploaded, the wrong directory). The message names the video, the frame and its key.
 */
public final class MissingSlideImageException extends FileNotFoundException {
  private static final long serialVersionUID = 1L;

  private final String videoId;
  private final String frameId;
  private final String key;

  MissingSlideImageException(String videoId, SlideDeck.Frame frame, String source) {
    super("The slide image " + frame.frameId() + " of video " + videoId + " (key "
        + frame.key() + ") is missing from " + source);
    this.videoId = videoId;
    this.frameId = frame.frameId();
    this.key = frame.key();
  }

  /** The video whose image is missing. */
  public String videoId() {
    return videoId;
  }

  /** The missing frame ({@code 2-first.webp}). */
  public String frameId() {
    return frameId;
  }

  /** The missing image's BlobStore key ({@code slides/talk/2-first.webp}). */
  public String key() {
    return key;
  }
}
