package dev.slides.server;

import dev.slides.SampleStats;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The per-sample statistics file of {@code slides extract --stats}: one CSV line per sample
 * (a damaged one, not analysed, too), to see why a boundary was or was not found. A write
 * error is kept and reported once at the end; it never stops the extraction.
 */
final class StatsFile implements Consumer<SampleStats>, AutoCloseable {
  static final String HEADER =
      "time,changed_share,difference_share,active_share,state,event,mean_difference,"
          + "brightness_change,rest_limit";

  private final BufferedWriter out;
  private final Runnable readerGone;
  private IOException failure;

  private StatsFile(BufferedWriter out, Runnable readerGone) {
    this.out = out;
    this.readerGone = readerGone;
  }

  /** Opens {@code file} for writing, creating its folder as the export options do. */
  static StatsFile create(Path file) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    if (folder != null) {
      Files.createDirectories(folder);
    }
    return start(Files.newBufferedWriter(file, StandardCharsets.UTF_8), null);
  }

  /**
   * Writes to {@code stream} (standard output), which {@link #close} flushes but leaves open.
   * {@code readerGone} runs, once, when a write finds that the stream's reader went away
   * ({@code | head}): there is no one left to write the rest for.
   */
  static StatsFile to(OutputStream stream, Runnable readerGone) throws IOException {
    OutputStream open = new FilterOutputStream(stream) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
    return start(new BufferedWriter(new OutputStreamWriter(open, StandardCharsets.UTF_8)),
        readerGone);
  }

  private static StatsFile start(BufferedWriter out, Runnable readerGone) throws IOException {
    out.write(HEADER);
    out.newLine();
    return new StatsFile(out, readerGone);
  }

  @Override
  public void accept(SampleStats s) {
    if (failure != null) {
      return;
    }
    try {
      out.write(String.format(Locale.ROOT, "%.3f,%.4f,%.5f,%.4f,%s,%s,%.3f,%.4f,", s.time(),
          s.changedShare(), s.differenceShare(), s.activeShare(), s.state().wireName(),
          s.event().wireName(), s.meanDifference(), s.brightnessChange()));
      // An unknown limit is an empty field, as no event is.
      if (!Double.isNaN(s.restLimit())) {
        out.write(String.format(Locale.ROOT, "%.3f", s.restLimit()));
      }
      out.newLine();
    } catch (IOException e) {
      failure = e;
      if (readerGone != null && ExportFiles.isBrokenPipe(e)) {
        readerGone.run();
      }
    }
  }

  IOException failure() {
    return failure;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
