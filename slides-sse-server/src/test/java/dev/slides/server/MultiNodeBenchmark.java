package dev.slides.server;

import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import dev.slides.redis.RedisJobs;
import dev.slides.redis.testing.LocalRedis;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (not a test) of jobs in Redis, over loopback:
 *
 * <ol>
 *   <li>update → SSE client latency: a tracker update reaching a client of the same server in
 *       memory, against the same through Redis (written on node 1, read on nodes 1, 2 and 3,
 *       three servers in this JVM);
 *   <li>10 000 concurrent SSE streams spread over three {@code slides serve} processes (the
 *       shaded jar) sharing Redis: delivery latency of updates written by a fourth node, and each
 *       node's heap after a full GC with the streams open.
 * </ol>
 *
 * <p>Run from the repository root (needs {@code redis-server}; nothing is installed in
 * {@code ~/.m2}, so the class path comes from the reactor):
 *
 * <pre>
 * mvn -B -q -DskipTests package
 * mvn -B -q -pl slides-sse-server -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
 * t=slides-sse-server/target
 * java -Dslides.jar=$t/slides.jar -cp "$t/test-classes:$t/classes:$(cat $t/classpath.txt)" \
 *     dev.slides.server.MultiNodeBenchmark  # [streams], default 10000
 * </pre>
 *
 * Figures: docs/BENCHMARKS.md, "Jobs in Redis".
 */
public final class MultiNodeBenchmark {
  private static final int UPDATES = 300;
  /** Updates written to the many streams, 500 ms apart, before the final state. */
  private static final int STREAM_UPDATES = 20;

