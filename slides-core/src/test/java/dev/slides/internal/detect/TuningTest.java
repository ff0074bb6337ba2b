package dev.slides.internal.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slides.DetectorOptions;
import org.junit.jupiter.api.Test;

class TuningTest {

  /**
   * The threshold by contrast, written without a branch, gives what the rule says: the full
   * threshold from {@link Tuning#FAINT_CONTRAST} up, below it the same share of the contrast
   * but never under 3/8 of the full one; at every sensitivity and contrast.
   */
  @Test
  void slideThresholdFollowsTheContrastBelowFaintAndIsFullAbove() {
    for (int sensitivity = 0; sensitivity <= 100; sensitivity++) {
      Tuning tuning = new Tuning(DetectorOptions.builder().sensitivity(sensitivity).build());
      int full = tuning.pixelThreshold();
      for (int contrast = 0; contrast <= 255; contrast++) {
        int expected = contrast >= Tuning.FAINT_CONTRAST ? full
            : Math.max(Math.round(full * 0.375f),
                Math.round((float) contrast * full / Tuning.FAINT_CONTRAST));
        assertEquals(expected, tuning.slideThreshold(contrast),
            "sensitivity " + sensitivity + ", contrast " + contrast);
      }
    }
  }
}
