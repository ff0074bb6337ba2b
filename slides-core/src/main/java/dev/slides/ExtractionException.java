package dev.slides;

/**
 * A job that ended {@code failed}. {@link #getMessage()} is the job's {@code error}; {@link
 * #summary()} its human {@code message} ("Slide extraction failed", "Cannot read the store",
 * "Upload failed", ...).
 */
public class ExtractionException extends Exception {
  private final String summary;

  /**
   * @param summary the job's {@code message}
   * @param error the job's {@code error}, this exception's message
   * @param cause what went wrong underneath, for logs; may be null
   */
  public ExtractionException(String summary, String error, Throwable cause) {
    super(error, cause);
    this.summary = summary;
  }

  /** The job's human {@code message}: which phase failed ("Job cancelled" for a cancel). */
  public String summary() {
    return summary;
  }
}
