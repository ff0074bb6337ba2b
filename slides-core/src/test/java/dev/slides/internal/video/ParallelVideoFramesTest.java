package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.ExtractionOptions;
import dev.slides.ExtractionResult;
import dev.slides.InMemoryBlobStore;
import dev.slides.SamplingOptions;
import dev.slides.SlideExtractor;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several decoders on keyframe-aligned chunks give exactly the samples and slides of one. */
class ParallelVideoFramesTest {
  @TempDir static Path dir;
  static Path video;

  @BeforeAll
  static void write() throws IOException {
    // 30 s at 10 fps with a keyframe every 23 frames (2.3 s): chunk borders fall between
    // sample times, the hard case for the sampling rule.
    video = LectureVideo.builder(320, 180, 10).gop(23).speakerInset(0.2)
        .slide(Slides.bullets(320, 180, 1, "A", 3), 7)
        .crossfade(1)
        .slide(Slides.bullets(320, 180, 2, "B", 3), 6)
        .motion(4)
        .slide(Slides.dark(320, 180, 3, "C", 2), 7)
        .slide(Slides.bullets(320, 180, 1, "A", 3), 5)
        .write(dir.resolve("chunks.mp4"));
  }

  record Sample(long index, double time, byte[] luma) {}

  static List<Sample> samples(SamplingOptions options) throws IOException {
    return samples(video, options);
  }

  static List<Sample> samples(Path video, SamplingOptions options) throws IOException {
    List<Sample> out = new ArrayList<>();
    try (VideoFrames frames = VideoFrames.open(video, options)) {
      VideoFrame f;
      while ((f = frames.next()) != null) {
        out.add(new Sample(f.index(), f.time(), f.luma().pixels().clone()));
        if (f.index() % 7 == 0) {
          try (Picture p = f.retain()) {
            assertEquals(320, p.width());
          }
        }
      }
    }
    return out;
  }

  @Test
  void samplesAreIdenticalToASingleDecoder() throws IOException {
    SamplingOptions one = SamplingOptions.builder().decoders(1).decoderThreads(1).build();
    for (double rate : new double[] {1.0, 2.0, 1.3}) {
      List<Sample> single = samples(one.toBuilder().samplesPerSecond(rate).build());
      for (int decoders : new int[] {2, 3}) {
        List<Sample> parallel = samples(one.toBuilder().samplesPerSecond(rate)
            .decoders(decoders).decoderThreads(1).build());
        assertEquals(single.size(), parallel.size(), "rate " + rate + ", " + decoders);
        for (int i = 0; i < single.size(); i++) {
          assertEquals(single.get(i).index(), parallel.get(i).index());
          assertEquals(single.get(i).time(), parallel.get(i).time(), 1e-9, "sample " + i);
          assertArrayEquals(single.get(i).luma(), parallel.get(i).luma(), "sample " + i);
        }
      }
    }
  }

  @Test
  void bFrameStreamsGiveTheSameSamplesWithSkippedNonReferenceFrames() throws IOException {
    Path bframes = LectureVideo.builder(320, 180, 10).gop(25).bFrames(2)
        .codec(LectureVideo.Codec.MPEG4).bitrate(300_000)
        .slide(Slides.bullets(320, 180, 1, "A", 3), 6)
        .motion(3)
        .slide(Slides.bullets(320, 180, 2, "B", 3), 6)
        .write(dir.resolve("bframes.mp4"));
    for (boolean skip : new boolean[] {false, true}) {
      SamplingOptions one = SamplingOptions.builder().samplesPerSecond(1)
          .decoders(1).decoderThreads(1).skipNonReferenceFrames(skip).build();
      List<Sample> single = samples(bframes, one);
      List<Sample> parallel = samples(bframes, one.toBuilder().decoders(2).build());
      assertEquals(15, single.size(), "skip " + skip);
      assertEquals(single.size(), parallel.size(), "skip " + skip);
      for (int i = 0; i < single.size(); i++) {
        assertEquals(single.get(i).time(), parallel.get(i).time(), 1e-9, "sample " + i);
        assertArrayEquals(single.get(i).luma(), parallel.get(i).luma(), "sample " + i);
      }
    }
  }

