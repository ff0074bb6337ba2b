package dev.slides.bench;

import dev.slides.testing.FaultyHttpServer;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Soak run of one {@code slides serve} process (the shaded jar, {@code -Xmx256m}): batches of
 * jobs of every kind through the same server, and after each batch, once a full GC has run, what
 * the process holds: live threads, open file descriptors (and what they point at), heap used,
 * resident memory, files left in the data directory and the JVM's temporary directory, and the
 * jobs the server keeps. At the end it waits out the finished-job retention and measures once
 * more. A resource that grows with the batches and does not come back is a leak.
 *
 * <p>Each batch: 6 small videos by URL (two of them with an event stream that disconnects after
 * its first event, one with an event stream that never reads), 2 uploads, a cancel while
 * downloading and one while extracting, a non-video by URL and one uploaded, a 404, a
 * connection dropped again and again, a stalled download, an upload dropped halfway, two
 * finished ids submitted again, the five exports of a finished job, and every page of
 * {@code GET /jobs}.
 *
 * <pre>
 * mvn -B -q install -DskipTests -Dmaven.javadoc.skip=true
 * nice java -cp slides-bench/target/benchmarks.jar dev.slides.bench.SoakBenchmark \
 *     [--batches N] [--jar slides-sse-server/target/slides.jar] [--retention-seconds S] \
 *     [--dir slides-bench/target/soak]
 * </pre>
 */
public final class SoakBenchmark {
  private SoakBenchmark() {}

