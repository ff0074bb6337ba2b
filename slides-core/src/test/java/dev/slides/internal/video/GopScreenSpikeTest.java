package dev.slides.internal.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The packet-size rule of {@link GopScreen} on made-up packet lists: 30 frames a second, one
 * tick per frame, 1 000-byte frames of a still picture between 20 000-byte keyframes.
 */
class GopScreenSpikeTest {
  private static final double FPS = 30;

  /** Frames of a video with keyframes at {@code keyFrames}, {@code frames} long. */
  private static final class Packets {
    final int[] sizes;
    final boolean[] keys;

    Packets(int frames, int... keyFrames) {
      sizes = new int[frames];
      keys = new boolean[frames];
      Arrays.fill(sizes, 1_000);
      for (int k : keyFrames) {
        keys[k] = true;
        sizes[k] = 20_000;
      }
    }

    Packets spike(int frame, int bytes) {
      sizes[frame] = bytes;
      return this;
    }

    PacketIndex index() {
      long[] ticks = new long[sizes.length];
      for (int i = 0; i < ticks.length; i++) {
        ticks[i] = i;
      }
      return new PacketIndex(ticks, sizes.clone(), keys.clone(), true);
    }
  }

  private static boolean spiked(Packets p, int fromKey, int toKey) {
    PacketIndex index = p.index();
    long[] keyTicks = index.keyframeTicks();
    return GopScreen.spiked(index, FPS, keyTicks, GopScreen.regularKeyframes(index, keyTicks),
        fromKey, toKey);
  }

  @Test
  void anIsolatedLargeFrameBeforeARegularKeyframeHidesNothing() {
    // Keyframes every 90 frames: a re-encoder's large frame where its source had a keyframe
    // (a third of a keyframe, 7 times the median), 1.7 s after the keyframe. A picture shown
    // there would need a second large frame to go away again before the next keyframe.
    Packets p = new Packets(451, 0, 90, 180, 270, 360, 450).spike(140, 7_000);
    assertFalse(spiked(p, 1, 2));
  }

  @Test
  void largeFramesWithinHalfASecondOfEachOtherAreAFlashAtMost() {
    Packets p = new Packets(451, 0, 90, 180, 270, 360, 450).spike(150, 7_000).spike(160, 6_000);
    assertFalse(spiked(p, 1, 2));
  }

  @Test
  void largeFramesFarApartMayHideASlideShownAndTakenBack() {
    // A cut to another slide and a cut back 1.5 s later, between keyframes of the same picture.
    Packets p = new Packets(451, 0, 90, 180, 270, 360, 450).spike(120, 15_000).spike(165, 15_000);
    assertTrue(spiked(p, 1, 2));
  }

  @Test
  void aLargeFrameLongBeforeAKeyframeAtACutMayHideASlideThatEndsThere() {
    // Keyframes every 90 frames, but the one at 240 came early: an encoder starting a keyframe
    // at a cut. A slide cut to at 200 may have lasted until the cut back at 240 (1.3 s).
    Packets p = new Packets(451, 0, 90, 180, 240, 330, 420).spike(200, 7_000);
    assertTrue(spiked(p, 2, 3));
    // The same large frame just before that keyframe: at most 0.3 s shown, a flash.
    Packets late = new Packets(451, 0, 90, 180, 240, 330, 420).spike(231, 7_000);
    assertFalse(spiked(late, 2, 3));
  }

  @Test
  void largeFramesJustAfterAKeyframeAreTheEncoderRefiningIt() {
    Packets p = new Packets(451, 0, 90, 180, 270, 360, 450).spike(92, 15_000).spike(100, 9_000);
    assertFalse(spiked(p, 1, 2));
  }

  @Test
  void eachKeyframePairOfAChunkIsJudgedOnItsOwn() {
    // One chunk spanning keyframes 90-270: an isolated large frame in each pair is harmless,
    // a cut and a cut back in the second pair are not.
    Packets quiet = new Packets(451, 0, 90, 180, 270, 360, 450).spike(140, 7_000)
        .spike(230, 7_000);
    assertFalse(spiked(quiet, 1, 3));
    Packets flash = new Packets(451, 0, 90, 180, 270, 360, 450).spike(140, 7_000)
        .spike(200, 15_000).spike(250, 15_000);
    assertTrue(spiked(flash, 1, 3));
  }

  @Test
  void betweenKeyframesOfDifferentPicturesEvenOneLargeFrameMayBeTheChange() {
    // The cut that the spike rule lets pass between keyframes of one picture (it cannot hide
    // anything there) is, between keyframes of two, where the picture changed.
    Packets p = new Packets(451, 0, 90, 180, 270, 360, 450).spike(140, 7_000);
    assertFalse(spiked(p, 1, 2));
    PacketIndex index = p.index();
    assertTrue(GopScreen.anySpike(index, 90, 90, 180, 15));
    // Refining the keyframe (within the 15 ticks after it) is no change; nor is a frame far
    // above the median but small beside the keyframe.
    Packets refining = new Packets(451, 0, 90, 180, 270, 360, 450).spike(100, 15_000)
        .spike(150, 3_000);
    assertFalse(GopScreen.anySpike(refining.index(), 90, 90, 180, 15));
    assertTrue(GopScreen.anySpike(refining.index(), 90, 90, 180, 0));
  }

  @Test
  void framesASpeakerKeepsChangingAreBusyAndAWordReplacedOnceIsNot() {
    // A speaker moving all along: most frames well above the smallest.
    Packets inset = new Packets(181, 0, 90, 180);
    for (int i = 91; i < 180; i++) {
      inset.spike(i, 900 + 700 * (i % 4));
    }
    assertTrue(GopScreen.busy(inset.index(), 90, 180, 15));
    // A still picture where one frame replaced a word: one frame far above the rest, however
    // large, leaves the frames between empty.
    Packets word = new Packets(181, 0, 90, 180).spike(140, 19_000).spike(141, 1_300);
    assertFalse(GopScreen.busy(word.index(), 90, 180, 15));
  }

  @Test
  void theEncodersRefinementAfterAKeyframeDoesNotMakeFramesBusy() {
    Packets refining = new Packets(181, 0, 90, 180);
    for (int i = 91; i <= 105; i++) {
      refining.spike(i, 4_000);
    }
    assertFalse(GopScreen.busy(refining.index(), 90, 180, 15));
    // Keyframes closer together than the refinement: all frames between count.
    Packets close = new Packets(31, 0, 10, 20, 30);
    assertFalse(GopScreen.busy(close.index(), 10, 20, 15));
    for (int i = 11; i < 20; i++) {
      close.spike(i, 900 + 700 * (i % 4));
    }
    assertTrue(GopScreen.busy(close.index(), 10, 20, 15));
  }

  @Test
  void theRegularIntervalIsTheMostFrequentOneAndLongerOnes() {
    PacketIndex index = new Packets(451, 0, 90, 180, 240, 330, 420).index();
    assertArrayEquals(new boolean[] {false, true, true, false, true, true},
        GopScreen.regularKeyframes(index, index.keyframeTicks()));
  }

  @Test
  void keyframesOnlyAtCutsHaveNoRegularInterval() {
    PacketIndex index = new Packets(451, 0, 70, 180, 240, 330, 400).index();
    assertArrayEquals(new boolean[6], GopScreen.regularKeyframes(index, index.keyframeTicks()));
  }
}
