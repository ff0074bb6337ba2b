package dev.slides.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files that are not usable videos, for failure tests. */
public final class BadFiles {
  private BadFiles() {}

  public static Path text(Path file) throws IOException {
    return Files.writeString(file, "This is not a video, just some text.\n".repeat(200),
        StandardCharsets.UTF_8);
  }

  /**
   * A name this process may not read, whoever runs it: a symbolic link to a kernel file that is
   * write-only even for root ({@code /proc/sys/vm/drop_caches}, mode 0200), where a file made
   * unreadable with {@code chmod} is still read by root, as on CI. Only ever read it.
   */
  public static Path unreadable(Path link) throws IOException {
    Path target = Path.of("/proc/sys/vm/drop_caches");
    Path made = Files.createSymbolicLink(link, target);
    if (Files.isReadable(made)) {
      throw new IllegalStateException(target + " is readable here: no file to refuse reading");
    }
    return made;
  }

  public static Path empty(Path file) throws IOException {
    return Files.write(file, new byte[0]);
  }

  /** The first half of a real video: its index (at the end of an MP4) is gone. */
  public static Path truncated(Path video, Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(video);
    return Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
  }

  /**
   * A real video whose header (the MP4 {@code moov} box, written at the end) is overwritten
   * with garbage: the container is recognised, its description of the video is not.
   */
  public static Path corruptHeader(Path video, Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(video);
    int moov = indexOf(bytes, "moov".getBytes(StandardCharsets.US_ASCII));
    if (moov < 0) {
      throw new IllegalArgumentException(video + " has no moov box");
    }
    java.util.Random random = new java.util.Random(7);
    for (int i = moov + 4; i < Math.min(bytes.length, moov + 4 + 512); i++) {
      bytes[i] = (byte) random.nextInt();
    }
    return Files.write(file, bytes);
  }

  /**
   * A real video with bytes {@code from} to {@code to} (shares of its length) overwritten with
   * noise: the container is intact, part of the pictures is not.
   */
  public static Path corruptMiddle(Path video, Path file, double from, double to)
      throws IOException {
    byte[] bytes = Files.readAllBytes(video);
    java.util.Random random = new java.util.Random(1);
    for (int i = (int) (bytes.length * from); i < (int) (bytes.length * to); i++) {
      bytes[i] = (byte) random.nextInt();
    }
    return Files.write(file, bytes);
  }

  /**
   * A real video whose keyframe shown at {@code seconds} has the middle half of its bytes
   * overwritten with noise: the container and every other packet are intact, FFmpeg decodes the
   * keyframe with errors and patches the rest of it up from what it has (smeared, broken
   * blocks), and every frame predicted from it up to the next keyframe carries those on
   * without being marked damaged itself.
   */
  public static Path damagedKeyframe(Path video, Path file, double seconds) throws IOException {
    return damagedPacket(video, file, seconds, true, 64, 3);
  }

  /**
   * A real video whose frame (no keyframe) stored at {@code seconds} has the middle half of its
   * bytes overwritten with noise: one damaged packet, every other one intact. FFmpeg decodes
   * that frame with errors and patches it up from the frame before; the frames predicted from
   * it up to the next keyframe may carry its broken blocks on, unmarked.
   */
  public static Path damagedFrame(Path video, Path file, double seconds) throws IOException {
    return damagedPacket(video, file, seconds, false, 16, 5);
  }

