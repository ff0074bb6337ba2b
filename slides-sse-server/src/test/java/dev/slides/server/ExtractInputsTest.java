package dev.slides.server;

import static dev.slides.server.ExtractCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slides.server.ExtractCommandTest.Run;
import dev.slides.testing.BadFiles;
import dev.slides.testing.FaultyHttpServer;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code slides extract} takes besides a local file: URLs, YouTube, stdin, batches. */
class ExtractInputsTest {
  static final Path SAMPLE = ExtractCommandTest.SAMPLE;
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  int slideCount(Path out, String id) throws Exception {
    JsonNode manifest = JSON.readTree(out.resolve("manifests/" + id + ".json").toFile());
    int slides = 0;
    for (JsonNode segment : manifest.get(id).get("segments")) {
      if (segment.get("kind").asText().equals("static")) {
        slides++;
      }
    }
    return slides;
  }

  @Test
  void downloadsAUrlWithTheServicesDownloaderAndNamesTheJobAfterIt() throws Exception {
    try (FaultyHttpServer http = FaultyHttpServer.start()) {
      http.serve("/talks/week-1.mp4", Files.readAllBytes(SAMPLE),
          new FaultyHttpServer.Works());
      Path out = dir.resolve("out");
      Run run = run("extract", http.url("/talks/week-1.mp4"), "--out", out.toString(),
          "--progress", "lines");
      assertEquals(0, run.exit(), run.err());
      assertTrue(run.out().contains("downloading"), run.out());
      assertTrue(run.out().contains("Downloading video"), run.out());
      assertEquals(6, slideCount(out, "week-1"));
    }
  }

  @Test
  void aUrlThatCannotBeFetchedFailsWithTheReasonAndWritesNothing() throws Exception {
    try (FaultyHttpServer http = FaultyHttpServer.start()) {
      Path out = dir.resolve("out");
      Run run = run("extract", http.url("/missing.mp4"), "--out", out.toString(),
          "--progress", "none");
      assertEquals(1, run.exit(), run.out());
      assertTrue(run.err().startsWith("Video download failed: "), run.err());
      assertTrue(run.err().contains("404"), run.err());
      assertFalse(Files.exists(out.resolve("manifests")));
    }
  }

  @Test
  void aUrlLargerThanTheLimitIsRefused() throws Exception {
    try (FaultyHttpServer http = FaultyHttpServer.start()) {
      http.serve("/big.mp4", new byte[(1 << 20) + 1], new FaultyHttpServer.Works());
      Run run = run("extract", http.url("/big.mp4"), "--out", dir.toString(),
          "--max-download-mb", "1", "--progress", "none");
      assertEquals(1, run.exit(), run.out());
      assertTrue(run.err().startsWith("Video download failed: "), run.err());
      assertTrue(run.err().toLowerCase().contains("larger than"), run.err());
    }
  }

