package dev.slides.export.internal;

import dev.slides.export.SlideDeck.Frame;
import dev.slides.export.SlideDeck.Segment;
import dev.slides.export.SlideDeck;
import dev.slides.internal.text.Quantity;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDNumberTreeNode;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDMarkInfo;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDParentTreeValue;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureElement;
import org.apache.pdfbox.pdmodel.documentinterchange.logicalstructure.PDStructureTreeRoot;
import org.apache.pdfbox.pdmodel.documentinterchange.taggedpdf.StandardStructureTypes;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.pdmodel.interactive.viewerpreferences.PDViewerPreferences;

/**
 * A deck as a PDF: one page per slide showing its last frame (builds complete), sized to the
 * image's aspect ratio with the longer side {@value #LONG_SIDE} pt (13.3 in, as a widescreen
 * presentation), and an optional footer band below the image. Each page's time range is in the
 * document outline ("Slide 3 [01:10–01:25]"), in the footer, and machine-readable in the page's
 * private data ({@code /PieceInfo /SlidesExport /Private}: {@code /StartTime}, {@code /EndTime} in
 * seconds, {@code /TimeRange}, {@code /Slide}, {@code /Frame}). A slide shown again reuses the
 * embedded image of its first showing.
 *
 * <p>The document is tagged (PDF 32000-1 §14.8): each page's image is a {@code Figure} whose
 * alternate text names the slide and its time range, and the footer two paragraphs (slide and
 * range; video id), so that a screen reader says what each page shows instead of skipping it.
 */
public final class PdfDocumentWriter {
  static final float LONG_SIDE = 960;
  static final float FOOTER = 20;
  private static final float FOOTER_FONT_SIZE = 8;
  /** Piece name under {@code /PieceInfo} (PDF 32000-1 §14.5, data private to an application). */
  public static final COSName PIECE = COSName.getPDFName("SlidesExport");
  private static final String BUNDLED_FONT =
      "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
  /**
   * Above this many bytes of embedded images, PDFBox spills them to a temporary file. Small: a
   * deck of a thousand slides embeds 50-150 MB, and a server may write several at once; at
   * 64 MB a 1000-slide PDF needed over 64 MB of heap and failed in one of 64 MB.
   */
  private static final long MEMORY_BYTES = 4L << 20;

  /**
   * How images are embedded.
   *
   * @param jpegQuality 1 to 100 for JPEG; 0 for lossless (Flate)
   * @param footer whether pages get a footer band with the slide number and time range
   */
  public record Settings(int jpegQuality, boolean footer) {}

  private final SlideDeck deck;
  private final Settings settings;
  private PDFont font;
  /** The tagged structure's {@code Document} element, the parent of every page's elements. */
  private PDStructureElement structure;
  /** Per page ({@code /StructParents}), the structure elements of its marked content by MCID. */
  private final Map<Integer, PDParentTreeValue> parents = new HashMap<>();

  public PdfDocumentWriter(SlideDeck deck, Settings settings) {
    this.deck = deck;
    this.settings = settings;
  }

  public void write(OutputStream out) throws IOException {
    try (PDDocument doc = new PDDocument(MemoryUsageSetting.setupMixed(MEMORY_BYTES).streamCache)) {
      describe(doc);
      font = font(doc);
      tag(doc);
      if (deck.slides().isEmpty()) {
        noSlidesPage(doc);
      } else {
        PDDocumentOutline outline = new PDDocumentOutline();
        doc.getDocumentCatalog().setDocumentOutline(outline);
        Map<Frame, PDImageXObject> embedded = new HashMap<>();
        for (Segment slide : deck.slides()) {
          Frame frame = deck.original(slide.lastFrame());
          PDImageXObject image = embedded.get(frame);
          if (image == null) {
            image = embed(doc, frame, slide);
            embedded.put(frame, image);
          }
          PDPage page = slidePage(doc, slide, image);
          PDOutlineItem item = new PDOutlineItem();
          item.setTitle("Slide " + slide.slideNumber() + " "
              + TimeCodes.bracketed(slide.startTime(), slide.endTime()));
          item.setDestination(page);
          outline.addLast(item);
        }
      }
      PDNumberTreeNode parentTree = new PDNumberTreeNode(PDParentTreeValue.class);
      parentTree.setNumbers(parents);
      doc.getDocumentCatalog().getStructureTreeRoot().setParentTree(parentTree);
      doc.getDocumentCatalog().getStructureTreeRoot().setParentTreeNextKey(parents.size());
      // PDFBox leaves the stream open (a test holds it to that): the caller owns it.
      OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
      doc.save(buffered);
      buffered.flush();
    }
  }

