package dev.slides.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a file over HTTP(S) with the JDK's client.
 *
 * <p>When the server announces the size and accepts ranges, a large file is fetched as several
 * ranges at once, each written in place; otherwise as one stream. A dropped connection is
 * retried with backoff and resumed where it stopped (a ranged request from the bytes already
 * written), not restarted. A size limit protects the disk. Thread-safe; one instance can serve
 * many downloads.
 */
public final class HttpDownloader {
  private static final Logger log = LoggerFactory.getLogger(HttpDownloader.class);
  private static final int BUFFER = 64 * 1024;

  /** Receives progress; called often from download threads, must be quick. */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param downloaded bytes received so far
     * @param total expected size, or -1 when unknown
     */
    void progress(long downloaded, long total);
  }

  /**
   * Tuning.
   *
   * @param parallelParts ranges fetched at once for a large file
   * @param minParallelBytes files smaller than this are fetched as one stream
   * @param maxBytes larger files are refused
   * @param retries attempts after the first, per range
   * @param initialBackoff wait before the first retry; doubles each time, with jitter
   * @param connectTimeout connection timeout
   * @param readTimeout longest wait for response headers
   */
  public record Options(int parallelParts, long minParallelBytes, long maxBytes, int retries,
                        Duration initialBackoff, Duration connectTimeout, Duration readTimeout) {
    public Options {
      if (parallelParts < 1 || retries < 0 || maxBytes < 1 || minParallelBytes < 1) {
        throw new IllegalArgumentException("Invalid download options");
      }
    }

    public static Options defaults() {
      return new Options(4, 8L << 20, 8L << 30, 5, Duration.ofMillis(500), Duration.ofSeconds(20),
          Duration.ofSeconds(60));
    }

    public Options withMaxBytes(long max) {
      return new Options(parallelParts, minParallelBytes, max, retries, initialBackoff,
          connectTimeout, readTimeout);
    }

    public Options withMinParallelBytes(long min) {
      return new Options(parallelParts, min, maxBytes, retries, initialBackoff, connectTimeout,
          readTimeout);
    }

    public Options withBackoff(Duration backoff) {
      return new Options(parallelParts, minParallelBytes, maxBytes, retries, backoff,
          connectTimeout, readTimeout);
    }
  }

  private final Options options;
  private final HttpClient client;

  public HttpDownloader(Options options) {
    this.options = Objects.requireNonNull(options, "options");
    this.client = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(options.connectTimeout())
        .build();
  }

  public HttpDownloader() {
    this(Options.defaults());
  }

  /**
   * Downloads {@code url} to {@code target} (replaced if present). On failure the partial file
   * is deleted.
   *
   * @return the number of bytes written
   * @throws IOException with the URL's host and the reason (status, size limit, retries spent)
   * @throws InterruptedIOException when the calling thread is interrupted
   */
  public long download(URI url, Path target, Listener listener) throws IOException {
    if (!isHttp(url)) {
      throw new IOException("Only http(s) URLs can be downloaded, not " + redact(url));
    }
    Files.createDirectories(target.toAbsolutePath().getParent());
    try {
      Probe probe = probe(url);
      if (probe.size > options.maxBytes()) {
        throw new IOException(String.format(Locale.ROOT,
            "%s is %d MB, above the %d MB limit", redact(url), probe.size >> 20,
            options.maxBytes() >> 20));
      }
      try (FileChannel file = FileChannel.open(target, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        AtomicLong done = new AtomicLong();
        Listener counted = listener == null ? (d, t) -> { } : listener;
        if (probe.ranges && probe.size >= options.minParallelBytes() && options.parallelParts() > 1) {
          parallel(url, file, probe.size, done, counted);
        } else {
          fetchRange(url, file, 0, probe.size > 0 ? probe.size : -1, probe.ranges, done,
              probe.size, counted);
        }
        long written = done.get();
        if (probe.size > 0 && written != probe.size) {
          throw new IOException("Downloaded " + written + " of " + probe.size + " bytes from "
              + redact(url));
        }
        return written;
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(target);
      throw e;
    }
  }

  private record Probe(long size, boolean ranges) {}

  /** Asks for the first byte: the answer tells the size and whether ranges work. */
  private Probe probe(URI url) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(url)
        .timeout(options.readTimeout())
        .header("Range", "bytes=0-0")
        .GET()
        .build();
    HttpResponse<InputStream> response = send(request);
    int status = response.statusCode();
    try (InputStream body = response.body()) {
      if (status == 206) {
        body.readAllBytes(); // one byte
      }
      // else: the server ignored the range; closing drops the body unread
    }
    if (status == 206) {
      OptionalLong total = response.headers().firstValue("content-range")
          .map(v -> v.substring(v.indexOf('/') + 1).trim())
          .filter(v -> v.matches("\\d+"))
          .map(v -> OptionalLong.of(Long.parseLong(v)))
          .orElse(OptionalLong.empty());
      return new Probe(total.orElse(-1), total.isPresent());
    }
    if (status == 200) {
      return new Probe(response.headers().firstValueAsLong("content-length").orElse(-1), false);
    }
    throw new IOException("HTTP " + status + " from " + redact(url));
  }

  private void parallel(URI url, FileChannel file, long size, AtomicLong done, Listener listener)
      throws IOException {
    int parts = (int) Math.min(options.parallelParts(),
        Math.max(1, size / Math.max(1, options.minParallelBytes() / 2)));
    long chunk = (size + parts - 1) / parts;
    ExecutorService pool = Executors.newFixedThreadPool(parts, r -> {
      Thread t = new Thread(r, "slides-download");
      t.setDaemon(true);
      return t;
    });
    List<Future<Void>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < parts; i++) {
        long from = i * chunk;
        long length = Math.min(chunk, size - from);
        futures.add(pool.submit(() -> {
          fetchRange(url, file, from, length, true, done, size, listener);
          return null;
        }));
      }
      for (Future<Void> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof IOException io) {
            throw io;
          }
          throw new IOException(e.getCause());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Download interrupted");
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Writes {@code length} bytes from {@code from} ({@code -1}: to the end), resuming after a
   * dropped connection when ranges work, starting over when they do not.
   */
  private void fetchRange(URI url, FileChannel file, long from, long length, boolean ranges,
      AtomicLong done, long total, Listener listener) throws IOException {
    long got = 0;
    int attempt = 0;
    while (true) {
      try {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(options.readTimeout());
        boolean ranged = ranges && (from + got > 0 || length >= 0);
        if (ranged) {
          String end = length >= 0 ? Long.toString(from + length - 1) : "";
          builder.header("Range", "bytes=" + (from + got) + "-" + end);
        }
        HttpResponse<InputStream> response = send(builder.GET().build());
        int status = response.statusCode();
        if (status != (ranged ? 206 : 200)) {
          response.body().close();
          if (status >= 500 || status == 429) {
            throw new IOException("HTTP " + status + " from " + redact(url));
          }
          throw new Refused("HTTP " + status + " from " + redact(url));
        }
        try (InputStream body = response.body()) {
          byte[] buffer = new byte[BUFFER];
          int n;
          while ((n = body.read(buffer)) > 0) {
            if (Thread.currentThread().isInterrupted()) {
              throw new InterruptedIOException("Download interrupted");
            }
            if (length >= 0 && got + n > length) {
              n = (int) (length - got);
            }
            ByteBuffer slice = ByteBuffer.wrap(buffer, 0, n);
            long position = from + got;
            while (slice.hasRemaining()) {
              position += file.write(slice, position);
            }
            got += n;
            long all = done.addAndGet(n);
            if (all > options.maxBytes()) {
              throw new Refused(redact(url) + " exceeds the "
                  + (options.maxBytes() >> 20) + " MB download limit");
            }
            listener.progress(all, total);
            if (length >= 0 && got >= length) {
              break;
            }
          }
        }
        if (length >= 0 && got < length) {
          throw new IOException("Connection closed after " + got + " of " + length + " bytes");
        }
        return;
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        if (e instanceof Refused || attempt >= options.retries()) {
          throw attempt == 0 ? e
              : new IOException(e.getMessage() + " (gave up after " + (attempt + 1) + " attempts)", e);
        }
        if (!ranges && got > 0) {
          // No ranges: the only way is from the start again.
          done.addAndGet(-got);
          got = 0;
        }
        attempt++;
        log.info("Download of {} interrupted ({}); retry {} from byte {}", redact(url),
            e.getMessage(), attempt, from + got);
        sleep(backoff(attempt));
      }
    }
  }

  private HttpResponse<InputStream> send(HttpRequest request) throws IOException {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Download interrupted");
    }
  }

  private Duration backoff(int attempt) {
    long base = options.initialBackoff().toMillis() << Math.min(attempt - 1, 10);
    long jitter = base > 0 ? ThreadLocalRandom.current().nextLong(base / 2 + 1) : 0;
    return Duration.ofMillis(base + jitter);
  }

  private static void sleep(Duration d) throws InterruptedIOException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Download interrupted");
    }
  }

  /** True for {@code http:} and {@code https:} URLs, the only ones this downloader fetches. */
  public static boolean isHttp(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("http") || scheme.equals("https");
  }

  /** The URL without its query (signed URLs carry credentials there). */
  static String redact(URI url) {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "")
        + (url.getPath() == null ? "" : url.getPath());
  }

  /** The server refused (a 4xx answer) or the size limit was hit: trying again cannot help. */
  private static final class Refused extends IOException {
    Refused(String message) {
      super(message);
    }
  }
}
