package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.SamplingOptions;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A frame source opened for part of a video seeks to the keyframe before it and stops after it:
 * the samples of the part are those of reading the whole video, at the same times, showing the
 * same pictures, and far fewer frames are decoded.
 */
class TimeRangeSeekTest {
  private static final int W = 320;
  private static final int H = 180;

  @TempDir static Path dir;
  static Path video;

  /** Screened decode, full decode with several decoders, and one decoder alone. */
  static final List<SamplingOptions> WAYS = List.of(
      SamplingOptions.builder().decoders(2).decoderThreads(1).build(),
      SamplingOptions.builder().decoders(2).decoderThreads(1).skipStillStretches(false).build(),
      SamplingOptions.builder().decoders(1).decoderThreads(1).skipStillStretches(false).build());

  @BeforeAll
  static void write() throws IOException {
    // A keyframe every 2.3 s: chunk borders between sample times.
    write(23);
  }

  /**
   * 80 s at 10 fps with a keyframe every {@code gop} frames, a speaker inset moving all along,
   * slides, a crossfade and motion throughout.
   */
  static void write(int gop) throws IOException {
    video = LectureVideo.builder(W, H, 10).gop(gop).speakerInset(0.04)
        .slide(Slides.bullets(W, H, 21, "A", 3), 10)
        .slide(Slides.dark(W, H, 22, "B", 2), 9)
        .crossfade(1)
        .slide(Slides.bullets(W, H, 23, "C", 4), 11)
        .motion(3)
        .slide(Slides.build(W, H, 24, "D", 2), 8)
        .slide(Slides.build(W, H, 24, "D", 3), 8)
        .slide(Slides.dark(W, H, 25, "E", 3), 10)
        .slide(Slides.bullets(W, H, 26, "F", 2), 10)
        .slide(Slides.bullets(W, H, 21, "A", 3), 10)
        .write(dir.resolve("range.mp4"));
  }

  record Sample(double time, byte[] luma) {}

  /**
   * @param framesDecoded frames decoded, keyframes screened included
   * @param keyframesScreened keyframes decoded to find still stretches (0 without screening)
   */
  record Read(List<Sample> samples, long framesDecoded, long keyframesScreened) {}

  /** The samples handed out at {@code [from, to)}, and the frames decoded to get them. */
  static Read read(SamplingOptions options, TimeRange range, TimeRange kept) throws IOException {
    List<Sample> samples = new ArrayList<>();
    VideoFrames frames = VideoFrames.open(video, options, range.from(), range.to());
    try (frames) {
      VideoFrame f;
      while ((f = frames.next()) != null) {
        assertTrue(f.time() < range.to(), "a sample at " + f.time() + " s, after the range");
        if (f.time() + 1e-9 >= kept.from() && f.time() < kept.to()) {
          samples.add(new Sample(f.time(), f.luma().pixels().clone()));
        }
      }
    }
    // Counted once the decoders stopped: a closed source decodes nothing more.
    VideoFrames decoded = ((HeldFrames) frames).source();
    if (decoded instanceof ParallelVideoFrames p) {
      return new Read(samples, p.framesDecodedOfTotal()[0], p.keyframesScreened());
    }
    return new Read(samples, ((FfmpegVideoFrames) decoded).framesDecoded(), 0);
  }

  static void assertSameSamples(Read expected, Read actual, String way) {
    List<Double> times = expected.samples().stream().map(Sample::time).toList();
    assertEquals(times, actual.samples().stream().map(Sample::time).toList(), way);
    for (int i = 0; i < times.size(); i++) {
      assertArrayEquals(expected.samples().get(i).luma(), actual.samples().get(i).luma(),
          way + ": sample at " + times.get(i) + " s");
    }
  }

  /** The times of the video's keyframes, in seconds from its start. */
  static List<Double> keyframeSeconds() throws IOException {
    List<Double> out = new ArrayList<>();
    try (VideoDecoder probe = VideoDecoder.open(video, SamplingOptions.defaults(), 1)) {
      for (long ticks : probe.packetIndex().keyframeTicks()) {
        out.add((probe.micros(ticks) - probe.startMicros()) / 1e6);
      }
    }
    return out;
  }

  @Test
  void thePartsSamplesAreThoseOfReadingTheWholeVideo() throws IOException {
    // Within a stretch between keyframes, and from a keyframe exactly: whether a keyframe's
    // frame is a sample depends on the frame before it, which a seek to it never decodes.
    // The hard case: a keyframe whose frame is no sample (no grid point since the frame
    // before), where a part starts.
    List<Double> sampled = read(WAYS.get(2), TimeRange.WHOLE, TimeRange.WHOLE).samples()
        .stream().map(Sample::time).toList();
    double atKeyframe = keyframeSeconds().stream()
        .filter(t -> t >= 30 && sampled.stream().noneMatch(s -> Math.abs(s - t) < 1e-6))
        .findFirst().orElseThrow();
    List<TimeRange> ranges = List.of(new TimeRange(21.35, 47.3),
        new TimeRange(atKeyframe, Double.POSITIVE_INFINITY), new TimeRange(3.1, 12));
    for (SamplingOptions options : WAYS) {
      for (TimeRange range : ranges) {
        String way = options + " " + range;
        Read whole = read(options, TimeRange.WHOLE, range);
        Read part = read(options, range, range);
        assertTrue(part.samples().size() >= 4 * (Math.min(80, range.to()) - range.from()) - 2,
            way + ": " + part.samples().size() + " samples");
        assertSameSamples(whole, part, way);
      }
    }
  }

  @Test
  void aLateStartDecodesAFractionOfTheFrames() throws IOException {
    // The last 16 s of 80: decoding from 0 and dropping what comes before would cost a whole
    // run; seeking costs the part (and, screening, the keyframes around it).
    TimeRange lastPart = new TimeRange(64, Double.POSITIVE_INFINITY);
    TimeRange middle = new TimeRange(30, 40);
    for (SamplingOptions options : WAYS) {
      Read whole = read(options, TimeRange.WHOLE, TimeRange.WHOLE);
      Read late = read(options, lastPart, lastPart);
      Read inside = read(options, middle, middle);
      assertTrue(late.framesDecoded() < 0.4 * whole.framesDecoded(), options + ": "
          + late.framesDecoded() + " frames decoded from 64 s, " + whole.framesDecoded()
          + " from 0");
      assertTrue(inside.framesDecoded() < 0.4 * whole.framesDecoded(), options + ": "
          + inside.framesDecoded() + " frames decoded for 30-40 s, " + whole.framesDecoded()
          + " for the whole video");
      // The screening too reads the part (and a margin), not every keyframe of the video.
      assertTrue(!options.skipStillStretches() || late.keyframesScreened() < 0.5 * whole.keyframesScreened(), options + ": "
          + late.keyframesScreened() + " keyframes screened from 64 s, "
          + whole.keyframesScreened() + " from 0");
    }
  }
}
