package dev.slides.export;

import dev.slides.export.internal.AtomicFile;
import dev.slides.export.internal.CsvWriter;
import dev.slides.export.internal.HtmlGalleryWriter;
import dev.slides.export.internal.ImageNames;
import dev.slides.export.internal.MarkdownWriter;
import dev.slides.export.internal.PdfDocumentWriter;
import dev.slides.export.internal.ZipWriter;
import dev.slides.internal.store.FileTree;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes a {@link SlideDeck} as PDF, HTML, Markdown, CSV or ZIP. Immutable and thread-safe: one
 * exporter serves any number of decks at once.
 *
 * <pre>{@code
 * SlideDeck deck = SlideDeck.fromDirectory(Path.of("out"), "talk");
 * SlideExporter exporter = SlideExporter.defaults();
 * exporter.write(ExportFormat.PDF, deck, Path.of("talk.pdf"));
 * exporter.writeMarkdown(deck, Path.of("notes/talk.md"), Path.of("notes/talk-slides"));
 * try (OutputStream out = response.getOutputStream()) {
 *   exporter.write(ExportFormat.CSV, deck, out);
 * }
 * }</pre>
 *
 * <p>Methods writing to an {@link OutputStream} flush it but leave it open. Methods writing to a
 * {@link Path} write a temporary file beside it and move it into place, so a failed export
 * leaves no partial file. An image the deck cannot find fails the export with a
 * {@link MissingSlideImageException} naming the frame; what was already written to an
 * {@link OutputStream} stays there (HTML and ZIP stream as they go), so buffer the
 * output, or write to a {@link Path}, when a reader must never get half an export.
 */
public final class SlideExporter {
  /** A name {@link ImageNames} gives: only such files are taken for an earlier export's. */
  private static final Pattern IMAGE_NAME =
      Pattern.compile("[0-9]{3,}-(first|last)\\.[A-Za-z0-9]+");

  private final int pdfJpegQuality;
  private final boolean pdfFooter;

  private SlideExporter(Builder b) {
    this.pdfJpegQuality = b.pdfJpegQuality;
    this.pdfFooter = b.pdfFooter;
  }

