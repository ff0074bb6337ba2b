package dev.slides.internal.extract;

import dev.slides.BlobStore;
import dev.slides.FileSystemBlobStore;
import dev.slides.internal.store.BlobKeys;
import dev.slides.internal.text.Quantity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the slide images of an id that the manifest in the store does not name: the one place
 * that does, for every store. A run calls it once its own manifest is in (the earlier run's
 * images it no longer names), or once it failed or was cancelled and the store holds the earlier
 * result, or none, again (the images it wrote that are not the earlier ones).
 *
 * <p>Which keys may hold such images comes from the run: those the earlier manifest named and
 * those the run wrote. A store in a folder can also be listed, so there the images nobody knows
 * of any more (a run killed before it could clean up) go as well; other stores are not listed.
 *
 * <p>Removing is safe at these points because only the run that owns the job writes the id's
 * keys (a run restarted or taken over elsewhere is fenced out, and a next run of the id starts
 * only after this one ended, but for a cancel followed at once by a new submission, which the run
 * checks for before it cleans up): nothing can name an image removed here. A failure to remove never
 * fails the run: the log names the keys left.
 */
final class UnnamedImages {
  private static final Logger log = LoggerFactory.getLogger(UnnamedImages.class);
  private UnnamedImages() {}

  /**
   * Removes each of {@code candidates} (and, in a folder store, each image file of the id) that
   * {@code named} does not hold. Goes on past a key that cannot be removed.
   *
   * @param named the image keys the manifest in the store names (none when there is none)
   * @return what was left and why, in words, for the result's warnings; empty when nothing was
   */
  static Optional<String> remove(BlobStore store, String videoId, Set<String> candidates,
      Set<String> named) {
    Set<String> unnamed = new TreeSet<>(candidates);
    unnamed.addAll(imagesInFolder(store, videoId));
    unnamed.removeAll(named);
    if (unnamed.isEmpty()) {
      return Optional.empty();
    }
    List<String> failed = new ArrayList<>();
    String reason = null;
    for (String key : unnamed) {
      try {
        store.delete(key);
      } catch (UnsupportedOperationException e) {
        log.warn("Job {}: {} cannot remove objects; the images {} stay, named by no manifest",
            videoId, store.describe(), unnamed);
        return Optional.of("the store cannot remove objects, so images named by no manifest stay: "
            + String.join(", ", unnamed));
      } catch (IOException | RuntimeException e) {
        failed.add(key);
        reason = reason == null ? e.getMessage() : reason;
      }
    }
    if (!failed.isEmpty()) {
      log.warn("Job {}: cannot remove {} of the {} images no manifest names from {}: {} ({})",
          videoId, failed.size(), unnamed.size(), store.describe(), failed, reason);
      return Optional.of("images named by no manifest could not be removed: "
          + String.join(", ", failed) + " (" + reason + ")");
    }
    log.info("Job {}: removed {} no manifest names from {}", videoId,
        Quantity.of(unnamed.size(), "image"),
        store.describe());
    return Optional.empty();
  }

  /** The keys of the image files in the id's folder, when the store is a folder. */
  private static Set<String> imagesInFolder(BlobStore store, String videoId) {
    Set<String> keys = new TreeSet<>();
    if (!(store instanceof FileSystemBlobStore files)) {
      return keys;
    }
    String prefix = BlobKeys.slideFrame(videoId, "");
    Path folder;
    try {
      folder = files.resolve(prefix.substring(0, prefix.length() - 1));
    } catch (IllegalArgumentException e) {
      return keys; // a link out of the store: nothing of the store's to list there
    }
    if (!Files.isDirectory(folder)) {
      return keys;
    }
    try (Stream<Path> listed = Files.list(folder)) {
      // Only names the library writes: anything else in the folder was put there by someone.
      listed.map(p -> p.getFileName().toString()).filter(BlobKeys::isSlideFrameId)
          .forEach(name -> keys.add(prefix + name));
    } catch (IOException | UncheckedIOException e) {
      log.warn("Job {}: cannot list the images in {} of {}: {}", videoId, prefix,
          store.describe(), e.getMessage());
    }
    return keys;
  }
}
