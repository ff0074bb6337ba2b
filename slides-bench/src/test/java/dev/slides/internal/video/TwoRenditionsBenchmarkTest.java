package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TwoRenditionsBenchmarkTest {
  /** Renditions are cached beside their source: one source's must not stand in for another's. */
  @Test
  void renditionsAreNamedAfterTheirSource() {
    Path tenMinutes = Path.of("target", "lecture-1080p-10min-youtube.mp4");
    Path oneMinute = Path.of("target", "lecture-1080p-1min-youtube.mp4");
    assertNotEquals(TwoRenditionsBenchmark.derived(tenMinutes, "360p"),
        TwoRenditionsBenchmark.derived(oneMinute, "360p"));
    assertEquals(tenMinutes.toAbsolutePath().resolveSibling(
        "lecture-1080p-10min-youtube-rendition-360p.mp4"),
        TwoRenditionsBenchmark.derived(tenMinutes, "360p"));
  }
}
