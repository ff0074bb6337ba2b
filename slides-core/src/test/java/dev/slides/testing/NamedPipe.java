package dev.slides.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;

/**
 * A named pipe (FIFO, as a shell's {@code >(gzip > talk.csv.gz)} gives a command) made with
 * {@code mkfifo}, and a reader of it on a thread of its own, started at once: a writer opening
 * the pipe blocks until a reader has. The test is skipped where there is no {@code mkfifo}.
 */
public final class NamedPipe implements AutoCloseable {
  private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fifo-reader");
    t.setDaemon(true); // should nothing ever open the pipe to write, it waits there for good
    return t;
  });
  private final Future<byte[]> read;

  private NamedPipe(Path path) {
    this.read = reader.submit(() -> Files.readAllBytes(path));
  }

  /** Makes the pipe at {@code path} and starts reading it. */
  public static NamedPipe create(Path path) throws IOException, InterruptedException {
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    } catch (IOException e) {
      Assumptions.abort("no mkfifo on this system: " + e.getMessage());
      throw e; // not reached
    }
    if (mkfifo.waitFor() != 0) {
      throw new IOException("mkfifo " + path + " failed");
    }
    return new NamedPipe(path);
  }

  /** What was written into the pipe, once its writer closed it. */
  public byte[] read() throws InterruptedException, ExecutionException {
    return read.get();
  }

  @Override
  public void close() {
    reader.shutdownNow();
  }
}
