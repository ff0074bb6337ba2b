package dev.slides.internal.video;

import java.util.Arrays;

/**
 * Every packet of a video stream as the demuxer lists it, without decoding: presentation time,
 * size and whether it is a keyframe, sorted by presentation time. Reading it costs a pass over
 * the file's packets (a fraction of a second for an hour of video); it says where the keyframes
 * are, when every frame is shown, and how many bits the encoder spent on each frame.
 */
final class PacketIndex {
  private final long[] ticks;
  private final int[] sizes;
  private final boolean[] keys;
  /** Packets a decoder skipping non-reference frames never returns a frame of. */
  private final boolean[] unreferenced;
  private final boolean complete;
  private final long endTicks;
  private final boolean intraOnly;

  /**
   * Sorts the packets by presentation time; the last one is shown for one tick.
   *
   * @param complete false when packets without a presentation time were left out
   */
  PacketIndex(long[] ticks, int[] sizes, boolean[] keys, boolean complete) {
    this(ticks, sizes, keys, complete,
        Arrays.stream(ticks).max().orElse(Long.MIN_VALUE - 1) + 1);
  }

  /**
   * Sorts the packets by presentation time.
   *
   * @param complete false when packets without a presentation time were left out
   * @param endTicks until when the last packet is shown: its time plus its duration
   */
  PacketIndex(long[] ticks, int[] sizes, boolean[] keys, boolean complete, long endTicks) {
    this(ticks, sizes, keys, new boolean[ticks.length], complete, endTicks);
  }

  /**
   * Sorts the packets by presentation time.
   *
   * @param unreferenced which packets hold frames no other frame refers to, which a decoder
   *     skipping non-reference frames never returns (all false when unknown)
   * @param complete false when packets without a presentation time were left out
   * @param endTicks until when the last packet is shown: its time plus its duration
   */
  PacketIndex(long[] ticks, int[] sizes, boolean[] keys, boolean[] unreferenced,
      boolean complete, long endTicks) {
    this(ticks, sizes, keys, unreferenced, complete, endTicks, false);
  }

  /**
   * Sorts the packets by presentation time.
   *
   * @param unreferenced which packets hold frames no other frame refers to, which a decoder
   *     skipping non-reference frames never returns (all false when unknown)
   * @param complete false when packets without a presentation time were left out
   * @param endTicks until when the last packet is shown: its time plus its duration
   * @param intraOnly whether every frame is decoded on its own (see {@link #isIntraOnly()})
   */
  PacketIndex(long[] ticks, int[] sizes, boolean[] keys, boolean[] unreferenced,
      boolean complete, long endTicks, boolean intraOnly) {
    this.intraOnly = intraOnly && complete;
    this.complete = complete;
    this.endTicks = endTicks;
    Integer[] order = new Integer[ticks.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(ticks[a], ticks[b]));
    this.ticks = new long[ticks.length];
    this.sizes = new int[ticks.length];
    this.keys = new boolean[ticks.length];
    this.unreferenced = new boolean[ticks.length];
    for (int i = 0; i < order.length; i++) {
      this.ticks[i] = ticks[order[i]];
      this.sizes[i] = sizes[order[i]];
      this.keys[i] = keys[order[i]];
      this.unreferenced[i] = unreferenced[order[i]];
    }
  }

  /**
   * Whether every packet had a presentation time, so that when each frame is shown is known
   * without decoding it.
   */
  boolean isComplete() {
    return complete;
  }

  /**
   * Whether every frame is decoded on its own, from its packet alone (MJPEG, ProRes, x264
   * with a keyframe at every frame): every packet is a keyframe with a presentation time
   * (for H.264 and HEVC an IDR picture, see {@link UnreferencedFrames#startsAfresh}; other
   * codecs only when FFmpeg describes them as intra-only, since a container's keyframe flags
   * alone may be wrong), the packets are stored in the order they are shown, and the codec
   * declares no reordering delay. Any subset of the packets then decodes to the same frames
   * as the whole stream.
   */
  boolean isIntraOnly() {
    return intraOnly;
  }

  /**
   * Until when the last frame is shown, in stream ticks: a variable-frame-rate recording may
   * show it for many seconds.
   */
  long endTicks() {
    return endTicks;
  }

  int size() {
    return ticks.length;
  }

  /** Presentation time of packet {@code i} in stream ticks. */
  long ticks(int i) {
    return ticks[i];
  }

  int bytes(int i) {
    return sizes[i];
  }

  boolean isKey(int i) {
    return keys[i];
  }

  /**
   * Whether packet {@code i} holds a frame that the decoders of the chunks, skipping
   * non-reference frames, never return: samples handed out without decoding must not be taken
   * at its time, or they would come at other times than decoding gives (a frame early).
   */
  boolean isSkippedByDecoders(int i) {
    return unreferenced[i];
  }

  /** Presentation times (stream ticks) of the keyframes, ascending, without repeats. */
  long[] keyframeTicks() {
    return Arrays.stream(indexesOfKeys()).mapToLong(i -> ticks[i]).distinct().toArray();
  }

  private int[] indexesOfKeys() {
    int n = 0;
    for (boolean k : keys) {
      n += k ? 1 : 0;
    }
    int[] out = new int[n];
    for (int i = 0, j = 0; i < keys.length; i++) {
      if (keys[i]) {
        out[j++] = i;
      }
    }
    return out;
  }

  /** The first packet shown at or after {@code fromTicks}. */
  int firstAtOrAfter(long fromTicks) {
    int lo = 0;
    int hi = ticks.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ticks[mid] < fromTicks) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
