package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.server.ExtractCommandTest.Run;
import dev.slides.testing.DecodedImage;
import dev.slides.testing.FaultyHttpServer;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slides extract} of a YouTube video takes the service's path: yt-dlp (a stand-in here,
 * printing two loopback URLs as yt-dlp does for {@code -f A,B -g}) names a small rendition, which
 * is downloaded and analysed, and a large one, which the slide images are read from by range
 * requests.
 */
class ExtractTwoRenditionsTest {
  private static final int SMALL = 320;
  private static final int LARGE = 640;
  private static final String ID = "dQw4w9WgXcQ";

  @TempDir static Path videos;
  static byte[] small;
  static byte[] large;

  @TempDir Path dir;
  FaultyHttpServer cdn;
  Path ytDlp;

  @BeforeAll
  static void writeRenditions() throws Exception {
    small = Files.readAllBytes(lecture(SMALL, 180).write(videos.resolve("small.mp4")));
    large = Files.readAllBytes(lecture(LARGE, 360).write(videos.resolve("large.mp4")));
  }

  private static LectureVideo.Builder lecture(int width, int height) {
    return LectureVideo.builder(width, height, 10).gop(20)
        .slide(Slides.bullets(width, height, 1, "Intro", 2), 8)
        .slide(Slides.bullets(width, height, 2, "Method", 3), 8)
        .slide(Slides.dark(width, height, 3, "Results", 3), 8);
  }

  @BeforeEach
  void start() throws Exception {
    cdn = FaultyHttpServer.start();
    cdn.serve("/small.mp4", small, new FaultyHttpServer.Works())
        .serve("/large.mp4", large, new FaultyHttpServer.Works());
    ytDlp = dir.resolve("yt-dlp");
    Files.writeString(ytDlp, "#!/bin/sh\necho \"$@\" > \"$0.args\"\ncat \"$0.urls\"\n");
    Files.setPosixFilePermissions(ytDlp, PosixFilePermissions.fromString("rwx------"));
  }

  @AfterEach
  void stop() throws Exception {
    cdn.close();
  }

  @Test
  void analysesTheSmallRenditionAndTakesTheImagesFromTheLargeOne() throws Exception {
    urls(cdn.url("/small.mp4"), cdn.url("/large.mp4"));
    Path out = dir.resolve("out");
    Run run = extract(out);
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("Looking up the video with yt-dlp"), run.out());
    assertTrue(run.out().contains("Slides found:  3"), run.out());
    String args = Files.readString(Path.of(ytDlp + ".args"));
    assertTrue(args.contains("[height<=360]") && args.contains(","), args);

    List<Path> images = images(out);
    assertEquals(3, images.size(), images.toString()); // the last frames repeat the first
    for (Path image : images) {
      assertEquals(LARGE, DecodedImage.decode(Files.readAllBytes(image)).width, image.toString());
    }
    // Once, plus the byte that asks for its size; the large one only in part.
    assertEquals(small.length + 1, cdn.bytesAskedFor("/small.mp4"), "the small rendition, once");
    assertTrue(cdn.requests.stream().noneMatch(r -> r.equals("GET /large.mp4")),
        "the large rendition is never asked for whole: " + cdn.requests);
    long fromLarge = cdn.bytesAskedFor("/large.mp4");
    assertTrue(fromLarge > 0 && fromLarge < large.length,
        fromLarge + " bytes of the large rendition's " + large.length + " were fetched");
  }

  @Test
  void whenTheLargeRenditionIsMissingTheImagesComeFromTheSmallOne() throws Exception {
    urls(cdn.url("/small.mp4"), cdn.url("/gone.mp4"));
    Path out = dir.resolve("out");
    Run run = extract(out);
    assertEquals(0, run.exit(), run.err());
    assertTrue(cdn.requests.stream().anyMatch(r -> r.startsWith("GET /gone.mp4")),
        "the large rendition was asked for: " + cdn.requests);
    List<Path> images = images(out);
    assertEquals(3, images.size(), images.toString());
    for (Path image : images) {
      assertEquals(SMALL, DecodedImage.decode(Files.readAllBytes(image)).width, image.toString());
    }
    // The summary says why the images are small, as it does when one fails half way.
    assertTrue(run.out().contains("Warning:") && run.out().contains(
        "come from the analysed video, not the larger rendition"), run.out());
  }

  @Test
  void askedToAnalyseTheLargeRenditionItDownloadsOnlyThatOne() throws Exception {
    // What yt-dlp prints for the one format asked for: the large rendition.
    urls(cdn.url("/large.mp4"));
    Path out = dir.resolve("out");
    Run run = extract(out, "--youtube-analysis", "large");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("Slides found:  3"), run.out());
    String args = Files.readString(Path.of(ytDlp + ".args"));
    assertFalse(args.contains("[height<=360]") || args.contains(","),
        "yt-dlp was asked for a small rendition too: " + args);
    assertEquals(large.length + 1, cdn.bytesAskedFor("/large.mp4"), "the large one, whole");
    assertEquals(0, cdn.bytesAskedFor("/small.mp4"));
    for (Path image : images(out)) {
      assertEquals(LARGE, DecodedImage.decode(Files.readAllBytes(image)).width, image.toString());
    }
  }

  @Test
  void anUnknownAnalysisChoiceIsRefusedInPlainWords() {
    Run run = extract(dir.resolve("out"), "--youtube-analysis", "medium");
    assertEquals(2, run.exit(), run.err());
    assertTrue(run.err().contains("--youtube-analysis") && run.err().contains("small")
        && run.err().contains("large"), run.err());
  }

  private Run extract(Path out, String... more) {
    List<String> args = new ArrayList<>(List.of("extract",
        "https://www.youtube.com/watch?v=" + ID, "--out", out.toString(), "--yt-dlp",
        ytDlp.toString(), "--progress", "lines"));
    args.addAll(List.of(more));
    return ExtractCommandTest.run(args.toArray(String[]::new));
  }

  private void urls(String... urls) throws Exception {
    Files.writeString(Path.of(ytDlp + ".urls"), String.join("\n", urls) + "\n");
  }

  private static List<Path> images(Path out) throws Exception {
    try (Stream<Path> files = Files.list(out.resolve("slides").resolve(ID))) {
      List<Path> images = files.filter(p -> p.toString().endsWith(".webp")).sorted().toList();
      assertFalse(images.isEmpty());
      return images;
    }
  }
}