  static final String USAGE = "Usage: MultiNodeBenchmark [streams] (default 10000; needs"
      + " redis-server and -Dslides.jar=slides-sse-server/target/slides.jar)";

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(USAGE);
      return;
    }
    int streams;
    try {
      streams = streams(args, System.getProperty("slides.jar"));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.out.println(SseLatencyBenchmark.machine());
    LocalRedis started;
    try {
      started = LocalRedis.start();
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    }
    try (LocalRedis redis = started) {
      latency(redis);
      manyStreams(redis, streams);
    }
  }

  /**
   * The stream count from the command line; an {@link IllegalArgumentException} in plain words
   * for a mistake, or when the shaded jar the second part runs is not there: found out at the
   * start, not after the first part's minutes, as a failed assertion.
   *
   * @param jarProperty the {@code slides.jar} system property, null when not given
   */
  static int streams(String[] args, String jarProperty) {
    int streams = 10_000;
    if (args.length > 1) {
      throw new IllegalArgumentException("One argument at most, got " + args.length + "; "
          + USAGE);
    }
    if (args.length == 1) {
      try {
        streams = Integer.parseInt(args[0]);
      } catch (NumberFormatException e) {
        streams = 0;
      }
      if (streams < 1) {
        throw new IllegalArgumentException("streams must be a whole number of at least 1, got '"
            + args[0] + "'; " + USAGE);
      }
    }
    Path jar = Path.of(jarProperty != null ? jarProperty : "target/slides.jar").toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("No shaded jar at " + jar + ": build it with"
          + " mvn -B -q -DskipTests package and pass"
          + " -Dslides.jar=slides-sse-server/target/slides.jar");
    }
    return streams;
  }

  // ---- 1. latency ----

  private static void latency(LocalRedis redis) throws Exception {
    System.out.println("Update -> SSE client latency, loopback, " + UPDATES
        + " updates 2 ms apart, one client per server, after as many unmeasured");
    try (BenchmarkFolder dir = BenchmarkFolder.create("bench-latency")) {
      latency(redis, dir);
    }
  }

  private static void latency(LocalRedis redis, BenchmarkFolder dir) throws Exception {
    try (SlidesServer memory = SlidesServer.start(ServerSettings.forTests(dir.resolve("m"),
        null))) {
      JobTracker tracker = memory.service().tracker();
      // Unmeasured: the JVM's first updates also pay for class loading and compiling the
      // stream path, which would land in the in-memory baseline only (SseLatencyBenchmark's
      // 1-client median fell from 504 to 301 us once warm).
      tracker.createIfAbsent("warm-up", JobState.of(JobStatus.PENDING, "0"));
      measure(tracker, "warm-up", List.of(memory.port()));
      tracker.createIfAbsent("mem", JobState.of(JobStatus.PENDING, "0"));
      List<List<Long>> delays = measure(tracker, "mem", List.of(memory.port()));
      report("in memory, same server", delays.get(0));
    }
    List<SlidesServer> nodes = new ArrayList<>();
    try {
      for (int i = 1; i <= 3; i++) {
        nodes.add(SlidesServer.start(ServerSettings.forTests(dir.resolve("r"), null)
            .withRedis(redis.url(), "bench-" + i)));
      }
      JobTracker writer = nodes.get(0).service().tracker();
      writer.createIfAbsent("red", JobState.of(JobStatus.PENDING, "0"));
      List<List<Long>> delays = measure(writer, "red",
          nodes.stream().map(SlidesServer::port).toList());
      report("Redis, written and read on node 1", delays.get(0));
      List<Long> others = new ArrayList<>(delays.get(1));
      others.addAll(delays.get(2));
      report("Redis, written on 1, read on 2 and 3", others);
    } finally {
      nodes.forEach(SlidesServer::close);
    }
  }

  /** One client per port; each update carries its send time; the delays per client. */
  private static List<List<Long>> measure(JobTracker tracker, String id, List<Integer> ports)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    List<StreamReader> readers = new ArrayList<>();
    for (int port : ports) {
      StreamReader r = new StreamReader();
      readers.add(r);
      http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jobs/"
          + id + "/stream")).build(), HttpResponse.BodyHandlers.fromLineSubscriber(r));
    }
    for (StreamReader r : readers) {
      r.awaitFirst();
    }
    for (int i = 0; i < UPDATES; i++) {
      long now = System.nanoTime();
      tracker.update(id, s -> s.withStatus(JobStatus.EXTRACTING, Long.toString(now)));
      Thread.sleep(2);
    }
    tracker.update(id, s -> s.withStatus(JobStatus.COMPLETED, Long.toString(System.nanoTime())));
    List<List<Long>> all = new ArrayList<>();
    for (StreamReader r : readers) {
      r.awaitEnd(Duration.ofSeconds(30));
      all.add(new ArrayList<>(r.delays));
    }
    return all;
  }

  // ---- 2. many streams over three processes ----

  private static void manyStreams(LocalRedis redis, int count) throws Exception {
    System.out.println();
    System.out.println(count + " concurrent SSE streams over 3 `slides serve` processes sharing"
        + " Redis; " + STREAM_UPDATES + " updates written by a 4th node, 500 ms apart");
    try (BenchmarkFolder dir = BenchmarkFolder.create("bench-streams")) {
      manyStreams(redis, count, dir);
    }
  }

  private static void manyStreams(LocalRedis redis, int count, BenchmarkFolder dir)
      throws Exception {
    List<Process> processes = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    try (RedisJobs writer = RedisJobs.connect(redis.url(),
        RedisJobs.Options.builder().nodeId("writer").build())) {
      for (int i = 1; i <= 3; i++) {
        Path log = dir.resolve("node-" + i + ".log");
        ProcessBuilder node = ShadedJar.processBuilder(List.of("-Xmx1g"), "serve",
                "--insecure", "--host", "127.0.0.1")
            .redirectErrorStream(true).redirectOutput(log.toFile());
        node.environment().putAll(Map.of("PORT", "0",
            "SLIDES_DATA_DIR", dir.resolve("data").toString(),
            "SLIDES_REDIS_URL", redis.url(), "SLIDES_NODE_ID", "node-" + i));
        processes.add(node.start());
        ports.add(ServeProcessIT.awaitPort(log));
      }
      HttpClient probe = HttpClient.newHttpClient();
      for (int port : ports) {
        awaitReady(probe, port);
      }
      JobTracker tracker = writer.tracker();
      tracker.createIfAbsent("many", JobState.of(JobStatus.PENDING, "0"));
      List<Long> before = heaps(processes);

      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
      List<StreamReader> readers = new ArrayList<>();
      long opening = System.nanoTime();
      for (int i = 0; i < count; i++) {
        StreamReader r = new StreamReader();
        readers.add(r);
        int port = ports.get(i % ports.size());
        http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/jobs/many/stream")).build(), HttpResponse.BodyHandlers.fromLineSubscriber(r));
        if (i % 250 == 249) {
          for (int j = i - 249; j <= i; j++) {
            readers.get(j).awaitFirst(); // a few at a time: the accept backlog is finite
          }
        }
      }
      for (StreamReader r : readers) {
        r.awaitFirst();
      }
      System.out.printf(Locale.ROOT, "  %d streams open in %.1f s%n", count,
          (System.nanoTime() - opening) / 1e9);
      List<Long> open = heaps(processes);
      for (int i = 0; i < STREAM_UPDATES; i++) {
        long now = System.nanoTime();
        tracker.update("many", s -> s.withStatus(JobStatus.EXTRACTING, Long.toString(now)));
        Thread.sleep(500);
      }
      tracker.update("many", s -> s.withStatus(JobStatus.COMPLETED,
          Long.toString(System.nanoTime())));
      List<Long> delays = new ArrayList<>();
      for (StreamReader r : readers) {
        r.awaitEnd(Duration.ofSeconds(60));
        delays.addAll(r.delays);
      }
      report(count + " streams, update -> client", delays);
      System.out.println("  " + delivered(readers, STREAM_UPDATES));
      for (int i = 0; i < processes.size(); i++) {
        int node = i;
        System.out.printf(Locale.ROOT,
            "  node-%d heap after full GC: %.1f MB idle, %.1f MB with %d streams open%n", i + 1,
            before.get(i) / 1048576.0, open.get(i) / 1048576.0,
            java.util.stream.IntStream.range(0, count).filter(s -> s % ports.size() == node)
                .count());
      }
    } finally {
      for (Process p : processes) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static void awaitReady(HttpClient http, int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/healthz/ready")).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("node on port " + port + " never got ready");
  }

  /** Used heap of each process after a full GC, from {@code jcmd GC.heap_info}. */
  private static List<Long> heaps(List<Process> processes) throws Exception {
    List<Long> used = new ArrayList<>();
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    for (Process p : processes) {
      run(jcmd, Long.toString(p.pid()), "GC.run");
      String info = run(jcmd, Long.toString(p.pid()), "GC.heap_info");
      // "garbage-first heap   total 262144K, used 12345K [..."
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
      used.add(m.find() ? Long.parseLong(m.group(1)) * 1024 : -1);
    }
    return used;
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  private static void report(String label, List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      System.out.println("  " + label + ": no samples");
      return;
    }
    System.out.printf(Locale.ROOT, "  %-40s n=%7d  p50=%8.2f ms  p99=%8.2f ms  max=%8.2f ms%n",
        label, sorted.size(), sorted.get(sorted.size() / 2) / 1e6,
        sorted.get((int) (sorted.size() * 0.99)) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
  }

  /**
   * How many streams got the end, and how many of those got every one of {@code updates} too: a
   * stream that falls behind replaces a waiting update with the newer one, so the end alone does
   * not show that every update arrived.
   */
  static String delivered(List<StreamReader> readers, int updates) {
    long ended = readers.stream().filter(r -> r.completed).count();
    long complete = readers.stream().filter(r -> r.completed && r.delays.size() == updates)
        .count();
    return String.format(Locale.ROOT, "streams that got the end: %d of %d; of them, with every"
        + " one of the %d updates: %d", ended, readers.size(), updates, complete);
  }

  /** Reads one SSE stream without a thread of its own; notes each update's delay. */
  static final class StreamReader implements Flow.Subscriber<String> {
    final ConcurrentLinkedQueue<Long> delays = new ConcurrentLinkedQueue<>();
    final CountDownLatch first = new CountDownLatch(1);
    final CountDownLatch end = new CountDownLatch(1);

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (!line.startsWith("data: ")) {
        return;
      }
      long now = System.nanoTime();
      first.countDown();
      int at = line.indexOf("\"message\":\"") + 11;
      String message = line.substring(at, line.indexOf('"', at));
      if (line.contains("\"extracting\"")) {
        delays.add(now - Long.parseLong(message));
      }
      if (line.contains("\"completed\"")) {
        completed = true;
        end.countDown();
      }
    }

    /** Whether the final state came; the stream ending or failing also ends the wait. */
    volatile boolean completed;

    @Override
    public void onError(Throwable throwable) {
      first.countDown();
      end.countDown();
    }

    @Override
    public void onComplete() {
      first.countDown();
      end.countDown();
    }

    void awaitFirst() throws InterruptedException {
      if (!first.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("a stream never started");
      }
    }

    boolean awaitEnd(Duration timeout) throws InterruptedException {
      return end.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private MultiNodeBenchmark() {}
}
