package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.LumaFrame;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class PackedLumaTest {
  @Test
  void unpacksToTheSamePixelsWhetherTheyCompressOrNot() {
    byte[] noise = new byte[320 * 180];
    new Random(7).nextBytes(noise);
    LumaFrame slide = LumaFrame.filled(320, 180, 235);
    slide.pixels()[180 * 60 + 40] = 12;
    Deflater deflater = PackedLuma.deflater();
    try {
      PackedLuma packedNoise = PackedLuma.pack(new LumaFrame(320, 180, noise.clone()), deflater);
      PackedLuma packedSlide = PackedLuma.pack(slide, deflater);
      LumaFrame back = packedNoise.unpack();
      assertEquals(320, back.width());
      assertEquals(180, back.height());
      assertArrayEquals(noise, back.pixels());
      assertArrayEquals(slide.pixels(), packedSlide.unpack().pixels());
      assertTrue(packedSlide.bytes() < noise.length / 20, packedSlide.bytes() + " bytes");
    } finally {
      deflater.end();
    }
  }
}
