package dev.slides.export.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file whole or not at all: into a temporary file beside it, then moved over it. A
 * failed export (a missing image half way) never leaves a truncated PDF behind. A symbolic link
 * stays a link: the file it names is replaced. What is no file (a device such as
 * {@code /dev/stdout}, a named pipe, a shell's {@code >(gzip > talk.pdf.gz)}) is written
 * straight, as a shell's {@code >} writes it: it cannot be replaced whole, and a file moved over
 * it would replace the device itself, where the process may do so.
 */
public final class AtomicFile {
  /** What writes the content. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  public static void write(Path file, Content content) throws IOException {
    Path target = file.toAbsolutePath();
    if (Files.isDirectory(target)) {
      // Before the work: the move over it would fail after, naming the temporary file.
      throw new IOException("it is a folder");
    }
    if (isNoFile(target)) {
      // As root, "--pdf /dev/full" made /dev/full a PDF: the move replaced the device node.
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
        content.writeTo(out);
      }
      return;
    }
    if (Files.exists(target)) {
      target = target.toRealPath(); // through links: the move would replace the link
    }
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
        content.writeTo(out);
      }
      // A temporary file is created rw-------; the export is a file like any other: it keeps
      // the permissions of the file it replaces, else rw-r--r--.
      if (Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
        Files.setPosixFilePermissions(temp, Files.exists(target)
            ? Files.getPosixFilePermissions(target) : PosixFilePermissions.fromString("rw-r--r--"));
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Whether {@code file} exists, through links, as something other than a file or a folder: a
   * device, a named pipe, a socket, which {@link #write} writes straight.
   */
  public static boolean isNoFile(Path file) {
    return Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file);
  }
}