  /** The command line: its options, checked by {@link #arguments} before the server starts. */
  @Command(name = "SoakBenchmark", sortOptions = false, sortSynopsis = false,
      description = {"Runs one `slides serve` process (java -Xmx256m -jar PATH serve) through N"
          + " batches of about 15 jobs each, measuring after each batch and once more after the"
          + " finished-job retention has passed."})
  static final class Cli implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--batches", paramLabel = "N",
        description = "batches of about 15 jobs (default 20)")
    int batches = 20;

    @Option(names = "--jar", paramLabel = "PATH",
        description = "the shaded server jar (default slides-sse-server/target/slides.jar)")
    Path jar = Path.of("slides-sse-server", "target", "slides.jar");

    @Option(names = "--retention-seconds", paramLabel = "S",
        description = "SLIDES_FINISHED_JOB_RETENTION_HOURS given in seconds (default 60)")
    int retentionSeconds = 60;

    @Option(names = "--dir", paramLabel = "DIR", description = "its videos, data directory and"
        + " server log, emptied first (default slides-bench/target/soak)")
    Path dir = Path.of("slides-bench", "target", "soak");

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;

    /** The arguments; plain words for a mistake. */
    Arguments arguments() {
      for (var option : List.of(Map.entry("--batches", batches),
          Map.entry("--retention-seconds", retentionSeconds))) {
        if (option.getValue() < 1) {
          throw BenchCommandLine.wrong(spec, option.getKey() + " must be a whole number of at"
              + " least 1, got " + option.getValue());
        }
      }
      return new Arguments(batches, jar, retentionSeconds, dir);
    }

    @Override
    public Integer call() throws Exception {
      Arguments parsed = arguments();
      if (!Files.isRegularFile(parsed.jar())) {
        throw BenchCommandLine.wrong(spec, "No shaded jar at " + parsed.jar().toAbsolutePath()
            + ": build it with mvn -B -q install -DskipTests, or pass --jar");
      }
      System.out.println(RunEnvironment.describe());
      new SoakBenchmark().run(parsed);
      return 0;
    }
  }

  private static final String PASSWORD = "soak";
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

  /** The parsed command line. */
  record Arguments(int batches, Path jar, int retentionSeconds, Path dir) {}

  /** The command line {@link #main} runs, for tests. */
  static CommandLine commandLine() {
    return BenchCommandLine.of(new Cli());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();
  private String base;
  private Path data;
  private Path tmp;
  private Process server;
  private final Map<String, Integer> outcomes = new TreeMap<>();
  private int jobs;
  private long started;
  /** The server's interval between looks for finished jobs to forget, and a second. */
  private static final long FORGET_EVERY = TimeUnit.MINUTES.toNanos(10) + 1_000_000_000L;

  private void run(Arguments a) throws Exception {
    Path dir = a.dir().toAbsolutePath();
    deleteTree(dir);
    data = Files.createDirectories(dir.resolve("data"));
    tmp = Files.createDirectories(dir.resolve("tmp"));
    Path video = LectureVideo.builder(480, 270, 10)
        .slide(Slides.bullets(480, 270, 1, "Soak one", 3), 2.5)
        .crossfade(0.5)
        .slide(Slides.bullets(480, 270, 2, "Soak two", 2), 3)
        .write(dir.resolve("ok.mp4"));
    LectureVideo.Builder longer = LectureVideo.builder(480, 270, 10).motion(2);
    for (int i = 0; i < 6; i++) {
      longer.slide(Slides.bullets(480, 270, 10 + i, "Long " + i, 3), 3).motion(2);
    }
    Path longVideo = longer.write(dir.resolve("long.mp4"));
    byte[] junk = "this is not a video\n".repeat(4000).getBytes(StandardCharsets.UTF_8);
    byte[] ok = Files.readAllBytes(video);
    System.out.printf(Locale.ROOT, "videos: %s %.0f KB (5.5 s 480x270), %s %.0f KB (%.0f s)%n",
        video.getFileName(), ok.length / 1e3, longVideo.getFileName(),
        Files.size(longVideo) / 1e3, longer.durationSeconds());

    try (FaultyHttpServer cdn = FaultyHttpServer.start()) {
      cdn.serve("/ok.mp4", ok, new FaultyHttpServer.Works())
          .serve("/long.mp4", Files.readAllBytes(longVideo), new FaultyHttpServer.Works())
          .serve("/junk.mp4", junk, new FaultyHttpServer.Works())
          .serve("/held.mp4", ok, new FaultyHttpServer.StallAfter(1000))
          .serve("/stall.mp4", ok, new FaultyHttpServer.StallAfter(1000))
          .serve("/drop.mp4", ok, new FaultyHttpServer.DropAfter(2000, Integer.MAX_VALUE));
      start(a, dir);
      try {
        List<Map.Entry<String, Snapshot>> rows = new ArrayList<>();
        rows.add(Map.entry("baseline", measure()));
        print(rows);
        long t0 = System.nanoTime();
        for (int b = 1; b <= a.batches(); b++) {
          batch(b, cdn, ok, junk);
          rows.add(Map.entry("batch " + b + " (" + jobs + " jobs)", measure()));
          printLast(rows);
        }
        System.out.printf(Locale.ROOT, "%d jobs in %.0f s; outcomes: %s%n", jobs,
            (System.nanoTime() - t0) / 1e9, outcomes);
        // The server looks for finished jobs to forget at most every 10 minutes, after a job
        // ends: wait until the retention has passed and that long since the start, then let
        // jobs end, one every few seconds, until it has forgotten the finished ones.
        long forgetAt = Math.max(System.nanoTime()
            + TimeUnit.SECONDS.toNanos(a.retentionSeconds() + 1), started + FORGET_EVERY);
        System.out.printf(Locale.ROOT, "waiting %.0f s for the retention and the server's"
            + " 10-minute look for finished jobs, then one more job at a time%n",
            Math.max(0, forgetAt - System.nanoTime()) / 1e9);
        while (System.nanoTime() < forgetAt) {
          Thread.sleep(1000);
        }
        int last = 0;
        while (last < 30 && (last == 0 || jobsKnown() > last)) {
          String id = "last-" + ++last;
          post(cdn.url("/ok.mp4"), id);
          awaitEnd(id);
          Thread.sleep(5000);
        }
        rows.add(Map.entry("forgotten (" + jobs + " jobs)", measure()));
        printLast(rows);
        System.out.println();
        System.out.println("thread names (digits folded), baseline -> end:");
        diff(rows.get(0).getValue().threadNames, rows.get(rows.size() - 1).getValue()
            .threadNames);
        System.out.println("open descriptors by kind, baseline -> end:");
        diff(rows.get(0).getValue().fdKinds, rows.get(rows.size() - 1).getValue().fdKinds);
        System.out.println("instances after a full GC (server, HTTP, concurrency classes),"
            + " after batch 1 -> end, where they differ:");
        diff(rows.get(1).getValue().classes, rows.get(rows.size() - 1).getValue().classes);
      } finally {
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      }
    }
  }

  private void start(Arguments a, Path dir) throws Exception {
    Path log = dir.resolve("server.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-Djava.io.tmpdir=" + tmp,
        "-XX:NativeMemoryTracking=summary",
        "-jar", a.jar().toString(), "serve", "--host", "127.0.0.1")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(Map.of("API_PASSWORD", PASSWORD, "PORT", "0",
        "SLIDES_DATA_DIR", data.toString(),
        "SLIDES_ALLOWED_NETWORKS", "127.0.0.0/8",
        "SLIDES_DOWNLOAD_STALL_SECONDS", "1",
        "SLIDES_DOWNLOAD_TIMEOUT_SECONDS", "6",
        "SLIDES_QUEUE_CAPACITY", "100",
        "SLIDES_FINISHED_JOB_RETENTION_HOURS",
        String.format(Locale.ROOT, "%.6f", a.retentionSeconds() / 3600.0)));
    server = pb.start();
    Pattern listening = Pattern.compile("Listening on http://[^:]+:(\\d+)");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      String said = Files.exists(log) ? Files.readString(log).replace("\\/", "/") : "";
      Matcher m = listening.matcher(said);
      if (m.find()) {
        base = "http://127.0.0.1:" + m.group(1);
        started = System.nanoTime();
        break;
      }
      if (!server.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("The server did not start; its log:\n" + said);
      }
      Thread.sleep(100);
    }
    while (get("/healthz/ready").statusCode() != 200) {
      Thread.sleep(100);
    }
    System.out.println("server: pid " + server.pid() + ", " + base + ", retention "
        + a.retentionSeconds() + " s, download stall 1 s, download timeout 6 s, log " + log);
  }

  // ---- one batch ----

  private void batch(int b, FaultyHttpServer cdn, byte[] ok, byte[] junk) throws Exception {
    List<String> waiting = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String id = "s" + b + "-" + i;
      post(cdn.url("/ok.mp4"), id);
      waiting.add(id);
    }
    // Streams of queued jobs: two that leave after their first event, one that never reads.
    readFirstEventAndLeave("s" + b + "-4");
    readFirstEventAndLeave("s" + b + "-5");
    Socket deaf = openStreamWithoutReading("s" + b + "-5");
    for (int i = 0; i < 2; i++) {
      String id = "u" + b + "-" + i;
      upload(ok, id);
      waiting.add(id);
    }
    for (String id : waiting) {
      awaitEnd(id);
    }
    deaf.close();

    // Cancel while downloading (the download is stalled) and while extracting.
    String cd = "cd" + b;
    post(cdn.url("/held.mp4"), cd);
    awaitStatus(cd, "downloading");
    delete(cd);
    awaitEnd(cd);
    String ce = "ce" + b;
    post(cdn.url("/long.mp4"), ce);
    awaitStatus(ce, "extracting");
    delete(ce);
    awaitEnd(ce);

    // Failures: a non-video (by URL and uploaded), 404, dropped again and again, stalled.
    List<String> failing = new ArrayList<>();
    for (String[] f : List.of(new String[] {"/junk.mp4", "junk"},
        new String[] {"/missing.mp4", "missing"}, new String[] {"/drop.mp4", "drop"},
        new String[] {"/stall.mp4", "stall"})) {
      String id = f[1] + b;
      post(cdn.url(f[0]), id);
      failing.add(id);
    }
    upload(junk, "uj" + b);
    failing.add("uj" + b);
    for (String id : failing) {
      awaitEnd(id);
    }
    droppedUpload(ok, "ud" + b);

    // Finished ids again, exports, the job list.
    for (int i = 0; i < 2; i++) {
      String answer = post(cdn.url("/ok.mp4"), "s" + b + "-" + i);
      count(answer.contains("already completed") ? "resubmitted: already completed"
          : "resubmitted: other");
    }
    for (String kind : List.of("pdf", "zip", "md", "csv", "html")) {
      HttpResponse<byte[]> r = http.send(request("/jobs/s" + b + "-0/slides." + kind).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      count("export " + r.statusCode());
    }
    Integer offset = 0;
    while (offset != null) {
      String page = get("/jobs?offset=" + offset + "&limit=20").body();
      Matcher m = Pattern.compile("\"next\":(\\d+|null)").matcher(page);
      offset = m.find() && !m.group(1).equals("null") ? Integer.valueOf(m.group(1)) : null;
    }
  }

  private String post(String url, String id) throws Exception {
    HttpResponse<String> r = http.send(request("/process")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + url + "\",\"video_id\":\"" + id
            + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("POST /process for " + id + ": " + r.statusCode() + " "
          + r.body());
    }
    if (r.body().contains("Download started")) {
      jobs++;
    }
    return r.body();
  }

  private void upload(byte[] body, String id) throws Exception {
    HttpResponse<String> r = http.send(request("/process/upload?video_id=" + id)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("upload " + id + ": " + r.statusCode() + " " + r.body());
    }
    jobs++;
  }

  /** Sends the headers and part of an upload's body, then closes the connection. */
  private void droppedUpload(byte[] body, String id) throws Exception {
    URI uri = URI.create(base);
    try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /process/upload?video_id=" + id + " HTTP/1.1\r\nHost: x\r\n"
          + "Authorization: Bearer " + PASSWORD + "\r\nContent-Length: " + body.length
          + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body, 0, body.length / 2);
      out.flush();
    }
    count("dropped upload");
    // The server notices the close on its own time: wait until it says the id is unknown.
    if (get("/jobs/" + id).statusCode() != 404) {
      count("dropped upload made a job");
    }
  }

  private void readFirstEventAndLeave(String id) throws Exception {
    URI uri = URI.create(base);
    try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
      s.getOutputStream().write(("GET /jobs/" + id + "/stream HTTP/1.1\r\nHost: x\r\n"
          + "Authorization: Bearer " + PASSWORD + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = s.getInputStream();
      StringBuilder seen = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0) {
        seen.append((char) c);
        if (seen.indexOf("data: ") >= 0 && c == '\n') {
          break;
        }
      }
    }
    count("stream left after first event");
  }

  private Socket openStreamWithoutReading(String id) throws Exception {
    URI uri = URI.create(base);
    Socket s = new Socket(uri.getHost(), uri.getPort());
    s.setReceiveBufferSize(1024);
    s.getOutputStream().write(("GET /jobs/" + id + "/stream HTTP/1.1\r\nHost: x\r\n"
        + "Authorization: Bearer " + PASSWORD + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    count("stream never read");
    return s;
  }

  private void delete(String id) throws Exception {
    HttpResponse<String> r = http.send(request("/jobs/" + id).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    count("cancel " + r.statusCode());
  }

  private void awaitStatus(String id, String status) throws Exception {
    long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String body = get("/jobs/" + id).body();
      if (body.contains("\"status\":\"" + status + "\"") || body.contains("\"completed\"")
          || body.contains("\"failed\"")) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("Job " + id + " never reached " + status);
  }

  private void awaitEnd(String id) throws Exception {
    long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String body = get("/jobs/" + id).body();
      if (body.contains("\"status\":\"completed\"")) {
        count("completed");
        return;
      }
      if (body.contains("\"status\":\"failed\"")) {
        count("failed");
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("Job " + id + " did not end in " + JOB_TIMEOUT);
  }

  private void count(String outcome) {
    outcomes.merge(outcome, 1, Integer::sum);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + PASSWORD).timeout(Duration.ofSeconds(60));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
  }

  private int jobsKnown() throws Exception {
    Matcher m = Pattern.compile("(?m)^slides_jobs\\{[^}]*} ([0-9.E]+)")
        .matcher(get("/metrics").body());
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
    }
    return (int) sum;
  }

  // ---- measuring ----

  /** What the server process holds at one moment, after a full GC. */
  static final class Snapshot {
    int threads;
    int fds;
    long heapKb;
    long rssKb;
    long hwmKb;
    long jvmCommittedKb;
    int jobsKnown;
    Map<String, Integer> dataFiles = new TreeMap<>();
    int tmpFiles;
    Map<String, Integer> threadNames = new TreeMap<>();
    Map<String, Integer> fdKinds = new TreeMap<>();
    int sseClients;
    int downloadsInProgress;
    Map<String, Integer> classes = new TreeMap<>();
  }

  private Snapshot measure() throws Exception {
    String pid = Long.toString(server.pid());
    jcmd(pid, "GC.run");
    Snapshot s = new Snapshot();
    Matcher heap = Pattern.compile("used (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
    s.heapKb = heap.find() ? Long.parseLong(heap.group(1)) : -1;
    Matcher nmt = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB")
        .matcher(jcmd(pid, "VM.native_memory summary"));
    s.jvmCommittedKb = nmt.find() ? Long.parseLong(nmt.group(1)) : -1;
    Path proc = Path.of("/proc", pid);
    try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
      s.threads = (int) tasks.count();
    }
    try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
      for (Path fd : fds.toList()) {
        s.fds++;
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          continue; // closed meanwhile
        }
        s.fdKinds.merge(fdKind(target), 1, Integer::sum);
      }
    }
    for (String line : Files.readAllLines(proc.resolve("status"))) {
      if (line.startsWith("VmRSS:")) {
        s.rssKb = Long.parseLong(line.replaceAll("\\D", ""));
      } else if (line.startsWith("VmHWM:")) {
        s.hwmKb = Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    Matcher names = Pattern.compile("(?m)^\"([^\"]*)\"").matcher(jcmd(pid, "Thread.print"));
    while (names.find()) {
      s.threadNames.merge(names.group(1).replaceAll("\\d+", "N"), 1, Integer::sum);
    }
    try (Stream<Path> all = Files.walk(data)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        Path rel = data.relativize(f);
        String top = rel.getNameCount() > 1 ? rel.getName(0).toString() : ".";
        s.dataFiles.merge(top, 1, Integer::sum);
      }
    }
    try (Stream<Path> all = Files.walk(tmp)) {
      s.tmpFiles = (int) all.filter(p -> !p.equals(tmp)).count();
    }
    s.jobsKnown = jobsKnown();
    Matcher sse = Pattern.compile("(?m)^slides_sse_clients(?:\\{[^}]*})? ([0-9.E]+)")
        .matcher(get("/metrics").body());
    s.sseClients = sse.find() ? (int) Double.parseDouble(sse.group(1)) : -1;
    s.downloadsInProgress = (int) Pattern.compile("\"status\"").matcher(get("/progress").body())
        .results().count();
    // " 123:  4567  89012  dev.slides.Foo (java.base@17)": the instances of each class.
    Matcher histogram = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+(\\S+)")
        .matcher(jcmd(pid, "GC.class_histogram"));
    while (histogram.find()) {
      String name = histogram.group(2);
      if (name.startsWith("dev.slides") || name.startsWith("io.undertow")
          || name.startsWith("org.xnio") || name.startsWith("org.apache.hc")
          || name.startsWith("java.lang.Thread") || name.startsWith("java.util.concurrent")
          || name.startsWith("java.util.Timer") || name.startsWith("java.net")
          || name.startsWith("sun.nio.ch") || name.startsWith("io.micrometer")) {
        s.classes.put(name, Integer.parseInt(histogram.group(1)));
      }
    }
    return s;
  }

  private String fdKind(String target) {
    if (target.startsWith(data.toString())) {
      Path rel = data.relativize(Path.of(target));
      return "data/" + (rel.getNameCount() > 1 ? rel.getName(0) : rel);
    }
    if (target.startsWith(tmp.toString())) {
      return "tmp";
    }
    if (target.startsWith("socket:") || target.startsWith("pipe:")) {
      return target.replaceAll("\\[.*", "");
    }
    return target; // anon_inode:[eventpoll], a jar, /dev/random, ...
  }

  private static String jcmd(String pid, String command) throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Process p = new ProcessBuilder(jcmd, pid, command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  // ---- printing ----

  private static final String HEADER = String.format(Locale.ROOT,
      "%-26s %7s %5s %9s %8s %8s %8s %6s %4s %9s %4s %s", "after", "threads", "fds",
      "heap MB", "RSS MB", "HWM MB", "JVM MB", "jobs", "sse", "progress", "tmp",
      "files in data dir (by folder)");

  private static void print(List<Map.Entry<String, Snapshot>> rows) {
    System.out.println(HEADER);
    rows.forEach(SoakBenchmark::printRow);
  }

  private static void printLast(List<Map.Entry<String, Snapshot>> rows) {
    printRow(rows.get(rows.size() - 1));
  }

  private static void printRow(Map.Entry<String, Snapshot> row) {
    Snapshot s = row.getValue();
    System.out.printf(Locale.ROOT, "%-26s %7d %5d %9.1f %8.1f %8.1f %8.1f %6d %4d %9d %4d %s%n",
        row.getKey(), s.threads, s.fds, s.heapKb / 1024.0, s.rssKb / 1024.0, s.hwmKb / 1024.0,
        s.jvmCommittedKb / 1024.0, s.jobsKnown, s.sseClients, s.downloadsInProgress,
        s.tmpFiles, s.dataFiles);
  }

  private static void diff(Map<String, Integer> before, Map<String, Integer> after) {
    TreeSet<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    Map<String, String> changed = new LinkedHashMap<>();
    for (String k : keys) {
      int b = before.getOrDefault(k, 0);
      int a = after.getOrDefault(k, 0);
      if (a != b) {
        changed.put(k, b + " -> " + a);
      }
    }
    if (changed.isEmpty()) {
      System.out.println("  (no change)");
    }
    changed.forEach((k, v) -> System.out.println("  " + k + ": " + v));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
