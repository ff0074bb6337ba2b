package dev.slides.bench.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FreezeDetectTest {
  private static final String LOG = """
      Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'talk.mp4':
        Duration: 00:01:02.50, start: 0.000000, bitrate: 95 kb/s
      [freezedetect @ 0x558d3de34d80] lavfi.freezedetect.freeze_start: 0
      [freezedetect @ 0x558d3de34d80] lavfi.freezedetect.freeze_duration: 5
      [freezedetect @ 0x558d3de34d80] lavfi.freezedetect.freeze_end: 5
      [freezedetect @ 0x558d3de34d80] lavfi.freezedetect.freeze_start: 8.04
      frame=  300 fps=0.0 q=-0.0 Lsize=N/A time=00:01:02.50 bitrate=N/A speed= 242x
      """;

  @Test
  void eachFreezeIsAStaticSegmentAndOneStillOpenEndsAtTheDuration() {
    assertEquals(List.of(new Span(0, 5), new Span(8.04, 62.5)), FreezeDetect.parse(LOG, 99));
  }

  @Test
  void withoutADurationLineTheGivenDurationClosesTheLastFreeze() {
    String log = LOG.lines().filter(l -> !l.contains("Duration")).reduce("", (a, b) -> a + b
        + "\n");
    assertEquals(new Span(8.04, 70), FreezeDetect.parse(log, 70).get(1));
  }
}
