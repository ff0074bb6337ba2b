package dev.slides.server;

import dev.slides.BlobStore;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import dev.slides.service.SlideService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The server's Prometheus metrics. Core knows nothing of Micrometer: job counts, durations and
 * downloaded bytes come from a {@link JobTracker} listener, uploaded
 * bytes and store errors from a {@link BlobStore} wrapper ({@link #meter(BlobStore)}), the
 * rest from gauges read at scrape time.
 *
 * <pre>
 * slides_jobs{status}                          jobs the tracker knows, by status
 * slides_queue_length                          jobs waiting for a worker
 * slides_job_duration_seconds{outcome}         submission to completed/failed
 * slides_job_phase_duration_seconds{phase}     time spent pending, downloading, extracting,
 *                                              uploading
 * slides_sse_clients                           open event streams
 * slides_download_bytes_total                  video bytes jobs took in: downloaded or
 *                                              uploaded (POST /process/upload)
 * slides_store_upload_bytes_total              bytes written to the store
 * slides_store_errors_total{operation}         store calls that failed (put, find, read, delete,
 *                                              list)
 * slides_job_store_up                          with Redis: 1 when this scrape could read it, else 0
 * </pre>
 *
 * <p>With Redis, {@code slides_jobs} and {@code slides_queue_length} are read from it. While it
 * does not answer, a scrape still answers, with {@code slides_job_store_up 0} and without those
 * two: the rest (this node's counters, streams, store errors) is what an operator needs most
 * during an outage, and a failed scrape would lose it all (the target just reads as down). An
 * absent series is not a wrong value, as a 0 or a last known count would be; this is what
 * Prometheus's own exporters do ({@code mysql_up}, {@code redis_up}).
 */
final class ServerMetrics {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** The gauges read from the job store: written out only when it answered. */
  private final PrometheusMeterRegistry fromJobStore =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger queueLength = new AtomicInteger();
  private final AtomicInteger jobStoreUp = new AtomicInteger(1);
  private volatile JobTracker tracker;
  private volatile SlideService service;
  /**
   * This node's name when nodes share their jobs: every node then hears every job's updates,
   * and counts and times only the jobs it runs, so that the sum over the nodes counts each job
   * once. Null when the jobs are this process's alone.
   */
  private volatile String nodeId;
  private final Map<JobStatus, AtomicInteger> jobsByStatus = new EnumMap<>(JobStatus.class);
  private final Map<JobStatus, Timer> phases = new EnumMap<>(JobStatus.class);
  private final Map<JobStatus, Timer> outcomes = new EnumMap<>(JobStatus.class);
  private final Counter downloadedBytes;
  private final Counter uploadedBytes;
  private final Counter putErrors;
  private final Counter findErrors;
  private final Counter readErrors;
  private final Counter deleteErrors;
  private final Counter listErrors;
  /** What the listener knows of each running job; forgotten when the job ends. */
  private final Map<String, Running> running = new ConcurrentHashMap<>();

  private record Running(JobStatus status, long startNanos, long phaseStartNanos,
      long downloaded) {}

  ServerMetrics() {
    for (JobStatus status : JobStatus.values()) {
      AtomicInteger count = new AtomicInteger();
      jobsByStatus.put(status, count);
      Gauge.builder("slides.jobs", count, AtomicInteger::get)
          .description("Jobs the tracker knows, by status")
          .tag("status", status.wireName())
          .register(fromJobStore);
      if (status.isTerminal()) {
        outcomes.put(status, Timer.builder("slides.job.duration")
            .description("From submission to the end of a job")
            .tag("outcome", status.wireName())
            .register(registry));
      } else {
        phases.put(status, Timer.builder("slides.job.phase.duration")
            .description("Time a job spent in one phase")
            .tag("phase", status.wireName())
            .register(registry));
      }
    }
    downloadedBytes = Counter.builder("slides.download.bytes")
        .description("Video bytes jobs took in: downloaded or uploaded").register(registry);
    uploadedBytes = Counter.builder("slides.store.upload.bytes")
        .description("Bytes written to the store").register(registry);
    putErrors = storeErrors("put");
    findErrors = storeErrors("find");
    readErrors = storeErrors("read");
    deleteErrors = storeErrors("delete");
    listErrors = storeErrors("list");
  }

  private Counter storeErrors(String operation) {
    return Counter.builder("slides.store.errors")
        .description("Store calls that failed")
        .tag("operation", operation)
        .register(registry);
  }

  /**
   * Follows {@code service}'s jobs and queue, and {@code sseClients} open streams; with nodes
   * sharing their jobs, {@code nodeId} names this one (null when the jobs are this process's).
   * The store it publishes to was {@linkplain #meter(BlobStore) metered} before it was built.
   */
  void bind(SlideService service, IntSupplier sseClients, String nodeId) {
    this.nodeId = nodeId;
    this.tracker = service.tracker();
    this.service = service;
    tracker.addListener(this::onUpdate);
    Gauge.builder("slides.queue.length", queueLength, AtomicInteger::get)
        .description("Jobs waiting for a worker").register(fromJobStore);
    if (nodeId != null) {
      Gauge.builder("slides.job.store.up", jobStoreUp, AtomicInteger::get)
          .description("Whether this scrape could read the job store (Redis): 1 or 0")
          .register(registry);
    }
    // Strong references: gauges hold their object weakly, and a lambda held by no one else is
    // collected (the gauge then reads NaN).
    Gauge.builder("slides.sse.clients", sseClients, s -> s.getAsInt())
        .description("Open event streams").strongReference(true).register(registry);
  }

  /** What the job store holds, read for one scrape. */
  record JobStoreReading(Map<JobStatus, Integer> jobsByStatus, int queueLength) {}

  /**
   * Reads the job store for a scrape: jobs by status, the tracker's cheapest way (with Redis a
   * few round trips, not one per job kept), and the queue. With Redis these calls may wait for
   * it: the server makes them off its worker threads.
   */
  JobStoreReading readJobStore() {
    JobTracker jobs = tracker;
    SlideService jobService = service;
    return new JobStoreReading(jobs == null ? Map.of() : jobs.countByStatus(),
        jobService == null ? 0 : jobService.queuedJobs());
  }

  /** The exposition text, reading the job store here. */
  String scrape() {
    return scrape(readJobStore());
  }

  /** The exposition text; {@code reading} null when the job store did not answer. */
  String scrape(JobStoreReading reading) {
    if (reading == null) {
      jobStoreUp.set(0);
      return registry.scrape();
    }
    jobsByStatus.forEach((status, gauge) ->
        gauge.set(reading.jobsByStatus().getOrDefault(status, 0)));
    queueLength.set(reading.queueLength());
    jobStoreUp.set(1);
    return registry.scrape() + fromJobStore.scrape();
  }

  /**
   * Times phases and jobs, and counts downloaded bytes, from the updates of every job. Updates
   * of one job arrive in order, so a job's entry is only ever touched by one update at a time.
   */
  private void onUpdate(String videoId, JobState state) {
    long now = System.nanoTime();
    Running before = running.get(videoId);
    JobStatus status = state.status();
    if (before == null || (status == JobStatus.PENDING && before.status != JobStatus.PENDING)) {
      // A job restored as it ended in an earlier process has no start here: nothing to time.
      if (status.isTerminal()) {
        return;
      }
      before = new Running(status, now, now, 0);
    }
    // Another node's job is followed all the same (its start and phases begin when heard),
    // and counted only by the node that runs it.
    boolean ours = nodeId == null || nodeId.equals(state.worker());
    long downloaded = before.downloaded;
    Long reported = state.downloadedBytes();
    if (reported != null && reported > downloaded) {
      if (ours) {
        downloadedBytes.increment(reported - downloaded);
      }
      downloaded = reported;
    }
    long phaseStart = before.phaseStartNanos;
    if (status != before.status) {
      Timer phase = phases.get(before.status);
      if (phase != null && ours) {
        phase.record(Duration.ofNanos(now - phaseStart));
      }
      phaseStart = now;
    }
    if (status.isTerminal()) {
      running.remove(videoId);
      if (ours) {
        outcomes.get(status).record(Duration.ofNanos(now - before.startNanos));
      }
    } else {
      running.put(videoId, new Running(status, before.startNanos, phaseStart, downloaded));
    }
  }

  /** {@code store}, counting the bytes written to it and the calls that fail. */
  BlobStore meter(BlobStore store) {
    return new BlobStore() {
      @Override
      public String put(String key, byte[] content, String contentType) throws IOException {
        String url = counted(putErrors, () -> store.put(key, content, contentType));
        uploadedBytes.increment(content.length);
        return url;
      }

      @Override
      public Optional<String> find(String key) throws IOException {
        return counted(findErrors, () -> store.find(key));
      }

      @Override
      public Optional<byte[]> read(String key) throws IOException {
        return counted(readErrors, () -> store.read(key));
      }

      @Override
      public void delete(String key) throws IOException {
        counted(deleteErrors, () -> {
          store.delete(key);
          return null;
        });
      }

      @Override
      public void deleteAll(Collection<String> keys) throws IOException {
        counted(deleteErrors, () -> {
          store.deleteAll(keys);
          return null;
        });
      }

      @Override
      public List<String> list(String prefix) throws IOException {
        return counted(listErrors, () -> store.list(prefix));
      }

      @Override
      public String describe() {
        return store.describe();
      }
    };
  }

  /** A store call whose failures count as {@code errors}. */
  private interface StoreCall<T> {
    T call() throws IOException;
  }

  private static <T> T counted(Counter errors, StoreCall<T> call) throws IOException {
    try {
      return call.call();
    } catch (java.io.InterruptedIOException e) {
      throw e; // cancelled, not the store's fault
    } catch (IOException | RuntimeException e) {
      errors.increment();
      throw e;
    }
  }
}
