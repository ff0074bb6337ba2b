package dev.slides.export;

import java.util.Locale;
import java.util.Optional;

/** The formats {@link SlideExporter} writes, with the file extension and media type of each. */
public enum ExportFormat {
  /**
   * One slide per page (its last frame: builds complete), each page sized to the image's aspect
   * ratio; the time range of each page is in the outline, in a small footer (unless
   * {@link SlideExporter.Builder#pdfFooter} turns it off) and in the page's private data
   * ({@code /PieceInfo /SlidesExport /Private}: {@code StartTime}, {@code EndTime} in seconds,
   * {@code TimeRange}, {@code Slide}, {@code Frame}). A deck without slides gives one page
   * saying "No slides".
   */
  PDF("pdf", "application/pdf"),
  /**
   * One self-contained page (images embedded as {@code data:} URIs, no script, no external
   * resource): the slides in order with their {@code [mm:ss–mm:ss]} ranges, first and last frame
   * of builds, repeats marked.
   */
  HTML("html", "text/html; charset=utf-8"),
  /**
   * A heading {@code ## [mm:ss–mm:ss]} and the image(s) per slide, linked to the manifest's
   * URLs; {@link SlideExporter#writeMarkdown(SlideDeck, java.nio.file.Path,
   * java.nio.file.Path)} writes the images beside the note instead.
   */
  MARKDOWN("md", "text/markdown; charset=utf-8"),
  /** One row per segment, moving ones too, with a header. */
  CSV("csv", "text/csv; charset=utf-8"),
  /** The stored images, named in slide order, and the manifest. */
  ZIP("zip", "application/zip");

  private final String extension;
  private final String contentType;

  ExportFormat(String extension, String contentType) {
    this.extension = extension;
    this.contentType = contentType;
  }

  /** The file extension, without the dot ({@code "pdf"}, {@code "md"}). */
  public String extension() {
    return extension;
  }

  /** The media type for a {@code Content-Type} header. */
  public String contentType() {
    return contentType;
  }

  /**
   * The format whose {@linkplain #extension() extension} is {@code extension} (any case,
   * with or without the dot; {@code "markdown"} too), for routes like {@code slides.pdf}.
   */
  public static Optional<ExportFormat> fromExtension(String extension) {
    if (extension == null) {
      return Optional.empty();
    }
    String e = extension.toLowerCase(Locale.ROOT);
    if (e.startsWith(".")) {
      e = e.substring(1);
    }
    if (e.equals("markdown")) {
      return Optional.of(MARKDOWN);
    }
    for (ExportFormat format : values()) {
      if (format.extension.equals(e)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }
}
