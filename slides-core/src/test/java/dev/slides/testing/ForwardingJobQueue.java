package dev.slides.testing;

import dev.slides.service.JobQueue;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A queue that hands every call to another one: tests override the calls they hold or watch,
 * and {@link #lease} to do the same with the leases it gives out.
 */
public class ForwardingJobQueue implements JobQueue {
  protected final JobQueue queue;

  public ForwardingJobQueue(JobQueue queue) {
    this.queue = Objects.requireNonNull(queue, "queue");
  }

  /** The lease to hand out for one {@code claimed} from the queue; itself by default. */
  protected Lease lease(Lease claimed) {
    return claimed;
  }

  @Override
  public boolean offer(Entry entry) {
    return queue.offer(entry);
  }

  @Override
  public Lease claim(Duration timeout) throws InterruptedException {
    Lease claimed = queue.claim(timeout);
    return claimed == null ? null : lease(claimed);
  }

  @Override
  public boolean remove(String videoId) {
    return queue.remove(videoId);
  }

  @Override
  public List<String> waiting() {
    return queue.waiting();
  }

  @Override
  public Duration leaseTime() {
    return queue.leaseTime();
  }

  @Override
  public void close() {
    queue.close();
  }

  /** A lease that hands every call to another one. */
  public static class ForwardingLease implements Lease {
    protected final Lease lease;

    public ForwardingLease(Lease lease) {
      this.lease = Objects.requireNonNull(lease, "lease");
    }

    @Override
    public Entry entry() {
      return lease.entry();
    }

    @Override
    public int attempt() {
      return lease.attempt();
    }

    @Override
    public int handBacks() {
      return lease.handBacks();
    }

    @Override
    public boolean renew() {
      return lease.renew();
    }

    @Override
    public void complete() {
      lease.complete();
    }

    @Override
    public void release() {
      lease.release();
    }
  }
}
