package dev.slides.internal.video;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_VAAPI;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV444P;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_clone;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_image_copy_to_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_image_get_buffer_size;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A picture kept in the heap is the frame it was copied from, whatever its layout. */
class HeapPictureTest {

  /** A frame of random pixels, its rows padded as decoders pad them. */
  private static AVFrame frame(int format, int width, int height, long seed) {
    AVFrame f = av_frame_alloc();
    f.format(format);
    f.width(width);
    f.height(height);
    f.color_range(AVCOL_RANGE_JPEG);
    if (av_frame_get_buffer(f, 64) < 0) {
      throw new IllegalStateException("no memory");
    }
    Random random = new Random(seed);
    int chromaWidth = format == AV_PIX_FMT_YUV444P ? width : (width + 1) / 2;
    int chromaHeight = format == AV_PIX_FMT_YUV420P ? (height + 1) / 2 : height;
    for (int plane = 0; plane < 3; plane++) {
      int w = plane == 0 ? width : chromaWidth;
      int h = plane == 0 ? height : chromaHeight;
      byte[] row = new byte[w];
      for (int y = 0; y < h; y++) {
        random.nextBytes(row);
        f.data(plane).position((long) y * f.linesize(plane)).put(row);
      }
      f.data(plane).position(0);
    }
    return f;
  }

  @ParameterizedTest
  @ValueSource(ints = {AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUV422P, AV_PIX_FMT_YUV444P})
  void encodesTheSameImageAsTheFrame(int format) throws Exception {
    AVFrame source = frame(format, 318, 178, format);
    try (HeapPicture.Scratch scratch = new HeapPicture.Scratch();
         FfmpegPicture decoded = new FfmpegPicture(av_frame_clone(source), Orientation.UPRIGHT);
         HeapPicture heap = HeapPicture.copyOf(source, Orientation.UPRIGHT, scratch)) {
      av_frame_free(source); // the copy must not depend on the frame
      assertEquals(decoded.width(), heap.width());
      assertEquals(decoded.height(), heap.height());
      assertArrayEquals(decoded.encodeWebp(200, 80), heap.encodeWebp(200, 80));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUV422P, AV_PIX_FMT_YUV444P})
  void planesAreCopiedStraightIntoTheLayoutFfmpegPacksThemIn(int format) {
    for (int width : new int[] {320, 318, 17}) {
      AVFrame source = frame(format, width, 179, width);
      int size = av_image_get_buffer_size(format, width, 179, 1);
      try (HeapPicture.Scratch scratch = new HeapPicture.Scratch();
           BytePointer packed = new BytePointer(size)) {
        assertTrue(av_image_copy_to_buffer(packed, size, source.data(), source.linesize(),
            format, width, 179, 1) >= 0);
        byte[] expected = new byte[size];
        packed.get(expected);
        byte[] direct = new byte[size];
        assertTrue(HeapPicture.copyPlanes(source, direct, scratch), "width " + width);
        assertArrayEquals(expected, direct, "width " + width);
      } finally {
        av_frame_free(source);
      }
    }
  }

  @Test
  void aTurnedPictureKeepsItsTurnAndCopiesShareThePixels() throws Exception {
    AVFrame source = frame(AV_PIX_FMT_YUV420P, 320, 180, 7);
    IntPointer matrix = new IntPointer(9);
    av_display_rotation_set(matrix, 90);
    Orientation turned = Orientation.fromDisplayMatrix(matrix);
    try (HeapPicture.Scratch scratch = new HeapPicture.Scratch();
         FfmpegPicture decoded = new FfmpegPicture(av_frame_clone(source), turned)) {
      HeapPicture copy;
      try (HeapPicture heap = HeapPicture.copyOf(source, turned, scratch)) {
        av_frame_free(source);
        copy = heap.copy();
      }
      assertEquals(180, copy.width());
      assertEquals(320, copy.height());
      assertArrayEquals(decoded.encodeWebp(1920, 80), copy.encodeWebp(1920, 80));
      copy.close();
      assertThrows(IllegalStateException.class, () -> copy.encodeWebp(1920, 80));
    }
  }

  @Test
  void aFrameWhosePixelsCannotBeLaidOutInOneBufferIsLeftToTheCaller() {
    AVFrame gpu = av_frame_alloc();
    gpu.format(AV_PIX_FMT_VAAPI); // pixels live on a graphics card
    gpu.width(320);
    gpu.height(180);
    try (HeapPicture.Scratch scratch = new HeapPicture.Scratch()) {
      assertNull(HeapPicture.copyOf(gpu, Orientation.UPRIGHT, scratch));
    } finally {
      av_frame_free(gpu);
    }
  }
}