  /**
   * {@code video} with the middle half of the bytes of its packet stored at {@code seconds}
   * (a keyframe's or another frame's) overwritten with noise from {@code seed}.
   */
  private static Path damagedPacket(Path video, Path file, double seconds, boolean keyframe,
      int minSize, long seed) throws IOException {
    long pos = -1;
    int size = 0;
    try (org.bytedeco.javacv.FFmpegFrameGrabber grabber =
             new org.bytedeco.javacv.FFmpegFrameGrabber(video.toFile())) {
      grabber.start();
      org.bytedeco.ffmpeg.avcodec.AVPacket packet;
      while ((packet = grabber.grabPacket()) != null) {
        double time = packet.pts() * org.bytedeco.ffmpeg.global.avutil.av_q2d(
            grabber.getFormatContext().streams(packet.stream_index()).time_base());
        boolean key = (packet.flags() & org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY) != 0;
        if (key == keyframe && Math.abs(time - seconds) < 1e-3) {
          pos = packet.pos();
          size = packet.size();
        }
      }
      grabber.stop();
    }
    if (pos < 0 || size < minSize) {
      throw new IllegalArgumentException(video + " has no " + (keyframe ? "keyframe" : "frame")
          + " of " + minSize + " bytes or more" + (keyframe ? "" : " (no keyframe)") + " at "
          + seconds + " s");
    }
    byte[] bytes = Files.readAllBytes(video);
    java.util.Random random = new java.util.Random(seed);
    for (long i = pos + size / 4; i < pos + 3 * size / 4; i++) {
      bytes[(int) i] = (byte) random.nextInt();
    }
    return Files.write(file, bytes);
  }

  /**
   * A 30 s lecture (a slide, motion that holds most of the bytes, another slide) written to
   * {@code dir/clean.mp4}, and the same with noise over 10-20 % of its bytes, which lands in the
   * first seconds of the motion (about 6 to 11 s), as {@code dir/damaged.mp4}; returns the
   * damaged one.
   */
  public static Path damagedLecture(Path dir) throws IOException {
    Path clean = LectureVideo.builder(320, 180, 10).gop(50).speakerInset(0.2)
        .slide(Slides.bullets(320, 180, 1, "A", 3), 10)
        .motion(5)
        .slide(Slides.bullets(320, 180, 2, "B", 3), 15)
        .write(dir.resolve("clean.mp4"));
    return corruptMiddle(clean, dir.resolve("damaged.mp4"), 0.1, 0.2);
  }

  /**
   * An MP4 {@code video} whose video track names a codec no decoder knows: the four letters of
   * its sample description (avc1, mp4v...) replaced by {@code fourcc}, every byte of the
   * pictures intact.
   */
  public static Path unknownCodec(Path video, Path file, String fourcc) throws IOException {
    byte[] bytes = Files.readAllBytes(video);
    int stsd = indexOf(bytes, "stsd".getBytes(StandardCharsets.US_ASCII));
    if (stsd < 0) {
      throw new IllegalArgumentException(video + " has no stsd box");
    }
    // stsd: version and flags, entry count, then the first entry's size and its four letters.
    byte[] code = fourcc.getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(code, 0, bytes, stsd + 4 + 4 + 4 + 4, 4);
    return Files.write(file, bytes);
  }

  /** A still image in {@code format} (png, gif, jpeg: what ImageIO writes). */
  public static Path image(Path file, String format) throws IOException {
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(160, 90, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = image.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, 160, 90);
    g.setColor(java.awt.Color.BLACK);
    g.fillRect(10, 10, 60, 20);
    g.dispose();
    if (!javax.imageio.ImageIO.write(image, format, file.toFile())) {
      throw new IllegalArgumentException("No ImageIO writer for " + format);
    }
    return file;
  }

