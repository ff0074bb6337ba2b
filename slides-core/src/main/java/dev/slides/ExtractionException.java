package dev.slides;

/**
 * A job that ended {@code failed}. {@link #getMessage()} is the job's {@code error}; {@link
 * #summary()} its human {@code message} ("Slide extraction failed", "Upload failed", ...).
 */
public class ExtractionException extends Exception {
  private final String summary;

  public ExtractionException(String summary, String error, Throwable cause) {
    super(error, cause);
    this.summary = summary;
  }

  public String summary() {
    return summary;
  }
}
