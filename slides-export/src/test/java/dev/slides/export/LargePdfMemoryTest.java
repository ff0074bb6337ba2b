package dev.slides.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PDF of many slides is written with its embedded images spilled to a scratch file, not held
 * in the heap: a server answers several exports at once, each of a deck of hundreds of slides.
 */
class LargePdfMemoryTest {
  /** Pages of the deck: each embeds about 1 MB of JPEG (noise does not compress). */
  static final int SLIDES = 80;
  static final int WIDTH = 1280;
  static final int HEIGHT = 720;

  @TempDir Path dir;

  @Test
  void aPdfWhoseImagesExceedTheHeapIsWrittenInASmallHeap() throws Exception {
    Path image = dir.resolve("noise.webp");
    writeNoiseWebp(image);
    Path pdf = dir.resolve("large.pdf");
    // About 80 MB of images against a 48 MB heap: only images kept out of the heap fit.
    Process run = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx48m", "-Djava.io.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"),
        Writer.class.getName(), image.toString(), pdf.toString()))
        .redirectErrorStream(true).start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(run.waitFor(120, TimeUnit.SECONDS), output);
    assertEquals(0, run.exitValue(), output);
    assertTrue(Files.size(pdf) > 48L << 20, "PDF of " + Files.size(pdf) + " bytes");
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      assertEquals(SLIDES, doc.getNumberOfPages());
    }
  }

  /** Writes a PDF of {@value #SLIDES} slides, each its own frame showing the image args[0]. */
  static final class Writer {
    public static void main(String[] args) throws IOException {
      byte[] image = Files.readAllBytes(Path.of(args[0]));
      StringBuilder segments = new StringBuilder();
      for (int i = 1; i <= SLIDES; i++) {
        segments.append(i == 1 ? "" : ",").append(String.format(Locale.ROOT,
            "{\"kind\":\"static\",\"start_time\":%d,\"end_time\":%d,\"duration\":1,"
                + "\"first_frame\":{\"frame_id\":\"%d-first.webp\",\"duplicate_of\":null},"
                + "\"last_frame\":{\"frame_id\":\"%d-last.webp\",\"duplicate_of\":null}}",
            i - 1, i, i, i));
      }
      String manifest = "{\"big\":{\"segments\":[" + segments + "]}}";
      SlideDeck deck = SlideDeck.read(manifest.getBytes(StandardCharsets.UTF_8),
          frame -> Optional.of(image));
      SlideExporter.defaults().write(ExportFormat.PDF, deck, Path.of(args[1]));
    }
  }

  private static void writeNoiseWebp(Path file) throws Exception {
    BufferedImage noise = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
    Random random = new Random(7);
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        noise.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), WIDTH, HEIGHT);
         Java2DFrameConverter converter = new Java2DFrameConverter()) {
      recorder.setFormat("webp");
      recorder.setVideoCodecName("libwebp");
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      recorder.setVideoQuality(90);
      recorder.start();
      recorder.record(converter.convert(noise));
      recorder.stop();
    }
  }
}
