package dev.slides.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files that are not usable videos, for failure tests. */
public final class BadFiles {
  private BadFiles() {}

  public static Path text(Path file) throws IOException {
    return Files.writeString(file, "This is not a video, just some text.\n".repeat(200),
        StandardCharsets.UTF_8);
  }

  public static Path empty(Path file) throws IOException {
    return Files.write(file, new byte[0]);
  }

  /** The first half of a real video: its index (at the end of an MP4) is gone. */
  public static Path truncated(Path video, Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(video);
    return Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
  }

  /** Three seconds of a 440 Hz tone as a WAV file: audio, no video. */
  public static Path audioOnly(Path file) throws IOException {
    int rate = 8000;
    int samples = rate * 3;
    ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2)
        .put("WAVE".getBytes(StandardCharsets.US_ASCII))
        .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
        .putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
        .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
    for (int i = 0; i < samples; i++) {
      b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate)));
    }
    return Files.write(file, b.array());
  }
}
