package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.testing.BadFiles;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a damaged video's result says about the damage it could and could not see. */
class DamageReportTest {
  private static final int W = 320;
  private static final int H = 180;

  @TempDir static Path dir;
  /**
   * Slide A for 14 s, then B; keyframes every 2 s. The frame at 5.3 s (no keyframe, inside a
   * still stretch) and the keyframe at 10 s are damaged.
   */
  static Path damagedInStillStretch;
  /**
   * A screen recording with one keyframe, at the start: A for 4 s, B, C. The frame that draws B
   * (4 s) is damaged, and no keyframe follows.
   */
  static Path oneKeyframe;

  @BeforeAll
  static void write() throws IOException {
    Path clean = LectureVideo.builder(W, H, 10).gop(20).codec(LectureVideo.Codec.MPEG4)
        .slide(Slides.bullets(W, H, 1, "A", 4), 14)
        .slide(Slides.bullets(W, H, 2, "B", 3), 8)
        .write(dir.resolve("clean.mp4"));
    damagedInStillStretch = BadFiles.damagedKeyframe(
        BadFiles.damagedFrame(clean, dir.resolve("frame.mp4"), 5.3),
        dir.resolve("frame-and-keyframe.mp4"), 10.0);
    Path recording = LectureVideo.builder(W, H, 10).gop(100_000)
        .slide(Slides.bullets(W, H, 1, "A", 3), 4)
        .slide(Slides.bullets(W, H, 2, "B", 4), 6)
        .slide(Slides.bullets(W, H, 3, "C", 2), 6)
        .write(dir.resolve("recording.mp4"));
    oneKeyframe = BadFiles.damagedFrame(recording, dir.resolve("one-keyframe.mp4"), 4.0);
  }

  private static ExtractionResult extract(Path video, SamplingOptions sampling)
      throws Exception {
    return SlideExtractor.create(new InMemoryBlobStore(),
        ExtractionOptions.builder().sampling(sampling).build()).extract("video", video);
  }

  /**
   * Skipping the still stretches never decodes the frame at 5.3 s: its error cannot be counted,
   * and the warning says that the errors it lists are not necessarily all. Decoding every frame
   * counts both and says nothing of the kind.
   */
  @Test
  void damageInAStretchNotDecodedIsNotClaimedAbsent() throws Exception {
    ExtractionResult full = extract(damagedInStillStretch,
        SamplingOptions.builder().skipStillStretches(false).build());
    assertEquals(1, full.warnings().size(), full.warnings().toString());
    String all = full.warnings().get(0);
    assertTrue(all.contains("5.3 s") && all.contains("10.0 s"), all);
    assertFalse(all.contains("could not be seen"), all);

    ExtractionResult skipping = extract(damagedInStillStretch,
        SamplingOptions.builder().skipStillStretches(true).build());
    assertEquals(1, skipping.warnings().size(), skipping.warnings().toString());
    String seen = skipping.warnings().get(0);
    assertFalse(seen.contains("5.3 s"), "the frame at 5.3 s is not decoded: " + seen);
    assertTrue(seen.contains("10.0 s"), seen);
    assertTrue(seen.matches(".*; \\d+ seconds of the video were read from keyframes without"
        + " decoding the frames between, so damage there could not be seen"), seen);
    // The slides are the same either way.
    assertEquals(full.segments().size(), skipping.segments().size(), skipping.segments() + "");
  }

  /**
   * One bad packet with no keyframe after it leaves nothing after it trusted: the slides after
   * it are lost (a bound would publish broken blocks: they never heal in a recording without
   * keyframes), and the warning says why so much could not be analysed.
   */
  @Test
  void damageWithNoKeyframeAfterItSaysWhyTheRestIsLost() throws Exception {
    for (SamplingOptions sampling : List.of(
        SamplingOptions.builder().skipStillStretches(false).build(),
        SamplingOptions.builder().decoders(2).decoderThreads(1).skipStillStretches(true).build())) {
      ExtractionResult result = extract(oneKeyframe, sampling);
      assertEquals(1, result.slideCount(), sampling + ": " + result.segments());
      assertEquals(1, result.warnings().size(), sampling + ": " + result.warnings());
      String warning = result.warnings().get(0);
      assertTrue(warning.startsWith("the video is damaged: 1 decode error at 4.0 s, 48 of 64"
          + " frames could not be analysed; no clean keyframe followed the damage, so nothing"
          + " after 4.0 s could be trusted"), sampling + ": " + warning);
    }
  }
}
