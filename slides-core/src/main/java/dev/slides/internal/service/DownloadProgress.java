package dev.slides.internal.service;

import dev.slides.JobStatus;
import dev.slides.JobTracker;
import dev.slides.internal.download.HttpDownloader;
import dev.slides.internal.extract.Progress;
import java.time.Duration;
import java.util.Locale;

/**
 * Reports a download's progress into its job run: status {@code downloading}, the bytes so far
 * and the total, and the download's share of the job's percent. Parts report from several
 * threads; at most one update per interval reaches the run, and {@link #finished} always does.
 */
public final class DownloadProgress implements HttpDownloader.Listener {
  private final JobTracker.Run run;
  private final String what;
  private final long intervalNanos;
  private long last;

  /**
   * @param what what is being fetched, for the message: "video" gives "Downloading video: 1.0/2.0
   *     MB"
   */
  public DownloadProgress(JobTracker.Run run, String what, Duration interval) {
    this.run = run;
    this.what = what;
    this.intervalNanos = interval.toNanos();
    this.last = System.nanoTime() - intervalNanos;
  }

  /** Marks the job as downloading before the first byte arrives. */
  public void started() {
    run.update(s -> s.withStatus(JobStatus.DOWNLOADING, "Downloading " + what)
        .withPercent(Progress.DOWNLOAD.start()));
  }

  @Override
  public void progress(long downloaded, long total) {
    long now = System.nanoTime();
    synchronized (this) {
      if (now - last < intervalNanos) {
        return;
      }
      last = now;
    }
    report(downloaded, total);
  }

  /** Reports the complete download of {@code size} bytes. */
  public void finished(long size) {
    report(size, size);
  }

  private void report(long done, long total) {
    String message = total > 0
        ? String.format(Locale.ROOT, "Downloading %s: %.1f/%.1f MB", what, done / 1048576.0,
            total / 1048576.0)
        : String.format(Locale.ROOT, "Downloading %s: %.1f MB", what, done / 1048576.0);
    double percent = Progress.DOWNLOAD.at(total > 0 ? (double) done / total : 0);
    run.update(s -> s.withStatus(JobStatus.DOWNLOADING, message)
        .withDownload(done, total > 0 ? total : null)
        .withPercent(percent));
  }
}
