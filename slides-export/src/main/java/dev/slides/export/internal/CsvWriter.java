package dev.slides.export.internal;

import dev.slides.export.SlideDeck.Segment;
import dev.slides.export.SlideDeck;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A deck as CSV (RFC 4180, UTF-8, with a header): one row per segment, moving ones too. Times
 * in seconds with three decimals; frame columns empty for moving segments; a duplicate column
 * names the frame repeated ({@code 1-first}). Text from the manifest that a spreadsheet would
 * run as a formula ({@code =}, {@code +}, {@code -}, {@code @}, tab or CR first) gets a leading
 * {@code '}, so that a manifest from elsewhere cannot put {@code =HYPERLINK(...)} in a cell.
 */
public final class CsvWriter {
  /** The header, in column order. */
  public static final List<String> COLUMNS = List.of("kind", "slide", "start", "end",
      "duration", "first_frame_id", "last_frame_id", "first_duplicate_of", "last_duplicate_of");

  private final SlideDeck deck;

  public CsvWriter(SlideDeck deck) {
    this.deck = deck;
  }

  public void write(OutputStream out) throws IOException {
    Writer w = new BufferedWriter(new OutputStreamWriter(out,
        StandardCharsets.UTF_8));
    CSVFormat format = CSVFormat.RFC4180.builder()
        .setHeader(COLUMNS.toArray(String[]::new))
        .get();
    CSVPrinter csv = new CSVPrinter(w, format);
    for (Segment s : deck.segments()) {
      boolean slide = s.isStatic();
      csv.printRecord(text(s.kind()), slide ? Integer.toString(s.slideNumber()) : "",
          TimeCodes.seconds(s.startTime()), TimeCodes.seconds(s.endTime()),
          TimeCodes.seconds(s.duration()),
          slide ? text(s.firstFrame().frameId()) : "", slide ? text(s.lastFrame().frameId()) : "",
          slide ? orEmpty(s.firstFrame().duplicateOf()) : "",
          slide ? orEmpty(s.lastFrame().duplicateOf()) : "");
    }
    csv.flush();
  }

  /** {@code s}, with a leading {@code '} when a spreadsheet would read it as a formula. */
  static String text(String s) {
    return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
