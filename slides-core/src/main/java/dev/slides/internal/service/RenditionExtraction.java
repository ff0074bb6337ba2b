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
    RemoteRendition large = images == null ? null : open(run.videoId(), images, downloader,
        origin);
    if (large == null) {
      return extractor.extract(run, video);
    }
    try (large) {
      return extractor.extract(run, video, large);
    }
  }

  /**
   * The larger rendition, opened (its header and index read with ranged requests); null when it
   * cannot be, and the images then come from the downloaded rendition, as with a single file.
   */
  private static RemoteRendition open(String videoId, URI url, HttpDownloader downloader,
      HttpDownloader.Origin origin) throws InterruptedIOException {
    try {
      return RemoteRendition.open(downloader, url, origin);
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      log.warn("Job {}: slide images come from the analysed rendition: the larger one cannot"
          + " be read ({})", videoId, e.getMessage());
      return null;
    }
  }
}
