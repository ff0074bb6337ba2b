package dev.slides.bench.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slides.ExtractionOptions;
import dev.slides.ExtractionResult;
import dev.slides.InMemoryBlobStore;
import dev.slides.SamplingOptions;
import dev.slides.SegmentKind;
import dev.slides.SlideExtractor;
import dev.slides.SlideSegment;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The opening of the corpus' {@code animated-inside} case, its chart panning from the first
 * frame, shortened to 8 s and followed by its next slide. The chart's light grey grid lines are
 * faint content, which is judged at a lower threshold where it holds still; judged so while it
 * panned, the chart departed from its slide at once and the slide was found 2 s late. Encoded
 * by the bundled FFmpeg (OpenH264), the grid lines still moved the picture away from its slide
 * within 0.76 s, too soon for a slide of its own, before they were known to keep changing.
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

    // The extraction keeps only the pictures the detector still needs: the first one of the
    // chart's slide, found to start there seconds later, must still be among them.
    ExtractionResult extracted = SlideExtractor.create(new InMemoryBlobStore(),
            ExtractionOptions.builder()
                .sampling(SamplingOptions.builder().samplesPerSecond(4).build()).build())
        .extract("panning-chart-start", generator.video(spec));
    List<SlideSegment> segments = extracted.segments();
    assertEquals(2, extracted.slideCount(), segments.toString());
    assertEquals(SegmentKind.STATIC, segments.get(0).kind(), segments.toString());
    assertEquals(0, segments.get(0).startTime(), 0.5, segments.toString());
  }
}
