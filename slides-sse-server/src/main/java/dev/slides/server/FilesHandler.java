package dev.slides.server;

import dev.slides.FileSystemBlobStore;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Serves the local store read-only under {@code /files/{key}}: no listing, no way out of the
 * store (keys are validated, symbolic links resolved and kept inside it), content type from the
 * extension.
 */
final class FilesHandler implements HttpHandler {
  static final String PREFIX = "/files/";
  private final FileSystemBlobStore store;

  FilesHandler(FileSystemBlobStore store) {
    this.store = store;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (!exchange.getRequestMethod().equals(Methods.GET)
        && !exchange.getRequestMethod().equals(Methods.HEAD)) {
      Json.error(exchange, 405, "Method Not Allowed");
      return;
    }
    String key = exchange.getRelativePath().startsWith(PREFIX)
        ? exchange.getRelativePath().substring(PREFIX.length())
        : exchange.getRequestPath().substring(PREFIX.length());
    if (exchange.isInIoThread()) {
      exchange.dispatch(this); // file system calls block
      return;
    }
    // Links are resolved: one placed in the store that leads out of it is not found. Nothing
    // about the file system is said either way.
    Optional<Path> found = store.existingFile(key);
    if (found.isEmpty()) {
      Json.error(exchange, 404, "Not Found");
      return;
    }
    Path file = found.get();
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType(key));
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL,
        key.endsWith(".json") ? "no-cache" : "public, max-age=31536000, immutable");
    long size = Files.size(file);
    exchange.setResponseContentLength(size);
    if (exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.endExchange();
      return;
    }
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    exchange.getResponseSender().transferFrom(channel, new io.undertow.io.IoCallback() {
      @Override
      public void onComplete(HttpServerExchange ex, io.undertow.io.Sender sender) {
        closeQuietly(channel);
        io.undertow.io.IoCallback.END_EXCHANGE.onComplete(ex, sender);
      }

      @Override
      public void onException(HttpServerExchange ex, io.undertow.io.Sender sender,
          java.io.IOException e) {
        closeQuietly(channel);
        io.undertow.io.IoCallback.END_EXCHANGE.onException(ex, sender, e);
      }
    });
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (java.io.IOException ignored) {
      // nothing to do
    }
  }

  static String contentType(String key) {
    if (key.endsWith(".webp")) {
      return "image/webp";
    }
    if (key.endsWith(".json")) {
      return "application/json";
    }
    return "application/octet-stream";
  }
}
