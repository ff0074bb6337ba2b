package dev.slides.server;

import dev.slides.JobListener;
import dev.slides.JobState;
import dev.slides.JobStatus;
import dev.slides.JobTracker;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

/**
 * One client following one job over Server-Sent Events.
 *
 * <p>A tracker listener only queues the state and wakes the connection's I/O thread, so a job
 * never waits for a client. A client that cannot keep up still gets every status change, in
 * order: updates are merged only within a run of one status (the newest state of the run
 * replaces the one waiting), so it gets the latest state of each run when it can take more.
 * Nothing is queued after a terminal state, the last one the stream sends; since a job passes
 * through each status once on its way there, at most six states wait per client however slow it
 * is, not a backlog. Frames: {@code id: <version>} and
 * {@code data: <json>} (plus {@code retry:} once), a comment line as heartbeat, and
 * {@code event: error} when the job has been silent too long (a job waiting in the queue is not
 * silent: it waits its turn) or is gone from the tracker. The
 * stream closes after a {@code completed} or {@code failed} state, and after an error.
 */
final class SseStream implements JobListener {
  private static final Logger log = LoggerFactory.getLogger(SseStream.class);
  static final long RETRY_MILLIS = 3000;

  private final HttpServerExchange exchange;
  private final XnioIoThread io;
  private final String videoId;
  private final long heartbeatMillis;
  private final long inactivityMillis;
  private final Consumer<SseStream> onClose;
  /** A HEAD request: it ends as soon as the job's state says which status it gets. */
  private final boolean headOnly;

  // States not yet sent, oldest first, at most one per run of equal statuses (see above).
  private final ArrayDeque<JobState> unsent = new ArrayDeque<>();
  private boolean terminalQueued; // guarded by unsent
  private boolean goneQueued; // guarded by unsent
  private final AtomicBoolean wakeScheduled = new AtomicBoolean();
  private volatile long lastChangeNanos = System.nanoTime();
  // The newest state is pending: the job waits in the queue for a worker, which is not a job
  // gone silent, however long the jobs ahead of it take.
  private volatile boolean queued;

  // Touched on the I/O thread only.
  private Sender sender;
  private JobTracker.Subscription subscription;
  private XnioExecutor.Key heartbeatTimer;
  private XnioExecutor.Key inactivityTimer;
  private boolean sending;
  private boolean closed;
  private boolean heartbeatDue;
  private boolean retrySent;
  private boolean finishAfterSend;
  private long lastSentVersion;

  SseStream(HttpServerExchange exchange, String videoId, long lastEventId, Duration heartbeat,
      Duration inactivity, Consumer<SseStream> onClose) {
    this.exchange = exchange;
    this.io = exchange.getIoThread();
    this.videoId = videoId;
    this.lastSentVersion = lastEventId;
    this.heartbeatMillis = heartbeat.toMillis();
    this.inactivityMillis = inactivity.toMillis();
    this.onClose = onClose;
    this.headOnly = exchange.getRequestMethod().equals(Methods.HEAD);
  }

