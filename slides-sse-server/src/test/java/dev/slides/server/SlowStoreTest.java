package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.BlobStore;
import dev.slides.InMemoryBlobStore;
import dev.slides.JobState;
import dev.slides.JobStatus;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store that stops answering must not take the server's request threads with it. */
class SlowStoreTest {
  /** Stands in for a vendor store that hangs: look-ups block until released. */
  static final class HangingStore implements BlobStore {
    final InMemoryBlobStore memory = new InMemoryBlobStore();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch released = new CountDownLatch(1);

    @Override
    public String put(String key, byte[] content, String contentType) {
      return memory.put(key, content, contentType);
    }

    @Override
    public Optional<String> find(String key) throws IOException {
      hang(entered, released);
      return memory.find(key);
    }
  }

  /** Counts down {@code entered}, then blocks until {@code released}. */
  static void hang(CountDownLatch entered, CountDownLatch released) throws IOException {
    entered.countDown();
    try {
      released.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  /** A store whose reads (of results, for exports) block until released. */
  static final class HangingReads implements BlobStore {
    final InMemoryBlobStore memory = new InMemoryBlobStore();
    final CountDownLatch entered = new CountDownLatch(SlidesServer.MAX_EXPORTS);
    final CountDownLatch released = new CountDownLatch(1);

    @Override
    public String put(String key, byte[] content, String contentType) {
      return memory.put(key, content, contentType);
    }

    @Override
    public Optional<String> find(String key) {
      return memory.find(key);
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
      hang(entered, released);
      return memory.read(key);
    }
  }

  /**
   * Store look-ups' timeout tasks, held until the test says the time is up: a look-up meant to
   * answer cannot time out however slow the machine, and one meant to time out does so when the
   * test says, rather than by a 0.5 s clock racing the look-up threads.
   */
  static final class HeldTimeouts implements Executor {
    private final BlockingQueue<Runnable> held = new LinkedBlockingQueue<>();
    private final Semaphore asked = new Semaphore(0);
    private volatile boolean timeUp;

    @Override
    public synchronized void execute(Runnable timeout) {
      if (timeUp) {
        timeout.run();
      } else {
        held.add(timeout);
      }
      asked.release();
    }

    /** Waits until {@code count} look-ups have been asked for. */
    void awaitAsked(int count) throws InterruptedException {
      assertTrue(asked.tryAcquire(count, 60, TimeUnit.SECONDS), "look-ups never asked for");
    }

    /** The look-ups waiting time out, and those asked for from now on at once. */
    synchronized void timeUp() {
      timeUp = true;
      for (Runnable timeout = held.poll(); timeout != null; timeout = held.poll()) {
        timeout.run();
      }
    }

    /** Look-ups asked for from now on wait until they answer. */
    synchronized void hold() {
      timeUp = false;
    }
  }

  @TempDir Path data;
  final HangingStore store = new HangingStore();
  final HeldTimeouts timeouts = new HeldTimeouts();
  ServerFixture f;
  final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    store.released.countDown();
    if (f != null) {
      f.close();
    }
  }

  /** A plain GET that gives up after 20 s: a server that holds it that long has failed. */
  HttpResponse<String> get(String path, boolean auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.base() + path))
        .timeout(Duration.ofSeconds(20));
    if (auth) {
      b.header("Authorization", "Bearer " + ServerFixture.PASSWORD);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void fortyLookUpsOfAHangingStoreHoldNoRequestThreadAndReadinessSays503() throws Exception {
    f = new ServerFixture(ServerSettings.forTests(data, ServerFixture.PASSWORD)
        .withStoreLookupTimeout(Duration.ofMillis(500)).withStoreLookupTimeouts(timeouts), store);
    ExecutorService callers = Executors.newFixedThreadPool(40);
    List<Future<ServerFixture.Answer>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        String id = "unknown-" + i;
        answers.add(callers.submit(() -> i(id) % 4 == 0
            ? f.post("/process/youtube/" + id) : f.get("/jobs/" + id)));
      }
      assertTrue(store.entered.await(20, TimeUnit.SECONDS));
      timeouts.awaitAsked(40); // every request waits for the store
      // The store still hangs and no look-up has timed out; routes that do not need it answer.
      assertEquals(200, get("/progress", true).statusCode());
      assertEquals(200, get("/healthz/live", false).statusCode());
      assertTrue(answers.stream().noneMatch(Future::isDone), "answered before the timeout");
      Future<HttpResponse<String>> readiness = callers.submit(() -> get("/healthz/ready", false));
      timeouts.timeUp();
      HttpResponse<String> ready = readiness.get(30, TimeUnit.SECONDS);
      assertEquals(503, ready.statusCode(), ready.body());
      assertTrue(ready.body().contains("Storage did not answer within 0.5 s"), ready.body());
      assertEquals("5", ready.headers().firstValue("Retry-After").orElse(null));
      for (Future<ServerFixture.Answer> a : answers) {
        ServerFixture.Answer answer = a.get(30, TimeUnit.SECONDS);
        assertEquals(503, answer.status(), answer.text());
        assertEquals("Storage did not answer within 0.5 s: try again later",
            answer.body().get("detail").asText());
        assertEquals("5", answer.retryAfter());
      }
      assertTrue(f.server.service().tracker().recent(0, 1).isEmpty(), "no job was started blind");
    } finally {
      callers.shutdownNow();
    }
    timeouts.hold();
    store.released.countDown();
    // Look-ups wait as long as the store takes: answered, however slow the machine.
    assertEquals(200, get("/healthz/ready", false).statusCode(), "ready again with the store");
    assertEquals(404, get("/jobs/unknown-1", true).statusCode());
  }

  @Test
  void exportsBeyondTheirLimitAre503AndLeaveTheApiServing() throws Exception {
    HangingReads reads = new HangingReads();
    f = new ServerFixture(ServerSettings.forTests(data, ServerFixture.PASSWORD), reads);
    int limit = SlidesServer.MAX_EXPORTS;
    for (int i = 0; i <= limit; i++) {
      f.server.service().tracker().createIfAbsent("done-" + i,
          JobState.of(JobStatus.COMPLETED, "Done"));
    }
    ExecutorService callers = Executors.newFixedThreadPool(limit);
    try {
      List<Future<HttpResponse<String>>> held = new ArrayList<>();
      for (int i = 0; i < limit; i++) {
        String path = "/jobs/done-" + i + "/slides.pdf";
        held.add(callers.submit(() -> get(path, true)));
      }
      assertTrue(reads.entered.await(20, TimeUnit.SECONDS), "the exports never began");
      // Every place is taken by an export waiting on the store: one more is turned away at
      // once, and the rest of the API answers as ever.
      HttpResponse<String> refused = get("/jobs/done-" + limit + "/slides.zip", true);
      assertEquals(503, refused.statusCode(), refused.body());
      assertEquals("10", refused.headers().firstValue("Retry-After").orElse(null));
      assertTrue(refused.body().contains("already making " + limit + " exports at once"),
          refused.body());
      assertEquals(200, get("/jobs/done-0", true).statusCode());
      assertEquals(200, get("/jobs?limit=5", true).statusCode());

      reads.released.countDown();
      for (Future<HttpResponse<String>> answer : held) {
        // Their results are not in the store: each ends as such an export does.
        assertEquals(404, answer.get(30, TimeUnit.SECONDS).statusCode());
      }
      // The places are free again.
      assertEquals(404, get("/jobs/done-" + limit + "/slides.zip", true).statusCode());
    } finally {
      reads.released.countDown();
      callers.shutdownNow();
    }
  }

  private static int i(String id) {
    return Integer.parseInt(id.substring(id.indexOf('-') + 1));
  }
}
