package dev.slides.internal.video;

import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_SIZE;
import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXTERNAL;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import dev.slides.internal.download.HttpDownloader.RemoteFile;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remote video file as FFmpeg's input (a custom AVIOContext): FFmpeg's reads are served from
 * bounded ranged requests, so that seeking to a few frames fetches little more than those
 * frames. FFmpeg's own HTTP reader asks for everything from the seek point on and drops the
 * connection at the next seek, after the server has filled the socket buffers (megabytes each
 * time; see docs/BENCHMARKS.md).
 *
 * <p>Reads are fetched in blocks that start small and double while FFmpeg reads on from where
 * the last block ended (up to {@link #MAX_BLOCK}); a jump starts small again. A caller that
 * knows which bytes it needs can {@linkplain #prefetch fetch them} as one request. The last
 * blocks are kept, since the demuxer steps back a little now and then.
 *
 * <p>One thread at a time (FFmpeg calls back on the thread that reads or decodes).
 */
final class RemoteInput implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RemoteInput.class);
  static final int MIN_BLOCK = 64 * 1024;
  static final int MAX_BLOCK = 1024 * 1024;
  /** Bytes of fetched blocks kept for reading again. */
  private static final long CACHE_BYTES = 8L << 20;
  private static final int AVIO_BUFFER = 32 * 1024;

  /** The inputs FFmpeg may call back for, by the address of their opaque pointer. */
  private static final Map<Long, RemoteInput> OPEN = new ConcurrentHashMap<>();
  private static final Reader READER = new Reader();
  private static final Seeker SEEKER = new Seeker();

  private final RemoteFile file;
  private final Pointer opaque = new LongPointer(1);
  private final Deque<Block> blocks = new ArrayDeque<>();
  private AVIOContext io;
  private long position;
  private long cached;
  private long lastBlockEnd = -1;
  private int nextBlock = MIN_BLOCK;
  private IOException failure;

  private record Block(long from, byte[] bytes) {
    long to() {
      return from + bytes.length;
    }
  }

  RemoteInput(RemoteFile file) {
    this.file = file;
    BytePointer buffer = new BytePointer(av_malloc(AVIO_BUFFER));
    io = avio_alloc_context(buffer, AVIO_BUFFER, 0, opaque, READER, null, SEEKER);
    if (io == null || io.isNull()) {
      av_free(buffer);
      file.close(); // its reader thread would otherwise outlive this failure
      throw new IllegalStateException("Out of memory while opening " + file.name());
    }
    OPEN.put(opaque.address(), this);
  }

  /** The context to hand to {@code avformat_open_input} as the format context's {@code pb}. */
  AVIOContext context() {
    return io;
  }

  /** The URL without its query. */
  String name() {
    return file.name();
  }

  /** Bytes fetched from the server so far. */
  long bytesFetched() {
    return file.bytesFetched();
  }

  /**
   * The first failure of a read, which FFmpeg only saw as an error code; null when none. A
   * decoder that stops early asks this for the reason.
   */
  IOException failure() {
    return failure;
  }

  /** Fetches {@code [from, to)} in one request, unless it is held already. */
  void prefetch(long from, long to) throws IOException {
    from = Math.max(0, from);
    to = Math.min(file.size(), to);
    // Only what is not held yet: the start may lie in a block fetched before.
    for (Block b : blocks) {
      if (b.from <= from && b.to() > from) {
        from = b.to();
      }
    }
    if (to - from <= 0) {
      return;
    }
    keep(new Block(from, file.read(from, (int) Math.min(Integer.MAX_VALUE, to - from))));
  }

  private int read(BytePointer buffer, int size) {
    if (position >= file.size()) {
      return AVERROR_EOF();
    }
    try {
      Block block = blockAt(position);
      int offset = (int) (position - block.from);
      int n = Math.min(size, block.bytes.length - offset);
      buffer.position(0).put(block.bytes, offset, n);
      position += n;
      return n;
    } catch (IOException | RuntimeException e) {
      // Nothing may be thrown back into FFmpeg: it sees an error code, the caller the reason.
      if (failure == null) {
        failure = e instanceof IOException io ? io
            : new IOException("Cannot read " + file.name() + " at byte " + position, e);
      }
      log.debug("Reading {} at byte {} failed: {}", file.name(), position, e.toString());
      return AVERROR_EXTERNAL();
    }
  }

  private Block blockAt(long at) throws IOException {
    for (Block b : blocks) {
      if (b.from <= at && at < b.to()) {
        return b;
      }
    }
    // Reading on from the last block: the reader streams, so fetch more at once.
    nextBlock = at == lastBlockEnd ? Math.min(MAX_BLOCK, nextBlock * 2) : MIN_BLOCK;
    long end = Math.min(file.size(), at + nextBlock);
    // Not into a block held already.
    for (Block b : blocks) {
      if (b.from > at && b.from < end) {
        end = b.from;
      }
    }
    Block block = new Block(at, file.read(at, (int) (end - at)));
    lastBlockEnd = block.to();
    keep(block);
    return block;
  }

  private void keep(Block block) {
    blocks.addFirst(block);
    cached += block.bytes.length;
    while (cached > CACHE_BYTES && blocks.size() > 1) {
      cached -= blocks.removeLast().bytes.length;
    }
  }

  private long seek(long offset, int whence) {
    if ((whence & AVSEEK_SIZE) != 0) {
      return file.size();
    }
    long target = switch (whence & 3) {
      case 0 -> offset; // SEEK_SET
      case 1 -> position + offset; // SEEK_CUR
      case 2 -> file.size() + offset; // SEEK_END
      default -> -1;
    };
    if (target < 0) {
      return -1;
    }
    position = target;
    return target;
  }

  /** Frees the context; call after the format context using it was closed. */
  @Override
  public void close() {
    OPEN.remove(opaque.address());
    if (io != null) {
      av_free(io.buffer());
      avio_context_free(io);
      io = null;
    }
    blocks.clear();
    opaque.close();
    file.close();
  }

  private static final class Reader extends Read_packet_Pointer_BytePointer_int {
    @Override
    public int call(Pointer opaque, BytePointer buffer, int size) {
      RemoteInput input = OPEN.get(opaque.address());
      return input == null ? AVERROR_EXTERNAL() : input.read(buffer, size);
    }
  }

  private static final class Seeker extends Seek_Pointer_long_int {
    @Override
    public long call(Pointer opaque, long offset, int whence) {
      RemoteInput input = OPEN.get(opaque.address());
      return input == null ? -1 : input.seek(offset, whence);
    }
  }
}
