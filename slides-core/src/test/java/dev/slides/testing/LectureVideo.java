package dev.slides.testing;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG2VIDEO;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleFunction;
import java.util.zip.CRC32;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Writes synthetic lecture videos for tests: slides, cuts, crossfades, full-screen motion, a
 * speaker inset, a wandering pointer, camera noise, low bitrates. Everything is seeded, so the
 * same builder always writes the same frames.
 *
 * <pre>{@code
 * LectureVideo.builder(640, 360, 10)
 *     .slide(Slides.bullets(640, 360, 1, "Intro", 3), 4)
 *     .crossfade(1)
 *     .slide(Slides.bullets(640, 360, 2, "Method", 2), 4)
 *     .write(dir.resolve("talk.mp4"));
 * }</pre>
 */
public final class LectureVideo {
  /** The files {@link Builder#writeOnce} wrote, each with its video's fingerprint. */
  private static final Map<Path, String> WRITTEN = new HashMap<>();

  private LectureVideo() {}

  public static Builder builder(int width, int height, double fps) {
    return new Builder(width, height, fps);
  }

  /**
   * Video codecs the fixtures can be written with (VP8 is what WebM files get; MPEG-2 is what
   * broadcast MPEG-TS recordings hold; MJPEG, every frame a picture of its own, is what some
   * cameras and capture cards write).
   */
  public enum Codec { H264, MPEG2, MPEG4, VP8, MJPEG }

  public static final class Builder {
    private final int width;
    private final int height;
    private final double fps;
    private final List<Scene> scenes = new ArrayList<>();
    private boolean speakerInset;
    private double insetShare = 0.2;
    private boolean pointer;
    private double noiseSigma;
    private int bitrate = 400_000;
    private int gop = 50;
    private Codec codec = Codec.H264;
    private int bFrames;
    private boolean sceneCutKeyframes = true;
    private long seed = 42;
    private int displayTurn;
    private int pixelWidth = 1;
    private int pixelHeight = 1;
    private boolean fragmented;
    private boolean streamed;
    private boolean noEditList;
    private int startFrame;
    private double refreshSeconds = -1;

    private Builder(int width, int height, double fps) {
      this.width = width;
      this.height = height;
      this.fps = fps;
    }

    private record Scene(double seconds, DoubleFunction<Canvas> render, boolean fadeIn,
                         double fadeSeconds) {}

    /** Shows {@code image} for {@code seconds}. */
    public Builder slide(Canvas image, double seconds) {
      scenes.add(new Scene(seconds, t -> image, false, 0));
      return this;
    }

    /**
     * The next slide fades in over {@code seconds} from the previous one; call before
     * {@link #slide}.
     */
    public Builder crossfade(double seconds) {
      scenes.add(new Scene(seconds, null, true, seconds));
      return this;
    }

    /**
     * A scene drawn by {@code frame} from the time within the scene (0 to {@code seconds}): an
     * animation, a build that fades in, a chart that pans; see {@link Animations}.
     */
    public Builder scene(double seconds, DoubleFunction<Canvas> frame) {
      scenes.add(new Scene(seconds, frame, false, 0));
      return this;
    }

    /** Full-screen motion (scrolling stripes and moving blobs) for {@code seconds}. */
    public Builder motion(double seconds) {
      final long s = seed++;
      scenes.add(new Scene(seconds, t -> motionFrame(t, s), false, 0));
      return this;
    }

    /**
     * Motion over part of the frame (a demo window, a presenter walking in front of the slide):
     * the left {@code share} of the frame moves, the rest shows {@code behind}.
     */
    public Builder partialMotion(Canvas behind, double seconds, double share) {
      final long s = seed++;
      scenes.add(new Scene(seconds, t -> {
        Canvas moving = motionFrame(t, s);
        Canvas frame = behind.copy();
        int w = (int) (width * share);
        for (int y = 0; y < height; y++) {
          System.arraycopy(moving.bgr, y * width * 3, frame.bgr, y * width * 3, w * 3);
        }
        return frame;
      }, false, 0));
      return this;
    }

