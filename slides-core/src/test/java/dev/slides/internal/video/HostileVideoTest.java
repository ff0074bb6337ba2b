package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.SamplingOptions;
import dev.slides.testing.BadFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files made to hurt the server that reads them, as a fuzzing campaign found them: whatever
 * their header says, what FFmpeg is asked to decode stays within the limits checked on opening.
 */
class HostileVideoTest {
  @TempDir Path dir;

  @Test
  void picturesGrowingBeyond8kMidStreamAreNotDecoded() throws IOException {
    // Header and first seconds say 320x180; the check on opening passes. Then come frames of
    // 8192x4328 (53 MB each decoded, several in flight): 250 KB of H.264 with 8192x8192 frames
    // hidden so took the extractor to 550 MB resident at -Xmx256m, native memory no heap limit
    // bounds, and more pixels take more.
    Path bomb = BadFiles.framesGrowingTo(dir.resolve("grows.ts"), 8192, 4328, 6);
    try (VideoDecoder decoder = VideoDecoder.open(bomb, SamplingOptions.defaults(), 1)) {
      int small = 0;
      AVFrame frame;
      while ((frame = decoder.next()) != null) {
        assertTrue((long) frame.width() * frame.height() <= VideoDecoder.MAX_PIXELS,
            "a " + frame.width() + "x" + frame.height() + " picture was decoded");
        small++;
      }
      assertTrue(small > 0, "the small pictures before are decoded");
      assertFalse(decoder.damage().isEmpty(), "the refused pictures count as damage");
    }
  }
}