  /**
   * YouTube cannot be reached from here, so a stand-in for yt-dlp answers as yt-dlp does: asked
   * with {@code -g} for the watch URL of the id, it prints the media URL (here on loopback).
   */
  @Test
  void youTubeLinksAndIdsAreFetchedThroughYtDlp() throws Exception {
    try (FaultyHttpServer http = FaultyHttpServer.start()) {
      http.serve("/media/abc", Files.readAllBytes(SAMPLE), new FaultyHttpServer.Works());
      Path ytDlp = dir.resolve("yt-dlp");
      Files.writeString(ytDlp, String.join("\n",
          "#!/bin/sh",
          "for a in \"$@\"; do last=\"$a\"; done",
          "case \" $* \" in *\" -g \"*) ;; *) echo 'ERROR: expected -g' >&2; exit 2;; esac",
          "if [ \"$last\" != 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' ]; then",
          "  echo \"ERROR: [youtube] unexpected $last\" >&2; exit 1",
          "fi",
          "echo '" + http.url("/media/abc") + "'", ""));
      Files.setPosixFilePermissions(ytDlp, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path out = dir.resolve("out");
      for (String input : List.of("https://youtu.be/dQw4w9WgXcQ?t=42",
          "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PL1", "dQw4w9WgXcQ")) {
        Run run = run("extract", input, "--out", out.toString(), "--yt-dlp", ytDlp.toString(),
            "--progress", "lines");
        assertEquals(0, run.exit(), input + ": " + run.err());
        assertTrue(run.out().contains("Looking up the video with yt-dlp"), run.out());
        assertEquals(6, slideCount(out, "dQw4w9WgXcQ"));
      }
    }
  }

  @Test
  void withoutYtDlpAYouTubeVideoFailsSayingWhatToInstall() {
    Run run = run("extract", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "--out",
        dir.toString(), "--yt-dlp", dir.resolve("no-such-yt-dlp").toString(),
        "--progress", "none");
    assertEquals(1, run.exit());
    assertTrue(run.err().contains("yt-dlp, which was not found"), run.err());
    assertTrue(run.err().contains("SLIDES_YTDLP_PATH"), run.err());
  }

  @Test
  void aFileNameStartingWithADashIsExplainedNotJustMissing() {
    // picocli takes it for an unknown option and, on its own, says only that VIDEO is missing.
    Run alone = run("extract", "-intro.mp4", "--out", dir.toString());
    assertEquals(2, alone.exit());
    assertTrue(alone.err().contains("-intro.mp4 is read as an option because it starts with '-':"
        + " if it is a file, write ./-intro.mp4 or put -- before it."), alone.err());
    Run unknown = run("extract", SAMPLE.toString(), "--bogus", "--out", dir.toString());
    assertEquals(2, unknown.exit());
    assertFalse(unknown.err().contains("read as an option"), unknown.err());
  }

  @Test
  void aYouTubeLinkWithoutAVideoIsABadArgument() {
    Run run = run("extract", "https://www.youtube.com/playlist?list=PL123", "--out",
        dir.toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("names no single video"), run.err());
  }

  /** As POST /process says it: what is wrong, where, and how to write it instead. */
  @Test
  void aUrlThatCannotBeParsedSaysWhy() {
    Run run = run("extract", "https://example.com/my talk.mp4", "--out", dir.toString());
    assertEquals(2, run.exit());
    assertEquals("Not a valid URL: https://example.com/my talk.mp4 (a space (character 23)"
        + " must be written %20)\nSee 'slides extract --help'.", run.err().strip());
  }

  @Test
  void aNameThatIsNothingSaysSo() {
    Run run = run("extract", dir.resolve("nothing.mp4").toString(), "--out", dir.toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("No such file: "), run.err());
  }

  @Test
  void standardInputIsReadAsTheVideo() throws Exception {
    Path out = dir.resolve("out");
    Run run = run(new ByteArrayInputStream(Files.readAllBytes(SAMPLE)), "extract", "-",
        "--out", out.toString(), "--progress", "lines");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("standard input"), run.out());
    assertEquals(6, slideCount(out, "stdin"));
  }

  /**
   * What is not a video is named as the user gave it: the copy was saved under the id or as
   * "video", so the message read "Not a video file: video" for standard input and "Not a video
   * file: 127_0_0" for a web page at http://127.0.0.1/.
   */
  @Test
  void aFetchedInputThatIsNoVideoIsNamedAsTheUserGaveIt() throws Exception {
    Run piped = run(new ByteArrayInputStream("hello\n".getBytes(StandardCharsets.UTF_8)),
        "extract", "-", "--out", dir.resolve("out").toString(), "--progress", "none");
    assertEquals(1, piped.exit(), piped.err());
    assertTrue(piped.err().contains("Not a video file: stdin ("), piped.err());
    try (FaultyHttpServer http = FaultyHttpServer.start()) {
      http.serve("/", "<html>a page</html>".getBytes(StandardCharsets.UTF_8),
          new FaultyHttpServer.Works());
      http.serve("/talks/week-1.mp4", "<html>a page</html>".getBytes(StandardCharsets.UTF_8),
          new FaultyHttpServer.Works());
      Run page = run("extract", http.url("/"), "--out", dir.resolve("out").toString(),
          "--progress", "none");
      assertEquals(1, page.exit(), page.err());
      assertTrue(page.err().contains("Not a video file: 127.0.0.1 ("), page.err());
      Run named = run("extract", http.url("/talks/week-1.mp4"), "--out",
          dir.resolve("out").toString(), "--progress", "none");
      assertEquals(1, named.exit(), named.err());
      assertTrue(named.err().contains("Not a video file: week-1.mp4 ("), named.err());
    }
    assertEquals("127_0_0_1", VideoInput.expand("http://127.0.0.1:8080/").get(0).defaultId());
    assertEquals("week-1", VideoInput.expand("https://example.org/week-1.mp4").get(0)
        .defaultId());
    assertEquals("video", VideoInput.expand("https://example.org/..").get(0).downloadName());
  }

  @Test
  void emptyStandardInputSaysHowToUseIt() {
    Run run = run(InputStream.nullInputStream(), "extract", "-", "--video-id", "piped",
        "--out", dir.toString(), "--progress", "none");
    assertEquals(1, run.exit());
    assertTrue(run.err().contains("Standard input was empty"), run.err());
  }

