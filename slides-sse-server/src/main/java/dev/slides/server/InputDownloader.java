package dev.slides.server;

import dev.slides.ExtractionException;
import dev.slides.ExtractionResult;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import dev.slides.SlideExtractor;
import dev.slides.internal.download.HttpDownloader;
import dev.slides.internal.extract.Progress;
import dev.slides.internal.service.DownloadProgress;
import dev.slides.internal.service.RenditionExtraction;
import dev.slides.internal.service.YouTubeSource;
import dev.slides.service.VideoSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Brings a URL, a YouTube video or standard input to a local file for {@code slides extract},
 * reporting into the job's run as the server's jobs do: the same downloader with the same
 * limits, yt-dlp for YouTube (a small rendition downloaded and analysed, the slide images read
 * from a large one by range requests). URLs typed on one's own command line may reach any
 * address, the local network included (the server's address filter guards against its callers,
 * not its operator).
 */
final class InputDownloader implements AutoCloseable {
  private static final Duration REPORT_INTERVAL = Duration.ofMillis(250);
  private static final Duration YT_DLP_TIMEOUT = Duration.ofMinutes(2);

  private final HttpDownloader.Options options;
  /**
   * Made on first use: local files, the common case, need no HTTP client, whose start-up (TLS
   * included) takes about a quarter of a second.
   */
  private HttpDownloader downloader;
  private final long maxBytes;
  private final Path ytDlp;
  /** Whether a YouTube video is analysed from a small rendition (see YouTubeSource). */
  private final boolean smallRendition;
  private final InputStream stdin;

  InputDownloader(HttpDownloader.Options options, Path ytDlp, boolean smallRendition,
      InputStream stdin) {
    this.options = options;
    this.maxBytes = options.maxBytes();
    this.ytDlp = ytDlp;
    this.smallRendition = smallRendition;
    this.stdin = stdin;
  }

  /**
   * Saves {@code input} (not a local file) as {@code target}: for a YouTube video, its small
   * rendition, as the server's jobs do.
   *
   * @return the larger rendition to take the slide images from (see {@link #extract}), or null
   *     when the images come from {@code target}
   */
  URI fetch(VideoInput input, JobTracker.Run run, Path target) throws IOException {
    switch (input.kind()) {
      case URL -> download(input.url(), run, target);
      case YOUTUBE -> {
        VideoSource.Renditions renditions = resolveYouTube(input.youtubeId(), run);
        download(renditions.video(), run, target);
        return renditions.images();
      }
      case STDIN -> readStdin(run, target);
      case FILE -> throw new IllegalArgumentException("a local file needs no download");
    }
    return null;
  }

  /**
   * Extracts the slides of a fetched {@code video}, the images from the larger rendition
   * {@link #fetch} named (read by range requests with this downloader) when it opens, else from
   * {@code video}: the service's path.
   *
   * @throws InterruptedIOException when interrupted while the larger rendition was opened
   */
  ExtractionResult extract(SlideExtractor extractor, JobTracker.Run run, Path video, URI images)
      throws ExtractionException, InterruptedIOException {
    return RenditionExtraction.extract(extractor, run, video, images,
        images == null ? null : downloader(), HttpDownloader.Origin.OPERATOR);
  }

  /** With yt-dlp, as the service: a small rendition to analyse, a large one for the images. */
  private VideoSource.Renditions resolveYouTube(String id, JobTracker.Run run)
      throws IOException {
    if (!YouTubeSource.isExecutable(ytDlp)) {
      throw new IOException("YouTube videos are fetched with yt-dlp, which was not found at \""
          + ytDlp + "\": install it (pip install yt-dlp, or see"
          + " https://github.com/yt-dlp/yt-dlp) or point --yt-dlp or SLIDES_YTDLP_PATH at it");
    }
    run.update(s -> s.withStatus(JobStatus.DOWNLOADING, "Looking up the video with yt-dlp")
        .withPercent(Progress.DOWNLOAD.start()));
    YouTubeSource youtube = YouTubeSource.ytDlp(ytDlp, YT_DLP_TIMEOUT);
    return (smallRendition ? youtube : youtube.analysingLargeRendition()).renditions(id);
  }

  private void download(URI url, JobTracker.Run run, Path target) throws IOException {
    DownloadProgress progress = new DownloadProgress(run, "video", REPORT_INTERVAL);
    progress.started();
    downloader().download(url, target, progress, HttpDownloader.Origin.OPERATOR);
    progress.finished(Files.size(target));
  }

  private void readStdin(JobTracker.Run run, Path target) throws IOException {
    run.update(s -> s.withStatus(JobStatus.DOWNLOADING, "Reading the video from standard input")
        .withPercent(Progress.DOWNLOAD.start()));
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    long lastReport = System.nanoTime();
    try (OutputStream out = Files.newOutputStream(target)) {
      int n;
      while ((n = stdin.read(buffer)) > 0) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("Interrupted while reading standard input");
        }
        total += n;
        if (total > maxBytes) {
          throw new IOException(String.format(Locale.ROOT,
              "Standard input is larger than the limit of %d MB (--max-download-mb)",
              maxBytes >> 20));
        }
        out.write(buffer, 0, n);
        long now = System.nanoTime();
        if (now - lastReport >= REPORT_INTERVAL.toNanos()) {
          lastReport = now;
          long done = total;
          run.update(s -> s.withStatus(JobStatus.DOWNLOADING, String.format(Locale.ROOT,
              "Reading the video from standard input: %.1f MB", done / 1048576.0))
              .withDownload(done, null));
        }
      }
    }
    if (total == 0) {
      throw new IOException("Standard input was empty: pipe a video into it, e.g."
          + " cat talk.mp4 | slides extract -");
    }
    long size = total;
    run.update(s -> s.withStatus(JobStatus.DOWNLOADING, String.format(Locale.ROOT,
        "Read the video from standard input: %.1f MB", size / 1048576.0))
        .withDownload(size, size)
        .withPercent(Progress.DOWNLOAD.at(1)));
  }

  private synchronized HttpDownloader downloader() {
    if (downloader == null) {
      downloader = new HttpDownloader(options);
    }
    return downloader;
  }

  @Override
  public synchronized void close() {
    if (downloader != null) {
      downloader.close();
    }
  }
}
