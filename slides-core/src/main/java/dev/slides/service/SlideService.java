package dev.slides.service;

import dev.slides.internal.service.StoreLookups;
import dev.slides.ExtractionException;
import dev.slides.SlideExtractor;
import dev.slides.internal.service.DownloadTracker;
import dev.slides.JobListener;
import dev.slides.internal.service.JobRecords;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import dev.slides.internal.download.HttpDownloader;
import dev.slides.service.VideoSource;
import dev.slides.internal.store.BlobKeys;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs for a server: one per video id, at most {@code concurrency} at once, the rest
 * queued. A job resolves its video, downloads it (progress in the job state and in the
 * {@link DownloadTracker}), extracts the slides, and deletes the download.
 *
 * <p>Every start of a job is a new {@linkplain JobTracker.Run run}; the run's work reports
 * through it, so after a cancel or a restart nothing of an older run reaches the job. A new run
 * of an id begins only once the work of its previous run has stopped.
 *
 * <p>Questions that may need the store (is there a manifest for this id?) are answered
 * asynchronously within {@link Settings#storeLookupTimeout()}, on threads of their own: a slow
 * store holds no request thread. Job states are kept in {@link JobRecords}, so after a crash a
 * job that was running reads as {@code failed} with error {@code interrupted}.
 *
 * <p>Knows nothing of HTTP: a server maps requests to {@link #submitYouTube}, {@link #submitUrl},
 * {@link #status}, {@link #cancel}, {@link #drain}, and streams the {@link JobTracker}'s updates.
 */
public final class SlideService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SlideService.class);
  private static final double DOWNLOAD_SHARE = 20.0;
  /** How long a new run waits for the previous run of its id to let go (it was cancelled). */
  private static final long PREVIOUS_RUN_GRACE_SECONDS = 30;

  /**
   * How the service runs.
   *
   * @param concurrency jobs running at once
   * @param queueCapacity jobs waiting at most; more are refused
   * @param downloadDirectory where videos are downloaded
   * @param retention how long a download is kept after its job; zero deletes it at once
   * @param progressInterval least time between two download progress updates of a job
   * @param storeLookupTimeout longest wait for the store when a request needs it
   */
  public record Settings(int concurrency, int queueCapacity, Path downloadDirectory,
                         Duration retention, Duration progressInterval,
                         Duration storeLookupTimeout) {
    public Settings {
      if (concurrency < 1 || queueCapacity < 0) {
        throw new IllegalArgumentException("concurrency must be >= 1 and queueCapacity >= 0");
      }
      Objects.requireNonNull(downloadDirectory, "downloadDirectory");
      Objects.requireNonNull(retention, "retention");
      Objects.requireNonNull(progressInterval, "progressInterval");
      if (storeLookupTimeout.isNegative() || storeLookupTimeout.isZero()) {
        throw new IllegalArgumentException("storeLookupTimeout must be positive");
      }
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

  /** The store did not answer in time (or failed): the question cannot be answered now. */
  public static final class StoreUnavailableException extends Exception {
    public StoreUnavailableException(String message) {
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
  private final StoreLookups lookups;
  /** Waiting runs in queue order, by id. Guarded by itself. */
  private final LinkedHashMap<String, Task> queued = new LinkedHashMap<>();
  /** The latest run of each id that is queued, running or still stopping. */
  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  private final AtomicInteger active = new AtomicInteger();
  private volatile boolean draining;

  /**
   * Creates the service. Restores the jobs in {@code records} (those that were running become
   * {@code failed}/{@code interrupted}), then deletes what a crash may have left: downloads
   * past their retention and everything in the extractor's spool folder.
   */
  public SlideService(SlideExtractor extractor, JobTracker tracker, DownloadTracker downloads,
      VideoSource youtube, HttpDownloader downloader, JobRecords records, Settings settings) {
    this.extractor = Objects.requireNonNull(extractor, "extractor");
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    this.downloads = Objects.requireNonNull(downloads, "downloads");
    this.youtube = Objects.requireNonNull(youtube, "youtube");
    this.downloader = Objects.requireNonNull(downloader, "downloader");
    this.settings = Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(records, "records");
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(settings.concurrency(), r -> {
      Thread t = new Thread(r, "slides-job-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.lookups = new StoreLookups(extractor.store(), settings.storeLookupTimeout());
    restore(records);
    tracker.addListener(new RecordKeeper(records));
    sweepSpool();
    cleanOldDownloads();
  }

  public JobTracker tracker() {
    return tracker;
  }

  public DownloadTracker downloads() {
    return downloads;
  }

  /**
   * Starts a job for a YouTube id (resolved by the configured source). The future fails with
   * {@link RejectedException} or {@link StoreUnavailableException}.
   */
  public CompletableFuture<Submission> submitYouTube(String videoId) {
    HttpDownloader.Origin origin = youtube.trusted()
        ? HttpDownloader.Origin.OPERATOR : HttpDownloader.Origin.CALLER;
    return submit(videoId, () -> new Target(youtube.resolve(videoId), origin));
  }

  /**
   * Starts a job for a direct http(s) video URL, which may only lead to addresses the
   * downloader's filter allows. Fails like {@link #submitYouTube}.
   */
  public CompletableFuture<Submission> submitUrl(String videoId, URI url) {
    if (!HttpDownloader.isHttp(url)) {
      throw new IllegalArgumentException("Only http(s) URLs are accepted");
    }
    return submit(videoId, () -> new Target(url, HttpDownloader.Origin.CALLER));
  }

  private record Target(URI url, HttpDownloader.Origin origin) {}

  @FunctionalInterface
  private interface Resolver {
    Target resolve() throws IOException;
  }

  /** One run of a job in this service. */
  private static final class Task {
    final JobTracker.Run run;
    final Resolver resolver;
    /** The run of the same id before this one, which must have stopped before this starts. */
    final Task previous;
    final CompletableFuture<Void> finished = new CompletableFuture<>();
    volatile Future<?> future;

    Task(JobTracker.Run run, Resolver resolver, Task previous) {
      this.run = run;
      this.resolver = resolver;
      this.previous = previous;
    }
  }

  private CompletableFuture<Submission> submit(String videoId, Resolver resolver) {
    BlobKeys.requireValidVideoId(videoId);
    if (draining) {
      return CompletableFuture.failedFuture(new RejectedException("Draining for shutdown"));
    }
    Optional<JobState> known = tracker.get(videoId);
    if (known.isPresent() && known.get().status() != JobStatus.FAILED) {
      return CompletableFuture.completedFuture(existing(known.get()));
    }
    try {
      checkRoom();
    } catch (RejectedException e) {
      return CompletableFuture.failedFuture(e);
    }
    return lookups.find(BlobKeys.manifest(videoId)).thenApply(manifest -> {
      if (manifest.isPresent()) {
        JobTracker.Creation done = tracker.createOrRestart(videoId,
            completed(manifest.get()), state -> state.status() == JobStatus.FAILED);
        return done.created() ? new Submission(Outcome.COMPLETED, done.state())
            : existing(done.state());
      }
      try {
        return start(videoId, resolver);
      } catch (RejectedException e) {
        throw new CompletionException(e);
      }
    });
  }

  private void checkRoom() throws RejectedException {
    synchronized (queued) {
      if (queued.size() >= settings.queueCapacity()) {
        throw new RejectedException("Too many jobs waiting (" + queued.size()
            + "); try again later");
      }
    }
  }

  private Submission start(String videoId, Resolver resolver) throws RejectedException {
    if (draining) {
      throw new RejectedException("Draining for shutdown");
    }
    checkRoom();
    JobTracker.Creation creation = tracker.createOrRestart(videoId,
        JobState.of(JobStatus.PENDING, "Job initialized"),
        state -> state.status() == JobStatus.FAILED);
    if (!creation.created()) {
      return existing(creation.state());
    }
    Task task = new Task(creation.run(), resolver, tasks.get(videoId));
    tasks.put(videoId, task);
    synchronized (queued) {
      queued.put(videoId, task);
      reportQueue();
    }
    task.future = workers.submit(() -> runJob(task));
    return new Submission(Outcome.STARTED, creation.state());
  }

  private static Submission existing(JobState state) {
    return new Submission(state.status() == JobStatus.COMPLETED
        ? Outcome.COMPLETED : Outcome.IN_PROGRESS, state);
  }

  private static JobState completed(String manifestUrl) {
    return JobState.of(JobStatus.COMPLETED, "Job already completed")
        .withMetadataUri(manifestUrl).withPercent(100.0);
  }

  /**
   * The job's state; when the tracker does not know it but the store holds its manifest, a
   * completed state (remembered from then on). Fails with {@link StoreUnavailableException}
   * when the store had to be asked and did not answer in time.
   */
  public CompletableFuture<Optional<JobState>> status(String videoId) {
    Optional<JobState> known = tracker.get(videoId);
    if (known.isPresent()) {
      return CompletableFuture.completedFuture(known);
    }
    return lookups.find(BlobKeys.manifest(videoId)).thenApply(url -> url.map(u -> {
      tracker.createIfAbsent(videoId, completed(u));
      return tracker.get(videoId).orElseThrow();
    }));
  }

  /**
   * Completes when the store answers a look-up within the timeout; fails with
   * {@link StoreUnavailableException} otherwise. For readiness probes.
   */
  public CompletableFuture<Void> storeAnswers() {
    return lookups.probe();
  }

  /**
   * Cancels a queued or running job: it ends {@code failed} with error {@code cancelled} at
   * once, its download is aborted and deleted, and nothing of this run changes the job again.
   * Returns false when the job is unknown or already finished.
   */
  public boolean cancel(String videoId) {
    Optional<JobState> state = tracker.get(videoId);
    if (state.isEmpty() || state.get().status().isTerminal()) {
      return false;
    }
    Task task = tasks.get(videoId);
    boolean wasQueued = false;
    synchronized (queued) {
      if (task != null && queued.get(videoId) == task) {
        queued.remove(videoId);
        wasQueued = true;
        reportQueue();
      }
    }
    // First the state: from here on no update of the run counts, whatever its thread does.
    JobState after = tracker.update(videoId, s -> s.withStatus(JobStatus.FAILED, "Job cancelled")
        .withError("cancelled").withPercent(null).withDownload(null, null));
    if (task != null) {
      if (wasQueued) {
        task.finished.complete(null); // it never started
      }
      Future<?> future = task.future;
      if (future != null) {
        future.cancel(true); // aborts the download, stops the analysis
      }
    }
    boolean cancelled = after.status() == JobStatus.FAILED && "cancelled".equals(after.error());
    if (cancelled) {
      log.info("Job {} cancelled", videoId);
    }
    return cancelled;
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

  private void runJob(Task task) {
    JobTracker.Run run = task.run;
    String videoId = run.videoId();
    synchronized (queued) {
      if (queued.get(videoId) != task) {
        task.finished.complete(null);
        return; // cancelled while queued
      }
      queued.remove(videoId);
      active.incrementAndGet();
      reportQueue();
    }
    Path file = settings.downloadDirectory().resolve(videoId + ".mp4");
    String fileName = file.getFileName().toString();
    try {
      awaitPrevious(task);
      if (!run.isActive()) {
        return;
      }
      run.update(s -> s.withStatus(JobStatus.DOWNLOADING, "Resolving video").withPercent(0.0));
      Target target;
      try {
        target = task.resolver.resolve();
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        fail(run, "Unable to resolve video stream URL", e);
        return;
      }
      if (!run.isActive()) {
        return;
      }
      try {
        download(run, target, file, fileName);
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        downloads.status(fileName, DownloadTracker.Status.FAILED);
        fail(run, "Video download failed", e);
        return;
      }
      if (!run.isActive()) {
        return; // cancelled while the last bytes came in
      }
      extractor.extract(run, file);
    } catch (ExtractionException e) {
      // already reported in the job state
    } catch (InterruptedIOException | InterruptedException e) {
      run.update(s -> s.withStatus(JobStatus.FAILED, "Job cancelled")
          .withError("cancelled").withPercent(null));
    } catch (RuntimeException e) {
      log.error("Job {} failed unexpectedly", videoId, e);
      fail(run, "Job failed", e);
    } finally {
      Thread.interrupted(); // a cancel must not leak into the next job on this thread
      active.decrementAndGet();
      tasks.remove(videoId, task);
      finishDownload(file, fileName);
      task.finished.complete(null);
    }
  }

  /** A cancelled run of the same id may still be letting go of its download: wait for it. */
  private static void awaitPrevious(Task task) throws InterruptedException {
    if (task.previous == null) {
      return;
    }
    try {
      task.previous.finished.get(PREVIOUS_RUN_GRACE_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      log.warn("Previous run of {} still busy after {} s; starting anyway",
          task.run.videoId(), PREVIOUS_RUN_GRACE_SECONDS);
    } catch (ExecutionException e) {
      // it ended, that is all that matters
    }
  }

  private void download(JobTracker.Run run, Target target, Path file, String fileName)
      throws IOException {
    downloads.start(fileName, -1);
    run.update(s -> s.withStatus(JobStatus.DOWNLOADING, "Downloading video"));
    long interval = settings.progressInterval().toNanos();
    long[] last = {System.nanoTime() - interval};
    downloader.download(target.url(), file, (done, total) -> {
      downloads.progress(fileName, done, total);
      long now = System.nanoTime();
      synchronized (last) { // parts report from several threads
        if (now - last[0] < interval) {
          return;
        }
        last[0] = now;
      }
      reportDownload(run, done, total);
    }, target.origin());
    downloads.status(fileName, DownloadTracker.Status.COMPLETE);
    long size = Files.size(file);
    reportDownload(run, size, size);
  }

  private void reportDownload(JobTracker.Run run, long done, long total) {
    String message = total > 0
        ? String.format(Locale.ROOT, "Downloading video: %.1f/%.1f MB", done / 1048576.0,
            total / 1048576.0)
        : String.format(Locale.ROOT, "Downloading video: %.1f MB", done / 1048576.0);
    double percent = total > 0 ? DOWNLOAD_SHARE * done / total : 0;
    run.update(s -> s.withStatus(JobStatus.DOWNLOADING, message)
        .withDownload(done, total > 0 ? total : null)
        .withPercent(percent));
  }

  private void fail(JobTracker.Run run, String summary, Exception e) {
    String error = e.getMessage() == null ? e.toString() : e.getMessage();
    log.warn("Job {}: {}: {}", run.videoId(), summary, error);
    run.update(s -> s.withStatus(JobStatus.FAILED, summary).withError(error)
        .withPercent(null));
  }

  /** Under the queue lock: tells each waiting job its place. */
  private void reportQueue() {
    List<Task> waiting = new ArrayList<>(queued.values());
    for (int i = 0; i < waiting.size(); i++) {
      String message = String.format(Locale.ROOT, "Queued: position %d of %d", i + 1,
          waiting.size());
      waiting.get(i).run.update(s -> s.status() == JobStatus.PENDING
          ? s.withStatus(JobStatus.PENDING, message) : s);
    }
  }

  /** Brings back the jobs of the previous process; those it was running were interrupted. */
  private void restore(JobRecords records) {
    Map<String, JobState> known;
    try {
      known = records.loadAll();
    } catch (IOException e) {
      log.warn("Cannot read the job records ({}): {}", records, e.toString());
      return;
    }
    int interrupted = 0;
    for (Map.Entry<String, JobState> e : known.entrySet()) {
      String videoId = e.getKey();
      JobState state = e.getValue();
      if (!state.status().isTerminal()) {
        interrupted++;
        state = state.withStatus(JobStatus.FAILED, "Job interrupted: the server stopped")
            .withError("interrupted").withPercent(null).withDownload(null, null);
        try {
          records.save(videoId, state);
          Files.deleteIfExists(settings.downloadDirectory().resolve(videoId + ".mp4"));
        } catch (IOException ex) {
          log.warn("Cannot record the interruption of job {}: {}", videoId, ex.toString());
        }
      }
      tracker.restore(videoId, state);
    }
    if (!known.isEmpty()) {
      log.info("Restored {} jobs ({} interrupted by the last stop)", known.size(), interrupted);
    }
  }

  /** Writes a job's record whenever its status changes (not on every progress update). */
  private static final class RecordKeeper implements JobListener {
    private final JobRecords records;
    private final Map<String, JobStatus> saved = new ConcurrentHashMap<>();

    RecordKeeper(JobRecords records) {
      this.records = records;
    }

    @Override
    public void onUpdate(String videoId, JobState state) {
      // Called in order per job, under the job's lock: records are never written out of order.
      if (saved.put(videoId, state.status()) == state.status()) {
        return;
      }
      try {
        records.save(videoId, state);
      } catch (IOException | RuntimeException e) {
        log.warn("Cannot record the state of job {}: {}", videoId, e.toString());
      }
    }
  }

  /** At start-up nothing runs yet: whatever is in the spool folder was left by a crash. */
  private void sweepSpool() {
    Path spool = extractor.options().spoolDirectory();
    if (spool == null || !Files.isDirectory(spool)) {
      return;
    }
    try (Stream<Path> all = Files.walk(spool)) {
      all.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(spool)).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          log.warn("Cannot delete {}: {}", p, e.toString());
        }
      });
    } catch (IOException e) {
      log.warn("Cannot sweep the spool folder {}: {}", spool, e.toString());
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
        boolean busy = tasks.containsKey(id);
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
    lookups.close();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
