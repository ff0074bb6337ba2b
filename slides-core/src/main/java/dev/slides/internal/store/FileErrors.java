package dev.slides.internal.store;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Why a file operation failed, in words: the JDK's message is often the file's path alone. */
public final class FileErrors {
  private FileErrors() {}

  /**
   * The reason {@code e} gives in words ("permission denied", "No space left on device", ...),
   * or null when it gives none beyond paths (a {@link FileSystemException} without a reason).
   */
  public static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "a file stands where its folder should be";
    }
    if (e instanceof NoSuchFileException) {
      return "a folder on its way does not exist and cannot be made there";
    }
    if (e instanceof ClosedByInterruptException) {
      return "interrupted";
    }
    if (e instanceof FileSystemException f) {
      return f.getReason();
    }
    return e.getMessage();
  }
}
