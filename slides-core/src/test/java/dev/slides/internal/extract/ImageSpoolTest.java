package dev.slides.internal.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slides.internal.video.Picture;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool that makes slide images off the analysing thread, with pictures that count. */
class ImageSpoolTest {
  @TempDir Path dir;

  /** A picture that only records whether it was closed. */
  static final class CountedPicture implements Picture {
    final String name;
    final AtomicInteger closes = new AtomicInteger();

    CountedPicture(String name) {
      this.name = name;
    }

    @Override
    public int width() {
      return 16;
    }

    @Override
    public int height() {
      return 16;
    }

    @Override
    public byte[] encodeWebp(int maxWidth, int quality) {
      return name.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Picture copy() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  @Test
  void imagesAreWrittenInTheOrderTheyCameAndEveryPictureIsClosedOnce() throws Exception {
    List<String> order = new ArrayList<>(); // only the spool's thread adds
    List<CountedPicture> pictures = new ArrayList<>();
    try (ImageSpool spool = ImageSpool.start("spool-order", 2, (p, t) -> {
      order.add(((CountedPicture) p).name);
      return p.encodeWebp(16, 80);
    }, () -> {})) {
      for (int i = 0; i < 10; i++) {
        CountedPicture p = new CountedPicture("image-" + i);
        pictures.add(p);
        spool.add(p, i, dir.resolve(i + ".webp"));
      }
      spool.awaitAll();
    }
    for (int i = 0; i < 10; i++) {
      assertArrayEquals(("image-" + i).getBytes(StandardCharsets.UTF_8),
          Files.readAllBytes(dir.resolve(i + ".webp")));
      assertEquals(1, pictures.get(i).closes.get(), "picture " + i);
    }
    assertEquals(10, order.size());
    for (int i = 0; i < 10; i++) {
      assertEquals("image-" + i, order.get(i));
    }
    assertThreadEnds("spool-order");
  }

  @Test
  void addingWaitsForRoomWhileTheSpoolIsFull() throws Exception {
    CountDownLatch waitedForRoom = new CountDownLatch(1);
    AtomicInteger encoded = new AtomicInteger();
    List<Integer> encodedWhenWaiting = new ArrayList<>();
    boolean[] addingThird = {false};
    int[] checksWhileAddingThird = {0};
    try (ImageSpool spool = ImageSpool.start("spool-full", 2, (p, t) -> {
      // Held until the third image has had to wait for room (or 30 s, and the test fails).
      try {
        waitedForRoom.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new InterruptedIOException();
      }
      encoded.incrementAndGet();
      return new byte[] {1};
    }, () -> {
      // Called before taking room and again each time room was not to be had.
      if (addingThird[0] && ++checksWhileAddingThird[0] == 2) {
        encodedWhenWaiting.add(encoded.get());
        waitedForRoom.countDown();
      }
    })) {
      spool.add(new CountedPicture("a"), 0, dir.resolve("a"));
      spool.add(new CountedPicture("b"), 1, dir.resolve("b"));
      CountedPicture third = new CountedPicture("c");
      addingThird[0] = true;
      spool.add(third, 2, dir.resolve("c"));
      assertEquals(List.of(0), encodedWhenWaiting, "the third image waited, nothing was done");
      spool.awaitAll();
      assertEquals(3, encoded.get());
      assertEquals(1, third.closes.get());
      assertTrue(Files.exists(dir.resolve("c")));
    }
  }

  @Test
  void closingDropsWaitingImagesClosesTheirPicturesAndEndsTheThread() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    List<CountedPicture> pictures = new ArrayList<>();
    ImageSpool spool = ImageSpool.start("spool-close", 4, (p, t) -> {
      calls.incrementAndGet();
      entered.countDown();
      await(never); // like an HTTP request that only an interrupt ends
      return new byte[] {1};
    }, () -> {});
    for (int i = 0; i < 4; i++) {
      CountedPicture p = new CountedPicture("p" + i);
      pictures.add(p);
      spool.add(p, i, dir.resolve("p" + i));
    }
    assertTrue(entered.await(30, TimeUnit.SECONDS));
    spool.close(); // returns only once the thread has ended

    assertEquals(1, calls.get(), "the waiting images were never made");
    for (CountedPicture p : pictures) {
      assertEquals(1, p.closes.get(), p.name);
    }
    assertThreadEnds("spool-close");
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void theFirstFailureIsThrownAsTheEncoderThrewItAndLaterImagesAreDropped() throws Exception {
    IOException diskFull = new IOException("No space left on the device for 1-first.webp");
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch fail = new CountDownLatch(1);
    try (ImageSpool spool = ImageSpool.start("spool-fail", 4, (p, t) -> {
      if (calls.incrementAndGet() == 1) {
        await(fail);
        throw diskFull;
      }
      return new byte[] {1};
    }, () -> {})) {
      CountedPicture first = new CountedPicture("first");
      CountedPicture second = new CountedPicture("second");
      spool.add(first, 0, dir.resolve("first"));
      spool.add(second, 1, dir.resolve("second")); // waits behind the first
      fail.countDown();
      assertSame(diskFull, assertThrows(IOException.class, spool::awaitAll));
      assertSame(diskFull, assertThrows(IOException.class, spool::rethrowFailure));
      assertEquals(1, calls.get(), "nothing is made after a failure");
      assertEquals(1, first.closes.get());
      assertEquals(1, second.closes.get());
      assertFalse(Files.exists(dir.resolve("second")));

      CountedPicture later = new CountedPicture("later");
      assertSame(diskFull, assertThrows(IOException.class,
          () -> spool.add(later, 2, dir.resolve("later"))));
      assertEquals(1, later.closes.get(), "a picture refused is closed too");
    }
  }

  @Test
  void waitingForRoomStopsWhenTheImagesAreNoLongerWanted() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    RuntimeException cancelled = new IllegalStateException("cancelled");
    CompletableFuture<Void> cancel = new CompletableFuture<>();
    CountedPicture waiting = new CountedPicture("waiting");
    try (ImageSpool spool = ImageSpool.start("spool-cancel", 1, (p, t) -> {
      entered.countDown();
      await(never);
      return new byte[] {1};
    }, () -> {
      if (cancel.isDone()) {
        throw cancelled;
      }
    })) {
      spool.add(new CountedPicture("hanging"), 0, dir.resolve("hanging"));
      assertTrue(entered.await(30, TimeUnit.SECONDS));
      cancel.complete(null); // a job cancelled through its tracker: nobody interrupts
      assertSame(cancelled, assertThrows(IllegalStateException.class,
          () -> spool.add(waiting, 1, dir.resolve("waiting"))));
      assertSame(cancelled, assertThrows(IllegalStateException.class, spool::awaitAll));
    }
    assertEquals(1, waiting.closes.get());
    assertThreadEnds("spool-cancel");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(new InterruptedIOException("interrupted"));
    }
  }

  /** The spool's thread is gone (it may take a moment to die once the pool has terminated). */
  static void assertThreadEnds(String name) throws InterruptedException {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals(name)) {
        t.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(t.isAlive(), name + " still runs");
      }
    }
  }
}
