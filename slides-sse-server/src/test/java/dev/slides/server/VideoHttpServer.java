package dev.slides.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback file server standing in for YouTube's CDN: {@code GET /videos/{name}} with range
 * support, plus faults on demand: hold requests until released, or drop a connection halfway.
 */
final class VideoHttpServer implements AutoCloseable {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

  private final HttpServer server;
  private final Map<String, Path> files = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> arrivals = new ConcurrentHashMap<>();
  private final Map<String, Long> dropAfter = new ConcurrentHashMap<>();
  private final Map<String, Long> dropAlwaysAfter = new ConcurrentHashMap<>();
  final List<String> rangesSeen = new CopyOnWriteArrayList<>();
  volatile boolean rangesSupported = true;

  VideoHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "video-http");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/videos/", this::handle);
    server.start();
  }

  String template() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/videos/{id}.mp4";
  }

  String url(String name) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/videos/" + name;
  }

  VideoHttpServer serve(String name, Path file) {
    files.put(name, file);
    return this;
  }

  /** Requests for {@code name} wait until {@link #release}. */
  void hold(String name) {
    arrivals.put(name, new CountDownLatch(1));
    holds.put(name, new CountDownLatch(1));
  }

  /** Waits until a request for the held {@code name} has arrived and is being held. */
  void awaitHeld(String name, Duration timeout) throws InterruptedException {
    CountDownLatch arrived = arrivals.get(name);
    if (arrived == null || !arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("no request for " + name + " within " + timeout);
    }
  }

  void release(String name) {
    CountDownLatch latch = holds.remove(name);
    if (latch != null) {
      latch.countDown();
    }
  }

  /** The next body of {@code name} stops after {@code bytes} and the connection is cut. */
  void dropOnceAfter(String name, long bytes) {
    dropAfter.put(name, bytes);
  }

  /** Every body of {@code name} stops after {@code bytes} and the connection is cut. */
  void dropAlwaysAfter(String name, long bytes) {
    dropAlwaysAfter.put(name, bytes);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String name = exchange.getRequestURI().getPath().substring("/videos/".length());
    try {
      CountDownLatch hold = holds.get(name);
      if (hold != null) {
        arrivals.getOrDefault(name, new CountDownLatch(0)).countDown();
        hold.await(60, TimeUnit.SECONDS);
      }
      Path file = files.get(name);
      if (file == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] all = Files.readAllBytes(file);
      String range = exchange.getRequestHeaders().getFirst("Range");
      long from = 0;
      long to = all.length - 1;
      int status = 200;
      if (range != null && rangesSupported) {
        rangesSeen.add(range);
        Matcher m = RANGE.matcher(range);
        if (m.matches()) {
          from = Long.parseLong(m.group(1));
          if (!m.group(2).isEmpty()) {
            to = Math.min(to, Long.parseLong(m.group(2)));
          }
          status = 206;
          exchange.getResponseHeaders().add("Content-Range",
              "bytes " + from + "-" + to + "/" + all.length);
        }
      }
      if (rangesSupported) {
        exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
      }
      int length = (int) (to - from + 1);
      exchange.getResponseHeaders().add("Content-Type", "video/mp4");
      exchange.sendResponseHeaders(status, length);
      Long drop = length > 1 ? dropAfter.remove(name) : null;
      if (drop == null && length > 1) {
        drop = dropAlwaysAfter.get(name);
      }
      OutputStream out = exchange.getResponseBody();
      if (drop != null && drop < length) {
        out.write(all, (int) from, (int) (long) drop);
        out.flush();
        // Cut the connection mid-body: the client sees fewer bytes than announced.
        exchange.getHttpContext().getServer().getClass();
        throw new IOException("dropped on purpose");
      }
      out.write(all, (int) from, length);
      out.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    holds.values().forEach(CountDownLatch::countDown);
    server.stop(0);
  }
}