  /**
   * Opens the stream, fed by {@code subscription} (made with this stream as the listener, which
   * may already have queued states); call on the exchange's I/O thread.
   */
  void start(JobTracker.Subscription subscription) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
    exchange.getResponseHeaders().put(new HttpString("X-Accel-Buffering"), "no");
    exchange.setPersistent(false);
    sender = exchange.getResponseSender();
    // A close listener runs on the I/O thread, also while that thread stops (then it takes no
    // more tasks): free the stream right there.
    exchange.getConnection().addCloseListener(connection -> {
      if (Thread.currentThread() == io) {
        abandon();
      } else {
        onIoThread(this::abandon);
      }
    });
    this.subscription = subscription;
    watchForHangUp();
    if (heartbeatMillis > 0) {
      heartbeatTimer = io.executeAfter(this::heartbeat, heartbeatMillis, TimeUnit.MILLISECONDS);
    }
    if (inactivityMillis > 0) {
      inactivityTimer = io.executeAfter(this::checkInactivity, inactivityMillis,
          TimeUnit.MILLISECONDS);
    }
    pump();
  }

  /**
   * Notices at once when the client hangs up: nothing more is expected from it, so reading the
   * connection only ever returns the end of the stream (or an error) when it goes away.
   */
  private void watchForHangUp() {
    if (!(exchange.getConnection() instanceof io.undertow.server.AbstractServerConnection c)) {
      return; // HTTP/2 and others: the next write or heartbeat notices instead
    }
    org.xnio.conduits.ConduitStreamSourceChannel source = c.getChannel().getSourceChannel();
    source.getReadSetter().set(channel -> {
      java.nio.ByteBuffer scratch = java.nio.ByteBuffer.allocate(256);
      try {
        int n;
        while ((n = channel.read(scratch)) > 0) {
          scratch.clear(); // a client has nothing to say on an event stream; ignore it
        }
        if (n < 0) {
          channel.suspendReads();
          abandon();
        }
      } catch (IOException e) {
        channel.suspendReads();
        abandon();
      }
    });
    source.resumeReads();
  }

  /** From any thread (in version order): queue the state and wake the I/O thread. */
  @Override
  public void onUpdate(String id, JobState state) {
    synchronized (unsent) {
      if (terminalQueued) {
        return; // the stream ends with the terminal state already waiting
      }
      JobState waiting = unsent.peekLast();
      if (waiting != null && waiting.status() == state.status()) {
        unsent.pollLast(); // same status: only the newest of the run is worth sending
      }
      unsent.addLast(state);
      terminalQueued = state.status().isTerminal();
    }
    queued = state.status() == JobStatus.PENDING;
    lastChangeNanos = System.nanoTime();
    wake();
  }

  /**
   * From any thread, after every state: the tracker no longer knows the job (it was removed,
   * or Redis lost it).
   * The stream ends like one whose job went silent, with an error event, once the states
   * waiting are sent.
   */
  @Override
  public void onGone(String id) {
    synchronized (unsent) {
      if (terminalQueued) {
        return; // it ends with that state anyway
      }
      goneQueued = true;
    }
    wake();
  }

  /** Has the I/O thread pump what is due, unless it is about to already. */
  private void wake() {
    if (wakeScheduled.compareAndSet(false, true)) {
      onIoThread(() -> {
        wakeScheduled.set(false);
        pump();
      });
    }
  }

  /** Writes what is due, one frame at a time. */
  private void pump() {
    if (closed || sending || sender == null) {
      return;
    }
    JobState state;
    while ((state = nextUnsent()) != null && state.version() <= lastSentVersion) {
      if (state.status().isTerminal()) {
        // The client already has the final state (Last-Event-ID). Before anything is sent,
        // 204 is what tells an EventSource to stop reconnecting; an empty 200 made it come
        // back every RETRY_MILLIS for ever.
        if (!exchange.isResponseStarted()) {
          exchange.setStatusCode(204);
          exchange.getResponseHeaders().remove(Headers.CONTENT_TYPE);
        }
        finish();
        return;
      }
      if (headOnly) {
        finish(); // HEAD: the stream's status and headers, no events
        return;
      }
    }
    if (headOnly && state != null) {
      finish();
      return;
    }
    if (state == null && isGone()) {
      sendErrorAndFinish("Job not found: " + videoId + " (the job store lost it)");
      return;
    }
    String frame;
    if (state != null) {
      String json = state.toJson();
      StringBuilder b = new StringBuilder(json.length() + 48);
      if (!retrySent) {
        b.append("retry: ").append(RETRY_MILLIS).append('\n');
        retrySent = true;
      }
      b.append("id: ").append(state.version()).append('\n');
      b.append("data: ").append(json).append("\n\n");
      frame = b.toString();
      lastSentVersion = state.version();
      finishAfterSend = state.status().isTerminal();
    } else if (heartbeatDue) {
      heartbeatDue = false;
      frame = ": keep-alive\n\n";
    } else {
      return;
    }
    write(frame);
  }

  private boolean isGone() {
    synchronized (unsent) {
      return goneQueued;
    }
  }

  private JobState nextUnsent() {
    synchronized (unsent) {
      return unsent.pollFirst();
    }
  }

  private void write(String frame) {
    sending = true;
    sender.send(frame, new IoCallback() {
      @Override
      public void onComplete(HttpServerExchange ex, Sender s) {
        sending = false;
        if (finishAfterSend) {
          finish();
        } else {
          pump();
        }
      }

      @Override
      public void onException(HttpServerExchange ex, Sender s, IOException e) {
        sending = false;
        abandon();
      }
    });
  }

  private void heartbeat() {
    if (closed) {
      return;
    }
    heartbeatDue = true;
    pump();
    heartbeatTimer = io.executeAfter(this::heartbeat, heartbeatMillis, TimeUnit.MILLISECONDS);
  }

  private void checkInactivity() {
    if (closed) {
      return;
    }
    long silentMillis = (System.nanoTime() - lastChangeNanos) / 1_000_000;
    if (queued) {
      inactivityTimer = io.executeAfter(this::checkInactivity, inactivityMillis,
          TimeUnit.MILLISECONDS);
    } else if (silentMillis >= inactivityMillis) {
      sendErrorAndFinish("No updates for job " + videoId + " in the last "
          + Math.max(1, inactivityMillis / 1000) + " seconds");
    } else {
      inactivityTimer = io.executeAfter(this::checkInactivity, inactivityMillis - silentMillis,
          TimeUnit.MILLISECONDS);
    }
  }

  private void sendErrorAndFinish(String message) {
    if (sending) {
      // let the frame in flight go first
      io.executeAfter(() -> sendErrorAndFinish(message), 10, TimeUnit.MILLISECONDS);
      return;
    }
    finishAfterSend = true;
    write("event: error\ndata: " + message.replace('\n', ' ') + "\n\n");
  }

  /** Ends the stream cleanly (from the I/O thread). */
  void finish() {
    if (closed) {
      return;
    }
    release();
    sender.close();
  }

  /** Ends the stream from any thread, as at shutdown. */
  void shutdown() {
    onIoThread(() -> {
      if (!sending) {
        finish();
      } else {
        finishAfterSend = true;
      }
    });
  }

  /**
   * Queues {@code task} on the connection's I/O thread. A thread that is stopping takes no more
   * tasks; it closes every connection it has on its way out, this one included, whose close
   * listener then frees the stream: nothing is lost by dropping the task.
   */
  private void onIoThread(Runnable task) {
    try {
      io.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("Stream of job {}: the I/O thread is stopping; the connection closes", videoId);
    }
  }

  /** The client went away: free everything, write nothing. */
  private void abandon() {
    if (closed) {
      return;
    }
    release();
    exchange.endExchange();
  }

  private void release() {
    closed = true;
    if (subscription != null) {
      subscription.close();
    }
    if (heartbeatTimer != null) {
      heartbeatTimer.remove();
    }
    if (inactivityTimer != null) {
      inactivityTimer.remove();
    }
    onClose.accept(this);
  }
}
