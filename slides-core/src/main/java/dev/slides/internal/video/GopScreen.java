package dev.slides.internal.video;

import dev.slides.LumaFrame;
import dev.slides.SamplingOptions;
import dev.slides.internal.detect.Selection;
import dev.slides.internal.detect.StirredCells;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the stretches of a video that cannot hold a change, before anything is fully decoded.
 *
 * <p>A stretch between two keyframes holds one still picture when the detector cannot tell its
 * bounding keyframes apart ({@link StirredCells}), and the encoder spent no more bits on any
 * frame inside it than on the frames around (a cut, a build step or motion that came and went
 * between the two keyframes makes some frames far larger than the rest). Keyframes are decoded
 * alone ({@code skip_frame nokey}), a few percent of the cost of decoding every frame, by
 * several decoders at once.
 *
 * <p>An area that differs between the keyframes is allowed when it is small and also differs,
 * in the same or adjacent cells, between the nearest keyframes on both sides that differ little
 * (a speaker inset, an animated corner moving all along): the detector leaves such areas out of
 * its comparisons, and only when the frames between the two keyframes are busy, as a speaker
 * moving keeps them. A small difference seen once (a word replaced, which leaves the frames
 * between empty but for the one that replaced it, even when a word is replaced in the same place
 * between every two keyframes) or moving about (a pointer, whose trail between keyframes only
 * decoding would show) is not allowed, and the stretch is decoded.
 *
 * <p>A chunk whose last keyframe pair shows a new picture is not decoded either when its frames
 * are no larger than those of the video's still chunks: it held its picture up to a cut onto the
 * next keyframe, where encoders that start a keyframe at each cut put most slide changes. That
 * is the one decision packet sizes make, and it is calibrated on the same video; otherwise they
 * only ever add stretches to decode: an inset or a pointer makes frames larger without any
 * change of slide, and rate control spends large frames on still pictures.
 */
final class GopScreen {
  private static final Logger log = LoggerFactory.getLogger(GopScreen.class);

  /** Largest share of the cells an area that keeps changing between keyframes may cover. */
  static final double MAX_ACTIVE_SHARE = 0.1;
  /**
   * Frames between two keyframes are busy, as an area that keeps changing keeps them, when
   * their median is at least this many times the smallest of them (the encoder's refinement
   * after the first keyframe aside). Measured (round 5, 2026-11-26): 1.6 or more on every
   * keyframe interval of the videos with a speaker inset (both end-to-end lectures, corpus
   * cases {@code speaker-inset} and {@code youtube-1080p}); 1.0-1.2 where one word was replaced
   * between still keyframes, and on the intervals of the still slides of the corpus.
   */
  static final double BUSY_MEDIAN_OVER_SMALLEST = 1.4;
  /**
   * A frame is a spike when it is this many times larger than the median frame between the two
   * keyframes...
   */
  static final double SPIKE_OVER_MEDIAN = 4;
  /** ...and takes at least this share of the bits of the keyframe that starts the stretch. */
  static final double SPIKE_OVER_KEYFRAME = 1.0 / 6;
  /**
   * Frames this close after a keyframe are not judged by size: encoders spend extra bits
   * refining a picture just after a keyframe, and a change there shows at the next keyframe.
   */
  static final double REFINEMENT_SECONDS = 0.5;
  /**
   * Spikes this close together cannot hide a picture that counts: the detector ignores a
   * departure from a slide that returns within a second (a flash); half of that leaves a
   * margin of two samples at the default rate.
   */
  static final double FLASH_SECONDS = 0.5;
  /**
   * A keyframe pair inside motion changed at least this share of the cells: more than the
   * detector ever leaves out as areas that keep changing on a slide (40 %), so what moves is
   * most of the frame.
   */
  static final double MOTION_SHARE = 0.45;
  /**
   * Real motion decoded after a chunk taken as inside motion: more than the detector's longest
   * look back when judging a new picture (its sustained-change window, 4 s), with room for the
   * encoder's refinement after a cut (up to a second), whose larger frames hide the start of a
   * pause from the packet sizes.
   */
  static final double MOTION_AFTER_SECONDS = 6;
  /**
   * Motion after a chunk inside motion that is decoded (the real frames the detector needs
   * before motion ends) for it to be decoded without the deblocking filter on frames other than
   * keyframes: a quarter less work (FFmpeg's {@code -skip_loop_filter nokey}). Its frames only
   * ever show the detector that most of the frame keeps changing, which they still do; no
   * slide can start in it, since the picture keeps changing for longer than the encoder's
   * refinement after a cut (up to a second) and the shortest slide (a second) together; and the
   * slide before it ends at its keyframe, decoded in full, or before.
   */
  static final double ROUGH_AFTER_SECONDS = 2.5;
  /**
   * A frame below this many times the typical frame of the video's still stretches is small...
   */
  static final double PAUSE_OVER_STILL = 4;
  /** ...and small frames for this long may hold a picture at rest. */
  static final double PAUSE_SECONDS = 0.2;
  /** Keyframes at one interval needed (and a third of all) to call that interval regular. */
  static final int MIN_REGULAR_KEYFRAMES = 3;

