package dev.slides.internal.download;

import dev.slides.internal.text.LoggedUrl;
import dev.slides.internal.text.Quantity;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a file over HTTP(S) (Apache HttpClient 5, classic I/O).
 *
 * <p>When the server announces the size and accepts ranges, a large file is fetched as several
 * ranges at once, each written in place; otherwise as one stream. A dropped or stalled
 * connection is retried with backoff and jitter, resumed where it stopped (a ranged request from
 * the bytes already written), not restarted; an attempt that brought bytes resets the count of
 * retries. A size limit protects the disk.
 *
 * <p>Nothing can hold a download forever: a connection that brings no byte for
 * {@linkplain Options#stallTimeout() the stall timeout}, or brings less than
 * {@link #MIN_BYTES_PER_SECOND} on average over that long (a trickle), is dropped, and the whole
 * download must end within {@linkplain Options#deadline() the deadline}. A trickle does not
 * count as progress for the retries. Interrupting the calling thread
 * aborts every request of the download at once (their sockets are closed, which ends blocked
 * reads) and returns within moments.
 *
 * <p>URLs a caller chose ({@link Origin#CALLER}) may only reach addresses the
 * {@linkplain Options#addresses() address filter} allows. The filter sits in the name
 * resolution the client connects with, so the address checked is the address connected to (no
 * window for DNS rebinding), for the first request and for every redirect. Refused addresses,
 * unknown hosts, refused connections and connect timeouts all give the same message, so that
 * errors do not map a private network; the details go to the log.
 *
 * <p>Thread-safe; one instance serves many downloads. {@link #close()} releases its
 * connections.
 */
public final class HttpDownloader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpDownloader.class);
  private static final int BUFFER = 64 * 1024;
  /**
   * Slowest average over a stall timeout that a connection may keep: 1 KB/s. No real video
   * server is this slow; a server that sends a byte now and then to dodge the stall timeout is.
   */
  static final long MIN_BYTES_PER_SECOND = 1024;
  private static final int MAX_REDIRECTS = 5;
  /** How long an aborted download may take to let go of its threads. */
  private static final long ABORT_GRACE_MILLIS = 2_000;

  /** Receives progress; called often from download threads, must be quick. */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param downloaded bytes received so far
     * @param total expected size, or -1 when unknown
     */
    void progress(long downloaded, long total);
  }

  /** Who chose a URL, which decides whether the address filter applies to it. */
  public enum Origin {
    /** A caller of the service: only addresses the filter allows. */
    CALLER,
    /** The operator's own configuration (a mirror's URL template): any address. */
    OPERATOR
  }

  /**
   * Tuning.
   *
   * @param parallelParts ranges fetched at once for a large file
   * @param minParallelBytes files smaller than this are fetched as one stream
   * @param maxBytes larger files are refused
   * @param retries attempts after the first, per range, counted since the last attempt that
   *     brought bytes
   * @param initialBackoff wait before the first retry; doubles each time, with jitter
   * @param connectTimeout longest wait for a connection
   * @param stallTimeout longest wait for the answer, and then for each next byte, and the
   *     span over which a connection must average {@link #MIN_BYTES_PER_SECOND} (default 30 s)
   * @param deadline longest time a whole download may take (default 1 hour)
   * @param addresses where URLs of {@link Origin#CALLER} may connect (default: public
   *     addresses only)
   */
  public record Options(int parallelParts, long minParallelBytes, long maxBytes, int retries,
                        Duration initialBackoff, Duration connectTimeout, Duration stallTimeout,
                        Duration deadline, AddressFilter addresses) {
    public Options {
      if (parallelParts < 1 || retries < 0 || maxBytes < 1 || minParallelBytes < 1) {
        throw new IllegalArgumentException("Invalid download options");
      }
      for (Duration d : List.of(connectTimeout, stallTimeout, deadline)) {
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("Download timeouts must be positive");
        }
      }
      Objects.requireNonNull(initialBackoff, "initialBackoff");
      Objects.requireNonNull(addresses, "addresses");
    }

    public static Options defaults() {
      return new Options(4, 8L << 20, 8L << 30, 5, Duration.ofMillis(500), Duration.ofSeconds(20),
          Duration.ofSeconds(30), Duration.ofHours(1), AddressFilter.publicOnly());
    }

    public Options withMaxBytes(long max) {
      return new Options(parallelParts, minParallelBytes, max, retries, initialBackoff,
          connectTimeout, stallTimeout, deadline, addresses);
    }

    public Options withMinParallelBytes(long min) {
      return new Options(parallelParts, min, maxBytes, retries, initialBackoff, connectTimeout,
          stallTimeout, deadline, addresses);
    }

    public Options withBackoff(Duration backoff) {
      return new Options(parallelParts, minParallelBytes, maxBytes, retries, backoff,
          connectTimeout, stallTimeout, deadline, addresses);
    }

    public Options withRetries(int retries) {
      return new Options(parallelParts, minParallelBytes, maxBytes, retries, initialBackoff,
          connectTimeout, stallTimeout, deadline, addresses);
    }

    public Options withStallTimeout(Duration stallTimeout) {
      return new Options(parallelParts, minParallelBytes, maxBytes, retries, initialBackoff,
          connectTimeout, stallTimeout, deadline, addresses);
    }

    public Options withDeadline(Duration deadline) {
      return new Options(parallelParts, minParallelBytes, maxBytes, retries, initialBackoff,
          connectTimeout, stallTimeout, deadline, addresses);
    }

    public Options withAddresses(AddressFilter addresses) {
      return new Options(parallelParts, minParallelBytes, maxBytes, retries, initialBackoff,
          connectTimeout, stallTimeout, deadline, addresses);
    }
  }

  private final Options options;
  private final CloseableHttpClient filtered;
  private final CloseableHttpClient unfiltered;

  public HttpDownloader(Options options) {
    this.options = Objects.requireNonNull(options, "options");
    this.filtered = client(options, new FilteringResolver(options.addresses()));
    this.unfiltered = client(options, SystemDefaultDnsResolver.INSTANCE);
  }

  public HttpDownloader() {
    this(Options.defaults());
  }

  private static CloseableHttpClient client(Options options, DnsResolver resolver) {
    Timeout stall = Timeout.of(options.stallTimeout());
    Timeout connect = Timeout.of(options.connectTimeout());
    return HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(resolver)
            .setMaxConnTotal(64)
            .setMaxConnPerRoute(16)
            .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(stall).build())
            .setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(connect)
                .setSocketTimeout(stall)
                .build())
            .build())
        .setDefaultRequestConfig(RequestConfig.custom()
            .setConnectionRequestTimeout(connect)
            .setResponseTimeout(stall)
            .setRedirectsEnabled(false)
            .build())
        // Redirects are followed here, hop by hop; retries too. Compression would make ranges
        // ranges of something else.
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableContentCompression()
        .disableCookieManagement()
        .disableAuthCaching()
        .setUserAgent("slides")
        .build();
  }

  /** Downloads a URL a caller chose: {@link #download(URI, Path, Listener, Origin)}. */
  public long download(URI url, Path target, Listener listener) throws IOException {
    return download(url, target, listener, Origin.CALLER);
  }

  /**
   * Downloads {@code url} to {@code target} (replaced if present). On failure the partial file
   * is deleted.
   *
   * @return the number of bytes written
   * @throws IOException with the URL (without its query) and what happened: the status, the
   *     size limit, "no data for 30 s", the deadline, or that the server could not be reached
   * @throws InterruptedIOException when the calling thread is interrupted; every request of the
   *     download is aborted first
   */
  public long download(URI url, Path target, Listener listener, Origin origin)
      throws IOException {
    if (!isHttp(url) || url.getHost() == null) {
      throw new IOException("Only http(s) URLs can be downloaded, not " + redact(url));
    }
    Files.createDirectories(target.toAbsolutePath().getParent());
    Transfer transfer = new Transfer(url, origin == Origin.OPERATOR ? unfiltered : filtered,
        listener == null ? (d, t) -> { } : listener);
    ExecutorService pool = Executors.newFixedThreadPool(options.parallelParts(), r -> {
      Thread t = new Thread(r, "slides-download");
      t.setDaemon(true);
      return t;
    });
    long deadline = System.nanoTime() + options.deadline().toNanos();
    boolean ok = false;
    try (FileChannel file = FileChannel.open(target, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      Callable<Probe> asking = transfer::probe;
      Probe probe = await(transfer, pool, List.of(asking), deadline).get(0);
      if (probe.size > options.maxBytes()) {
        throw new Refused(String.format(Locale.ROOT, "%s is %.1f MB, larger than the %s limit",
            redact(url), probe.size / 1048576.0, limit()));
      }
      List<Callable<Void>> parts = new ArrayList<>();
      if (probe.ranges && probe.size >= options.minParallelBytes()
          && options.parallelParts() > 1) {
        int count = (int) Math.min(options.parallelParts(),
            Math.max(1, probe.size / Math.max(1, options.minParallelBytes() / 2)));
        long chunk = (probe.size + count - 1) / count;
        for (int i = 0; i < count; i++) {
          long from = i * chunk;
          long length = Math.min(chunk, probe.size - from);
          parts.add(() -> transfer.fetchRange(file, from, length, true, probe.size));
        }
      } else {
        parts.add(() -> transfer.fetchRange(file, 0, probe.size > 0 ? probe.size : -1,
            probe.ranges, probe.size));
      }
      await(transfer, pool, parts, deadline);
      long written = transfer.done.get();
      if (probe.size > 0 && written != probe.size) {
        throw new IOException("Downloaded " + written + " of " + probe.size + " bytes from "
            + redact(url));
      }
      ok = true;
      return written;
    } finally {
      pool.shutdownNow();
      if (!ok) {
        try {
          // Nothing may write to the file once it is deleted.
          pool.awaitTermination(ABORT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(target);
      }
    }
  }

  /**
   * Runs {@code tasks} on the pool and waits for all of them, on the calling thread, where an
   * interrupt or the deadline can still be noticed while the workers are blocked in reads.
   */
  private <T> List<T> await(Transfer transfer, ExecutorService pool, List<Callable<T>> tasks,
      long deadline) throws IOException {
    ExecutorCompletionService<T> completion = new ExecutorCompletionService<>(pool);
    for (Callable<T> task : tasks) {
      completion.submit(task);
    }
    List<T> results = new ArrayList<>();
    try {
      for (int i = 0; i < tasks.size(); i++) {
        Future<T> f = completion.poll(Math.max(0, deadline - System.nanoTime()),
            TimeUnit.NANOSECONDS);
        if (f == null) {
          throw new TimeoutException();
        }
        results.add(f.get());
      }
      return results;
    } catch (InterruptedException e) {
      transfer.abort();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Download of " + redact(transfer.url) + " cancelled");
    } catch (TimeoutException e) {
      transfer.abort();
      throw new IOException("Download of " + redact(transfer.url) + " did not finish within "
          + Quantity.seconds(options.deadline()));
    } catch (ExecutionException e) {
      transfer.abort(); // the other parts cannot help any more
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(cause);
    }
  }

  /** The size limit in words: "8192 MB", or bytes when it is not a whole number of MB. */
  private String limit() {
    long max = options.maxBytes();
    return max % (1 << 20) == 0 ? (max >> 20) + " MB" : max + " bytes";
  }

  private record Probe(long size, boolean ranges) {}

  /** Where the bytes of a range go: {@code slice} holds the bytes from {@code position}. */
  @FunctionalInterface
  private interface Sink {
    void write(ByteBuffer slice, long position) throws IOException;
  }

  /**
   * Opens {@code url} for reading parts of it on demand (ranged requests), for a reader that
   * needs only some of a large file (frames of a video it seeks). The same address filter,
   * timeouts, retries and size limit as downloads apply; the limit counts every byte fetched.
   *
   * @throws IOException when the server cannot be reached, answers with an error, does not
   *     tell the size or does not serve ranges (the message says which, with the URL)
   */
  public RemoteFile open(URI url, Origin origin) throws IOException {
    if (!isHttp(url) || url.getHost() == null) {
      throw new IOException("Only http(s) URLs can be read, not " + redact(url));
    }
    Transfer transfer = new Transfer(url, origin == Origin.OPERATOR ? unfiltered : filtered,
        (d, t) -> { });
    // Requests run on a thread of their own while the caller waits, as downloads do: an
    // interrupt of the caller (a cancel) then aborts a request blocked in a read at once.
    AtomicReference<Thread> readerThread = new AtomicReference<>();
    ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "slides-range-read");
      t.setDaemon(true);
      readerThread.set(t);
      return t;
    });
    boolean ok = false;
    try {
      Callable<Probe> asking = transfer::probe;
      Probe probe = await(transfer, reader, List.of(asking),
          System.nanoTime() + options.deadline().toNanos()).get(0);
      if (!probe.ranges || probe.size <= 0) {
        throw new IOException(redact(url) + " cannot be read in parts (the server does not"
            + " serve byte ranges)");
      }
      ok = true;
      // The file's size is not limited: nothing of it is stored but what is read.
      return new RemoteFile(transfer, reader, readerThread, probe.size);
    } finally {
      if (!ok) {
        stop(reader, readerThread);
      }
    }
  }

  /**
   * Stops a reader thread and waits a little for it to end (it lets go of an aborted request
   * at once), so that no thread of a closed file is left running. It waits even when the
   * caller was interrupted, as a cancelled job's thread is when it closes the file; the
   * interrupt is kept for the caller.
   */
  private static void stop(ExecutorService reader, AtomicReference<Thread> thread) {
    reader.shutdownNow();
    Thread t = thread.get();
    if (t == null) {
      return;
    }
    boolean interrupted = Thread.interrupted();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ABORT_GRACE_MILLIS);
    try {
      for (long left = ABORT_GRACE_MILLIS; t.isAlive() && left > 0;
           left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
        try {
          t.join(left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * A file on an HTTP server read in parts, one ranged request per {@link #read}. One thread at
   * a time; interrupting it, or {@link #close()}, aborts a read in progress.
   */
  public final class RemoteFile implements AutoCloseable {
    private final Transfer transfer;
    private final ExecutorService reader;
    private final AtomicReference<Thread> readerThread;
    private final long size;

    private RemoteFile(Transfer transfer, ExecutorService reader,
        AtomicReference<Thread> readerThread, long size) {
      this.transfer = transfer;
      this.reader = reader;
      this.readerThread = readerThread;
      this.size = size;
    }

    /** The file's size in bytes. */
    public long size() {
      return size;
    }

    /** Bytes fetched so far by {@link #read} (not the one byte that asked for the size). */
    public long bytesFetched() {
      return transfer.done.get();
    }

    /** The URL without its query, for messages. */
    public String name() {
      return redact(transfer.url);
    }

    /**
     * The {@code length} bytes from {@code from} (fewer at the end of the file), with one
     * ranged request, retried and resumed as downloads are.
     *
     * @throws InterruptedIOException when the calling thread is interrupted; the request is
     *     aborted first, and so is every later read
     */
    public byte[] read(long from, int length) throws IOException {
      if (from < 0 || from >= size || length <= 0) {
        throw new IllegalArgumentException("Range " + from + "+" + length + " outside 0-" + size);
      }
      int n = (int) Math.min(length, size - from);
      byte[] bytes = new byte[n];
      Callable<Void> fetch = () -> transfer.fetchRange((slice, position) -> slice.get(bytes,
          (int) (position - from), slice.remaining()), from, n, true, size);
      await(transfer, reader, List.of(fetch), System.nanoTime() + options.deadline().toNanos());
      return bytes;
    }

    /** Aborts a read in progress and stops the thread that reads. */
    @Override
    public void close() {
      transfer.abort();
      stop(reader, readerThread);
    }
  }

  /** One download: its URL, its client, and every request in flight, to abort them at once. */
  private final class Transfer {
    final URI url;
    final CloseableHttpClient client;
    final Listener listener;
    final AtomicLong done = new AtomicLong();
    final Set<HttpGet> inFlight = ConcurrentHashMap.newKeySet();
    volatile boolean aborted;

    Transfer(URI url, CloseableHttpClient client, Listener listener) {
      this.url = url;
      this.client = client;
      this.listener = listener;
    }

    /** Closes every request's connection: blocked reads end with an exception at once. */
    void abort() {
      aborted = true;
      for (HttpGet request : inFlight) {
        request.cancel();
      }
    }

    /** Asks for the first byte: the answer tells the size and whether ranges work. */
    Probe probe() throws IOException {
      int attempt = 0;
      while (true) {
        boolean reading = false;
        try (Answer answer = open("bytes=0-0")) {
          int status = answer.response.getCode();
          reading = true;
          if (status == 206) {
            drain(answer);
            OptionalLong total = header(answer, "Content-Range")
                .map(v -> v.substring(v.indexOf('/') + 1).trim())
                .filter(v -> v.matches("\\d+"))
                .map(v -> OptionalLong.of(Long.parseLong(v)))
                .orElse(OptionalLong.empty());
            return new Probe(total.orElse(-1), total.isPresent());
          }
          if (status == 200) {
            // The server ignored the range and sends the whole video: abandon the connection,
            // as closing the answer alone would read that body to its end before letting go.
            answer.abandon();
            long length = header(answer, "Content-Length").filter(v -> v.matches("\\d+"))
                .map(Long::parseLong).orElse(-1L);
            return new Probe(length, false);
          }
          throw statusError(status);
        } catch (IOException e) {
          IOException reason = explain(e, reading);
          if (!retryable(reason) || attempt >= options.retries()) {
            throw gaveUp(reason, attempt);
          }
          attempt++;
          pause(reason, attempt, 0);
        }
      }
    }

    /**
     * Writes {@code length} bytes from {@code from} ({@code -1}: to the end), resuming after a
     * dropped connection when ranges work, starting over when they do not.
     */
    Void fetchRange(FileChannel file, long from, long length, boolean ranges, long total)
        throws IOException {
      return fetchRange((slice, position) -> {
        while (slice.hasRemaining()) {
          position += file.write(slice, position);
        }
      }, from, length, ranges, total);
    }

    /** {@link #fetchRange(FileChannel, long, long, boolean, long)} into any sink. */
    Void fetchRange(Sink sink, long from, long length, boolean ranges, long total)
        throws IOException {
      long got = 0;
      int attempt = 0;
      while (true) {
        long gotBefore = got;
        boolean reading = false;
        boolean ranged = ranges && (from + got > 0 || length >= 0);
        String range = ranged
            ? "bytes=" + (from + got) + "-" + (length >= 0 ? Long.toString(from + length - 1) : "")
            : null;
        try (Answer answer = open(range)) {
          int status = answer.response.getCode();
          if (status != (ranged ? 206 : 200)) {
            throw statusError(status);
          }
          HttpEntity entity = answer.response.getEntity();
          if (entity == null) {
            throw new IOException("Empty answer from " + redact(url));
          }
          reading = true;
          InputStream body = entity.getContent();
          try {
            byte[] buffer = new byte[BUFFER];
            long window = options.stallTimeout().toNanos();
            long windowStart = System.nanoTime();
            long windowBytes = 0;
            int n;
            while ((n = body.read(buffer)) > 0) {
              if (aborted) {
                throw new InterruptedIOException("Download aborted");
              }
              windowBytes += n;
              long now = System.nanoTime();
              if (window > 0 && now - windowStart >= window) {
                if (windowBytes * 1_000_000_000L < MIN_BYTES_PER_SECOND * (now - windowStart)) {
                  throw new Trickle("Slower than " + MIN_BYTES_PER_SECOND / 1024 + " KB/s for "
                      + Quantity.seconds(options.stallTimeout()) + " from " + redact(url));
                }
                windowStart = now;
                windowBytes = 0;
              }
              if (length >= 0 && got + n > length) {
                n = (int) (length - got);
              }
              sink.write(ByteBuffer.wrap(buffer, 0, n), from + got);
              got += n;
              long all = done.addAndGet(n);
              if (all > options.maxBytes()) {
                throw new Refused(redact(url) + " is larger than the " + limit()
                    + " download limit");
              }
              listener.progress(all, total);
              if (length >= 0 && got >= length) {
                break;
              }
            }
          } catch (IOException | RuntimeException e) {
            // Closing the body reads the rest of it, to keep the connection: drop the
            // connection instead, whatever is left (a trickle, a file past the size limit).
            answer.abandon();
            throw e;
          }
          body.close();
          if (length >= 0 && got < length) {
            throw new Cut("Connection to " + redact(url) + " closed after " + got
                + " of " + length + " bytes");
          }
          return null;
        } catch (IOException e) {
          IOException reason = explain(e, reading);
          if (got > gotBefore && ranges && !(reason instanceof Trickle)) {
            attempt = 0; // it moved: the retries start again
          }
          if (!retryable(reason) || attempt >= options.retries()) {
            throw gaveUp(reason, attempt);
          }
          if (!ranges && got > 0) {
            // No ranges: the only way is from the start again.
            done.addAndGet(-got);
            got = 0;
          }
          attempt++;
          pause(reason, attempt, from + got);
        }
      }
    }

    /** Sends a GET (with {@code range} unless null), following redirects hop by hop. */
    private Answer open(String range) throws IOException {
      URI current = url;
      for (int hop = 0; ; hop++) {
        if (current.getRawUserInfo() != null) {
          // HttpClient refuses these itself, with an exception that reads like a cut
          // connection and would be retried: say what is wrong, once.
          throw new Refused("URLs with a user name or password are not supported: "
              + redact(current));
        }
        if (current.getPort() > 65535) {
          // java.net.URI takes any number; HttpClient throws an unchecked exception for it.
          throw new Refused("Not a valid URL: port " + current.getPort()
              + " is out of range (1-65535): " + redact(current));
        }
        HttpGet request = new HttpGet(current);
        if (range != null) {
          request.setHeader("Range", range);
        }
        inFlight.add(request);
        if (aborted) {
          request.cancel(); // abort() may have run before the request was registered
        }
        ClassicHttpResponse response;
        try {
          response = client.executeOpen(null, request, null);
        } catch (IOException | RuntimeException e) {
          inFlight.remove(request);
          throw e;
        }
        Answer answer = new Answer(request, response);
        int status = response.getCode();
        if (status < 300 || status >= 400 || status == 304 || status == 305) {
          return answer;
        }
        Optional<String> location = header(answer, "Location");
        answer.close();
        if (location.isEmpty()) {
          throw new Refused("HTTP " + status + " without a Location from " + redact(url));
        }
        if (hop >= MAX_REDIRECTS) {
          throw new Refused("Too many redirects from " + redact(url));
        }
        URI next;
        try {
          next = current.resolve(location.get().strip());
        } catch (IllegalArgumentException e) {
          throw new Refused("Invalid redirect from " + redact(url));
        }
        if (!isHttp(next) || next.getHost() == null) {
          throw new Refused("Redirect to a URL that is not http(s) from " + redact(url));
        }
        log.debug("{} redirects to {}", redact(current), redact(next));
        current = next;
      }
    }

    private void drain(Answer answer) throws IOException {
      HttpEntity entity = answer.response.getEntity();
      if (entity != null) {
        try (InputStream in = entity.getContent()) {
          in.readAllBytes(); // one byte
        }
      }
    }

    private IOException statusError(int status) {
      String message = "HTTP " + status + " from " + redact(url);
      return status >= 500 || status == 429 ? new IOException(message) : new Refused(message);
    }

    /**
     * Turns what went wrong into what a user reads: what happened, not how the library said
     * it. Failures to connect all read the same, whatever their cause.
     */
    private IOException explain(IOException e, boolean reading) {
      if (aborted) {
        return new Aborted();
      }
      if (e instanceof Refused) {
        return e;
      }
      if (e instanceof SocketTimeoutException
          && !(e instanceof org.apache.hc.client5.http.ConnectTimeoutException)) {
        return new IOException((reading ? "No data for " : "No answer for ")
            + Quantity.seconds(options.stallTimeout()) + " from " + redact(url), e);
      }
      if (isConnectFailure(e)) {
        log.info("Cannot connect for {}: {}", redact(url), e.toString());
        // Retrying a refused address or an unknown host cannot help.
        return new Unreachable(url,
            !(e instanceof RefusedAddress || e instanceof UnknownHostException));
      }
      if (e instanceof Cut || e instanceof Trickle) {
        return e;
      }
      log.info("Download of {} broke: {}", redact(url), e.toString());
      return new IOException("Connection to " + redact(url) + " was cut", e);
    }

    private IOException gaveUp(IOException reason, int attempt) {
      if (reason instanceof Aborted || reason instanceof Unreachable || attempt == 0) {
        return reason;
      }
      IOException e = new IOException(reason.getMessage() + " (gave up after " + (attempt + 1)
          + " attempts)", reason);
      return reason instanceof Refused ? new Refused(e.getMessage()) : e;
    }

    private void pause(IOException reason, int attempt, long position) throws IOException {
      log.info("Download of {}: {}; retry {} from byte {}", redact(url), reason.getMessage(),
          attempt, position);
      try {
        Thread.sleep(backoff(attempt).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Aborted();
      }
      if (aborted) {
        throw new Aborted();
      }
    }

    /** An open answer; closing it releases (or, unread, drops) its connection. */
    private final class Answer implements AutoCloseable {
      final HttpGet request;
      final ClassicHttpResponse response;

      private boolean abandoned;

      Answer(HttpGet request, ClassicHttpResponse response) {
        this.request = request;
        this.response = response;
      }

      /** Closes the connection with the rest of the body unread. */
      void abandon() {
        abandoned = true;
        request.cancel();
      }

      @Override
      public void close() throws IOException {
        try {
          response.close();
        } catch (IOException e) {
          if (!abandoned) {
            throw e;
          }
          // the connection was cut on purpose: nothing of this answer is wanted any more
        } finally {
          inFlight.remove(request);
        }
      }
    }

    private Optional<String> header(Answer answer, String name) {
      Header h = answer.response.getFirstHeader(name);
      return h == null ? Optional.empty() : Optional.of(h.getValue());
    }
  }

  private static boolean isConnectFailure(IOException e) {
    return e instanceof RefusedAddress
        || e instanceof UnknownHostException
        || e instanceof java.net.ConnectException
        || e instanceof java.net.NoRouteToHostException
        || e instanceof org.apache.hc.client5.http.ConnectTimeoutException;
  }

  private static boolean retryable(IOException e) {
    if (e instanceof Unreachable u) {
      return u.retryable;
    }
    return !(e instanceof Refused) && !(e instanceof Aborted);
  }

  private Duration backoff(int attempt) {
    long base = options.initialBackoff().toMillis() << Math.min(attempt - 1, 10);
    long jitter = base > 0 ? ThreadLocalRandom.current().nextLong(base / 2 + 1) : 0;
    return Duration.ofMillis(base + jitter);
  }

  /** True for {@code http:} and {@code https:} URLs, the only ones this downloader fetches. */
  public static boolean isHttp(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("http") || scheme.equals("https");
  }

  /** The URL as messages and the log name it ({@link LoggedUrl}: no credentials, no query). */
  static String redact(URI url) {
    return LoggedUrl.of(url);
  }

  /** Releases the connections. Downloads still running fail. */
  @Override
  public void close() {
    try {
      filtered.close();
      unfiltered.close();
    } catch (IOException e) {
      log.debug("Closing the download clients", e);
    }
  }

  /** Name resolution that keeps only the addresses the filter allows. */
  private static final class FilteringResolver implements DnsResolver {
    private final AddressFilter filter;

    FilteringResolver(AddressFilter filter) {
      this.filter = filter;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      InetAddress[] all = SystemDefaultDnsResolver.INSTANCE.resolve(host);
      InetAddress[] allowed = Arrays.stream(all).filter(filter::allows)
          .toArray(InetAddress[]::new);
      if (allowed.length == 0) {
        throw new RefusedAddress(host, all);
      }
      return allowed;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
      return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }
  }

  /** Every address of a host is one the filter refuses. Only the log sees which. */
  private static final class RefusedAddress extends UnknownHostException {
    RefusedAddress(String host, InetAddress[] addresses) {
      super(host + " resolves only to refused addresses " + Arrays.toString(addresses));
    }
  }

  /** The server ended an answer early. */
  private static final class Cut extends IOException {
    Cut(String message) {
      super(message);
    }
  }

  /** The server sends, but too slowly to ever finish: worth another try, not a reset count. */
  private static final class Trickle extends IOException {
    Trickle(String message) {
      super(message);
    }
  }

  /** The server refused (a 4xx answer) or the size limit was hit: trying again cannot help. */
  private static final class Refused extends IOException {
    Refused(String message) {
      super(message);
    }
  }

  /**
   * The server could not be reached. One message for every cause (refused address, unknown
   * host, refused connection, timeout), with no count of attempts, so that answers do not tell
   * a caller which addresses and ports exist.
   */
  private static final class Unreachable extends IOException {
    final boolean retryable;

    Unreachable(URI url, boolean retryable) {
      super("Could not connect to " + redact(url));
      this.retryable = retryable;
    }
  }

  /** The download was aborted (cancelled, deadline, a sibling part failed): stop quietly. */
  private static final class Aborted extends InterruptedIOException {
    Aborted() {
      super("Download aborted");
    }
  }
}
