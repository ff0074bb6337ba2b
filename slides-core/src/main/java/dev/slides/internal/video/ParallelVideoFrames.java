package dev.slides.internal.video;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_clone;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import dev.slides.LumaFrame;
import dev.slides.SamplingOptions;
import dev.slides.internal.detect.StirredCells;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.avutil.AVFrame;
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
 * frame, which {@link #next()} knows. Each decoder decides to skip non-reference frames from the
 * same stream properties as a single one would. Memory stays bounded: decoders work at most a
 * few chunks ahead of the reader.
 */
final class ParallelVideoFrames implements VideoFrames {
  private static final Logger log = LoggerFactory.getLogger(ParallelVideoFrames.class);

  /**
   * Decoders working ahead of the reader wait while the pictures queued for it take more than
   * this when pictures are queued in the Java heap ({@link HeapPicture}): a quarter of the heap,
   * at most 96 MB (30 frames of 1080p, several seconds of motion at four samples a second).
   * Held as native frames, memory freed by the reader stays with the malloc arenas of the
   * decoder threads: at 128 MB a one-hour video reached 546 MB resident, and a budget small
   * enough to avoid that ({@link #MAX_QUEUED_NATIVE_BYTES}) left the decoder working ahead
   * waiting most of the time.
   */
  private static final long MAX_QUEUED_HEAP_BYTES = Math.min(96L << 20,
      Runtime.getRuntime().maxMemory() / 4);
  /** The budget of queued pictures held as native frames. */
  private static final long MAX_QUEUED_NATIVE_BYTES = 32L << 20;
  /**
   * Pictures the reader holds besides the queues: those the detector may still need (a few
   * seconds of samples while a new picture is awaited) and those waiting to be encoded. The
   * queues use the heap only when this many pictures also fit in a quarter of it: a 4K video
   * in a small heap keeps its pictures native.
   */
  private static final int HELD_PICTURES = 20;
  /**
   * Chunks screened on each side of those that hold the samples asked for: the screening
   * judges a chunk by the keyframes around it too (an inset moving all along, motion that goes
   * on, how a cut settles).
   */
  private static final int SCREEN_MARGIN_CHUNKS = 2;
  /**
   * Keyframes closer than this to the last chunk's first keyframe join its chunk: decoders
   * seek to every chunk they decode and each has its own queue.
   */
  private static final long MIN_CHUNK_MICROS = 2_000_000L;
  /**
   * With the screening, chunks are split further at keyframes this far apart: a chunk not
   * decoded costs nothing, and a keyframe at a cut a second after the encoder's regular one
   * (or one of the keyframes an encoder puts every half second in motion) no longer makes the
   * whole stretch after it decoded with the second before it. Closer keyframes (an intra-heavy
   * stream) stay together, so that a chunk is never a handful of frames.
   */
  private static final long MIN_SCREENED_CHUNK_MICROS = 500_000L;

  private final Path file;
  private final String name;
  private final SamplingOptions options;
  /** The part of the video asked for: the chunks cover it, and no sample after it goes out. */
  private final TimeRange range;
  /**
   * The video's first keyframe (stream ticks): its chunk is read from the start of the file,
   * every other one after a seek, never before it.
   */
  private final long firstKeyTicks;
  private final VideoInfo info;
  private final Orientation orientation;
  private final int expectedSamples;
  private final List<Chunk> chunks;
  /**
   * For each chunk that may end early or lies inside motion, the next chunk's keyframe as the
   * screening analysed it, compressed (null when it was not kept: the decoder decodes it
   * again); taken, and cleared, by the decoder of the chunk.
   */
  private final PackedLuma[] nextKeyframes;
  /**
   * For each chunk not decoded or inside motion, its own keyframe as the screening analysed
   * it, compressed (null when not kept); taken, and cleared, by the decoder of the chunk,
   * which then needs to decode nothing: the samples' pictures are {@link #keyframes},
   * decoded if encoded.
   */
  private final PackedLuma[] ownKeyframes;
  private final KeyframePicture.Source keyframes;
  /** Whether queued pictures are copied into the heap (see {@link #HELD_PICTURES}). */
  private final boolean heapPictures;
  private final long maxQueuedBytes;
  /**
   * When each frame is shown, in microseconds of presentation time, ascending: the sample times
   * of chunks that are not decoded.
   */
  private final long[] frameMicros;
  /** The packets, for the sizes of the frames a chunk may end early before. */
  private final PacketIndex index;
  /**
   * On an intra-only stream ({@link PacketIndex#isIntraOnly()}) sampled with the screening on,
   * the packets the decoders decode, by index in {@link #index}: each chunk's first frame, the
   * frames that are samples, and those a sample may be held from (see {@link #wantedFrames});
   * null elsewhere (every packet is decoded).
   */
  private final boolean[] wanted;
  private final double ticksPerSecond;
  /** Where sample times count from ({@link VideoDecoder#startMicros()}). */
  private final long containerStartMicros;
  /** Until when the video's last frame is shown, in seconds: its packet's time and duration. */
  private final double lastFrameEnd;
  private final List<Worker> workers = new ArrayList<>();
  private final List<BlockingQueue<Item>> queues = new ArrayList<>();
  private final AtomicInteger nextChunk = new AtomicInteger();
  private final AtomicLong framesDecoded = new AtomicLong();
  /**
   * Microseconds of video handed out without decoding its frames (keyframes repeated): what
   * {@link #undecodedSeconds()} tells.
   */
  private final AtomicLong undecodedMicros = new AtomicLong();
  /** Keyframes decoded to find the still stretches. */
  private final long screenFrames;
  private final Object window = new Object();
  private final DecodeDamage.Log damage = new DecodeDamage.Log();
  private volatile int consumerChunk;
  private volatile boolean closing;
  private int windowSize;
  /** For each chunk, how many chunks before it are decoded (not repeated keyframes). */
  private int[] decodedBefore;
  /** Bytes of decoded pictures waiting in the queues (shared pictures counted once). */
  private long queuedBytes; // guarded by window

  private int chunkIndex;
  private double previousChunkLast = Double.NEGATIVE_INFINITY;
  private double lastFrameTime = -1;
  private long nextIndex;
  private boolean ended;
  private double stoppedAt = Double.NaN;
  private final Emitted current = new Emitted();
  /** The chunk's head when it was no sample, until the chunk's next item says whether held. */
  private Item droppedHead;

  /**
   * A stretch of the video starting at a keyframe: [start, end) in microseconds of presentation
   * time (not shifted by the start time); {@code startTicks} is the keyframe's own timestamp.
   * {@code decode} is false when the stretch holds one still picture (see {@link GopScreen}):
   * its samples all show its first keyframe, the only frame decoded, except in
   * {@code movingAreas}: small areas that keep changing (a speaker inset), which alternate
   * between the content they have at this keyframe and at the next.
   *
   * <p>A decoded chunk with a {@code settle} rule may end early: {@code lastKeyPacket} is the
   * packet of its last keyframe, {@code endPacket} that of the next chunk's keyframe (at
   * {@code endTicks}), {@code endRegular} whether that keyframe came at the encoder's regular
   * interval. A chunk {@code insideMotion} (see {@link GopScreen#insideMotion}) is not decoded:
   * its samples alternate between its keyframe and the next. A {@code rough} one is decoded
   * without the deblocking filter (see {@link GopScreen#ROUGH_AFTER_SECONDS}). A chunk whose
   * last keyframe pair is a cut may end early too: {@code cutBytes}, when not 0, is the largest
   * frame a still picture takes in the video (see {@link GopScreen.Plan#cutBytes}).
   */
  private record Chunk(int index, long startTicks, long startMicros, long endMicros,
                       boolean decode, List<AreaPatch> movingAreas, GopScreen.Settle settle,
                       long endTicks, int lastKeyPacket, int endPacket, boolean endRegular,
                       boolean insideMotion, boolean rough, int cutBytes) {}

  /**
   * What a decoder hands over: a candidate sample, or the end of a chunk. {@code bytes} is what
   * the sample's picture adds to the memory in flight (0 when it shares the previous one's);
   * {@code damaged} whether its picture may show broken blocks ({@link VideoFrame#damaged()}).
   */
  private record Item(double time, LumaFrame luma, Picture picture, long bytes,
                      boolean head, boolean endOfChunk, double lastFrameTime, DecodeDamage damage,
                      IOException failure, boolean damaged) {
    static Item sample(double time, LumaFrame luma, Picture picture, long bytes,
        boolean head, boolean damaged) {
      return new Item(time, luma, picture, bytes, head, false, -1, null, null, damaged);
    }

    /** A decoded sample, with the decode errors met since the item before it. */
    static Item decoded(double time, LumaFrame luma, Picture picture, long bytes,
        boolean head, DecodeDamage damage, boolean damaged) {
      return new Item(time, luma, picture, bytes, head, false, -1, damage, null, damaged);
    }

    /**
     * Stands for the grid point at {@code time}, which no frame reached, when the chunk's head
     * was its last frame before it and is no sample: the reader hands the head out there.
     */
    static Item headHeld(double time) {
      return new Item(time, null, null, 0, false, false, -1, null, null, false);
    }

    boolean isHeadHeld() {
      return picture == null && !endOfChunk && failure == null;
    }

    static Item end(double lastFrameTime, DecodeDamage damage) {
      return new Item(0, null, null, 0, false, true, lastFrameTime, damage, null, false);
    }

    static Item failed(IOException failure) {
      return new Item(0, null, null, 0, false, false, -1, null, failure, false);
    }
  }

  private ParallelVideoFrames(Path file, SamplingOptions options, TimeRange range,
      VideoDecoder probe, List<Chunk> chunks, PackedLuma[] nextKeyframes,
      PackedLuma[] ownKeyframes, PacketIndex index, long screenFrames) {
    this.file = file;
    this.range = range;
    this.firstKeyTicks = index.keyframeTicks()[0];
    this.nextKeyframes = nextKeyframes;
    this.ownKeyframes = ownKeyframes;
    this.index = index;
    this.ticksPerSecond = probe.ticksPerSecond();
    this.screenFrames = screenFrames;
    this.frameMicros = new long[index.size()];
    for (int i = 0; i < frameMicros.length; i++) {
      frameMicros[i] = probe.micros(index.ticks(i));
    }
    this.containerStartMicros = probe.startMicros();
    this.lastFrameEnd = (probe.micros(index.endTicks()) - containerStartMicros) / 1e6;
    this.name = probe.name();
    this.options = options;
    this.info = probe.info();
    this.orientation = probe.orientation();
    // A video that declares no length (Matroska written into a pipe) still has one: its
    // packets, all indexed, end at the last frame's end. Without it the job's progress had no
    // total and read 85 % from the first frame.
    this.expectedSamples = range.expectedSamples(
        info.durationSeconds() > 0 ? info.durationSeconds() : lastFrameEnd,
        options.samplesPerSecond());
    this.chunks = chunks;
    this.heapPictures = picturesFitHeap(info.width(), info.height(),
        Runtime.getRuntime().maxMemory());
    this.maxQueuedBytes = heapPictures ? MAX_QUEUED_HEAP_BYTES : MAX_QUEUED_NATIVE_BYTES;
    this.keyframes = new KeyframePicture.Source(file, options, info.width(), info.height(),
        orientation);
    this.wanted = index.isIntraOnly() && options.skipStillStretches() ? wantedFrames() : null;
  }

  /**
   * The frames of an intra-only stream that decoding every frame of each chunk makes use of,
   * found by running the decoders' sampling rule ({@link Worker#decodeChunk}) over the times
   * the packets give: the chunk's first frame (its head), the first frame at or after each
   * sample time, the frame before such a frame when it came after a sample time no frame
   * reached (it is then handed out there: {@link Worker#holdSkipped}), the same for the end
   * of the chunk, and the video's last frame. Every other frame is decoded only to be passed
   * over; on a stream whose frames depend on no other, leaving them out changes nothing.
   */
  private boolean[] wantedFrames() {
    boolean[] out = new boolean[frameMicros.length];
    double rate = options.samplesPerSecond();
    for (Chunk chunk : chunks) {
      int from = firstFrameAtOrAfter(chunk.startMicros);
      int to = chunk.endMicros == Long.MAX_VALUE ? frameMicros.length
          : firstFrameAtOrAfter(chunk.endMicros);
      double next = Double.NaN;
      for (int i = from; i < to; i++) {
        double time = seconds(frameMicros[i]);
        if (Double.isNaN(next) || time + 1e-6 >= next) {
          if (!Double.isNaN(next) && i > from && mayHold(time, next, rate)) {
            out[i - 1] = true;
          }
          out[i] = true;
          next = FfmpegVideoFrames.nextSampleTime(time, rate);
        }
      }
      if (to > from && (to == frameMicros.length
          || mayHold(seconds(frameMicros[to]), next, rate))) {
        out[to - 1] = true;
      }
    }
    return out;
  }

  /**
   * Whether a frame shown at {@code time}, the first at or after the sample time {@code next},
   * comes after the grid point that follows it: the frame before it is then held there (the
   * test of {@link Worker#holdSkipped}, without its further conditions).
   */
  private static boolean mayHold(double time, double next, double rate) {
    return HeldFrames.gridPoint(time, rate) > Math.round(next * rate);
  }

  /** Seconds from the start of the video of a presentation time, as the decoders give it. */
  private double seconds(long micros) {
    return Math.max(0, (micros - containerStartMicros) / 1e6);
  }

  /** Whether the packet shown at {@code ticks} is one of the {@link #wanted} frames. */
  private boolean wanted(long ticks) {
    int i = index.firstAtOrAfter(ticks);
    return i < wanted.length && index.ticks(i) == ticks && wanted[i];
  }

  /**
   * Opens {@code file} for parallel sampling, or returns a single decoder when the video has too
   * few keyframes to split.
   */
  static VideoFrames open(Path file, SamplingOptions options) throws VideoDecodeException {
    return open(file, options, TimeRange.WHOLE);
  }

  /** {@link #open(Path, SamplingOptions)} for the samples of {@code range} only. */
  static VideoFrames open(Path file, SamplingOptions options, TimeRange range)
      throws VideoDecodeException {
    return open(file, options, GopScreen.KEPT_KEYFRAMES_BYTES, range);
  }

  /**
   * {@link #open(Path, SamplingOptions)} with the screening keeping at most {@code keptBytes}
   * of keyframes' analysis frames (decoders decode again those it did not keep).
   */
  static VideoFrames open(Path file, SamplingOptions options, long keptBytes)
      throws VideoDecodeException {
    return open(file, options, keptBytes, TimeRange.WHOLE);
  }

  /**
   * {@link #open(Path, SamplingOptions, long)} for the samples of {@code range} only: only the
   * chunks that hold them are screened and decoded.
   */
  static VideoFrames open(Path file, SamplingOptions options, long keptBytes, TimeRange range)
      throws VideoDecodeException {
    List<Chunk> chunks = new ArrayList<>();
    List<PackedLuma> nextKeyframes = new ArrayList<>();
    List<PackedLuma> ownKeyframes = new ArrayList<>();
    ParallelVideoFrames frames;
    try (VideoDecoder probe = VideoDecoder.open(file, options, 1)) {
      PacketIndex index = probe.packetIndex();
      long screenFrames = chunks(file, options, range, probe, index, chunks, nextKeyframes,
          ownKeyframes, keptBytes);
      frames = chunks.size() < 2 ? null
          : new ParallelVideoFrames(file, options, range, probe, chunks,
              nextKeyframes.toArray(new PackedLuma[0]), ownKeyframes.toArray(new PackedLuma[0]),
              index, screenFrames);
    }
    if (frames == null) {
      return FfmpegVideoFrames.open(file, options.toBuilder().decoders(1).build(), range);
    }
    frames.start();
    log.debug("Sampling {} with {} decoders over {} chunks, {} decoded, pictures queued {}",
        file, frames.workers.size(), chunks.size(),
        chunks.stream().filter(Chunk::decode).count(),
        frames.heapPictures ? "in the heap" : "as native frames");
    return frames;
  }

  /**
   * Keyframes found by reading the packets (no decoding), by presentation time, merged into
   * chunks of at least two seconds (with the screening, half a second: see
   * {@link #MIN_SCREENED_CHUNK_MICROS}); those that hold samples of {@code range} go into
   * {@code chunks}. Presentation times matter: with B-frames a keyframe's decode time is
   * earlier, and frames shown before it belong to the previous chunk. With
   * {@link SamplingOptions#skipStillStretches()}, chunks that hold one still picture are marked
   * as not to be decoded, and {@code nextKeyframes} and {@code ownKeyframes} get what the
   * screening kept for each chunk (see {@link #nextKeyframes}, {@link #ownKeyframes}).
   *
   * @return keyframes decoded by the screening
   */
  private static long chunks(Path file, SamplingOptions options, TimeRange range,
      VideoDecoder probe, PacketIndex index, List<Chunk> chunks, List<PackedLuma> nextKeyframes,
      List<PackedLuma> ownKeyframes, long keptBytes) throws VideoDecodeException {
    long[] keys = index.keyframeTicks();
    int[] coarse = chunkStarts(probe, keys, 0, keys.length, MIN_CHUNK_MICROS);
    if (coarse.length == 0) {
      return 0;
    }
    // From the last chunk starting strictly before the range (see
    // FfmpegVideoFrames#seekBefore: whether a chunk's first frame is a sample depends on the
    // frame before it), to the last one starting before its end.
    long fromMicros = probe.startMicros() + Math.round(range.from() * 1e6);
    long toMicros = Double.isInfinite(range.to()) ? Long.MAX_VALUE
        : probe.startMicros() + Math.round(range.to() * 1e6);
    int from = 0;
    int to = 0;
    for (int c = 1; c < coarse.length; c++) {
      long start = probe.micros(keys[coarse[c]]);
      from = start < fromMicros ? c : from;
      to = start < toMicros ? c : to;
    }
    // The screening judges a chunk by its neighbours too: it reads the range's chunks and a
    // margin on both sides, never the rest of the video.
    int lo = Math.max(0, from - SCREEN_MARGIN_CHUNKS);
    int hi = Math.min(coarse.length - 1, to + SCREEN_MARGIN_CHUNKS);
    // An intra-only stream has nothing to screen: decoding its keyframes is decoding every
    // frame, and its packet sizes say nothing of what changed. Its decoders decode the
    // samples' frames alone instead (see wantedFrames).
    boolean screen = options.skipStillStretches() && hi > lo && !index.isIntraOnly();
    // With the screening, each of these chunks is split at keyframes further apart; the
    // keyframes screened and the frames covered stay those of the chunks above.
    int[] first = screen ? split(probe, keys, coarse, MIN_SCREENED_CHUNK_MICROS) : coarse;
    int[] fine = new int[coarse.length + 1];
    for (int c = 0, f = 0; c <= coarse.length; c++) {
      int key = c < coarse.length ? coarse[c] : keys.length;
      while (f < first.length && first[f] < key) {
        f++;
      }
      fine[c] = f;
    }
    from = fine[from];
    to = fine[to + 1] - 1;
    lo = fine[lo];
    hi = fine[hi + 1] - 1;
    long framesDecoded = 0;
    GopScreen.Plan plan = null;
    if (screen) {
      int endKey = hi + 1 < first.length ? first[hi + 1] : keys.length;
      long[] screenedKeys = Arrays.copyOfRange(keys, first[lo], endKey);
      int[] screenedFirst = new int[hi - lo + 1];
      for (int c = lo; c <= hi; c++) {
        screenedFirst[c - lo] = first[c] - first[lo];
      }
      plan = GopScreen.plan(file, options, probe, index, screenedKeys, screenedFirst,
          keptBytes, lo > 0);
      framesDecoded = plan.framesDecoded();
    }
    for (int c = from; c <= to; c++) {
      int p = c - lo;
      long start = keys[first[c]];
      boolean hasNext = c + 1 < first.length;
      long endTicks = hasNext ? keys[first[c + 1]] : Long.MAX_VALUE;
      long end = hasNext ? probe.micros(endTicks) : Long.MAX_VALUE;
      chunks.add(new Chunk(c - from, start, probe.micros(start), end,
          plan == null || plan.decode()[p],
          plan == null ? List.of() : plan.patches().get(p),
          plan == null || !hasNext ? null : plan.settle().get(p), endTicks,
          hasNext ? index.firstAtOrAfter(keys[first[c + 1] - 1]) : -1,
          hasNext ? index.firstAtOrAfter(endTicks) : -1,
          hasNext && plan != null && first[c + 1] - first[lo] < plan.regular().length
              && plan.regular()[first[c + 1] - first[lo]],
          plan != null && plan.motion()[p], plan != null && plan.rough()[p],
          plan == null ? 0 : plan.cutBytes()[p]));
      nextKeyframes.add(plan == null ? null : plan.nextKeyframes()[p]);
      ownKeyframes.add(plan == null ? null : plan.keyframes()[p]);
    }
    return framesDecoded;
  }

  /**
   * The keyframes of {@code keys[from..to)} that start a chunk: the first, and each at least
   * {@code minimum} microseconds after the start of the chunk before.
   */
  private static int[] chunkStarts(VideoDecoder probe, long[] keys, int from, int to,
      long minimum) {
    int[] starts = new int[Math.max(0, to - from)];
    int n = 0;
    for (int k = from; k < to; k++) {
      if (n == 0 || probe.micros(keys[k]) - probe.micros(keys[starts[n - 1]]) >= minimum) {
        starts[n++] = k;
      }
    }
    return Arrays.copyOf(starts, n);
  }

  /**
   * The chunks starting at {@code coarse}, each split at its keyframes that lie at least
   * {@code minimum} microseconds after the start of the piece before and before the end of
   * the chunk: every chunk boundary of {@code coarse} stays one. The first chunk stays whole:
   * it is always decoded, as the detector starts there knowing nothing (see
   * {@link GopScreen#plan}).
   */
  private static int[] split(VideoDecoder probe, long[] keys, int[] coarse, long minimum) {
    List<Integer> starts = new ArrayList<>(List.of(coarse[0]));
    for (int c = 1; c < coarse.length; c++) {
      int end = c + 1 < coarse.length ? coarse[c + 1] : keys.length;
      long endMicros = c + 1 < coarse.length ? probe.micros(keys[end]) : Long.MAX_VALUE;
      for (int k : chunkStarts(probe, keys, coarse[c], end, minimum)) {
        if (k == coarse[c] || endMicros - probe.micros(keys[k]) >= minimum) {
          starts.add(k);
        }
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Whether pictures of {@code width} x {@code height} (4:2:0, 8 bits) may be queued in a heap
   * of {@code maxHeapBytes}: {@link #HELD_PICTURES} of them fit in a quarter of it.
   */
  static boolean picturesFitHeap(int width, int height, long maxHeapBytes) {
    long pictureBytes = (long) width * height * 3 / 2;
    return HELD_PICTURES * pictureBytes <= maxHeapBytes / 4;
  }

  private void start() {
    int n = Math.min(options.decoders(), chunks.size());
    windowSize = n + 2;
    decodedBefore = new int[chunks.size() + 1];
    for (int c = 0; c < chunks.size(); c++) {
      decodedBefore[c + 1] = decodedBefore[c] + (chunks.get(c).decode ? 1 : 0);
    }
    for (int c = 0; c < chunks.size(); c++) {
      queues.add(new LinkedBlockingQueue<>());
    }
    for (int w = 0; w < n; w++) {
      Worker worker = new Worker(w);
      workers.add(worker);
      worker.thread.start();
    }
  }

  /**
   * Blocks a decoder working ahead (not on the chunk the consumer reads) while the pictures
   * waiting in the queues exceed the memory budget: at several samples per second and long GOPs
   * a chunk holds dozens of full-size pictures.
   */
  private boolean awaitMemory(int c) throws InterruptedException {
    synchronized (window) {
      while (!closing && c != consumerChunk && queuedBytes > maxQueuedBytes) {
        window.wait(100);
      }
      return !closing;
    }
  }

  private void queued(long bytes) {
    synchronized (window) {
      queuedBytes += bytes;
      if (bytes < 0) {
        window.notifyAll();
      }
    }
  }

  /** Blocks a decoder until chunk {@code c} is within the window ahead of the consumer. */
  private boolean awaitWindow(int c) throws InterruptedException {
    synchronized (window) {
      while (!closing && decodedBefore[c] - decodedBefore[consumerChunk] >= windowSize) {
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
  public DecodeDamage damage() {
    return damage.snapshot();
  }

  @Override
  public double stoppedAt() {
    return stoppedAt;
  }

  @Override
  public double undecodedSeconds() {
    return undecodedMicros.get() / 1e6;
  }

  /**
   * Counts the chunk's frames from {@code fromMicros} (presentation time) to its end as not
   * decoded: its last one lasts until the next chunk, or until the video's last frame ends.
   */
  private void notDecoded(Chunk chunk, long fromMicros) {
    long end = chunk.endMicros != Long.MAX_VALUE ? chunk.endMicros
        : containerStartMicros + Math.round(lastFrameEnd * 1e6);
    undecodedMicros.addAndGet(Math.max(0, end - fromMicros));
  }

  @Override
  public VideoFrame next() throws IOException {
    current.release();
    while (!ended) {
      if (chunkIndex >= chunks.size()) {
        long endMicros = chunks.get(chunks.size() - 1).endMicros;
        if (endMicros != Long.MAX_VALUE) {
          // The part asked for ended before the video: at the next chunk's keyframe.
          stoppedAt = seconds(endMicros);
        }
        finish();
        return null;
      }
      Item item = take(queues.get(chunkIndex));
      if (item.bytes > 0) {
        queued(-item.bytes);
      }
      if (item.failure != null) {
        ended = true;
        throw item.failure;
      }
      if (item.damage != null) {
        damage.addAll(item.damage);
      }
      if (item.isHeadHeld()) {
        if (droppedHead != null) {
          // The head (no sample) was the last frame before a grid point no frame reached.
          Item head = droppedHead;
          droppedHead = null;
          current.set(nextIndex++, item.time, head.luma, head.picture, head.damaged);
          return current;
        }
        continue;
      }
      dropHead();
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
        droppedHead = item;
        continue;
      }
      if (item.time >= range.to()) {
        stoppedAt = item.time;
        item.picture.close(); // past the part asked for: the rest is not waited for
        lastFrameTime = Math.max(lastFrameTime, item.time);
        finish();
        return null;
      }
      current.set(nextIndex++, item.time, item.luma, item.picture, item.damaged);
      return current;
    }
    return null;
  }

  private void dropHead() {
    if (droppedHead != null) {
      droppedHead.picture.close();
      droppedHead = null;
    }
  }

  private Item take(BlockingQueue<Item> queue) throws IOException {
    try {
      while (true) {
        Item item = queue.poll(100, TimeUnit.MILLISECONDS);
        if (item != null) {
          return item;
        }
        if (workers.stream().noneMatch(w -> w.thread.isAlive()) && queue.isEmpty()) {
          throw new VideoDecodeException("Cannot decode " + name
              + ": the decoders stopped unexpectedly");
        }
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("Interrupted while decoding");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while decoding");
    }
  }

  private void finish() throws VideoDecodeException {
    ended = true;
    log.debug("{}: decoded {} of {} frames, {} of them keyframes to find still stretches", name,
        framesDecoded.get() + screenFrames, frameMicros.length, screenFrames);
    // The last frame read is the last one shown: its packet says how long it lasts.
    double lastShown = frameMicros.length == 0 ? 0
        : (frameMicros[frameMicros.length - 1] - containerStartMicros) / 1e6;
    double shownUntil = lastFrameTime + 1e-6 >= lastShown ? lastFrameEnd : -1;
    FfmpegVideoFrames.checkComplete(name, info, nextIndex, lastFrameTime, shownUntil, range);
  }

  @Override
  public void close() {
    ended = true;
    closing = true;
    current.release();
    dropHead();
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
    keyframes.close();
  }

  /** One decoder: takes the next chunk nobody has decoded yet, within the window. */
  private final class Worker implements Runnable {
    /**
     * How long the decoded samples must have held still (apart from an area that keeps changing
     * in place) before a chunk may end early: the detector must have seen a new picture come
     * to rest as it does, and a pointer moving about, which decoding alone shows, prevents it.
     */
    private static final double STILL_BEFORE_END_SECONDS = 1.0;
    /** Attempts at landing before a chunk's start when a container seeks imprecisely. */
    private static final int SEEK_ATTEMPTS = 4;

    final Thread thread;
    /** Where this decoder packs the pictures it keeps before copying them to the heap. */
    private final HeapPicture.Scratch scratch = new HeapPicture.Scratch();
    /**
     * A reference to the last frame skipped since the chunk's last sample (not converted),
     * and its time (NaN when none): the picture on screen at the next grid point when no
     * frame comes by then.
     */
    private AVFrame skipped;
    private double skippedTime = Double.NaN;
    /** Whether the skipped frame may show broken blocks ({@link VideoDecoder#frameDamaged()}). */
    private boolean skippedDamaged;
    /** Decode errors drained where no item took them: they go out with the next one. */
    private DecodeDamage carried = DecodeDamage.NONE;
    /** The frames of this decoder's already in {@link #framesDecoded}. */
    private long counted;

    Worker(int number) {
      this.thread = new Thread(this, "slides-decoder-" + number);
      this.thread.setDaemon(true);
    }

    @Override
    public void run() {
      int c = -1;
      // Several decoders run single-threaded; a lone one may use FFmpeg's own threads.
      int threads = options.decoders() > 1 ? Math.max(1, options.decoderThreads())
          : options.decoderThreads();
      try (VideoDecoder decoder = VideoDecoder.open(file, options, threads);
           LumaScaler scaler = new LumaScaler(options.analysisWidth(), decoder)) {
        skipped = av_frame_alloc();
        counted = decoder.framesDecoded();
        while ((c = nextChunk.getAndIncrement()) < chunks.size() && awaitWindow(c)) {
          long before = decoder.framesDecoded();
          decodeChunk(decoder, scaler, chunks.get(c), queues.get(c));
          count(decoder); // a chunk that ended without its end item (closing)
          if (log.isTraceEnabled()) {
            log.trace("{}: chunk {} at {} s, {} frames decoded", name, c,
                chunks.get(c).startMicros / 1_000_000, decoder.framesDecoded() - before);
          }
        }
      } catch (IOException e) {
        fail(c, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        log.warn("A decoder of {} failed", file, e);
        fail(c, new VideoDecodeException("Cannot decode " + name
            + ": the decoder failed unexpectedly", e));
      } finally {
        if (skipped != null) {
          av_frame_free(skipped);
        }
        scratch.close();
      }
    }

    private void fail(int chunk, IOException e) {
      int c = Math.max(0, Math.min(chunk, queues.size() - 1));
      queues.get(c).add(Item.failed(e));
    }

    private void decodeChunk(VideoDecoder decoder, LumaScaler scaler, Chunk chunk,
        BlockingQueue<Item> out) throws IOException, InterruptedException {
      LumaFrame target = unpack(nextKeyframes, chunk.index);
      LumaFrame own = unpack(ownKeyframes, chunk.index);
      if (own != null && repeated(chunk, target)) {
        repeatKept(chunk, own, chunk.insideMotion ? target : null, out);
        return;
      }
      boolean atFileStart = chunk.startTicks == firstKeyTicks;
      if (target == null && !atFileStart && chunk.decode
          && (chunk.settle != null || chunk.insideMotion)) {
        // Not kept by the screening; the first chunk then decodes to its end, as it is read
        // from the start without a seek.
        target = nextKeyframe(decoder, scaler, chunk);
      }
      decoder.drainDamage(); // errors outside any chunk of this decoder's: not ours to report
      decoder.countErrorsBetween(chunk.startMicros, chunk.endMicros);
      decoder.skipLoopFilter(chunk.rough);
      // On an intra-only stream only the frames the chunk's samples come from are decoded, and
      // the stream ends for this decoder at the next chunk's keyframe.
      decoder.decodeOnly(wanted == null ? null : ParallelVideoFrames.this::wanted,
          chunk.endTicks);
      AVFrame frame = atFileStart ? decoder.next() : seek(decoder, chunk);
      if (repeated(chunk, target) && frame != null
          && decoder.frameMicros() == chunk.startMicros) {
        repeatKeyframe(decoder, frame, scaler, chunk, out, chunk.insideMotion ? target : null);
        return;
      }
      double rate = options.samplesPerSecond();
      double next = Double.NaN;
      double last = -1;
      Picture previous = null;
      LumaFrame previousLuma = null;
      StirredCells.Smoothed targetSmoothed = target == null ? null : StirredCells.smooth(target);
      StirredCells.Smoothed lastSample = null;
      LumaFrame lastSampleLuma = null;
      double stillSince = Double.NaN;
      skippedTime = Double.NaN;
      av_frame_unref(skipped);
      boolean headLast = false;
      double nextFrame = Double.NaN;
      boolean rested = false;
      for (; !closing && frame != null; frame = decoder.next()) {
        long pts = decoder.frameMicros();
        if (pts >= chunk.endMicros) {
          nextFrame = decoder.frameSeconds();
          break; // the next chunk's keyframe: someone else's
        }
        if (pts < chunk.startMicros) {
          continue;
        }
        double time = decoder.frameSeconds();
        last = time;
        boolean head = Double.isNaN(next);
        if (head || time + 1e-6 >= next) {
          if (!head) {
            next = holdSkipped(decoder, scaler, chunk, out, next, time, headLast);
          }
          skippedTime = Double.NaN; // the sample supersedes the frames skipped before it
          av_frame_unref(skipped);
          headLast = head;
          LumaFrame luma = scaler.scale(frame);
          if (luma == null) {
            throw new VideoDecodeException("Cannot decode " + name
                + ": its pictures are in a pixel format this server cannot read");
          }
          Picture picture;
          long bytes;
          if (previous != null && Arrays.equals(previousLuma.pixels(), luma.pixels())) {
            // The same picture as the last sample (a still slide decodes to identical frames):
            // share its buffers instead of keeping another full-size copy.
            picture = previous.copy();
            bytes = 0;
          } else {
            if (!awaitMemory(chunk.index)) {
              break;
            }
            picture = keep(frame);
            bytes = bytes(picture, frame);
            if (previous != null) {
              previous.close();
            }
            previous = picture.copy();
            previousLuma = luma;
          }
          queued(bytes);
          // The errors met on the way go out with the sample after them: a gap they left
          // is then known for damage, not a still screen (see HeldFrames).
          boolean damaged = decoder.frameDamaged();
          out.add(Item.decoded(time, luma, picture, bytes, head, drain(decoder), damaged));
          next = FfmpegVideoFrames.nextSampleTime(time, rate);
          if (!head && time >= range.to()) {
            // The reader stops at this sample (past the part asked for): decoding on to the
            // next keyframe would be work thrown away, and the count of frames decoded would
            // depend on when the reader closed.
            rested = true;
            break;
          }
          if (target != null || chunk.cutBytes > 0) {
            StirredCells.Smoothed smoothed = StirredCells.smooth(luma);
            StirredCells moved = lastSample == null ? null
                : StirredCells.between(lastSample, smoothed);
            // A damaged picture is no rest: the rest of the chunk would repeat broken blocks.
            boolean still = !damaged && moved != null
                && GopScreen.showsKeyframe(moved, chunk.settle);
            stillSince = still ? (Double.isNaN(stillSince) ? time : stillSince) : Double.NaN;
            lastSample = smoothed;
            LumaFrame before = lastSampleLuma;
            lastSampleLuma = luma;
            boolean atRest = still && time - stillSince >= STILL_BEFORE_END_SECONDS;
            StirredCells difference = atRest && target != null
                ? settled(chunk, pts, smoothed, targetSmoothed) : null;
            if (difference != null) {
              rested = true;
              last = repeatRest(chunk, pts, next, previous, luma, target, difference, out, last);
              break;
            }
            if (atRest && restsUntilCut(chunk, pts)) {
              rested = true;
              last = repeatRest(chunk, pts, next, previous, luma, before, moved, out, last);
              break;
            }
          }
        } else {
          // Not a sample, never converted: only referenced, in case nothing follows it.
          av_frame_unref(skipped);
          av_frame_ref(skipped, frame);
          skippedTime = time;
          skippedDamaged = decoder.frameDamaged();
        }
      }
      if (previous != null) {
        previous.close();
      }
      boolean followed = frame != null;
      if (wanted != null && !closing && chunk.endMicros != Long.MAX_VALUE) {
        // Only the wanted frames were decoded, and the stream ended for this decoder at the
        // next chunk's keyframe: the chunk's last frame and the next one are the packets'.
        int end = firstFrameAtOrAfter(chunk.endMicros);
        if (end > 0 && frameMicros[end - 1] >= chunk.startMicros) {
          last = Math.max(last, seconds(frameMicros[end - 1]));
        }
        if (end < frameMicros.length) {
          nextFrame = seconds(frameMicros[end]);
          followed = true;
        }
      }
      if (!rested && !closing && !Double.isNaN(next)) {
        // The frame after the chunk, or the end of the stream, may leave grid points empty.
        double until = followed ? nextFrame : range.declaredEnd(info.durationSeconds());
        if (!Double.isNaN(until)) {
          holdSkipped(decoder, scaler, chunk, out, next, until, headLast);
        }
      }
      skippedTime = Double.NaN;
      av_frame_unref(skipped);
      count(decoder);
      out.add(Item.end(last, drain(decoder)));
    }

    /**
     * When the next frame (or the end) comes at {@code until}, after the interval of the grid
     * point at {@code next}, which no frame reached: hands out the last frame before that
     * point, on screen there, as its sample (which {@link HeldFrames} holds). That frame is
     * the last skipped one, converted now, or, when none was skipped since the chunk's head
     * was sampled ({@code headLast}), the head, which the reader hands out again when it was
     * no sample. Nothing is handed out across decode errors (lost frames are not a still
     * screen).
     *
     * @return the next sample time after it
     */
    private double holdSkipped(VideoDecoder decoder, LumaScaler scaler, Chunk chunk,
        BlockingQueue<Item> out, double next, double until, boolean headLast)
        throws IOException, InterruptedException {
      double rate = options.samplesPerSecond();
      long point = Math.round(next * rate);
      boolean held = !Double.isNaN(skippedTime) || headLast;
      if (!held || !(until > 0) || HeldFrames.gridPoint(until, rate) <= point
          || next + 1e-6 >= Math.min(until, range.to())) {
        return next;
      }
      DecodeDamage damage = drain(decoder);
      if (!damage.isEmpty()) {
        carried = damage;
        return next;
      }
      if (Double.isNaN(skippedTime)) {
        out.add(Item.headHeld(next));
        return FfmpegVideoFrames.nextSampleTime(next, rate);
      }
      LumaFrame luma = scaler.scale(skipped);
      if (luma == null) {
        throw new VideoDecodeException("Cannot decode " + name
            + ": its pictures are in a pixel format this server cannot read");
      }
      if (!awaitMemory(chunk.index)) {
        return next;
      }
      Picture picture = keep(skipped);
      long bytes = bytes(picture, skipped);
      queued(bytes);
      out.add(Item.decoded(next, luma, picture, bytes, false, DecodeDamage.NONE,
          skippedDamaged));
      skippedTime = Double.NaN;
      av_frame_unref(skipped);
      return FfmpegVideoFrames.nextSampleTime(next, rate);
    }

    /**
     * Adds the frames this decoder decoded since the last count to {@link #framesDecoded}:
     * before each chunk's end item, so that a reader that saw a chunk end sees its frames
     * counted.
     */
    private void count(VideoDecoder decoder) {
      long now = decoder.framesDecoded();
      framesDecoded.addAndGet(now - counted);
      counted = now;
    }

    /** The decode errors met since the last item, with those no item took yet. */
    private DecodeDamage drain(VideoDecoder decoder) {
      DecodeDamage drained = decoder.drainDamage();
      if (carried.isEmpty()) {
        return drained;
      }
      DecodeDamage.Log merged = new DecodeDamage.Log();
      merged.addAll(carried);
      merged.addAll(drained);
      carried = DecodeDamage.NONE;
      return merged.drain();
    }

    /** The frame kept at {@code kept[at]}, or null; taken out of {@code kept}. */
    private LumaFrame unpack(PackedLuma[] kept, int at) {
      PackedLuma packed = kept[at];
      kept[at] = null;
      return packed == null ? null : packed.unpack();
    }

    /**
     * Whether the chunk's samples repeat keyframes instead of being decoded: it holds one still
     * picture, or lies inside motion and the next chunk's keyframe ({@code target}, the
     * screening's or decoded again) is at hand to alternate with.
     */
    private boolean repeated(Chunk chunk, LumaFrame target) {
      return !chunk.decode || (chunk.insideMotion && target != null);
    }

    /**
     * A picture of {@code frame} that outlives it: in the heap when pictures go there and its
     * format allows, else a native reference.
     */
    private Picture keep(AVFrame frame) {
      Picture heap = heapPictures ? HeapPicture.copyOf(frame, orientation, scratch) : null;
      return heap != null ? heap : new FfmpegPicture(av_frame_clone(frame), orientation);
    }

    private long bytes(Picture picture, AVFrame frame) {
      return picture instanceof HeapPicture heap ? heap.bytes() : FfmpegPicture.bytes(frame);
    }

    /**
     * The next chunk's keyframe, decoded alone and scaled for analysis, so that decoding this
     * chunk can stop once it shows that picture; null when it cannot be found.
     */
    private LumaFrame nextKeyframe(VideoDecoder decoder, LumaScaler scaler, Chunk chunk)
        throws VideoDecodeException {
      decoder.seek(chunk.endTicks);
      AVFrame frame;
      while ((frame = decoder.next()) != null && decoder.frameMicros() <= chunk.endMicros) {
        if (decoder.frameMicros() == chunk.endMicros) {
          // A damaged keyframe is no picture to end on: the chunk is then decoded to its end.
          return decoder.frameDamaged() ? null : scaler.scale(frame);
        }
      }
      return null;
    }

    /**
     * How the sample at {@code pts} differs from the next chunk's keyframe, when the rest of the
     * chunk can be taken to hold its picture: the sample lies in the chunk's last keyframe pair,
     * shows the keyframe's picture (apart from an area that keeps changing around it), and no
     * frame after it can hide a change ({@link GopScreen#spikedAfter}). Null otherwise.
     */
    private StirredCells settled(Chunk chunk, long pts, StirredCells.Smoothed sample,
        StirredCells.Smoothed target) {
      int at = firstFrameAtOrAfter(pts);
      if (at < chunk.lastKeyPacket
          || GopScreen.spikedAfter(index, ticksPerSecond, at + 1, chunk.endPacket,
              index.bytes(chunk.lastKeyPacket), chunk.endRegular)) {
        return null;
      }
      // The area that differs is taken for an inset only where the keyframe pairs on both sides
      // differ there too with busy frames between them (chunk.settle): a line replaced on a
      // slide, faint or not, has none (aWordReplacedInOnePlaceOnAFaintSlideIsNotTakenForAnInset).
      StirredCells difference = StirredCells.between(sample, target);
      return GopScreen.showsKeyframe(difference, chunk.settle) ? difference : null;
    }

    /**
     * Whether the rest of a chunk that ends at a cut holds the picture of the sample at
     * {@code pts}, decoded and at rest: the sample lies in the chunk's last keyframe pair, whose
     * next keyframe shows another picture, and no frame left before that keyframe took more
     * bits than a still picture of this video ({@link Chunk#cutBytes}) or is a spike among
     * them ({@link GopScreen#anySpike}). A change there (a cut, a build, a fade) would cost
     * more; so does the encoder's refinement of a picture just after a keyframe, which this
     * waits out by decoding.
     */
    private boolean restsUntilCut(Chunk chunk, long pts) {
      int at = firstFrameAtOrAfter(pts);
      if (chunk.cutBytes == 0 || at < chunk.lastKeyPacket) {
        return false;
      }
      for (int i = at + 1; i < chunk.endPacket; i++) {
        if (index.bytes(i) > chunk.cutBytes) {
          return false;
        }
      }
      return !GopScreen.anySpike(index, chunk.lastKeyPacket, at + 1, chunk.endPacket, 0);
    }

    /**
     * Hands out the samples of the rest of a chunk after the one at {@code pts} without
     * decoding them: each shows that sample's picture, its area that differs from
     * {@code other} (the next keyframe, or the sample before) alternating with the content
     * {@code other} has there (as an inset keeps moving).
     *
     * @return the time of the chunk's last frame
     */
    private double repeatRest(Chunk chunk, long pts, double next, Picture picture,
        LumaFrame luma, LumaFrame other, StirredCells difference, BlockingQueue<Item> out,
        double last) {
      LumaFrame[] shown = difference.none() ? new LumaFrame[] {luma}
          : new LumaFrame[] {AreaPatch.apply(luma, List.of(new AreaPatch(other, difference))),
              luma};
      int following = firstFrameAtOrAfter(pts + 1);
      if (following < frameMicros.length) {
        notDecoded(chunk, frameMicros[following]);
      }
      return repeat(chunk, following, next, shown, picture, 0, out, last,
          false); // the sample at rest was no damaged picture
    }

    /**
     * Hands out, without decoding, the samples of the chunk's frames from frame {@code from}
     * on: at the times its frames are shown (the packets say when), chosen by the sampling rule
     * as decoding would ({@code next} the next sample time, NaN before the chunk's first
     * sample, which then carries {@code headBytes} of {@code picture}), showing {@code shown}
     * in turn, each with a reference to {@code picture}.
     *
     * @return the time of the chunk's last frame ({@code last} when there are none)
     */
    private double repeat(Chunk chunk, int from, double next, LumaFrame[] shown,
        Picture picture, long headBytes, BlockingQueue<Item> out, double last, boolean damaged) {
      int samples = 0;
      double rate = options.samplesPerSecond();
      for (int i = from;
           i < frameMicros.length && frameMicros[i] < chunk.endMicros && !closing; i++) {
        if (index.isSkippedByDecoders(i)) {
          // Decoding never returns this frame: a sample at its time would come a frame early,
          // and the detector's windows (an area must keep changing for 3 s) count in time.
          continue;
        }
        double time = seconds(frameMicros[i]);
        last = time;
        boolean head = Double.isNaN(next);
        if (head || time + 1e-6 >= next) {
          long bytes = head ? headBytes : 0;
          queued(bytes);
          out.add(Item.sample(time, shown[samples++ % shown.length], picture.copy(), bytes,
              head, damaged));
          next = FfmpegVideoFrames.nextSampleTime(time, rate);
        }
      }
      return last;
    }

    /**
     * Hands out the samples of a chunk that is not decoded from what the screening kept: as
     * {@link #repeatKeyframe}, with {@code luma} the keyframe's analysis frame and pictures
     * decoded only if encoded.
     */
    private void repeatKept(Chunk chunk, LumaFrame luma, LumaFrame nextKeyframe,
        BlockingQueue<Item> out) {
      notDecoded(chunk, chunk.startMicros);
      try (KeyframePicture picture = keyframes.picture(chunk.startTicks, chunk.startMicros)) {
        // The screening keeps no keyframe decoded with errors (see GopScreen).
        double last = repeat(chunk, firstFrameAtOrAfter(chunk.startMicros), Double.NaN,
            shown(chunk, luma, nextKeyframe), picture, 0, out, -1, false);
        out.add(Item.end(last, DecodeDamage.NONE));
      }
    }

    /**
     * What the samples of a chunk not decoded show in turn. Areas that keep changing alternate
     * between their two keyframes' content from one sample to the next, so that the detector
     * sees them keep changing (and leaves them out of its comparisons) as it would have seen
     * them decoded. Inside motion ({@code nextKeyframe} not null), the samples alternate
     * between this keyframe and the next, which differ in most of the picture: the detector
     * sees the frame keep moving, as it is.
     */
    private LumaFrame[] shown(Chunk chunk, LumaFrame luma, LumaFrame nextKeyframe) {
      return nextKeyframe != null ? new LumaFrame[] {luma, nextKeyframe}
          : chunk.movingAreas.isEmpty() ? new LumaFrame[] {luma}
          : new LumaFrame[] {luma, AreaPatch.apply(luma, chunk.movingAreas)};
    }

    /**
     * Hands out the samples of a chunk that holds one still picture without decoding it: each
     * shows {@code keyframe}, at the times its frames are shown (the packets say when), chosen
     * by the sampling rule as if they had been decoded. Inside motion ({@code nextKeyframe} not
     * null, the next chunk's keyframe) they alternate between the two.
     */
    private void repeatKeyframe(VideoDecoder decoder, AVFrame keyframe, LumaScaler scaler,
        Chunk chunk, BlockingQueue<Item> out, LumaFrame nextKeyframe)
        throws IOException, InterruptedException {
      LumaFrame luma = scaler.scale(keyframe);
      if (luma == null) {
        throw new VideoDecodeException("Cannot decode " + name
            + ": its pictures are in a pixel format this server cannot read");
      }
      if (!awaitMemory(chunk.index)) {
        return;
      }
      Picture picture = keep(keyframe);
      long bytes = bytes(picture, keyframe);
      notDecoded(chunk, chunk.startMicros);
      double last = repeat(chunk, firstFrameAtOrAfter(chunk.startMicros), Double.NaN,
          shown(chunk, luma, nextKeyframe), picture, bytes, out, -1, decoder.frameDamaged());
      picture.close();
      count(decoder);
      out.add(Item.end(last, decoder.drainDamage()));
    }

    /**
     * Seeks to the chunk's keyframe and returns the first decoded frame. Some containers land
     * after the requested time; then the seek goes further back, so that no frame of the chunk
     * is missed.
     */
    private AVFrame seek(VideoDecoder decoder, Chunk chunk) throws VideoDecodeException {
      return decoder.seekAtOrBefore(chunk.startTicks, chunk.startMicros,
          firstKeyTicks, SEEK_ATTEMPTS);
    }

    void stop() {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Frames decoded so far by the decoders of the chunks (keyframes decoded to screen the video
   * included) and frames in the video, for measurements.
   */
  long[] framesDecodedOfTotal() {
    return new long[] {framesDecoded.get() + screenFrames, frameMicros.length};
  }

  /** Keyframes decoded to find the still stretches, for measurements. */
  long keyframesScreened() {
    return screenFrames;
  }

  /** The first frame shown at or after {@code micros}. */
  private int firstFrameAtOrAfter(long micros) {
    int i = Arrays.binarySearch(frameMicros, micros);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && frameMicros[i - 1] == micros) {
      i--;
    }
    return i;
  }

  /** The sample handed out; its picture is freed on the next call unless retained. */
  private static final class Emitted extends DecodedSample {
    private Picture picture;

    void set(long index, double time, LumaFrame luma, Picture picture, boolean damaged) {
      fill(index, time, luma, damaged);
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
