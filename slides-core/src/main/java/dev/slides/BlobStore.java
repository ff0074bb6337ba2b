package dev.slides;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where slides and manifests are published: a flat space of keys such as
 * {@code slides/abc/1-first.webp}, each holding bytes with a content type and reachable at a URL.
 *
 * <p>Implementations are thread-safe; {@link #put} of one key replaces it whole (readers see the
 * old or the new bytes, never a mix). A key is a relative path of at most 950 characters whose
 * segments are made of {@code A-Z a-z 0-9 . _ -} (no empty, {@code .} or {@code ..} segment);
 * the stores of this project refuse other keys with an {@link IllegalArgumentException}. The
 * library only writes {@code slides/{id}/{n}-{first|last}.webp} and {@code manifests/{id}.json}.
 * {@link FileSystemBlobStore} and {@link InMemoryBlobStore} are here; S3 and Vercel Blob are the
 * modules {@code slides-blob-s3} and {@code slides-blob-vercel}.
 */
public interface BlobStore {
  /**
   * Stores {@code content} under {@code key}, replacing what was there.
   *
   * @return the URL the object can be read from
   * @throws IOException when the store refuses or cannot be reached; the message names the key
   */
  String put(String key, byte[] content, String contentType) throws IOException;

  /**
   * The URL of {@code key} when it exists and is not empty.
   *
   * @throws IOException when the store cannot be asked
   */
  Optional<String> find(String key) throws IOException;

  /**
   * The bytes stored under {@code key}, or empty when there are none (a missing or empty object,
   * as for {@link #find}). Exports read a result back through it. Every store of this project
   * implements it; the default, for stores that only publish, throws
   * {@link UnsupportedOperationException}.
   *
   * @throws IOException when the store cannot be read; the message names the key
   */
  default Optional<byte[]> read(String key) throws IOException {
    throw new UnsupportedOperationException(describe() + " cannot read objects back");
  }

  /**
   * Removes what {@code key} holds; nothing happens when there is nothing (removing a key twice,
   * or one never written, is no error). The library removes slide images through it that no
   * manifest names: those of an earlier run its new manifest no longer names, and those a failed
   * or cancelled run wrote. Every store of this project implements it; the default, for stores
   * that only publish, throws {@link UnsupportedOperationException}: the library then leaves
   * such images where they are and logs it.
   *
   * @throws IOException when the store refuses or cannot be reached; the message names the key
   */
  default void delete(String key) throws IOException {
    throw new UnsupportedOperationException(describe() + " cannot remove objects");
  }

  /**
   * Removes what each of {@code keys} holds, as {@link #delete} does for one: a key that holds
   * nothing is no error, an empty collection asks nothing of the store. The library removes a
   * run's images no manifest names with one call. Stores that can remove many objects per request
   * do so (S3: DeleteObjects, 1000 keys a request; Vercel Blob: one {@code POST /delete} per 1000
   * URLs), so removing 200 images costs one request, not 200. The default calls {@link #delete}
   * for each key in turn, so a store written without this method removes the same keys.
   *
   * <p>It goes on past a key that cannot be removed and then throws a
   * {@link NotRemovedException} naming every key that may still hold something (a store
   * that sends batches stops at a batch the store refused as a whole, and names the keys of it
   * and of the batches after it).
   *
   * @throws IllegalArgumentException when one of the keys is not valid (the stores of this
   *     project check them all before removing any)
   * @throws UnsupportedOperationException when the store cannot remove objects at all
   * @throws NotRemovedException when some keys could not be removed; the others are gone
   * @throws InterruptedIOException when the thread was interrupted (a cancelled run): the keys
   *     after the one being removed are not asked for
   * @throws IOException when the store cannot be reached or asked; any of the keys may be left
   */
  default void deleteAll(Collection<String> keys) throws IOException {
    List<String> failed = new ArrayList<>();
    String reason = null;
    IOException first = null;
    for (String key : keys) {
      try {
        delete(key);
      } catch (UnsupportedOperationException | InterruptedIOException e) {
        throw e; // a store that cannot remove, or a run cancelled: no key after it is asked
      } catch (IOException e) {
        failed.add(key);
        if (first == null) {
          first = e;
          reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
      }
    }
    if (!failed.isEmpty()) {
      throw new NotRemovedException(failed, reason, first);
    }
  }

  /**
   * Every key that starts with {@code prefix}, at any depth, sorted; empty when there is none.
   * Keys this interface's rules refuse (objects other tools put in the store) are left out, so
   * each key listed can be read or removed. The library lists {@code slides/{id}/} before it
   * removes the images no manifest names: so go also those of a run that was killed before it
   * could clean up, which no run knows of any more. Every store of this project implements it;
   * the default, for stores that only publish, throws {@link UnsupportedOperationException}:
   * the library then removes only the images it knows of.
   *
   * @param prefix the start of the keys: empty, or the start of a valid key such as
   *     {@code slides/abc/}
   * @throws IllegalArgumentException when no valid key can start with {@code prefix}
   * @throws IOException when the store refuses or cannot be reached; the message names the
   *     prefix
   */
  default List<String> list(String prefix) throws IOException {
    throw new UnsupportedOperationException(describe() + " cannot list its keys");
  }

  /**
   * A short description for logs, without secrets ({@code "file:/srv/slides"}, ...). By default
   * the class's simple name, or its full name for an anonymous class (which has no simple name).
   */
  default String describe() {
    String name = getClass().getSimpleName();
    return name.isEmpty() ? getClass().getName() : name;
  }

  /**
   * {@link #deleteAll} could not remove some of the keys it was given: {@link #keys()} names them
   * (they may still hold what they held), {@link #reason()} says why in words, such as
   * "S3 refused to remove slides/a/1-first.webp: AccessDenied" or the message of the first
   * failed call. The other keys are gone.
   */
  class NotRemovedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final List<String> keys;
    private final String reason;

    /**
     * @param keys the keys that may still hold something, not empty
     * @param reason why, in words
     * @param cause what went wrong underneath, for logs; may be null
     */
    public NotRemovedException(List<String> keys, String reason, Throwable cause) {
      super("Cannot remove " + String.join(", ", keys) + " (" + reason + ")", cause);
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("an exception for no key not removed");
      }
      this.keys = List.copyOf(keys);
      this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The keys not removed, in the order they were given. */
    public List<String> keys() {
      return keys;
    }

    /** Why they were not, in words (the first failure when there were several). */
    public String reason() {
      return reason;
    }
  }
}
