package dev.slides.server;

import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.channels.Channels;
import org.xnio.channels.StreamSourceChannel;

/**
 * A video sent as the raw body of {@code POST /process/upload}, streamed to a file on a worker
 * thread while its SHA-256 is computed. At most {@code maxBytes} (413 beyond, in plain words);
 * each wait for more of it is bounded by the idle timeout (408). When the client goes away, or
 * anything else stops the upload, the partial file is deleted: a dropped upload leaves nothing.
 * A disk too full for it is a 507 in plain words, before reading when the length is declared.
 */
final class VideoUpload {
  private static final Logger log = LoggerFactory.getLogger(VideoUpload.class);

  private VideoUpload() {}

  /** A complete upload: the file (the caller's to use or delete), its size and SHA-256. */
  record Received(Path file, long size, String sha256) {
    /** An id derived from the content: the same file uploaded again finds the same job. */
    String contentId() {
      return "upload-" + sha256.substring(0, 16);
    }
  }

  /**
   * Reads the body into a new file in {@code directory}.
   *
   * @throws RejectedRequest with 413 (too large), 400 (empty or cut short), 408 (stalled), 507
   *     (no room on the disk)
   * @throws IOException when the file cannot be created (the partial file is deleted)
   */
  static Received receive(HttpServerExchange exchange, Path directory, long maxBytes,
      Duration idleTimeout) throws IOException {
    long declared = exchange.getRequestContentLength(); // -1 when chunked
    if (declared > maxBytes) {
      exchange.setPersistent(false); // not worth reading: close after the answer
      throw tooLarge(maxBytes);
    }
    if (declared == 0) {
      throw new RejectedRequest(400, "Empty upload: send the video file as the request body");
    }
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
    Files.createDirectories(directory);
    if (declared > 0) {
      long free = Files.getFileStore(directory).getUsableSpace();
      if (declared > free) {
        // Refused before reading rather than failing once the disk is full, which would also
        // starve every job downloading to it.
        log.warn("Refused an upload of {}: {} free in {}", megabytes(declared), megabytes(free),
            directory);
        exchange.setPersistent(false);
        throw new RejectedRequest(507, "This server has not enough free disk space for a video"
            + " of " + megabytes(declared) + " now; try again later");
      }
    }
    Path file = Files.createTempFile(directory, "upload-", ".part");
    boolean complete = false;
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
      StreamSourceChannel channel = exchange.getRequestChannel();
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      long total = 0;
      while (true) {
        buffer.clear();
        int n;
        try {
          n = idleTimeout.isZero() ? Channels.readBlocking(channel, buffer)
              : Channels.readBlocking(channel, buffer, idleTimeout.toMillis(),
                  TimeUnit.MILLISECONDS);
        } catch (IOException e) {
          exchange.setPersistent(false); // most likely the client went away
          throw new RejectedRequest(400, "The upload was interrupted before the end");
        }
        if (n < 0) {
          break;
        }
        if (n == 0) {
          exchange.setPersistent(false);
          throw new RejectedRequest(408, "The upload stopped arriving");
        }
        total += n;
        if (total > maxBytes) {
          exchange.setPersistent(false);
          throw tooLarge(maxBytes);
        }
        buffer.flip();
        sha256.update(buffer.duplicate());
        try {
          while (buffer.hasRemaining()) {
            out.write(buffer);
          }
        } catch (IOException e) {
          // The disk filled up (or failed) under the upload: the client is told, in words,
          // instead of a 500 with a stack trace in the log.
          log.warn("Cannot store an upload in {}: {}", directory, e.toString());
          exchange.setPersistent(false);
          throw new RejectedRequest(507, "This server could not store the upload ("
              + (e.getMessage() == null ? "write failed" : e.getMessage())
              + "); try again later");
        }
      }
      if (total == 0) {
        throw new RejectedRequest(400, "Empty upload: send the video file as the request body");
      }
      if (declared >= 0 && total != declared) {
        throw new RejectedRequest(400, "The upload was interrupted before the end");
      }
      complete = true;
      return new Received(file, total, HexFormat.of().formatHex(sha256.digest()));
    } finally {
      if (!complete) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static RejectedRequest tooLarge(long maxBytes) {
    return new RejectedRequest(413, "The video is larger than this server accepts (at most "
        + megabytes(maxBytes) + ")");
  }

  static String megabytes(long bytes) {
    return bytes >= 10L << 20 ? (bytes >> 20) + " MB"
        : String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
  }
}
