package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SampleStatsTest {
  /** The words of the statistics file, as its documentation gives them. */
  @Test
  void eachStateAndEventHasTheWordOfTheStatisticsFile() {
    assertEquals(List.of("static", "departing", "moving"),
        Arrays.stream(SampleStats.State.values()).map(SampleStats.State::wireName).toList());
    assertEquals(List.of("", "slide", "build", "flash", "drift", "occluder", "damaged"),
        Arrays.stream(SampleStats.Event.values()).map(SampleStats.Event::wireName).toList());
  }

  @Test
  void noEventIsNoneNotNull() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> new SampleStats(0, 0, 0, 0, SampleStats.State.MOVING, null, 0, 0, 0.7));
    assertEquals("event must not be null (Event.NONE stands for no event)", e.getMessage());
    assertEquals("state must not be null", assertThrows(NullPointerException.class,
        () -> new SampleStats(0, 0, 0, 0, null, SampleStats.Event.NONE, 0, 0, 0.7)).getMessage());
  }

  /** A detector's first sample decides nothing yet: its event is NONE, not null. */
  @Test
  void theDetectorReportsNoneForASampleThatDecidedNothing() {
    SegmentDetector detector = new SegmentDetector(DetectorOptions.defaults());
    detector.push(0, LumaFrame.filled(64, 36, 128));
    assertEquals(SampleStats.Event.NONE, detector.lastStats().event());
    assertEquals(SampleStats.State.MOVING, detector.lastStats().state());
  }

  /**
   * The rest limit in force is reported with each sample: the fixed one on a clean picture, and
   * above it once the video's own grain between unchanged samples is known to be higher.
   */
  @Test
  void eachSampleReportsTheRestLimitInForce() {
    SegmentDetector clean = new SegmentDetector(DetectorOptions.defaults());
    SegmentDetector grainy = new SegmentDetector(DetectorOptions.defaults());
    Random random = new Random(7);
    for (int i = 0; i < 12; i++) {
      clean.push(i, LumaFrame.filled(320, 180, 128));
      assertEquals(0.7, clean.lastStats().restLimit(), 1e-9, "sample " + i);
      grainy.push(i, grain(320, 180, 128, GRAIN, random));
    }
    double limit = grainy.lastStats().restLimit();
    assertTrue(limit > 0.7, "limit " + limit + ", mean difference "
        + grainy.lastStats().meanDifference());
    // The limit follows the grain: the samples' own differences stay under it.
    assertTrue(grainy.lastStats().meanDifference() < limit, grainy.lastStats().toString());
  }

  private static LumaFrame grain(int width, int height, int level, int amplitude,
      Random random) {
    byte[] pixels = new byte[width * height];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (level + random.nextInt(2 * amplitude + 1) - amplitude);
    }
    return new LumaFrame(width, height, pixels);
  }

  private static final int GRAIN = 6;
}
