package dev.slides.internal.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.slides.LumaFrame;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The analysis size {@link LumaScaler} gives a picture, against the size its stream declares. */
class LumaScalerTest {
  private AVFrame picture;

  @BeforeEach
  void grey640x360() {
    picture = av_frame_alloc();
    picture.format(AV_PIX_FMT_GRAY8);
    picture.width(640);
    picture.height(360);
    assertEquals(0, av_frame_get_buffer(picture, 32));
  }

  @AfterEach
  void free() {
    av_frame_free(picture);
  }

  @Test
  void aPictureOfAnotherSizeThanTheStreamsComesOutAtTheStreamsShape() {
    // Joined recordings: the stream declares 320x240 (4:3), this picture is 16:9.
    try (LumaScaler scaler = new LumaScaler(160, Orientation.UPRIGHT, 320, 240)) {
      LumaFrame frame = scaler.scale(picture);
      assertNotNull(frame);
      assertEquals(160, frame.width());
      assertEquals(120, frame.height());
    }
  }

  @Test
  void aStreamThatDeclaresNoSizeIsReadAtItsPicturesSize() {
    try (LumaScaler scaler = new LumaScaler(160, Orientation.UPRIGHT, 0, 0)) {
      LumaFrame frame = scaler.scale(picture);
      assertNotNull(frame);
      assertEquals(160, frame.width());
      assertEquals(90, frame.height());
    }
  }
}
