package dev.slides.redis.testing;

import dev.slides.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of the machine's own, started on a free loopback port for one test
 * class (no persistence: {@code --save '' --appendonly no}) and stopped by its process handle.
 * It can be stopped and started again on the same port, as an outage. When {@code redis-server}
 * is missing the test fails saying how to get it: {@code scripts/test.sh} installs Debian's.
 *
 * <pre>{@code
 * static LocalRedis redis;
 * @BeforeAll static void up() throws Exception { redis = LocalRedis.start(); }
 * @AfterAll static void down() { redis.close(); }
 * }</pre>
 */
public final class LocalRedis implements AutoCloseable {
  private final int port;
  private final Path log;
  private Process process;
  private boolean paused;

  private LocalRedis(int port, Path log) {
    this.port = port;
    this.log = log;
  }

  /**
   * Starts a server on a free loopback port. Redis cannot be told to pick one itself (port 0
   * turns TCP off), so a port found free is tried, and another one if something took it first.
   */
  public static LocalRedis start() throws IOException, InterruptedException {
    for (int tries = 1; ; tries++) {
      int port;
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        port = s.getLocalPort();
      }
      LocalRedis redis = new LocalRedis(port, Files.createTempFile("redis-" + port, ".log"));
      try {
        redis.startAgain();
        return redis;
      } catch (IllegalStateException e) {
        redis.stop();
        boolean taken = Files.readString(redis.log).contains("Address already in use");
        Files.deleteIfExists(redis.log); // its text is in the exception
        if (tries >= 5 || !taken) {
          throw e;
        }
      }
    }
  }

  /** Starts the server (again) on its port; returns once it answers. */
  public synchronized void startAgain() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      return;
    }
    Path executable = find();
    process = new ProcessBuilder(List.of(executable.toString(), "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    // Waiting on another process: ask until it answers (or has ended), with a generous deadline.
    Process started = process;
    String state;
    try {
      state = Await.until(Duration.ofSeconds(20), "redis-server to answer on port " + port,
          () -> answersPing() ? "answering" : started.isAlive() ? "starting" : "ended",
          s -> !s.equals("starting"));
    } catch (AssertionError e) {
      state = e.getMessage();
    }
    if (!state.equals("answering")) {
      throw new IllegalStateException("redis-server did not start on port " + port + " ("
          + state + "): " + Files.readString(log));
    }
  }

  private static Path find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    for (String known : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
      if (Files.isExecutable(Path.of(known))) {
        return Path.of(known);
      }
    }
    throw new IllegalStateException("redis-server is not installed: the Redis tests need it."
        + " Run scripts/test.sh from the repository root, which installs Debian's redis-server");
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[7];
      int n = in.read(reply);
      return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Freezes the server ({@code SIGSTOP}): its connections stay open and nothing is answered,
   * as a Redis that hangs, until {@link #resume()}. Unlike {@code CLIENT PAUSE}, which ends
   * after a time set beforehand, the pause lasts exactly as long as the test wants, however
   * slow the machine.
   */
  public synchronized void pause() throws IOException, InterruptedException {
    signal("STOP");
    paused = true;
  }

  /** Lets a {@link #pause() paused} server go on ({@code SIGCONT}); what was sent is answered. */
  public synchronized void resume() throws IOException, InterruptedException {
    if (paused) {
      signal("CONT");
      paused = false;
    }
  }

  private void signal(String name) throws IOException, InterruptedException {
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException("redis-server on port " + port + " is not running");
    }
    // The shell's own kill: a slim machine may lack the kill command (procps).
    Process kill = new ProcessBuilder("sh", "-c", "kill -" + name + " \"$1\"", "sh",
        Long.toString(process.pid())).redirectErrorStream(true).start();
    String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + name + " of redis-server failed: " + said);
    }
  }

  /** Stops the server (an outage); {@link #startAgain()} brings it back, empty. */
  public synchronized void stop() throws InterruptedException {
    if (paused) {
      try {
        resume(); // a frozen process would not act on the SIGTERM
      } catch (IOException | RuntimeException e) {
        paused = false; // killed below all the same
      }
    }
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:port/0}. */
  public String url() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  /** The server's output, deleted by {@link #close()}. */
  public Path log() {
    return log;
  }

  /** Stops the server and deletes its log: a test run leaves nothing in the temporary folder. */
  @Override
  public void close() {
    try {
      stop();
      Files.deleteIfExists(log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
