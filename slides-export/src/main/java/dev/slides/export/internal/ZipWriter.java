package dev.slides.export.internal;

import dev.slides.export.SlideDeck.Frame;
import dev.slides.export.SlideDeck;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A deck's stored images, each once and named in slide order ({@code 001-first.webp}), plus the
 * manifest as it was read ({@code manifest.json}). Images are stored, not deflated: WebP is
 * compressed already.
 */
public final class ZipWriter {
  /** The manifest's name inside the archive. */
  public static final String MANIFEST = "manifest.json";

  private final SlideDeck deck;

  public ZipWriter(SlideDeck deck) {
    this.deck = deck;
  }

  public void write(OutputStream out) throws IOException {
    // The manifest's time on every entry: the same result always gives the same archive.
    FileTime time = FileTime.from(deck.updatedAt().orElse(Instant.EPOCH));
    ZipOutputStream zip = new ZipOutputStream(out);
    for (Map.Entry<Frame, String> named : ImageNames.of(deck).entrySet()) {
      byte[] image = deck.image(named.getKey());
      ZipEntry entry = new ZipEntry(named.getValue());
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(image.length);
      entry.setCompressedSize(image.length);
      CRC32 crc = new CRC32();
      crc.update(image);
      entry.setCrc(crc.getValue());
      entry.setLastModifiedTime(time);
      zip.putNextEntry(entry);
      zip.write(image);
      zip.closeEntry();
    }
    ZipEntry manifest = new ZipEntry(MANIFEST);
    manifest.setLastModifiedTime(time);
    zip.putNextEntry(manifest);
    zip.write(deck.manifestJson());
    zip.closeEntry();
    zip.finish();
    zip.flush();
  }
}
