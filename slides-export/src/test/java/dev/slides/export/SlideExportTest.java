package dev.slides.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.ExtractionResult;
import dev.slides.InMemoryBlobStore;
import dev.slides.export.SlideDeck.Frame;
import dev.slides.export.SlideDeck.Segment;
import dev.slides.testing.DecodedImage;
import dev.slides.testing.NamedPipe;
import dev.slides.testing.SampleLecture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.COSObjectable;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureElement;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureTreeRoot;
import org.apache.pdfbox.pdmodel.documentinterchange.markedcontent.PDMarkedContent;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.text.PDFMarkedContentExtractor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every format, checked on its structure, for a real result: the sample lecture extracted by
 * slides-core into a directory as {@code slides extract} writes it.
 */
class SlideExportTest {
  static final String ID = "lecture";
  static final Pattern HEADING = Pattern.compile("^## \\[\\d\\d:\\d\\d\u2013\\d\\d:\\d\\d\\]$",
      Pattern.MULTILINE);

  @TempDir static Path out;
  static ExtractionResult result;
  static SlideDeck deck;

  @BeforeAll
  static void extract() throws Exception {
    result = ExtractedResult.sampleLecture(out, ID);
    deck = SlideDeck.fromDirectory(out, ID);
  }

  /** Every format of the sample under target/export-samples, for people to look at. */
  @AfterAll
  static void keepSamplesForPeople() throws IOException {
    Path samples = Path.of("target", "export-samples");
    for (ExportFormat format : ExportFormat.values()) {
      SlideExporter.defaults().write(format, deck, samples.resolve(ID + "." + format.extension()));
    }
  }

  @Test
  void summariesCountSlidesAndSegmentsInWords() throws Exception {
    byte[] image = ExtractedResult.stored(out, "slides/" + ID + "/1-first.webp");
    SlideDeck one = SlideDeck.read(EmptyAndBrokenResultsTest.manifest("""
        {"kind":"static","start_time":0,"end_time":5,"duration":5,
         "first_frame":{"frame_id":"1-first.webp","duplicate_of":null,"url":"https://x/1.webp"},
         "last_frame":{"frame_id":"1-last.webp",
                       "duplicate_of":{"segment_id":1,"frame_position":"first"},
                       "url":"https://x/1.webp"}}"""), frame -> Optional.of(image));
    assertSummaries(one, "1 slide", "1 segment");
    int slides = deck.slides().size();
    int segments = deck.segments().size();
    assertTrue(slides > 1 && segments > 1);
    assertSummaries(deck, slides + " slides", segments + " segments");
  }

  private static void assertSummaries(SlideDeck d, String slides, String segments)
      throws IOException {
    String md = new String(EmptyAndBrokenResultsTest.export(ExportFormat.MARKDOWN, d),
        StandardCharsets.UTF_8);
    assertTrue(md.contains("\n" + slides + " from "), md);
    String html = new String(EmptyAndBrokenResultsTest.export(ExportFormat.HTML, d),
        StandardCharsets.UTF_8);
    assertTrue(html.contains(">" + slides + " \u00b7 " + segments + " \u00b7 "), html);
    try (PDDocument doc = Loader.loadPDF(EmptyAndBrokenResultsTest.export(ExportFormat.PDF, d))) {
      String subject = doc.getDocumentInformation().getSubject();
      assertTrue(subject.startsWith(slides + " from video " + d.videoId() + ", "), subject);
    }
  }

  @Test
  void theDeckIsTheManifestSlidesCoreWrote() throws Exception {
    assertEquals(ID, deck.videoId());
    assertEquals(SampleLecture.EXPECTED_SLIDES, deck.slides().size());
    assertEquals(result.segments().size(), deck.segments().size());
    for (int i = 0; i < deck.segments().size(); i++) {
      assertEquals(result.segments().get(i).startTime(), deck.segments().get(i).startTime(),
          0.0005);
      assertEquals(result.segments().get(i).endTime(), deck.segments().get(i).endTime(), 0.0005);
      assertEquals(result.segments().get(i).isStatic(), deck.segments().get(i).isStatic());
    }
    assertTrue(deck.updatedAt().isPresent());
    assertArrayEquals(ExtractedResult.stored(out, "manifests/" + ID + ".json"),
        deck.manifestJson());
    // The sample shows "Method" twice: slide 5 repeats slide 3, and slide 2 is a build.
    assertEquals(3, deck.slides().get(4).repeatsSlide());
    assertEquals(2, deck.distinctFrames(deck.slides().get(1)).size());
    assertEquals(1, deck.distinctFrames(deck.slides().get(0)).size());
  }

