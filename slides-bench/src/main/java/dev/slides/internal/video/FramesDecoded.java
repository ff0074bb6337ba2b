package dev.slides.internal.video;

/**
 * Reads how much of a video the library decoded, for benchmarks: a package-private figure of
 * the parallel frame source, reached from the benchmark module through the shared package.
 */
public final class FramesDecoded {
  private FramesDecoded() {}

  /**
   * Frames decoded (keyframes decoded to screen the video included) and frames in the video, or
   * null when {@code frames} is not the parallel source (a video too short to split). Complete
   * once {@code frames} is closed (for a whole video, once it has handed out its last sample:
   * each decoder counts a chunk's frames before it hands out the chunk's end).
   */
  public static long[] ofTotal(VideoFrames frames) {
    VideoFrames decoded = frames instanceof HeldFrames held ? held.source() : frames;
    return decoded instanceof ParallelVideoFrames p ? p.framesDecodedOfTotal() : null;
  }
}