  /**
   * A chunk whose last keyframe pair shows a new picture (a cut onto the next chunk's keyframe)
   * is taken to hold its first picture up to that keyframe only when the pair changed at least
   * this share of the cells: a new slide, not text typing in or a pointer.
   */
  static final double CUT_SHARE = 0.25;
  /**
   * ...and when none of its frames took more bits than this many times the median, over the
   * chunks the keyframes showed still, of the largest frame in each: a cut, a fade or a build
   * inside the chunk costs far more bits than a still picture with a moving inset.
   */
  static final double STILL_PACKET_MARGIN = 1.5;
  /** Chunks judged still by their keyframes needed to calibrate that measure. */
  static final int MIN_STILL_CHUNKS = 3;
  /**
   * Heap the analysis frames of chunks' first keyframes may take while the keyframes are
   * compared, kept so that chunks not decoded need no decoder at all and decoded chunks can
   * end early without decoding the next chunk's keyframe again; a tenth of the heap when that
   * is less. Beyond it, decoders decode them again, with a seek each. They are kept compressed
   * ({@link PackedLuma}): about 5 KB each at the default width, so the 864 chunks of an hour of
   * lecture take 4 MB (raw, 24 MB held 420 of them), and nothing short of many hours reaches
   * the budget.
   */
  static final long KEPT_KEYFRAMES_BYTES =
      Math.min(24L << 20, Runtime.getRuntime().maxMemory() / 10);

  private GopScreen() {}

  /**
   * @param decode for each chunk, whether it must be decoded
   * @param patches for each chunk not decoded, the small areas that keep changing in it, with
   *     their content at the chunk's next keyframe (empty when the whole picture holds)
   * @param rough for each chunk decoded inside motion, whether it may be decoded without the
   *     deblocking filter (see {@link #ROUGH_AFTER_SECONDS})
   * @param nextKeyframes for each chunk that may end early (a {@code settle} rule) or lies
   *     inside motion, the next chunk's keyframe as analysed, when it was kept; else null
   * @param keyframes for each chunk not decoded or inside motion, its own keyframe as
   *     analysed, when it was kept; else null
   * @param cutBytes for each chunk decoded in full whose last keyframe pair is a cut onto the
   *     next chunk's keyframe, the largest frame a still picture takes in this video (see
   *     {@link #STILL_PACKET_MARGIN}): once decoding shows a picture at rest in that pair, and
   *     no frame left before the cut is larger, the rest holds that picture; else 0
   * @param framesDecoded keyframes decoded to decide
   */
  record Plan(boolean[] decode, List<List<AreaPatch>> patches, List<Settle> settle,
              boolean[] regular, boolean[] motion, boolean[] rough, PackedLuma[] nextKeyframes,
              PackedLuma[] keyframes, int[] cutBytes, long framesDecoded) {}

  /**
   * How a decoded chunk may end early: once a decoded frame shows the picture of the next
   * chunk's keyframe and nothing that follows can hide a change, the rest of the chunk holds
   * that picture and need not be decoded. The picture may keep changing meanwhile only where
   * it also changed between the nearest keyframes that differ little before ({@code before})
   * and after ({@code after}) that keyframe, with busy frames between the keyframes of both:
   * an area that stays in place and keeps changing (a speaker inset), not a pointer wandering
   * about nor a word replaced once. Both null when nothing may differ.
   */
  record Settle(StirredCells before, StirredCells after) {}

