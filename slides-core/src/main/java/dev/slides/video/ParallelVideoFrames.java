package dev.slides.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_clone;

import dev.slides.detect.LumaFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples a video with several decoders at once. The video is cut at keyframes into chunks of
 * a few seconds; each decoder takes the next chunk nobody has started (decoding from its own
 * keyframe, so nothing is decoded twice), at most a few chunks ahead of the reader, and
 * {@link #next()} hands the samples out in time order.
 *
 * <p>The samples are exactly those of a single decoder: within a chunk the sampling rule is
 * local, and whether a chunk's first frame is a sample depends only on the previous chunk's last
 * frame, which {@link #next()} knows. Memory stays bounded: decoders work at most a few chunks
 * ahead of the reader.
 */
final class ParallelVideoFrames implements VideoFrames {
  private static final Logger log = LoggerFactory.getLogger(ParallelVideoFrames.class);

  private final Path file;
  private final SamplingOptions options;
  private final VideoInfo info;
  private final int expectedSamples;
  private final List<Chunk> chunks;
  private final List<Worker> workers = new ArrayList<>();
  private final List<BlockingQueue<Item>> queues = new ArrayList<>();
  private final java.util.concurrent.atomic.AtomicInteger nextChunk =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Object window = new Object();
  private volatile int consumerChunk;
  private volatile boolean closing;
  private int windowSize;

  private int chunkIndex;
  private double previousChunkLast = Double.NEGATIVE_INFINITY;
  private double lastFrameTime = -1;
  private long nextIndex;
  private boolean ended;
  private final Emitted current = new Emitted();

  /** A stretch of the video starting at a keyframe: [start, end) in microseconds of pts. */
  private record Chunk(int index, long startMicros, long endMicros) {}

  /** What a decoder hands over: a candidate sample, or the end of a chunk. */
  private record Item(double time, LumaFrame luma, FfmpegPicture picture, boolean head,
                      boolean endOfChunk, double lastFrameTime, IOException failure) {}

  private ParallelVideoFrames(Path file, SamplingOptions options, VideoInfo info,
      int expectedSamples, List<Chunk> chunks) {
    this.file = file;
    this.options = options;
    this.info = info;
    this.expectedSamples = expectedSamples;
    this.chunks = chunks;
  }

  /**
   * Opens {@code file} for parallel sampling, or returns a single decoder when the video has too
   * few keyframes to split.
   */
  static VideoFrames open(Path file, SamplingOptions options) throws VideoDecodeException {
    FfmpegVideoFrames probe = FfmpegVideoFrames.open(file,
        options.withDecoders(1, options.decoderThreads()));
    List<Chunk> chunks;
    try {
      chunks = chunks(probe);
    } catch (FrameGrabber.Exception | RuntimeException e) {
      log.debug("Cannot list the keyframes of {}; decoding with one decoder", file, e);
      chunks = List.of();
    }
    VideoInfo info = probe.info();
    int expected = probe.expectedSamples();
    probe.close();
    if (chunks.size() < 2) {
      return FfmpegVideoFrames.open(file, options.withDecoders(1, options.decoderThreads()));
    }
    ParallelVideoFrames frames = new ParallelVideoFrames(file, options, info, expected, chunks);
    frames.start();
    log.debug("Sampling {} with {} decoders over {} chunks", file, frames.workers.size(),
        chunks.size());
    return frames;
  }

  /**
   * Keyframes found by reading the packets (no decoding), by presentation time, merged into
   * chunks of at least two seconds. Presentation times matter: with B-frames a keyframe's
   * decode time is earlier, and frames shown before it belong to the previous chunk.
   */
  private static List<Chunk> chunks(FfmpegVideoFrames probe) throws FrameGrabber.Exception {
    FFmpegFrameGrabber grabber = probe.grabber();
    int video = grabber.getVideoStream();
    AVStream stream = grabber.getFormatContext().streams(video);
    long num = stream.time_base().num();
    long den = stream.time_base().den();
    java.util.TreeSet<Long> keyframes = new java.util.TreeSet<>();
    org.bytedeco.ffmpeg.avcodec.AVPacket packet;
    while ((packet = grabber.grabPacket()) != null) {
      if (packet.stream_index() == video && (packet.flags() & AV_PKT_FLAG_KEY) != 0
          && packet.pts() != AV_NOPTS_VALUE) {
        keyframes.add(1_000_000L * packet.pts() * num / den);
      }
      org.bytedeco.ffmpeg.global.avcodec.av_packet_unref(packet);
    }
    List<Chunk> chunks = new ArrayList<>();
    long minimum = 2_000_000L;
    long start = Long.MIN_VALUE;
    for (long k : keyframes) {
      if (start == Long.MIN_VALUE) {
        start = k;
      } else if (k - start >= minimum) {
        chunks.add(new Chunk(chunks.size(), start, k));
        start = k;
      }
    }
    if (start != Long.MIN_VALUE) {
      chunks.add(new Chunk(chunks.size(), start, Long.MAX_VALUE));
    }
    return chunks;
  }

  private void start() {
    int n = Math.min(options.decoders(), chunks.size());
    windowSize = n + 2;
    for (int c = 0; c < chunks.size(); c++) {
      queues.add(new java.util.concurrent.LinkedBlockingQueue<>());
    }
    for (int w = 0; w < n; w++) {
      Worker worker = new Worker(w);
      workers.add(worker);
      worker.thread.start();
    }
  }

  /** Blocks a decoder until chunk {@code c} is within the window ahead of the consumer. */
  private boolean awaitWindow(int c) throws InterruptedException {
    synchronized (window) {
      while (!closing && c >= consumerChunk + windowSize) {
        window.wait(100);
      }
      return !closing;
    }
  }

  private void advanceConsumer() {
    synchronized (window) {
      consumerChunk = chunkIndex;
      window.notifyAll();
    }
  }

  @Override
  public VideoInfo info() {
    return info;
  }

  @Override
  public int expectedSamples() {
    return expectedSamples;
  }

  @Override
  public VideoFrame next() throws IOException {
    current.release();
    while (!ended) {
      if (chunkIndex >= chunks.size()) {
        finish();
        return null;
      }
      Item item = take(queues.get(chunkIndex));
      if (item.failure != null) {
        ended = true;
        throw item.failure;
      }
      if (item.endOfChunk) {
        if (item.lastFrameTime >= 0) {
          previousChunkLast = item.lastFrameTime;
          lastFrameTime = Math.max(lastFrameTime, item.lastFrameTime);
        }
        chunkIndex++;
        advanceConsumer();
        continue;
      }
      boolean sample;
      if (item.head) {
        // The head is a sample when a grid point lies between the previous chunk's last frame
        // and it, exactly as a single decoder would have found.
        double firstGridAfterPrevious = previousChunkLast == Double.NEGATIVE_INFINITY ? 0
            : FfmpegVideoFrames.nextSampleTime(previousChunkLast, options.samplesPerSecond());
        sample = item.time + 1e-6 >= firstGridAfterPrevious;
      } else {
        sample = true;
      }
      if (!sample) {
        item.picture.close();
        continue;
      }
      current.set(nextIndex++, item.time, item.luma, item.picture);
      return current;
    }
    return null;
  }

  private Item take(BlockingQueue<Item> queue) throws IOException {
    try {
      while (true) {
        Item item = queue.poll(100, TimeUnit.MILLISECONDS);
        if (item != null) {
          return item;
        }
        if (workers.stream().noneMatch(w -> w.thread.isAlive()) && queue.isEmpty()) {
          throw new VideoDecodeException("The decoders of " + file.getFileName() + " stopped");
        }
        if (Thread.currentThread().isInterrupted()) {
          throw new java.io.InterruptedIOException("Interrupted while decoding");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("Interrupted while decoding");
    }
  }

  private void finish() throws VideoDecodeException {
    ended = true;
    FfmpegVideoFrames.checkComplete(file, info, nextIndex, lastFrameTime);
  }

  @Override
  public void close() {
    ended = true;
    closing = true;
    current.release();
    synchronized (window) {
      window.notifyAll();
    }
    for (Worker w : workers) {
      w.stop();
    }
    for (BlockingQueue<Item> queue : queues) {
      Item item;
      while ((item = queue.poll()) != null) {
        if (item.picture != null) {
          item.picture.close();
        }
      }
    }
  }

  /** One decoder: takes the next chunk nobody has decoded yet, within the window. */
  private final class Worker implements Runnable {
    final Thread thread;

    Worker(int number) {
      this.thread = new Thread(this, "slides-decoder-" + number);
      this.thread.setDaemon(true);
    }

    @Override
    public void run() {
      FFmpegFrameGrabber grabber = FfmpegVideoFrames.grabber(file, options,
          Math.max(1, options.decoderThreads()));
      int c = -1;
      try (LumaScaler scaler = new LumaScaler(options.analysisWidth())) {
        grabber.start();
        long startMicros = FfmpegVideoFrames.startMicros(grabber);
        while ((c = nextChunk.getAndIncrement()) < chunks.size() && awaitWindow(c)) {
          decodeChunk(grabber, scaler, chunks.get(c), startMicros, queues.get(c));
        }
      } catch (IOException e) {
        fail(c, new VideoDecodeException("Cannot decode " + file.getFileName() + ": "
            + e.getMessage(), e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        fail(c, new VideoDecodeException("Cannot decode " + file.getFileName() + ": " + e, e));
      } finally {
        try {
          grabber.close();
        } catch (FrameGrabber.Exception e) {
          log.debug("Closing a decoder failed", e);
        }
      }
    }

    private void fail(int chunk, VideoDecodeException e) {
      int c = Math.max(0, Math.min(chunk, queues.size() - 1));
      queues.get(c).add(new Item(0, null, null, false, false, -1, e));
    }

    private void decodeChunk(FFmpegFrameGrabber grabber, LumaScaler scaler, Chunk chunk,
        long startMicros, BlockingQueue<Item> out) throws IOException {
      if (chunk.index > 0) {
        grabber.setTimestamp(chunk.startMicros - startMicros, true);
      }
      double rate = options.samplesPerSecond();
      double next = Double.NaN;
      double last = -1;
      Frame frame;
      while (!closing && (frame = grabber.grabImage()) != null && frame.opaque != null) {
        long pts = frame.timestamp;
        if (pts >= chunk.endMicros) {
          break; // the next chunk's keyframe: someone else's
        }
        if (pts < chunk.startMicros) {
          continue;
        }
        double time = Math.max(0, (pts - startMicros) / 1e6);
        last = time;
        boolean head = Double.isNaN(next);
        if (head || time + 1e-6 >= next) {
          AVFrame picture = (AVFrame) frame.opaque;
          LumaFrame luma = scaler.scale(picture);
          if (luma == null) {
            throw new IOException("cannot scale pixel format " + picture.format());
          }
          out.add(new Item(time, luma, new FfmpegPicture(av_frame_clone(picture)), head, false,
              -1, null));
          next = FfmpegVideoFrames.nextSampleTime(time, rate);
        }
      }
      out.add(new Item(0, null, null, false, true, last, null));
    }

    void stop() {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The sample handed out; its picture is freed on the next call unless retained. */
  private static final class Emitted extends DecodedSample {
    private FfmpegPicture picture;

    void set(long index, double time, LumaFrame luma, FfmpegPicture picture) {
      fill(index, time, luma);
      this.picture = picture;
    }

    void release() {
      if (picture != null) {
        picture.close();
        picture = null;
      }
    }

    @Override
    public Picture retain() {
      return picture.copy();
    }
  }
}
