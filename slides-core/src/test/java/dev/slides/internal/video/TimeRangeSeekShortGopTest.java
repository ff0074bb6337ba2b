package dev.slides.internal.video;

import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link TimeRangeSeekTest} on a video with a keyframe every 0.7 s: the screening judges the
 * keyframe pairs of each 2 s chunk one by one, and a part must still be handed out as the same
 * samples as the whole, from the chunks around it only.
 */
class TimeRangeSeekShortGopTest extends TimeRangeSeekTest {
  @BeforeAll
  static void write() throws IOException {
    write(7);
  }
}
