package dev.slides.server;

import dev.slides.ExtractionOptions;
import picocli.CommandLine.Option;

/**
 * How slides are extracted: the options {@code slides extract} and {@code slides serve} share,
 * declared once so that both commands take them with the same text, default, environment
 * variable and range.
 */
final class ExtractionFlags {
  @Option(names = "--quality", paramLabel = "Q", defaultValue = "${env:SLIDE_IMAGE_QUALITY:-80}",
      description = "WebP quality 0-100 (env SLIDE_IMAGE_QUALITY, default 80).")
  int quality;

  @Option(names = "--max-width", paramLabel = "PX",
      defaultValue = "${env:SLIDES_MAX_IMAGE_WIDTH:-1920}",
      description = "Scale wider slide images down to this width (env SLIDES_MAX_IMAGE_WIDTH,"
          + " default 1920).")
  int maxWidth;

  @Option(names = "--full-decode", defaultValue = "${env:SLIDES_FULL_DECODE:-false}",
      description = "Decode every frame instead of skipping the stretches the keyframes show"
          + " to be still: the same slides, several times slower; a fallback should a video"
          + " defeat the screening (env SLIDES_FULL_DECODE, default false).")
  boolean fullDecode;

  /**
   * Refuses a value out of range by the variable and the flag that set it (the library's own
   * check names its parameter, {@code imageQuality}, which no user typed).
   *
   * @throws IllegalArgumentException naming the first value out of range
   */
  void check() {
    if (quality < 0 || quality > 100) {
      throw new IllegalArgumentException("SLIDE_IMAGE_QUALITY / --quality must be 0 to 100, got "
          + quality);
    }
    if (maxWidth < 16) {
      throw new IllegalArgumentException("SLIDES_MAX_IMAGE_WIDTH / --max-width must be at least"
          + " 16, got " + maxWidth);
    }
  }

  /**
   * {@code options} with these flags set ({@code slides extract}).
   *
   * @throws IllegalArgumentException as {@link #check()}
   */
  ExtractionOptions applyTo(ExtractionOptions options) {
    check();
    return options.toBuilder().imageQuality(quality).maxImageWidth(maxWidth)
        .sampling(options.sampling().toBuilder().skipStillStretches(!fullDecode).build()).build();
  }

  /**
   * {@code settings} with these flags set ({@code slides serve}).
   *
   * @throws IllegalArgumentException as {@link #check()}
   */
  ServerSettings.Builder applyTo(ServerSettings.Builder settings) {
    check();
    return settings.imageQuality(quality).maxImageWidth(maxWidth).fullDecode(fullDecode);
  }
}
