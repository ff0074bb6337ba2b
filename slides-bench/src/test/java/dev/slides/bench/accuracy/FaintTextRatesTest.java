package dev.slides.bench.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus' {@code faint-text} case, rendered and detected as the accuracy benchmark does:
 * being clean, it must give the same slides at 1 and 2 samples per second. At 2/s the middle of
 * its crossfade between two faint slides once seemed to hold, a 1.5 s slide of its own.
 */
class FaintTextRatesTest {
  @TempDir Path dir;

  @Test
  void theSameSlidesAtOneAndTwoSamplesPerSecond() throws Exception {
    CaseSpec spec = Corpus.select("^faint-text$").get(0);
    CorpusGenerator generator = new CorpusGenerator(dir, CorpusGenerator.Encoder.BUNDLED_H264);
    Truth truth = generator.ensure(spec);
    Path video = generator.video(spec);
    List<Span> one = ProjectDetector.detect(video, 1);
    List<Span> two = ProjectDetector.detect(video, 2);
    assertEquals(truth.statics().size(), one.size(), "at 1/s: " + one);
    assertEquals(one.size(), two.size(), "at 1/s " + one + ", at 2/s " + two);
    assertEquals(Optional.empty(), Scorer.difference(one, two, 1.0));
  }
}
