package dev.slides.bench.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The bundled encoder's bitrate per case: OpenH264 has no crf, so a crf case gets a bitrate that
 * halves every 6 crf steps, and the unit tests' cases (crf 23) keep the 0.15 bits per pixel per
 * frame they were written with.
 */
class BundledEncoderTest {
  @Test
  void crfCasesGetABitratePerPixelThatHalvesEverySixSteps() {
    CaseSpec faint = Corpus.select("^faint-text$").get(0); // 1280x720 at 25 fps, crf 23
    assertEquals(23, faint.encoding().crf());
    assertEquals(Math.round(0.15 * 1280 * 720 * 25), BundledEncoder.bitrate(faint));
    CaseSpec noisy = Corpus.select("^camera-noise-crf34$").get(0); // 1280x720 at 25 fps
    assertEquals(Math.round(0.15 * Math.pow(2, -11 / 6.0) * 1280 * 720 * 25),
        BundledEncoder.bitrate(noisy));
  }

  @Test
  void bitrateCasesKeepTheirBitrate() {
    CaseSpec youtube = Corpus.select("^youtube-1080p$").get(0);
    assertEquals(0, youtube.encoding().crf());
    assertEquals(2_500_000, BundledEncoder.bitrate(youtube));
  }
}
