package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slides.SampleStats;
import dev.slides.SampleStats.Event;
import dev.slides.SampleStats.State;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The statistics file's lines, exactly: users keep scripts and spreadsheets that read them, so
 * the words of {@code state} and {@code event} (an empty field for no event) and the number
 * formats do not change with the library's types; columns are only ever added at the end. A
 * rest limit the library did not report is an empty field.
 */
class StatsFileTest {
  @TempDir Path dir;

  @Test
  void eachSampleIsOneLineWithTheDocumentedWords() throws Exception {
    Path csv = dir.resolve("stats.csv");
    try (StatsFile file = StatsFile.create(csv)) {
      file.accept(new SampleStats(0.25, 0.5, 0.123456, 0, State.MOVING, Event.NONE, 0.7, 0,
          Double.NaN));
      file.accept(new SampleStats(1.5, 0.03125, 0.001, 0.0625, State.STATIC, Event.SLIDE, 0.25,
          -0.02, 0.7));
      file.accept(new SampleStats(2, 0, 0, 0.0625, State.DEPARTING, Event.DAMAGED, 0, 0, 0.7));
      file.accept(new SampleStats(2.25, 0.1, 0.2, 0, State.STATIC, Event.OCCLUDER, 1.5, 0.061,
          0.7));
      file.accept(new SampleStats(2.5, 0, 0, 0, State.STATIC, Event.NONE, 0.9, 0, 1.35));
    }
    String nl = System.lineSeparator();
    assertEquals(StatsFile.HEADER + nl
        + "0.250,0.5000,0.12346,0.0000,moving,,0.700,0.0000," + nl
        + "1.500,0.0313,0.00100,0.0625,static,slide,0.250,-0.0200,0.700" + nl
        + "2.000,0.0000,0.00000,0.0625,departing,damaged,0.000,0.0000,0.700" + nl
        + "2.250,0.1000,0.20000,0.0000,static,occluder,1.500,0.0610,0.700" + nl
        + "2.500,0.0000,0.00000,0.0000,static,,0.900,0.0000,1.350" + nl,
        Files.readString(csv, StandardCharsets.UTF_8));
  }
}
