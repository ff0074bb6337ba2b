package dev.slides.export;

import dev.slides.ExtractionOptions;
import dev.slides.FileSystemBlobStore;
import dev.slides.SlideExtractor;
import dev.slides.export.internal.WebpDecoder;
import dev.slides.testing.Canvas;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Time and size of every export for a 20-slide 1080p deck, and of the PDF image choices (JPEG
 * qualities, lossless). Not a test: run by hand, see the module's README ("Measurements").
 *
 * <pre>
 * mvn -o -q -pl slides-export -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp slides-export/target/test-classes:slides-export/target/classes:$(cat slides-export/target/cp.txt) \
 *     dev.slides.export.ExportMeasurement /tmp/export-measure
 * </pre>
 */
public final class ExportMeasurement {
  static final int W = 1920;
  static final int H = 1080;
  static final int RUNS = 5;

  private ExportMeasurement() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/export-measure");
    Files.createDirectories(dir);
    Path store = dir.resolve("out");
    if (!Files.exists(store.resolve("manifests/deck20.json"))) {
      LectureVideo.Builder video = LectureVideo.builder(W, H, 5).bitrate(2_000_000);
      for (int i = 0; i < 20; i++) {
        Canvas slide = switch (i % 4) {
          case 1 -> Slides.dark(W, H, 200 + i, "Results " + i, 4);
          case 3 -> Slides.build(W, H, 200 + i, "Build " + i, 5);
          default -> Slides.bullets(W, H, 200 + i, "Topic " + i, 3 + i % 3);
        };
        video.slide(slide, 3);
      }
      Path file = video.write(dir.resolve("deck20.mp4"));
      SlideExtractor.create(FileSystemBlobStore.create(store), ExtractionOptions.defaults())
          .extract("deck20", file);
    }
    SlideDeck deck = SlideDeck.fromDirectory(store, "deck20");
    long imageBytes = 0;
    for (SlideDeck.Frame f : deck.storedFrames()) {
      imageBytes += deck.image(f).length;
    }
    System.out.printf(Locale.ROOT, "deck: %d slides, %d stored WebP images, %d KiB of images%n",
        deck.slides().size(), deck.storedFrames().size(), imageBytes >> 10);

    measureImageSteps(deck);
    SlideExporter defaults = SlideExporter.defaults();
    for (ExportFormat format : ExportFormat.values()) {
      measure(format.name(), dir.resolve("deck20." + format.extension()), deck,
          out -> defaults.write(format, deck, out));
    }
    for (int q : new int[] {75, 85, 90, 95}) {
      SlideExporter e = SlideExporter.builder().pdfJpegQuality(q).build();
      measure("PDF jpeg q" + q, dir.resolve("deck20-q" + q + ".pdf"), deck,
          out -> e.write(ExportFormat.PDF, deck, out));
    }
    SlideExporter lossless = SlideExporter.builder().pdfLossless().build();
    measure("PDF lossless", dir.resolve("deck20-lossless.pdf"), deck,
        out -> lossless.write(ExportFormat.PDF, deck, out));
  }

  /** Where a PDF page's time goes: decoding the WebP, encoding the JPEG. */
  static void measureImageSteps(SlideDeck deck) throws IOException {
    long decode = 0;
    long encode = 0;
    for (int run = 0; run < 2; run++) {
      decode = 0;
      encode = 0;
      for (SlideDeck.Frame f : deck.storedFrames()) {
        byte[] webp = deck.image(f);
        long t0 = System.nanoTime();
        java.awt.image.BufferedImage image = WebpDecoder.decode(webp, f.frameId());
        long t1 = System.nanoTime();
        try (org.apache.pdfbox.pdmodel.PDDocument doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
          org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory.createFromImage(doc, image, 0.9f);
        }
        long t2 = System.nanoTime();
        decode += t1 - t0;
        encode += t2 - t1;
      }
    }
    int n = deck.storedFrames().size();
    System.out.printf(Locale.ROOT, "per image: WebP decode %.1f ms, JPEG q90 encode %.1f ms%n",
        decode / 1e6 / n, encode / 1e6 / n);
  }

  interface Export {
    void to(ByteArrayOutputStream out) throws IOException;
  }

  static void measure(String name, Path file, SlideDeck deck, Export export) throws IOException {
    ByteArrayOutputStream warm = new ByteArrayOutputStream();
    export.to(warm);
    long[] ms = new long[RUNS];
    for (int i = 0; i < RUNS; i++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long t0 = System.nanoTime();
      export.to(out);
      ms[i] = (System.nanoTime() - t0) / 1_000_000;
    }
    Arrays.sort(ms);
    Files.write(file, warm.toByteArray());
    System.out.printf(Locale.ROOT, "%-14s %6d KiB  median %5d ms (min %d, max %d)  %.1f ms/slide%n",
        name, warm.size() >> 10, ms[RUNS / 2], ms[0], ms[RUNS - 1],
        (double) ms[RUNS / 2] / deck.slides().size());
  }
}
