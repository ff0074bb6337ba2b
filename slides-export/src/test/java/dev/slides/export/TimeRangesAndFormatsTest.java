package dev.slides.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How times and repeats read in exports, and how routes name formats. */
class TimeRangesAndFormatsTest {
  @Test
  void headingsUseMinutesAndSecondsThenHoursPastAnHour() throws Exception {
    String md = markdown("""
        {"kind":"static","start_time":59.9,"end_time":3599.99,"duration":3540.09,
         "first_frame":{"frame_id":"1-first.webp","duplicate_of":null,"url":"https://x/1.webp"},
         "last_frame":{"frame_id":"1-last.webp",
                       "duplicate_of":{"segment_id":1,"frame_position":"first"},
                       "url":"https://x/1.webp"}},
        {"kind":"static","start_time":3599.99,"end_time":7384.5,"duration":3784.51,
         "first_frame":{"frame_id":"2-first.webp","duplicate_of":null,"url":"https://x/2 (a).webp"},
         "last_frame":{"frame_id":"2-last.webp","duplicate_of":null,"url":"https://x/2l.webp"}}""");
    assertTrue(md.contains("\n## [00:59\u201359:59]\n\n![Slide 1](https://x/1.webp)\n"), md);
    assertTrue(md.contains("\n## [59:59\u201302:03:04]\n\n"
        + "![Slide 2, first frame](https://x/2%20%28a%29.webp)\n\n"
        + "![Slide 2, last frame](https://x/2l.webp)\n"), md);
  }

  @Test
  void aSlideWhoseLastFrameRepeatsAnEarlierSlideIsShownAgain() throws Exception {
    // A name caption over slide 1 left: the slide without it is slide 2, whose first frame
    // still holds the caption on its way out and whose last frame is slide 1's first again.
    // Slide 3 is a slide without builds (its last frame repeats its own first): no repeat.
    String segments = """
        {"kind":"static","start_time":0,"end_time":9,"duration":9,
         "first_frame":{"frame_id":"1-first.webp","duplicate_of":null,"url":"https://x/1.webp"},
         "last_frame":{"frame_id":"1-last.webp","duplicate_of":null,"url":"https://x/1l.webp"}},
        {"kind":"static","start_time":9,"end_time":12,"duration":3,
         "first_frame":{"frame_id":"2-first.webp","duplicate_of":null,"url":"https://x/2.webp"},
         "last_frame":{"frame_id":"2-last.webp",
                       "duplicate_of":{"segment_id":1,"frame_position":"first"},
                       "url":"https://x/1.webp"}},
        {"kind":"static","start_time":12,"end_time":15,"duration":3,
         "first_frame":{"frame_id":"3-first.webp","duplicate_of":null,"url":"https://x/3.webp"},
         "last_frame":{"frame_id":"3-last.webp",
                       "duplicate_of":{"segment_id":3,"frame_position":"first"},
                       "url":"https://x/3.webp"}}""";
    SlideDeck deck = SlideDeck.read(EmptyAndBrokenResultsTest.manifest(segments),
        frame -> Optional.empty());
    assertEquals(0, deck.slides().get(0).repeatsSlide());
    assertEquals(1, deck.slides().get(1).repeatsSlide());
    assertEquals(0, deck.slides().get(2).repeatsSlide());
    String md = markdown(segments);
    assertTrue(md.contains("\n## [00:09\u201300:12]\n\n*Shown before at 00:00 (slide 1).*\n"),
        md);
    assertEquals(1, md.split("Shown before", -1).length - 1, md);
  }

  /** Underscores around an id would make Markdown emphasis: "Slides of <em>draft</em>". */
  @Test
  void anIdWithUnderscoresKeepsThemInTheMarkdownTitle() throws Exception {
    byte[] manifest = EmptyAndBrokenResultsTest.manifestText("")
        .replace("{\"v\":", "{\"__init__draft_\":").getBytes(StandardCharsets.UTF_8);
    SlideDeck deck = SlideDeck.read(manifest, frame -> Optional.empty());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SlideExporter.defaults().write(ExportFormat.MARKDOWN, deck, out);
    assertTrue(out.toString(StandardCharsets.UTF_8)
        .startsWith("# Slides of \\_\\_init\\_\\_draft\\_\n\n"), out.toString());
  }

  @Test
  void formatsAreFoundByTheirRouteExtension() {
    assertEquals(Optional.of(ExportFormat.PDF), ExportFormat.fromExtension("pdf"));
    assertEquals(Optional.of(ExportFormat.MARKDOWN), ExportFormat.fromExtension(".MD"));
    assertEquals(Optional.of(ExportFormat.MARKDOWN), ExportFormat.fromExtension("markdown"));
    assertEquals(Optional.of(ExportFormat.ZIP), ExportFormat.fromExtension("zip"));
    assertEquals(Optional.empty(), ExportFormat.fromExtension("exe"));
    assertEquals(Optional.empty(), ExportFormat.fromExtension(null));
    assertEquals("text/csv; charset=utf-8", ExportFormat.CSV.contentType());
  }

  /** The message names the setter, as slides-core's options' setters do. */
  @Test
  void jpegQualityMustBeAQuality() {
    assertEquals("pdfJpegQuality must be 1 to 100, got 0", assertThrows(
        IllegalArgumentException.class, () -> SlideExporter.builder().pdfJpegQuality(0))
        .getMessage());
    assertEquals("pdfJpegQuality must be 1 to 100, got 101", assertThrows(
        IllegalArgumentException.class, () -> SlideExporter.builder().pdfJpegQuality(101))
        .getMessage());
  }

  private static String markdown(String segments) throws Exception {
    SlideDeck deck = SlideDeck.read(EmptyAndBrokenResultsTest.manifest(segments),
        frame -> Optional.empty());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SlideExporter.defaults().write(ExportFormat.MARKDOWN, deck, out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