  /** An exporter with every setting at its default: JPEG quality 90 in PDFs, with a footer. */
  public static SlideExporter defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this exporter's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.pdfJpegQuality = pdfJpegQuality;
    b.pdfFooter = pdfFooter;
    return b;
  }

  /**
   * Writes {@code deck} as {@code format} to {@code out}. Markdown links to the manifest's image
   * URLs (see {@link #writeMarkdown(SlideDeck, Path, Path)} for local files).
   *
   * @throws IOException when an image cannot be read, or (Markdown) the manifest gives no URL
   *     for one, which is found before anything is written
   */
  public void write(ExportFormat format, SlideDeck deck, OutputStream out) throws IOException {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(deck, "deck");
    Objects.requireNonNull(out, "out");
    switch (format) {
      case PDF -> new PdfDocumentWriter(deck,
          new PdfDocumentWriter.Settings(pdfJpegQuality, pdfFooter)).write(out);
      case HTML -> new HtmlGalleryWriter(deck).write(out);
      case MARKDOWN -> {
        requireUrls(deck); // before a byte is written: a foreign manifest may have none
        new MarkdownWriter(deck, SlideDeck.Frame::url).write(out);
      }
      case CSV -> new CsvWriter(deck).write(out);
      case ZIP -> new ZipWriter(deck).write(out);
    }
    out.flush();
  }

  /** Writes {@code deck} as {@code format} into {@code file} (replaced whole, or left alone). */
  public void write(ExportFormat format, SlideDeck deck, Path file) throws IOException {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(deck, "deck");
    AtomicFile.write(file, out -> write(format, deck, out));
  }

  /**
   * Markdown into {@code file}, its images written into {@code imageDirectory} (created when
   * missing; named {@code 001-first.webp}, ...) and linked by relative paths, so the note works
   * offline and moves with its folder. Images so named that this deck does not have (from an
   * earlier export of a result with more slides) are deleted from the folder. An export that
   * fails (a missing image, a full disk) removes the images it added and the folder it made.
   */
  public void writeMarkdown(SlideDeck deck, Path file, Path imageDirectory) throws IOException {
    Objects.requireNonNull(deck, "deck");
    Path markdownDir = file.toAbsolutePath().getParent();
    Path images = imageDirectory.toAbsolutePath().normalize();
    boolean made = !Files.exists(images);
    Files.createDirectories(images);
    Map<SlideDeck.Frame, String> names = ImageNames.of(deck);
    List<Path> added = new ArrayList<>();
    try {
      for (Map.Entry<SlideDeck.Frame, String> named : names.entrySet()) {
        byte[] image = deck.image(named.getKey());
        Path target = images.resolve(named.getValue());
        boolean existed = Files.exists(target);
        AtomicFile.write(target, out -> out.write(image));
        if (!existed) {
          added.add(target);
        }
      }
      AtomicFile.write(file, out -> new MarkdownWriter(deck, frame -> relative(markdownDir,
          images.resolve(names.get(frame)))).write(out));
    } catch (IOException | RuntimeException e) {
      // A missing third image left the first two in a folder beside a note never written.
      try {
        for (Path image : added) {
          Files.deleteIfExists(image);
        }
        if (made) {
          Files.deleteIfExists(images);
        }
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    // Written again for a result with fewer slides, the folder would keep the old ones' images.
    FileTree.deleteFilesNotIn(images, IMAGE_NAME, new HashSet<>(names.values()));
  }

  /** Every image a Markdown export links to has a URL in the manifest. */
  private static void requireUrls(SlideDeck deck) throws IOException {
    for (SlideDeck.Segment slide : deck.slides()) {
      for (SlideDeck.Frame frame : deck.distinctFrames(slide)) {
        SlideDeck.Frame stored = deck.original(frame);
        if (stored.url() == null || stored.url().isBlank()) {
          throw new IOException("The manifest gives no URL for " + stored.frameId()
              + "; write the Markdown with its images beside it instead");
        }
      }
    }
  }

  /**
   * The relative URL of {@code to}: a file path is not one yet. A {@code #} in a folder's name
   * ("Lecture #3") would start a fragment, a {@code ?} a query and a {@code %} an escape, so
   * each is percent-encoded; a {@code :} before the first {@code /} would read as a scheme
   * ("note:1-slides/..."), so such a path starts with {@code ./}.
   */
  static String relative(Path from, Path to) {
    String path = from.relativize(to).toString()
        .replace(to.getFileSystem().getSeparator(), "/");
    StringBuilder link = new StringBuilder(path.length() + 8);
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      switch (c) {
        case '%' -> link.append("%25");
        case '#' -> link.append("%23");
        case '?' -> link.append("%3F");
        default -> link.append(c);
      }
    }
    int colon = link.indexOf(":");
    int slash = link.indexOf("/");
    return colon >= 0 && (slash < 0 || colon < slash) ? "./" + link : link.toString();
  }

  /** Options of a {@link SlideExporter}. */
  public static final class Builder {
    private int pdfJpegQuality = 90;
    private boolean pdfFooter = true;

    private Builder() {}

    /**
     * Slide images in PDFs as JPEG of this quality, 1 to 100 (default 90: see the module's
     * README for the measurements behind it).
     */
    public Builder pdfJpegQuality(int quality) {
      if (quality < 1 || quality > 100) {
        throw new IllegalArgumentException("pdfJpegQuality must be 1 to 100, got " + quality);
      }
      this.pdfJpegQuality = quality;
      return this;
    }

    /** Slide images in PDFs without loss (Flate): exact pixels, larger files. */
    public Builder pdfLossless() {
      this.pdfJpegQuality = 0;
      return this;
    }

    /**
     * Whether PDF pages get a footer band under the image with the slide number, time range and
     * video id (default true). Without it a page is exactly the image's shape.
     */
    public Builder pdfFooter(boolean footer) {
      this.pdfFooter = footer;
      return this;
    }

    /** The exporter with these settings. */
    public SlideExporter build() {
      return new SlideExporter(this);
    }
  }
}
