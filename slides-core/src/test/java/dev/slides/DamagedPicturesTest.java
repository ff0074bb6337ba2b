package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.internal.video.VideoFrame;
import dev.slides.internal.video.VideoFrames;
import dev.slides.testing.BadFiles;
import dev.slides.testing.DecodedImage;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A video whose keyframe at 6 s is damaged: FFmpeg decodes it with errors and patches the rest
 * up (smeared, broken blocks), and every frame predicted from it up to the next keyframe (8 s)
 * carries those on unmarked. None of those pictures is analysed or published, and the stretch
 * is no slide of its own: a slide shown on both sides of it stays one slide, and one that ends
 * inside it ends where the damage began. Every decoding path (one decoder, several, skipping
 * still stretches or not) reads the same.
 */
class DamagedPicturesTest {
  private static final int W = 320;
  private static final int H = 180;

  @TempDir static Path dir;
  /** Slide A for 14 s, then B for 8 s; keyframes every 2 s. */
  static Path clean;
  static Path damaged;
  /**
   * Slide A for 7 s, then B for 9 s, damaged from 6 s. The encoder starts B with an intra
   * picture at the cut (7 s) that is no keyframe (what follows may still refer to pictures
   * before it), so the pictures are trusted again from the keyframe at 8 s.
   */
  static Path cleanChange;
  static Path changed;

  @BeforeAll
  static void write() throws IOException {
    clean = LectureVideo.builder(W, H, 10).gop(20)
        .slide(Slides.bullets(W, H, 1, "A", 4), 14)
        .slide(Slides.bullets(W, H, 2, "B", 3), 8)
        .write(dir.resolve("clean.mp4"));
    damaged = BadFiles.damagedKeyframe(clean, dir.resolve("damaged.mp4"), 6.0);
    cleanChange = LectureVideo.builder(W, H, 10).gop(20)
        .slide(Slides.bullets(W, H, 1, "A", 4), 7)
        .slide(Slides.bullets(W, H, 2, "B", 3), 9)
        .write(dir.resolve("clean-change.mp4"));
    changed = BadFiles.damagedKeyframe(cleanChange, dir.resolve("changed.mp4"), 6.0);
  }

  /** One decoder, several, and each with and without skipping still stretches. */
  static List<SamplingOptions> paths() {
    SamplingOptions one = SamplingOptions.builder().decoders(1).decoderThreads(0).build();
    SamplingOptions two = SamplingOptions.builder().decoders(2).decoderThreads(1).build();
    return List.of(one.toBuilder().skipStillStretches(false).build(),
        two.toBuilder().skipStillStretches(false).build(),
        two.toBuilder().skipStillStretches(true).build(),
        one.toBuilder().skipStillStretches(true).build());
  }

  @Test
  void everyPictureFromTheDamagedKeyframeToTheNextIsMarked() throws IOException {
    for (SamplingOptions sampling : paths()) {
      int marked = 0;
      try (VideoFrames frames = VideoFrames.open(damaged, sampling)) {
        VideoFrame frame;
        while ((frame = frames.next()) != null) {
          boolean inside = frame.time() >= 6.0 - 1e-6 && frame.time() < 8.0 - 1e-6;
          assertEquals(inside, frame.damaged(), sampling + ": sample at " + frame.time());
          marked += frame.damaged() ? 1 : 0;
        }
        assertFalse(frames.damage().isEmpty(), sampling + ": the damage is reported");
      }
      assertTrue(marked >= 6, sampling + ": " + marked + " samples marked");
    }
  }

  @Test
  void aSlideShownOnBothSidesOfTheDamageStaysOneSlideWithCleanImages() throws Exception {
    InMemoryBlobStore cleanStore = new InMemoryBlobStore();
    SlideExtractor.create(cleanStore).extract("clean", clean);
    List<DecodedImage> slides = images(cleanStore);
    for (SamplingOptions sampling : paths()) {
      InMemoryBlobStore store = new InMemoryBlobStore();
      ExtractionResult result = SlideExtractor.create(store,
          ExtractionOptions.builder().sampling(sampling).build()).extract("dmg", damaged);
      List<SlideSegment> statics = result.segments().stream()
          .filter(SlideSegment::isStatic).toList();
      assertEquals(2, statics.size(), sampling + ": " + result.segments());
      assertEquals(0, statics.get(0).startTime(), 0.3, sampling + ": " + result.segments());
      assertEquals(14, statics.get(0).endTime(), 0.3, sampling + ": " + result.segments());
      assertEquals(14, statics.get(1).startTime(), 0.3, sampling + ": " + result.segments());
      assertEquals(1, result.warnings().size(), sampling + ": the damage is still reported");
      assertTrue(result.warnings().get(0).contains("decode error"), result.warnings().get(0));
      for (DecodedImage image : images(store)) {
        assertCleanSlide(image, slides, sampling.toString());
      }
    }
  }

  @Test
  void aSlideThatEndsInsideTheDamageEndsWhereItBegan() throws Exception {
    InMemoryBlobStore cleanStore = new InMemoryBlobStore();
    SlideExtractor.create(cleanStore).extract("clean", cleanChange);
    List<DecodedImage> slides = images(cleanStore);
    for (SamplingOptions sampling : paths()) {
      InMemoryBlobStore store = new InMemoryBlobStore();
      ExtractionResult result = SlideExtractor.create(store,
          ExtractionOptions.builder().sampling(sampling).build()).extract("changed", changed);
      List<SlideSegment> statics = result.segments().stream()
          .filter(SlideSegment::isStatic).toList();
      String segments = sampling + ": " + result.segments();
      assertEquals(2, statics.size(), segments);
      // A was last seen clean before 6 s; B starts at a clean picture, 7 s at the earliest.
      assertEquals(6, statics.get(0).endTime(), 0.3, segments);
      double b = statics.get(1).startTime();
      assertTrue(b > 7 - 0.3 && b < 8 + 0.3, segments);
      for (DecodedImage image : images(store)) {
        assertCleanSlide(image, slides, sampling.toString());
      }
    }
  }

  /** The published images of a run, slide by slide. */
  private static List<DecodedImage> images(InMemoryBlobStore store) throws IOException {
    List<DecodedImage> out = new ArrayList<>();
    for (Map.Entry<String, InMemoryBlobStore.Blob> e : store.contents().entrySet()) {
      if (e.getKey().endsWith(".webp")) {
        out.add(DecodedImage.decode(e.getValue().content()));
      }
    }
    assertFalse(out.isEmpty(), "images were published");
    return out;
  }

  /** {@code image} shows one of the clean video's slides: no broken block anywhere. */
  private static void assertCleanSlide(DecodedImage image, List<DecodedImage> slides,
      String context) {
    double best = Double.MAX_VALUE;
    for (DecodedImage slide : slides) {
      best = Math.min(best, meanDifference(image, slide));
    }
    assertTrue(best < 2.0, context + ": an image differs from every clean slide by " + best
        + " grey levels on average");
  }

  private static double meanDifference(DecodedImage a, DecodedImage b) {
    assertEquals(a.width, b.width);
    long sum = 0;
    for (int y = 0; y < a.height; y++) {
      for (int x = 0; x < a.width; x++) {
        int[] p = a.rgb(x, y);
        int[] q = b.rgb(x, y);
        for (int i = 0; i < 3; i++) {
          sum += Math.abs(p[i] - q[i]);
        }
      }
    }
    return (double) sum / (3L * a.width * a.height);
  }
}