    /** A moving speaker thumbnail in the bottom-right corner, {@code share} of the frame. */
    public Builder speakerInset(double share) {
      speakerInset = true;
      insetShare = share;
      return this;
    }

    /** A mouse pointer wandering over the slides. */
    public Builder pointer() {
      pointer = true;
      return this;
    }

    /** Camera noise: Gaussian, {@code sigma} grey levels, new every frame. */
    public Builder noise(double sigma) {
      noiseSigma = sigma;
      return this;
    }

    public Builder bitrate(int bitsPerSecond) {
      bitrate = bitsPerSecond;
      return this;
    }

    public Builder gop(int frames) {
      gop = frames;
      return this;
    }

    public Builder codec(Codec codec) {
      this.codec = codec;
      return this;
    }

    /**
     * B-frames between references (MPEG-2 and MPEG-4 only: the bundled H.264 encoder has none).
     */
    public Builder bFrames(int count) {
      this.bFrames = count;
      return this;
    }

    /**
     * Keyframes only every {@link #gop} frames, none at scene cuts (MPEG-4 only: the bundled
     * H.264 encoder always starts a new GOP at a cut). Cuts then fall inside GOPs, as with
     * encoders that do not detect them.
     */
    public Builder noSceneCutKeyframes() {
      this.sceneCutKeyframes = false;
      return this;
    }

    /**
     * Stores the frames sideways, as a phone held upright does: each frame is written turned
     * {@code degreesClockwise} counterclockwise, and the stream is tagged (display matrix) to
     * be turned {@code degreesClockwise} clockwise when shown. A player that honours the tag
     * shows the frames as drawn, {@code width} by {@code height}.
     */
    public Builder storedTurned(int degreesClockwise) {
      this.displayTurn = Math.floorMod(degreesClockwise, 360);
      return this;
    }

    /**
     * Stores the frames with non-square pixels, as DV, DVD, HDV and broadcast recordings do:
     * each frame is squeezed to {@code width * pixelHeight / pixelWidth} columns and the stream
     * is tagged with the sample aspect ratio {@code pixelWidth:pixelHeight}. A player that
     * honours the tag shows the frames as drawn, {@code width} by {@code height}.
     */
    public Builder storedSqueezed(int pixelWidth, int pixelHeight) {
      if (width * pixelHeight % pixelWidth != 0) {
        throw new IllegalArgumentException("The squeezed width must be whole: " + width + "*"
            + pixelHeight + "/" + pixelWidth);
      }
      this.pixelWidth = pixelWidth;
      this.pixelHeight = pixelHeight;
      return this;
    }

    /**
     * Writes an MP4 fragmented as YouTube's video-only (DASH) formats are: a segment index at
     * the front, then a fragment (moof + mdat) from each keyframe, and no sample table to seek
     * with (mp4 only).
     */
    public Builder fragmented() {
      this.fragmented = true;
      return this;
    }

    /**
     * Writes an MP4 or MOV file without an edit list: with B-frames its first frame is then
     * shown after the reordering delay (0.1 s at 10 fps with two B-frames), as muxers that
     * write no edit list leave it (mp4 and mov only).
     */
    public Builder withoutEditList() {
      this.noEditList = true;
      return this;
    }

    /**
     * Writes a Matroska file as ffmpeg writes one into a pipe ({@code -f matroska -}): no
     * declared length, no index (mkv only).
     */
    public Builder streamed() {
      this.streamed = true;
      return this;
    }

    /**
     * Timestamps start at frame {@code frames} instead of 0, as in a recording cut from a
     * longer stream: at 30 fps in MPEG-TS's 90 kHz ticks, a start of one frame is no whole
     * number of microseconds.
     */
    public Builder startFrame(int frames) {
      this.startFrame = frames;
      return this;
    }

