package dev.slides.server;

import static dev.slides.server.ExtractCommandTest.SAMPLE;
import static dev.slides.server.ExtractCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.server.ExtractCommandTest.Run;
import dev.slides.testing.NamedPipe;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slides extract --pdf ...} and {@code slides export MANIFEST ...} on the shipped sample
 * (6 slides): every file is read back with the format's own reader.
 */
class ExportCommandTest {
  @TempDir static Path shared;
  @TempDir Path dir;

  /** One extraction with every export, shared by the tests that only read it. */
  static Path out;
  static Run extracted;

  @BeforeAll
  static void extractWithEveryExport() {
    out = shared.resolve("out");
    Path exports = shared.resolve("exports");
    extracted = run("extract", SAMPLE.toString(), "--out", out.toString(), "--progress", "none",
        "--pdf", exports.resolve("talk.pdf").toString(),
        "--html", exports.resolve("talk.html").toString(),
        "--markdown", exports.resolve("talk.md").toString(),
        "--csv", exports.resolve("talk.csv").toString(),
        "--zip", exports.resolve("talk.zip").toString());
  }

  @Test
  void extractWritesEveryFormatAskedFor() throws Exception {
    assertEquals(0, extracted.exit(), extracted.err());
    Path exports = shared.resolve("exports");
    for (String name : List.of("talk.pdf", "talk.html", "talk.md", "talk.csv", "talk.zip")) {
      assertTrue(extracted.out().contains("Wrote " + exports.resolve(name)), extracted.out());
    }
    assertEquals(6, pdfPages(exports.resolve("talk.pdf")));
    List<CSVRecord> rows = csv(exports.resolve("talk.csv"));
    assertEquals(6, rows.stream().filter(r -> r.get("kind").equals("static")).count());
    String markdown = Files.readString(exports.resolve("talk.md"));
    assertEquals(6, markdown.lines().filter(l -> l.startsWith("## ")).count(), markdown);
    // The note's images sit beside it and are linked relatively, so it works offline.
    Path images = exports.resolve("talk-slides");
    try (var files = Files.list(images)) {
      for (Path image : files.toList()) {
        assertTrue(markdown.contains("talk-slides/" + image.getFileName()), image.toString());
      }
    }
    String html = Files.readString(exports.resolve("talk.html"));
    // Self-contained: every slide's image embedded (a repeated slide shows its original again).
    assertTrue(count(html, "data:image/webp;base64,") >= 6, html.length() + " chars");
    assertEquals(0, count(html, "src=\"http"));
    List<String> zipped = zipEntries(exports.resolve("talk.zip"));
    assertTrue(zipped.contains("manifest.json"), zipped.toString());
    assertEquals(storedImages(), zipped.stream().filter(n -> n.endsWith(".webp")).count());
  }

  /**
   * {@code --markdown >(cat > notes.md)}, a named pipe: the notes go into it, linking the
   * images' URLs as {@code -} does (no folder can sit beside a pipe: it made one beside
   * /dev/fd/63), and no "Wrote" line names it.
   */
  @Test
  void markdownIntoANamedPipeLinksTheImagesUrls() throws Exception {
    Path fifo = dir.resolve("notes.md");
    try (NamedPipe pipe = NamedPipe.create(fifo)) {
      Run run = run("export", out.resolve("manifests/lecture.json").toString(),
          "--markdown", fifo.toString());
      assertEquals(0, run.exit(), run.err());
      assertEquals("", run.out() + run.err());
      String markdown = new String(pipe.read(), java.nio.charset.StandardCharsets.UTF_8);
      assertEquals(6, markdown.lines().filter(l -> l.startsWith("## ")).count(), markdown);
      assertTrue(markdown.contains("](file:"), markdown);
    }
    try (var files = Files.list(dir)) {
      assertEquals(List.of(fifo), files.toList());
    }
  }