  /**
   * Which chunks must be decoded: {@code decode[c]} is false when chunk {@code c} holds one
   * still picture, its first keyframe's.
   *
   * @param chunkFirstKey for each chunk, the index in {@code keyTicks} of its first keyframe;
   *     a chunk runs to the first keyframe of the next, the last one to the end of the video
   * @param keptBytes heap the analysis frames of chunks' keyframes may take (see
   *     {@link #KEPT_KEYFRAMES_BYTES})
   * @param partOfVideo whether {@code keyTicks} are the keyframes of a part of the video only
   *     (a time range): its first keyframe is then sought, not read from the start, and the
   *     measures taken over the video's still stretches are taken over that part
   */
  static Plan plan(Path file, SamplingOptions options, VideoDecoder probe, PacketIndex index,
      long[] keyTicks, int[] chunkFirstKey, long keptBytes, boolean partOfVideo)
      throws VideoDecodeException {
    int chunks = chunkFirstKey.length;
    boolean[] decode = new boolean[chunks];
    Arrays.fill(decode, true);
    List<List<AreaPatch>> patches = new ArrayList<>();
    for (int c = 0; c < chunks; c++) {
      patches.add(List.of());
    }
    List<Settle> settle = new ArrayList<>(Collections.nCopies(chunks, null));
    if (!index.isComplete() || chunks < 2) {
      return new Plan(decode, patches, settle, new boolean[keyTicks.length],
          new boolean[chunks], new boolean[chunks], new PackedLuma[chunks],
          new PackedLuma[chunks], new int[chunks], 0);
    }
    AtomicLong framesDecoded = new AtomicLong();
    StirredCells[] pairs = new StirredCells[keyTicks.length - 1];
    AreaPatch[] laterContent = new AreaPatch[pairs.length];
    AreaPatch[] earlierContent = new AreaPatch[pairs.length];
    boolean[] keep = new boolean[keyTicks.length];
    for (int first : chunkFirstKey) {
      keep[first] = true;
    }
    PackedLuma[] chunkKeyframes = new PackedLuma[keyTicks.length];
    comparePairs(file, options, probe, keyTicks, pairs, laterContent, earlierContent,
        keep, chunkKeyframes, keptBytes, partOfVideo, framesDecoded);
    boolean[] regular = regularKeyframes(index, keyTicks);
    double tps = probe.ticksPerSecond();
    boolean[] busy = new boolean[pairs.length];
    for (int j = 0; j < pairs.length; j++) {
      busy[j] = busy(index, keyTicks[j], keyTicks[j + 1],
          Math.round(REFINEMENT_SECONDS * tps));
    }
    // The first chunk is always decoded: the detector starts knowing nothing, and where its
    // first picture starts depends on how the opening seconds move. The last has no keyframe
    // after it to compare with.
    int[] largest = new int[chunks];
    for (int c = 1; c + 1 < chunks; c++) {
      largest[c] = largestFrame(index, keyTicks[chunkFirstKey[c]],
          keyTicks[chunkFirstKey[c + 1]]);
      boolean still = !spiked(index, tps, keyTicks, regular, chunkFirstKey[c],
          chunkFirstKey[c + 1]);
      List<AreaPatch> areas = new ArrayList<>();
      for (int j = chunkFirstKey[c]; still && j < chunkFirstKey[c + 1]; j++) {
        still = holds(pairs, busy, j);
        if (laterContent[j] != null) {
          areas.add(laterContent[j]);
        }
      }
      decode[c] = !still;
      if (still) {
        patches.set(c, List.copyOf(areas));
      }
    }
    int stillBound = stillPictureBound(largest, decode);
    boolean[] spikes = new boolean[chunks];
    for (int c = 1; c + 1 < chunks; c++) {
      int first = index.firstAtOrAfter(keyTicks[chunkFirstKey[c]]);
      spikes[c] = decode[c] && anySpike(index, first, first,
          index.firstAtOrAfter(keyTicks[chunkFirstKey[c + 1]]),
          Math.round(REFINEMENT_SECONDS * tps));
    }
    skipUpToCuts(pairs, busy, earlierContent, laterContent, chunkFirstKey, largest, spikes,
        stillBound, decode, patches);
    for (int c = 0; c + 1 < chunks; c++) {
      if (decode[c]) {
        int key = chunkFirstKey[c + 1];
        int before = smallNeighbour(pairs, key, -1);
        int after = smallNeighbour(pairs, key - 1, 1);
        // Only where the frames between both pairs' keyframes are busy, as for a stretch not
        // decoded (holds): a word replaced once between every two keyframes differs in place
        // around every keyframe too, and the rest of the chunk would hide its replacement.
        boolean area = before >= 0 && after >= 0 && !pairs[before].none()
            && !pairs[after].none() && busy[before] && busy[after];
        settle.set(c, area ? new Settle(pairs[before], pairs[after]) : new Settle(null, null));
      }
    }
    boolean[] motion = new boolean[chunks];
    boolean[] rough = new boolean[chunks];
    double stillFrame = stillFrameBytes(index, keyTicks, chunkFirstKey, decode);
    for (int c = 1; c + 1 < chunks && stillFrame > 0; c++) {
      motion[c] = decode[c]
          && insideMotion(index, tps, pairs, keyTicks, chunkFirstKey, c, stillFrame);
      rough[c] = decode[c] && !motion[c] && inMotion(index, tps, pairs, keyTicks,
          chunkFirstKey, c, stillFrame, ROUGH_AFTER_SECONDS);
    }
    int[] cutBytes = new int[chunks];
    for (int c = 0; c + 1 < chunks; c++) {
      StirredCells last = pairs[chunkFirstKey[c + 1] - 1];
      if (decode[c] && !motion[c] && !rough[c] && isCut(last)) {
        cutBytes[c] = stillBound;
      }
    }
    PackedLuma[] nextKeyframes = new PackedLuma[chunks];
    PackedLuma[] keyframes = new PackedLuma[chunks];
    for (int c = 0; c < chunks; c++) {
      if (!decode[c] || motion[c]) {
        keyframes[c] = chunkKeyframes[chunkFirstKey[c]];
      }
      if (c + 1 < chunks && decode[c] && (settle.get(c) != null || motion[c])) {
        nextKeyframes[c] = chunkKeyframes[chunkFirstKey[c + 1]];
      }
    }
    if (log.isDebugEnabled()) {
      int skipped = 0;
      for (boolean d : decode) {
        skipped += d ? 0 : 1;
      }
      StringBuilder plan = new StringBuilder();
      for (int c = 0; c < chunks; c++) {
        plan.append(motion[c] ? 'M' : rough[c] ? 'R' : decode[c] ? 'D' : '.');
      }
      log.debug("{}: {} of {} chunks hold one picture: {}", probe.name(), skipped, chunks, plan);
      if (log.isTraceEnabled()) {
        StringBuilder why = new StringBuilder();
        for (int c = 0; c < chunks; c++) {
          why.append(String.format(Locale.ROOT, "%n%3d %7.1f s %s spike=%s pairs:",
              c, probe.micros(keyTicks[chunkFirstKey[c]]) / 1e6, decode[c] ? "D" : ".",
              c + 1 < chunks && spiked(index, tps, keyTicks, regular, chunkFirstKey[c],
                  chunkFirstKey[c + 1])));
          int end = c + 1 < chunks ? chunkFirstKey[c + 1] : pairs.length;
          for (int j = chunkFirstKey[c]; j < end; j++) {
            why.append(' ').append(pairs[j] == null ? "?" : pairs[j].count())
                .append(holds(pairs, busy, j) ? "+" : "-");
          }
        }
        log.trace("{}: {}", probe.name(), why);
      }
    }
    return new Plan(decode, patches, settle, regular, motion, rough, nextKeyframes, keyframes,
        cutBytes, framesDecoded.get());
  }

