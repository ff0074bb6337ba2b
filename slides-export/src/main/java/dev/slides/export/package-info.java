/**
 * Exports of an extraction's result (its manifest and slide images) as PDF, HTML, Markdown,
 * CSV and ZIP.
 *
 * <p>Read a {@link dev.slides.export.SlideDeck} (from a manifest and a
 * {@link dev.slides.export.SlideImages} source, or from the directory {@code slides extract}
 * wrote), then write it with a {@link dev.slides.export.SlideExporter} in an
 * {@link dev.slides.export.ExportFormat}:
 *
 * <pre>{@code
 * SlideDeck deck = SlideDeck.fromDirectory(Path.of("out"), "talk");
 * SlideExporter.defaults().write(ExportFormat.PDF, deck, Path.of("talk.pdf"));
 * }</pre>
 *
 * <p>Everything under {@code dev.slides.export.internal} is not API.
 */
package dev.slides.export;
