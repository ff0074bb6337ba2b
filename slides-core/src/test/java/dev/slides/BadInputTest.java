package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.testing.BadFiles;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that are not usable videos end in a failed job whose error says in plain words what is
 * wrong with the file (named by its name only, no library texts), and write nothing.
 */
class BadInputTest {
  @TempDir Path dir;

  private JobState failWith(Path input, String expectedError) {
    InMemoryBlobStore store = new InMemoryBlobStore();
    JobTracker tracker = JobTracker.inMemory();
    ExtractionException e = assertThrows(ExtractionException.class,
        () -> SlideExtractor.create(store).extract("bad", input, tracker));
    JobState state = tracker.get("bad").orElseThrow();
    assertEquals(JobStatus.FAILED, state.status());
    assertEquals("Slide extraction failed", state.message());
    assertEquals(e.getMessage(), state.error());
    assertEquals(expectedError, state.error());
    assertPlain(state.error());
    assertTrue(store.contents().isEmpty(), "nothing may be written: " + store.contents().keySet());
    return state;
  }

  /** What users read names the file, and nothing of the server or the libraries behind it. */
  private void assertPlain(String error) {
    assertFalse(error.contains(dir.toString()), "no server paths: " + error);
    assertFalse(error.matches("(?s).*(^|\\s)/\\w.*"), "no paths at all: " + error);
    for (String internal : new String[] {"setFormat", "avformat", "avcodec", "av_", "error -",
        "Exception", "FFmpeg", "JavaCV", "grabber", "null", "(none)"}) {
      assertFalse(error.contains(internal), "\"" + internal + "\" in: " + error);
    }
  }

  @Test
  void missingFile() {
    failWith(dir.resolve("nope.mp4"), "Video file not found: nope.mp4");
  }

  @Test
  void aFolderIsNotAVideoRatherThanMissing() throws IOException {
    failWith(Files.createDirectory(dir.resolve("lectures")),
        "Not a video file: lectures is a folder");
  }

  @Test
  void zeroLengthFile() throws IOException {
    failWith(BadFiles.empty(dir.resolve("empty.mp4")), "Video file is empty: empty.mp4");
  }

  @Test
  void textFile() throws IOException {
    failWith(BadFiles.text(dir.resolve("notes.mp4")),
        "Not a video file: notes.mp4 (its content is not in any known video format)");
  }

  /**
   * A file this user may not read was "Not a video file: locked.mp4 (its content is not in any
   * known video format)", which sends the user to check a video that is fine.
   */
  @Test
  void aFileThatMayNotBeReadSaysSo() throws IOException {
    Path video = BadFiles.unreadable(dir.resolve("locked.mp4"));
    failWith(video, "Cannot read the video file locked.mp4: permission denied");
  }

  @Test
  void randomBytesAreNotAVideo() throws IOException {
    byte[] noise = new byte[64 * 1024];
    new java.util.Random(3).nextBytes(noise);
    failWith(Files.write(dir.resolve("noise.mp4"), noise),
        "Not a video file: noise.mp4 (its content is not in any known video format)");
  }

  @Test
  void audioOnlyFile() throws IOException {
    failWith(BadFiles.audioOnly(dir.resolve("tone.wav")),
        "No video in tone.wav: it is an audio file");
  }

  @Test
  void audioOnlyMp4() throws IOException {
    failWith(BadFiles.audioOnlyMp4(dir.resolve("talk.m4a")),
        "No video in talk.m4a: it holds only sound");
  }

  @Test
  void truncatedVideo() throws IOException {
    failWith(BadFiles.truncated(lecture(), dir.resolve("half.mp4")),
        "Cannot read the video file half.mp4: it is damaged or incomplete");
  }

  @Test
  void anUploadIsCalledTheUploadedFileOnce() throws IOException {
    // The service keeps an upload under a name its sender never gave: errors say what it is.
    failWith(BadFiles.truncated(lecture(),
            dir.resolve("talk.0f8fad5b-d9cb-469f-a165-70867728950e.upload")),
        "Cannot read the uploaded file: it is damaged or incomplete");
  }

  @Test
  void corruptHeader() throws IOException {
    failWith(BadFiles.corruptHeader(lecture(), dir.resolve("header.mp4")),
        "Cannot read the video file header.mp4: it is damaged or incomplete");
  }

  @Test
  void picturesLargerThan8kAreRefusedBeforeAnyIsDecoded() throws IOException {
    // 300 KB on disk, 100 MB a frame decoded: with frames in flight on every decoder thread, a
    // 16000 x 16000 video of a few seconds took 3.4 GB.
    failWith(BadFiles.hugeFrames(dir.resolve("bomb.ts"), 8192, 8192),
        "Cannot read bomb.ts: its pictures are 8192x8192 pixels, more than the largest read,"
            + " 8K (8192x4320 pixels)");
  }

  @Test
  void aCodecNoDecoderKnowsIsNamedAsTheFileNamesIt() throws IOException {
    // One flipped byte in the sample description makes an MP4's H.264 track a codec FFmpeg
    // does not know, whose name it gives as "none".
    failWith(BadFiles.unknownCodec(lecture(), dir.resolve("odd.mp4"), "xvc1"),
        "Cannot decode odd.mp4: its video codec (xvc1) is not one this server knows");
    failWith(BadFiles.unknownCodec(lecture(), dir.resolve("noise.mp4"), "\u0080vc1"),
        "Cannot decode noise.mp4: its video codec is not one this server knows");
  }

  private Path lecture() throws IOException {
    return LectureVideo.builder(320, 180, 10)
        .slide(Slides.bullets(320, 180, 1, "A", 2), 4)
        .slide(Slides.bullets(320, 180, 2, "B", 2), 4)
        .write(dir.resolve("whole.mp4"));
  }

  @Test
  void theSameExtractorKeepsWorkingAfterFailures() throws Exception {
    Path good = LectureVideo.builder(320, 180, 10)
        .slide(Slides.bullets(320, 180, 1, "A", 2), 3)
        .write(dir.resolve("good.mp4"));
    SlideExtractor extractor = SlideExtractor.create(new InMemoryBlobStore());
    JobTracker tracker = JobTracker.inMemory();
    assertThrows(ExtractionException.class,
        () -> extractor.extract("retry", BadFiles.text(dir.resolve("x.mp4")), tracker));
    // A failed job may be run again, and then completes.
    ExtractionResult result = extractor.extract("retry", good, tracker);
    assertEquals(1, result.slideCount());
    assertEquals(JobStatus.COMPLETED, tracker.get("retry").orElseThrow().status());
  }
}
