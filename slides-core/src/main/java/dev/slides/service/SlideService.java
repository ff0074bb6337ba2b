package dev.slides.service;

import dev.slides.ExtractionException;
import dev.slides.JobListener;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import dev.slides.SlideExtractor;
import dev.slides.internal.download.AddressFilter;
import dev.slides.internal.download.HttpDownloader;
import dev.slides.internal.extract.Progress;
import dev.slides.internal.service.DownloadTracker;
import dev.slides.internal.service.FileJobRecords;
import dev.slides.internal.service.InMemoryJobQueue;
import dev.slides.internal.service.JobRecords;
import dev.slides.internal.service.StoreLookups;
import dev.slides.internal.service.YouTubeSource;
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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs for a server: one per video id, at most {@code concurrency} at once, the rest
 * waiting in a {@link JobQueue}. A job resolves its video ({@link VideoSource}), downloads it
 * (progress in the job state and in {@link #downloads()}), extracts the slides, and deletes the
 * download. Job states live in a {@link JobTracker}; both ports are in memory by default and may
 * be shared by several nodes (see {@code slides-redis}).
 *
 * <pre>{@code
 * SlideService service = SlideService.builder(SlideExtractor.create(store))
 *     .concurrency(2).downloadDirectory(Path.of("data/downloads"))
 *     .build()
 *     .start();                                   // starts the workers
 * service.submitUrl("talk", URI.create("https://example.org/talk.mp4")).join();
 * }</pre>
 *
 * <p>Every start of a job is a new {@linkplain JobTracker.Run run}; its work reports through it,
 * so after a cancel or a restart nothing of an older run reaches the job. A cancel is a state
 * change ({@code failed}, error {@code cancelled}) that the worker running the job hears and
 * stops for, wherever the cancel was made. A new run of an id begins only once the work of its
 * previous run in this process has stopped.
 *
 * <p>Questions that may need the store (is there a manifest for this id?) are answered
 * asynchronously within the store timeout, on threads of their own: a slow store holds no
 * request thread. With {@linkplain Builder#jobRecords job records}, job states are kept on disk,
 * so after a crash a job that was running reads as {@code failed} with error
 * {@code interrupted}.
 *
 * <p>Knows nothing of HTTP: a server maps requests to {@link #submitYouTube}, {@link #submitUrl},
 * {@link #status}, {@link #cancel}, {@link #drain}, and streams the tracker's updates.
 */
public final class SlideService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SlideService.class);
  /** How long a new run waits for the previous run of its id to let go (it was cancelled). */
  private static final long PREVIOUS_RUN_GRACE_SECONDS = 30;
  private static final String YOUTUBE = "youtube:";

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
  private final JobQueue queue;
  private final VideoSource youtube;
  private final HttpDownloader downloader;
  private final DownloadTracker downloads = new DownloadTracker();
  private final JobRecords records;
  private final Executor executor;
  private final ExecutorService ownExecutor;
  private final int concurrency;
  private final Path downloadDirectory;
  private final Duration retention;
  private final Duration progressInterval;
  private final StoreLookups lookups;
  private final ScheduledExecutorService renewals;

  /** The run of each id that this process works on or still lets go of. */
  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  /** Guards the start and the idle wait. */
  private final Object idle = new Object();
  private volatile boolean draining;
  private volatile boolean stopped;
  private boolean started;

  private SlideService(Builder b) {
    this.extractor = Objects.requireNonNull(b.extractor, "extractor");
    this.tracker = b.tracker != null ? b.tracker : JobTracker.inMemory();
    this.queue = b.queue != null ? b.queue : new InMemoryJobQueue(b.queueCapacity);
    this.youtube = b.videoSource != null ? b.videoSource
        : YouTubeSource.ytDlp(Path.of("yt-dlp"), Duration.ofMinutes(2));
    this.downloader = new HttpDownloader(HttpDownloader.Options.defaults()
        .withMaxBytes(b.maxDownloadBytes)
        .withStallTimeout(b.downloadStallTimeout)
        .withDeadline(b.downloadTimeout)
        .withAddresses(b.allowedNetworks));
    this.records = b.records;
    this.concurrency = b.concurrency;
    this.ownExecutor = b.executor == null ? Executors.newFixedThreadPool(concurrency, daemon(
        "slides-job-")) : null;
    this.executor = b.executor != null ? b.executor : ownExecutor;
    this.downloadDirectory = b.downloadDirectory;
    this.retention = b.retention;
    this.progressInterval = b.progressInterval;
    this.lookups = new StoreLookups(extractor.store(), b.storeLookupTimeout);
    this.renewals = Executors.newSingleThreadScheduledExecutor(daemon("slides-lease-"));
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** A builder for a service running {@code extractor}'s extractions. */
  public static Builder builder(SlideExtractor extractor) {
    return new Builder(extractor);
  }

  /**
   * Brings back the jobs of the previous process from the job records (those it was running
   * become {@code failed}/{@code interrupted}), deletes what a crash may have left (downloads
   * past their retention, everything in the extractor's spool folder), and starts the workers.
   * Call once.
   *
   * @return this service
   */
  public SlideService start() {
    synchronized (idle) {
      if (started) {
        throw new IllegalStateException("The service was started already");
      }
      started = true;
    }
    restore();
    if (records != JobRecords.none()) {
      tracker.addListener(new RecordKeeper(records));
    }
    tracker.addListener(new CancelWatcher());
    sweepSpool();
    cleanOldDownloads();
    for (int i = 0; i < concurrency; i++) {
      executor.execute(this::work);
    }
    return this;
  }

  public JobTracker tracker() {
    return tracker;
  }

  /** The downloads of this process and their progress, for the server's {@code /progress}. */
  public DownloadTracker downloads() {
    return downloads;
  }

  /**
   * Starts a job for a YouTube id (resolved by the configured source). The future fails with
   * {@link RejectedException} or {@link StoreUnavailableException}.
   */
  public CompletableFuture<Submission> submitYouTube(String videoId) {
    return submit(videoId, YOUTUBE + videoId);
  }

  /**
   * Starts a job for a direct http(s) video URL, which may only lead to addresses the
   * downloader's filter allows. Fails like {@link #submitYouTube}.
   */
  public CompletableFuture<Submission> submitUrl(String videoId, URI url) {
    if (!HttpDownloader.isHttp(url)) {
      throw new IllegalArgumentException("Only http(s) URLs are accepted");
    }
    return submit(videoId, url.toString());
  }

  private CompletableFuture<Submission> submit(String videoId, String source) {
    BlobKeys.requireValidVideoId(videoId);
    if (draining) {
      return CompletableFuture.failedFuture(new RejectedException("Draining for shutdown"));
    }
    Optional<JobState> known = tracker.get(videoId);
    if (known.isPresent() && known.get().status() != JobStatus.FAILED) {
      return CompletableFuture.completedFuture(existing(known.get()));
    }
    return lookups.find(BlobKeys.manifest(videoId)).thenApply(manifest -> {
      if (manifest.isPresent()) {
        JobTracker.Creation done = tracker.createOrRestart(videoId,
            completed(manifest.get()), state -> state.status() == JobStatus.FAILED);
        return done.created() ? new Submission(Outcome.COMPLETED, done.state())
            : existing(done.state());
      }
      try {
        return enqueue(videoId, source);
      } catch (RejectedException e) {
        throw new CompletionException(e);
      }
    });
  }

  private Submission enqueue(String videoId, String source) throws RejectedException {
    if (draining) {
      throw new RejectedException("Draining for shutdown");
    }
    JobTracker.Creation creation = tracker.createOrRestart(videoId,
        JobState.of(JobStatus.PENDING, "Job initialized"),
        state -> state.status() == JobStatus.FAILED);
    if (!creation.created()) {
      return existing(creation.state());
    }
    if (!queue.offer(new JobQueue.Entry(videoId, creation.run().number(), source))) {
      // Refused: the job leaves no trace (a restarted one reads as refused).
      if (creation.run().number() == 1) {
        tracker.remove(videoId);
      } else {
        creation.run().update(s -> s.withStatus(JobStatus.FAILED, "Too many jobs waiting")
            .withError("queue full"));
      }
      throw new RejectedException("Too many jobs waiting (" + queue.waiting().size()
          + "); try again later");
    }
    reportQueue();
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
   * once; the worker running it (on this node or another one) stops, its download is aborted
   * and deleted, and nothing of this run changes the job again. Returns false when the job is
   * unknown or already finished.
   */
  public boolean cancel(String videoId) {
    Optional<JobState> state = tracker.get(videoId);
    if (state.isEmpty() || state.get().status().isTerminal()) {
      return false;
    }
    boolean wasWaiting = queue.remove(videoId);
    // The state first: from here on no update of the run counts, whatever its thread does;
    // the worker hears it (CancelWatcher) and stops.
    JobState after = tracker.update(videoId, s -> s.withStatus(JobStatus.FAILED, "Job cancelled")
        .withError("cancelled").withPercent(null).withDownload(null, null));
    if (wasWaiting) {
      reportQueue();
    }
    boolean cancelled = after.status() == JobStatus.FAILED && "cancelled".equals(after.error());
    if (cancelled) {
      log.info("Job {} cancelled", videoId);
    }
    return cancelled;
  }

  /** Stops accepting jobs and claiming queued ones; running ones go on. */
  public void drain() {
    if (!draining) {
      draining = true;
      log.info("Draining: no new jobs accepted");
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  public boolean isDraining() {
    return draining;
  }

  /** Jobs waiting in the queue for a worker (of any node, when the queue is shared). */
  public int queuedJobs() {
    return queue.waiting().size();
  }

  /** Jobs waiting in the queue plus those running here. */
  public int activeJobs() {
    return queue.waiting().size() + running.get();
  }

  /**
   * Waits until this process runs no job and, unless draining, none waits in the queue; or
   * until the timeout passes. Returns whether that happened.
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (running.get() > 0 || (!draining && !queue.waiting().isEmpty())) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        // Woken when a job ends; the bound only covers jobs queued by other nodes.
        TimeUnit.NANOSECONDS.timedWait(idle, Math.min(left, TimeUnit.MILLISECONDS.toNanos(500)));
      }
      return true;
    }
  }

  /** A worker: claims jobs until the service drains or stops. */
  private void work() {
    while (!stopped && !draining) {
      JobQueue.Lease lease;
      try {
        lease = queue.claim(Duration.ofMillis(500));
      } catch (InterruptedException e) {
        if (stopped) {
          return;
        }
        Thread.interrupted();
        continue;
      }
      if (lease == null) {
        continue;
      }
      try {
        runLeased(lease);
      } finally {
        Thread.interrupted(); // a cancel must not leak into the next job on this thread
      }
    }
  }

  /** One run of a job in this process. */
  private static final class Task {
    final JobQueue.Entry entry;
    final Task previous;
    final CompletableFuture<Void> finished = new CompletableFuture<>();
    volatile Thread thread;
    /** Stopped to be given back to the queue (shutdown, lost lease), not cancelled. */
    volatile boolean releasing;

    Task(JobQueue.Entry entry, Task previous) {
      this.entry = entry;
      this.previous = previous;
    }

    void interrupt() {
      Thread t = thread;
      if (t != null) {
        t.interrupt();
      }
    }
  }

  private void runLeased(JobQueue.Lease lease) {
    JobQueue.Entry entry = lease.entry();
    String videoId = entry.videoId();
    Task task = new Task(entry, tasks.get(videoId));
    tasks.put(videoId, task);
    task.thread = Thread.currentThread();
    running.incrementAndGet();
    reportQueue();
    long every = Math.max(1000, Math.min(10_000, queue.leaseTime().toMillis() / 3));
    java.util.concurrent.ScheduledFuture<?> renewal = renewals.scheduleAtFixedRate(() -> {
      if (!lease.renew()) {
        log.warn("Job {}: this node no longer holds it (taken over); stopping", videoId);
        task.releasing = true;
        task.interrupt();
      }
    }, every, every, TimeUnit.MILLISECONDS);
    Path file = downloadDirectory.resolve(videoId + ".mp4");
    String fileName = file.getFileName().toString();
    try {
      awaitPrevious(task);
      Optional<JobTracker.Run> found = tracker.run(videoId, entry.run())
          .filter(JobTracker.Run::isActive);
      if (found.isEmpty()) {
        return; // cancelled or replaced while it waited
      }
      runJob(found.get(), task, file, fileName);
    } catch (InterruptedException e) {
      // cancelled while waiting for the previous run
    } finally {
      renewal.cancel(false);
      task.thread = null;
      tasks.remove(videoId, task);
      finishDownload(file, fileName);
      task.finished.complete(null);
      if (task.releasing) {
        lease.release(); // another worker takes the job up again
      } else {
        lease.complete();
      }
      running.decrementAndGet();
      synchronized (idle) {
        idle.notifyAll();
      }
      reportQueue();
    }
  }

  private void runJob(JobTracker.Run run, Task task, Path file, String fileName) {
    JobQueue.Entry entry = task.entry;
    String videoId = entry.videoId();
    try {
      run.update(s -> s.withStatus(JobStatus.DOWNLOADING, "Resolving video")
          .withPercent(Progress.DOWNLOAD.start()));
      URI url;
      HttpDownloader.Origin origin;
      try {
        if (entry.source().startsWith(YOUTUBE)) {
          url = youtube.resolve(entry.source().substring(YOUTUBE.length()));
          origin = youtube.trusted() ? HttpDownloader.Origin.OPERATOR
              : HttpDownloader.Origin.CALLER;
        } else {
          url = URI.create(entry.source());
          origin = HttpDownloader.Origin.CALLER;
        }
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
        download(run, url, origin, file, fileName);
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
    } catch (InterruptedIOException e) {
      if (!task.releasing) {
        run.update(s -> s.withStatus(JobStatus.FAILED, "Job cancelled")
            .withError("cancelled").withPercent(null));
      }
    } catch (RuntimeException e) {
      log.error("Job {} failed unexpectedly", videoId, e);
      fail(run, "Job failed", e);
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
          task.entry.videoId(), PREVIOUS_RUN_GRACE_SECONDS);
    } catch (ExecutionException e) {
      // it ended, that is all that matters
    }
  }

  private void download(JobTracker.Run run, URI url, HttpDownloader.Origin origin, Path file,
      String fileName) throws IOException {
    downloads.start(fileName, -1);
    run.update(s -> s.withStatus(JobStatus.DOWNLOADING, "Downloading video"));
    long interval = progressInterval.toNanos();
    long[] last = {System.nanoTime() - interval};
    downloader.download(url, file, (done, total) -> {
      downloads.progress(fileName, done, total);
      long now = System.nanoTime();
      synchronized (last) { // parts report from several threads
        if (now - last[0] < interval) {
          return;
        }
        last[0] = now;
      }
      reportDownload(run, done, total);
    }, origin);
    downloads.status(fileName, DownloadTracker.Status.COMPLETE);
    long size = Files.size(file);
    reportDownload(run, size, size);
  }

  private void reportDownload(JobTracker.Run run, long done, long total) {
    String message = total > 0
        ? String.format(Locale.ROOT, "Downloading video: %.1f/%.1f MB", done / 1048576.0,
            total / 1048576.0)
        : String.format(Locale.ROOT, "Downloading video: %.1f MB", done / 1048576.0);
    double percent = Progress.DOWNLOAD.at(total > 0 ? (double) done / total : 0);
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

  /** Tells each waiting job its place. */
  private void reportQueue() {
    List<String> waiting = queue.waiting();
    for (int i = 0; i < waiting.size(); i++) {
      String message = String.format(Locale.ROOT, "Queued: position %d of %d", i + 1,
          waiting.size());
      try {
        tracker.update(waiting.get(i), s -> s.status() == JobStatus.PENDING
            ? s.withStatus(JobStatus.PENDING, message) : s);
      } catch (java.util.NoSuchElementException e) {
        // forgotten meanwhile
      }
    }
  }

  /** Brings back the jobs of the previous process; those it was running were interrupted. */
  private void restore() {
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
          Files.deleteIfExists(downloadDirectory.resolve(videoId + ".mp4"));
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

  /**
   * Stops the work of a run that is no longer current (cancelled, here or on another node, or
   * restarted): listeners hear every change of a job in order, so the worker is interrupted as
   * soon as its run ends.
   */
  private final class CancelWatcher implements JobListener {
    @Override
    public void onUpdate(String videoId, JobState state) {
      Task task = tasks.get(videoId);
      Thread worker = task == null ? null : task.thread;
      if (worker == null || worker == Thread.currentThread()
          || state.status() == JobStatus.COMPLETED) {
        return; // nothing running here, or the worker's own update: it knows
      }
      boolean over = tracker.run(videoId, task.entry.run()).map(r -> !r.isActive())
          .orElse(true);
      if (over) {
        task.interrupt(); // aborts the download, stops the analysis
      }
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
      // Listeners hear each job's versions in order: records are never written out of order.
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
    if (retention.isZero()) {
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
    if (!Files.isDirectory(downloadDirectory)) {
      return;
    }
    Instant limit = Instant.now().minus(retention);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(downloadDirectory, "*.mp4")) {
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
      log.warn("Cannot clean downloads in {}: {}", downloadDirectory, e.getMessage());
    }
  }

  /**
   * Stops the workers at once. Running jobs stop and go back to the queue (a shared queue lets
   * another node take them up; in memory they end with this process, and job records show them
   * as interrupted on the next start).
   */
  @Override
  public void close() {
    draining = true;
    stopped = true;
    for (Task task : tasks.values()) {
      task.releasing = true;
      task.interrupt();
    }
    queue.close();
    if (ownExecutor != null) {
      ownExecutor.shutdownNow();
      try {
        ownExecutor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    renewals.shutdownNow();
    lookups.close();
    downloader.close();
  }

  /** Builds a {@link SlideService}; see each setting for its default. */
  public static final class Builder {
    private final SlideExtractor extractor;
    private JobTracker tracker;
    private JobQueue queue;
    private VideoSource videoSource;
    private Executor executor;
    private JobRecords records = JobRecords.none();
    private int concurrency = 1;
    private int queueCapacity = 100;
    private Path downloadDirectory = Path.of("downloads");
    private Duration retention = Duration.ZERO;
    private Duration progressInterval = Duration.ofMillis(100);
    private Duration storeLookupTimeout = Duration.ofSeconds(2);
    private long maxDownloadBytes = 8L << 30;
    private Duration downloadStallTimeout = Duration.ofSeconds(30);
    private Duration downloadTimeout = Duration.ofHours(1);
    private AddressFilter allowedNetworks = AddressFilter.publicOnly();

    private Builder(SlideExtractor extractor) {
      this.extractor = Objects.requireNonNull(extractor, "extractor");
    }

    /** Where job states live; in memory by default. */
    public Builder tracker(JobTracker tracker) {
      this.tracker = Objects.requireNonNull(tracker, "tracker");
      return this;
    }

    /** Where jobs wait; in memory, holding {@link #queueCapacity} jobs, by default. */
    public Builder queue(JobQueue queue) {
      this.queue = Objects.requireNonNull(queue, "queue");
      return this;
    }

    /** Resolves YouTube ids; by default {@code yt-dlp} on the PATH. */
    public Builder videoSource(VideoSource source) {
      this.videoSource = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Runs the workers (each a long-running task); by default a pool of daemon threads that
     * the service owns and stops on {@link SlideService#close()}.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Jobs running at once (default 1: one job already keeps two cores busy). */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /** Jobs the default queue holds at most; more are refused (default 100). */
    public Builder queueCapacity(int capacity) {
      if (capacity < 0) {
        throw new IllegalArgumentException("queueCapacity must not be negative, got " + capacity);
      }
      this.queueCapacity = capacity;
      return this;
    }

    /** Where videos are downloaded (default {@code ./downloads}). */
    public Builder downloadDirectory(Path directory) {
      this.downloadDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** How long a download is kept after its job; zero (the default) deletes it at once. */
    public Builder downloadRetention(Duration retention) {
      this.retention = nonNegative(retention, "downloadRetention");
      return this;
    }

    /** Least time between two download progress updates of a job (default 100 ms). */
    public Builder progressInterval(Duration interval) {
      this.progressInterval = nonNegative(interval, "progressInterval");
      return this;
    }

    /** Longest wait for the store when a request needs it (default 2 s). */
    public Builder storeLookupTimeout(Duration timeout) {
      this.storeLookupTimeout = positive(timeout, "storeLookupTimeout");
      return this;
    }

    /** Larger downloads are refused (default 8 GiB). */
    public Builder maxDownloadBytes(long max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxDownloadBytes must be positive, got " + max);
      }
      this.maxDownloadBytes = max;
      return this;
    }

    /** A download that brings no byte for this long is dropped and retried (default 30 s). */
    public Builder downloadStallTimeout(Duration timeout) {
      this.downloadStallTimeout = positive(timeout, "downloadStallTimeout");
      return this;
    }

    /** Longest time one download may take (default 1 hour). */
    public Builder downloadTimeout(Duration timeout) {
      this.downloadTimeout = positive(timeout, "downloadTimeout");
      return this;
    }

    /**
     * Networks that video URLs sent by callers may reach although private, as comma-separated
     * CIDRs ({@code 10.0.0.0/8,127.0.0.0/8}); by default only public addresses.
     *
     * @throws IllegalArgumentException naming the entry that is not a CIDR
     */
    public Builder allowedNetworks(String cidrs) {
      this.allowedNetworks = AddressFilter.parse(cidrs == null ? "" : cidrs);
      return this;
    }

    /**
     * Keeps a small record of each job in {@code directory} (one JSON file per job), so that a
     * restarted process knows the jobs of the previous one. Off by default.
     *
     * @throws IOException when the directory cannot be made
     */
    public Builder jobRecords(Path directory) throws IOException {
      this.records = FileJobRecords.open(directory);
      return this;
    }

    public SlideService build() {
      return new SlideService(this);
    }

    private static Duration nonNegative(Duration d, String name) {
      if (Objects.requireNonNull(d, name).isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, got " + d);
      }
      return d;
    }

    private static Duration positive(Duration d, String name) {
      if (Objects.requireNonNull(d, name).isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
