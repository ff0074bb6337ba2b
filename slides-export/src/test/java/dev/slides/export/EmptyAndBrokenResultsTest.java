package dev.slides.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.slides.testing.BadFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results without slides, with a missing image, and manifests that are not what they claim. */
class EmptyAndBrokenResultsTest {
  @TempDir static Path out;
  static SlideDeck empty;

  @BeforeAll
  static void extract() throws Exception {
    ExtractedResult.motionOnly(out, "motion");
    empty = SlideDeck.fromDirectory(out, "motion");
  }

  @Test
  void aResultWithoutSlidesGivesAOnePagePdfSayingSo() throws Exception {
    assertTrue(empty.slides().isEmpty());
    assertFalse(empty.segments().isEmpty());
    try (PDDocument doc = Loader.loadPDF(export(ExportFormat.PDF, empty))) {
      assertEquals(1, doc.getNumberOfPages());
      String text = new PDFTextStripper().getText(doc);
      assertTrue(text.contains("No slides"), text);
      assertTrue(text.contains("video motion"), text);
      assertEquals("Slides of motion", doc.getDocumentInformation().getTitle());
      assertEquals(null, doc.getDocumentCatalog().getDocumentOutline());
    }
  }

  @Test
  void thePdfWithoutSlidesCountsTheSegmentsInWords() throws Exception {
    String moving = "{\"kind\":\"moving\",\"start_time\":0,\"end_time\":3,\"duration\":3}";
    String more = moving + ",{\"kind\":\"moving\",\"start_time\":3,\"end_time\":7,"
        + "\"duration\":4}";
    assertTrue(pdfText(moving).contains(" long, 1 segment)."), pdfText(moving));
    assertTrue(pdfText(more).contains(" long, 2 segments)."), pdfText(more));
  }

  private static String pdfText(String segments) throws IOException {
    SlideDeck deck = SlideDeck.read(manifest(segments), frame -> Optional.empty());
    try (PDDocument doc = Loader.loadPDF(export(ExportFormat.PDF, deck))) {
      return new PDFTextStripper().getText(doc);
    }
  }

