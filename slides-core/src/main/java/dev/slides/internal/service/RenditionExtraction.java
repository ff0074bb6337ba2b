package dev.slides.internal.service;

import dev.slides.ExtractionException;
import dev.slides.ExtractionResult;
import dev.slides.JobTracker;
import dev.slides.SlideExtractor;
import dev.slides.internal.download.HttpDownloader;
import dev.slides.internal.video.RemoteRendition;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extraction of a downloaded rendition whose slide images come from a larger rendition of
 * the same video when there is one ({@link RemoteRendition}: bounded range requests), and from
 * the downloaded rendition itself when the larger one cannot be opened. One path for the
 * service's YouTube jobs and for {@code slides extract}, so that both fall back alike.
 */
public final class RenditionExtraction {
  private static final Logger log = LoggerFactory.getLogger(RenditionExtraction.class);

  private RenditionExtraction() {}

  /**
   * Extracts the slides of {@code video} as {@code run}, the images from {@code images} when it
   * is not null and opens, else from {@code video}.
   *
   * @param downloader reads the larger rendition (its address filter, timeouts and limits
   *     apply); may be null when {@code images} is
   * @param origin who chose {@code images}, which decides whether the address filter applies
   * @throws InterruptedIOException when the thread was interrupted while the larger rendition
   *     was being opened (the job is being cancelled)
   * @throws ExtractionException when the extraction failed or was cancelled
   */
  public static ExtractionResult extract(SlideExtractor extractor, JobTracker.Run run,
      Path video, URI images, HttpDownloader downloader, HttpDownloader.Origin origin)
      throws ExtractionException, InterruptedIOException {
    if (images == null) {
      return extractor.extract(run, video);
    }
    try (SlideExtractor.ImageSource large = open(run.videoId(), images, downloader, origin)) {
      return extractor.extract(run, video, large);
    }
  }

  /**
   * The larger rendition, opened (its header and index read with ranged requests). When it
   * cannot be, a source that fails as it did: the extraction then takes every image from the
   * downloaded rendition, as when an image fails half way, and says so in its warnings (the
   * command line's summary), where a log line alone would leave the smaller images unexplained.
   */
  private static SlideExtractor.ImageSource open(String videoId, URI url,
      HttpDownloader downloader, HttpDownloader.Origin origin) throws InterruptedIOException {
    try {
      return RemoteRendition.open(downloader, url, origin);
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      log.info("Job {}: the larger rendition cannot be read ({})", videoId, e.getMessage());
      String why = e.getMessage();
      return new SlideExtractor.ImageSource() {
        @Override
        public byte[] webpAt(double seconds, int maxWidth, int quality) throws IOException {
          throw new IOException(why);
        }

        @Override
        public void close() {}
      };
    }
  }
}