  /**
   * {@code sleep 600 | slides extract -}, then Ctrl-C: the interrupt must end the read of the
   * pipe. A plain read of standard input ignored it, so Ctrl-C waited its whole grace period.
   */
  @Test
  void aReadOfAPipeThatBringsNothingEndsOnAnInterrupt() throws Exception {
    Path fifo = dir.resolve("stdin");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
    // Holds the pipe open for writing and writes nothing.
    Process writer = new ProcessBuilder("sh", "-c", "exec sleep 600 > \"$1\"", "sh",
        fifo.toString()).start();
    try (FileInputStream pipe = new FileInputStream(fifo.toFile())) {
      InputStream in = ExtractCommand.interruptible(pipe);
      CompletableFuture<Object> ended = new CompletableFuture<>();
      Thread reader = new Thread(() -> {
        try {
          ended.complete(in.read());
        } catch (IOException e) {
          ended.complete(e);
        }
      });
      reader.start();
      reader.interrupt();
      assertTrue(ended.get(60, TimeUnit.SECONDS) instanceof ClosedByInterruptException,
          "the read ended otherwise: " + ended.get());
    } finally {
      writer.destroyForcibly();
    }
  }

  @Test
  void aFolderIsABatchThatGoesOnPastAFailingVideoAndSumsUp() throws Exception {
    Path videos = Files.createDirectory(dir.resolve("course"));
    Files.copy(SAMPLE, videos.resolve("01 intro.mp4"));
    BadFiles.text(videos.resolve("02 notes.mp4"));
    Files.copy(SAMPLE, videos.resolve("03-outro.MKV"));
    Files.writeString(videos.resolve("readme.txt"), "not a video");
    Path out = dir.resolve("out");
    Run run = run("extract", videos.toString(), "--out", out.toString(), "--progress", "none");
    assertEquals(1, run.exit(), run.err());
    assertTrue(run.out().contains("[1/3] "), run.out());
    assertTrue(run.out().contains("[3/3] "), run.out());
    List<String> table = run.out().lines().dropWhile(l -> !l.startsWith("Video "))
        .filter(l -> !l.isBlank()).toList();
    assertEquals(5, table.size(), run.out());
    assertTrue(table.get(1).matches(".*01 intro\\.mp4\\s+01_intro\\s+6\\s+0:\\d\\d\\s+.*ok"),
        table.get(1));
    assertTrue(table.get(2).contains("Not a video file"), table.get(2));
    assertTrue(table.get(3).contains("03-outro") && table.get(3).endsWith("ok"), table.get(3));
    assertTrue(table.get(4).startsWith("2 of 3 videos done, 1 failed."), table.get(4));
    assertTrue(run.err().contains("02 notes.mp4: Slide extraction failed: Not a video file"),
        run.err());
    assertEquals(6, slideCount(out, "01_intro"));
    assertEquals(6, slideCount(out, "03-outro"));
  }

  @Test
  void aListFileNamesVideosFromItsOwnFolderAndKeepsIdsApart() throws Exception {
    Path lists = Files.createDirectory(dir.resolve("lists"));
    Path a = Files.createDirectories(dir.resolve("lists/a"));
    Path b = Files.createDirectories(dir.resolve("lists/b"));
    Files.copy(SAMPLE, a.resolve("talk.mp4"));
    Files.copy(SAMPLE, b.resolve("talk.mp4"));
    Path list = Files.writeString(lists.resolve("videos"), String.join("\n",
        "# the two halves", "", "a/talk.mp4", "  b/talk.mp4  ", "gone.mp4", ""));
    Path out = dir.resolve("out");
    Run run = run("extract", list.toString(), "--out", out.toString(), "--progress", "none");
    assertEquals(1, run.exit(), run.err());
    assertEquals(6, slideCount(out, "talk"));
    assertEquals(6, slideCount(out, "talk_2"));
    assertTrue(run.out().contains("2 of 3 videos done, 1 failed."), run.out());
    assertTrue(run.err().contains("gone.mp4"), run.err());
  }

  @Test
  void aFolderCopiedFromAMacLeavesOutItsHiddenFilesWhichWouldTakeTheVideosId() throws Exception {
    Path videos = Files.createDirectory(dir.resolve("course"));
    Files.copy(SAMPLE, videos.resolve("talk.mp4"));
    // The AppleDouble file macOS writes beside talk.mp4 on a foreign disk: Finder data only.
    Files.write(videos.resolve("._talk.mp4"), new byte[] {0, 5, 22, 7, 0, 2, 0, 0});
    Path out = dir.resolve("out");
    Run run = run("extract", videos.toString(), "--out", out.toString(), "--progress", "none");
    assertEquals(0, run.exit(), run.err());
    assertEquals(6, slideCount(out, "talk"));
    assertFalse(Files.exists(out.resolve("manifests/talk_2.json")));
  }

