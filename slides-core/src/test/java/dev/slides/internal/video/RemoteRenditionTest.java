package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.internal.download.AddressFilter;
import dev.slides.internal.download.HttpDownloader;
import dev.slides.testing.BadFiles;
import dev.slides.testing.DecodedImage;
import dev.slides.testing.FaultyHttpServer;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rendition read by range requests: a cancel, a damaged picture. */
class RemoteRenditionTest {
  @TempDir Path dir;

  /**
   * FFmpeg reads the header through a callback that can only return an error code: a cancel
   * must still reach the caller as one, not as a damaged video (which would let a job go on).
   */
  @Test
  void aCancelWhileTheHeaderIsReadIsACancelNotADamagedVideo() throws Exception {
    byte[] video = Files.readAllBytes(LectureVideo.builder(320, 180, 10)
        .slide(Slides.bullets(320, 180, 1, "Intro", 2), 2)
        .write(dir.resolve("v.mp4")));
    ExecutorService caller = Executors.newSingleThreadExecutor();
    Thread[] thread = new Thread[1];
    AtomicInteger requests = new AtomicInteger();
    HttpDownloader.Options options = HttpDownloader.Options.defaults()
        .withAddresses(AddressFilter.parse("127.0.0.0/8"))
        .withStallTimeout(Duration.ofMinutes(5)).withDeadline(Duration.ofMinutes(5));
    try (FaultyHttpServer server = FaultyHttpServer.start();
         HttpDownloader downloader = new HttpDownloader(options)) {
      // The probe for the size goes through; FFmpeg's first read gets headers and no byte.
      server.serve("/v.mp4", video,
          new FaultyHttpServer.StallWhen(() -> requests.incrementAndGet() > 1));
      Future<RemoteRendition> opening = caller.submit(() -> {
        thread[0] = Thread.currentThread();
        return RemoteRendition.open(downloader, URI.create(server.url("/v.mp4")),
            HttpDownloader.Origin.OPERATOR);
      });
      assertTrue(server.awaitStalled(Duration.ofSeconds(20)));
      thread[0].interrupt();
      assertTrue(server.awaitClientGone(Duration.ofSeconds(10)), "the read is still open");
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> opening.get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof InterruptedIOException, e.getCause().toString());
    } finally {
      caller.shutdownNow();
    }
  }

  /**
   * MPEG-TS has no header that lists its streams for sure: opening it reads its first packets
   * ahead and goes back to them (through the ranged reads) before FFmpeg looks for the
   * streams' details, and the pictures from the start on are still there.
   */
  @Test
  void anMpegTsRenditionIsReadFromItsStart() throws Exception {
    byte[] video = Files.readAllBytes(LectureVideo.builder(320, 180, 10).gop(20)
        .slide(Slides.bullets(320, 180, 1, "A", 3), 3)
        .slide(Slides.bullets(320, 180, 2, "B", 3), 3)
        .write(dir.resolve("v.ts")));
    openServed("/v.ts", video, rendition -> {
      assertEquals(320, rendition.width());
      assertEquals(320, DecodedImage.decode(rendition.webpAt(0.0, 320, 80)).width);
      assertEquals(320, DecodedImage.decode(rendition.webpAt(4.0, 320, 80)).width);
    });
  }

  /**
   * A picture of the rendition decoded with errors, or predicted from one before the next clean
   * keyframe, shows broken blocks: it is refused (the extraction then takes its images from the
   * analysed video), and a clean one is not.
   */
  @Test
  void aDamagedPictureIsRefusedAndACleanOneIsNot() throws Exception {
    Path clean = LectureVideo.builder(320, 180, 10).gop(20)
        .slide(Slides.bullets(320, 180, 1, "A", 3), 10)
        .write(dir.resolve("clean.mp4"));
    byte[] video = Files.readAllBytes(
        BadFiles.damagedKeyframe(clean, dir.resolve("damaged.mp4"), 6.0));
    openServed("/v.mp4", video, rendition -> {
      IOException e = assertThrows(IOException.class, () -> rendition.webpAt(7.0, 320, 80));
      assertEquals("its picture at 7.0 s is damaged (decode errors)", e.getMessage());
      assertEquals(320, DecodedImage.decode(rendition.webpAt(8.5, 320, 80)).width);
      assertEquals(320, DecodedImage.decode(rendition.webpAt(5.0, 320, 80)).width);
    });
  }

  /** What a test checks on an opened rendition. */
  interface RenditionCheck {
    void check(RemoteRendition rendition) throws Exception;
  }

  /** Serves {@code video} at {@code path} on loopback, opens it as a rendition and checks it. */
  private static void openServed(String path, byte[] video, RenditionCheck check)
      throws Exception {
    HttpDownloader.Options options = HttpDownloader.Options.defaults()
        .withAddresses(AddressFilter.parse("127.0.0.0/8"));
    try (FaultyHttpServer server = FaultyHttpServer.start();
         HttpDownloader downloader = new HttpDownloader(options)) {
      server.serve(path, video, new FaultyHttpServer.Works());
      try (RemoteRendition rendition = RemoteRendition.open(downloader,
          URI.create(server.url(path)), HttpDownloader.Origin.OPERATOR)) {
        check.check(rendition);
      }
    }
  }
}
