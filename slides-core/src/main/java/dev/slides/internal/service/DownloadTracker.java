package dev.slides.internal.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Download progress by file name, for the server's {@code /progress} endpoint. Thread-safe.
 */
public final class DownloadTracker {
  private static final double MIB = 1024.0 * 1024.0;

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** A file's phase, lowercase on the wire. */
  public enum Status {
    INIT, DOWNLOADING, MERGING, COMPLETE, FAILED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * What {@code /progress} shows of one file.
   *
   * @param status the phase
   * @param percent 0 to 100, one decimal; 0 while the size is unknown
   * @param downloadedMb MiB received, one decimal
   * @param totalMb MiB expected, one decimal; 0 when unknown
   */
  public record Progress(Status status, double percent, double downloadedMb, double totalMb) {}

  private record Entry(Status status, long downloaded, long total) {}

  /** Registers a file about to be downloaded; {@code totalBytes} is 0 or less when unknown. */
  public void start(String file, long totalBytes) {
    entries.put(Objects.requireNonNull(file, "file"), new Entry(Status.INIT, 0, totalBytes));
  }

  /** Records bytes received so far (absolute, not a delta). */
  public void progress(String file, long downloadedBytes, long totalBytes) {
    entries.put(file, new Entry(Status.DOWNLOADING, downloadedBytes, totalBytes));
  }

  /** Moves a file to another phase, keeping its byte counts. */
  public void status(String file, Status status) {
    entries.compute(file, (k, e) -> e == null
        ? new Entry(status, 0, 0)
        : new Entry(status,
            status == Status.COMPLETE ? Math.max(e.downloaded, e.total) : e.downloaded, e.total));
  }

  /** Forgets a file (its download was deleted). */
  public void remove(String file) {
    entries.remove(file);
  }

  /** True while any file is neither complete nor failed. */
  public boolean hasActive() {
    return entries.values().stream()
        .anyMatch(e -> e.status != Status.COMPLETE && e.status != Status.FAILED);
  }

  /** Every file's progress, sorted by name. */
  public Map<String, Progress> snapshot() {
    Map<String, Progress> out = new LinkedHashMap<>();
    entries.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.put(e.getKey(), toProgress(e.getValue())));
    return Collections.unmodifiableMap(out);
  }

  private static Progress toProgress(Entry e) {
    double percent = e.total > 0 ? Math.min(100.0, 100.0 * e.downloaded / e.total) : 0.0;
    if (e.status == Status.COMPLETE) {
      percent = 100.0;
    }
    return new Progress(e.status, round1(percent), round1(e.downloaded / MIB),
        round1(Math.max(0, e.total) / MIB));
  }

  private static double round1(double v) {
    return Math.round(v * 10.0) / 10.0;
  }
}
