package dev.slides.service;

import dev.slides.ExtractionException;
import dev.slides.SlideExtractor;
import dev.slides.job.DownloadTracker;
import dev.slides.job.JobState;
import dev.slides.job.JobStatus;
import dev.slides.job.JobTracker;
import dev.slides.source.HttpDownloader;
import dev.slides.source.VideoSource;
import dev.slides.store.BlobKeys;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs for a server: one per video id, at most {@code concurrency} at once, the rest
 * queued. A job resolves its video, downloads it (progress in the job state and in the
 * {@link DownloadTracker}), extracts the slides, and deletes the download.
 *
 * <p>Knows nothing of HTTP: a server maps requests to {@link #submit}, {@link #status},
 * {@link #cancel}, {@link #drain}, and streams the {@link JobTracker}'s updates.
 */
public final class SlideService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SlideService.class);
  private static final double DOWNLOAD_SHARE = 20.0;

  /**
   * How the service runs.
   *
   * @param concurrency jobs running at once
   * @param queueCapacity jobs waiting at most; more are refused
   * @param downloadDirectory where videos are downloaded
   * @param retention how long a download is kept after its job; zero deletes it at once
   * @param progressInterval least time between two download progress updates of a job
   */
  public record Settings(int concurrency, int queueCapacity, Path downloadDirectory,
                         Duration retention, Duration progressInterval) {
    public Settings {
      if (concurrency < 1 || queueCapacity < 0) {
        throw new IllegalArgumentException("concurrency must be >= 1 and queueCapacity >= 0");
      }
      Objects.requireNonNull(downloadDirectory, "downloadDirectory");
      Objects.requireNonNull(retention, "retention");
      Objects.requireNonNull(progressInterval, "progressInterval");
    }
  }

  /** What a submission did. */
  public enum Outcome {
    /** A new job was queued. */
    STARTED,
    /** The job was already pending or running; nothing changed. */
    IN_PROGRESS,
    /** The job had completed, or its manifest was already in the store. */
    COMPLETED
  }

  /** The answer to a submission. */
  public record Submission(Outcome outcome, JobState state) {}

  /** Refused: the service is draining for shutdown, or its queue is full. */
  public static final class RejectedException extends Exception {
    public RejectedException(String message) {
      super(message);
    }
  }

  private final SlideExtractor extractor;
  private final JobTracker tracker;
  private final DownloadTracker downloads;
  private final VideoSource youtube;
  private final HttpDownloader downloader;
  private final Settings settings;
  private final ExecutorService workers;
  private final LinkedHashSet<String> queued = new LinkedHashSet<>();
  private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
  private final AtomicInteger active = new AtomicInteger();
  private volatile boolean draining;

  public SlideService(SlideExtractor extractor, JobTracker tracker, DownloadTracker downloads,
      VideoSource youtube, HttpDownloader downloader, Settings settings) {
    this.extractor = Objects.requireNonNull(extractor, "extractor");
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    this.downloads = Objects.requireNonNull(downloads, "downloads");
    this.youtube = Objects.requireNonNull(youtube, "youtube");
    this.downloader = Objects.requireNonNull(downloader, "downloader");
    this.settings = Objects.requireNonNull(settings, "settings");
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(settings.concurrency(), r -> {
      Thread t = new Thread(r, "slides-job-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    cleanOldDownloads();
  }

  public JobTracker tracker() {
    return tracker;
  }

  public DownloadTracker downloads() {
    return downloads;
  }

  /** Starts a job for a YouTube id (resolved by the configured source). */
  public Submission submitYouTube(String videoId) throws RejectedException {
    return submit(videoId, () -> youtube.resolve(videoId));
  }

  /** Starts a job for a direct http(s) video URL. */
  public Submission submitUrl(String videoId, URI url) throws RejectedException {
    if (!HttpDownloader.isHttp(url)) {
      throw new IllegalArgumentException("Only http(s) URLs are accepted");
    }
    return submit(videoId, () -> url);
  }

  @FunctionalInterface
  private interface Resolver {
    URI resolve() throws IOException;
  }

  private Submission submit(String videoId, Resolver resolver) throws RejectedException {
    BlobKeys.requireValidVideoId(videoId);
    if (draining) {
      throw new RejectedException("Draining for shutdown");
    }
    synchronized (queued) {
      boolean known = tracker.get(videoId).filter(s -> s.status() != JobStatus.FAILED).isPresent();
      if (!known && queued.size() >= settings.queueCapacity()) {
        throw new RejectedException("Too many jobs waiting (" + queued.size()
            + "); try again later");
      }
    }
    JobTracker.Creation creation = tracker.createOrRestart(videoId,
        JobState.of(JobStatus.PENDING, "Job initialized"),
        state -> state.status() == JobStatus.FAILED);
    if (!creation.created()) {
      JobState state = creation.state();
      return new Submission(state.status() == JobStatus.COMPLETED
          ? Outcome.COMPLETED : Outcome.IN_PROGRESS, state);
    }
    Optional<String> manifest = findManifest(videoId);
    if (manifest.isPresent()) {
      JobState done = tracker.update(videoId, s -> s.withStatus(JobStatus.COMPLETED,
          "Job already completed").withMetadataUri(manifest.get()).withPercent(100.0));
      return new Submission(Outcome.COMPLETED, done);
    }
    synchronized (queued) {
      queued.add(videoId);
      reportQueue();
    }
    Future<?> future = workers.submit(() -> runJob(videoId, resolver));
    running.put(videoId, future);
    return new Submission(Outcome.STARTED, tracker.get(videoId).orElseThrow());
  }

  /**
   * The job's state; when the tracker does not know it but the store holds its manifest, a
   * completed state (remembered from then on).
   */
  public Optional<JobState> status(String videoId) {
    Optional<JobState> known = tracker.get(videoId);
    if (known.isPresent()) {
      return known;
    }
    return findManifest(videoId).map(url -> {
      tracker.createIfAbsent(videoId, JobState.of(JobStatus.PENDING, "Job initialized"));
      return tracker.update(videoId, s -> s.withStatus(JobStatus.COMPLETED, "Job already completed")
          .withMetadataUri(url).withPercent(100.0));
    });
  }

  /**
   * Cancels a queued or running job: it ends {@code failed} with error {@code cancelled}, its
   * download is deleted. Returns false when the job is unknown or already finished.
   */
  public boolean cancel(String videoId) {
    Optional<JobState> state = tracker.get(videoId);
    if (state.isEmpty() || state.get().status().isTerminal()) {
      return false;
    }
    Future<?> future = running.get(videoId);
    boolean wasQueued;
    synchronized (queued) {
      wasQueued = queued.remove(videoId);
      reportQueue();
    }
    if (future != null) {
      future.cancel(true);
    }
    if (wasQueued || future == null || future.isCancelled()) {
      tracker.update(videoId, s -> s.withStatus(JobStatus.FAILED, "Job cancelled")
          .withError("cancelled").withPercent(null));
    }
    log.info("Job {} cancelled", videoId);
    return true;
  }

  /** Stops accepting jobs; queued and running ones go on. */
  public void drain() {
    if (!draining) {
      draining = true;
      log.info("Draining: no new jobs accepted");
    }
  }

  public boolean isDraining() {
    return draining;
  }

  /** Jobs queued or running. */
  public int activeJobs() {
    synchronized (queued) {
      return queued.size() + active.get();
    }
  }

  /** Waits until no job is queued or running, or the timeout passes. Returns whether idle. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (activeJobs() > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  private void runJob(String videoId, Resolver resolver) {
    synchronized (queued) {
      if (!queued.remove(videoId)) {
        return; // cancelled while queued
      }
      active.incrementAndGet();
      reportQueue();
    }
    Path file = settings.downloadDirectory().resolve(videoId + ".mp4");
    String fileName = file.getFileName().toString();
    try {
      tracker.update(videoId, s -> s.withStatus(JobStatus.DOWNLOADING, "Resolving video")
          .withPercent(0.0));
      URI url;
      try {
        url = resolver.resolve();
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        fail(videoId, "Unable to resolve video stream URL", e);
        return;
      }
      try {
        download(videoId, url, file, fileName);
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        downloads.status(fileName, DownloadTracker.Status.FAILED);
        fail(videoId, "Video download failed", e);
        return;
      }
      extractor.extract(videoId, file, tracker);
    } catch (ExtractionException e) {
      // already reported in the job state
    } catch (InterruptedIOException e) {
      tracker.update(videoId, s -> s.withStatus(JobStatus.FAILED, "Job cancelled")
          .withError("cancelled").withPercent(null));
    } catch (RuntimeException e) {
      log.error("Job {} failed unexpectedly", videoId, e);
      fail(videoId, "Job failed", e);
    } finally {
      Thread.interrupted(); // a cancel must not leak into the next job on this thread
      running.remove(videoId);
      active.decrementAndGet();
      finishDownload(file, fileName);
    }
  }

  private void download(String videoId, URI url, Path file, String fileName) throws IOException {
    downloads.start(fileName, -1);
    tracker.update(videoId, s -> s.withStatus(JobStatus.DOWNLOADING, "Downloading video"));
    long interval = settings.progressInterval().toNanos();
    long[] last = {System.nanoTime() - interval};
    downloader.download(url, file, (done, total) -> {
      downloads.progress(fileName, done, total);
      long now = System.nanoTime();
      if (now - last[0] >= interval) {
        last[0] = now;
        reportDownload(videoId, done, total);
      }
    });
    downloads.status(fileName, DownloadTracker.Status.COMPLETE);
    long size = Files.size(file);
    reportDownload(videoId, size, size);
  }

  private void reportDownload(String videoId, long done, long total) {
    String message = total > 0
        ? String.format(Locale.ROOT, "Downloading video: %.1f/%.1f MB", done / 1048576.0,
            total / 1048576.0)
        : String.format(Locale.ROOT, "Downloading video: %.1f MB", done / 1048576.0);
    double percent = total > 0 ? DOWNLOAD_SHARE * done / total : 0;
    tracker.update(videoId, s -> s.withStatus(JobStatus.DOWNLOADING, message)
        .withDownload(done, total > 0 ? total : null)
        .withPercent(percent));
  }

  private void fail(String videoId, String summary, Exception e) {
    String error = e.getMessage() == null ? e.toString() : e.getMessage();
    log.warn("Job {}: {}: {}", videoId, summary, error);
    tracker.update(videoId, s -> s.withStatus(JobStatus.FAILED, summary).withError(error)
        .withPercent(null));
  }

  /** Under the queue lock: tells each waiting job its place. */
  private void reportQueue() {
    List<String> waiting = new ArrayList<>(queued);
    for (int i = 0; i < waiting.size(); i++) {
      String message = String.format(Locale.ROOT, "Queued: position %d of %d", i + 1,
          waiting.size());
      try {
        tracker.update(waiting.get(i), s -> s.status() == JobStatus.PENDING
            ? s.withStatus(JobStatus.PENDING, message) : s);
      } catch (java.util.NoSuchElementException e) {
        // removed meanwhile
      }
    }
  }

  private Optional<String> findManifest(String videoId) {
    try {
      return extractor.store().find(BlobKeys.manifest(videoId));
    } catch (IOException e) {
      log.warn("Cannot check the store for {}: {}", videoId, e.getMessage());
      return Optional.empty();
    }
  }

  private void finishDownload(Path file, String fileName) {
    if (settings.retention().isZero()) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("Cannot delete download {}: {}", file, e.getMessage());
      }
      downloads.remove(fileName);
    }
    cleanOldDownloads();
  }

  /** Deletes downloads older than the retention. */
  private void cleanOldDownloads() {
    Path dir = settings.downloadDirectory();
    if (!Files.isDirectory(dir)) {
      return;
    }
    Instant limit = Instant.now().minus(settings.retention());
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.mp4")) {
      for (Path f : files) {
        FileTime modified = Files.getLastModifiedTime(f);
        String name = f.getFileName().toString();
        String id = name.substring(0, name.length() - 4);
        boolean busy = running.containsKey(id);
        if (!busy && modified.toInstant().isBefore(limit)) {
          Files.deleteIfExists(f);
          downloads.remove(name);
        }
      }
    } catch (IOException e) {
      log.warn("Cannot clean downloads in {}: {}", dir, e.getMessage());
    }
  }

  /** Stops the workers at once (running jobs are interrupted). */
  @Override
  public void close() {
    draining = true;
    workers.shutdownNow();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