    /**
     * Writes a frame only when the picture differs from the last one written, or when
     * {@code refreshSeconds} passed since (infinite for never), as screen recorders with a
     * variable frame rate do (Zoom, Teams, QuickTime, OBS in VFR mode, a browser's
     * MediaRecorder): a still slide is one frame, or a few, each shown until the next, the
     * last one until the end of the timeline. The frames' times stay on the {@code fps} grid.
     */
    public Builder onlyChangedFrames(double refreshSeconds) {
      this.refreshSeconds = refreshSeconds;
      return this;
    }

    public double durationSeconds() {
      return scenes.stream().mapToDouble(Scene::seconds).sum();
    }

    /**
     * Writes the video and returns its path. The container follows the file's extension: mp4,
     * mov, mkv, webm and ogv (always VP8), ts, avi, flv, wmv and mpg (always MPEG-4).
     */
    public Path write(Path file) throws IOException {
      writeFrames(file);
      return file;
    }

    /**
     * As {@link #write}, once: a file this JVM already wrote through {@code writeOnce} from
     * the same frames and settings is returned as it is. For a video that several tests of a
     * class read (at several sampling rates, say) in a directory they share, a static
     * {@code @TempDir}; each video needs a name of its own there, which tells what it is drawn
     * from. Telling whether the frames are the same draws them all again, without encoding.
     *
     * @throws IllegalStateException if {@code file} was written from other frames or settings
     */
    public Path writeOnce(Path file) throws IOException {
      Path key = file.toAbsolutePath().normalize();
      synchronized (WRITTEN) {
        String written = WRITTEN.get(key);
        if (written == null || !Files.exists(file)) {
          WRITTEN.put(key, writeFrames(file));
        } else if (!written.equals(fingerprint(file))) {
          throw new IllegalStateException("The fixture " + file.getFileName() + " was"
              + " written before from other frames or settings: give each video its own name,"
              + " one that tells the parameters it is drawn from.");
        }
      }
      return file;
    }

    /**
     * What the video written to {@code file} is made of: the settings, and a checksum of the
     * frames as the scenes draw them (the speaker inset, the pointer and the noise follow from
     * the settings).
     */
    private String fingerprint(Path file) {
      CRC32 frames = new CRC32();
      for (int n = 0; n < frameCount(); n++) {
        frames.update(render(n / fps).bgr);
      }
      return fingerprint(file, frames);
    }

    private String fingerprint(Path file, CRC32 frames) {
      StringBuilder s = new StringBuilder(file.getFileName().toString());
      for (Object setting : new Object[] {width, height, fps, speakerInset, insetShare,
          pointer, noiseSigma, bitrate, gop, codec, bFrames, sceneCutKeyframes, seed,
          displayTurn, pixelWidth, pixelHeight, fragmented, streamed, noEditList, startFrame,
          refreshSeconds}) {
        s.append(' ').append(setting);
      }
      for (Scene scene : scenes) {
        s.append(" scene ").append(scene.seconds()).append(' ').append(scene.fadeIn())
            .append(' ').append(scene.fadeSeconds());
      }
      return s.append(" frames ").append(Long.toHexString(frames.getValue())).toString();
    }

    private int frameCount() {
      return (int) Math.round(durationSeconds() * fps);
    }

