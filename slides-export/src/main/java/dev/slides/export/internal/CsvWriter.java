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
 * names the frame repeated ({@code 1-first}).
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
      csv.printRecord(s.kind(), slide ? Integer.toString(s.slideNumber()) : "",
          TimeCodes.seconds(s.startTime()), TimeCodes.seconds(s.endTime()),
          TimeCodes.seconds(s.duration()),
          slide ? s.firstFrame().frameId() : "", slide ? s.lastFrame().frameId() : "",
          slide ? orEmpty(s.firstFrame().duplicateOf()) : "",
          slide ? orEmpty(s.lastFrame().duplicateOf()) : "");
    }
    csv.flush();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
