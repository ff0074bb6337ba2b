package dev.slides;

import java.util.Locale;

/**
 * The phases of a job, in the order a successful job goes through them. {@link #COMPLETED} and
 * {@link #FAILED} are terminal. The JSON form is the lowercase name ({@code "extracting"}).
 */
public enum JobStatus {
  PENDING,
  DOWNLOADING,
  EXTRACTING,
  UPLOADING,
  COMPLETED,
  FAILED;

  /** The wire name: {@code pending}, {@code downloading}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True for {@link #COMPLETED} and {@link #FAILED}: no update follows. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED;
  }

  /** Parses a wire name, case-insensitively. */
  public static JobStatus fromWireName(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }
}
