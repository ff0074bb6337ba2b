package dev.slides;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
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
        () -> new SampleStats(0, 0, 0, 0, SampleStats.State.MOVING, null, 0, 0));
    assertEquals("event must not be null (Event.NONE stands for no event)", e.getMessage());
    assertEquals("state must not be null", assertThrows(NullPointerException.class,
        () -> new SampleStats(0, 0, 0, 0, null, SampleStats.Event.NONE, 0, 0)).getMessage());
  }

  /** A detector's first sample decides nothing yet: its event is NONE, not null. */
  @Test
  void theDetectorReportsNoneForASampleThatDecidedNothing() {
    SegmentDetector detector = new SegmentDetector(DetectorOptions.defaults());
    detector.push(0, LumaFrame.filled(64, 36, 128));
    assertEquals(SampleStats.Event.NONE, detector.lastStats().event());
    assertEquals(SampleStats.State.MOVING, detector.lastStats().state());
  }
}
