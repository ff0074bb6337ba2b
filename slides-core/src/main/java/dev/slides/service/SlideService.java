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
import dev.slides.internal.job.InMemoryJobTracker;
import dev.slides.internal.job.StoreOutageException;
import dev.slides.internal.service.DaemonThreads;
import dev.slides.internal.service.DownloadProgress;
import dev.slides.internal.service.DownloadTracker;
import dev.slides.internal.service.FileJobRecords;
import dev.slides.internal.service.InMemoryJobQueue;
import dev.slides.internal.service.JobRecords;
import dev.slides.internal.service.RenditionExtraction;
import dev.slides.internal.service.StoreLookups;
import dev.slides.internal.service.YouTubeSource;
import dev.slides.internal.store.BlobKeys;
import dev.slides.internal.store.FileTree;
import dev.slides.internal.text.Quantity;
import dev.slides.internal.video.JobVideoFiles;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
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
 * stops for, wherever the cancel was made; should the notification be lost, the worker notices
 * at its next lease renewal. A new run of an id begins once the work of its previous run in
 * this process has stopped, or after waiting 30 s for it; a cancelled run that sees a next run
 * of its id started touches the store no more (the log names the images it leaves to it).
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
  /**
   * How far ahead of a running job's version its record's version is: the record is written
   * again once every this many progress updates.
   */
  static final long VERSION_HEADROOM = 100;
  private static final String YOUTUBE = "youtube:";
  /** The source of a job for a local file: this prefix and the file's path. */
  private static final String FILE = "file:";

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

  /**
   * How far the download of one video file got.
   *
   * @param status {@code init}, {@code downloading}, {@code merging}, {@code complete} or
   *     {@code failed}
   * @param percent 0 to 100, one decimal; 0 while the size is unknown
   * @param downloadedMb MiB received, one decimal
   * @param totalMb MiB expected, one decimal; 0 when unknown
   */
  public record Download(String status, double percent, double downloadedMb, double totalMb) {}

  /** Refused: the service is draining for shutdown, or its queue is full. */
  public static final class RejectedException extends Exception {
    /** Refused, for the reason {@code message} gives in plain words. */
    public RejectedException(String message) {
      super(message);
    }
  }

  /** The store did not answer in time (or failed): the question cannot be answered now. */
  public static final class StoreUnavailableException extends Exception {
    /** The store could not answer, for the reason {@code message} gives in plain words. */
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
  private final Duration finishedJobRetention;
  /** The in-memory tracker, whose finished jobs this service forgets; null for others. */
  private final InMemoryJobTracker forgetting;
  /** Reads the time for the retentions and for when housekeeping is due. */
  private final Clock clock;
  /** One worker at a time does the housekeeping; the others go on claiming. */
  private final ReentrantLock housekeeping = new ReentrantLock();
  /** When the last housekeeping was (by {@link #clock}); null before the first. */
  private Instant housekept; // guarded by housekeeping
  private RecordKeeper recordKeeper;
  private final Duration progressInterval;
  private final StoreLookups lookups;
  private final ScheduledExecutorService renewals;
  private final int maxAttempts;
  private final String nodeId;

  /** The run of each id that this process works on or still lets go of. */
  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  /** The queue is this process's own (in memory): its jobs end when the process stops. */
  private final boolean ownQueue;
  /** Files taken over by a submission still being decided: not to be swept meanwhile. */
  private final Set<Path> incoming = ConcurrentHashMap.newKeySet();
  private final AtomicInteger running = new AtomicInteger();
  /** Guards the start and the idle wait. */
  private final Object idle = new Object();
  private volatile boolean draining;
  private volatile boolean stopped;
  private boolean started;
  /**
   * A queue that does not answer (Redis away) is said once when its claims start failing, once
   * more for each different failure, and once when it answers again: not at every retry of
   * every worker. Guarded by itself.
   */
  private final Set<String> queueFailures = new LinkedHashSet<>();
  private long queueFailingSince; // guarded by queueFailures
  private long queueAnsweredAt = System.nanoTime(); // guarded by queueFailures
  private volatile boolean queueFailing;

  private SlideService(Builder b) {
    this.extractor = Objects.requireNonNull(b.extractor, "extractor");
    this.tracker = b.tracker != null ? b.tracker : JobTracker.inMemory();
    this.queue = b.queue != null ? b.queue : new InMemoryJobQueue(b.queueCapacity);
    this.ownQueue = b.queue == null;
    this.youtube = b.videoSource != null ? b.videoSource
        : YouTubeSource.ytDlp(Path.of("yt-dlp"), Duration.ofMinutes(2));
    this.downloader = new HttpDownloader(HttpDownloader.Options.defaults()
        .withMaxBytes(b.maxDownloadBytes)
        .withStallTimeout(b.downloadStallTimeout)
        .withDeadline(b.downloadTimeout)
        .withAddresses(b.allowedNetworks));
    this.records = b.records;
    this.concurrency = b.concurrency;
    this.ownExecutor = b.executor == null ? Executors.newFixedThreadPool(concurrency,
        DaemonThreads.named("slides-job-")) : null;
    this.executor = b.executor != null ? b.executor : ownExecutor;
    this.downloadDirectory = b.downloadDirectory;
    this.retention = b.retention;
    this.finishedJobRetention = b.finishedJobRetention;
    this.forgetting = tracker instanceof InMemoryJobTracker memory ? memory : null;
    this.clock = b.clock;
    this.progressInterval = b.progressInterval;
    this.lookups = new StoreLookups(extractor.store(), b.storeLookupTimeout,
        b.storeLookupTimeouts);
    this.renewals = Executors.newSingleThreadScheduledExecutor(
        DaemonThreads.named("slides-lease-"));
    this.maxAttempts = b.maxAttempts;
    this.nodeId = b.nodeId;
  }

  /** A builder for a service running {@code extractor}'s extractions. */
  public static Builder builder(SlideExtractor extractor) {
    return new Builder(extractor);
  }

  /**
   * Brings back the jobs of the previous process from the job records (those it was running
   * become {@code failed}/{@code interrupted}), deletes what a crash may have left (downloads
   * past their retention, the jobs' folders in the extractor's spool folder: only names the
   * service and the extractor give, so other files in these folders stay), and starts the
   * workers. Call once.
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
      recordKeeper = new RecordKeeper(records);
      tracker.addListener(recordKeeper);
    }
    tracker.addListener(new CancelWatcher());
    housekeeping.lock();
    try {
      housekept = clock.instant();
      forgetFinishedJobs();
    } finally {
      housekeeping.unlock();
    }
    sweepSpool();
    cleanOldDownloads();
    for (int i = 0; i < concurrency; i++) {
      executor.execute(this::work);
    }
    return this;
  }

  /** The tracker holding this service's jobs: follow them with its listeners. */
  public JobTracker tracker() {
    return tracker;
  }

  /**
   * The downloads of this process by file name, sorted by name, for the server's
   * {@code /progress}; a download is forgotten once its file is deleted.
   */
  public Map<String, Download> downloads() {
    Map<String, Download> out = new LinkedHashMap<>();
    downloads.snapshot().forEach((file, p) -> out.put(file,
        new Download(p.status().wireName(), p.percent(), p.downloadedMb(), p.totalMb())));
    return Collections.unmodifiableMap(out);
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

  /**
   * Starts a job for a video file on this machine (an upload), through the same queue,
   * extraction and publishing as a URL; there is nothing to download. The service takes the
   * file over: it is moved into the download folder and deleted once the job ends, or at once
   * when no job starts for it (the job exists already, is completed, or the submission is
   * refused). Fails like {@link #submitYouTube}.
   *
   * <p>The file stays on this machine: with a queue shared by several nodes, another node that
   * claims the job fails it, saying the upload is not there.
   *
   * @throws IOException when the file cannot be moved into the download folder (it is left
   *     where it was)
   */
  public CompletableFuture<Submission> submitFile(String videoId, Path video) throws IOException {
    BlobKeys.requireValidVideoId(videoId);
    if (!Files.isRegularFile(video)) {
      throw new IllegalArgumentException("Not a video file: " + video.getFileName());
    }
    Files.createDirectories(downloadDirectory);
    Path owned = downloadDirectory.resolve(JobVideoFiles.upload(videoId));
    incoming.add(owned);
    try {
      Files.move(video, owned, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      incoming.remove(owned);
      throw new IOException("Cannot take over the uploaded video for " + videoId + ": "
          + e.getMessage(), e);
    }
    CompletableFuture<Submission> submission;
    try {
      submission = submit(videoId, FILE + owned.toAbsolutePath());
    } catch (RuntimeException e) {
      incoming.remove(owned);
      Files.deleteIfExists(owned);
      throw e;
    }
    return submission.whenComplete((done, failure) -> {
      incoming.remove(owned);
      if (failure != null || done.outcome() != Outcome.STARTED) {
        try {
          Files.deleteIfExists(owned);
        } catch (IOException e) {
          log.warn("Cannot delete the unused upload for {}: {}", videoId, e.toString());
        }
      }
    });
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
    return lookups.findManifest(videoId).thenApply(manifest -> {
      if (manifest.isPresent()) {
        JobTracker.Creation done = tracker.createOrRestart(videoId,
            completed(manifest.get().url()), state -> state.status() == JobStatus.FAILED,
            manifest.get().updatedAt());
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
   * completed state dated by the manifest's {@code updated_at} (remembered from then on).
   * Fails with {@link StoreUnavailableException} when the store had to be asked and did not
   * answer in time.
   */
  public CompletableFuture<Optional<JobState>> status(String videoId) {
    Optional<JobState> known = tracker.get(videoId);
    if (known.isPresent()) {
      return CompletableFuture.completedFuture(known);
    }
    return lookups.findManifest(videoId).thenApply(found -> found.map(manifest -> {
      // Dated by the manifest, not this look-up: after a restart, or once the job has been
      // forgotten, every rebuild of it reads the same.
      tracker.createIfAbsent(videoId, completed(manifest.url()), manifest.updatedAt());
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
    JobState after = tracker.update(videoId, s -> failed(s, "Job cancelled", "cancelled"));
    if (wasWaiting) {
      reportQueue();
      cleanOldDownloads(); // an upload it was waiting with is no longer needed
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

  /** Whether {@link #drain()} was called: no new jobs are accepted. */
  public boolean isDraining() {
    return draining;
  }

  /** Jobs waiting in the queue for a worker (of any node, when the queue is shared). */
  public int queuedJobs() {
    return queue.waiting().size();
  }

  /**
   * Jobs running in this process. Unlike {@link #queuedJobs()} it asks no shared queue, so it
   * answers while Redis does not (a stop counts what it waits for with it).
   */
  public int runningJobs() {
    return running.get();
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

  /**
   * A worker: claims jobs until the service drains or stops. Each turn (a job ended, a claim
   * found none within half a second, or the queue did not answer) may do the housekeeping, so
   * that it happens on time on an idle service too. Not a task on the lease scheduler: a sweep
   * of a slow (network) data folder there would hold up the renewals of running jobs.
   */
  private void work() {
    while (!stopped && !draining) {
      keepHouse();
      JobQueue.Lease lease;
      long asked = System.nanoTime();
      try {
        lease = queue.claim(Duration.ofMillis(500));
      } catch (InterruptedException e) {
        if (stopped) {
          return;
        }
        Thread.interrupted();
        continue;
      } catch (RuntimeException e) {
        // A shared queue that does not answer (Redis away): try again shortly, never give up.
        queueFailed(asked, e);
        pauseAfterQueueFailure();
        continue;
      }
      if (queueFailing) {
        queueAnswered();
      }
      if (lease == null) {
        continue;
      }
      if (draining || stopped) {
        // Claimed while the drain began (the claim was already waiting): another worker, on
        // another node or after a restart, runs it.
        lease.release();
        return;
      }
      try {
        runLeased(lease);
      } finally {
        Thread.interrupted(); // a cancel must not leak into the next job on this thread
      }
    }
  }

  /** How often the housekeeping (finished jobs, old downloads) is done. */
  private static final Duration FORGET_EVERY = Duration.ofMinutes(10);

  /**
   * Forgets the finished jobs past their retention and, when downloads are kept, deletes those
   * past theirs: at most every {@link #FORGET_EVERY}, by one worker (the others do not wait
   * for it). A clock set back by more than that does it at once, rather than only once it has
   * caught up again. A failure is said and tried again next time: it never ends the worker.
   */
  private void keepHouse() {
    if (!housekeeping.tryLock()) {
      return;
    }
    try {
      Instant now = clock.instant();
      if (housekept != null && now.isBefore(housekept.plus(FORGET_EVERY))
          && !now.isBefore(housekept)) {
        return;
      }
      housekept = now;
      forgetFinishedJobs();
      if (!retention.isZero()) {
        cleanOldDownloads();
      }
    } catch (RuntimeException e) {
      log.warn("Housekeeping failed (tried again in {}): {}", FORGET_EVERY, e.toString());
    } finally {
      housekeeping.unlock();
    }
  }

  /**
   * A claim asked at {@code asked} failed: said if it is the first failure since the queue last
   * answered, or one not said yet since; else only at debug level. A claim asked before the
   * queue last answered may have failed before that: it is not counted (a worker that still
   * cannot claim says so at its next try, a second later).
   */
  private void queueFailed(long asked, RuntimeException e) {
    String failure = e.getMessage() != null ? e.getMessage() : e.toString();
    synchronized (queueFailures) {
      if (asked - queueAnsweredAt < 0) {
        return;
      }
      if (!queueFailing) {
        queueFailing = true;
        queueFailingSince = System.nanoTime();
        queueFailures.add(failure);
        log.warn("Cannot claim jobs: the job queue does not answer ({}). Workers try again"
            + " every second; the next line says when it answers again", failure);
      } else if (queueFailures.add(failure)) {
        log.warn("The job queue still does not answer, now: {}", failure);
      } else {
        log.debug("Cannot claim a job from the queue: {}", e.toString());
      }
    }
  }

  /** A claim was answered (a job or none): said once if the queue had been failing. */
  private void queueAnswered() {
    synchronized (queueFailures) {
      if (queueFailing) {
        queueFailing = false;
        queueFailures.clear();
        queueAnsweredAt = System.nanoTime();
        log.info("The job queue answers again (it did not for {}); workers claim jobs again",
            Quantity.seconds(Duration.ofNanos(queueAnsweredAt - queueFailingSince)));
      }
    }
  }

  private void pauseAfterQueueFailure() {
    synchronized (idle) {
      try {
        idle.wait(1000); // woken early by a drain or a stop
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One run of a job in this process. */
  private static final class Task {
    final JobQueue.Entry entry;
    final Task previous;
    final CompletableFuture<Void> finished = new CompletableFuture<>();
    volatile Thread thread;
    /** The run this task works on: the entry's, or the one its take-over started. */
    volatile long run;
    /**
     * Set once {@link #run} is known. Until then the cancel watcher leaves the task alone: a
     * take-over's own new run would otherwise look like the end of the entry's run. A cancel
     * made meanwhile still stops the work, since the run's writes and checks are fenced.
     */
    volatile boolean watched;
    /** Stopped to be given back to the queue (shutdown, lost lease), not cancelled. */
    volatile boolean releasing;
    /**
     * Why the work stopped when a shared store did not answer it for the lease time, or null:
     * not the job's fault, so nothing is written and the job goes back to the queue.
     */
    volatile String storeOutage;
    /** A renewal found the lease held by another worker: no renewal is tried again. */
    volatile boolean leaseLost;
    /** A renewal found the run ended (a cancel whose notification was missed). */
    volatile boolean runEnded;
    /** Whether why the work stopped was said ({@link #sayStopping}): once a task. */
    final AtomicBoolean saidStopping = new AtomicBoolean();
    /**
     * What the renewals fail with since the last one that worked, or null: a queue that does not
     * answer is said once a job, not at every renewal. Only the renewal thread touches it.
     */
    String renewalFailure;

    Task(JobQueue.Entry entry, Task previous) {
      this.entry = entry;
      this.previous = previous;
      this.run = entry.run();
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
    // Renew every third of the lease (at most every 10 s): two renewals may fail in a row. With
    // a fixed delay, a node that was paused (SIGSTOP) renews once when it goes on, not once for
    // every renewal it missed; and renewals end with the first one that finds the lease lost.
    long every = Math.max(100, Math.min(10_000, queue.leaseTime().toMillis() / 3));
    AtomicReference<ScheduledFuture<?>> renewal = new AtomicReference<>();
    renewal.set(renewals.scheduleWithFixedDelay(() -> {
      ScheduledFuture<?> self = renewal.get();
      if (!heartbeat(lease, task) && self != null) {
        self.cancel(false);
      }
    }, every, every, TimeUnit.MILLISECONDS));
    boolean local = entry.source().startsWith(FILE);
    Path file = local ? Path.of(entry.source().substring(FILE.length()))
        : downloadDirectory.resolve(JobVideoFiles.download(videoId));
    String fileName = file.getFileName().toString();
    try {
      awaitPrevious(task);
      Optional<JobTracker.Run> found = lease.attempt() == 1 && lease.handBacks() == 0
          ? tracker.run(videoId, entry.run()).filter(JobTracker.Run::isActive)
          : takeOver(lease);
      if (found.isEmpty() || !found.get().isActive()) {
        return; // cancelled or replaced while it waited, or given up
      }
      task.run = found.get().number();
      task.watched = true;
      runJob(new TaskRun(found.get(), task), task, file, fileName);
      if (task.storeOutage == null && jobGone(videoId)) {
        sayStopping(task); // learnt from a write the run's fence refused, before any renewal
      }
    } catch (InterruptedException e) {
      // cancelled while waiting for the previous run
    } catch (StoreOutageException e) {
      log.warn("Job {} could not be run: {}", videoId, e.getMessage());
    } catch (RuntimeException e) {
      log.error("Job {} could not be run", videoId, e); // the tracker did not answer
    } finally {
      renewal.get().cancel(false);
      task.thread = null;
      tasks.remove(videoId, task);
      if (local) {
        deleteUpload(file);
      }
      finishDownload(file, fileName);
      task.finished.complete(null);
      try {
        if (task.storeOutage != null) {
          handBackAfterOutage(lease, task);
        } else if (task.releasing ? handBack(task) : endedUnrecorded(task)) {
          lease.release(); // another worker takes the job up again
          if (task.releasing && stopped && !ownQueue && !task.leaseLost) {
            // The operator learns which jobs the stop ends here (as interruptOwnJobs says
            // without a shared queue): another node starts each again.
            log.info("Job {}: stopped here; handed back to the shared queue for another node",
                videoId);
          }
        } else {
          lease.complete();
        }
      } catch (RuntimeException e) {
        // Left to the queue: once the lease runs out, another worker looks at the job again.
        log.warn("Job {}: cannot hand its lease back: {}", videoId, e.toString());
      }
      running.decrementAndGet();
      synchronized (idle) {
        idle.notifyAll();
      }
      reportQueue();
    }
  }

  /**
   * Hands back the lease of a task whose work stopped because the shared store did not answer
   * it for the lease time, as a stopping node does, and says so in one line: the job goes back
   * to the queue, or, when the hand-back does not reach the store either, its lease runs out
   * and a node takes it over as a lost worker's (which counts an attempt).
   */
  private void handBackAfterOutage(JobQueue.Lease lease, Task task) {
    String videoId = task.entry.videoId();
    try {
      lease.release();
    } catch (RuntimeException e) {
      log.warn("Job {}: {}; its work stopped, and handing it back to the queue failed too"
          + " ({}): once its lease runs out, a node takes it over as a lost worker's", videoId,
          task.storeOutage, e.getMessage() != null ? e.getMessage() : e.toString());
      return;
    }
    log.warn("Job {}: {}; its work stopped and it went back to the queue: a node starts it"
        + " again once the store answers", videoId, task.storeOutage);
  }

  /**
   * Renews the lease of a running task; false once it is lost (the task is told to stop, and
   * no renewal is needed any more).
   */
  private boolean heartbeat(JobQueue.Lease lease, Task task) {
    String videoId = task.entry.videoId();
    if (task.leaseLost) {
      return false;
    }
    try {
      if (!lease.renew()) {
        task.leaseLost = true;
        sayStopping(task);
        task.releasing = true;
        task.interrupt();
        return false;
      }
    } catch (RuntimeException e) {
      // The queue did not answer: keep working. Should the lease run out meanwhile, another
      // node takes the job over, the next renewal says so, and this run's writes are fenced.
      String failure = e.getMessage() != null ? e.getMessage() : e.toString();
      if (failure.equals(task.renewalFailure)) {
        log.debug("Job {}: cannot renew its lease: {}", videoId, e.toString());
      } else {
        log.warn("Job {}: cannot renew its lease ({}); it keeps working and tries again"
            + " quietly", videoId, failure);
      }
      task.renewalFailure = failure;
      return true;
    }
    if (task.renewalFailure != null) {
      task.renewalFailure = null;
      log.info("Job {}: its lease is renewed again", videoId);
    }
    // A cancel reaches the worker as a tracker notification (CancelWatcher); one made while
    // this node's link to a shared tracker was down is never delivered, so each renewal also
    // looks whether the run was ended meanwhile.
    if (task.watched && !task.runEnded) {
      try {
        if (runEnded(task)) {
          task.runEnded = true;
          sayStopping(task);
          task.interrupt();
        }
      } catch (RuntimeException e) {
        log.debug("Job {}: cannot check its run: {}", videoId, e.toString());
      }
    }
    return true;
  }

  /**
   * Says, once a task, why its worker stops: the job is gone from a shared tracker that lost
   * its data, another worker holds its lease (taken over), or its run was ended elsewhere.
   * Whichever the worker learnt first (a renewal, a check of its run, a write its run's fence
   * refused), the words depend on what is so when said, not on the way it was learnt.
   */
  private void sayStopping(Task task) {
    if (!task.saidStopping.compareAndSet(false, true)) {
      return;
    }
    String videoId = task.entry.videoId();
    if (jobGone(videoId)) {
      log.warn("Job {}: gone from the job store (its data was lost); stopping", videoId);
    } else if (task.leaseLost) {
      log.warn("Job {}: this node no longer holds it (taken over); stopping", videoId);
    } else {
      log.info("Job {}: its run ended elsewhere (cancelled or restarted); stopping", videoId);
    }
  }

  /**
   * Whether the tracker no longer knows the job (a shared tracker that lost its data): a lease
   * lost with it was not taken over, and the log should not say so.
   */
  private boolean jobGone(String videoId) {
    try {
      return tracker.get(videoId).isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * True when the task's run is no longer the job's current unfinished run (or the job is
   * gone), unless the job completed: that is the worker's own last write.
   */
  private boolean runEnded(Task task) {
    if (runActive(task)) {
      return false;
    }
    return tracker.get(task.entry.videoId()).map(s -> s.status() != JobStatus.COMPLETED)
        .orElse(true);
  }

  /** Whether the task's run is still the job's current, unfinished run in the tracker. */
  private boolean runActive(Task task) {
    return tracker.run(task.entry.videoId(), task.run).map(JobTracker.Run::isActive)
        .orElse(false);
  }

  /**
   * Whether a task told to stop (the service closes, or its lease was lost) hands its job back
   * to the queue for another worker: not when its run ended first (the job completed, failed or
   * was cancelled just before the close), which would leave an entry of a finished job in a
   * shared queue for another node to claim. When the tracker does not answer, it is handed back.
   */
  private boolean handBack(Task task) {
    if (task.leaseLost) {
      return true;
    }
    try {
      return runActive(task);
    } catch (RuntimeException e) {
      return true;
    }
  }

  /**
   * True when the work stopped but the job's run is still going in the tracker: its end could
   * not be recorded (the shared tracker did not answer then). The job goes back to the queue
   * rather than staying unfinished with nobody working on it.
   */
  private boolean endedUnrecorded(Task task) {
    boolean active = runActive(task);
    if (active) {
      log.warn("Job {} stopped without its end recorded; handing it back to the queue",
          task.entry.videoId());
    }
    return active;
  }

  /**
   * The entry was held before by a worker that is gone (its node died, or stopped and handed
   * it back): the job starts again from the download as a new run, which fences out whatever
   * the previous worker may still write; past the most attempts allowed (lost workers; the
   * queue does not count hand-backs), the job fails instead.
   */
  private Optional<JobTracker.Run> takeOver(JobQueue.Lease lease) {
    JobQueue.Entry entry = lease.entry();
    if (lease.attempt() == 1) {
      log.info("Job {}: taking it over from a node that handed it back (hand-back {})",
          entry.videoId(), lease.handBacks());
      return tracker.takeOver(entry.videoId(), entry.run(), JobState.of(JobStatus.PENDING,
          "Restarting: the node running this job stopped and handed it back").withPercent(0.0));
    }
    if (lease.attempt() > maxAttempts) {
      String error = "gave up after " + Quantity.of(maxAttempts, "attempt") + " (worker lost)";
      log.warn("Job {}: {}", entry.videoId(), error);
      tracker.takeOver(entry.videoId(), entry.run(), JobState.of(JobStatus.FAILED,
          "Job failed: the workers running it were lost " + Quantity.of(maxAttempts, "time"))
          .withError(error));
      return Optional.empty();
    }
    log.info("Job {}: taking it over from a lost worker (attempt {} of {})", entry.videoId(),
        lease.attempt(), maxAttempts);
    return tracker.takeOver(entry.videoId(), entry.run(), JobState.of(JobStatus.PENDING,
        "Restarting: the worker running this job was lost (attempt " + lease.attempt() + " of "
            + maxAttempts + ")").withPercent(0.0));
  }

  /**
   * A run as this process's work sees it: once the task is being given back to the queue, its
   * work ends without writing anything (an interrupted extraction would otherwise report a
   * cancel), so the job reads as it was until the worker taking it over starts again.
   */
  private static final class TaskRun implements JobTracker.Run {
    private final JobTracker.Run run;
    private final Task task;

    TaskRun(JobTracker.Run run, Task task) {
      this.run = run;
      this.task = task;
    }

    @Override
    public String videoId() {
      return run.videoId();
    }

    @Override
    public long number() {
      return run.number();
    }

    @Override
    public JobState state() {
      return run.state();
    }

    @Override
    public boolean isActive() {
      return !task.releasing && run.isActive();
    }

    @Override
    public JobState update(java.util.function.UnaryOperator<JobState> change) {
      return task.releasing ? run.state() : run.update(change);
    }
  }

  private void runJob(JobTracker.Run run, Task task, Path file, String fileName) {
    JobQueue.Entry entry = task.entry;
    String videoId = entry.videoId();
    try {
      if (entry.source().startsWith(FILE)) {
        if (!Files.isRegularFile(file)) {
          fail(run, "Uploaded video is missing", new IOException(
              "The uploaded video is not on this node (" + fileName + ")"));
          return;
        }
        long size;
        try {
          size = Files.size(file);
        } catch (IOException e) {
          fail(run, "Uploaded video is missing", e);
          return;
        }
        // Nothing to download: the download phase is complete at once.
        run.update(s -> s.withStatus(JobStatus.DOWNLOADING, "Video uploaded")
            .withDownload(size, size).withPercent(Progress.DOWNLOAD.at(1)).withWorker(nodeId));
        extractor.extract(run, file);
        return;
      }
      run.update(s -> s.withStatus(JobStatus.DOWNLOADING, "Resolving video")
          .withPercent(Progress.DOWNLOAD.start()).withWorker(nodeId));
      URI url;
      URI imagesUrl = null;
      HttpDownloader.Origin origin;
      try {
        if (entry.source().startsWith(YOUTUBE)) {
          VideoSource.Renditions renditions =
              youtube.renditions(entry.source().substring(YOUTUBE.length()));
          url = renditions.video();
          imagesUrl = renditions.images();
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
      RenditionExtraction.extract(extractor, run, file, imagesUrl, downloader, origin);
    } catch (ExtractionException e) {
      // already reported in the job state
    } catch (InterruptedIOException e) {
      if (!task.releasing) {
        run.update(s -> failed(s, "Job cancelled", "cancelled"));
      }
    } catch (StoreOutageException e) {
      // An outage of the shared store (Redis) is not the job's fault: no failure is written.
      // The work stops and hands its lease back as a stopping node does (runLeased), so that
      // a node, this one too, starts the job again once the store answers.
      task.storeOutage = e.getMessage() != null ? e.getMessage() : e.toString();
      task.releasing = true;
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
    DownloadProgress progress = new DownloadProgress(run, "video", progressInterval);
    progress.started();
    downloader.download(url, file, (done, total) -> {
      downloads.progress(fileName, done, total);
      progress.progress(done, total);
    }, origin);
    downloads.status(fileName, DownloadTracker.Status.COMPLETE);
    progress.finished(Files.size(file));
  }

  private void fail(JobTracker.Run run, String summary, Exception e) {
    String error = e.getMessage() == null ? e.toString() : e.getMessage();
    log.warn("Job {}: {}: {}", run.videoId(), summary, error);
    run.update(s -> failed(s, summary, error));
  }

  /** Tells each waiting job its place. */
  private void reportQueue() {
    List<String> waiting;
    try {
      waiting = queue.waiting();
    } catch (RuntimeException e) {
      log.warn("Cannot read the queue to report positions: {}", e.toString());
      return;
    }
    for (int i = 0; i < waiting.size(); i++) {
      String message = String.format(Locale.ROOT, "Queued: position %d of %d", i + 1,
          waiting.size());
      try {
        tracker.update(waiting.get(i), s -> s.status() == JobStatus.PENDING
            ? s.withStatus(JobStatus.PENDING, message) : s);
      } catch (java.util.NoSuchElementException e) {
        // forgotten meanwhile
      } catch (RuntimeException e) {
        log.warn("Cannot report the queue position of job {}: {}", waiting.get(i), e.toString());
        return;
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
    int forgotten = 0;
    Predicate<JobState> old = finishedLongAgo();
    for (Map.Entry<String, JobState> e : known.entrySet()) {
      String videoId = e.getKey();
      JobState state = e.getValue();
      if (old.test(state)) {
        try {
          records.delete(videoId);
          forgotten++;
        } catch (IOException ex) {
          log.warn("Cannot delete the record of finished job {}: {}", videoId, ex.toString());
        }
        continue;
      }
      if (state.status().isTerminal()) {
        tracker.restore(videoId, state); // at the time it ended
        continue;
      }
      interrupted++;
      // Brought back as it was, then ended now: its interruption is news of this start, and
      // ages from it.
      if (tracker.restore(videoId, state)) {
        state = tracker.update(videoId, SlideService::interrupted);
      } else {
        state = interrupted(state);
      }
      try {
        records.save(videoId, state);
        Files.deleteIfExists(downloadDirectory.resolve(JobVideoFiles.download(videoId)));
      } catch (IOException ex) {
        log.warn("Cannot record the interruption of job {}: {}", videoId, ex.toString());
      }
    }
    if (!known.isEmpty()) {
      // "Interrupted" counts the jobs the last process left unfinished (it was killed or
      // crashed): a stop that ran its course already recorded its jobs as they ended.
      long hours = finishedJobRetention.toHours();
      String retention = hours > 0 && finishedJobRetention.equals(Duration.ofHours(hours))
          ? hours + " h" : Quantity.seconds(finishedJobRetention);
      log.info("Restored {} ({} left unfinished by the last process, now failed, error"
          + " interrupted; {} finished over {} ago forgotten)",
          Quantity.of(known.size() - forgotten, "job"), interrupted, forgotten, retention);
    }
  }

  /** A job this process was running or had queued when it stopped. */
  private static JobState interrupted(JobState state) {
    return failed(state, "Job interrupted: the server stopped", "interrupted");
  }

  /**
   * {@code state} ended as failed. The counts that describe a phase under way (progress, bytes
   * downloaded, the frame being analysed, slides uploaded) are absent from it; the frame count
   * stays.
   */
  private static JobState failed(JobState state, String message, String error) {
    return state.withStatus(JobStatus.FAILED, message).withError(error).withPercent(null)
        .withDownload(null, null).withFrames(state.frameCount(), null).withSlides(null, null);
  }

  /**
   * Ends the jobs of this process's own queue, waiting or running, as the next start would
   * (see {@link #restore}): nobody else can run them once it stops. Clients following them so
   * get a final state, rather than a stream that closes with none (a client that reads a
   * stream to its end would take that for the end of the job).
   */
  private void interruptOwnJobs() {
    Set<String> ids = new LinkedHashSet<>(tasks.keySet());
    try {
      ids.addAll(queue.waiting());
    } catch (RuntimeException e) {
      log.warn("Cannot read the queue to end its jobs: {}", e.toString());
    }
    for (String id : ids) {
      try {
        boolean wasRunning = tasks.containsKey(id);
        JobState before = tracker.get(id).orElse(null);
        JobState after = tracker.update(id, SlideService::interrupted); // a finished job stays
        if (before != null && !before.status().isTerminal() && after.status().isTerminal()) {
          log.warn("Job {} interrupted: the server stopped before it {} (submit it again)", id,
              wasRunning ? "finished" : "started");
        }
      } catch (java.util.NoSuchElementException e) {
        // forgotten meanwhile
      } catch (RuntimeException e) {
        log.warn("Cannot end job {} at stop: {}", id, e.toString());
      }
    }
  }

  /**
   * Whether a job completed or failed longer than the finished-job retention ago (as of now). A
   * state without a time (a record written without one reads as {@link Instant#EPOCH}) cannot
   * be aged: it is kept, and restored with the time of this start.
   */
  private Predicate<JobState> finishedLongAgo() {
    Instant limit = clock.instant().minus(finishedJobRetention);
    return s -> s.status().isTerminal() && s.updatedAt().isAfter(Instant.EPOCH)
        && s.updatedAt().isBefore(limit);
  }

  /**
   * Forgets, from the in-memory tracker and the job records, the jobs that completed or failed
   * longer than the finished-job retention ago, as Redis lets them expire: a long-running
   * server would otherwise keep every job it ever ran. Their manifests still answer for
   * completed ones. Done at start and by {@link #keepHouse}.
   */
  private void forgetFinishedJobs() {
    if (forgetting == null) {
      return;
    }
    Predicate<JobState> old = finishedLongAgo();
    int forgotten = 0;
    for (JobTracker.Job job : tracker.recent(0, Integer.MAX_VALUE)) {
      String videoId = job.videoId();
      if (!old.test(job.state()) || !forgetting.removeIf(videoId, old)) {
        continue; // still wanted, or started again meanwhile
      }
      forgotten++;
      if (recordKeeper != null) {
        recordKeeper.forget(videoId);
      }
    }
    if (forgotten > 0) {
      log.info("Forgot {} that finished over {} ago", Quantity.of(forgotten, "job"),
          finishedJobRetention);
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
      Thread worker = task == null || !task.watched ? null : task.thread;
      if (worker == null || worker == Thread.currentThread()
          || state.status() == JobStatus.COMPLETED) {
        return; // nothing running here, or the worker's own update: it knows
      }
      boolean over;
      try {
        over = tracker.run(videoId, task.run).map(r -> !r.isActive()).orElse(true);
      } catch (RuntimeException e) {
        // A shared tracker that does not answer (Redis away): not worth a stack trace, as the
        // next lease renewal looks whether the run ended (heartbeat).
        log.debug("Job {}: cannot check whether its run ended: {}", videoId, e.toString());
        return;
      }
      if (over) {
        task.interrupt(); // aborts the download, stops the analysis
      }
    }
  }

  /**
   * Writes a job's record whenever its status changes, not on every progress update, but so
   * that the version it keeps is never below one a client has been sent. A running job's record
   * carries a version {@link #VERSION_HEADROOM} ahead of its state's, and is written again
   * before its updates pass that: the tracker tells its listeners, this one among them, before
   * the job's subscribers, so no stream sends a version the record does not cover. After a
   * crash the job's interruption thus comes after every version a stream sent: an event stream
   * reconnecting with the last {@code Last-Event-ID} it had gets it, where the record of the
   * status change alone made it older than that id, and the server answered 204 (you have it
   * all) to a client that never learnt the job had ended.
   */
  private final class RecordKeeper implements JobListener {
    private final JobRecords records;
    /** The status of each job's record and the version it keeps. */
    private final Map<String, Recorded> saved = new ConcurrentHashMap<>();

    private record Recorded(JobStatus status, long version) {}

    RecordKeeper(JobRecords records) {
      this.records = records;
    }

    /**
     * Deletes the record of a job the tracker forgot. Should a new run have started since, its
     * record (saved before the delete, or not yet) is written again.
     */
    void forget(String videoId) {
      saved.remove(videoId);
      try {
        records.delete(videoId);
        Optional<JobState> again = tracker.get(videoId);
        if (again.isPresent()) {
          save(videoId, again.get());
        }
      } catch (IOException | RuntimeException e) {
        log.warn("Cannot delete the record of finished job {}: {}", videoId, e.toString());
      }
    }

    @Override
    public void onUpdate(String videoId, JobState state) {
      // Listeners hear each job's versions in order: records are never written out of order.
      Recorded last = saved.get(videoId);
      if (last != null && last.status() == state.status() && state.version() <= last.version()) {
        return;
      }
      try {
        save(videoId, state);
      } catch (IOException | RuntimeException e) {
        log.warn("Cannot record the state of job {}: {}", videoId, e.toString());
      }
    }

    private void save(String videoId, JobState state) throws IOException {
      // A finished job's versions end with it (a new run goes on from its version).
      long version = state.status().isTerminal() ? state.version()
          : state.version() + VERSION_HEADROOM;
      records.save(videoId, version == state.version() ? state
          : JobState.fromJson(state.toJson(), version));
      saved.put(videoId, new Recorded(state.status(), version));
    }
  }

  /** At start-up nothing runs yet: whatever is in the spool folder was left by a crash. */
  private void sweepSpool() {
    Path spool = extractor.options().spoolDirectory();
    if (spool == null || !Files.isDirectory(spool)) {
      return;
    }
    // The jobs' own folders only (slides-{id}-*): the folder may hold an application's files.
    try (DirectoryStream<Path> jobFolders = Files.newDirectoryStream(spool, "slides-*")) {
      for (Path folder : jobFolders) {
        FileTree.delete(folder);
      }
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

  private static void deleteUpload(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("Cannot delete upload {}: {}", file.getFileName(), e.getMessage());
    }
  }

  /**
   * Deletes downloads older than the retention, and uploads no job waits for or runs on any
   * longer (cancelled while queued, or left by an earlier process).
   */
  private void cleanOldDownloads() {
    if (!Files.isDirectory(downloadDirectory)) {
      return;
    }
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(downloadDirectory, "*" + JobVideoFiles.UPLOAD_SUFFIX)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        String id = name.substring(0, name.indexOf('.'));
        boolean waiting = tracker.get(id).map(s -> !s.status().isTerminal()).orElse(false);
        if (!incoming.contains(f) && !tasks.containsKey(id) && !waiting) {
          deleteUpload(f);
        }
      }
    } catch (IOException e) {
      log.warn("Cannot clean uploads in {}: {}", downloadDirectory, e.getMessage());
    }
    Instant limit = clock.instant().minus(retention);
    // Only the names the service gives: the folder may be an application's own, with its own
    // videos in it (a plain {id}.mp4, as downloads were named before, is one of those now).
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(downloadDirectory, "*" + JobVideoFiles.DOWNLOAD_SUFFIX)) {
      for (Path f : files) {
        FileTime modified = Files.getLastModifiedTime(f);
        String name = f.getFileName().toString();
        String id = name.substring(0, name.length() - JobVideoFiles.DOWNLOAD_SUFFIX.length());
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
   * Stops the workers at once. Running jobs stop and go back to the queue: a shared queue lets
   * another node take them up; with the queue in memory they end with this process, so they and
   * the jobs still waiting read failed, error {@code interrupted}, from now on (their followers
   * are told, and job records keep it).
   */
  @Override
  public void close() {
    draining = true;
    stopped = true;
    if (ownQueue) {
      interruptOwnJobs(); // before the tasks let go, so that none of them reads "cancelled"
    }
    for (Task task : tasks.values()) {
      task.releasing = true; // its worker hands the job back, unless its run ended first
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
    private int maxAttempts = 3;
    private String nodeId;
    private Path downloadDirectory = Path.of("downloads");
    private Duration retention = Duration.ZERO;
    private Duration finishedJobRetention = Duration.ofDays(7);
    private Duration progressInterval = Duration.ofMillis(100);
    private Duration storeLookupTimeout = Duration.ofSeconds(2);
    private Executor storeLookupTimeouts;
    private long maxDownloadBytes = 8L << 30;
    private Duration downloadStallTimeout = Duration.ofSeconds(30);
    private Duration downloadTimeout = Duration.ofHours(1);
    private AddressFilter allowedNetworks = AddressFilter.publicOnly();
    private Clock clock = Clock.systemUTC();

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

    /**
     * Jobs the default queue holds at most; more are refused (default 100, at least 1: every
     * job waits in the queue before a worker takes it, so 0 would refuse them all).
     */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("queueCapacity must be at least 1 (every job waits"
            + " in the queue before a worker takes it), got " + capacity);
      }
      this.queueCapacity = capacity;
      return this;
    }

    /**
     * How many workers may start a job before it fails with error {@code gave up after N
     * attempts (worker lost)}: a shared queue hands a job whose worker was lost (its node died
     * or stopped answering) to another worker, which starts it again (default 3). A job handed
     * back by a node stopped past its shutdown timeout is started again without counting an
     * attempt (the Redis queue leaves up to 20 hand-backs of a job uncounted).
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Names this node in the {@code worker} field of the jobs it runs, when several nodes share
     * the work; none by default (the field stays null).
     */
    public Builder nodeId(String nodeId) {
      this.nodeId = nodeId;
      return this;
    }

    /**
     * Where videos are downloaded (default {@code ./downloads}), as {@code {id}.download.mp4},
     * and uploads kept ({@code {id}.{uuid}.upload}); only such files are deleted there.
     */
    public Builder downloadDirectory(Path directory) {
      this.downloadDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * How long a download is kept after its job; zero (the default) deletes it at once. Older
     * ones are deleted at start, then within 10 minutes of passing it, idle or not (while every
     * worker is busy, when the next job ends).
     */
    public Builder downloadRetention(Duration retention) {
      this.retention = nonNegative(retention, "downloadRetention");
      return this;
    }

    /**
     * How long a completed or failed job stays known after it ended (default 7 days, as Redis
     * keeps them), in the in-memory tracker and the job records; a completed job's manifest
     * still answers after that. Jobs past it are forgotten at start, then within 10 minutes of
     * passing it, idle or not (while every worker is busy, when the next job ends). Does not
     * apply to other trackers, which expire jobs themselves.
     */
    public Builder finishedJobRetention(Duration retention) {
      Objects.requireNonNull(retention, "finishedJobRetention");
      if (retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("finishedJobRetention must be positive, got "
            + retention);
      }
      this.finishedJobRetention = retention;
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

    /**
     * Runs the task that ends a store look-up's wait when the look-up is due to time out; by
     * default a clock, {@link #storeLookupTimeout} after each look-up was asked for. For tests,
     * which hold these tasks and run them at the moment they choose rather than race a clock.
     */
    public Builder storeLookupTimeouts(Executor timeouts) {
      this.storeLookupTimeouts = Objects.requireNonNull(timeouts, "timeouts");
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

    /**
     * A download connection that brings no byte for this long, or less than 1 KB/s on average
     * over it (a trickle), is dropped and retried (default 30 s).
     */
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

    /**
     * The clock the retentions and the housekeeping go by (the system's by default). Not API:
     * for this package's tests, which move it instead of waiting hours.
     */
    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The service, not yet working: call {@link SlideService#start()}. */
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
