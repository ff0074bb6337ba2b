package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slides.redis.testing.Leases;
import dev.slides.redis.testing.LocalRedis;
import dev.slides.testing.Await;
import dev.slides.testing.LectureVideo;
import dev.slides.testing.Slides;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code slides serve} processes (the shipped jar) sharing one Redis and one data
 * directory, as a small cluster: jobs survive the loss of the node running them, every node
 * follows every job, and a job whose workers keep dying gives up.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeIT {
  static final Duration DEADLINE = Duration.ofSeconds(60);
  /**
   * The nodes' lease time: an hour, so that no node takes a job over from a live one however
   * slow the machine (three JVMs on two cores); a killed node's lease is made to run out by
   * {@link Node#kill}.
   */
  static final Duration VISIBILITY = Duration.ofHours(1);
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static LocalRedis redisServer;
  static RedisClient client;
  static StatefulRedisConnection<String, String> connection;
  static RedisCommands<String, String> redis;
  static VideoHttpServer cdn;
  static final Map<String, Node> nodes = new HashMap<>();
  static final HttpClient http = HttpClient.newHttpClient();

  /** One {@code slides serve} process, restartable under the same name. */
  static final class Node {
    final String name;
    /**
     * Picked by the process itself at each start (no port reserved and released before); 0
     * until read from its log, which {@link #base} waits for.
     */
    int port;
    Process process;
    Path log;
    int starts;

    Node(String name) {
      this.name = name;
    }

    /** The node's address, once it says where it listens (waiting for that after a start). */
    String base() throws Exception {
      if (port == 0) {
        port = ServeProcessIT.awaitPort(log);
      }
      return "http://127.0.0.1:" + port;
    }

    /**
     * Starts the process and returns without waiting for it to listen (that is for the first
     * {@link #base}): the other nodes go on meanwhile, as in a cluster where one restarts.
     */
    void start() throws Exception {
      port = 0;
      log = dir.resolve(name + "-" + (++starts) + ".log");
      process = ShadedJar.start(Map.of(
          "PORT", "0",
          "API_PASSWORD", "pw",
          "SLIDES_DATA_DIR", dir.resolve("data").toString(),
          "SLIDES_YOUTUBE_URL_TEMPLATE", cdn.template(),
          "SLIDES_REDIS_URL", redisServer.url(),
          "SLIDES_NODE_ID", name,
          "SLIDES_JOB_VISIBILITY_SECONDS", Long.toString(VISIBILITY.toSeconds())), log,
          "serve", "--host", "127.0.0.1");
    }

    void awaitReady() throws Exception {
      await(base() + "/healthz/ready", r -> r.statusCode() == 200, name + " ready", this);
    }

    /**
     * kill -9: no shutdown hook, no lease handed back. The node's lease then runs out, as the
     * visibility timeout would make it after the kill: at once, by the test's word.
     */
    void kill() throws Exception {
      process.destroyForcibly();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS));
      assertEquals(1, Leases.idleFor(redis, "slides:queue", VISIBILITY.multipliedBy(2)),
          "one lease, the job " + name + " ran");
    }
  }

  @BeforeAll
  static void startCluster() throws Exception {
    redisServer = LocalRedis.start();
    client = RedisClient.create(redisServer.url());
    connection = client.connect();
    redis = connection.sync();
    Path video = LectureVideo.builder(320, 180, 10)
        .slide(Slides.bullets(320, 180, 1, "A", 2), 3)
        .slide(Slides.bullets(320, 180, 2, "B", 2), 3)
        .write(dir.resolve("talk.mp4"));
    cdn = new VideoHttpServer().serve("talk.mp4", video).serve("doomed.mp4", video);
    for (int i = 1; i <= 3; i++) {
      nodes.put("node-" + i, new Node("node-" + i));
    }
  }

  @AfterAll
  static void stopCluster() throws Exception {
    for (Node n : nodes.values()) {
      if (n.process != null) {
        n.process.destroyForcibly();
        n.process.waitFor(30, TimeUnit.SECONDS);
      }
    }
    cdn.close();
    connection.close();
    client.shutdown();
    redisServer.close();
  }

  @Test
  @Order(1)
  void aJobSurvivesTheLossOfItsNodeAndEveryNodeFollowsIt() throws Exception {
    Node one = nodes.get("node-1");
    Node two = nodes.get("node-2");
    Node three = nodes.get("node-3");
    cdn.hold("talk.mp4");
    // Node 1 alone at first, so that it is the one that takes the job.
    one.start();
    one.awaitReady();
    HttpResponse<String> posted = post(one, "/process/youtube/talk");
    assertTrue(posted.body().contains("Download started"), posted.body());
    awaitJob(one, "talk", s -> "downloading".equals(text(s, "status"))
        && "node-1".equals(text(s, "worker")), "node 1 running the job");
    two.start();
    three.start();
    two.awaitReady();
    three.awaitReady();

    HttpResponse<String> again = post(two, "/process/youtube/talk");
    assertTrue(again.body().contains("Job already in progress"), again.body());
    assertEquals("node-1", JSON.readTree(again.body()).get("job").get("worker").asText());

    SseFollower follower = SseFollower.follow(three, "talk", null);
    one.kill();

    JsonNode taken = awaitJob(two, "talk", s -> "downloading".equals(text(s, "status"))
        && s.hasNonNull("worker") && !"node-1".equals(text(s, "worker")),
        "another node taking the job over");
    assertEquals("2", redis.hget("slides:job:talk", "run"), "a new run: attempt 2");
    cdn.release("talk.mp4");

    List<Event> events = follower.awaitEnd();
    Event last = events.get(events.size() - 1);
    assertEquals("completed", text(last.state(), "status"), events.toString());
    assertEquals(text(taken, "worker"), text(last.state(), "worker"));
    for (int i = 1; i < events.size(); i++) {
      assertTrue(events.get(i).id() > events.get(i - 1).id(), "versions grow: " + events);
    }
    assertTrue(events.stream().anyMatch(e -> text(e.state(), "message").contains("attempt 2")),
        "node 3 saw the take-over: " + events);
    assertEquals("node-1", text(events.get(0).state(), "worker"), "followed from node 1's run");
    assertTrue(Files.exists(dir.resolve("data/store/manifests/talk.json")));
    awaitNothingPending();

    // A client that reconnects to node 2 with the last id it saw gets only what is newer.
    Event beforeEnd = events.get(events.size() - 2);
    List<Event> resumed = SseFollower.follow(two, "talk", beforeEnd.id()).awaitEnd();
    assertEquals(List.of(last.id()), resumed.stream().map(Event::id).toList(), resumed.toString());
    // With nothing newer, 204: what tells an EventSource to stop reconnecting.
    HttpResponse<String> upToDate = http.send(HttpRequest.newBuilder(
        URI.create(two.base() + "/jobs/talk/stream")).header("Authorization", "Bearer pw")
        .header("Last-Event-ID", Long.toString(last.id())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(204, upToDate.statusCode(), upToDate.body());
    assertEquals("", upToDate.body());
  }

  @Test
  @Order(2)
  void aJobWhoseWorkersAreLostThreeTimesFailsWithTheGiveUpError() throws Exception {
    for (Node n : nodes.values()) {
      if (n.process == null || !n.process.isAlive()) {
        n.start();
      }
    }
    for (Node n : nodes.values()) {
      n.awaitReady();
    }
    cdn.hold("doomed.mp4"); // never released: every worker is stuck in its download
    HttpResponse<String> posted = post(nodes.get("node-2"), "/process/youtube/doomed");
    assertTrue(posted.body().contains("Download started"), posted.body());
    for (int run = 1; run <= 3; run++) {
      String owner = awaitOwner("doomed", run);
      Node lost = nodes.get(owner);
      lost.kill();
      lost.start(); // back under the same name, as after a crash and restart
    }
    Node any = nodes.get("node-1");
    any.awaitReady();
    JsonNode end = awaitJob(any, "doomed", s -> "failed".equals(text(s, "status")),
        "the job given up");
    assertEquals("gave up after 3 attempts (worker lost)", text(end, "error"));
    awaitNothingPending();
  }

  /**
   * The stream group ends with nothing pending. A node records a job's end first and then
   * acknowledges its entry (so a crash between the two repeats work rather than losing a job):
   * a client can see the end a moment before the entry is acknowledged.
   */
  private void awaitNothingPending() throws Exception {
    Await.until(DEADLINE, "no entry pending", () -> redis.xpending("slides:queue", "workers"),
        pending -> pending.getCount() == 0);
  }

  /** The node running run {@code run} of the job, once it has started (Redis says which). */
  private String awaitOwner(String id, int run) throws Exception {
    Map<String, String> job = Await.until(DEADLINE, "run " + run + " of " + id + " to start",
        () -> redis.hgetall("slides:job:" + id), fields -> {
          if (!Integer.toString(run).equals(fields.get("run")) || fields.get("state") == null) {
            return false;
          }
          JsonNode state = read(fields.get("state"));
          return "downloading".equals(text(state, "status")) && state.hasNonNull("worker");
        });
    return read(job.get("state")).get("worker").asText();
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  record Event(long id, JsonNode state) {}

  /** Reads one SSE stream to its end on a thread of its own. */
  static final class SseFollower {
    final List<Event> events = new CopyOnWriteArrayList<>();
    final CountDownLatch ended = new CountDownLatch(1);
    volatile Exception failure;

    static SseFollower follow(Node node, String id, Long lastEventId) throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(
          URI.create(node.base() + "/jobs/" + id + "/stream")).header("Authorization", "Bearer pw");
      if (lastEventId != null) {
        request.header("Last-Event-ID", Long.toString(lastEventId));
      }
      HttpResponse<InputStream> response = http.send(request.build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, response.statusCode());
      SseFollower follower = new SseFollower();
      Thread reader = new Thread(() -> follower.read(response.body()), "sse-" + node.name);
      reader.setDaemon(true);
      reader.start();
      return follower;
    }

    private void read(InputStream body) {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(body, StandardCharsets.UTF_8))) {
        long id = -1;
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.startsWith("id: ")) {
            id = Long.parseLong(line.substring(4));
          } else if (line.startsWith("data: ")) {
            events.add(new Event(id, JSON.readTree(line.substring(6))));
          }
        }
      } catch (IOException e) {
        failure = e;
      } finally {
        ended.countDown();
      }
    }

    List<Event> awaitEnd() throws Exception {
      assertTrue(ended.await(DEADLINE.toSeconds(), TimeUnit.SECONDS),
          "the stream never ended: " + events);
      if (failure != null) {
        throw failure;
      }
      return new ArrayList<>(events);
    }
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  private static HttpResponse<String> post(Node node, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.base() + path))
        .header("Authorization", "Bearer pw")
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r;
  }

  private static JsonNode awaitJob(Node node, String id, Predicate<JsonNode> test, String what)
      throws Exception {
    HttpResponse<String> r = await(node.base() + "/jobs/" + id, answer -> {
      try {
        return answer.statusCode() == 200 && test.test(JSON.readTree(answer.body()));
      } catch (IOException e) {
        return false;
      }
    }, what, node);
    return JSON.readTree(r.body());
  }

  private static HttpResponse<String> await(String url, Predicate<HttpResponse<String>> test,
      String what, Node node) throws Exception {
    return ShadedJar.awaitAnswer(http, url, test, what, node.log, DEADLINE);
  }
}