  @Test
  void exportWritesTheFormatsOfAnExistingResult() throws Exception {
    Path manifest = out.resolve("manifests/lecture.json");
    Run run = run("export", manifest.toString(), "--pdf", dir.resolve("a.pdf").toString(),
        "--csv", dir.resolve("a.csv").toString());
    assertEquals(0, run.exit(), run.err());
    assertEquals(6, pdfPages(dir.resolve("a.pdf")));
    assertEquals(Files.readString(shared.resolve("exports/talk.csv")),
        Files.readString(dir.resolve("a.csv")));
  }

  @Test
  void exportSaysWhichImageIsMissing() throws Exception {
    Path copy = Files.createDirectories(dir.resolve("copy/manifests"));
    Files.copy(out.resolve("manifests/lecture.json"), copy.resolve("lecture.json"));
    Path slides = Files.createDirectories(dir.resolve("copy/slides/lecture"));
    try (var files = Files.list(out.resolve("slides/lecture"))) {
      for (Path image : files.toList()) {
        if (!image.getFileName().toString().startsWith("3-")) {
          Files.copy(image, slides.resolve(image.getFileName()));
        }
      }
    }
    Run run = run("export", copy.resolve("lecture.json").toString(),
        "--pdf", dir.resolve("b.pdf").toString());
    assertEquals(1, run.exit(), run.out());
    assertTrue(run.err().contains("slides/lecture/3-"), run.err());
    assertFalse(Files.exists(dir.resolve("b.pdf")), "no half-written PDF is left behind");
  }

  /** It said "... (key slides/lecture/1-first.webp) is missing from directory .../lecture". */
  @Test
  void imagesNamingTheIdsFolderNameTheFolderToGive() throws Exception {
    Path copy = Files.createDirectories(dir.resolve("elsewhere"));
    Files.copy(out.resolve("manifests/lecture.json"), copy.resolve("lecture.json"));
    Run run = run("export", copy.resolve("lecture.json").toString(),
        "--images", out.resolve("slides/lecture").toString(), "--pdf",
        dir.resolve("c.pdf").toString());
    assertEquals(2, run.exit(), run.out());
    assertEquals("--images " + out.resolve("slides/lecture") + " holds no slides folder: give"
        + " the folder that holds slides/{id}/ (the --out folder of slides extract), here "
        + out.toAbsolutePath().normalize(), run.err().strip());
    Run right = run("export", copy.resolve("lecture.json").toString(), "--images",
        out.toString(), "--pdf", dir.resolve("c.pdf").toString());
    assertEquals(0, right.exit(), right.err());
  }

