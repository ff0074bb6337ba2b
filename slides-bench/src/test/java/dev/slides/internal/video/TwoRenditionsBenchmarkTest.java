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

  /** A wrong command line is named before the usage, not only answered with it. */
  @Test
  void aWrongCommandLineIsNamed() {
    assertEquals("Unknown option --bogus",
        TwoRenditionsBenchmark.argumentError(new String[] {"--bogus"}));
    assertEquals("One VIDEO at most, got 2 arguments",
        TwoRenditionsBenchmark.argumentError(new String[] {"a.mp4", "b.mp4"}));
  }
}