  @Test
  void aDuplicateFrameReusesTheImageOfTheFrameItRepeats() throws Exception {
    Segment again = deck.slides().get(4);
    Frame repeated = again.firstFrame();
    assertTrue(repeated.duplicateOf().startsWith("3-"), repeated.duplicateOf());
    // Not stored again...
    assertFalse(Files.exists(out.resolve(repeated.key())));
    // ...yet its image is the one of the frame it repeats.
    Frame original = deck.original(repeated);
    assertEquals("slides/" + ID + "/" + repeated.duplicateOf() + ".webp", original.key());
    assertArrayEquals(ExtractedResult.stored(out, original.key()), deck.image(repeated));
  }

  @Test
  void anInMemoryStoreServesAsTheImageSource() throws Exception {
    InMemoryBlobStore store = new InMemoryBlobStore();
    try (var files = Files.walk(out)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String key = out.relativize(file).toString().replace('\\', '/');
        if (key.startsWith("slides/") || key.startsWith("manifests/")) {
          store.put(key, Files.readAllBytes(file), "application/octet-stream");
        }
      }
    }
    // What a BlobStore with a read method would give: the bytes stored under the frame's key.
    SlideImages fromStore = frame -> store.get(frame.key()).map(InMemoryBlobStore.Blob::content);
    SlideDeck fromMemory = SlideDeck.read(
        store.get("manifests/" + ID + ".json").orElseThrow().content(), fromStore);
    assertArrayEquals(export(ExportFormat.ZIP), exportOf(ExportFormat.ZIP, fromMemory));
    assertArrayEquals(export(ExportFormat.HTML), exportOf(ExportFormat.HTML, fromMemory));
  }

  @Test
  void imagesAreOnlyAskedForFramesThatAreStored() throws Exception {
    Set<String> asked = ConcurrentHashMap.newKeySet();
    SlideImages local = SlideImages.directory(out);
    SlideImages recording = frame -> {
      asked.add(frame.key());
      return local.read(frame);
    };
    SlideDeck watched = SlideDeck.read(deck.manifestJson(), recording);
    for (ExportFormat format : ExportFormat.values()) {
      SlideExporter.defaults().write(format, watched, new ByteArrayOutputStream());
    }
    Set<String> stored = new HashSet<>();
    for (Frame frame : deck.storedFrames()) {
      stored.add(frame.key());
      assertTrue(Files.exists(out.resolve(frame.key())), frame.key());
    }
    assertEquals(stored, asked);
  }

  @Test
  void pdfHasOnePagePerSlideShapedLikeItsImageWithTheTimeRanges() throws Exception {
    byte[] pdf = export(ExportFormat.PDF);
    assertTrue(new String(pdf, 0, 5, StandardCharsets.US_ASCII).startsWith("%PDF-"));
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      assertEquals(deck.slides().size(), doc.getNumberOfPages());
      assertEquals("Slides of " + ID, doc.getDocumentInformation().getTitle());
      assertEquals(ID, doc.getDocumentInformation().getCustomMetadataValue("VideoId"));
      List<PDOutlineItem> outline = new ArrayList<>();
      doc.getDocumentCatalog().getDocumentOutline().children().forEach(outline::add);
      assertEquals(deck.slides().size(), outline.size());
      for (int i = 0; i < deck.slides().size(); i++) {
        Segment slide = deck.slides().get(i);
        PDPage page = doc.getPage(i);
        PDImageXObject image = onlyImage(page);
        DecodedImage expected = DecodedImage.decode(deck.image(slide.lastFrame()));
        assertEquals(expected.width, image.getWidth(), "slide " + (i + 1));
        assertEquals(expected.height, image.getHeight(), "slide " + (i + 1));
        PDRectangle box = page.getMediaBox();
        float footer = box.getHeight() - box.getWidth() * expected.height / expected.width;
        assertTrue(footer > 10 && footer < 30, "footer band of " + footer + " pt");

        COSDictionary data = page.getCOSObject().getCOSDictionary(COSName.PIECE_INFO)
            .getCOSDictionary(COSName.getPDFName("SlidesExport"))
            .getCOSDictionary(COSName.PRIVATE);
        assertEquals(slide.startTime(), data.getFloat("StartTime"), 0.001);
        assertEquals(slide.endTime(), data.getFloat("EndTime"), 0.001);
        String range = timeCode(slide.startTime()) + "\u2013" + timeCode(slide.endTime());
        assertEquals(range, data.getString("TimeRange"));
        assertEquals("Slide " + (i + 1) + " [" + range + "]", outline.get(i).getTitle());
        assertEquals(page, outline.get(i).findDestinationPage(doc));
      }
    }
  }

  /**
   * Tagged, so that a screen reader names each page's slide instead of skipping an untagged
   * image: a Figure per page with its time range as alternate text, the footer's two parts
   * paragraphs (read as one, "00:15" ran into the video id), each tied to its marked content
   * on the page (MCID) and back (parent tree).
   */
  @Test
  void pdfIsTaggedWithEachSlidesTimeRangeAsItsAlternateText() throws Exception {
    try (PDDocument doc = Loader.loadPDF(export(ExportFormat.PDF))) {
      assertTrue(doc.getDocumentCatalog().getMarkInfo().isMarked());
      PDStructureTreeRoot root = doc.getDocumentCatalog().getStructureTreeRoot();
      PDStructureElement document = (PDStructureElement) root.getKids().get(0);
      assertEquals("Document", document.getStructureType());
      List<Object> elements = document.getKids();
      assertEquals(3 * deck.slides().size(), elements.size());
      for (int i = 0; i < deck.slides().size(); i++) {
        Segment slide = deck.slides().get(i);
        PDPage page = doc.getPage(i);
        PDStructureElement figure = (PDStructureElement) elements.get(3 * i);
        PDStructureElement footer = (PDStructureElement) elements.get(3 * i + 1);
        PDStructureElement id = (PDStructureElement) elements.get(3 * i + 2);
        assertEquals("Figure", figure.getStructureType());
        assertEquals("Slide " + (i + 1) + ", shown " + timeCode(slide.startTime()) + "\u2013"
            + timeCode(slide.endTime()), figure.getAlternateDescription());
        assertEquals("P", footer.getStructureType());
        assertEquals("P", id.getStructureType());
        assertEquals(page, figure.getPage());
        assertEquals(List.of(0), figure.getKids());
        assertEquals(List.of(1), footer.getKids());
        assertEquals(List.of(2), id.getKids());
        COSArray parents = (COSArray) ((COSObjectable) root.getParentTree()
            .getValue(page.getStructParents())).getCOSObject();
        assertEquals(figure.getCOSObject(), parents.getObject(0));
        assertEquals(footer.getCOSObject(), parents.getObject(1));
        assertEquals(id.getCOSObject(), parents.getObject(2));
        PDFMarkedContentExtractor marked = new PDFMarkedContentExtractor();
        marked.processPage(page);
        List<PDMarkedContent> contents = marked.getMarkedContents();
        assertEquals(List.of("Figure", "P", "P"), contents.stream()
            .map(PDMarkedContent::getTag).toList());
        assertEquals(List.of(0, 1, 2), contents.stream().map(PDMarkedContent::getMCID).toList());
        assertTrue(contents.get(0).getContents().stream()
            .anyMatch(c -> c instanceof PDImageXObject), "the image is the Figure's content");
      }
    }
  }

  @Test
  void pdfPixelsAreTheSlideImagesColours() throws Exception {
    // Channel order and colour range survive WebP -> FFmpeg -> RGB -> JPEG: backgrounds (one
    // slide dark, the others light) within 6 levels; the blue accent, smaller and so softened
    // more by JPEG, within 16 (swapped channels are off by 100 there).
    int accents = 0;
    try (PDDocument doc = Loader.loadPDF(export(ExportFormat.PDF))) {
      for (int i = 0; i < deck.slides().size(); i++) {
        DecodedImage expected = DecodedImage.decode(deck.image(deck.slides().get(i).lastFrame()));
        java.awt.image.BufferedImage actual = onlyImage(doc.getPage(i)).getImage();
        Optional<int[]> accent = bluest(expected);
        accents += accent.isPresent() ? 1 : 0;
        int[][] points = {{5, 5}, {expected.width / 2, expected.height - 5},
            accent.orElse(new int[] {5, 5})};
        int[] tolerance = {6, 6, 16};
        for (int p = 0; p < points.length; p++) {
          int[] at = points[p];
          int[] want = expected.rgb(at[0], at[1]);
          int got = actual.getRGB(at[0], at[1]);
          int[] have = {got >> 16 & 0xFF, got >> 8 & 0xFF, got & 0xFF};
          for (int c = 0; c < 3; c++) {
            assertEquals(want[c], have[c], tolerance[p], "slide " + (i + 1) + " channel " + c
                + " at " + at[0] + "," + at[1]);
          }
        }
      }
    }
    assertTrue(accents >= 3, accents + " slides with a blue accent to check");
  }

  @Test
  void aSlideShownAgainReusesTheEmbeddedImageInThePdf() throws Exception {
    try (PDDocument doc = Loader.loadPDF(export(ExportFormat.PDF))) {
      Set<Object> images = new HashSet<>();
      for (PDPage page : doc.getPages()) {
        images.add(imageReference(page));
      }
      Set<Frame> distinct = new HashSet<>();
      deck.slides().forEach(s -> distinct.add(deck.original(s.lastFrame())));
      assertTrue(distinct.size() < deck.slides().size(), "the sample repeats a slide");
      assertEquals(distinct.size(), images.size());
      assertEquals(imageReference(doc.getPage(2)), imageReference(doc.getPage(4)));
    }
  }

  @Test
  void pdfWithoutFooterIsExactlyTheImageShapeAndCanBeLossless() throws Exception {
    SlideExporter exporter = SlideExporter.builder().pdfFooter(false).pdfLossless().build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    exporter.write(ExportFormat.PDF, deck, bytes);
    try (PDDocument doc = Loader.loadPDF(bytes.toByteArray())) {
      PDPage page = doc.getPage(0);
      PDImageXObject image = onlyImage(page);
      assertEquals("png", image.getSuffix()); // Flate, not DCT
      PDRectangle box = page.getMediaBox();
      assertEquals((double) image.getWidth() / image.getHeight(),
          box.getWidth() / box.getHeight(), 0.001);
    }
  }

  @Test
  void csvHasOneRowPerSegmentWithTimesAndFrames() throws Exception {
    String csv = new String(export(ExportFormat.CSV), StandardCharsets.UTF_8);
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    try (CSVParser parser = CSVParser.parse(new StringReader(csv), format)) {
      assertEquals(List.of("kind", "slide", "start", "end", "duration", "first_frame_id",
          "last_frame_id", "first_duplicate_of", "last_duplicate_of"), parser.getHeaderNames());
      List<CSVRecord> rows = parser.getRecords();
      assertEquals(deck.segments().size(), rows.size());
      assertTrue(deck.segments().stream().anyMatch(s -> !s.isStatic()), "moving rows too");
      for (int i = 0; i < rows.size(); i++) {
        CSVRecord row = rows.get(i);
        Segment s = deck.segments().get(i);
        assertEquals(s.kind(), row.get("kind"));
        assertEquals(s.startTime(), Double.parseDouble(row.get("start")), 0.0005);
        assertEquals(s.endTime(), Double.parseDouble(row.get("end")), 0.0005);
        assertEquals(s.duration(), Double.parseDouble(row.get("duration")), 0.0015);
        if (s.isStatic()) {
          assertEquals(Integer.toString(s.slideNumber()), row.get("slide"));
          assertEquals(s.firstFrame().frameId(), row.get("first_frame_id"));
          assertEquals(s.lastFrame().frameId(), row.get("last_frame_id"));
        } else {
          assertEquals("", row.get("first_frame_id"));
        }
      }
      CSVRecord again = rows.get(deck.segments().indexOf(deck.slides().get(4)));
      assertTrue(again.get("first_duplicate_of").matches("3-(first|last)"),
          again.get("first_duplicate_of"));
    }
  }

  @Test
  void htmlEmbedsEveryImageAndNeedsNothingElse() throws Exception {
    String html = new String(export(ExportFormat.HTML), StandardCharsets.UTF_8);
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.contains("<html lang=\"en\">"));
    assertTrue(html.contains("<meta name=\"viewport\""));
    assertTrue(html.contains("<h1>Slides of " + ID + "</h1>"));
    for (Frame frame : deck.storedFrames()) {
      String embedded = "data:image/webp;base64,"
          + Base64.getEncoder().encodeToString(deck.image(frame));
      assertTrue(html.contains(embedded), frame.frameId() + " embedded");
    }
    // Nothing loaded from elsewhere, no script.
    assertFalse(html.contains("<script"));
    assertFalse(html.matches("(?s).*(src|href)=\"(https?:|//).*"));
    assertFalse(html.contains("@import"));
    // Every slide in order with its range; every image has an alt text and its size.
    Matcher slides = Pattern.compile("<li class=\"slide\" id=\"slide-(\\d+)\">\n<h2>Slide \\1 "
        + "<span class=\"time\">\\[(\\d\\d:\\d\\d\u2013\\d\\d:\\d\\d)\\]</span></h2>").matcher(html);
    int n = 0;
    while (slides.find()) {
      Segment slide = deck.slides().get(n++);
      assertEquals(Integer.toString(slide.slideNumber()), slides.group(1));
      assertEquals(timeCode(slide.startTime()) + "\u2013" + timeCode(slide.endTime()),
          slides.group(2));
    }
    assertEquals(deck.slides().size(), n);
    Matcher images = Pattern.compile("<img ([^>]*)>").matcher(html);
    int imageCount = 0;
    while (images.find()) {
      imageCount++;
      assertTrue(images.group(1).matches("alt=\"Slide \\d+[^\"]*\" width=\"\\d+\" height=\"\\d+\""
          + " src=\"data:image/webp;base64,[A-Za-z0-9+/=]+\""), images.group(1).substring(0, 80));
    }
    int expected = deck.slides().stream().mapToInt(s -> deck.distinctFrames(s).size()).sum();
    assertEquals(expected, imageCount);
    // The build shows both frames; the repeat is marked and links to its first showing.
    assertTrue(html.contains("Last frame, build complete"));
    assertTrue(html.contains("Shown before as <a href=\"#slide-3\">slide 3</a>"));
  }

  @Test
  void markdownHasAHeadingPerSlideAndLinksEveryImageUrl() throws Exception {
    String md = new String(export(ExportFormat.MARKDOWN), StandardCharsets.UTF_8);
    assertTrue(md.startsWith("# Slides of " + ID + "\n"));
    List<String> headings = new ArrayList<>();
    Matcher m = HEADING.matcher(md);
    while (m.find()) {
      headings.add(m.group());
    }
    List<String> expected = deck.slides().stream().map(s -> "## ["
        + timeCode(s.startTime()) + "\u2013" + timeCode(s.endTime()) + "]").toList();
    assertEquals(expected, headings);
    for (Frame frame : deck.storedFrames()) {
      assertTrue(md.contains("](" + frame.url() + ")"), frame.url());
      assertTrue(frame.url().startsWith("file:"), frame.url());
    }
  }

  /**
   * Links resolved as a browser or a Markdown viewer resolves them (a URI against the note's):
   * "#3" in the folder's name started a fragment, "50%" an escape, "note:" a scheme.
   */
  @Test
  void markdownLinksReachImagesInFoldersWhoseNamesAUrlWouldMisread(@TempDir Path notes)
      throws Exception {
    for (String name : List.of("Lecture #3 50% ok?", "note:1")) {
      Path file = notes.resolve(name + ".md");
      SlideExporter.defaults().writeMarkdown(deck, file, notes.resolve(name + "-slides"));
      String md = Files.readString(file);
      Matcher links = Pattern.compile("!\\[[^\\]]*\\]\\(([^)]*)\\)").matcher(md);
      int checked = 0;
      while (links.find()) {
        URI image = file.toUri().resolve(links.group(1));
        assertTrue(Files.isRegularFile(Path.of(image)), links.group(1) + " is " + image);
        checked++;
      }
      assertEquals(md.split("!\\[", -1).length - 1, checked, name);
      assertTrue(checked >= deck.slides().size(), name);
    }
  }

  @Test
  void markdownWithItsImagesBesideItLinksThemByRelativePaths(@TempDir Path notes)
      throws Exception {
    Path file = notes.resolve("talk notes.md");
    Path images = notes.resolve("talk notes images");
    SlideExporter.defaults().writeMarkdown(deck, file, images);
    String md = Files.readString(file);
    Matcher links = Pattern.compile("!\\[([^\\]]*)\\]\\(([^)]*)\\)").matcher(md);
    Map<String, String> linked = new LinkedHashMap<>();
    while (links.find()) {
      linked.put(links.group(2), links.group(1));
    }
    assertEquals(deck.storedFrames().size(), linked.size());
    List<String> names = new ArrayList<>();
    for (String link : linked.keySet()) {
      assertTrue(link.startsWith("talk%20notes%20images/"), link);
      Path target = notes.resolve(link.replace("%20", " "));
      assertTrue(Files.isRegularFile(target), link);
      names.add(target.getFileName().toString());
    }
    assertEquals("001-first.webp", names.get(0));
    try (var listed = Files.list(images)) {
      assertEquals(deck.storedFrames().size(), listed.count());
    }
    for (Frame frame : deck.storedFrames()) {
      String name = String.format(Locale.ROOT, "%03d-%s.webp",
          Integer.parseInt(frame.frameId().split("-")[0]),
          frame.frameId().contains("first") ? "first" : "last");
      assertArrayEquals(deck.image(frame), Files.readAllBytes(images.resolve(name)), name);
    }
  }

  @Test
  void markdownWrittenAgainForFewerSlidesLeavesNoImagesOfTheEarlierOne(@TempDir Path notes)
      throws Exception {
    Path images = Files.createDirectories(notes.resolve("talk-slides"));
    // What an export of a result with 99 slides left behind, and a file of the user's own.
    Files.write(images.resolve("099-first.webp"), new byte[] {1});
    Files.write(images.resolve("099-last.webp"), new byte[] {1});
    Files.writeString(images.resolve("my notes.txt"), "kept");
    SlideExporter.defaults().writeMarkdown(deck, notes.resolve("talk.md"), images);
    assertFalse(Files.exists(images.resolve("099-first.webp")));
    assertFalse(Files.exists(images.resolve("099-last.webp")));
    assertTrue(Files.exists(images.resolve("my notes.txt")));
    try (var listed = Files.list(images)) {
      assertEquals(deck.storedFrames().size() + 1, listed.count());
    }
  }

  @Test
  void zipHoldsEveryStoredImageOnceInSlideOrderAndTheManifest() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(
        new ByteArrayInputStream(export(ExportFormat.ZIP)))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        assertFalse(entries.containsKey(entry.getName()), "twice: " + entry.getName());
        entries.put(entry.getName(), zip.readAllBytes());
      }
    }
    List<String> expected = new ArrayList<>();
    for (Frame frame : deck.storedFrames()) {
      String[] parts = frame.frameId().split("-");
      String name = String.format(Locale.ROOT, "%03d-%s", Integer.parseInt(parts[0]), parts[1]);
      expected.add(name);
      assertArrayEquals(deck.image(frame), entries.get(name), name);
    }
    expected.add("manifest.json");
    assertEquals(expected, new ArrayList<>(entries.keySet()));
    assertArrayEquals(deck.manifestJson(), entries.get("manifest.json"));
    List<String> sorted = new ArrayList<>(expected);
    java.util.Collections.sort(sorted);
    assertEquals(expected, sorted, "names sort in slide order");
  }

  @Test
  void exportsToAPathReplaceTheFileWhole(@TempDir Path dir) throws Exception {
    Path pdf = dir.resolve("sub/talk.pdf");
    Files.createDirectories(pdf.getParent());
    Files.writeString(pdf, "old");
    SlideExporter.defaults().write(ExportFormat.PDF, deck, pdf);
    try (PDDocument doc = Loader.loadPDF(Files.readAllBytes(pdf))) {
      assertEquals(deck.slides().size(), doc.getNumberOfPages());
    }
    try (var listed = Files.list(pdf.getParent())) {
      assertEquals(List.of(pdf), listed.toList(), "no temporary file left");
    }
  }

  /** {@code --pdf notes/talk.pdf} where that is a link into a synced folder: it stays one. */
  @Test
  void anExportThroughALinkReplacesTheFileItNamesAndKeepsTheLink(@TempDir Path dir)
      throws Exception {
    Path real = Files.writeString(Files.createDirectories(dir.resolve("synced")).resolve("t.csv"),
        "old");
    Path link = Files.createSymbolicLink(dir.resolve("talk.csv"), real);
    SlideExporter.defaults().write(ExportFormat.CSV, deck, link);
    assertTrue(Files.isSymbolicLink(link), "the link was replaced by a file");
    assertTrue(Files.readString(real).startsWith("kind,"), Files.readString(real));
    try (var listed = Files.list(dir)) {
      assertEquals(List.of(link), listed.filter(f -> !f.equals(real.getParent())).toList(),
          "no temporary file left");
    }
  }

  /**
   * A named pipe (as a shell's {@code >(gzip > talk.csv.gz)} or a device such as
   * {@code /dev/stdout} is) is written straight and stays what it is: a file moved over
   * {@code /dev/full} as root made it a PDF. Its reader gets the whole export.
   */
  @Test
  void anExportToANamedPipeWritesIntoItAndLeavesItAPipe(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("talk.csv");
    try (NamedPipe pipe = NamedPipe.create(fifo)) {
      SlideExporter.defaults().write(ExportFormat.CSV, deck, fifo);
      assertFalse(Files.isRegularFile(fifo), "the pipe was replaced by a file");
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      SlideExporter.defaults().write(ExportFormat.CSV, deck, expected);
      assertArrayEquals(expected.toByteArray(), pipe.read());
    }
    try (var listed = Files.list(dir)) {
      assertEquals(List.of(fifo), listed.toList(), "no temporary file left");
    }
  }

  @Test
  void anExportedFileHasAFilesUsualPermissionsNotATemporaryFilesOnes(@TempDir Path dir)
      throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.getFileStore(dir).supportsFileAttributeView("posix"), "POSIX permissions");
    Path csv = dir.resolve("talk.csv");
    SlideExporter.defaults().write(ExportFormat.CSV, deck, csv);
    assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(csv)));
    // Replacing a file keeps what its owner chose.
    Files.setPosixFilePermissions(csv,
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
    SlideExporter.defaults().write(ExportFormat.CSV, deck, csv);
    assertEquals("rw-rw----", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(csv)));
  }

  @Test
  void theSameResultGivesTheSameBytes() throws Exception {
    for (ExportFormat format : ExportFormat.values()) {
      assertArrayEquals(export(format), export(format), format.name());
    }
  }

  @Test
  void anOutputStreamIsLeftOpenForTheCaller() throws Exception {
    for (ExportFormat format : ExportFormat.values()) {
      ClosingWatch out = new ClosingWatch();
      SlideExporter.defaults().write(format, deck, out);
      assertFalse(out.closed, format.name());
      assertNotEquals(0, out.size(), format.name());
    }
  }

  private static final class ClosingWatch extends ByteArrayOutputStream {
    boolean closed;

    @Override
    public void close() {
      closed = true;
    }
  }

  static byte[] export(ExportFormat format) throws IOException {
    return exportOf(format, deck);
  }

  static byte[] exportOf(ExportFormat format, SlideDeck deck) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SlideExporter.defaults().write(format, deck, bytes);
    return bytes.toByteArray();
  }

  static PDImageXObject onlyImage(PDPage page) throws IOException {
    List<PDImageXObject> images = new ArrayList<>();
    for (COSName name : page.getResources().getXObjectNames()) {
      if (page.getResources().getXObject(name) instanceof PDImageXObject image) {
        images.add(image);
      }
    }
    assertEquals(1, images.size());
    return images.get(0);
  }

  /** Inside an area of one colour, away from edges, where JPEG keeps colours closest. */
  static boolean flat(DecodedImage image, int x, int y) {
    int[] centre = image.rgb(x, y);
    for (int[] d : new int[][] {{-2, -2}, {2, -2}, {-2, 2}, {2, 2}}) {
      int[] other = image.rgb(x + d[0], y + d[1]);
      for (int c = 0; c < 3; c++) {
        if (Math.abs(other[c] - centre[c]) > 4) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * A pixel inside the title's accent colour (blue most above red), where swapped channels
   * would show.
   */
  static Optional<int[]> bluest(DecodedImage image) {
    int[] best = {0, 0};
    int most = Integer.MIN_VALUE;
    for (int y = 2; y < image.height - 2; y++) {
      for (int x = 2; x < image.width - 2; x++) {
        int[] rgb = image.rgb(x, y);
        if (rgb[2] - rgb[0] > most && flat(image, x, y)) {
          most = rgb[2] - rgb[0];
          best = new int[] {x, y};
        }
      }
    }
    return most > 60 ? Optional.of(best) : Optional.empty();
  }

  static Object imageReference(PDPage page) {
    COSDictionary xobjects = page.getResources().getCOSObject().getCOSDictionary(COSName.XOBJECT);
    COSName name = xobjects.keySet().iterator().next();
    return ((COSObject) xobjects.getItem(name)).getKey();
  }

  static String timeCode(double seconds) {
    long s = (long) Math.floor(seconds);
    return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
  }
}
