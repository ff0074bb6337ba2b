package dev.slides;

import java.util.Locale;

/**
 * The phases of a job, in the order a successful job goes through them. {@link #COMPLETED} and
 * {@link #FAILED} are terminal. The JSON form is the lowercase name ({@code "extracting"}).
 */
public enum JobStatus {
  /** Accepted, waiting to start (or queued behind other jobs). */
  PENDING,
  /** Fetching the video (the service only; the extractor starts from a file). */
  DOWNLOADING,
  /** Decoding and analysing the frames. */
  EXTRACTING,
  /** Publishing the slide images and the manifest. */
  UPLOADING,
  /** Done: the manifest is at {@code metadata_uri}. */
  COMPLETED,
  /** Ended without a result: {@code error} says why ({@code cancelled} for a cancel). */
  FAILED;

  /** The wire name: {@code pending}, {@code downloading}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True for {@link #COMPLETED} and {@link #FAILED}: no update follows. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED;
  }

  /**
   * Parses a wire name, case-insensitively.
   *
   * @throws IllegalArgumentException when it names no status
   */
  public static JobStatus fromWireName(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }
}
