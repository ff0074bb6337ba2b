package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Decode errors are told as a count and the stretches of the video they fall in. */
class DecodeDamageTest {
  @Test
  void closeErrorsShareAStretchInAnyOrder() {
    DecodeDamage.Log log = new DecodeDamage.Log();
    log.add(7.0);
    log.add(6.2);
    log.add(8.5);
    log.add(40.0);
    DecodeDamage damage = log.snapshot();
    assertEquals(4, damage.errors());
    assertEquals(List.of(new DecodeDamage.Stretch(6.2, 8.5, 3),
        new DecodeDamage.Stretch(40.0, 40.0, 1)), damage.stretches());
    assertEquals("4 decode errors at 6.2-8.5 s and 40.0 s", damage.describe());
  }

  @Test
  void manyStretchesAreCountedButNotAllListed() {
    DecodeDamage.Log log = new DecodeDamage.Log();
    for (int i = 0; i < DecodeDamage.MAX_STRETCHES + 3; i++) {
      log.add(i * 10.0);
    }
    DecodeDamage damage = log.snapshot();
    assertEquals(DecodeDamage.MAX_STRETCHES + 3, damage.errors());
    assertEquals(DecodeDamage.MAX_STRETCHES, damage.stretches().size());
    assertTrue(damage.describe().endsWith(", 90.0 s and later"), damage.describe());
  }

  @Test
  void decodersMergeWhatEachFound() {
    DecodeDamage.Log first = new DecodeDamage.Log();
    first.add(3.0);
    DecodeDamage.Log second = new DecodeDamage.Log();
    second.add(4.0);
    second.add(20.0);
    DecodeDamage.Log all = new DecodeDamage.Log();
    all.addAll(first.drain());
    all.addAll(second.snapshot());
    assertEquals("3 decode errors at 3.0-4.0 s and 20.0 s", all.snapshot().describe());
    assertTrue(first.isEmpty());
    assertEquals("no decode errors", DecodeDamage.NONE.describe());
    assertEquals("1 decode error at 2.0 s", new DecodeDamage(1,
        List.of(new DecodeDamage.Stretch(2.0, 2.0, 1))).describe());
  }
}