  /**
   * Whether the detector sees the same picture at keyframes {@code j} and {@code j + 1}, apart
   * from a small area that also differs (in the same cells or next to them) between the
   * keyframes just before and just after: an area that stays in place and keeps changing, as a
   * speaker inset. An area that wanders (a pointer) does not qualify: the detector remembers
   * where things changed for many seconds, and the trail it leaves between two keyframes cannot
   * be known without decoding it.
   *
   * <p>Near either end of the video, where no such pair exists on one side, the area must
   * also differ between the two nearest such pairs on the other side: it stayed in place over
   * three keyframe pairs. Otherwise the stretches next to the first and the last (decoded
   * whole anyway) would always be decoded under an inset.
   *
   * <p>And the frames between keyframes {@code j} and {@code j + 1} must be busy
   * ({@code busy[j]}, see {@link #busy}): a word replaced in the same place once between every
   * two keyframes differs in the same small area between every pair too, but the frames
   * between are empty apart from the one that replaced it, and skipping would show the word
   * alternating, not replaced.
   */
  static boolean holds(StirredCells[] pairs, boolean[] busy, int j) {
    StirredCells pair = pairs[j];
    if (pair == null) {
      return false;
    }
    if (pair.none()) {
      return true;
    }
    if (pair.count() > MAX_ACTIVE_SHARE * pair.cells() || !busy[j]) {
      return false;
    }
    int before = smallNeighbour(pairs, j, -1);
    int after = smallNeighbour(pairs, j, 1);
    if (before < 0 && after >= 0 && endsWithout(pairs, j, -1)) {
      before = smallNeighbour(pairs, after, 1);
    } else if (after < 0 && before >= 0 && endsWithout(pairs, j, 1)) {
      after = smallNeighbour(pairs, before, -1);
    }
    return before >= 0 && after >= 0 && within(pair, pairs[before])
        && within(pair, pairs[after]);
  }

