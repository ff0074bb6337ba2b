package dev.slides.export;

import java.util.Locale;
import java.util.Optional;

/** The formats {@link SlideExporter} writes, with the file extension and media type of each. */
public enum ExportFormat {
  /** One slide per page, time ranges in the outline and a footer. */
  PDF("pdf", "application/pdf"),
  /** One self-contained page: images embedded, no scripts. */
  HTML("html", "text/html; charset=utf-8"),
  /** A heading {@code ## [mm:ss–mm:ss]} and the image(s) per slide. */
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
