package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.internal.video.DecodeDamage;
import dev.slides.internal.video.VideoFrames;
import dev.slides.testing.BadFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A video whose middle is damaged is read as far as it can be; the job still completes, and its
 * message says that the video is damaged, how badly and where.
 */
class DamagedVideoTest {
  @TempDir static Path dir;
  static Path clean;
  static Path damaged;

  @BeforeAll
  static void write() throws IOException {
    damaged = BadFiles.damagedLecture(dir); // damaged around 6 to 11 s
    clean = dir.resolve("clean.mp4");
  }

  @Test
  void theJobCompletesAndSaysWhereTheVideoIsDamaged() throws Exception {
    JobTracker tracker = JobTracker.inMemory();
    ExtractionResult result =
        SlideExtractor.create(new InMemoryBlobStore()).extract("dmg", damaged, tracker);
    JobState state = tracker.get("dmg").orElseThrow();
    assertEquals(JobStatus.COMPLETED, state.status());
    String message = state.message();
    assertTrue(message.contains("(the video is damaged: "), message);
    Matcher m = Pattern.compile("(\\d+) decode errors? at (\\d+\\.\\d)").matcher(message);
    assertTrue(m.find(), message);
    assertTrue(Integer.parseInt(m.group(1)) > 0, message);
    double where = Double.parseDouble(m.group(2));
    assertTrue(where >= 4 && where <= 12, "damage is reported where it is: " + message);
    // Stretches read from their keyframes (skipping still ones) could not be checked.
    assertTrue(message.matches(".*, \\d+ of \\d+ frames could not be analysed(; \\d+ seconds?"
        + " of the video (was|were) read from keyframes without decoding the frames between, so"
        + " damage there could not be seen)?\\)$"), message);
    assertEquals(null, state.error());
    // An embedding program reads the same in the result, without parsing the message.
    assertEquals(List.of(message.substring(message.indexOf("(the video") + 1,
        message.length() - 1)), result.warnings());
  }

  @Test
  void oneAndSeveralDecodersReportTheDamage() throws IOException {
    for (int decoders : new int[] {1, 2}) {
      try (VideoFrames frames = VideoFrames.open(damaged,
          SamplingOptions.builder().decoders(decoders).decoderThreads(decoders == 1 ? 0 : 1)
              .build())) {
        while (frames.next() != null) {
          // read to the end
        }
        DecodeDamage damage = frames.damage();
        assertTrue(damage.errors() > 0, decoders + " decoders: " + damage);
        for (DecodeDamage.Stretch s : damage.stretches()) {
          assertTrue(s.from() >= 4 && s.to() <= 13, decoders + " decoders: " + damage);
        }
      }
    }
  }

  @Test
  void aCleanVideoReportsNoDamage() throws Exception {
    for (int decoders : new int[] {1, 2}) {
      try (VideoFrames frames = VideoFrames.open(clean,
          SamplingOptions.builder().decoders(decoders).decoderThreads(decoders == 1 ? 0 : 1)
              .build())) {
        while (frames.next() != null) {
          // read to the end
        }
        assertTrue(frames.damage().isEmpty(), frames.damage().describe());
      }
    }
    JobTracker tracker = JobTracker.inMemory();
    ExtractionResult result =
        SlideExtractor.create(new InMemoryBlobStore()).extract("ok", clean, tracker);
    String message = tracker.get("ok").orElseThrow().message();
    assertFalse(message.contains("damaged"), message);
    assertEquals(List.of(), result.warnings());
  }
}