  @Test
  void aListWrittenOnWindowsIsReadAndAMissingEntryNamesWhereItWasLookedFor() throws Exception {
    Path lists = Files.createDirectory(dir.resolve("lists"));
    Files.copy(SAMPLE, lists.resolve("talk.mp4"));
    // Notepad's UTF-8: a byte order mark first, CRLF line ends.
    Path list = Files.writeString(lists.resolve("videos.txt"), "\uFEFFtalk.mp4\r\ngone.mp4\r\n");
    Path out = dir.resolve("out");
    Run run = run("extract", list.toString(), "--out", out.toString(), "--progress", "none");
    assertEquals(1, run.exit(), run.err());
    assertEquals(6, slideCount(out, "talk"));
    assertTrue(run.out().contains("1 of 2 videos done, 1 failed."), run.out());
    // Named with the list's line: a text file of notes given as a video was read as a list of
    // one missing video, and failed as "Video file not found: /home/you/Some words" alone.
    assertTrue(run.err().contains("Video file not found: "
        + lists.toAbsolutePath().resolve("gone.mp4") + " (named on line 2 of the list " + list
        + ")"), run.err());
  }

  /** A list this user may not read was refused with its path alone: "Cannot read x: x". */
  @Test
  void aListThatMayNotBeReadSaysSo() throws Exception {
    Path list = BadFiles.unreadable(dir.resolve("videos.txt"));
    Run run = run("extract", list.toString(), "--out", dir.resolve("out").toString());
    assertEquals(2, run.exit(), run.err());
    assertEquals("Cannot read " + list + ": permission denied", run.err().lines().findFirst()
        .orElseThrow());
  }

  /** As a list, and root reads every folder: this needs another user than CI's root. */
  @Test
  void aFolderThatMayNotBeReadSaysSo() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("course"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("-wx------"));
    assumeFalse(Files.isReadable(folder), "root may read every folder");
    Run batch = run("extract", folder.toString(), "--out", dir.resolve("out").toString());
    assertEquals(2, batch.exit(), batch.err());
    assertEquals("Cannot read the folder " + folder + ": permission denied",
        batch.err().lines().findFirst().orElseThrow());
  }

  @Test
  void aPlaylistOrFfconcatIsRefusedAsOneFileNotReadAsABatch() throws Exception {
    // Text files too, naming a video beside them: as batches they would extract it (the HLS
    // segments one by one, each as its own video) or fail on "ffconcat version 1.0".
    Files.copy(SAMPLE, dir.resolve("part0.ts"));
    Path out = dir.resolve("out");
    Path hls = BadFiles.hlsPlaylist(dir.resolve("stream.m3u8"), dir.resolve("part0.ts"));
    Run playlist = run("extract", hls.toString(), "--out", out.toString(), "--progress", "none");
    assertEquals(1, playlist.exit(), playlist.out());
    assertTrue(playlist.err().contains("Not a supported video file: stream.m3u8 is an HLS "
        + "playlist (.m3u8), a list of the pieces of a stream, not a video; give the video file"
        + " itself"), playlist.err());
    // Saved without its extension, it was "not in any known video format".
    Path bare = Files.copy(hls, dir.resolve("stream"));
    Run unnamed = run("extract", bare.toString(), "--out", out.toString(), "--progress", "none");
    assertEquals(1, unnamed.exit(), unnamed.out());
    assertTrue(unnamed.err().contains("Not a supported video file: stream is an HLS playlist"),
        unnamed.err());
    Path concat = BadFiles.ffconcat(dir.resolve("talk.ffconcat"), dir.resolve("part0.ts"));
    Run list = run("extract", concat.toString(), "--out", out.toString(), "--progress", "none");
    assertEquals(1, list.exit(), list.out());
    assertTrue(list.err().contains("Not a supported video file: talk.ffconcat is a list of other "
        + "files (ffconcat), not a video"), list.err());
    assertFalse(Files.exists(out.resolve("manifests")), "nothing extracted");
  }

  @Test
  void optionsForOneVideoAreRefusedForABatch() throws Exception {
    Path videos = Files.createDirectory(dir.resolve("v"));
    Files.copy(SAMPLE, videos.resolve("a.mp4"));
    Files.copy(SAMPLE, videos.resolve("b.mp4"));
    Run withId = run("extract", videos.toString(), "--video-id", "x");
    assertEquals(2, withId.exit());
    assertTrue(withId.err().contains("--video-id names one video"), withId.err());
    Run withStdin = run("extract", SAMPLE.toString(), "-");
    assertEquals(2, withStdin.exit());
    assertTrue(withStdin.err().contains("Standard input (-) can only be read on its own"),
        withStdin.err());
  }

  @Test
  void progressTakesOnlyItsDocumentedValues() {
    Run run = run("extract", SAMPLE.toString(), "--progress", "fancy");
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("auto, bar, lines, none"), run.err());
    Run help = run("extract", "--help");
    assertTrue(help.out().contains("auto, bar, lines, none"), help.out());
  }
}