  @Test
  void aLowFrameRateSourceWithBFramesKeepsEverySample() throws IOException {
    // A 1-fps screen recording with B-frames, sampled once a second: every frame is a sample.
    // Skipping its B-frames would move those samples onto the next reference frame, one or two
    // seconds later, and lose the grid points in between.
    Path slow = LectureVideo.builder(320, 180, 1).gop(5).bFrames(2)
        .codec(LectureVideo.Codec.MPEG4).bitrate(200_000)
        .slide(Slides.bullets(320, 180, 1, "A", 3), 10)
        .motion(10)
        .slide(Slides.bullets(320, 180, 2, "B", 3), 10)
        .write(dir.resolve("one-fps.mp4"));
    SamplingOptions one = SamplingOptions.builder().decoders(1).decoderThreads(1)
        .samplesPerSecond(1.0).skipNonReferenceFrames(true).build();
    List<Sample> single = samples(slow, one);
    assertEquals(30, single.size());
    for (int i = 0; i < single.size(); i++) {
      assertEquals(i, single.get(i).time(), 1e-6, "sample " + i + " falls on its own frame");
    }
    for (int decoders : new int[] {2, 3}) {
      List<Sample> parallel = samples(slow, one.toBuilder().decoders(decoders).build());
      assertEquals(single.size(), parallel.size(), decoders + " decoders");
      for (int i = 0; i < single.size(); i++) {
        assertEquals(single.get(i).time(), parallel.get(i).time(), 1e-9, "sample " + i);
        assertArrayEquals(single.get(i).luma(), parallel.get(i).luma(), "sample " + i);
      }
    }
  }

  @Test
  void nonReferenceFramesAreStillSkippedWhereFramesAreToSpare() throws IOException {
    // 10 fps sampled once a second: skipping B-frames saves decoding and loses nothing.
    Path fast = LectureVideo.builder(320, 180, 10).gop(25).bFrames(2)
        .codec(LectureVideo.Codec.MPEG4).bitrate(300_000)
        .slide(Slides.bullets(320, 180, 1, "A", 3), 6)
        .write(dir.resolve("ten-fps.mp4"));
    SamplingOptions skip = SamplingOptions.builder().decoders(1).decoderThreads(1)
        .samplesPerSecond(1.0).skipNonReferenceFrames(true).build();
    try (FfmpegVideoFrames frames = FfmpegVideoFrames.open(fast, skip)) {
      assertTrue(frames.skipsNonReferenceFrames());
    }
    try (FfmpegVideoFrames frames = FfmpegVideoFrames.open(fast,
        skip.toBuilder().samplesPerSecond(5).build())) {
      assertFalse(frames.skipsNonReferenceFrames(), "2 frames per sample: nothing to spare");
    }
    try (FfmpegVideoFrames frames = FfmpegVideoFrames.open(fast,
        skip.toBuilder().skipNonReferenceFrames(false).build())) {
      assertFalse(frames.skipsNonReferenceFrames(), "not asked to skip");
    }
  }

  @Test
  void reallyUsesSeveralDecoders() throws IOException {
    try (VideoFrames frames = VideoFrames.open(video,
        SamplingOptions.builder().decoders(2).decoderThreads(1).build())) {
      assertInstanceOf(ParallelVideoFrames.class, ((HeldFrames) frames).source());
    }
  }

  @Test
  void extractionResultsAreIdentical() throws Exception {
    ExtractionOptions base = ExtractionOptions.defaults();
    ExtractionResult single = SlideExtractor.create(new InMemoryBlobStore(),
        base.toBuilder().sampling(SamplingOptions.builder().decoders(1).build()).build())
        .extract("v", video);
    ExtractionResult parallel = SlideExtractor.create(new InMemoryBlobStore(),
        base.toBuilder().sampling(SamplingOptions.builder().decoders(2).decoderThreads(1).build())
            .build()).extract("v", video);
    assertEquals(single.segments(), parallel.segments());
    assertEquals(single.samples(), parallel.samples());
    assertTrue(single.slideCount() >= 3, single.segments().toString());
  }

  @Test
  void picturesAreQueuedInTheHeapOnlyWhereThoseHeldAlsoFit() {
    // 20 pictures held besides the queues must fit in a quarter of the heap.
    long mb = 1L << 20;
    assertTrue(ParallelVideoFrames.picturesFitHeap(1920, 1080, 256 * mb));
    assertFalse(ParallelVideoFrames.picturesFitHeap(1920, 1080, 128 * mb));
    assertFalse(ParallelVideoFrames.picturesFitHeap(3840, 2160, 256 * mb));
    assertTrue(ParallelVideoFrames.picturesFitHeap(3840, 2160, 1024 * mb));
  }
}