  private PDImageXObject embed(PDDocument doc, Frame frame, Segment slide) throws IOException {
    String what = "slide " + slide.slideNumber() + " (" + frame.frameId() + ")";
    BufferedImage image = SlideImageTypes.decode(deck.image(frame), what);
    return settings.jpegQuality() > 0
        ? JPEGFactory.createFromImage(doc, image, settings.jpegQuality() / 100f)
        : LosslessFactory.createFromImage(doc, image);
  }

  private PDPage slidePage(PDDocument doc, Segment slide, PDImageXObject image)
      throws IOException {
    float scale = LONG_SIDE / Math.max(image.getWidth(), image.getHeight());
    float width = image.getWidth() * scale;
    float height = image.getHeight() * scale;
    float footer = settings.footer() ? FOOTER : 0;
    PDPage page = new PDPage(new PDRectangle(width, height + footer));
    doc.addPage(page);
    String alt = "Slide " + slide.slideNumber() + ", shown "
        + TimeCodes.range(slide.startTime(), slide.endTime());
    List<PDStructureElement> elements = settings.footer()
        ? List.of(element(page, StandardStructureTypes.Figure, alt),
            element(page, StandardStructureTypes.P, null),
            element(page, StandardStructureTypes.P, null))
        : List.of(element(page, StandardStructureTypes.Figure, alt));
    try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
      content.beginMarkedContent(COSName.getPDFName(StandardStructureTypes.Figure), 0);
      content.drawImage(image, 0, footer, width, height);
      content.endMarkedContent();
      if (settings.footer()) {
        content.beginMarkedContent(COSName.getPDFName(StandardStructureTypes.P), 1);
        String left = "Slide " + slide.slideNumber() + " of " + deck.slides().size() + "   "
            + TimeCodes.range(slide.startTime(), slide.endTime());
        if (slide.repeatsSlide() > 0) {
          left += "   (shown before as slide " + slide.repeatsSlide() + ")";
        }
        // Dark grey on white: 7:1 contrast, small enough to stay out of the way.
        content.setNonStrokingColor(0.33f, 0.33f, 0.33f);
        text(content, left, 8, (FOOTER - FOOTER_FONT_SIZE) / 2 + 1);
        // A paragraph of its own: one with the range would read "00:05–00:15lecture".
        content.endMarkedContent();
        content.beginMarkedContent(COSName.getPDFName(StandardStructureTypes.P), 2);
        String right = deck.videoId();
        float rightWidth = font.getStringWidth(right) / 1000 * FOOTER_FONT_SIZE;
        text(content, right, width - 8 - rightWidth, (FOOTER - FOOTER_FONT_SIZE) / 2 + 1);
        content.endMarkedContent();
      }
    }
    parent(page, elements);
    COSDictionary data = new COSDictionary();
    data.setFloat("StartTime", (float) slide.startTime());
    data.setFloat("EndTime", (float) slide.endTime());
    data.setString("TimeRange", TimeCodes.range(slide.startTime(), slide.endTime()));
    data.setInt("Slide", slide.slideNumber());
    data.setString("Frame", slide.lastFrame().frameId());
    COSDictionary piece = new COSDictionary();
    piece.setDate(COSName.LAST_MODIFIED, calendar(deck.updatedAt().orElse(Instant.EPOCH)));
    piece.setItem(COSName.PRIVATE, data);
    COSDictionary pieces = new COSDictionary();
    pieces.setItem(PIECE, piece);
    page.getCOSObject().setItem(COSName.PIECE_INFO, pieces);
    return page;
  }

  /** An empty result still gives a valid PDF: one page that says there are no slides. */
  private void noSlidesPage(PDDocument doc) throws IOException {
    PDPage page = new PDPage(new PDRectangle(LONG_SIDE, LONG_SIDE * 9 / 16));
    doc.addPage(page);
    List<PDStructureElement> elements = List.of(element(page, StandardStructureTypes.H1, null),
        element(page, StandardStructureTypes.P, null));
    try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
      content.beginMarkedContent(COSName.getPDFName(StandardStructureTypes.H1), 0);
      content.setNonStrokingColor(0.1f, 0.1f, 0.1f);
      centered(content, "No slides", 36, 300);
      content.endMarkedContent();
      content.beginMarkedContent(COSName.getPDFName(StandardStructureTypes.P), 1);
      content.setNonStrokingColor(0.33f, 0.33f, 0.33f);
      String detail = "No still slide was found in video " + deck.videoId() + " ("
          + TimeCodes.of(deck.durationSeconds()) + " long, "
          + Quantity.of(deck.segments().size(), "segment") + ").";
      centered(content, detail, 14, 260);
      content.endMarkedContent();
    }
    parent(page, elements);
  }

  /** Marks the document as tagged, with a {@code Document} element to hold the pages'. */
  private void tag(PDDocument doc) {
    PDStructureTreeRoot root = new PDStructureTreeRoot();
    doc.getDocumentCatalog().setStructureTreeRoot(root);
    PDMarkInfo markInfo = new PDMarkInfo();
    markInfo.setMarked(true);
    doc.getDocumentCatalog().setMarkInfo(markInfo);
    structure = new PDStructureElement(StandardStructureTypes.DOCUMENT, root);
    root.appendKid(structure);
  }

  /**
   * A structure element of {@code page} whose content is the page's next marked content (MCID
   * 0, 1, ... in the order made); {@code alt} its alternate text, or null.
   */
  private PDStructureElement element(PDPage page, String type, String alt) {
    PDStructureElement element = new PDStructureElement(type, structure);
    element.setPage(page);
    if (alt != null) {
      element.setAlternateDescription(alt);
    }
    structure.appendKid(element);
    return element;
  }

  /** Links {@code page}'s marked content back to its structure {@code elements}, by MCID. */
  private void parent(PDPage page, List<PDStructureElement> elements) {
    int key = parents.size();
    page.setStructParents(key);
    COSArray byMcid = new COSArray();
    for (int mcid = 0; mcid < elements.size(); mcid++) {
      elements.get(mcid).appendKid(mcid);
      byMcid.add(elements.get(mcid));
    }
    parents.put(key, new PDParentTreeValue(byMcid));
  }

  /**
   * Liberation Sans, which PDFBox ships, embedded as a subset of the glyphs used. Not one of the
   * standard 14 fonts: naming one makes PDFBox scan the system's fonts on first use (seconds, and
   * a cache file written into the home directory), and how it looks would depend on the viewer.
   */
  private static PDFont font(PDDocument doc) throws IOException {
    try (InputStream ttf = PDDocument.class.getResourceAsStream(BUNDLED_FONT)) {
      if (ttf != null) {
        return PDType0Font.load(doc, ttf, true);
      }
    }
    return new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  }

  private void centered(PDPageContentStream content, String s, float size, float y)
      throws IOException {
    float width = font.getStringWidth(s) / 1000 * size;
    content.beginText();
    content.setFont(font, size);
    content.newLineAtOffset((LONG_SIDE - width) / 2, y);
    content.showText(s);
    content.endText();
  }

  private void text(PDPageContentStream content, String s, float x, float y) throws IOException {
    content.beginText();
    content.setFont(font, FOOTER_FONT_SIZE);
    content.newLineAtOffset(x, y);
    content.showText(s);
    content.endText();
  }

  private void describe(PDDocument doc) {
    PDDocumentInformation info = doc.getDocumentInformation();
    info.setTitle("Slides of " + deck.videoId());
    info.setSubject(Quantity.of(deck.slides().size(), "slide") + " from video " + deck.videoId()
        + ", " + TimeCodes.of(deck.durationSeconds()) + " long");
    info.setCreator("slides");
    info.setProducer("slides-export (Apache PDFBox)");
    info.setCustomMetadataValue("VideoId", deck.videoId());
    // The manifest's time, not now: the same result always gives the same document.
    Instant updated = deck.updatedAt().orElse(Instant.EPOCH);
    Calendar when = calendar(updated);
    info.setCreationDate(when);
    info.setModificationDate(when);
    // The trailer's /ID is a digest of this and of the information above; without it PDFBox
    // takes the clock, and every export of the same result differed.
    doc.setDocumentId(updated.toEpochMilli());
    doc.getDocumentCatalog().setLanguage("en");
    PDViewerPreferences preferences = new PDViewerPreferences(new COSDictionary());
    preferences.setDisplayDocTitle(true);
    doc.getDocumentCatalog().setViewerPreferences(preferences);
  }

  private static Calendar calendar(Instant instant) {
    GregorianCalendar calendar = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.ROOT);
    calendar.setTimeInMillis(instant.toEpochMilli());
    return calendar;
  }
}
