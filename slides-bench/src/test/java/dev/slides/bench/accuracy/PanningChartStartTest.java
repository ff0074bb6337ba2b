package dev.slides.bench.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The opening of the corpus' {@code animated-inside} case, its chart panning from the first
 * frame, shortened to 8 s and followed by its next slide. The chart's light grey grid lines are
 * faint content, which is judged at a lower threshold where it holds still; judged so while it
 * panned, the chart departed from its slide at once and the slide was found 2 s late.
 */
class PanningChartStartTest {
  @TempDir Path dir;

  @Test
  void aChartThatPansFromTheFirstFrameIsASlideFromTheStart() throws Exception {
    CaseSpec whole = Corpus.select("^animated-inside$").get(0);
    CaseSpec.Slide chart = (CaseSpec.Slide) whole.parts().get(0);
    CaseSpec.Slide next = (CaseSpec.Slide) whole.parts().get(1);
    CaseSpec spec = new CaseSpec("panning-chart-start", "the opening of animated-inside",
        whole.width(), whole.height(), whole.fps(), whole.encoding(), whole.overlays(),
        whole.seed(), List.of(
            new CaseSpec.Slide(chart.design(), 8, chart.entrance(), chart.entranceSeconds(),
                chart.shownAtStart(), chart.steps(), chart.live()),
            new CaseSpec.Slide(next.design(), 4, next.entrance(), next.entranceSeconds(),
                next.shownAtStart(), next.steps(), next.live())));
    CorpusGenerator generator = new CorpusGenerator(dir, CorpusGenerator.Encoder.BUNDLED_H264);
    generator.ensure(spec);
    List<Span> found = ProjectDetector.detect(generator.video(spec), 4);
    assertEquals(2, found.size(), found.toString());
    assertEquals(0, found.get(0).start(), 0.5, found.toString());
    assertEquals(8, found.get(1).start(), 0.5, found.toString());
  }
}
