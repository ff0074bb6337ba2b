package dev.slides.server;

import dev.slides.BlobStore;
import dev.slides.export.ExportFormat;
import dev.slides.export.MissingSlideImageException;
import dev.slides.export.SlideDeck;
import dev.slides.export.SlideExporter;
import dev.slides.export.SlideImages;
import dev.slides.internal.store.BlobKeys;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.channels.Channels;
import org.xnio.channels.StreamSinkChannel;

/**
 * {@code GET /jobs/{id}/slides.{pdf,html,md,csv,zip}}: a completed job's result, exported from
 * the manifest and images read back from the store. The export is written whole to a temporary
 * file before anything is sent, so a missing image or an unreadable store is a JSON error with
 * its status, never a truncated 200.
 */
final class ExportRoute {
  private static final Logger log = LoggerFactory.getLogger(ExportRoute.class);

  private final BlobStore store;
  private final Path temporary;
  private final SlideExporter exporter = SlideExporter.defaults();
  /**
   * Exports being made at once. Each holds a request thread while it reads the store and
   * writes its file (a PDF of 1000 slides takes 20-50 s); unbounded, a burst of export
   * requests would take every thread and stall the whole API.
   */
  private final Semaphore making;
  private final int maxAtOnce;

  ExportRoute(BlobStore store, Path temporary, int maxAtOnce) {
    this.store = store;
    this.temporary = temporary;
    this.maxAtOnce = maxAtOnce;
    this.making = new Semaphore(maxAtOnce);
  }

  /**
   * Answers the manifest of {@code videoId}'s completed job as the store holds it, so the page
   * needs no access to the store's own URL (another origin, perhaps without CORS).
   */
  void sendManifest(HttpServerExchange exchange, String videoId) {
    Optional<byte[]> manifest = manifest(exchange, videoId, () -> { });
    if (manifest.isEmpty()) {
      return;
    }
    exchange.getResponseHeaders()
        .put(Headers.CONTENT_TYPE, "application/json")
        .put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(manifest.get()));
  }

  /**
   * The manifest, or empty once an error was answered; {@code beforeAnswer} runs before any
   * answer is sent.
   */
  private Optional<byte[]> manifest(HttpServerExchange exchange, String videoId,
      Runnable beforeAnswer) {
    String manifestKey = BlobKeys.manifest(videoId);
    Optional<byte[]> manifest;
    try {
      manifest = store.read(manifestKey);
    } catch (UnsupportedOperationException e) {
      beforeAnswer.run();
      Json.error(exchange, 501, "Exports need a store that can read results back; this "
          + "server's store (" + store.describe() + ") cannot yet");
      return Optional.empty();
    } catch (IOException e) {
      log.warn("Export of {}: cannot read {}: {}", videoId, manifestKey, e.toString());
      beforeAnswer.run();
      Json.error(exchange, 502, "The store could not be read for " + manifestKey);
      return Optional.empty();
    }
    if (manifest.isEmpty()) {
      beforeAnswer.run();
      Json.error(exchange, 404, "The result of job " + videoId
          + " is no longer in the store (" + manifestKey + ")");
    }
    return manifest;
  }

  /**
   * Answers {@code HEAD} on the export of {@code videoId}'s completed job with the headers a
   * GET would have, without making it: no export place is taken and no image is read (making
   * a PDF of 1000 slides takes 20-50 s). The manifest is read, one small file, so that the
   * status is the GET's: 404 when the result has left the store. No {@code Content-Length}:
   * it is known only once the file is made, and RFC 9110 lets a HEAD leave it out.
   */
  void sendHead(HttpServerExchange exchange, String videoId, ExportFormat format)
      throws IOException {
    if (manifest(exchange, videoId, () -> { }).isEmpty()) {
      return;
    }
    headers(exchange, videoId, format);
    // Ended through the channel: endExchange alone would add "Content-Length: 0", which says
    // the GET's body is empty. On a worker thread, so the flush may block.
    StreamSinkChannel body = exchange.getResponseChannel();
    body.shutdownWrites();
    Channels.flushBlocking(body);
    exchange.endExchange();
  }

  /** The headers of an export, the same for GET and HEAD. */
  private static void headers(HttpServerExchange exchange, String videoId, ExportFormat format) {
    exchange.getResponseHeaders()
        .put(Headers.CONTENT_TYPE, format.contentType())
        .put(Headers.CONTENT_DISPOSITION,
            "attachment; filename=\"" + videoId + "." + format.extension() + "\"")
        .put(Headers.CACHE_CONTROL, "no-store");
  }

  /**
   * Answers the export of {@code videoId}'s completed job; on a worker thread. When
   * {@code maxAtOnce} exports are being made already, answers 503 with {@code Retry-After}.
   */
  void send(HttpServerExchange exchange, String videoId, ExportFormat format) throws IOException {
    if (!making.tryAcquire()) {
      Unavailable.BUSY.send(exchange, "This server is already making " + maxAtOnce
          + " exports at once, its most; try again in a moment");
      return;
    }
    // The place is free once the file is made (sending it holds no request thread), and before
    // any answer goes out: a client that has its answer may start the next export at once.
    AtomicBoolean held = new AtomicBoolean(true);
    Runnable free = () -> {
      if (held.getAndSet(false)) {
        making.release();
      }
    };
    try {
      make(exchange, videoId, format, free);
    } finally {
      free.run();
    }
  }

  private void make(HttpServerExchange exchange, String videoId, ExportFormat format,
      Runnable free) throws IOException {
    Optional<byte[]> manifest = manifest(exchange, videoId, free);
    if (manifest.isEmpty()) {
      return;
    }
    Files.createDirectories(temporary);
    Path file = Files.createTempFile(temporary, videoId + "-", "." + format.extension());
    boolean handedOver = false;
    try {
      try {
        SlideDeck deck = SlideDeck.read(manifest.get(), SlideImages.store(store));
        exporter.write(format, deck, file);
      } catch (MissingSlideImageException e) {
        Files.deleteIfExists(file); // before the answer: nothing is left once it is read
        free.run();
        Json.error(exchange, 404, "Slide image " + e.key() + " of job " + videoId
            + " is missing from the store; the " + format.name() + " cannot be made");
        return;
      } catch (IOException e) {
        log.warn("Export of {} as {} failed: {}", videoId, format, e.toString());
        Files.deleteIfExists(file);
        free.run();
        Json.error(exchange, 502, "The " + format.name() + " of job " + videoId
            + " could not be made from the store's result: " + plain(e));
        return;
      }
      headers(exchange, videoId, format);
      exchange.setResponseContentLength(Files.size(file));
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      handedOver = true;
      free.run();
      exchange.getResponseSender().transferFrom(channel, new IoCallback() {
        @Override
        public void onComplete(HttpServerExchange ex, Sender sender) {
          release(channel, file);
          IoCallback.END_EXCHANGE.onComplete(ex, sender);
        }

        @Override
        public void onException(HttpServerExchange ex, Sender sender, IOException e) {
          release(channel, file);
          IoCallback.END_EXCHANGE.onException(ex, sender, e);
        }
      });
    } finally {
      if (!handedOver) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** The message of a store or manifest error, without the Java exception's class name. */
  private static String plain(IOException e) {
    return e.getMessage() == null ? "unreadable" : e.getMessage();
  }

  private static void release(FileChannel channel, Path file) {
    try {
      channel.close();
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("Cannot delete the export {}: {}", file.getFileName(), e.toString());
    }
  }
}
