package dev.slides.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlobKeysTest {
  @Test
  void buildsTheContractKeys() {
    assertEquals("manifests/abc_-1.json", BlobKeys.manifest("abc_-1"));
    assertEquals("slides/abc/1-first.webp", BlobKeys.slideFrame("abc", "1-first.webp"));
  }

  @Test
  void rejectsHostileIdsAndKeys() {
    for (String id : List.of("../x", "a/b", "", "a.b", "x".repeat(65), "é", "a\nb")) {
      assertFalse(BlobKeys.isValidVideoId(id), id);
      assertThrows(IllegalArgumentException.class, () -> BlobKeys.manifest(id));
    }
    assertTrue(BlobKeys.isValidVideoId("dQw4w9WgXcQ"));
    for (String key : List.of("../x", "/abs", "a//b", "a/./b", "a/../b", "a\\b", "a/b/", "",
        "sp ace", "x".repeat(951))) {
      assertThrows(IllegalArgumentException.class, () -> BlobKeys.requireValid(key), key);
    }
    assertEquals("slides/a/1-first.webp", BlobKeys.requireValid("slides/a/1-first.webp"));
  }

  @Test
  void aPrefixIsEmptyOrTheStartOfAValidKey() {
    for (String prefix : List.of("", "slides/", "slides/a/", "slides/a", "m", "x".repeat(950))) {
      assertEquals(prefix, BlobKeys.requireValidPrefix(prefix));
    }
    for (String prefix : List.of("/", "../", "/abs", "a//", "a/./", "a\\b", "sp ace",
        "x".repeat(951))) {
      assertThrows(IllegalArgumentException.class, () -> BlobKeys.requireValidPrefix(prefix),
          prefix);
    }
    assertThrows(IllegalArgumentException.class, () -> BlobKeys.requireValidPrefix(null));
  }
}
