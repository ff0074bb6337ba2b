package dev.slides.internal.service;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads of the job service and the server that never keep the JVM alive, named after what
 * they do and numbered ({@code slides-job-1}, {@code slides-job-2}, ...).
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Makes daemon threads named {@code prefix} and a number. */
  public static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * {@code threads} daemon threads for calls made off a server's request threads: at most
   * {@code waiting} calls wait for one (more are refused with RejectedExecutionException), and
   * threads idle for 30 s end.
   */
  public static ThreadPoolExecutor bounded(String prefix, int threads, int waiting) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(waiting), named(prefix));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