  /**
   * Whether the video ends, in direction {@code step} from pair {@code j}, with no pair that
   * differs in a small area only: every pair there was compared and changed much (or there is
   * none).
   */
  private static boolean endsWithout(StirredCells[] pairs, int j, int step) {
    for (int i = j + step; i >= 0 && i < pairs.length; i += step) {
      if (pairs[i] == null || pairs[i].count() <= MAX_ACTIVE_SHARE * pairs[i].cells()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The nearest keyframe pair before ({@code step} -1) or after (+1) pair {@code j} that differs
   * in a small area only, passing over those that changed much (cuts, fades, motion): an inset
   * keeps changing on both sides of a change of slide. -1 when there is none.
   */
  private static int smallNeighbour(StirredCells[] pairs, int j, int step) {
    for (int i = j + step; i >= 0 && i < pairs.length; i += step) {
      StirredCells p = pairs[i];
      if (p == null) {
        return -1;
      }
      if (p.count() <= MAX_ACTIVE_SHARE * p.cells()) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Marks as not to be decoded the chunks that hold their first picture up to a cut onto the
   * next chunk's keyframe: every keyframe pair inside holds, the last one (onto the next
   * chunk) changed much of the picture, no frame of the chunk took more bits than the frames
   * of chunks the keyframes showed still, and none is a spike ({@link #anySpike}: a cut
   * inside the chunk, which an encoder re-encoding a stream may make cost no more than its
   * large frames on still pictures). A chunk with no keyframe pair inside must start on the
   * picture shown before it (the pair onto its keyframe differs in a small area at most):
   * otherwise nothing but packet sizes says that its picture held, and x264 re-encoding
   * motion at a low rate (the YouTube-like lecture, with keyframes about a second apart)
   * spends no more on a second of it than on a still picture. Most slide changes of an
   * encoder that starts a keyframe at each cut fall there; without this, the whole stretch
   * before each would be decoded. Calibrated on the video itself, and only where enough still
   * chunks were found.
   */
  private static void skipUpToCuts(StirredCells[] pairs, boolean[] busy,
      AreaPatch[] earlierContent,
      AreaPatch[] laterContent, int[] chunkFirstKey, int[] largest, boolean[] spikes, int bound,
      boolean[] decode, List<List<AreaPatch>> patches) {
    int chunks = chunkFirstKey.length;
    for (int c = 1; c + 1 < chunks && bound > 0; c++) {
      int first = chunkFirstKey[c];
      int last = chunkFirstKey[c + 1] - 1;
      if (!decode[c] || largest[c] > bound || spikes[c] || !isCut(pairs[last])) {
        continue;
      }
      List<AreaPatch> areas = new ArrayList<>();
      boolean holds = true;
      for (int j = first; holds && j < last; j++) {
        holds = holds(pairs, busy, j);
        if (laterContent[j] != null) {
          areas.add(laterContent[j]);
        }
      }
      if (holds && areas.isEmpty()) {
        // No pair inside: what keeps moving is what moved onto this chunk's keyframe, shown
        // alternating with its content at the keyframe before. That keyframe must show the
        // picture of the one before it: a chunk that starts at a cut or inside motion has
        // only its packet sizes to say that its picture held, and an encoder re-encoding
        // motion at a low rate spends no more on it than on still pictures.
        int before = smallNeighbour(pairs, first, -1);
        holds = before >= 0 && before == first - 1
            && (pairs[before].none() || holds(pairs, busy, before));
        if (holds && earlierContent[before] != null) {
          areas.add(earlierContent[before]);
        }
      }
      if (holds) {
        decode[c] = false;
        patches.set(c, List.copyOf(areas));
      }
    }
  }

  /**
   * The largest frame a still picture may take in this video: {@link #STILL_PACKET_MARGIN}
   * times the median, over the chunks the keyframes showed still ({@code decode} false), of the
   * largest frame of each ({@code largest}); 0 when fewer than {@link #MIN_STILL_CHUNKS} were
   * found.
   */
  private static int stillPictureBound(int[] largest, boolean[] decode) {
    int chunks = decode.length;
    int[] stillLargest = new int[chunks];
    int n = 0;
    for (int c = 1; c + 1 < chunks; c++) {
      if (!decode[c]) {
        stillLargest[n++] = largest[c];
      }
    }
    if (n < MIN_STILL_CHUNKS) {
      return 0;
    }
    return (int) Math.floor(STILL_PACKET_MARGIN * middle(stillLargest, n));
  }

  /**
   * The value a sort of {@code values[0..n)} would put in the middle ({@code n / 2}, the upper
   * of the two middle values for an even count): a median of packet sizes without sorting them,
   * on a path run for every keyframe. {@code values} is left as it was.
   */
  static int middle(int[] values, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = values[i];
    }
    return (int) Selection.nth(v, n, n / 2);
  }

  /** Whether a keyframe pair changed enough of the picture for a new slide ({@link #CUT_SHARE}). */
  private static boolean isCut(StirredCells pair) {
    return pair != null && pair.count() > CUT_SHARE * pair.cells();
  }

  /**
   * Whether chunk {@code c} lies inside full-frame motion, far enough from its end that which
   * moving pictures the detector is shown there cannot matter: from the chunk's keyframe to
   * {@link #MOTION_AFTER_SECONDS} after the chunk, every keyframe pair changed at least
   * {@link #MOTION_SHARE} of the cells, and no stretch of
   * {@link #PAUSE_SECONDS} holds only frames below {@link #PAUSE_OVER_STILL} times the typical
   * frame of the video's still stretches ({@code stillFrame}): a pause, a picture shown for a
   * moment, slow drift all cost that few bits. The detector, seeing most of the frame change
   * from every sample to the next, is in motion there whatever the pictures, and the seconds
   * of real frames decoded after the chunk fill every window it judges a new picture by.
   *
   * <p>No motion is needed before the chunk. Its first sample is its keyframe, a real frame,
   * and what came before was decoded (or held one picture up to a cut onto that keyframe), so
   * the detector finds the slide's end where decoding finds it; after that it only has to see
   * that most of the frame keeps changing, which alternating keyframes show as real motion
   * does. Asking for 2 s of motion before the chunk gave the same segments, to the frame, on
   * every fixture of {@code StillStretchSkippingTest}, and decoded one chunk more at the start
   * of every stretch of motion.
   */
  static boolean insideMotion(PacketIndex index, double ticksPerSecond, StirredCells[] pairs,
      long[] keyTicks, int[] chunkFirstKey, int c, double stillFrame) {
    return inMotion(index, ticksPerSecond, pairs, keyTicks, chunkFirstKey, c, stillFrame,
        MOTION_AFTER_SECONDS);
  }

  /** {@link #insideMotion} with {@code after} seconds of motion after the chunk. */
  private static boolean inMotion(PacketIndex index, double ticksPerSecond,
      StirredCells[] pairs, long[] keyTicks, int[] chunkFirstKey, int c, double stillFrame,
      double after) {
    long from = keyTicks[chunkFirstKey[c]];
    long to = keyTicks[chunkFirstKey[c + 1]] + Math.round(after * ticksPerSecond);
    if (to > keyTicks[keyTicks.length - 1]) {
      return false;
    }
    // Every keyframe pair overlapping [from, to] changed much of the picture.
    for (int j = 0; j < pairs.length; j++) {
      if (keyTicks[j + 1] <= from || keyTicks[j] >= to) {
        continue;
      }
      StirredCells pair = pairs[j];
      if (pair == null || pair.count() < MOTION_SHARE * pair.cells()) {
        return false;
      }
    }
    // And the frames between took many bits: no pause of PAUSE_SECONDS in small frames.
    // A pause is found once it lasted PAUSE_SECONDS: look that much beyond both ends.
    long pause = Math.round(PAUSE_SECONDS * ticksPerSecond);
    int first = index.firstAtOrAfter(from - pause);
    int end = index.firstAtOrAfter(to + pause);
    double small = PAUSE_OVER_STILL * stillFrame;
    long smallSince = -1;
    for (int i = first; i < end; i++) {
      if (index.bytes(i) < small) {
        smallSince = smallSince < 0 ? index.ticks(i) : smallSince;
        if (index.ticks(i) - smallSince >= pause) {
          return false;
        }
      } else {
        smallSince = -1;
      }
    }
    return true;
  }

  /**
   * The median size of the frames (keyframes aside) of the chunks found to hold one still
   * picture, over those chunks: what a still picture costs in this video. 0 when fewer than
   * {@link #MIN_STILL_CHUNKS} were found.
   */
  private static double stillFrameBytes(PacketIndex index, long[] keyTicks,
      int[] chunkFirstKey, boolean[] decode) {
    int[] sizes = new int[index.size()];
    int n = 0;
    int stillChunks = 0;
    for (int c = 1; c + 1 < chunkFirstKey.length; c++) {
      if (decode[c]) {
        continue;
      }
      stillChunks++;
      int end = index.firstAtOrAfter(keyTicks[chunkFirstKey[c + 1]]);
      for (int i = index.firstAtOrAfter(keyTicks[chunkFirstKey[c]]); i < end; i++) {
        if (!index.isKey(i)) {
          sizes[n++] = index.bytes(i);
        }
      }
    }
    if (stillChunks < MIN_STILL_CHUNKS || n == 0) {
      return 0;
    }
    return middle(sizes, n);
  }

  /**
   * Whether a decoded frame shows a keyframe's picture as the detector sees it, given how the
   * two differ ({@code difference}): nowhere, or only within a small area that keeps changing
   * in place around the keyframe ({@code settle}).
   */
  static boolean showsKeyframe(StirredCells difference, Settle settle) {
    if (difference.none()) {
      return true;
    }
    return settle.before() != null
        && difference.count() <= MAX_ACTIVE_SHARE * difference.cells()
        && within(difference, settle.before()) && within(difference, settle.after());
  }

  /**
   * Whether the frames {@code [from, end)} of {@code index}, the rest of a keyframe pair after
   * a decoded frame up to the next keyframe (packet {@code end}), hold large frames that may
   * hide a picture shown and taken back: the rule of {@link #spiked}, with the median of these
   * frames. Right after a cut or a fade the encoder refines the new picture with large frames
   * for a moment; they count, so a chunk ends early only past them.
   */
  static boolean spikedAfter(PacketIndex index, double ticksPerSecond, int from, int end,
      int keyBytes, boolean regularEnd) {
    double limit = spikeLimit(index, from, end, keyBytes);
    if (Double.isNaN(limit)) {
      return false;
    }
    long firstSpike = -1;
    long lastSpike = -1;
    for (int i = from; i < end; i++) {
      if (!index.isKey(i) && index.bytes(i) > limit) {
        firstSpike = firstSpike < 0 ? index.ticks(i) : firstSpike;
        lastSpike = index.ticks(i);
      }
    }
    return awayTooLong(firstSpike, lastSpike,
        end < index.size() ? index.ticks(end) : Long.MAX_VALUE, regularEnd,
        Math.round(FLASH_SECONDS * ticksPerSecond));
  }

  /**
   * Whether the spikes from {@code firstSpike} to {@code lastSpike} (-1: none) of a keyframe
   * pair may hide a picture shown for longer than {@code flash}: one that appeared at the first
   * and went at the last, or at the pair's next keyframe ({@code nextKey}) unless that came at
   * the encoder's regular interval, where a cut would coincide with it only by chance.
   */
  private static boolean awayTooLong(long firstSpike, long lastSpike, long nextKey,
      boolean regularNextKey, long flash) {
    long returnBy = regularNextKey ? lastSpike : nextKey;
    return firstSpike >= 0 && returnBy - firstSpike > flash;
  }

  /**
   * Whether any frame of packets {@code [from, end)}, keyframes and the {@code refinement}
   * ticks after each aside, is a spike by {@link #spikeLimit} over those frames, with
   * {@code keyPacket} the keyframe the stretch starts from. Where the pictures on both sides
   * of a stretch differ, even one spike may be the change: a cut inside, not at its end.
   */
  static boolean anySpike(PacketIndex index, int keyPacket, int from, int end,
      long refinement) {
    double limit = spikeLimit(index, from, end, index.bytes(keyPacket));
    if (Double.isNaN(limit)) {
      return false;
    }
    long keyTick = index.ticks(keyPacket);
    for (int i = from; i < end; i++) {
      if (index.isKey(i)) {
        keyTick = index.ticks(i);
      } else if (index.ticks(i) - keyTick > refinement && index.bytes(i) > limit) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the frames shown between the keyframes at {@code fromTicks} and {@code toTicks}
   * are busy: their median at least {@link #BUSY_MEDIAN_OVER_SMALLEST} times the smallest, the
   * first {@code refinement} ticks after the first keyframe aside (the encoder's refinement of
   * a new picture), unless no frame is left without them. Something moving all along (a
   * speaker) keeps most frames above the smallest; a picture changed once and then at rest
   * leaves them about as small as the smallest, however large the one frame that changed it.
   * True when no frame lies between the keyframes: there is nothing to skip.
   */
  static boolean busy(PacketIndex index, long fromTicks, long toTicks, long refinement) {
    int first = index.firstAtOrAfter(fromTicks);
    int end = index.firstAtOrAfter(toTicks);
    int[] sizes = new int[Math.max(0, end - first)];
    int n = 0;
    int refining = 0;
    for (int i = first; i < end; i++) {
      if (!index.isKey(i) && index.bytes(i) > 0) { // an empty packet shows no frame
        if (index.ticks(i) - fromTicks > refinement) {
          sizes[n++] = index.bytes(i);
        } else {
          refining++;
        }
      }
    }
    if (n == 0 && refining > 0) {
      return busy(index, fromTicks, toTicks, -1);
    }
    if (n == 0) {
      return true;
    }
    int smallest = sizes[0];
    for (int i = 1; i < n; i++) {
      smallest = Math.min(smallest, sizes[i]);
    }
    return middle(sizes, n) >= BUSY_MEDIAN_OVER_SMALLEST * smallest;
  }

  /** The largest frame, keyframes aside, shown in [fromTicks, toTicks). */
  private static int largestFrame(PacketIndex index, long fromTicks, long toTicks) {
    int largest = 0;
    for (int i = index.firstAtOrAfter(fromTicks); i < index.size() && index.ticks(i) < toTicks;
         i++) {
      if (!index.isKey(i)) {
        largest = Math.max(largest, index.bytes(i));
      }
    }
    return largest;
  }

  /** Whether every cell of {@code inner} is next to (or is) a cell of {@code outer}. */
  private static boolean within(StirredCells inner, StirredCells outer) {
    if (outer == null || outer.count() > MAX_ACTIVE_SHARE * outer.cells()) {
      return false;
    }
    int cols = inner.cols();
    int rows = inner.rows();
    for (int c = 0; c < inner.cells(); c++) {
      if (!inner.stirred(c)) {
        continue;
      }
      boolean near = false;
      int row = c / cols;
      int col = c % cols;
      for (int r = Math.max(0, row - 1); r <= Math.min(rows - 1, row + 1) && !near; r++) {
        for (int k = Math.max(0, col - 1); k <= Math.min(cols - 1, col + 1) && !near; k++) {
          near = outer.stirred(r * cols + k);
        }
      }
      if (!near) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a frame between keyframes {@code fromKey} and {@code toKey} took far more bits than
   * the frames around it, in a way that may hide a picture shown and taken back between two
   * keyframes of the same picture. Spikes of one keyframe pair that all lie within
   * {@link #FLASH_SECONDS} of each other do not count: whatever they showed was gone again
   * within that time, a flash the detector ignores. The return may also come with the pair's
   * second keyframe (an encoder that starts a keyframe at each cut), unless that keyframe
   * came at the encoder's regular interval ({@code regular}), where a cut would coincide only
   * by chance. Encoders spend such isolated large frames on still pictures all the time: x264
   * re-encoding a stream (as YouTube does with uploads) spends a quarter to three quarters of
   * a keyframe on the frame where the source had a keyframe of its own.
   */
  static boolean spiked(PacketIndex index, double ticksPerSecond, long[] keyTicks,
      boolean[] regular, int fromKey, int toKey) {
    int first = index.firstAtOrAfter(keyTicks[fromKey]);
    int end = index.firstAtOrAfter(keyTicks[toKey]);
    double limit = spikeLimit(index, first, end, index.bytes(first));
    if (Double.isNaN(limit)) {
      return false;
    }
    long refinement = Math.round(REFINEMENT_SECONDS * ticksPerSecond);
    long flash = Math.round(FLASH_SECONDS * ticksPerSecond);
    int key = fromKey;
    long firstSpike = -1;
    long lastSpike = -1;
    for (int i = first; i <= end; i++) {
      boolean pairEnds = i == end || index.isKey(i) && index.ticks(i) > keyTicks[key];
      if (pairEnds) {
        int next = Math.min(key + 1, keyTicks.length - 1);
        if (awayTooLong(firstSpike, lastSpike, keyTicks[next], regular[next], flash)) {
          return true;
        }
        if (i == end) {
          return false;
        }
        key = next;
        firstSpike = -1;
        lastSpike = -1;
      }
      if (!index.isKey(i) && index.ticks(i) - keyTicks[key] > refinement
          && index.bytes(i) > limit) {
        firstSpike = firstSpike < 0 ? index.ticks(i) : firstSpike;
        lastSpike = index.ticks(i);
      }
    }
    return false;
  }

  /**
   * The size above which a frame of packets {@code [from, end)} is a spike: far above their
   * median, and a fair share of a keyframe of {@code keyBytes}. NaN when they hold no frame but
   * keyframes.
   */
  private static double spikeLimit(PacketIndex index, int from, int end, int keyBytes) {
    int[] sizes = new int[Math.max(0, end - from)];
    int n = 0;
    for (int i = from; i < end; i++) {
      if (!index.isKey(i)) {
        sizes[n++] = index.bytes(i);
      }
    }
    if (n == 0) {
      return Double.NaN;
    }
    return Math.max(SPIKE_OVER_MEDIAN * middle(sizes, n), SPIKE_OVER_KEYFRAME * keyBytes);
  }

  /**
   * Which keyframes came at the encoder's regular interval: as many frames after the keyframe
   * before as the most frequent interval of the video, or more. Without such an interval (an
   * encoder that starts keyframes only at cuts, or too few keyframes to tell) none did.
   */
  static boolean[] regularKeyframes(PacketIndex index, long[] keyTicks) {
    boolean[] regular = new boolean[keyTicks.length];
    if (keyTicks.length < 2) {
      return regular;
    }
    int[] gaps = new int[keyTicks.length];
    Map<Integer, Integer> counts = new HashMap<>();
    for (int k = 1; k < keyTicks.length; k++) {
      gaps[k] = index.firstAtOrAfter(keyTicks[k]) - index.firstAtOrAfter(keyTicks[k - 1]);
      counts.merge(gaps[k], 1, Integer::sum);
    }
    Map.Entry<Integer, Integer> mode = counts.entrySet().stream()
        .max(Map.Entry.<Integer, Integer>comparingByValue()
            .thenComparing(Map.Entry.comparingByKey()))
        .orElseThrow();
    int intervals = keyTicks.length - 1;
    if (mode.getValue() < Math.max(MIN_REGULAR_KEYFRAMES, intervals / 3.0)) {
      return regular;
    }
    for (int k = 1; k < keyTicks.length; k++) {
      regular[k] = gaps[k] >= mode.getKey();
    }
    return regular;
  }

  /**
   * Fills {@code pairs} with the stirred cells between each keyframe and the next ({@code null}
   * where a keyframe could not be decoded, or only with errors), and {@code laterContent} with
   * the content of the later keyframe in those cells where they are few, from keyframes decoded
   * alone by up to {@code options.decoders()} decoders, each over a contiguous range.
   */
  private static void comparePairs(Path file, SamplingOptions options, VideoDecoder probe,
      long[] keyTicks, StirredCells[] pairs, AreaPatch[] laterContent,
      AreaPatch[] earlierContent, boolean[] keep, PackedLuma[] chunkKeyframes, long keptLimit,
      boolean partOfVideo, AtomicLong framesDecoded) throws VideoDecodeException {
    AtomicLong keptBytes = new AtomicLong();
    int ranges = Math.max(1, Math.min(options.decoders(), pairs.length / 4));
    ExecutorService pool = Executors.newFixedThreadPool(ranges, r -> {
      Thread t = new Thread(r, "slides-keyframes");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Void>> done = new ArrayList<>();
      for (int r = 0; r < ranges; r++) {
        int from = (int) ((long) pairs.length * r / ranges);
        int to = (int) ((long) pairs.length * (r + 1) / ranges);
        done.add(pool.submit(() -> {
          framesDecoded.addAndGet(compareRange(file, options, probe, keyTicks, from, to, pairs,
              laterContent, earlierContent, keep, chunkKeyframes, keptBytes, keptLimit,
              from > 0 || partOfVideo));
          return null;
        }));
      }
      for (Future<Void> f : done) {
        f.get();
      }
      if (log.isDebugEnabled()) {
        long kept = Arrays.stream(chunkKeyframes).filter(f -> f != null).count();
        log.debug("{}: {} keyframes kept for the decoders in {} KB", probe.name(), kept,
            keptBytes.get() >> 10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VideoDecodeException("Interrupted while reading " + probe.name(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof VideoDecodeException v) {
        throw v;
      }
      throw new VideoDecodeException("Cannot decode " + probe.name()
          + ": the decoder failed unexpectedly", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Fills {@code pairs[from..to)} and {@code laterContent[from..to)}: decodes keyframes
   * {@code from} to {@code to}. Keyframes marked in {@code keep} are kept in
   * {@code chunkKeyframes} as analysed, compressed, while {@code keptBytes} stays within
   * {@code keptLimit}.
   *
   * @param seek whether to seek keyframe {@code from} (not the first of the file)
   * @return the frames decoded
   */
  private static long compareRange(Path file, SamplingOptions options, VideoDecoder probe,
      long[] keyTicks, int from, int to, StirredCells[] pairs, AreaPatch[] laterContent,
      AreaPatch[] earlierContent, boolean[] keep, PackedLuma[] chunkKeyframes,
      AtomicLong keptBytes, long keptLimit, boolean seek) throws VideoDecodeException {
    long[] keyMicros = new long[keyTicks.length];
    for (int k = 0; k < keyTicks.length; k++) {
      keyMicros[k] = probe.micros(keyTicks[k]);
    }
    Deflater deflater = PackedLuma.deflater();
    try (VideoDecoder decoder = VideoDecoder.open(file, options, 1);
         LumaScaler scaler = new LumaScaler(options.analysisWidth(), probe)) {
      decoder.decodeKeyframesOnly();
      if (seek) {
        decoder.seek(keyTicks[from]);
      }
      LumaFrame previous = null;
      StirredCells.Smoothed previousSmoothed = null;
      int previousKey = -1;
      AVFrame frame;
      while ((frame = decoder.next()) != null) {
        int k = Arrays.binarySearch(keyMicros, decoder.frameMicros());
        if (k < from) {
          continue; // an intra picture that is no keyframe, or one before the range
        }
        if (decoder.frameDamaged()) {
          // Decoded with errors, its broken blocks are no picture to compare: as a keyframe
          // that could not be decoded, its pairs stay unknown and the chunks on both sides are
          // decoded, where every damaged frame is known for what it is. Nor is it kept to be
          // shown.
          previous = null;
          previousSmoothed = null;
          previousKey = -1;
          if (k >= to) {
            break;
          }
          continue;
        }
        LumaFrame luma = scaler.scale(frame);
        if (luma == null) {
          break; // an unreadable pixel format: nothing is skipped
        }
        if (keep[k] && keptBytes.get() < keptLimit) {
          PackedLuma packed = PackedLuma.pack(luma, deflater);
          if (keptBytes.addAndGet(packed.bytes()) <= keptLimit) {
            chunkKeyframes[k] = packed;
          }
        }
        StirredCells.Smoothed smoothed = StirredCells.smooth(luma);
        if (previous != null && k == previousKey + 1) {
          StirredCells pair = StirredCells.between(previousSmoothed, smoothed);
          pairs[previousKey] = pair;
          if (!pair.none() && pair.count() <= MAX_ACTIVE_SHARE * pair.cells()) {
            laterContent[previousKey] = new AreaPatch(luma, pair);
            earlierContent[previousKey] = new AreaPatch(previous, pair);
          }
        }
        previous = luma;
        previousSmoothed = smoothed;
        previousKey = k;
        if (k >= to) {
          break;
        }
      }
      return decoder.framesDecoded();
    } finally {
      deflater.end();
    }
  }
}
