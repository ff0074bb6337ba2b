package dev.slides.internal.extract;

import dev.slides.BlobStore;
import dev.slides.internal.store.BlobKeys;
import dev.slides.internal.store.FileErrors;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The result an earlier run published under the same id, as far as this run overwrites it.
 *
 * <p>Image keys are fixed ({@code slides/{id}/{n}-{first|last}.webp}), so a run again for an id
 * that has a manifest replaces the earlier images in place while the earlier manifest still
 * names them. Each image is read back just before it is overwritten and kept in a folder of the
 * spool; should the run fail or be cancelled before its own manifest is in place,
 * {@link #restore} writes them back (and the earlier manifest, in case the run's own went in
 * after all), so the manifest in the store names the images of one run again, not a mix.
 *
 * <p>Thread-safe: the upload threads {@link #save} at once, each its own keys.
 */
final class EarlierResult {
  private static final Logger log = LoggerFactory.getLogger(EarlierResult.class);

  private final BlobStore store;
  private final String videoId;
  /** The earlier manifest; null when there is none (nothing to keep whole). */
  private final byte[] manifest;
  private final Path folder;
  /** Keys this run began to write, with the earlier image (null: there was none). */
  private final Map<String, Optional<Path>> touched = new ConcurrentHashMap<>();

  private EarlierResult(BlobStore store, String videoId, byte[] manifest, Path folder) {
    this.store = store;
    this.videoId = videoId;
    this.manifest = manifest;
    this.folder = folder;
  }

  /**
   * Reads the manifest an earlier run left for {@code videoId}; the images are read later, one
   * by one, by {@link #save}.
   *
   * @param folder where the earlier images are kept until the run ends (made when needed)
   * @throws IOException when the store cannot be read: better to fail before the first write
   *     than to overwrite what cannot be put back
   */
  static EarlierResult find(BlobStore store, String videoId, Path folder) throws IOException {
    String key = BlobKeys.manifest(videoId);
    byte[] manifest;
    try {
      manifest = store.read(key).orElse(null);
    } catch (UnsupportedOperationException e) {
      // A store that only publishes: it cannot give the images back either.
      if (store.find(key).isPresent()) {
        log.warn("Job {}: {} cannot read objects back; should this run fail, the earlier"
            + " manifest {} may name some of its images", videoId, store.describe(), key);
      }
      manifest = null;
    }
    return new EarlierResult(store, videoId, manifest, folder);
  }

  /** True when an earlier run's manifest is in the store. */
  boolean exists() {
    return manifest != null;
  }

  /**
   * Keeps what {@code key} holds before this run writes it: call just before the write, once a
   * key. Does nothing when there is no earlier manifest to keep whole.
   *
   * @throws IOException when the earlier image cannot be read or kept: the key is not written
   */
  void save(String key) throws IOException {
    if (manifest == null) {
      return;
    }
    Optional<byte[]> earlier = store.read(key);
    Optional<Path> kept = Optional.empty();
    if (earlier.isPresent()) {
      Path file = folder.resolve(key.substring(key.lastIndexOf('/') + 1));
      try {
        Files.createDirectories(folder);
        Files.write(file, earlier.get());
      } catch (FileSystemException e) {
        // The spool's path is no business of the user's; the reason (disk full) is.
        String reason = FileErrors.reason(e);
        reason = reason != null ? reason : "the spool cannot be written";
        throw new IOException("Cannot keep the earlier image " + key + " while it is replaced: "
            + reason, e);
      }
      kept = Optional.of(file);
    }
    touched.put(key, kept);
  }

  /**
   * Writes back the earlier images of every key this run began to write, then the earlier
   * manifest (the run's own may have been written even if the store then failed). Keys that had
   * no earlier image keep this run's bytes: no manifest names them. Goes on past a key that
   * cannot be written and logs it. Call once no write of this run can still be under way.
   *
   * @return true when the earlier result is whole again (or there was none)
   */
  boolean restore(boolean manifestWritten) {
    if (manifest == null || (touched.isEmpty() && !manifestWritten)) {
      return true;
    }
    List<String> failed = new ArrayList<>();
    int restored = 0;
    for (Map.Entry<String, Optional<Path>> e : touched.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      try {
        store.put(e.getKey(), Files.readAllBytes(e.getValue().get()), "image/webp");
        restored++;
      } catch (IOException | RuntimeException ex) {
        log.error("Job {}: cannot put back the earlier image {}: {}", videoId, e.getKey(),
            ex.getMessage());
        failed.add(e.getKey());
      }
    }
    if (manifestWritten) {
      String key = BlobKeys.manifest(videoId);
      try {
        store.put(key, manifest, "application/json");
      } catch (IOException | RuntimeException ex) {
        log.error("Job {}: cannot put back the earlier manifest {}: {}", videoId, key,
            ex.getMessage());
        failed.add(key);
      }
    }
    if (!failed.isEmpty()) {
      log.error("Job {}: the earlier result in {} is not whole again: {} names images of this"
          + " run at {}", videoId, store.describe(), BlobKeys.manifest(videoId), failed);
      return false;
    }
    log.info("Job {}: put back the {} images of the earlier result this run had replaced",
        videoId, restored);
    return true;
  }
}
