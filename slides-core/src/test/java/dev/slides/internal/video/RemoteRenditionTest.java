package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.internal.download.AddressFilter;
import dev.slides.internal.download.HttpDownloader;
import dev.slides.testing.FaultyHttpServer;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
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

/** A rendition read by range requests, when the job reading it is cancelled. */
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
}
