package dev.slides.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/** An image file (WebP, PNG, ...) decoded by FFmpeg to RGB, for assertions on output images. */
public final class DecodedImage {
  public final int width;
  public final int height;
  private final byte[] bgr;

  private DecodedImage(int width, int height, byte[] bgr) {
    this.width = width;
    this.height = height;
    this.bgr = bgr;
  }

  public static DecodedImage decode(byte[] file) throws IOException {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(file), 0)) {
      grabber.setImageMode(FrameGrabber.ImageMode.COLOR);
      grabber.start();
      Frame frame = grabber.grabImage();
      if (frame == null) {
        throw new IOException("No image in " + file.length + " bytes");
      }
      int w = frame.imageWidth;
      int h = frame.imageHeight;
      byte[] out = new byte[w * h * 3];
      ByteBuffer buffer = (ByteBuffer) frame.image[0];
      for (int y = 0; y < h; y++) {
        buffer.position(y * frame.imageStride);
        buffer.get(out, y * w * 3, w * 3);
      }
      return new DecodedImage(w, h, out);
    }
  }

  /** Red, green, blue at (x, y), each 0 to 255. */
  public int[] rgb(int x, int y) {
    int i = (y * width + x) * 3;
    return new int[] {bgr[i + 2] & 0xFF, bgr[i + 1] & 0xFF, bgr[i] & 0xFF};
  }

  /** True when the file starts like a WebP image (RIFF....WEBP). */
  public static boolean isWebp(byte[] file) {
    return file.length > 12 && file[0] == 'R' && file[1] == 'I' && file[2] == 'F'
        && file[3] == 'F' && file[8] == 'W' && file[9] == 'E' && file[10] == 'B' && file[11] == 'P';
  }
}
