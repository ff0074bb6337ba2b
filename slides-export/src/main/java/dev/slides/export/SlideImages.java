package dev.slides.export;

import dev.slides.BlobStore;
import dev.slides.export.internal.DirectoryImages;
import dev.slides.export.internal.UrlImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a deck's slide images are read from. Asked only for stored frames: a duplicate's image
 * is read through the frame it repeats ({@link SlideDeck#original}).
 *
 * <pre>{@code
 * SlideImages local = SlideImages.directory(Path.of("out"));     // out/slides/{id}/{frame_id}
 * SlideImages remote = SlideImages.urls();                         // each frame's manifest URL
 * SlideImages stored = SlideImages.store(blobStore);               // read back from the store
 * SlideImages memory = frame -> Optional.ofNullable(myMap.get(frame.key()));
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface SlideImages {
  /**
   * The image bytes stored for {@code frame} (BlobStore key {@link SlideDeck.Frame#key()}), or
   * empty when there are none.
   *
   * @throws IOException when the source cannot be read
   */
  Optional<byte[]> read(SlideDeck.Frame frame) throws IOException;

  /** A short description for errors and logs ({@code "directory out"}), without secrets. */
  default String describe() {
    return "the image source";
  }

  /**
   * Images in a directory laid out as {@code slides extract} and the file-system BlobStore write
   * it: key {@code slides/talk/1-first.webp} is the file
   * {@code directory/slides/talk/1-first.webp}.
   * Keys that would leave the directory are refused.
   */
  static SlideImages directory(Path directory) {
    return new DirectoryImages(directory);
  }

  /**
   * Images read back from the store the result was published to ({@link BlobStore#read}): works
   * for private objects (S3 without a public URL) too.
   */
  static SlideImages store(BlobStore store) {
    java.util.Objects.requireNonNull(store, "store");
    return new SlideImages() {
      @Override
      public Optional<byte[]> read(SlideDeck.Frame frame) throws IOException {
        return store.read(frame.key());
      }

      @Override
      public String describe() {
        return store.describe();
      }
    };
  }

  /**
   * Images read from each frame's {@code url} in the manifest: {@code http}, {@code https} or
   * {@code file} URLs, at most 64 MiB each, 30 s to connect and 60 s to read. Use it with
   * manifests you trust (your own store's): it fetches whatever the manifest points at.
   */
  static SlideImages urls() {
    return UrlImages.create();
  }
}
