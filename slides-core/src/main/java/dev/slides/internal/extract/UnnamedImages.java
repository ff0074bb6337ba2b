package dev.slides.internal.extract;

import dev.slides.BlobStore;
import dev.slides.internal.store.BlobKeys;
import dev.slides.internal.text.Quantity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the slide images of an id that the manifest in the store does not name: the one place
 * that does, for every store. A run calls it once its own manifest is in (the earlier run's
 * images it no longer names), or once it failed or was cancelled and the store holds the earlier
 * result, or none, again (the images it wrote that are not the earlier ones).
 *
 * <p>Which keys may hold such images: those the earlier manifest named, those the run wrote, and
 * those the store lists under the id's folder ({@link BlobStore#list}), so the images nobody
 * knows of any more (those of a run killed before it could clean up) go as well. A store that
 * cannot list, or fails to, still has the keys the run knows of removed.
 *
 * <p>Removing is safe at these points because only the run that owns the job writes the id's
 * keys (a run restarted or taken over elsewhere is fenced out, and a next run of the id starts
 * only after this one ended, but for a cancel followed at once by a new submission, which the run
 * checks for before it cleans up): nothing can name an image removed here, listed or known. A
 * failure to list or remove never fails the run: the log names the keys left.
 */
final class UnnamedImages {
  private static final Logger log = LoggerFactory.getLogger(UnnamedImages.class);
  private UnnamedImages() {}

  /**
   * Removes each of {@code candidates} and of the images the store lists for the id that
   * {@code named} does not hold, with one {@link BlobStore#deleteAll} (one request a batch for
   * stores that remove in batches). Goes on past a key that cannot be removed.
   *
   * @param named the image keys the manifest in the store names (none when there is none)
   * @return what was left and why, in words, for the result's warnings; empty when nothing was
   */
  static List<String> remove(BlobStore store, String videoId, Set<String> candidates,
      Set<String> named) {
    List<String> warnings = new ArrayList<>();
    Set<String> unnamed = new TreeSet<>(candidates);
    listImages(store, videoId).ifPresentOrElse(unnamed::addAll,
        () -> warnings.add("the images of " + videoId + " in the store could not be listed, so"
            + " those of a run that ended without cleaning up may stay"));
    unnamed.removeAll(named);
    if (unnamed.isEmpty()) {
      return warnings;
    }
    try {
      store.deleteAll(unnamed);
    } catch (UnsupportedOperationException e) {
      log.warn("Job {}: {} cannot remove objects; the images {} stay, named by no manifest",
          videoId, store.describe(), unnamed);
      warnings.add("the store cannot remove objects, so images named by no manifest stay: "
          + String.join(", ", unnamed));
      return warnings;
    } catch (BlobStore.NotRemovedException e) {
      return notRemoved(store, videoId, unnamed.size(), e.keys(), e.reason(), warnings);
    } catch (IOException | RuntimeException e) {
      // Not known which went: each may be left.
      return notRemoved(store, videoId, unnamed.size(), List.copyOf(unnamed), e.getMessage(),
          warnings);
    }
    // Not "removed 6 images": the keys are those a run began to write and those listed, and
    // a run whose first writes failed wrote none of them.
    log.info("Job {}: {} no manifest names are gone from {}", videoId,
        Quantity.of(unnamed.size(), "image"), store.describe());
    return warnings;
  }

  private static List<String> notRemoved(BlobStore store, String videoId, int asked,
      List<String> failed, String reason, List<String> warnings) {
    log.warn("Job {}: cannot remove {} of the {} images no manifest names from {}: {} ({})",
        videoId, failed.size(), asked, store.describe(), failed, reason);
    warnings.add("images named by no manifest could not be removed: "
        + String.join(", ", failed) + " (" + reason + ")");
    return warnings;
  }

  /**
   * The keys of the id's images the store lists: only names the library writes, anything else
   * under the id's folder was put there by someone. No keys when the store cannot list (one
   * written without {@link BlobStore#list}: it keeps what nobody knows of); empty when listing
   * failed.
   */
  private static Optional<Set<String>> listImages(BlobStore store, String videoId) {
    String prefix = BlobKeys.slideFrame(videoId, "");
    Set<String> keys = new TreeSet<>();
    try {
      for (String key : store.list(prefix)) {
        if (key.startsWith(prefix) && BlobKeys.isSlideFrameId(key.substring(prefix.length()))) {
          keys.add(key);
        }
      }
      return Optional.of(keys);
    } catch (UnsupportedOperationException e) {
      log.debug("Job {}: {} cannot list its keys; only the images the run knows of go",
          videoId, store.describe());
      return Optional.of(keys);
    } catch (IOException | RuntimeException e) {
      log.warn("Job {}: cannot list the images in {} of {}: {}", videoId, prefix,
          store.describe(), e.getMessage());
      return Optional.empty();
    }
  }
}
