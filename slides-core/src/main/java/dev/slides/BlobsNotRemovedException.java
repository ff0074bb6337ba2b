package dev.slides;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * {@link BlobStore#deleteAll} could not remove some of the keys it was given: {@link #keys()}
 * names them (they may still hold what they held), {@link #reason()} says why in words, such as
 * "S3 refused: AccessDenied" or the message of the first failed call. The other keys are gone.
 */
public class BlobsNotRemovedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final List<String> keys;
  private final String reason;

  /**
   * @param keys the keys that may still hold something, not empty
   * @param reason why, in words
   * @param cause what went wrong underneath, for logs; may be null
   */
  public BlobsNotRemovedException(List<String> keys, String reason, Throwable cause) {
    super("Cannot remove " + String.join(", ", keys) + " (" + reason + ")", cause);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("an exception for no key not removed");
    }
    this.keys = List.copyOf(keys);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The keys not removed, in the order they were given. */
  public List<String> keys() {
    return keys;
  }

  /** Why they were not, in words (the first failure when there were several). */
  public String reason() {
    return reason;
  }
}
