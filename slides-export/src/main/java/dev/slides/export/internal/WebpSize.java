package dev.slides.export.internal;

import java.util.Optional;

/**
 * A WebP image's width and height from its header, without decoding it (for {@code <img
 * width height>}, which lets a browser lay out the page before the images are decoded).
 */
record WebpSize(int width, int height) {
  /**
   * The size in a lossy ({@code VP8 }), lossless ({@code VP8L}) or extended ({@code VP8X})
   * file.
   */
  public static Optional<WebpSize> of(byte[] b) {
    if (!WebpDecoder.isWebp(b) || b.length < 30) {
      return Optional.empty();
    }
    String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
    switch (chunk) {
      case "VP8 " -> {
        // Frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height.
        if ((b[23] & 0xFF) != 0x9d || (b[24] & 0xFF) != 0x01 || (b[25] & 0xFF) != 0x2a) {
          return Optional.empty();
        }
        return Optional.of(new WebpSize(u16(b, 26) & 0x3FFF, u16(b, 28) & 0x3FFF));
      }
      case "VP8L" -> {
        if ((b[20] & 0xFF) != 0x2f) {
          return Optional.empty();
        }
        int bits = (b[21] & 0xFF) | (b[22] & 0xFF) << 8 | (b[23] & 0xFF) << 16
            | (b[24] & 0xFF) << 24;
        return Optional.of(new WebpSize((bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1));
      }
      case "VP8X" -> {
        return Optional.of(new WebpSize(u24(b, 24) + 1, u24(b, 27) + 1));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  private static int u16(byte[] b, int i) {
    return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
  }

  private static int u24(byte[] b, int i) {
    return u16(b, i) | (b[i + 2] & 0xFF) << 16;
  }
}
