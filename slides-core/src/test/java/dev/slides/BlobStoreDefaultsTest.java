package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The default methods of {@link BlobStore}, as a store written outside the project gets them. */
class BlobStoreDefaultsTest {
  /** A store that only puts and removes, and fails the removal of the key it is told. */
  private static final class RemovingStore implements BlobStore {
    final List<String> asked = new ArrayList<>();
    final String failing;
    final IOException failure;

    RemovingStore(String failing, IOException failure) {
      this.failing = failing;
      this.failure = failure;
    }

    @Override
    public String put(String key, byte[] content, String contentType) {
      return key;
    }

    @Override
    public Optional<String> find(String key) {
      return Optional.empty();
    }

    @Override
    public void delete(String key) throws IOException {
      asked.add(key);
      if (key.equals(failing)) {
        throw failure;
      }
    }

    @Override
    public String describe() {
      return "write-only test store";
    }
  }

  @Test
  void aStoreThatCannotReadBackSaysSoInPlainWords() {
    BlobStore writeOnly = new RemovingStore("", null);
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> writeOnly.read("manifests/x.json"));
    assertTrue(e.getMessage().contains("write-only test store cannot read objects back"),
        e.getMessage());
  }

  /**
   * A store written inline, as an anonymous class, has no simple name: what it says still names
   * it, rather than read " cannot read objects back" (and "Job a:  cannot remove objects" in
   * the log).
   */
  @Test
  void anAnonymousStoreIsNamedInWhatItSays() {
    BlobStore inline = new BlobStore() {
      @Override
      public String put(String key, byte[] content, String contentType) {
        return key;
      }

      @Override
      public Optional<String> find(String key) {
        return Optional.empty();
      }
    };
    assertEquals(inline.getClass().getName(), inline.describe());
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> inline.read("manifests/x.json"));
    assertEquals(inline.getClass().getName() + " cannot read objects back", e.getMessage());
  }

  @Test
  void deleteAllGoesOnPastAKeyThatFailsAndNamesIt() {
    RemovingStore store = new RemovingStore("b", new IOException("disk is read-only"));
    BlobStore.NotRemovedException e = assertThrows(BlobStore.NotRemovedException.class,
        () -> store.deleteAll(List.of("a", "b", "c")));
    assertEquals(List.of("a", "b", "c"), store.asked);
    assertEquals(List.of("b"), e.keys());
    assertEquals("disk is read-only", e.reason());
  }

  @Test
  void deleteAllStopsAtOnceWhenItsThreadIsInterrupted() {
    // A cancelled run's clean-up must end, not go through every key and report them as failed.
    InterruptedIOException interrupted = new InterruptedIOException("interrupted");
    RemovingStore store = new RemovingStore("a", interrupted);
    InterruptedIOException e = assertThrows(InterruptedIOException.class,
        () -> store.deleteAll(List.of("a", "b", "c")));
    assertEquals(interrupted, e);
    assertEquals(List.of("a"), store.asked);
  }
}
