package dev.slides.server;

import dev.slides.internal.download.AddressFilter;
import dev.slides.internal.download.HttpDownloader;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How videos are fetched: the options {@code slides serve} and {@code slides extract} share. */
final class DownloadLimits {
  @Option(names = "--yt-dlp", paramLabel = "PATH",
      defaultValue = "${env:SLIDES_YTDLP_PATH:-yt-dlp}",
      description = "The yt-dlp executable (env SLIDES_YTDLP_PATH, default yt-dlp on PATH).")
  Path ytDlp;

  /** Which rendition of a YouTube video is analysed. */
  enum YouTubeAnalysis { small, large }

  @Option(names = "--youtube-analysis", paramLabel = "small|large",
      defaultValue = "${env:SLIDES_YOUTUBE_ANALYSIS:-small}",
      description = "Which rendition of a YouTube video to analyse (env SLIDES_YOUTUBE_ANALYSIS):"
          + " small (default: up to 360p, several times faster; the slide images still come"
          + " from the one up to 1080p) or large (the 1080p one: slower, and the most accurate;"
          + " see docs/BENCHMARKS.md).")
  YouTubeAnalysis youtubeAnalysis;

  @Option(names = "--max-download-mb", paramLabel = "MB",
      defaultValue = "${env:SLIDES_MAX_DOWNLOAD_MB:-8192}",
      description = "Refuse larger downloads (env SLIDES_MAX_DOWNLOAD_MB, default 8192).")
  long maxDownloadMb;

  @Option(names = "--download-stall-seconds", paramLabel = "S",
      defaultValue = "${env:SLIDES_DOWNLOAD_STALL_SECONDS:-30}",
      description = "Drop (and retry) a download connection that brings no data for this long,"
          + " or less than 1 KB/s over it (env SLIDES_DOWNLOAD_STALL_SECONDS, default 30).")
  long downloadStallSeconds;

  @Option(names = "--download-timeout-seconds", paramLabel = "S",
      defaultValue = "${env:SLIDES_DOWNLOAD_TIMEOUT_SECONDS:-3600}",
      description = "Fail a download that has not finished after this long (env"
          + " SLIDES_DOWNLOAD_TIMEOUT_SECONDS, default 3600).")
  long downloadTimeoutSeconds;

  /**
   * The size limit in bytes, for {@code extract} and {@code serve} alike.
   *
   * @throws IllegalArgumentException when it is under 1 MB, or too large to count in bytes
   */
  long maxDownloadBytes() {
    // Named as serve names its settings: the value may have come from the environment variable.
    if (maxDownloadMb < 1) {
      throw new IllegalArgumentException("SLIDES_MAX_DOWNLOAD_MB / --max-download-mb must be"
          + " at least 1, got " + maxDownloadMb);
    }
    if (maxDownloadMb > Long.MAX_VALUE >> 20) {
      // Larger would overflow the byte count (and is no limit at all).
      throw new IllegalArgumentException("SLIDES_MAX_DOWNLOAD_MB / --max-download-mb must be"
          + " at most " + (Long.MAX_VALUE >> 20) + ", got " + maxDownloadMb);
    }
    return maxDownloadMb << 20;
  }

  /** Whether a YouTube video is analysed in its small rendition (images from the large one). */
  boolean smallYouTubeRendition() {
    return youtubeAnalysis == YouTubeAnalysis.small;
  }

  /**
   * The downloader's options ({@code slides extract}); {@code addresses} says where callers'
   * URLs may connect.
   *
   * @throws IllegalArgumentException when a limit is not positive, or too large to count
   */
  HttpDownloader.Options options(AddressFilter addresses) {
    long maxBytes = maxDownloadBytes();
    return HttpDownloader.Options.defaults()
        .withMaxBytes(maxBytes)
        .withStallTimeout(stallTimeout())
        .withDeadline(timeout())
        .withAddresses(addresses);
  }

  /**
   * {@code settings} with these limits set ({@code slides serve}), checked as for
   * {@code extract}.
   *
   * @throws IllegalArgumentException when a limit is not positive, or too large to count
   */
  ServerSettings.Builder applyTo(ServerSettings.Builder settings) {
    long maxBytes = maxDownloadBytes();
    return settings.ytDlp(ytDlp).smallYouTubeRendition(smallYouTubeRendition())
        .maxDownloadBytes(maxBytes).downloadStallTimeout(stallTimeout())
        .downloadTimeout(timeout());
  }

  private Duration stallTimeout() {
    if (downloadStallSeconds < 1) {
      throw new IllegalArgumentException("SLIDES_DOWNLOAD_STALL_SECONDS"
          + " / --download-stall-seconds must be at least 1, got " + downloadStallSeconds);
    }
    return Duration.ofSeconds(downloadStallSeconds);
  }

  private Duration timeout() {
    if (downloadTimeoutSeconds < 1) {
      throw new IllegalArgumentException("SLIDES_DOWNLOAD_TIMEOUT_SECONDS"
          + " / --download-timeout-seconds must be at least 1, got " + downloadTimeoutSeconds);
    }
    return Duration.ofSeconds(downloadTimeoutSeconds);
  }
}
