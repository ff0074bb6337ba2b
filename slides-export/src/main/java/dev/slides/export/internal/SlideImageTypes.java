package dev.slides.export.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * The image types every export takes a slide image in, told apart by their first bytes: WebP
 * (what slides-core writes), and PNG and JPEG (a store that keeps or converts images so), which
 * a browser shows as well and ImageIO reads for the PDF. Anything else is refused in the same
 * words by every export that shows the image.
 */
public final class SlideImageTypes {
  private SlideImageTypes() {}

  /**
   * The media type of {@code image} ({@code image/webp}, {@code image/png}, {@code image/jpeg}).
   *
   * @param what names the image in errors ({@code "slide 3 (3-first.webp)"})
   * @throws IOException when it is none of them
   */
  public static String mediaType(byte[] image, String what) throws IOException {
    if (WebpDecoder.isWebp(image)) {
      return "image/webp";
    }
    if (image.length > 8 && (image[0] & 0xFF) == 0x89 && image[1] == 'P' && image[2] == 'N'
        && image[3] == 'G') {
      return "image/png";
    }
    if (image.length > 3 && (image[0] & 0xFF) == 0xFF && (image[1] & 0xFF) == 0xD8
        && (image[2] & 0xFF) == 0xFF) {
      return "image/jpeg";
    }
    throw new IOException("The image of " + what + " is not a WebP, PNG or JPEG file");
  }

  /**
   * The pixels of {@code image}.
   *
   * @param what names the image in errors ({@code "slide 3 (3-first.webp)"})
   * @throws IOException when it is not one of the types above, or cannot be decoded
   */
  public static BufferedImage decode(byte[] image, String what) throws IOException {
    if (mediaType(image, what).equals("image/webp")) {
      return WebpDecoder.decode(image, what);
    }
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image));
    if (decoded == null) {
      throw new IOException("Cannot read the image of " + what + ": not a valid image");
    }
    return decoded;
  }
}