    /** Writes the video to {@code file} and returns its {@link #fingerprint}. */
    private String writeFrames(Path file) throws IOException {
      // The encoder's chatter (stream dumps, rate-control notes) would go straight to stderr.
      org.bytedeco.ffmpeg.global.avutil.av_log_set_level(
          org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
      int frames = frameCount();
      CRC32 drawn = new CRC32();
      Gaussians noise = new Gaussians(seed); // as new Random(seed).nextGaussian(), faster
      String name = file.getFileName().toString();
      String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
      String container = switch (extension) {
        case "mkv" -> "matroska";
        case "ts" -> "mpegts";
        case "wmv" -> "asf";
        case "mpg" -> "mpeg";
        case "ogv" -> "ogg";
        case "mp4", "mov", "webm", "avi", "flv" -> extension;
        default -> throw new IllegalArgumentException("No container for " + name);
      };
      Codec videoCodec = switch (container) {
        case "webm", "ogg" -> Codec.VP8;
        case "asf", "mpeg" -> Codec.MPEG4;
        default -> codec;
      };
      boolean sideways = displayTurn % 180 != 0;
      int storedWidth = width * pixelHeight / pixelWidth;
      try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(),
          sideways ? height : storedWidth, sideways ? storedWidth : height, 0)) {
        recorder.setFormat(container);
        recorder.setVideoCodec(switch (videoCodec) {
          case H264 -> AV_CODEC_ID_H264;
          case MPEG2 -> AV_CODEC_ID_MPEG2VIDEO;
          case MPEG4 -> AV_CODEC_ID_MPEG4;
          case VP8 -> AV_CODEC_ID_VP8;
          case MJPEG -> AV_CODEC_ID_MJPEG;
        });
        if (displayTurn != 0) {
          // JavaCV takes the angle the other way round from the matrix FFmpeg reads back.
          recorder.setDisplayRotation(-displayTurn);
        }
        if (pixelWidth != pixelHeight) {
          recorder.setAspectRatio((double) pixelWidth / pixelHeight);
        }
        // MJPEG's pictures are full range, as JPEG's.
        recorder.setPixelFormat(videoCodec == Codec.MJPEG ? AV_PIX_FMT_YUVJ420P
            : AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setGopSize(gop);
        recorder.setVideoBitrate(bitrate);
        if (bFrames > 0) {
          recorder.setMaxBFrames(bFrames);
        }
        if (!sceneCutKeyframes) {
          recorder.setVideoOption("sc_threshold", "1000000000");
        }
        if (fragmented) {
          if (!container.equals("mp4")) {
            throw new IllegalArgumentException("Only MP4 files are fragmented: " + name);
          }
          recorder.setOption("movflags",
              "+frag_keyframe+empty_moov+default_base_moof+global_sidx");
        }
        if (noEditList) {
          if (!container.equals("mp4") && !container.equals("mov")) {
            throw new IllegalArgumentException("Only MP4 and MOV files have edit lists: " + name);
          }
          recorder.setOption("use_editlist", "0");
        }
        if (streamed) {
          if (!container.equals("matroska")) {
            throw new IllegalArgumentException("Only Matroska files are streamed: " + name);
          }
          recorder.setOption("live", "1");
        }
        recorder.start();
        recorder.setFrameNumber(startFrame);
        Frame frame = new Frame(sideways ? height : storedWidth,
            sideways ? storedWidth : height, Frame.DEPTH_UBYTE, 3);
        byte[] written = null;
        int writtenAt = 0;
        for (int n = 0; n < frames; n++) {
          double t = n / fps;
          Canvas scene = render(t);
          drawn.update(scene.bgr);
          Canvas canvas = scene.copy();
          if (speakerInset) {
            drawInset(canvas, t);
          }
          if (pointer) {
            double px = 0.5 + 0.35 * Math.sin(t * 1.3);
            double py = 0.45 + 0.3 * Math.cos(t * 0.9);
            canvas.pointer((int) (px * width), (int) (py * height), Math.max(8, height / 36));
          }
          if (noiseSigma > 0) {
            canvas.noise(noise, noiseSigma);
          }
          if (storedWidth != width) {
            canvas = canvas.squeezed(storedWidth);
          }
          if (displayTurn != 0) {
            canvas = canvas.turned(-displayTurn);
          }
          if (refreshSeconds >= 0) {
            if (written != null && Arrays.equals(written, canvas.bgr)
                && n - writtenAt < refreshSeconds * fps - 1e-9) {
              continue; // still on screen: no frame
            }
            written = canvas.bgr.clone();
            writtenAt = n;
            recorder.setFrameNumber(startFrame + n); // the frame's time on the fps grid
          }
          copyInto(canvas, frame);
          recorder.record(frame, AV_PIX_FMT_BGR24);
        }
        recorder.stop();
      } catch (org.bytedeco.javacv.FrameRecorder.Exception e) {
        throw new IOException("Cannot write fixture " + file, e);
      }
      if (refreshSeconds >= 0) {
        holdLastFrame(file, container);
      }
      return fingerprint(file, drawn);
    }

