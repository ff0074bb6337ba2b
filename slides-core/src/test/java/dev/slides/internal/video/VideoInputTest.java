package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.ExtractionException;
import dev.slides.InMemoryBlobStore;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import dev.slides.SamplingOptions;
import dev.slides.SlideExtractor;
import dev.slides.testing.BadFiles;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FFmpeg reads only what a lecture download should be: a video container, from the local file.
 * A list of other files, a playlist or an image is refused in plain words, and nothing it names
 * is read or published.
 */
class VideoInputTest {
  @TempDir Path dir;

  private Path lecture(String name) throws IOException {
    return LectureVideo.builder(160, 90, 10)
        .slide(Slides.bullets(160, 90, 1, "A", 2), 6)
        .write(dir.resolve(name));
  }

  /** Extracts {@code input} as a job and returns its failed state; checks nothing was stored. */
  private JobState refused(Path input) {
    InMemoryBlobStore store = new InMemoryBlobStore();
    JobTracker tracker = JobTracker.inMemory();
    assertThrows(ExtractionException.class,
        () -> SlideExtractor.create(store).extract("job", input, tracker));
    JobState state = tracker.get("job").orElseThrow();
    assertEquals(JobStatus.FAILED, state.status());
    assertTrue(store.contents().isEmpty(), "nothing may be published: "
        + store.contents().keySet());
    return state;
  }

  @ParameterizedTest
  @ValueSource(strings = {"mp4", "mov", "mkv", "webm", "ts", "avi", "flv", "wmv", "mpg", "ogv"})
  void everyVideoContainerIsRead(String extension) throws IOException {
    Path video = lecture("talk." + extension);
    for (int decoders : new int[] {1, 2}) {
      try (VideoFrames frames = VideoFrames.open(video,
          SamplingOptions.builder().decoders(decoders).decoderThreads(1).samplesPerSecond(1.0)
              .build())) {
        int samples = 0;
        VideoFrame frame;
        while ((frame = frames.next()) != null) {
          assertEquals(160, frame.luma().width());
          samples++;
        }
        assertEquals(6, samples, extension + " with " + decoders + " decoders");
        assertTrue(frames.damage().isEmpty(), frames.damage().describe());
      }
    }
  }

  @Test
  void anFfconcatListIsRefusedAndTheVideoItNamesIsNotRead() throws IOException {
    // Another job's download in the same folder, and a "video" that is a list naming it.
    Path other = lecture("other-job.mp4");
    Path list = BadFiles.ffconcat(dir.resolve("download.mp4"), other);
    assertEquals("Not a supported video file: download.mp4 is a list of other files (ffconcat), "
        + "not a video; accepted are video files (" + VideoDecoder.CONTAINER_NAMES + ")",
        refused(list).error());
  }

  @Test
  void anHlsPlaylistIsRefused() throws IOException {
    Path segment = lecture("segment0.ts");
    Path playlist = BadFiles.hlsPlaylist(dir.resolve("stream.m3u8"), segment);
    assertEquals("Not a supported video file: stream.m3u8 " + HLS, refused(playlist).error());
  }

  /**
   * A playlist downloaded from a URL, saved under a video's name: FFmpeg knows one by its
   * content only when it is named .m3u8, and it was "not in any known video format".
   */
  @Test
  void anHlsPlaylistNamedLikeAVideoIsRefusedAsAPlaylist() throws IOException {
    Path segment = lecture("segment0.ts");
    Path playlist = BadFiles.hlsPlaylist(dir.resolve("download.mp4"), segment);
    assertEquals("Not a supported video file: download.mp4 " + HLS, refused(playlist).error());
  }

  private static final String HLS = "is an HLS playlist (.m3u8), a list of the pieces of a"
      + " stream, not a video; give the video file itself, or for a YouTube video the link of"
      + " its page";

  @ParameterizedTest
  @ValueSource(strings = {"gif", "png", "jpeg"})
  void stillImagesAreRefused(String format) throws IOException {
    // Named like a video, as a download would be: only the content counts.
    Path image = BadFiles.image(dir.resolve("slide-" + format + ".mp4"), format);
    String error = refused(image).error();
    String kind = format.equals("gif") ? "a GIF image"
        : "an image (" + format.toUpperCase(Locale.ROOT) + ")";
    assertEquals("Not a supported video file: slide-" + format + ".mp4 is " + kind
        + ", not a video; accepted are video files (" + VideoDecoder.CONTAINER_NAMES + ")", error);
  }

  @Test
  void anAvifImageIsRefusedThoughItsContainerIsMp4Like() throws IOException {
    Path image = BadFiles.avif(dir.resolve("photo.mp4"));
    assertEquals("Not a supported video file: photo.mp4 is an image (AVIF), not a video; "
        + "accepted are video files (" + VideoDecoder.CONTAINER_NAMES + ")",
        refused(image).error());
  }

  @Test
  void onlyTheFileProtocolIsAllowed() throws IOException {
    // A file path never names another protocol, but what FFmpeg opens on its own account
    // (a playlist's segments, a list's entries) could: the whitelist is what stops it.
    Path video = lecture("inline.mp4");
    String dataUrl = "data:video/mp4;base64,"
        + Base64.getEncoder().encodeToString(Files.readAllBytes(video));
    String subfile = "subfile,,start,0,end,0,,:" + video.toAbsolutePath();
    for (String url : new String[] {dataUrl, subfile}) {
      VideoDecodeException e = assertThrows(VideoDecodeException.class,
          () -> org.bytedeco.ffmpeg.global.avformat.avformat_close_input(
              VideoDecoder.openContainer(url, "inline.mp4")));
      assertTrue(e.getMessage().contains("inline.mp4"), e.getMessage());
    }
    // The same video through the file protocol opens.
    org.bytedeco.ffmpeg.global.avformat.avformat_close_input(
        VideoDecoder.openContainer("file:" + video.toAbsolutePath(), "inline.mp4"));
  }
}
