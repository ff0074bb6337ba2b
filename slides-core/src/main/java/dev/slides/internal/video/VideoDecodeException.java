package dev.slides.internal.video;

import java.io.IOException;

/** A video could not be opened or decoded; the message says which file and why. */
public class VideoDecodeException extends IOException {
  public VideoDecodeException(String message) {
    super(message);
  }

  public VideoDecodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
