package dev.slides.internal.service;

import dev.slides.service.JobQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The default queue: a bounded first-in, first-out list in this process. Leases never expire
 * (a worker that dies takes the process with it), so attempts are always 1; a released entry
 * waits first in line again (it may exceed the capacity by that one).
 */
public final class InMemoryJobQueue implements JobQueue {
  private final int capacity;
  /** Waiting entries by id, in order; guarded by this. */
  private final LinkedHashMap<String, Entry> waiting = new LinkedHashMap<>();
  private boolean closed;

  public InMemoryJobQueue(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must not be negative, got " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  public synchronized boolean offer(Entry entry) {
    if (closed || waiting.size() >= capacity) {
      return false;
    }
    waiting.remove(entry.videoId()); // a newer run replaces a waiting one
    waiting.put(entry.videoId(), entry);
    notifyAll();
    return true;
  }

  @Override
  public synchronized Lease claim(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (waiting.isEmpty() && !closed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    if (closed) {
      return null;
    }
    String first = waiting.keySet().iterator().next();
    Entry entry = waiting.remove(first);
    return new Lease() {
      @Override
      public Entry entry() {
        return entry;
      }

      @Override
      public int attempt() {
        return 1;
      }

      @Override
      public boolean renew() {
        return true;
      }

      @Override
      public void complete() {}

      @Override
      public void release() {
        giveBack(entry);
      }
    };
  }

  /** An entry released by its worker waits first in line again, unless a newer one waits. */
  private synchronized void giveBack(Entry entry) {
    if (closed || waiting.containsKey(entry.videoId())) {
      return;
    }
    LinkedHashMap<String, Entry> before = new LinkedHashMap<>(waiting);
    waiting.clear();
    waiting.put(entry.videoId(), entry);
    waiting.putAll(before);
    notifyAll();
  }

  @Override
  public synchronized boolean remove(String videoId) {
    return waiting.remove(videoId) != null;
  }

  @Override
  public synchronized List<String> waiting() {
    return new ArrayList<>(waiting.keySet());
  }

  @Override
  public Duration leaseTime() {
    return Duration.ofDays(365);
  }

  @Override
  public synchronized void close() {
    closed = true;
    notifyAll();
  }
}