  /** A still AVIF image: to FFmpeg's MP4 reader, a one-frame AV1 video. */
  public static Path avif(Path file) throws IOException {
    org.bytedeco.ffmpeg.global.avutil.av_log_set_level(
        org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
    try (org.bytedeco.javacv.FFmpegFrameRecorder recorder =
             new org.bytedeco.javacv.FFmpegFrameRecorder(file.toFile(), 64, 48, 0)) {
      recorder.setFormat("avif");
      recorder.setVideoCodecName("libaom-av1");
      recorder.setVideoOption("cpu-used", "8");
      recorder.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(1);
      recorder.start();
      org.bytedeco.javacv.Frame frame =
          new org.bytedeco.javacv.Frame(64, 48, org.bytedeco.javacv.Frame.DEPTH_UBYTE, 3);
      recorder.record(frame, org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24);
      recorder.stop();
    } catch (org.bytedeco.javacv.FrameRecorder.Exception e) {
      throw new IOException("Cannot write fixture " + file, e);
    }
    return file;
  }

  /**
   * An ffconcat list naming another file of the same folder: FFmpeg, if allowed, reads that
   * file instead.
   */
  public static Path ffconcat(Path file, Path other) throws IOException {
    return Files.writeString(file, "ffconcat version 1.0\nfile " + other.getFileName() + "\n",
        StandardCharsets.UTF_8);
  }

  /** An HLS playlist with one local segment. */
  public static Path hlsPlaylist(Path file, Path segment) throws IOException {
    return Files.writeString(file, "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n"
        + "#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:10.0,\n" + segment.getFileName()
        + "\n#EXT-X-ENDLIST\n", StandardCharsets.UTF_8);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = haystack.length - needle.length; i >= 0; i--) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Three seconds of a 440 Hz tone in an MP4 container (AAC): a video container, no video. */
  public static Path audioOnlyMp4(Path file) throws IOException {
    org.bytedeco.ffmpeg.global.avutil.av_log_set_level(
        org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
    int rate = 44100;
    try (org.bytedeco.javacv.FFmpegFrameRecorder recorder =
             new org.bytedeco.javacv.FFmpegFrameRecorder(file.toFile(), 1)) {
      recorder.setFormat("mp4");
      recorder.setAudioCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC);
      recorder.setSampleRate(rate);
      recorder.start();
      short[] tone = new short[rate * 3];
      for (int i = 0; i < tone.length; i++) {
        tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate));
      }
      recorder.recordSamples(rate, 1, java.nio.ShortBuffer.wrap(tone));
      recorder.stop();
    } catch (org.bytedeco.javacv.FrameRecorder.Exception e) {
      throw new IOException("Cannot write fixture " + file, e);
    }
    return file;
  }

  /** Three seconds of a 440 Hz tone as a WAV file: audio, no video. */
  public static Path audioOnly(Path file) throws IOException {
    int rate = 8000;
    int samples = rate * 3;
    ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2)
        .put("WAVE".getBytes(StandardCharsets.US_ASCII))
        .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
        .putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
        .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
    for (int i = 0; i < samples; i++) {
      b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate)));
    }
    return Files.write(file, b.array());
  }

  /**
   * A decompression bomb: one second of black frames of {@code width} x {@code height} in
   * MPEG-TS (MPEG-2, which goes up to 16383 pixels a side). A few kilobytes on disk, and
   * {@code width * height * 1.5} bytes for each frame once decoded.
   */
  public static Path hugeFrames(Path file, int width, int height) throws IOException {
    return blackMpeg2Ts(file, width, height, 2);
  }

  /**
   * {@link #hugeFrames} in an MPEG program stream: a container with no header, whose streams
   * FFmpeg learns of only as their packets turn up.
   */
  public static Path hugeFramesInProgramStream(Path file, int width, int height)
      throws IOException {
    return mpeg2(file, "mpeg", width, height, 2, 0, column -> false);
  }

  /**
   * A decompression bomb that hides: {@code seconds} of small (320 x 180) black frames, then
   * two of {@code width} x {@code height}, in one MPEG-TS stream (two recordings joined, as
   * MPEG-TS allows). Everything read before decoding (the stream's description, the first
   * seconds FFmpeg probes) shows only the small frames.
   */
  public static Path framesGrowingTo(Path file, int width, int height, int seconds)
      throws IOException {
    Path small = blackMpeg2Ts(file.resolveSibling(file.getFileName() + ".small.ts"), 320, 180,
        2 * seconds);
    Path huge = mpeg2Ts(file.resolveSibling(file.getFileName() + ".huge.ts"), width, height,
        2, 2 * seconds, column -> false);
    return join(file, small, huge);
  }

  /** {@code frames} black frames at 2 fps in MPEG-TS (MPEG-2, up to 16383 pixels a side). */
  private static Path blackMpeg2Ts(Path file, int width, int height, int frames)
      throws IOException {
    return mpeg2Ts(file, width, height, frames, 0, column -> false);
  }

  /**
   * {@code frames} frames at 2 fps in MPEG-TS (MPEG-2, up to 16383 pixels a side), numbered
   * from {@code firstFrame} (their times), black but for the 64ths of their width that
   * {@code white} takes.
   */
  private static Path mpeg2Ts(Path file, int width, int height, int frames, int firstFrame,
      java.util.function.IntPredicate white) throws IOException {
    return mpeg2(file, "mpegts", width, height, frames, firstFrame, white);
  }

  /** As {@link #mpeg2Ts}, in the container FFmpeg calls {@code format}. */
  private static Path mpeg2(Path file, String format, int width, int height, int frames,
      int firstFrame, java.util.function.IntPredicate white) throws IOException {
    org.bytedeco.ffmpeg.global.avutil.av_log_set_level(
        org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
    try (org.bytedeco.javacv.FFmpegFrameRecorder recorder =
             new org.bytedeco.javacv.FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
      recorder.setFormat(format);
      recorder.setVideoCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG2VIDEO);
      recorder.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(2);
      // A keyframe (and sequence header, which gives the size) every second: a decoder that
      // starts mid-stream finds the size of what it decodes within a second.
      recorder.setGopSize(2);
      recorder.setVideoOption("strict", "unofficial"); // MPEG-2 beyond 4095 a side
      // One encoder thread: for pictures this large, threads cost more than they save (an
      // 8192x8192 bomb took 6-8 s to write with the default, 3 s with one thread).
      recorder.setVideoOption("threads", "1");
      recorder.start();
      recorder.setFrameNumber(firstFrame);
      // A small frame: the recorder scales it up to the video's size.
      org.bytedeco.javacv.Frame frame =
          new org.bytedeco.javacv.Frame(64, 64, org.bytedeco.javacv.Frame.DEPTH_UBYTE, 3);
      ByteBuffer pixels = (ByteBuffer) frame.image[0];
      for (int y = 0; y < 64; y++) {
        for (int x = 0; x < 64; x++) {
          byte value = white.test(x) ? (byte) 255 : 0;
          for (int c = 0; c < 3; c++) {
            pixels.put(y * frame.imageStride + 3 * x + c, value);
          }
        }
      }
      for (int i = 0; i < frames; i++) {
        recorder.record(frame, org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24);
      }
      recorder.stop();
    } catch (org.bytedeco.javacv.FrameRecorder.Exception e) {
      throw new IOException("Cannot write fixture " + file, e);
    }
    return file;
  }

  /**
   * A recording whose pictures change size mid-way, as a browser's recording of a window that
   * was resized does: {@code seconds} of {@code width} x {@code height} pictures with their left
   * half white, then {@code seconds} of {@code newWidth} x {@code newHeight} with their right
   * half white, in one MPEG-TS stream with times that go on (two recordings joined).
   */
  public static Path pictureSizeChanges(Path file, int width, int height, int newWidth,
      int newHeight, int seconds) throws IOException {
    Path first = mpeg2Ts(file.resolveSibling(file.getFileName() + ".1.ts"), width, height,
        2 * seconds, 0, x -> x < 32);
    Path second = mpeg2Ts(file.resolveSibling(file.getFileName() + ".2.ts"), newWidth,
        newHeight, 2 * seconds, 2 * seconds, x -> x >= 32);
    return join(file, first, second);
  }

  private static Path join(Path file, Path first, Path second) throws IOException {
    byte[] a = Files.readAllBytes(first);
    byte[] b = Files.readAllBytes(second);
    byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    Files.delete(first);
    Files.delete(second);
    return Files.write(file, joined);
  }
}
