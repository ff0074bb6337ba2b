package dev.slides.internal.extract;

import dev.slides.internal.video.Picture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Encodes slide images and writes them to the spool on a thread of its own, so that the analysis
 * (and the decoders feeding it) go on while libwebp or the image source works.
 *
 * <p>One thread, so images are made one at a time in the order they were added: an image source
 * sees the same calls in the same order as when the analysis made them itself, and whatever the
 * {@link Encoder} remembers between images (which source failed) needs no lock. At most
 * {@code maxPending} images wait or are being made; {@link #add} blocks beyond that, which bounds
 * the memory their pictures hold (3 MB each at 1080p).
 *
 * <p>The first failure stops the rest (their pictures are closed unused) and is thrown, as it
 * was thrown by the encoder, from the next {@link #add}, {@link #rethrowFailure} or
 * {@link #awaitAll}. {@link #close} drops what waits and returns once the thread has ended.
 */
final class ImageSpool implements AutoCloseable {
  /** Makes the bytes of one image; called on the spool's thread, one image at a time. */
  @FunctionalInterface
  interface Encoder {
    byte[] encode(Picture picture, double time) throws IOException;
  }

  /** How often a wait for room looks whether the job still wants its images. */
  private static final long CHECK_MILLIS = 50;

  private final Encoder encoder;
  private final Runnable stillWanted;
  /** Null when images are made on the thread that adds them. */
  private final ExecutorService thread;
  private final int maxPending;
  private final Semaphore room;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private ImageSpool(Encoder encoder, Runnable stillWanted, ExecutorService thread,
      int maxPending) {
    this.encoder = encoder;
    this.stillWanted = stillWanted;
    this.thread = thread;
    this.maxPending = maxPending;
    this.room = new Semaphore(maxPending);
  }

  /**
   * A spool whose thread is named {@code threadName}; the thread starts with the first image.
   *
   * @param maxPending images that may wait or be in the making at once, at least 1
   * @param stillWanted called on the caller's thread before it takes room (in {@link #add} and
   *     {@link #awaitAll}) and again every 50 ms while there is none; throws to stop waiting (a
   *     job cancelled without an interrupt)
   */
  static ImageSpool start(String threadName, int maxPending, Encoder encoder,
      Runnable stillWanted) {
    if (maxPending < 1) {
      throw new IllegalArgumentException("maxPending must be at least 1, got " + maxPending);
    }
    ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, threadName);
          t.setDaemon(true); // never keeps a JVM alive; close() ends it anyway
          return t;
        });
    return new ImageSpool(encoder, stillWanted, thread, maxPending);
  }

  /** A spool that makes each image on the thread that adds it, before {@link #add} returns. */
  static ImageSpool inline(Encoder encoder) {
    return new ImageSpool(encoder, () -> {}, null, 1);
  }

  /**
   * Makes the image of {@code picture} and writes it to {@code file}, now or later. Takes
   * ownership of {@code picture}: it is closed once used or dropped, whatever happens.
   *
   * @param time seconds into the video, for the encoder
   * @throws InterruptedException when interrupted while waiting for room
   * @throws IOException the failure of an earlier image, as thrown by the encoder or the write
   */
  void add(Picture picture, double time, Path file) throws IOException, InterruptedException {
    Image image = new Image(picture, time, file);
    if (thread == null) {
      rethrowFailure();
      image.run();
      rethrowFailure();
      return;
    }
    boolean handed = false;
    try {
      waitForRoom(1);
      try {
        thread.execute(image);
        handed = true;
      } finally {
        if (!handed) {
          room.release();
        }
      }
    } finally {
      if (!handed) {
        picture.close();
      }
    }
  }

  /** Throws the first failure of an image, if there was one. */
  void rethrowFailure() throws IOException {
    Throwable e = failure.get();
    if (e == null) {
      return;
    }
    if (e instanceof IOException io) {
      throw io;
    }
    if (e instanceof RuntimeException r) {
      throw r;
    }
    if (e instanceof Error err) {
      throw err;
    }
    throw new IllegalStateException("Slide image failed", e); // Encoder throws nothing else
  }

  /**
   * Waits until every image added is written, then throws the first failure, if any.
   *
   * @throws InterruptedException when interrupted while waiting
   */
  void awaitAll() throws IOException, InterruptedException {
    if (thread != null) {
      // Every image holds a permit until it is done: all of them back means nothing is left.
      waitForRoom(maxPending);
      room.release(maxPending);
    }
    rethrowFailure();
  }

  /** Takes {@code permits}, giving up when an image failed or the images are no longer wanted. */
  private void waitForRoom(int permits) throws IOException, InterruptedException {
    do {
      rethrowFailure();
      stillWanted.run();
    } while (!room.tryAcquire(permits, CHECK_MILLIS, TimeUnit.MILLISECONDS));
  }

  /**
   * Drops the images not started (closing their pictures), interrupts the one in the making and
   * waits for the thread to end, so nothing touches the encoder's resources or the spool
   * afterwards. Waits even when interrupted (the interrupt is kept), since the caller goes on to
   * close what the encoder uses.
   */
  @Override
  public void close() {
    if (thread == null) {
      return;
    }
    for (Runnable dropped : thread.shutdownNow()) {
      ((Image) dropped).picture.close();
    }
    boolean interrupted = false;
    while (true) {
      try {
        if (thread.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** One image to make; owns its picture. */
  private final class Image implements Runnable {
    final Picture picture;
    final double time;
    final Path file;

    Image(Picture picture, double time, Path file) {
      this.picture = picture;
      this.time = time;
      this.file = file;
    }

    @Override
    public void run() {
      try (picture) {
        if (failure.get() == null) { // after a failure the job fails: no more work for it
          Files.write(file, encoder.encode(picture, time));
        }
      } catch (Throwable e) { // handed to the analysis thread, which fails the job with it
        failure.compareAndSet(null, e);
      } finally {
        if (thread != null) {
          room.release();
        }
      }
    }
  }
}
