package dev.slides.server;

import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (not a test): the delay between a tracker update and its arrival at SSE clients over
 * loopback, for 1 and 100 clients, against an in-process listener measured in the same run.
 *
 * <p>Run from the repository root (nothing is installed in {@code ~/.m2}, so the class path
 * comes from the reactor):
 *
 * <pre>
 * mvn -B -q -pl slides-sse-server -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
 * t=slides-sse-server/target
 * java -cp "$t/test-classes:$t/classes:$(cat $t/classpath.txt)" dev.slides.server.SseLatencyBenchmark
 * </pre>
 */
public final class SseLatencyBenchmark {
  private static final int UPDATES = 400;

  static final String USAGE = """
      Usage: SseLatencyBenchmark   (no arguments)
      Sends 400 tracker updates 2 ms apart, after as many unmeasured, to 1 and then 100 SSE
      clients over loopback, and prints p50, p99 and max of update -> client in microseconds
      beside the baseline: an in-process tracker listener in the same run. Results on standard
      output, log lines on standard error; figures in docs/BENCHMARKS.md, "SSE delivery
      latency".
      """;

  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      boolean help = args[0].equals("--help") || args[0].equals("-h");
      if (!help) {
        System.err.println("SseLatencyBenchmark takes no arguments, got " + args[0]);
      }
      (help ? System.out : System.err).print(USAGE);
      System.exit(help ? 0 : 2);
    }
    try (BenchmarkFolder dir = BenchmarkFolder.create("sse-bench");
        SlidesServer server = SlidesServer.start(ServerSettings.forTests(dir.path(), null))) {
      JobTracker tracker = server.service().tracker();
      System.out.println(machine());
      System.out.println("SSE delivery latency, tracker update -> client, loopback, "
          + UPDATES + " updates 2 ms apart, after as many unmeasured to warm up");
      // Unmeasured: the first updates of a JVM also pay for class loading and compiling the
      // server's stream path, which would otherwise land in the 1-client figures only.
      run(server, tracker, 1, false);
      for (int clients : new int[] {1, 100}) {
        run(server, tracker, clients, true);
      }
    }
  }

  private static void run(SlidesServer server, JobTracker tracker, int clients, boolean measured)
      throws Exception {
    String id = (measured ? "bench" : "warm-up") + clients;
    tracker.createIfAbsent(id, JobState.of(JobStatus.PENDING, "0"));
    List<Long> inProcess = Collections.synchronizedList(new ArrayList<>());
    tracker.addListener((job, state) -> {
      if (job.equals(id) && state.status() == JobStatus.EXTRACTING) {
        inProcess.add(System.nanoTime() - Long.parseLong(state.message()));
      }
    });
    List<Long> delays = Collections.synchronizedList(new ArrayList<>());
    HttpClient http = HttpClient.newBuilder().executor(java.util.concurrent.Executors
        .newCachedThreadPool(r -> {
          Thread t = new Thread(r);
          t.setDaemon(true);
          return t;
        })).build();
    CountDownLatch connected = new CountDownLatch(clients);
    CountDownLatch done = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      Thread reader = new Thread(() -> {
        boolean following = false;
        try {
          HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + server.port() + "/jobs/" + id + "/stream")).build(),
              HttpResponse.BodyHandlers.ofInputStream());
          try (BufferedReader r = new BufferedReader(
              new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
              if (!following && line.startsWith("data: ")) {
                // The job's state as the stream starts: from here on it hears every change.
                following = true;
                connected.countDown();
              }
              if (line.startsWith("data: ") && line.contains("\"extracting\"")) {
                long now = System.nanoTime();
                int at = line.indexOf("\"message\":\"") + 11;
                long sent = Long.parseLong(line.substring(at, line.indexOf('"', at)));
                delays.add(now - sent);
              }
            }
          }
        } catch (Exception e) {
          if (!following) {
            connected.countDown();
          }
        } finally {
          done.countDown();
        }
      });
      reader.setDaemon(true);
      reader.start();
    }
    connected.await(30, TimeUnit.SECONDS);
    for (int i = 0; i < UPDATES; i++) {
      long now = System.nanoTime();
      tracker.update(id, s -> s.withStatus(JobStatus.EXTRACTING, Long.toString(now)));
      Thread.sleep(2);
    }
    tracker.update(id, s -> s.withStatus(JobStatus.COMPLETED, Long.toString(System.nanoTime())));
    done.await(30, TimeUnit.SECONDS);
    if (measured) {
      report(clients + " client(s), SSE over HTTP", delays);
      report(clients + " client(s), in-process listener (baseline)", inProcess);
    }
  }

  private static void report(String label, List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      System.out.println(label + ": no samples");
      return;
    }
    System.out.printf(Locale.ROOT, "  %-44s n=%6d  p50=%8.1f us  p99=%8.1f us  max=%8.1f us%n",
        label, sorted.size(), sorted.get(sorted.size() / 2) / 1e3,
        sorted.get((int) (sorted.size() * 0.99)) / 1e3, sorted.get(sorted.size() - 1) / 1e3);
  }

  /**
   * What the figures were measured on: cores, memory, OS, JVM, the load (other sessions on a
   * shared machine move latencies by several times) and when.
   */
  static String machine() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    String memory = os instanceof com.sun.management.OperatingSystemMXBean hot
        ? String.format(Locale.ROOT, ", %.1f GiB", hot.getTotalMemorySize() / 1073741824.0) : "";
    return String.format(Locale.ROOT, "machine: %d cores%s, %s %s %s; %s %s; load average %.2f;"
            + " %s", Runtime.getRuntime().availableProcessors(), memory,
        System.getProperty("os.name"), System.getProperty("os.version"),
        System.getProperty("os.arch"), System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"), os.getSystemLoadAverage(),
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  private SseLatencyBenchmark() {}
}
