package dev.slides.internal.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slides.BlobStore;
import dev.slides.internal.store.BlobKeys;
import dev.slides.internal.store.FileErrors;
import dev.slides.internal.text.Quantity;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * <p>It also knows which image keys that manifest names ({@link #namedImages}) and which keys
 * this run wrote ({@link #written}): what {@link UnnamedImages} may have to remove.
 *
 * <p>Thread-safe: the upload threads {@link #save} at once, each its own keys.
 */
final class EarlierResult {
  private static final Logger log = LoggerFactory.getLogger(EarlierResult.class);

  private final BlobStore store;
  private final String videoId;
  /** The earlier manifest; null when there is none (nothing to keep whole). */
  private final byte[] manifest;
  /**
   * The image keys the earlier manifest names (none without one); null when that is not known:
   * a manifest this store cannot read back, or one that cannot be parsed.
   */
  private final Set<String> named;
  private final Path folder;
  /**
   * Every key this run began to write, with the earlier image kept (empty: there was none, or
   * no earlier manifest to keep whole).
   */
  private final Map<String, Optional<Path>> touched = new ConcurrentHashMap<>();

  private EarlierResult(BlobStore store, String videoId, byte[] manifest, Set<String> named,
      Path folder) {
    this.store = store;
    this.videoId = videoId;
    this.manifest = manifest;
    this.named = named;
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
    Set<String> named;
    try {
      manifest = store.read(key).orElse(null);
      named = manifest == null ? Set.of() : imagesNamedBy(manifest, videoId);
    } catch (UnsupportedOperationException e) {
      // A store that only publishes: it cannot give the images back either.
      named = Set.of();
      if (store.find(key).isPresent()) {
        log.warn("Job {}: {} cannot read objects back; should this run fail, the earlier"
            + " manifest {} may name some of its images", videoId, store.describe(), key);
        named = null;
      }
      manifest = null;
    }
    return new EarlierResult(store, videoId, manifest, named, folder);
  }

  /** Made on first use: most runs find no earlier manifest to read. */
  private static final class Reader {
    static final ObjectMapper JSON = new ObjectMapper();
  }

  /**
   * The keys of the images {@code manifest} names: each stored frame's (a frame shown again
   * names its original's); null when it is not a manifest of {@code videoId} this library can
   * read, so nothing is taken for unnamed by mistake.
   */
  private static Set<String> imagesNamedBy(byte[] manifest, String videoId) {
    JsonNode segments;
    try {
      segments = Reader.JSON.readTree(manifest).path(videoId).path("segments");
    } catch (IOException e) {
      segments = null;
    }
    if (segments == null || !segments.isArray()) {
      log.warn("Job {}: the earlier manifest {} cannot be read as one; its images are left"
          + " where they are", videoId, BlobKeys.manifest(videoId));
      return null;
    }
    Set<String> keys = new HashSet<>();
    for (JsonNode segment : segments) {
      for (String position : List.of("first_frame", "last_frame")) {
        JsonNode frame = segment.path(position);
        String frameId = frame.path("frame_id").asText("");
        if (frame.path("duplicate_of").isObject()) {
          continue;
        }
        if (!BlobKeys.isSlideFrameId(frameId)) {
          if (frame.isObject()) {
            log.warn("Job {}: the earlier manifest {} names a frame {} this library does not"
                + " write; its images are left where they are", videoId,
                BlobKeys.manifest(videoId), frameId);
            return null;
          }
          continue;
        }
        keys.add(BlobKeys.slideFrame(videoId, frameId));
      }
    }
    return keys;
  }

  /** True when an earlier run's manifest is in the store. */
  boolean exists() {
    return manifest != null;
  }

  /**
   * The image keys the earlier manifest names, none when there is none; empty when that is
   * not known (a manifest the store cannot read back or that cannot be parsed).
   */
  Optional<Set<String>> namedImages() {
    return Optional.ofNullable(named);
  }

  /** The keys this run began to write (they may hold its images, or the earlier ones). */
  Set<String> written() {
    return Set.copyOf(touched.keySet());
  }

  /**
   * Keeps what {@code key} holds before this run writes it: call just before the write, once a
   * key. Does nothing when there is no earlier manifest to keep whole.
   *
   * @throws IOException when the earlier image cannot be read or kept: the key is not written
   */
  void save(String key) throws IOException {
    touched.put(key, Optional.empty());
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
   * no earlier image keep this run's bytes: no manifest names them ({@link UnnamedImages}
   * removes them). With no earlier manifest, the run's own, should it have gone in, is removed:
   * the store holds no result of this id again. Goes on past a key that cannot be written and
   * logs it. Call once no write of this run can still be under way.
   *
   * @return true when the store holds the earlier result whole again (or none, when there was
   *     none), so the images it names are {@link #namedImages}
   */
  boolean restore(boolean manifestWritten) {
    if (manifest == null) {
      return !manifestWritten || (named != null && removeOwnManifest());
    }
    if (touched.isEmpty() && !manifestWritten) {
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
    log.info("Job {}: put back the {} of the earlier result this run had replaced", videoId,
        Quantity.of(restored, "image"));
    return true;
  }

  /**
   * Removes the manifest this run may have written when there was no earlier one: its
   * images are about to go, and a manifest naming missing images is worse than none.
   */
  private boolean removeOwnManifest() {
    String key = BlobKeys.manifest(videoId);
    try {
      store.delete(key);
      return true;
    } catch (IOException | RuntimeException e) {
      // Unsupported included: the manifest may be in, and its images stay with it.
      log.warn("Job {}: cannot remove {}, which this failed run may have written: {}; its"
          + " images stay", videoId, key, e.getMessage());
      return false;
    }
  }
}