  @Test
  void aResultWithoutSlidesGivesValidHtmlMarkdownCsvAndZip() throws Exception {
    String html = new String(export(ExportFormat.HTML, empty), StandardCharsets.UTF_8);
    assertTrue(html.contains("No still slide was found"));
    assertTrue(html.trim().endsWith("</html>"));
    assertFalse(html.contains("<img"));

    String md = new String(export(ExportFormat.MARKDOWN, empty), StandardCharsets.UTF_8);
    assertTrue(md.startsWith("# Slides of motion\n"));
    assertTrue(md.contains("No still slide was found"));
    assertFalse(md.contains("## "));

    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    try (CSVParser csv = CSVParser.parse(new StringReader(
        new String(export(ExportFormat.CSV, empty), StandardCharsets.UTF_8)), format)) {
      List<CSVRecord> rows = csv.getRecords();
      assertEquals(empty.segments().size(), rows.size());
      assertEquals("moving", rows.get(0).get("kind"));
      assertEquals("", rows.get(0).get("slide"));
    }

    List<String> names = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(
        new ByteArrayInputStream(export(ExportFormat.ZIP, empty)))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        names.add(e.getName());
      }
    }
    assertEquals(List.of("manifest.json"), names);
  }

  @Test
  void aMissingImageFailsTheExportNamingTheFrame(@TempDir Path dir) throws Exception {
    ExtractedResult.sampleLecture(dir, "talk");
    SlideDeck deck = SlideDeck.fromDirectory(dir, "talk");
    // Slide 1's only image: its last frame repeats its first.
    Files.delete(dir.resolve("slides/talk/1-first.webp"));
    for (ExportFormat format : List.of(ExportFormat.PDF, ExportFormat.HTML, ExportFormat.ZIP)) {
      Path file = dir.resolve("talk." + format.extension());
      MissingSlideImageException e = assertThrows(MissingSlideImageException.class,
          () -> SlideExporter.defaults().write(format, deck, file), format.name());
      assertEquals("1-first.webp", e.frameId());
      assertEquals("slides/talk/1-first.webp", e.key());
      assertEquals("talk", e.videoId());
      assertTrue(e.getMessage().contains("1-first.webp"), e.getMessage());
      assertTrue(e.getMessage().contains("directory " + dir.toAbsolutePath()), e.getMessage());
      assertFalse(Files.exists(file), "no partial " + file.getFileName());
    }
    // The CSV needs no image.
    assertTrue(export(ExportFormat.CSV, deck).length > 0);
  }

  /**
   * Markdown writes its images beside the note first: a missing third image left the first two
   * in a new folder beside a note that was never written.
   */
  @Test
  void aMarkdownExportThatFailsLeavesNoImagesBehind(@TempDir Path dir) throws Exception {
    ExtractedResult.sampleLecture(dir, "talk");
    SlideDeck deck = SlideDeck.fromDirectory(dir, "talk");
    Files.delete(dir.resolve("slides/talk/3-first.webp"));
    Path notes = dir.resolve("notes/talk.md");
    Path images = dir.resolve("notes/talk-slides");
    MissingSlideImageException e = assertThrows(MissingSlideImageException.class,
        () -> SlideExporter.defaults().writeMarkdown(deck, notes, images));
    assertEquals("3-first.webp", e.frameId());
    try (var left = Files.list(dir.resolve("notes"))) {
      assertEquals(List.of(), left.toList(), "neither the note nor its images");
    }
  }

  @Test
  void anUnreadableImageIsReportedWithItsKeyAndSource() throws Exception {
    SlideDeck deck = SlideDeck.read(ExtractedResult.stored(out, "manifests/motion.json"),
        frame -> Optional.empty());
    assertTrue(deck.slides().isEmpty(), "no image is needed");
    SlideDeck broken = SlideDeck.read(manifest("""
        {"kind":"static","start_time":0.0,"end_time":5.0,"duration":5.0,
         "first_frame":{"frame_id":"1-first.webp","duplicate_of":null,"url":"u"},
         "last_frame":{"frame_id":"1-last.webp",
                       "duplicate_of":{"segment_id":1,"frame_position":"first"},"url":"u"}}"""),
        frame -> Optional.of("not an image".getBytes(StandardCharsets.UTF_8)));
    // Every export that shows the image refuses it, in the same words: the HTML page used to
    // embed it as application/octet-stream, which no browser shows.
    for (ExportFormat format : List.of(ExportFormat.HTML, ExportFormat.PDF)) {
      IOException e = assertThrows(IOException.class,
          () -> SlideExporter.defaults().write(format, broken, new ByteArrayOutputStream()));
      assertEquals("The image of slide 1 (1-first.webp) is not a WebP, PNG or JPEG file",
          e.getMessage(), format.name());
    }
  }

  @Test
  void pngAndJpegImagesAreShownByThePdfAsByTheHtml() throws Exception {
    // A store that keeps (or converts) the images as PNG or JPEG: a browser shows them, so the
    // HTML embedded them with their type; the PDF refused them as not WebP.
    java.awt.image.BufferedImage picture =
        new java.awt.image.BufferedImage(320, 180, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
    java.awt.Graphics2D g = picture.createGraphics();
    g.setColor(java.awt.Color.ORANGE);
    g.fillRect(0, 0, 320, 180);
    g.dispose();
    for (String type : List.of("png", "jpeg")) {
      ByteArrayOutputStream encoded = new ByteArrayOutputStream();
      assertTrue(javax.imageio.ImageIO.write(picture, type, encoded), type);
      SlideDeck deck = SlideDeck.read(manifest("""
          {"kind":"static","start_time":0.0,"end_time":5.0,"duration":5.0,
           "first_frame":{"frame_id":"1-first.webp","duplicate_of":null,"url":"u"},
           "last_frame":{"frame_id":"1-last.webp",
                         "duplicate_of":{"segment_id":1,"frame_position":"first"},"url":"u"}}"""),
          frame -> Optional.of(encoded.toByteArray()));
      String html = new String(export(ExportFormat.HTML, deck), StandardCharsets.UTF_8);
      assertTrue(html.contains("src=\"data:image/" + type + ";base64,"), type);
      try (PDDocument doc = Loader.loadPDF(export(ExportFormat.PDF, deck))) {
        assertEquals(1, doc.getNumberOfPages(), type);
        org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject image =
            (org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject) doc.getPage(0)
                .getResources().getXObject(doc.getPage(0).getResources().getXObjectNames()
                    .iterator().next());
        assertEquals(320, image.getWidth(), type);
        assertEquals(180, image.getHeight(), type);
      }
    }
  }

  @Test
  void markdownOfAManifestWithoutImageUrlsIsRefusedBeforeAnythingIsWritten() throws Exception {
    SlideDeck deck = SlideDeck.read(manifest("""
        {"kind":"static","start_time":0.0,"end_time":5.0,
         "first_frame":{"frame_id":"1-first.webp","duplicate_of":null,"url":null},
         "last_frame":{"frame_id":"1-last.webp","duplicate_of":null,"url":null}}"""),
        frame -> Optional.empty());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    IOException e = assertThrows(IOException.class,
        () -> SlideExporter.defaults().write(ExportFormat.MARKDOWN, deck, out));
    assertEquals("The manifest gives no URL for 1-first.webp; write the Markdown with its"
        + " images beside it instead", e.getMessage());
    assertEquals(0, out.size(), "nothing written");
  }

  @Test
  void manifestsThatAreNotManifestsAreRefusedWithTheReason() {
    assertRefused("{}", "expected one video id");
    assertRefused("[1]", "no JSON object");
    assertRefused("{\"a\":{}, \"b\":{}}", "found 2 keys");
    assertRefused("{\"../x\":{\"segments\":[]}}", "invalid video id");
    assertRefused("{\"a\":{\"updated_at\":\"2024-01-01T00:00:00+00:00\"}}", "no segments");
    assertRefused("not json", "not valid JSON");
    // The start of an MP4, given to slides export instead of slides extract.
    byte[] video = {0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0};
    IOException binary = assertThrows(IOException.class,
        () -> SlideDeck.read(video, frame -> Optional.empty()));
    assertEquals("Not a manifest: binary data, not JSON text", binary.getMessage());
    assertRefused(manifestText("""
        {"kind":"static","start_time":0.0,"end_time":5.0}"""),
        "segment 1 of v, first_frame is missing");
    assertRefused(manifestText("""
        {"kind":"moving","start_time":4.0,"end_time":3.0}"""), "ends before it starts");
    assertRefused(manifestText("""
        {"kind":"static","start_time":0.0,"end_time":5.0,
         "first_frame":{"frame_id":"../../etc/passwd","duplicate_of":null,"url":"u"},
         "last_frame":{"frame_id":"1-last.webp","duplicate_of":null,"url":"u"}}"""),
        "invalid frame_id");
    assertRefused(manifestText("""
        {"kind":"static","start_time":0.0,"end_time":5.0,
         "first_frame":{"frame_id":"1-first.webp",
                        "duplicate_of":{"segment_id":7,"frame_position":"first"},"url":"u"},
         "last_frame":{"frame_id":"1-last.webp","duplicate_of":null,"url":"u"}}"""),
        "repeats 7-first, which is not a slide frame of v");
  }

  @Test
  void fieldsAManifestMayGainLaterAreIgnored() throws Exception {
    SlideDeck deck = SlideDeck.read(("""
        {"v":{"segments":[{"kind":"moving","start_time":0.0,"end_time":3.5,"duration":3.5,
                           "confidence":0.9}],
              "updated_at":"2024-01-02T03:04:05.123456+00:00","source":"x"}}""")
        .getBytes(StandardCharsets.UTF_8), frame -> Optional.empty());
    assertEquals(1, deck.segments().size());
    assertEquals(3.5, deck.durationSeconds());
    assertEquals("2024-01-02T03:04:05.123456Z", deck.updatedAt().orElseThrow().toString());
  }

  /** CSV files are opened in spreadsheets, which run a cell starting with = as a formula. */
  @Test
  void manifestTextThatASpreadsheetWouldRunIsDefusedInTheCsv() throws Exception {
    SlideDeck deck = SlideDeck.read(manifest("""
        {"kind":"=HYPERLINK(\\"http://example.com/x\\",\\"click\\")","start_time":0.0,
         "end_time":1.0},
        {"kind":"@SUM(1+1)","start_time":1.0,"end_time":2.0},
        {"kind":"static","start_time":2.0,"end_time":5.0,
         "first_frame":{"frame_id":"-1-first.webp","duplicate_of":null,"url":"u"},
         "last_frame":{"frame_id":"1-last.webp","duplicate_of":null,"url":"u"}}"""),
        frame -> Optional.empty());
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    try (CSVParser csv = CSVParser.parse(new StringReader(
        new String(export(ExportFormat.CSV, deck), StandardCharsets.UTF_8)), format)) {
      List<CSVRecord> rows = csv.getRecords();
      assertEquals("'=HYPERLINK(\"http://example.com/x\",\"click\")", rows.get(0).get("kind"));
      assertEquals("'@SUM(1+1)", rows.get(1).get("kind"));
      assertEquals("static", rows.get(2).get("kind"));
      assertEquals("'-1-first.webp", rows.get(2).get("first_frame_id"));
      assertEquals("1-last.webp", rows.get(2).get("last_frame_id"));
    }
  }

  @Test
  void aMissingManifestNamesItsPath(@TempDir Path dir) {
    IOException e = assertThrows(IOException.class, () -> SlideDeck.fromDirectory(dir, "nope"));
    assertTrue(e.getMessage().contains(dir.resolve("manifests/nope.json").toString()),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SlideDeck.fromDirectory(dir, "../x"));
  }

  /**
   * A manifest this user may not read was reported by its path alone, which the command line
   * printed as all it had to say.
   */
  @Test
  void aManifestThatMayNotBeReadSaysSo(@TempDir Path dir) throws Exception {
    ExtractedResult.sampleLecture(dir, "talk");
    Path manifest = dir.resolve("manifests/talk.json");
    Files.delete(manifest);
    BadFiles.unreadable(manifest);
    IOException e = assertThrows(IOException.class, () -> SlideDeck.fromDirectory(dir, "talk"));
    assertEquals(manifest + ": Cannot read the manifest: permission denied", e.getMessage());
  }

  /**
   * An image this user may not read ended its message with the image's path ("Cannot read the
   * image ... from directory out: out/slides/talk/1-first.webp"). A link out of the directory
   * reads as a missing image on purpose, and root reads every file: this needs another user than
   * CI's root.
   */
  @Test
  void anImageThatMayNotBeReadSaysSo(@TempDir Path dir) throws Exception {
    ExtractedResult.sampleLecture(dir, "talk");
    SlideDeck deck = SlideDeck.fromDirectory(dir, "talk");
    Files.setPosixFilePermissions(dir.resolve("slides/talk/1-first.webp"),
        PosixFilePermissions.fromString("-w-------"));
    assumeFalse(Files.isReadable(dir.resolve("slides/talk/1-first.webp")),
        "root may read every file");
    IOException refused = assertThrows(IOException.class,
        () -> SlideExporter.defaults().write(ExportFormat.PDF, deck, dir.resolve("talk.pdf")));
    assertEquals("Cannot read the image slides/talk/1-first.webp of video talk from directory "
        + dir.toAbsolutePath() + ": permission denied", refused.getMessage());
  }

  private static void assertRefused(String json, String reason) {
    IOException e = assertThrows(IOException.class,
        () -> SlideDeck.read(json.getBytes(StandardCharsets.UTF_8), frame -> Optional.empty()),
        json);
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  static String manifestText(String segment) {
    return "{\"v\":{\"segments\":[" + segment
        + "],\"updated_at\":\"2024-01-01T00:00:00.000000+00:00\"}}";
  }

  static byte[] manifest(String segment) {
    return manifestText(segment).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] export(ExportFormat format, SlideDeck deck) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SlideExporter.defaults().write(format, deck, bytes);
    return bytes.toByteArray();
  }
}
