package dev.slides.internal.video;

import static org.bytedeco.ffmpeg.global.avutil.av_display_matrix_flip;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_set;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.javacpp.IntPointer;
import org.junit.jupiter.api.Test;

/**
 * Display matrices read as FFmpeg's player reads them (checked against {@code ffmpeg}'s
 * autorotate on this project's fixtures), including the mirrored ones a recorder can write.
 */
class OrientationTest {
  /** Stored 3 wide, 2 high: a b c / d e f. */
  private static final byte[] STORED = {'a', 'b', 'c', 'd', 'e', 'f'};

  private static String shown(double rotation, boolean hflip, boolean vflip) {
    try (IntPointer matrix = new IntPointer(9)) {
      av_display_rotation_set(matrix, rotation);
      av_display_matrix_flip(matrix, hflip ? 1 : 0, vflip ? 1 : 0);
      Orientation o = Orientation.fromDisplayMatrix(matrix);
      int width = o.uprightWidth(3, 2);
      int height = o.uprightHeight(3, 2);
      byte[] out = new byte[width * height];
      o.turn(STORED, 3, 3, 2, out, width);
      StringBuilder rows = new StringBuilder();
      for (int y = 0; y < height; y++) {
        rows.append(y > 0 ? "/" : "").append(new String(out, y * width, width,
            java.nio.charset.StandardCharsets.US_ASCII));
      }
      return rows.toString();
    }
  }

  @Test
  void noMatrixOrNoTurnLeavesFramesAsStored() {
    assertEquals("abc/def", shown(0, false, false));
    byte[] out = new byte[6];
    Orientation.UPRIGHT.turn(STORED, 3, 3, 2, out, 3);
    assertArrayEquals(STORED, out);
  }

  @Test
  void quarterTurns() {
    // av_display_rotation_set takes the clockwise angle players turn the frame by.
    assertEquals("da/eb/fc", shown(90, false, false));
    assertEquals("fed/cba", shown(180, false, false));
    assertEquals("cf/be/ad", shown(-90, false, false));
  }

  @Test
  void mirrors() {
    assertEquals("cba/fed", shown(0, true, false));
    assertEquals("def/abc", shown(0, false, true));
    assertEquals("ad/be/cf", shown(90, true, false));
    assertEquals("fc/eb/da", shown(90, false, true));
    assertEquals("fc/eb/da", shown(-90, true, false));
  }
}
