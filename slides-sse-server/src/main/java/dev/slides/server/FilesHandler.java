package dev.slides.server;

import dev.slides.FileSystemBlobStore;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.ETag;
import io.undertow.util.Headers;
import io.undertow.util.MimeMappings;
import io.undertow.util.PathTemplateMatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Serves the local store read-only under {@code /files/{key}} through Undertow's own
 * {@link ResourceHandler}: {@code Range} requests (206, 416), {@code ETag} and
 * {@code Last-Modified} with their conditional requests (304). Before Undertow sees a key, the
 * store checks it: keys are validated, symbolic links resolved and kept inside the store, and
 * anything else answers 404, saying nothing about the file system. No listing; content type from
 * the extension.
 */
final class FilesHandler implements HttpHandler {
  static final String PREFIX = "/files/";
  private final FileSystemBlobStore store;
  private final ResourceHandler resources;

  FilesHandler(FileSystemBlobStore store) throws IOException {
    this.store = store;
    Files.createDirectories(store.root()); // Undertow resolves its base once, at the start
    this.resources = new ResourceHandler(PathResourceManager.builder()
        .setBase(store.root())
        .setFollowLinks(false)
        .setETagFunction(FilesHandler::etag)
        .build(), exchange -> Json.error(exchange, 404, "Not Found"))
        .setDirectoryListingEnabled(false)
        .setWelcomeFiles()
        .setMimeMappings(MimeMappings.builder(false)
            .addMapping("webp", "image/webp")
            .addMapping("json", "application/json")
            .build());
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this); // file system calls block
      return;
    }
    PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
    String key = match != null && match.getParameters().containsKey("*")
        ? match.getParameters().get("*")
        : exchange.getRequestPath().substring(PREFIX.length());
    // Links are resolved: one placed in the store that leads out of it is not found.
    if (store.existingFile(key).isEmpty()) {
      Json.error(exchange, 404, "Not Found");
      return;
    }
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL,
        key.endsWith(".json") ? "no-cache" : "public, max-age=31536000, immutable");
    exchange.setRelativePath("/" + key);
    resources.handleRequest(exchange);
  }

  /**
   * Size and modification time: a key's bytes are replaced whole by a new file (a rename), so a
   * change of either means new content.
   */
  private static ETag etag(Path file) {
    try {
      BasicFileAttributes a =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      long modified = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
      return new ETag(false, Long.toHexString(a.size()) + "-" + Long.toHexString(modified));
    } catch (IOException e) {
      return null; // gone meanwhile: the resource handler answers 404 anyway
    }
  }
}