  /** It said "Cannot write x: /dir/.x123.part -> /dir/x: Is a directory", temp file and all. */
  @Test
  void anExportOntoAFolderSaysSoInPlainWords() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("slides.pdf"));
    Run run = run("export", out.resolve("manifests/lecture.json").toString(),
        "--pdf", folder.toString());
    assertEquals(1, run.exit(), run.out());
    assertEquals("Cannot write " + folder + ": it is a folder", run.err().strip());
    try (var left = Files.list(dir)) {
      assertEquals(List.of(folder), left.toList(), "nothing else is left beside it");
    }
  }

  /**
   * An export file that cannot be written was found out only once the whole video had been
   * analysed, and then named by a path alone ("Cannot write x/talk.pdf: /tmp/x").
   */
  @Test
  void anExportFileThatCannotBeWrittenIsRefusedBeforeAnyWork() throws Exception {
    Path file = Files.writeString(dir.resolve("notes"), "a file, not a folder");
    Path pdf = file.resolve("talk.pdf");
    Run run = run("extract", SAMPLE.toString(), "--out", dir.resolve("out").toString(),
        "--progress", "lines", "--csv", dir.resolve("fine.csv").toString(),
        "--pdf", pdf.toString());
    assertEquals(2, run.exit(), run.err());
    assertEquals("Cannot write " + pdf + ": a file stands where its folder should be (" + file
        + ")", run.err().strip());
    assertEquals("", run.out(), "nothing was started");
    assertFalse(Files.exists(dir.resolve("out")));
    Path folder = Files.createDirectories(dir.resolve("talk.html"));
    Run onto = run("extract", SAMPLE.toString(), "--out", dir.resolve("out").toString(),
        "--html", dir.resolve("{id}.html").toString(),
        "--video-id", "talk");
    assertEquals(2, onto.exit(), onto.err());
    assertEquals("Cannot write " + folder + ": it is a folder", onto.err().strip());
  }

  /** The output written last replaced the other without a word, exit 0. */
  @Test
  void twoOutputsNamingOneFileAreRefused() throws Exception {
    Path notes = dir.resolve("notes");
    Run extract = run("extract", SAMPLE.toString(), "--out", dir.resolve("out").toString(),
        "--progress", "lines", "--pdf", notes.toString(), "--csv", notes.toString());
    assertEquals(2, extract.exit(), extract.err());
    assertEquals("--pdf and --csv both name the file " + notes + ": give each its own",
        extract.err().strip());
    assertEquals("", extract.out(), "nothing was started");
    Run stats = run("extract", SAMPLE.toString(), "--out", dir.resolve("out").toString(),
        "--stats", dir.resolve("s.csv").toString(), "--csv", dir.resolve("./s.csv").toString());
    assertEquals(2, stats.exit(), stats.err());
    assertTrue(stats.err().startsWith("--stats and --csv both name the file "), stats.err());
    Run batch = run("extract", SAMPLE.toString(), SAMPLE.toString(),
        "--out", dir.resolve("out").toString(),
        "--pdf", dir.resolve("{id}.pdf").toString(), "--zip", dir.resolve("{id}.pdf")
            .toString());
    assertEquals(2, batch.exit(), batch.err());
    assertEquals("--pdf and --zip both name the file " + dir.resolve("lecture.pdf")
        + ": give each its own", batch.err().strip());
    Run export = run("export", out.resolve("manifests/lecture.json").toString(),
        "--html", notes.toString(), "--markdown", notes.toString());
    assertEquals(2, export.exit(), export.err());
    assertEquals("--html and --markdown both name the file " + notes + ": give each its own",
        export.err().strip());
    assertFalse(Files.exists(notes));
  }

  /** --stats emptied the video before it was read; --csv replaced it after. */
  @Test
  void anOutputThatNamesTheVideoOrManifestReadIsRefused() throws Exception {
    Path video = Files.copy(SAMPLE, dir.resolve("talk.mp4"));
    long size = Files.size(video);
    Run stats = run("extract", video.toString(), "--out", dir.resolve("out").toString(),
        "--stats", video.toString());
    assertEquals(2, stats.exit(), stats.err());
    assertEquals("--stats would replace " + video + ", which is being read: give it another"
        + " file", stats.err().strip());
    Run csv = run("extract", dir.toString(), "--out", dir.resolve("out").toString(),
        "--csv", dir.resolve("{id}.mp4").toString());
    assertEquals(2, csv.exit(), csv.err());
    assertTrue(csv.err().startsWith("--csv would replace "), csv.err());
    assertEquals(size, Files.size(video));
    Path manifest = out.resolve("manifests/lecture.json");
    Run export = run("export", manifest.toString(), "--html", manifest.toString());
    assertEquals(2, export.exit(), export.err());
    assertTrue(export.err().startsWith("--html would replace "), export.err());
    assertTrue(Files.readString(manifest).startsWith("{"));
  }

  /** The manifest, written at the end, replaced the statistics or export without a word. */
  @Test
  void anOutputThatNamesTheManifestToBeWrittenIsRefused() throws Exception {
    Path folder = dir.resolve("fresh");
    Path manifest = folder.resolve("manifests").resolve("lecture.json");
    Run stats = run("extract", SAMPLE.toString(), "--out", folder.toString(),
        "--stats", manifest.toString());
    assertEquals(2, stats.exit(), stats.err());
    assertEquals("--stats names the file of the manifest, " + manifest.toAbsolutePath()
        .normalize() + ": give it another file", stats.err().strip());
    Run csv = run("extract", SAMPLE.toString(), "--out", folder.toString(),
        "--csv", folder.resolve("manifests").resolve("{id}.json").toString());
    assertEquals(2, csv.exit(), csv.err());
    assertTrue(csv.err().startsWith("--csv names the file of the manifest, "), csv.err());
    assertEquals("", stats.out() + csv.out(), "nothing was started");
    assertFalse(Files.exists(folder), "nothing was written");
  }

  /** Where the library's write fails, its reason in words, not the path the JDK names. */
  @Test
  void anExportThatFailsWritingSaysWhyInWords() throws Exception {
    Path file = Files.writeString(dir.resolve("notes"), "a file, not a folder");
    Run run = run("export", out.resolve("manifests/lecture.json").toString(),
        "--pdf", file.resolve("talk.pdf").toString());
    assertEquals(1, run.exit(), run.err());
    assertEquals("Cannot write " + file.resolve("talk.pdf") + ": a file stands where its folder"
        + " should be", run.err().strip());
  }

  /**
   * {@code --pdf /dev/full --csv talk.csv}: the PDF fails, the CSV is written all the same (it
   * was not: the first file that failed ended the command, and the files after it were lost).
   */
  @Test
  void aFileThatCannotBeWrittenDoesNotCostTheOthers() throws Exception {
    Path blocker = Files.writeString(dir.resolve("notes"), "a file, not a folder");
    Path csv = dir.resolve("talk.csv");
    Path zip = dir.resolve("talk.zip");
    Run export = run("export", out.resolve("manifests/lecture.json").toString(),
        "--pdf", blocker.resolve("talk.pdf").toString(), "--csv", csv.toString(),
        "--zip", "/dev/full");
    assertEquals(1, export.exit(), export.err());
    assertEquals(List.of("Cannot write " + blocker.resolve("talk.pdf") + ": a file stands where"
        + " its folder should be", "Cannot write /dev/full: No space left on device"),
        export.err().strip().lines().toList());
    assertEquals("Wrote " + csv, export.out().strip());
    assertEquals(Files.readString(shared.resolve("exports/talk.csv")), Files.readString(csv));

    Files.delete(csv);
    Run extract = run("extract", SAMPLE.toString(), "--out", dir.resolve("out").toString(),
        "--progress", "none", "--pdf", "/dev/full", "--csv", csv.toString(),
        "--zip", zip.toString());
    assertEquals(1, extract.exit(), extract.err());
    assertTrue(extract.out().contains("Wrote " + csv + "\nWrote " + zip), extract.out());
    assertTrue(extract.err().contains("Export failed: Cannot write /dev/full: No space left on"
        + " device"), extract.err());
    assertEquals(Files.readString(shared.resolve("exports/talk.csv")), Files.readString(csv));
    assertEquals(zipEntries(shared.resolve("exports/talk.zip")), zipEntries(zip));
  }

  @Test
  void exportNeedsAFormatAndAManifest() {
    Run none = run("export", out.resolve("manifests/lecture.json").toString());
    assertEquals(2, none.exit());
    assertEquals("Nothing to write: give at least one of --pdf, --html, --markdown, --csv,"
        + " --zip\nSee 'slides export --help'.", none.err().strip());
    // The output folder of extract, as a user first tries: "No manifest file out" it said.
    Run folder = run("export", out.toString(), "--pdf", dir.resolve("x.pdf").toString());
    assertEquals(2, folder.exit());
    assertEquals(out + " is a folder: give one manifest file, such as "
        + out.resolve("manifests/lecture.json") + " (slides export takes one result at a time)",
        folder.err().strip());
    Run missing = run("export", dir.resolve("nope.json").toString(), "--pdf", "x.pdf");
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("No manifest file"), missing.err());
    // A server's metadata_uri, as a user tries next: "No manifest file http:/host/..." it said.
    Run url = run("export", "http://127.0.0.1:9/files/manifests/talk.json", "--pdf", "x.pdf");
    assertEquals(2, url.exit());
    assertEquals("http://127.0.0.1:9/files/manifests/talk.json is a URL: slides export reads a"
        + " manifest file; save it first (curl -o talk.json URL) and give that file (its images"
        + " come from the URLs it names)", url.err().strip());
  }

  @Test
  void aBatchNeedsIdInEachFileNameAndThenWritesOnePerVideo() throws Exception {
    Path videos = Files.createDirectory(dir.resolve("course"));
    Files.copy(SAMPLE, videos.resolve("one.mp4"));
    Files.copy(SAMPLE, videos.resolve("two.mp4"));
    Run refused = run("extract", videos.toString(), "--out", dir.resolve("o").toString(),
        "--progress", "none", "--pdf", dir.resolve("all.pdf").toString());
    assertEquals(2, refused.exit());
    assertTrue(refused.err().contains("put {id} in it"), refused.err());
    assertFalse(Files.exists(dir.resolve("o")), "nothing was extracted");

    Run batch = run("extract", videos.toString(), "--out", dir.resolve("o").toString(),
        "--progress", "none", "--csv", dir.resolve("csv/{id}.csv").toString());
    assertEquals(0, batch.exit(), batch.err());
    assertEquals(6, csv(dir.resolve("csv/one.csv")).stream()
        .filter(r -> r.get("kind").equals("static")).count());
    assertEquals(6, csv(dir.resolve("csv/two.csv")).stream()
        .filter(r -> r.get("kind").equals("static")).count());
  }

  /**
   * {@code --csv -} wrote a file named "-" and printed "Wrote -"; standard output must carry
   * the export alone, so that {@code slides export m.json --csv - | column -t -s,} works.
   */
  @Test
  void anExportToStandardOutputIsTheFileAndNothingElse() throws Exception {
    Path manifest = out.resolve("manifests/lecture.json");
    Run run = run("export", manifest.toString(), "--csv", "-",
        "--pdf", dir.resolve("d.pdf").toString());
    assertEquals(0, run.exit(), run.err());
    assertArrayEquals(Files.readAllBytes(shared.resolve("exports/talk.csv")), run.outBytes());
    assertEquals("Wrote " + dir.resolve("d.pdf"), run.err().strip(), "the file written is said"
        + " on standard error");
    assertEquals(6, pdfPages(dir.resolve("d.pdf")));
    assertFalse(Files.exists(Path.of("-")), "no file named -");
  }

  /** A PDF or ZIP piped into a file is the one written by name, byte for byte. */
  @Test
  void aBinaryExportToStandardOutputIsByteIdenticalToTheFile() throws Exception {
    Path manifest = out.resolve("manifests/lecture.json");
    for (String format : List.of("pdf", "zip")) {
      Path file = dir.resolve("e." + format);
      Run named = run("export", manifest.toString(), "--" + format, file.toString());
      assertEquals(0, named.exit(), named.err());
      Run piped = run("export", manifest.toString(), "--" + format, "-");
      assertEquals(0, piped.exit(), piped.err());
      assertEquals("", piped.err());
      assertArrayEquals(Files.readAllBytes(file), piped.outBytes(), format);
    }
  }

  /**
   * {@code slides extract --csv -}: the CSV alone on standard output; progress, the summary
   * and the names of other files written go to standard error.
   */
  @Test
  void extractToStandardOutputPrintsItsProgressAndSummaryOnStandardError() throws Exception {
    Path folder = dir.resolve("out");
    Run run = run("extract", SAMPLE.toString(), "--out", folder.toString(),
        "--progress", "lines", "--csv", "-", "--html", dir.resolve("f.html").toString());
    assertEquals(0, run.exit(), run.err());
    Run reference = run("export", folder.resolve("manifests/lecture.json").toString(),
        "--csv", dir.resolve("f.csv").toString());
    assertEquals(0, reference.exit(), reference.err());
    assertArrayEquals(Files.readAllBytes(dir.resolve("f.csv")), run.outBytes(), run.out());
    assertTrue(run.err().contains("%"), "progress lines: " + run.err());
    assertTrue(run.err().contains("Slides found:  6"), run.err());
    assertTrue(run.err().contains("Wrote " + dir.resolve("f.html")), run.err());
  }

  /** {@code --stats -}: the statistics, as the file has them, alone on standard output. */
  @Test
  void statisticsToStandardOutput() throws Exception {
    Run run = run("extract", SAMPLE.toString(), "--out", dir.resolve("out").toString(),
        "--progress", "lines", "--stats", "-");
    assertEquals(0, run.exit(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(StatsFile.HEADER, lines.get(0));
    assertTrue(lines.size() > 10, run.out());
    assertTrue(lines.stream().allMatch(l -> l.split(",", -1).length == 9), run.out());
    assertTrue(run.err().contains("Slides found:  6"), run.err());
  }

  /** Two outputs on standard output would be mixed together: refused before any work. */
  @Test
  void twoOutputsToStandardOutputAreRefused() throws Exception {
    Path folder = dir.resolve("out");
    Run two = run("extract", SAMPLE.toString(), "--out", folder.toString(),
        "--progress", "lines", "--pdf", "-", "--csv", "-");
    assertEquals(2, two.exit(), two.err());
    assertEquals("--pdf - and --csv - would both write to standard output, mixed together:"
        + " give one of them a file name", two.err().strip());
    assertEquals("", two.out(), "nothing was started");
    Run stats = run("extract", SAMPLE.toString(), "--out", folder.toString(),
        "--stats", "-", "--zip", "-");
    assertEquals(2, stats.exit(), stats.err());
    assertEquals("--stats - and --zip - would both write to standard output, mixed together:"
        + " give one of them a file name", stats.err().strip());
    assertFalse(Files.exists(folder), "nothing was written");
    Run export = run("export", out.resolve("manifests/lecture.json").toString(),
        "--html", "-", "--markdown", "-", "--csv", "-");
    assertEquals(2, export.exit(), export.err());
    assertEquals("--html -, --markdown -, --csv - would all write to standard output, mixed"
        + " together: give all but one a file name", export.err().strip());
    assertEquals("", export.out());
  }

  @Test
  void standardOutputInABatchIsRefused() throws Exception {
    Run batch = run("extract", SAMPLE.toString(), SAMPLE.toString(),
        "--out", dir.resolve("out").toString(), "--csv", "-");
    assertEquals(2, batch.exit(), batch.err());
    assertEquals("--csv - writes to standard output, which takes one video; these arguments"
        + " name 2: give a file name with {id} (for example exports/{id}.csv)"
        + ExtractCommandTest.SEE_HELP, batch.err().strip());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  private static long storedImages() throws Exception {
    try (var files = Files.list(out.resolve("slides/lecture"))) {
      return files.count();
    }
  }

  private static int pdfPages(Path pdf) throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      return doc.getNumberOfPages();
    }
  }

  private static List<CSVRecord> csv(Path file) throws Exception {
    try (var reader = Files.newBufferedReader(file)) {
      return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
          .parse(reader).getRecords();
    }
  }

  private static List<String> zipEntries(Path zip) throws Exception {
    List<String> names = new ArrayList<>();
    try (InputStream in = Files.newInputStream(zip); ZipInputStream entries =
        new ZipInputStream(in)) {
      for (ZipEntry e; (e = entries.getNextEntry()) != null; ) {
        names.add(e.getName());
      }
    }
    return names;
  }

  private static long count(String text, String part) {
    long n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