    /**
     * Rewrites {@code file} with its last frame lasting until the end of the timeline, as a
     * recorder stopping on a still screen writes it: the stream then declares that length.
     */
    private void holdLastFrame(Path file, String container) throws IOException {
      Path copy = file.resolveSibling("held-" + file.getFileName());
      try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
        grabber.start();
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(copy.toFile(),
            grabber.getImageWidth(), grabber.getImageHeight(), 0)) {
          recorder.setFormat(container);
          recorder.start(grabber.getFormatContext());
          AVRational base = grabber.getFormatContext().streams(0).time_base();
          long end = Math.round((startFrame / fps + durationSeconds()) * base.den() / base.num());
          AVPacket held = null;
          AVPacket packet;
          while ((packet = grabber.grabPacket()) != null) {
            if (held != null) {
              recorder.recordPacket(held);
              av_packet_free(held);
            }
            held = av_packet_clone(packet);
          }
          if (held != null) {
            held.duration(end - held.pts());
            recorder.recordPacket(held);
            av_packet_free(held);
          }
          recorder.stop();
        }
        grabber.stop();
      } catch (org.bytedeco.javacv.FrameGrabber.Exception
               | org.bytedeco.javacv.FrameRecorder.Exception e) {
        throw new IOException("Cannot write fixture " + file, e);
      }
      Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private Canvas render(double t) {
      double start = 0;
      for (int i = 0; i < scenes.size(); i++) {
        Scene scene = scenes.get(i);
        if (t < start + scene.seconds || i == scenes.size() - 1) {
          double local = t - start;
          if (scene.fadeIn) {
            Canvas from = render(start - 1e-6);
            Canvas to = scenes.get(i + 1).render.apply(0);
            return from.copy().blend(to, Math.min(1, (local + 1 / fps) / (scene.fadeSeconds + 1 / fps)));
          }
          return scene.render.apply(local);
        }
        start += scene.seconds;
      }
      throw new IllegalStateException("empty timeline");
    }

    private Canvas motionFrame(double t, long s) {
      Canvas c = new Canvas(width, height);
      int shift = (int) (t * 97);
      for (int x = 0; x < width; x += 8) {
        int shade = ((x + shift) / 8) % 2 == 0 ? 0x406080 : 0xC0A060;
        c.rect(x, 0, 8, height, shade);
      }
      Random r = new Random(s * 1000 + (long) (t * fps));
      for (int i = 0; i < 40; i++) {
        c.disc(r.nextInt(width), r.nextInt(height), 10 + r.nextInt(30), r.nextInt(0xFFFFFF));
      }
      return c;
    }

    private void drawInset(Canvas canvas, double t) {
      double side = Math.sqrt(insetShare);
      int w = (int) (width * side);
      int h = (int) (height * side);
      Canvas inset = new Canvas(w, h).fill(0x334455);
      // A "head" swaying and a "mouth" that changes: different pixels every frame.
      int cx = (int) (w / 2 + w * 0.2 * Math.sin(t * 2.1));
      int cy = (int) (h / 2 + h * 0.1 * Math.cos(t * 1.7));
      inset.disc(cx, cy, Math.max(4, h / 4), 0xE0B090);
      inset.rect(cx - h / 10, cy + h / 12, h / 5, Math.max(2, (int) (h / 20 * (1.5 + Math.sin(t * 9)))), 0x802020);
      inset.rect(0, (int) (h * 0.8), w, h - (int) (h * 0.8), 0x202840 + (int) (40 * (1 + Math.sin(t * 3))));
      canvas.paste(inset, width - w, height - h);
    }

    private static void copyInto(Canvas canvas, Frame frame) {
      ByteBuffer buffer = (ByteBuffer) frame.image[0];
      int rowBytes = canvas.width * 3;
      for (int y = 0; y < canvas.height; y++) {
        buffer.position(y * frame.imageStride);
        buffer.put(canvas.bgr, y * rowBytes, rowBytes);
      }
      buffer.rewind();
    }
  }
}
