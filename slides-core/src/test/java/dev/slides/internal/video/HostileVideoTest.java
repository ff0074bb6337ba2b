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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
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
  void picturesBeyond8kAreRefusedWhileFindingTheStreamsToo() throws Exception {
    // MPEG-TS declares no picture size: FFmpeg learns it by decoding the first pictures with its
    // own decoders, at any size unless told: 750 KB of 16000x16000 H.264 so took the extractor to
    // 1.2 GB resident at -Xmx256m before the size it found was refused. An MPEG program stream
    // has no header at all: its streams turn up while FFmpeg decodes them. FFmpeg's log is the
    // one witness of what its decoders refused, so each file is opened in a JVM of its own
    // that keeps FFmpeg's log (the library takes it over once per process).
    Path ts = BadFiles.hugeFrames(dir.resolve("bomb.ts"), 8192, 4328);
    Path ps = BadFiles.hugeFramesInProgramStream(dir.resolve("bomb.mpg"), 8192, 4328);
    for (Path bomb : List.of(ts, ps)) {
      String name = bomb.getFileName().toString();
      assertEquals(List.of("refused: Cannot read " + name + ": its pictures are 8192x4328"
              + " pixels, more than the largest read, 8K (8192x4320 pixels)",
              "FFmpeg refused a 8192x4328 picture: true"),
          openIsolated(bomb), name);
    }
  }

  private static List<String> openIsolated(Path video) throws Exception {
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Ddev.slides.ffmpegLog=off", "-cp", System.getProperty("java.class.path"),
        Opener.class.getName(), video.toAbsolutePath().toString());
    Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(run.waitFor(120, TimeUnit.SECONDS), output);
    assertEquals(0, run.exitValue(), output);
    return output.lines().filter(l -> l.startsWith("refused") || l.startsWith("FFmpeg"))
        .toList();
  }

  /** Opens a video with FFmpeg's log kept, and says how it was refused. */
  static final class Opener extends LogCallback {
    static final Opener LOG = new Opener(); // kept reachable: FFmpeg holds only a native pointer
    final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void call(int level, BytePointer message) {
      lines.add(message.getString());
    }

    public static void main(String[] args) throws Exception {
      avutil.av_log_set_level(avutil.AV_LOG_ERROR);
      avutil.setLogCallback(LOG);
      try (VideoDecoder decoder = VideoDecoder.open(Path.of(args[0]),
          SamplingOptions.defaults(), 1)) {
        System.out.println("opened: " + decoder.info());
      } catch (VideoDecodeException e) {
        System.out.println("refused: " + e.getMessage());
      }
      String log;
      synchronized (LOG) {
        log = String.join("", LOG.lines);
      }
      System.out.println("FFmpeg refused a 8192x4328 picture: "
          + log.contains("8192x4328 exceeds specified max pixel count"));
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
