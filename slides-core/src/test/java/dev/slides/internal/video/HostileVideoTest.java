package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.ExtractionOptions;
import dev.slides.ExtractionResult;
import dev.slides.InMemoryBlobStore;
import dev.slides.SamplingOptions;
import dev.slides.SlideExtractor;
import dev.slides.testing.BadFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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

  @Test
  void picturesThatChangeSizeMidStreamAreAnalysedAsOneVideo() throws Exception {
    // A browser's recording of a window that was resized: the analysis compared a 320x180
    // sample with a 320x240 one and failed the job as an internal error ("the decoder failed
    // unexpectedly" when skipping still stretches).
    Path video = BadFiles.pictureSizeChanges(dir.resolve("resized.ts"), 320, 180, 640, 480, 4);
    for (SamplingOptions sampling : List.of(
        SamplingOptions.builder().skipStillStretches(false).build(),
        SamplingOptions.builder().decoders(2).decoderThreads(1).build(),
        SamplingOptions.builder().decoders(1).build())) {
      ExtractionResult result = SlideExtractor.create(new InMemoryBlobStore(),
          ExtractionOptions.builder().sampling(sampling).build()).extract("resized", video);
      assertEquals(2, result.slideCount(), sampling + ": " + result.segments());
      assertEquals(List.of(), result.warnings(), sampling.toString());
    }
  }
}
