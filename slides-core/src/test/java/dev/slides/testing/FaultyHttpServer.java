package dev.slides.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP/1.1 server over plain sockets that misbehaves on purpose, the way slow and
 * broken servers on the internet do: it stalls after some bytes, trickles, cuts connections,
 * redirects. Each answer closes its connection. It sees what a client does: the requests and
 * their ranges, and whether a client gave up a stalled connection ({@link #awaitClientGone}).
 */
public final class FaultyHttpServer implements AutoCloseable {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
  /** A logged request for a closed range. */
  private static final Pattern ASKED = Pattern.compile("GET (\\S+) bytes=(\\d+)-(\\d+)");

  /** How a path misbehaves. */
  public sealed interface Fault {}

  /** Answers properly. */
  public record Works() implements Fault {}

  /**
   * Sends the headers and {@code bytes} bytes of the body, then nothing until released; answers
   * no longer than that (a one-byte probe) go through.
   */
  public record StallAfter(long bytes) implements Fault {}

  /**
   * Answers properly, but while {@code when} holds (asked as each request comes) sends only the
   * headers, then nothing until released.
   */
  public record StallWhen(BooleanSupplier when) implements Fault {}

  /** Sends one byte every {@code every}. */
  public record Trickle(Duration every) implements Fault {}

  /** Cuts each of the first {@code times} answers after {@code bytes} bytes of the body. */
  public record DropAfter(long bytes, int times) implements Fault {}

  /** Answers 302 with this {@code Location}. */
  public record RedirectTo(String location) implements Fault {}

  private record Route(byte[] body, Fault fault, AtomicInteger drops) {}

  private final ServerSocket server;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "faulty-http");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private final Semaphore clientsGone = new Semaphore(0);
  private final Semaphore stalled = new Semaphore(0);
  /** Every request: {@code "GET /path"} plus {@code " bytes=..."} when it asked for a range. */
  public final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile boolean ranges = true;

  private FaultyHttpServer(String host) throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
    pool.execute(this::accept);
  }

  /** Listens on 127.0.0.1. */
  public static FaultyHttpServer start() throws IOException {
    return new FaultyHttpServer("127.0.0.1");
  }

  /** Listens on {@code host}, an address of this machine (127.0.0.2 is loopback too). */
  public static FaultyHttpServer start(String host) throws IOException {
    return new FaultyHttpServer(host);
  }

  public String url(String path) {
    return "http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort()
        + path;
  }

  public int port() {
    return server.getLocalPort();
  }

  public FaultyHttpServer serve(String path, byte[] body, Fault fault) {
    routes.put(path, new Route(body, fault, new AtomicInteger()));
    return this;
  }

  /**
   * Bytes clients asked for on {@code path}: the length of each range requested, the whole body
   * for a request without one (the answers send exactly that, unless a fault cuts them short).
   */
  public long bytesAskedFor(String path) {
    long total = 0;
    for (String r : requests) {
      Matcher m = ASKED.matcher(r);
      if (m.matches() && m.group(1).equals(path)) {
        total += Long.parseLong(m.group(3)) - Long.parseLong(m.group(2)) + 1;
      } else if (r.equals("GET " + path)) {
        total += routes.get(path).body().length;
      }
    }
    return total;
  }

  /** Stops announcing and honouring ranges. */
  public FaultyHttpServer withoutRanges() {
    ranges = false;
    return this;
  }

  /** Lets every stalled answer go on. */
  public void release() {
    released.countDown();
  }

  /** Waits until an answer has stalled (sent its first bytes and gone quiet). */
  public boolean awaitStalled(Duration timeout) throws InterruptedException {
    return stalled.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits until a client closed a stalled connection. */
  public boolean awaitClientGone(Duration timeout) throws InterruptedException {
    return clientsGone.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        pool.execute(() -> handle(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in,
          StandardCharsets.ISO_8859_1));
      String requestLine = reader.readLine();
      if (requestLine == null) {
        return;
      }
      String range = null;
      String line;
      while ((line = reader.readLine()) != null && !line.isEmpty()) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).equalsIgnoreCase("Range")) {
          range = line.substring(colon + 1).trim();
        }
      }
      String path = requestLine.split(" ")[1];
      requests.add("GET " + path + (range == null ? "" : " " + range));
      OutputStream out = socket.getOutputStream();
      Route route = routes.get(path);
      if (route == null) {
        head(out, "404 Not Found", "Content-Length: 0\r\n");
        return;
      }
      if (route.fault instanceof RedirectTo r) {
        head(out, "302 Found", "Location: " + r.location() + "\r\nContent-Length: 0\r\n");
        return;
      }
      byte[] all = route.body;
      int from = 0;
      int to = all.length - 1;
      StringBuilder headers = new StringBuilder("Content-Type: video/mp4\r\n");
      String status = "200 OK";
      Matcher m = range == null ? null : RANGE.matcher(range);
      if (ranges && m != null && m.matches()) {
        from = Integer.parseInt(m.group(1));
        if (!m.group(2).isEmpty()) {
          to = Math.min(to, Integer.parseInt(m.group(2)));
        }
        status = "206 Partial Content";
        headers.append("Content-Range: bytes ").append(from).append('-').append(to)
            .append('/').append(all.length).append("\r\n");
      }
      if (ranges) {
        headers.append("Accept-Ranges: bytes\r\n");
      }
      int length = to - from + 1;
      headers.append("Content-Length: ").append(length).append("\r\n");
      head(out, status, headers.toString());
      body(socket, out, route, all, from, length);
    } catch (IOException e) {
      // the client went away: nothing to answer
    }
  }

  private void body(Socket socket, OutputStream out, Route route, byte[] all, int from,
      int length) throws IOException {
    Fault fault = route.fault;
    if (fault instanceof StallAfter stall && stall.bytes() < length) {
      int first = (int) Math.min(stall.bytes(), length);
      out.write(all, from, first);
      out.flush();
      stalled.release();
      if (!waitForReleaseOrClose(socket)) {
        clientsGone.release();
        return;
      }
      out.write(all, from + first, length - first);
      out.flush();
    } else if (fault instanceof StallWhen stall && stall.when().getAsBoolean()) {
      stalled.release();
      if (!waitForReleaseOrClose(socket)) {
        clientsGone.release();
        return;
      }
      out.write(all, from, length);
      out.flush();
    } else if (fault instanceof Trickle trickle) {
      for (int i = 0; i < length; i++) {
        out.write(all[from + i]);
        out.flush();
        try {
          Thread.sleep(trickle.every().toMillis()); // the fault itself: a slow sender
        } catch (InterruptedException e) {
          return;
        }
      }
    } else if (fault instanceof DropAfter drop && route.drops.getAndIncrement() < drop.times()) {
      int first = (int) Math.min(drop.bytes(), length);
      out.write(all, from, first);
      out.flush();
      socket.setSoLinger(true, 0); // a reset, as when a connection breaks
    } else {
      out.write(all, from, length);
      out.flush();
    }
  }

  /** True when released; false when the client closed the connection first. */
  private boolean waitForReleaseOrClose(Socket socket) throws IOException {
    socket.setSoTimeout(20);
    InputStream in = socket.getInputStream();
    while (released.getCount() > 0) {
      try {
        if (in.read() < 0) {
          return false;
        }
      } catch (SocketTimeoutException e) {
        // still there: look again
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  private static void head(OutputStream out, String status, String headers) throws IOException {
    out.write(("HTTP/1.1 " + status + "\r\n" + headers + "Connection: close\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    released.countDown();
    server.close();
    pool.shutdownNow();
  }
}
