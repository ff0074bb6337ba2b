package dev.slides.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.undertow.Undertow;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An {@link SseStream} on a bare Undertow listener, for what the whole server cannot force. */
class SseStreamTest {

  @Test
  void aStreamStillOpenWhenTheListenerStopsEndsWithoutAnErrorLogged() throws Exception {
    // At shutdown the I/O threads close the connections still open, then run their close
    // listeners while they terminate: a stream must not hand its clean-up to such a thread,
    // which refuses it (Undertow logged that as an ERROR with a stack trace on every SIGTERM
    // that caught a stream open).
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    log.start();
    root.addAppender(log);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch released = new CountDownLatch(1);
    CountDownLatch unsubscribed = new CountDownLatch(1);
    Undertow undertow = Undertow.builder()
        .addHttpListener(0, "127.0.0.1")
        .setHandler(exchange -> {
          SseStream stream = new SseStream(exchange, "talk", 0, Duration.ZERO, Duration.ZERO,
              s -> released.countDown());
          // As the server does: start once the handler has returned, on the I/O thread.
          exchange.dispatch(io.undertow.util.SameThreadExecutor.INSTANCE, () -> {
            stream.start(unsubscribed::countDown);
            started.countDown();
          });
        })
        .build();
    try (Socket client = new Socket()) {
      undertow.start();
      int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
      client.connect(new InetSocketAddress("127.0.0.1", port));
      OutputStream out = client.getOutputStream();
      out.write("GET /jobs/talk/stream HTTP/1.1\r\nHost: localhost\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertTrue(started.await(10, TimeUnit.SECONDS), "the stream started");
      undertow.stop(); // the stream is still open
    } finally {
      root.detachAppender(log);
    }
    List<String> errors = log.list.stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null)
        .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
            + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
        .toList();
    assertEquals(List.of(), errors);
    assertTrue(released.await(10, TimeUnit.SECONDS), "the stream let go of the server");
    assertTrue(unsubscribed.await(10, TimeUnit.SECONDS), "the stream left the tracker");
  }
}
