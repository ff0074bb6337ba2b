package dev.slides.internal.video;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_NONE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_PROP_INTRA_ONLY;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONKEY;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONREF;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_descriptor_get;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_READ;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BYTE;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_DEFAULT;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_STILL_IMAGE;
import static org.bytedeco.ffmpeg.global.avformat.AVFMTCTX_NOHEADER;
import static org.bytedeco.ffmpeg.global.avformat.avio_tell;
import static org.bytedeco.ffmpeg.global.avformat.av_probe_input_buffer2;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entries_count;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entry;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open2;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import dev.slides.SamplingOptions;
import dev.slides.internal.store.FileErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongPredicate;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecDescriptor;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The video stream of a local file, read and decoded by FFmpeg (libavformat and libavcodec,
 * through JavaCPP). What it adds to FFmpeg's own loop:
 *
 * <ul>
 *   <li>only video containers are opened, and only as a local file or through a
 *       {@link RemoteInput} (ranged requests made by the project's downloader, not by FFmpeg):
 *       FFmpeg's {@code format_whitelist} and {@code protocol_whitelist} refuse concat lists and
 *       playlists (which make FFmpeg read other files or URLs they name), images, and anything
 *       else a download might turn out to be;
 *   <li>decode errors are counted with their place in the video instead of being dropped;
 *   <li>the display matrix (phone rotation) is read, and every frame carries the shape of its
 *       pixels as a player takes it (the container's tag before the codec's);
 *   <li>every failure is a {@link VideoDecodeException} in plain words naming the file by its
 *       name only.
 * </ul>
 *
 * <p>One thread at a time.
 */
final class VideoDecoder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VideoDecoder.class);

  /**
   * The demuxers allowed, by FFmpeg name. FFmpeg allows a demuxer when any of its names is
   * listed: {@code mov} is the demuxer of MP4, MOV, M4V and 3GP, {@code matroska} that of MKV and
   * WebM. MPEG-TS, FLV, AVI, ASF (WMV), MPEG program streams and Ogg are the other containers
   * lecture recordings come in. Left out on purpose: {@code concat}, {@code hls}, {@code dash}
   * and every other demuxer that opens further files, image readers ({@code image2},
   * {@code gif}, {@code *_pipe}), raw elementary streams and audio-only formats.
   */
  static final String CONTAINERS = "mov,matroska,mpegts,flv,avi,asf,mpeg,ogg";

  /** The containers as users know them, for error messages. */
  static final String CONTAINER_NAMES = "MP4, MOV, MKV, WebM, MPEG-TS, FLV, AVI, WMV, MPEG, Ogg";

  /**
   * Non-reference frames are skipped only when the source has at least this many frames per
   * sample. A sample whose frame was skipped falls on the next decoded frame; with fewer frames
   * per sample that frame can lie beyond the next sample point, which would then be lost (a
   * 1-fps screen recording sampled once a second lost a third of its samples), and there is
   * little decoding to save anyway. Six leaves room for runs of up to five B-frames.
   */
  static final double MIN_FRAMES_PER_SAMPLE_TO_SKIP = 6;

  private final String name;
  private final AVFormatContext format;
  private final AVCodecContext codec;
  /**
   * The shape of the pixels the container declares, which a player goes by before the
   * codec's; null when it declares none.
   */
  private final AVRational containerAspect;
  private final int streamIndex;
  private final long timeBaseNum;
  private final long timeBaseDen;
  private final long startMicros;
  /** The stream's picture size as stored: that of its frames, unless they change mid-way. */
  private final int storedWidth;
  private final int storedHeight;
  private final VideoInfo info;
  private final Orientation orientation;
  private final boolean skipsNonReferenceFrames;
  private final AVPacket packet;
  private final AVFrame frame;
  private final DecodeDamage.Log damage = new DecodeDamage.Log();
  private long countFromMicros = Long.MIN_VALUE;
  private long countToMicros = Long.MAX_VALUE;
  private long lastMicros = Long.MIN_VALUE;
  private long frameMicros;
  /** How long the frame {@link #next()} returned last is shown, in stream ticks (0: unknown). */
  private long frameDuration;
  private long framesDecoded;
  /**
   * Presentation time (microseconds) of the earliest decode error not yet followed by a
   * keyframe decoded without error; {@link Long#MAX_VALUE} when there is none. Frames decoded
   * after an error may be patched up from broken pictures (FFmpeg's concealment), and frames
   * predicted from those carry the broken blocks on without being marked themselves, up to
   * the next keyframe, which references nothing.
   */
  private long taintedFromMicros = Long.MAX_VALUE;
  /** Whether the frame {@link #next()} returned last is not to be trusted (see above). */
  private boolean frameDamaged;
  private boolean draining;
  private boolean closed;
  /**
   * The packets sent to the decoder, by presentation time (stream ticks); null: all of them.
   * See {@link #decodeOnly}.
   */
  private LongPredicate wantedPackets;
  /** With {@link #wantedPackets}: the presentation time where the stream is taken to end. */
  private long stopTicks = Long.MAX_VALUE;

  private VideoDecoder(String name, AVFormatContext format, AVCodecContext codec,
      AVStream stream, VideoInfo info, Orientation orientation, boolean skips) {
    this.name = name;
    this.format = format;
    this.codec = codec;
    this.containerAspect = containerAspect(stream);
    this.streamIndex = stream.index();
    this.timeBaseNum = stream.time_base().num();
    this.timeBaseDen = stream.time_base().den();
    this.startMicros = origin(format, stream);
    this.storedWidth = stream.codecpar().width();
    this.storedHeight = stream.codecpar().height();
    this.info = info;
    this.orientation = orientation;
    this.skipsNonReferenceFrames = skips;
    this.packet = av_packet_alloc();
    this.frame = av_frame_alloc();
  }

  /**
   * Opens the video stream of {@code file}.
   *
   * @param threads FFmpeg decoder threads; 0 lets FFmpeg choose
   * @throws VideoDecodeException when the file is missing, empty, not a supported video, or its
   *     video cannot be decoded
   */
  static VideoDecoder open(Path file, SamplingOptions options, int threads)
      throws VideoDecodeException {
    FfmpegLog.install();
    String name = nameOf(file);
    if (Files.isDirectory(file)) {
      // "not found" would send the user looking for a file that is right there
      throw new VideoDecodeException("Not a video file: " + name + " is a folder");
    }
    if (!Files.isRegularFile(file)) {
      throw new VideoDecodeException("Video file not found: " + name);
    }
    try {
      Files.newInputStream(file).close(); // readable: FFmpeg opens it next
    } catch (IOException e) {
      // FFmpeg's probe reads nothing from a file it may not read either, and said "Not a video
      // file: ... (its content is not in any known video format)": "permission denied" here.
      String reason = FileErrors.reason(e);
      throw new VideoDecodeException("Cannot read " + theFile(name)
          + (reason == null ? "" : ": " + reason), e);
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new VideoDecodeException("Cannot read " + theFile(name), e);
    }
    if (size == 0) {
      throw new VideoDecodeException("Video file is empty: " + name);
    }
    AVFormatContext format = openContainer(file.toAbsolutePath().toString(), name);
    return open(format, name, options, threads);
  }

  /**
   * Opens the video stream of a remote file read through {@code input}, with the same checks as
   * a local file. The input stays the caller's: close it after this decoder.
   *
   * @throws VideoDecodeException when the file is not a supported video or cannot be read
   *     (the message names it by its URL without the query)
   */
  static VideoDecoder open(RemoteInput input, SamplingOptions options, int threads)
      throws VideoDecodeException {
    FfmpegLog.install();
    String name = input.name();
    AVFormatContext format = avformat_alloc_context();
    format.pb(input.context());
    format.flags(format.flags() | AVFormatContext.AVFMT_FLAG_CUSTOM_IO);
    AVDictionary dict = new AVDictionary(null);
    int ret;
    try {
      av_dict_set(dict, "format_whitelist", CONTAINERS, 0);
      // Nothing it names may be opened: no protocol at all.
      av_dict_set(dict, "protocol_whitelist", "none", 0);
      ret = avformat_open_input(format, (String) null, null, dict);
    } finally {
      av_dict_free(dict);
    }
    if (ret < 0) {
      IOException cause = input.failure();
      throw new VideoDecodeException(cause != null ? cause.getMessage()
          : "Cannot read the video at " + name + ": not a supported video, or damaged", cause);
    }
    if (!findStreamInfo(format, name)) {
      throw new VideoDecodeException("Cannot read the video at " + name
          + ": it is damaged or incomplete");
    }
    return open(format, name, options, threads);
  }

  private static VideoDecoder open(AVFormatContext format, String name, SamplingOptions options,
      int threads) throws VideoDecodeException {
    AVCodecContext codec = null;
    try {
      refuseStillImages(format, name);
      AVStream stream = videoStream(format, name);
      AVCodecParameters par = stream.codecpar();
      refuseHugePictures(par, name);
      AVCodec decoder = avcodec_find_decoder(par.codec_id());
      String codecName = avcodec_get_name(par.codec_id()).getString();
      if (par.codec_id() == AV_CODEC_ID_NONE) {
        // FFmpeg's name for a codec it does not know is "none": say what the file calls it.
        String tag = fourcc(par.codec_tag());
        throw new VideoDecodeException("Cannot decode " + name + ": its video codec"
            + (tag == null ? "" : " (" + tag + ")") + " is not one this server knows");
      }
      if (decoder == null || decoder.isNull()) {
        throw new VideoDecodeException("Cannot decode " + name + ": its video codec ("
            + codecName + ") is not supported");
      }
      double frameRate = frameRate(stream);
      boolean skip = options.skipNonReferenceFrames()
          && frameRate >= MIN_FRAMES_PER_SAMPLE_TO_SKIP * options.samplesPerSecond();
      codec = avcodec_alloc_context3(decoder);
      if (codec == null || codec.isNull()
          || avcodec_parameters_to_context(codec, par) < 0) {
        throw new VideoDecodeException("Cannot decode " + name + ": its video stream is damaged");
      }
      codec.thread_count(threads);
      codec.pkt_timebase(stream.time_base());
      // The check above reads the size the stream declares; the pictures themselves may grow
      // past it later (a new sequence header mid-stream). The decoder refuses those before
      // allocating them, and each refusal counts as a decode error.
      codec.max_pixels(MAX_PIXELS);
      if (skip) {
        codec.skip_frame(AVDISCARD_NONREF);
      }
      if (avcodec_open2(codec, decoder, (AVDictionary) null) < 0) {
        throw new VideoDecodeException("Cannot decode " + name + ": its " + codecName
            + " video stream is damaged or uses features this server cannot decode");
      }
      Orientation orientation = orientation(par);
      // As shown: non-square pixels (DVD, HDV, broadcast) widen or narrow the picture.
      int width = FfmpegPicture.shownWidth(par.width(),
          pixelAspect(stream, par.sample_aspect_ratio()));
      int height = par.height();
      VideoInfo info = new VideoInfo(orientation.uprightWidth(width, height),
          orientation.uprightHeight(width, height), duration(format, stream), frameRate,
          codecName);
      VideoDecoder result = new VideoDecoder(name, format, codec, stream, info, orientation,
          skip);
      log.debug("Opened {}: {}, {}, {} non-reference frames", name, info, orientation,
          skip ? "skipping" : "decoding");
      return result;
    } catch (VideoDecodeException | RuntimeException e) {
      if (codec != null) {
        avcodec_free_context(codec);
      }
      avformat_close_input(format);
      throw e;
    }
  }

  /**
   * Opens a container, allowing only {@link #CONTAINERS} read through the {@code file}
   * protocol. Package-private so tests can show the protocol whitelist at work with URLs a file
   * path can never be.
   */
  static AVFormatContext openContainer(String url, String name) throws VideoDecodeException {
    FfmpegLog.install();
    AVFormatContext format = new AVFormatContext(null);
    AVDictionary options = new AVDictionary(null);
    int ret;
    try {
      av_dict_set(options, "format_whitelist", CONTAINERS, 0);
      av_dict_set(options, "protocol_whitelist", "file", 0);
      ret = avformat_open_input(format, url, null, options);
    } finally {
      av_dict_free(options);
    }
    if (ret < 0) {
      throw refused(url, name, ret);
    }
    if (!findStreamInfo(format, name)) {
      throw new VideoDecodeException("Cannot read " + theFile(name)
          + ": it is damaged or incomplete");
    }
    return format;
  }

  /**
   * Has FFmpeg find the details of an opened container's streams, which decodes their first
   * pictures, within the size limit the decoders keep to later. Closes {@code format} when it
   * returns false or throws.
   *
   * @return false when FFmpeg could not make out the streams
   * @throws VideoDecodeException when a video stream's pictures are larger than 8K
   */
  private static boolean findStreamInfo(AVFormatContext format, String name)
      throws VideoDecodeException {
    // Sizes a container's header declares (MP4, MKV) are refused before any picture is decoded.
    for (int i = 0; i < format.nb_streams(); i++) {
      AVCodecParameters par = format.streams(i).codecpar();
      if (par.codec_type() == AVMEDIA_TYPE_VIDEO) {
        try {
          refuseHugePictures(par, name);
        } catch (VideoDecodeException e) {
          avformat_close_input(format);
          throw e;
        }
      }
    }
    // Streams that declare no size up front (MPEG-TS, MPEG-PS, FLV) learn it from their first
    // pictures, which FFmpeg's own decoders would allocate at any size: 750 KB of 16000x16000
    // H.264 in MPEG-TS took the extractor to 1.2 GB resident at -Xmx256m, native memory no heap
    // limit bounds. Held to the decoders' limit, FFmpeg refuses such a picture before
    // allocating it; the size it read is then refused in plain words when the stream is opened.
    // The limit reaches only the streams known beforehand: see discoverStreams.
    if (!discoverStreams(format)) {
      avformat_close_input(format);
      return false;
    }
    int streams = format.nb_streams();
    PointerPointer<AVDictionary> perStream = new PointerPointer<>(Math.max(streams, 1));
    int ret;
    try {
      for (int i = 0; i < streams; i++) {
        AVDictionary limit = new AVDictionary(null);
        av_dict_set(limit, "max_pixels", Long.toString(MAX_PIXELS), 0);
        perStream.put(i, limit);
      }
      ret = avformat_find_stream_info(format, perStream);
    } finally {
      for (int i = 0; i < streams; i++) {
        // FFmpeg has replaced each with what it did not use.
        av_dict_free(new AVDictionary(perStream.get(i)));
      }
      perStream.close();
    }
    if (ret < 0) {
      avformat_close_input(format);
      return false;
    }
    return true;
  }

  /**
   * Containers without a header (MPEG-PS, FLV; MPEG-TS whose program table comes late) add their
   * streams as their packets turn up, and {@code avformat_find_stream_info} decodes the pictures
   * of a stream it added itself with no size limit: its per-stream options reach only the
   * streams known before. Reading the packets it would read (demuxing, no decoding) and going
   * back makes them known first. It also keeps the size their headers give (with FFmpeg 8): a
   * stream whose first picture the limit refuses is otherwise left with no size at all, and the
   * file would be called one with no video.
   *
   * @return false when the container cannot go back to its first packet
   */
  private static boolean discoverStreams(AVFormatContext format) {
    if ((format.ctx_flags() & AVFMTCTX_NOHEADER) == 0) {
      return true;
    }
    long start = avio_tell(format.pb());
    AVPacket packet = av_packet_alloc();
    try {
      // The same measure as avformat_find_stream_info's: the packets' bytes.
      long read = 0;
      while (read < format.probesize() && av_read_frame(format, packet) >= 0) {
        read += packet.size();
        av_packet_unref(packet);
      }
    } finally {
      av_packet_free(packet);
    }
    return av_seek_frame(format, -1, start, AVSEEK_FLAG_BYTE) >= 0;
  }

  /** Says why FFmpeg would not open a file, from what the file looks like. */
  private static VideoDecodeException refused(String url, String name, int error) {
    AVInputFormat probed = probe(url, false);
    if (probed == null) {
      // Some formats are only recognised with their usual file name (HLS playlists).
      probed = probe(url, true);
      if (probed != null && isAllowed(probed.name().getString())) {
        probed = null; // named like a video, but nothing in it is one
      }
    }
    log.debug("Cannot open {}: FFmpeg error {}, content looks like {}", name, error,
        probed == null ? "nothing known" : probed.name().getString());
    if ((probed == null && isHlsPlaylist(url))
        || (probed != null && probed.name().getString().split(",")[0].equals("hls"))) {
      // FFmpeg knows a playlist by its content only when it is named .m3u8: a download saved
      // as download.mp4 was "not in any known video format". It is never followed: its pieces
      // may be anywhere on the network, past the downloader's address filter.
      return new VideoDecodeException("Not a supported video file: " + name + " is an HLS"
          + " playlist (.m3u8), a list of the pieces of a stream, not a video; give the video"
          + " file itself, or for a YouTube video the link of its page");
    }
    if (probed == null) {
      return new VideoDecodeException("Not a video file: " + name
          + " (its content is not in any known video format)");
    }
    String names = probed.name().getString();
    String kind = kindOf(names, probed.long_name() == null ? names
        : probed.long_name().getString());
    if (isAudioFormat(names)) {
      return new VideoDecodeException("No video in " + name + ": it is an audio file");
    }
    if (!isAllowed(names)) {
      return new VideoDecodeException("Not a supported video file: " + name + " is " + kind
          + ", not a video; accepted are video files (" + CONTAINER_NAMES + ")");
    }
    return new VideoDecodeException("Cannot read " + theFile(name)
        + ": it is damaged or incomplete");
  }

  /**
   * Whether the file at {@code url} starts as an HLS playlist does ({@code #EXTM3U}, after a
   * byte order mark or blank space), read without FFmpeg.
   */
  private static boolean isHlsPlaylist(String url) {
    byte[] head;
    try (InputStream in = Files.newInputStream(Path.of(url))) {
      head = in.readNBytes(64);
    } catch (IOException | RuntimeException e) {
      return false; // not a local file: nothing to look at
    }
    String start = new String(head, StandardCharsets.UTF_8)
        .replaceFirst("^\uFEFF", "").stripLeading();
    return start.startsWith("#EXTM3U");
  }

  /** What a refused format is, in words people use. */
  private static String kindOf(String names, String longName) {
    String first = names.split(",")[0];
    return switch (first) {
      case "concat" -> "a list of other files (ffconcat)";
      case "dash", "webm_dash_manifest" -> "a streaming manifest (DASH)";
      case "gif" -> "a GIF image";
      case "apng" -> "an animated PNG image";
      case "image2", "image2pipe" -> "an image";
      default -> first.endsWith("_pipe")
          ? "an image (" + first.substring(0, first.length() - 5).toUpperCase(Locale.ROOT)
              + ")"
          : longName;
    };
  }

  /** Audio-only formats people upload by mistake (a podcast, a recording of the talk). */
  private static final Set<String> AUDIO_FORMATS = Set.of("mp3", "wav", "w64", "flac", "aac",
      "ac3", "eac3", "aiff", "caf", "amr", "ape", "wv", "dts", "au", "tta", "mpc", "mpc8");

  private static boolean isAudioFormat(String demuxerNames) {
    for (String n : demuxerNames.split(",")) {
      if (AUDIO_FORMATS.contains(n)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The format the content looks like, by its bytes alone or also by its file name, without
   * opening anything it names.
   */
  private static AVInputFormat probe(String url, boolean byName) {
    AVIOContext io = new AVIOContext(null);
    AVDictionary options = new AVDictionary(null);
    try {
      av_dict_set(options, "protocol_whitelist", "file", 0);
      if (avio_open2(io, url, AVIO_FLAG_READ, (AVIOInterruptCB) null, options) < 0) {
        return null;
      }
      AVInputFormat format = new AVInputFormat(null);
      int score = av_probe_input_buffer2(io, format, byName ? url : null, null, 0, 0);
      return score >= 0 && !format.isNull() ? format : null;
    } finally {
      av_dict_free(options);
      if (!io.isNull()) {
        avio_closep(io);
      }
    }
  }

  static boolean isAllowed(String demuxerNames) {
    Set<String> allowed = Set.of(CONTAINERS.split(","));
    for (String n : demuxerNames.split(",")) {
      if (allowed.contains(n)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Brands of the HEIF family (AVIF, HEIC): still images that the MP4 demuxer reads as a
   * one-frame video.
   */
  private static final Set<String> IMAGE_BRANDS = Set.of("avif", "avis", "heic", "heix",
      "heim", "heis", "hevc", "hevx", "mif1", "mif2", "msf1");

  private static void refuseStillImages(AVFormatContext format, String name)
      throws VideoDecodeException {
    AVDictionaryEntry brand = av_dict_get(format.metadata(), "major_brand", null, 0);
    if (brand != null && !brand.isNull()
        && IMAGE_BRANDS.contains(brand.value().getString().strip().toLowerCase(Locale.ROOT))) {
      String kind = brand.value().getString().startsWith("av") ? "AVIF" : "HEIF";
      throw new VideoDecodeException("Not a supported video file: " + name + " is an image ("
          + kind + "), not a video; accepted are video files (" + CONTAINER_NAMES + ")");
    }
  }

  /**
   * Most pixels a picture may have: 8K (8192 x 4320). A frame takes 1.5 bytes a pixel decoded
   * and several are in flight per decoder, while the file may be tiny (black frames compress to
   * nothing): a few hundred kilobytes of 16000 x 16000 video took 3.4 GB. No lecture needs more.
   */
  static final long MAX_PIXELS = 8192L * 4320;

  private static void refuseHugePictures(AVCodecParameters par, String name)
      throws VideoDecodeException {
    if ((long) par.width() * par.height() > MAX_PIXELS) {
      throw new VideoDecodeException("Cannot read " + name + ": its pictures are "
          + par.width() + "x" + par.height() + " pixels, more than the largest read, 8K"
          + " (8192x4320 pixels)");
    }
  }

  /**
   * The video stream a player shows, of those that are not cover pictures: FFmpeg's command line
   * takes the one with the most pixels, then the one marked default, then the first. A capture
   * system's small camera track before its screen track, or an editor's one-frame cover before
   * the video, would otherwise be read instead of the slides.
   */
  private static AVStream videoStream(AVFormatContext format, String name)
      throws VideoDecodeException {
    boolean audio = false;
    AVStream best = null;
    int tracks = 0;
    for (int i = 0; i < format.nb_streams(); i++) {
      AVStream s = format.streams(i);
      AVCodecParameters par = s.codecpar();
      if (par.codec_type() == AVMEDIA_TYPE_VIDEO && par.width() > 0 && par.height() > 0
          && (s.disposition() & (AV_DISPOSITION_ATTACHED_PIC | AV_DISPOSITION_STILL_IMAGE))
          == 0) {
        tracks++;
        if (best == null || rank(s) > rank(best)) {
          best = s;
        }
      }
      audio |= par.codec_type() == AVMEDIA_TYPE_AUDIO;
    }
    if (best != null) {
      if (tracks > 1) {
        log.debug("{} has {} video tracks; reading track {} ({}x{})", name, tracks,
            best.index() + 1, best.codecpar().width(), best.codecpar().height());
      }
      return best;
    }
    if (format.nb_streams() == 0) {
      // A container that describes no content at all: its header is what broke.
      throw new VideoDecodeException("Cannot read " + theFile(name)
          + ": it is damaged or incomplete");
    }
    throw new VideoDecodeException("No video in " + name
        + (audio ? ": it holds only sound" : ": the file has no video track"));
  }

  /**
   * The four-character code a container tags a stream's codec with ("avc1", "XVID"), or null
   * when it has none made of letters, digits and spaces (anything else in an error would be
   * noise, or what an attacker chose to show).
   */
  static String fourcc(int tag) {
    StringBuilder code = new StringBuilder(4);
    for (int i = 0; i < 4; i++) {
      char c = (char) ((tag >>> (8 * i)) & 0xff);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ')) {
        return null;
      }
      code.append(c);
    }
    String text = code.toString().strip();
    return text.isEmpty() ? null : text;
  }

  /** Pixels first, the default mark breaking ties; equal ranks keep the earlier stream. */
  private static long rank(AVStream stream) {
    long pixels = (long) stream.codecpar().width() * stream.codecpar().height();
    return 2 * pixels + ((stream.disposition() & AV_DISPOSITION_DEFAULT) != 0 ? 1 : 0);
  }

  private static double frameRate(AVStream stream) {
    AVRational rate = stream.avg_frame_rate();
    if (rate.num() > 0 && rate.den() > 0) {
      return av_q2d(rate);
    }
    rate = stream.r_frame_rate();
    return rate.num() > 0 && rate.den() > 0 ? av_q2d(rate) : 0;
  }

  private static double duration(AVFormatContext format, AVStream stream) {
    if (stream.duration() > 0 && stream.time_base().den() > 0) {
      return stream.duration() * av_q2d(stream.time_base());
    }
    if (format.duration() <= 0) {
      return 0;
    }
    long start = format.start_time();
    if (start > 0 && start < format.duration() && isMatroska(format)) {
      // A Matroska Segment Duration runs from the segment's time 0, not from the first frame:
      // a recording cut from a stream with its timestamps kept (first frame an hour in)
      // declares the hour too.
      return (format.duration() - start) / 1e6;
    }
    return format.duration() / 1e6;
  }

  /**
   * Where the video's time 0 lies, in microseconds of presentation time: the container's start
   * time (the first picture shown), except in an MP4 or MOV file that shows its first picture
   * only after a composition offset (B-frames written without an edit list to hide their
   * delay: the first frame decoded at 0 is shown at 0.1 s). Its timeline still starts at 0,
   * where the first frame is decoded, and a player (and ffprobe's frame times) puts every
   * picture that offset later: counted from the first picture shown, each slide started a
   * frame or two early. A file whose frames all come late (decoded from an hour in) still
   * counts from its first frame.
   */
  private static long origin(AVFormatContext format, AVStream stream) {
    long start = format.start_time();
    if (start == AV_NOPTS_VALUE) {
      return 0;
    }
    AVInputFormat demuxer = format.iformat();
    if (demuxer == null || demuxer.isNull() || !demuxer.name().getString().startsWith("mov")
        || avformat_index_get_entries_count(stream) == 0 || stream.time_base().den() <= 0) {
      return start;
    }
    // The MP4 index holds decoding times: the first is 0 when the frames start with the
    // timeline, negative when an edit list hides the offset or cuts the start away.
    long firstDecoded = avformat_index_get_entry(stream, 0).timestamp();
    return firstDecoded <= 0 ? Math.min(start, 0) : start;
  }

  private static boolean isMatroska(AVFormatContext format) {
    AVInputFormat demuxer = format.iformat();
    return demuxer != null && !demuxer.isNull()
        && demuxer.name().getString().startsWith("matroska");
  }

  /**
   * The shape of the pixels a player gives the frames: the container's tag when it has one,
   * the codec's ({@code codecTag}, from the stream header or the frame) otherwise, as FFmpeg's
   * {@code av_guess_sample_aspect_ratio} does.
   */
  private static AVRational pixelAspect(AVStream stream, AVRational codecTag) {
    AVRational container = containerAspect(stream);
    return container != null ? container : codecTag;
  }

  /** The container's tag of the shape of the stream's pixels; null when it has none. */
  private static AVRational containerAspect(AVStream stream) {
    AVRational tag = stream.sample_aspect_ratio();
    return tag.num() > 0 && tag.den() > 0 ? tag : null;
  }

  private static Orientation orientation(AVCodecParameters par) {
    AVPacketSideData data = av_packet_side_data_get(par.coded_side_data(),
        par.nb_coded_side_data(), AV_PKT_DATA_DISPLAYMATRIX);
    if (data == null || data.isNull() || data.size() < 9 * 4) {
      return Orientation.UPRIGHT;
    }
    return Orientation.fromDisplayMatrix(new IntPointer(data.data()));
  }

  private static final String UNNAMED = "the video file";
  private static final String UPLOAD = "the uploaded file";
  private static final String DOWNLOAD = "the downloaded video";

  /** The file's name without its folder: what errors may show. */
  static String nameOf(Path file) {
    Path n = file.getFileName();
    if (n == null) {
      return UNNAMED;
    }
    // The job service's names for uploads and downloads: names their senders never gave.
    String name = n.toString();
    if (JobVideoFiles.isUpload(name)) {
      return UPLOAD;
    }
    return JobVideoFiles.isDownload(name) ? DOWNLOAD : name;
  }

  /** "the video file talk.mp4", or an uploaded or downloaded file as {@link #nameOf} says. */
  private static String theFile(String name) {
    return name.equals(UNNAMED) || name.equals(UPLOAD) || name.equals(DOWNLOAD) ? name
        : UNNAMED + " " + name;
  }

  String name() {
    return name;
  }

  VideoInfo info() {
    return info;
  }

  Orientation orientation() {
    return orientation;
  }

  /** Width of the stream's pictures as stored (before turning upright), as it declares. */
  int storedWidth() {
    return storedWidth;
  }

  /** Height of the stream's pictures as stored (before turning upright), as it declares. */
  int storedHeight() {
    return storedHeight;
  }

  boolean skipsNonReferenceFrames() {
    return skipsNonReferenceFrames;
  }

  /**
   * Where sample times count from, in microseconds of presentation time: the container's start
   * time, or 0 for an MP4 that shows its first frame after a composition offset (see
   * {@link #origin}).
   */
  long startMicros() {
    return startMicros;
  }

  /** A timestamp of the video stream in microseconds (not shifted by the start time). */
  long micros(long ticks) {
    return 1_000_000L * ticks * timeBaseNum / timeBaseDen;
  }

  /** Seconds from the start of the video of the frame {@link #next()} returned last. */
  double frameSeconds() {
    return Math.max(0, (frameMicros - startMicros) / 1e6);
  }

  /**
   * Seconds from the start of the video until which the frame {@link #next()} returned last is
   * shown, as the stream says (its own time when it does not say): a variable-frame-rate
   * recording may show a frame for many seconds.
   */
  double frameEndSeconds() {
    return Math.max(0, (frameMicros + micros(frameDuration) - startMicros) / 1e6);
  }

  /**
   * Presentation time of the frame {@link #next()} returned last, in microseconds (not shifted
   * by the start time).
   */
  long frameMicros() {
    return frameMicros;
  }

  private long timestampMicros(AVFrame decoded) {
    long ticks = decoded.best_effort_timestamp();
    if (ticks == AV_NOPTS_VALUE) {
      ticks = decoded.pts();
    }
    if (ticks == AV_NOPTS_VALUE) {
      // No timestamp at all: one frame after the last one.
      double step = info.frameRate() > 0 ? 1e6 / info.frameRate() : 0;
      return lastMicros == Long.MIN_VALUE ? startMicros : lastMicros + (long) step;
    }
    return micros(ticks);
  }

  /**
   * The next decoded frame, in presentation order: owned by this decoder and valid until the
   * next call. Null at the end of the stream (or where the container cannot be read further,
   * which counts as a decode error).
   */
  AVFrame next() {
    int errorsWhileDraining = 0;
    while (true) {
      int ret = avcodec_receive_frame(codec, frame);
      if (ret >= 0) {
        framesDecoded++;
        if (containerAspect != null) {
          frame.sample_aspect_ratio(containerAspect); // what a player goes by
        }
        long micros = timestampMicros(frame);
        frameMicros = micros;
        frameDuration = Math.max(0, frame.duration());
        lastMicros = Math.max(lastMicros, micros);
        if (frame.decode_error_flags() != 0
            || (frame.flags() & AVFrame.AV_FRAME_FLAG_CORRUPT) != 0) {
          error(micros);
          frameDamaged = true;
        } else if ((frame.flags() & AVFrame.AV_FRAME_FLAG_KEY) != 0
            && micros > taintedFromMicros) {
          // A clean keyframe after the errors: nothing from here on depends on them. One shown
          // before them (a decoder's output lags its input) does not clear them.
          taintedFromMicros = Long.MAX_VALUE;
          frameDamaged = false;
        } else {
          frameDamaged = taintedFromMicros != Long.MAX_VALUE;
        }
        return frame;
      }
      if (ret == AVERROR_EOF()) {
        return null;
      }
      if (ret != AVERROR_EAGAIN()) {
        error(lastMicros);
        if (draining && ++errorsWhileDraining > 16) {
          return null;
        }
        continue;
      }
      if (draining) {
        return null; // nothing more will come
      }
      feed();
    }
  }

  /** Sends the next packet of the video stream to the decoder, or starts draining it. */
  private void feed() {
    while (true) {
      int ret = av_read_frame(format, packet);
      if (ret < 0) {
        if (ret != AVERROR_EOF()) {
          // Damage the demuxer cannot get past: what is decoded so far is all there is.
          log.debug("Reading {} stopped: FFmpeg error {}", name, ret);
          error(lastMicros);
        }
        avcodec_send_packet(codec, null);
        draining = true;
        return;
      }
      if (packet.stream_index() != streamIndex) {
        av_packet_unref(packet);
        continue;
      }
      if (wantedPackets != null) {
        long pts = packet.pts();
        if (pts != AV_NOPTS_VALUE && pts >= stopTicks) {
          av_packet_unref(packet);
          avcodec_send_packet(codec, null);
          draining = true;
          return;
        }
        if (pts == AV_NOPTS_VALUE || !wantedPackets.test(pts)) {
          av_packet_unref(packet); // never decoded: nothing depends on it (see decodeOnly)
          continue;
        }
      }
      long ticks = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
      ret = avcodec_send_packet(codec, packet);
      av_packet_unref(packet);
      if (ret < 0 && ret != AVERROR_EAGAIN()) {
        error(ticks == AV_NOPTS_VALUE ? lastMicros : micros(ticks));
      }
      return;
    }
  }

  private void error(long micros) {
    if (micros == Long.MIN_VALUE) {
      micros = countFromMicros == Long.MIN_VALUE ? startMicros : countFromMicros;
    }
    taintedFromMicros = Math.min(taintedFromMicros, micros);
    if (micros >= countFromMicros && micros < countToMicros) {
      damage.add((micros - startMicros) / 1e6);
    }
  }

  /**
   * Counts only errors at {@code [fromMicros, toMicros)}: a decoder working on one stretch of
   * the video also decodes a little of its neighbours, whose decoders report those.
   */
  void countErrorsBetween(long fromMicros, long toMicros) {
    countFromMicros = fromMicros;
    countToMicros = toMicros;
  }

  /**
   * Whether the frame {@link #next()} returned last may show broken blocks: it was decoded
   * with errors, or after a decode error (a packet that could not be decoded, a frame patched
   * up) and before the next keyframe decoded without error. Errors outside the range counted
   * ({@link #countErrorsBetween}) count here too: their broken blocks carry on all the same.
   */
  boolean frameDamaged() {
    return frameDamaged;
  }

  /** The errors counted so far. */
  DecodeDamage damage() {
    return damage.snapshot();
  }

  /** The errors counted since the last call (or the start). */
  DecodeDamage drainDamage() {
    return damage.drain();
  }

  /**
   * Every packet of the video stream that has a presentation time, read without decoding. Reads
   * the whole file: call on a fresh decoder, which is at the end afterwards.
   */
  PacketIndex packetIndex() {
    long[] ticks = new long[1024];
    int[] sizes = new int[1024];
    boolean[] keys = new boolean[1024];
    boolean[] unreferenced = new boolean[1024];
    UnreferencedFrames.Framing framing = skipsNonReferenceFrames
        ? UnreferencedFrames.framing(format.streams(streamIndex).codecpar())
        : UnreferencedFrames.Framing.NONE;
    int n = 0;
    boolean timed = true;
    // Intra-only: every packet a keyframe that starts the decoding afresh, stored in the order
    // shown (no reordering), from a codec that declares no reordering delay. Keyframe flags
    // come from the container (an MP4 without a sync-sample table flags every packet), so
    // they are believed only where the pictures themselves say so: H.264 and HEVC, whose IDR
    // pictures are read, and codecs that have no predicted pictures at all (MJPEG, ProRes).
    AVCodecParameters parameters = format.streams(streamIndex).codecpar();
    UnreferencedFrames.Framing pictures = UnreferencedFrames.framing(parameters);
    AVCodecDescriptor descriptor = avcodec_descriptor_get(parameters.codec_id());
    boolean intra = parameters.video_delay() == 0
        && (pictures.syntax() == UnreferencedFrames.Syntax.H264
            || pictures.syntax() == UnreferencedFrames.Syntax.HEVC
            || descriptor != null && (descriptor.props() & AV_CODEC_PROP_INTRA_ONLY) != 0);
    long lastPts = Long.MIN_VALUE;
    long endTicks = Long.MIN_VALUE;
    while (av_read_frame(format, packet) >= 0) {
      if (packet.stream_index() == streamIndex) {
        if (packet.pts() == AV_NOPTS_VALUE) {
          timed = false;
        } else {
          intra = intra && (packet.flags() & AV_PKT_FLAG_KEY) != 0 && packet.pts() > lastPts
              && UnreferencedFrames.startsAfresh(packet.data(), packet.size(), pictures);
          lastPts = packet.pts();
          if (n == ticks.length) {
            ticks = Arrays.copyOf(ticks, 2 * n);
            sizes = Arrays.copyOf(sizes, 2 * n);
            keys = Arrays.copyOf(keys, 2 * n);
            unreferenced = Arrays.copyOf(unreferenced, 2 * n);
          }
          ticks[n] = packet.pts();
          sizes[n] = packet.size();
          keys[n] = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
          unreferenced[n] = !keys[n]
              && UnreferencedFrames.unreferenced(packet.data(), packet.size(), framing);
          endTicks = Math.max(endTicks, packet.pts() + Math.max(1, packet.duration()));
          n++;
        }
      }
      av_packet_unref(packet);
    }
    return new PacketIndex(Arrays.copyOf(ticks, n), Arrays.copyOf(sizes, n),
        Arrays.copyOf(keys, n), Arrays.copyOf(unreferenced, n), timed, endTicks,
        intra && timed && n > 0);
  }

  /**
   * From now on send the decoder only the packets whose presentation time (stream ticks)
   * {@code wanted} accepts, and end the stream (drain the decoder) at the first packet shown at
   * or after {@code stopTicks}; a {@link #seek} starts decoding again. Only for streams whose
   * every frame is decoded on its own ({@link PacketIndex#isIntraOnly()}): the frames returned
   * are then exactly those that decoding every packet returns at these times. Null: every
   * packet again.
   */
  void decodeOnly(LongPredicate wanted, long stopTicks) {
    this.wantedPackets = wanted;
    this.stopTicks = wanted == null ? Long.MAX_VALUE : stopTicks;
  }

  /**
   * From now on decode keyframes (intra pictures) only, skipping every other frame before it
   * is decoded: what FFmpeg's {@code -skip_frame nokey} does.
   */
  void decodeKeyframesOnly() {
    codec.skip_frame(AVDISCARD_NONKEY);
  }

  /** Whether to skip the deblocking filter of frames other than keyframes from now on. */
  void skipLoopFilter(boolean skip) {
    codec.skip_loop_filter(skip ? AVDISCARD_NONKEY : AVDISCARD_DEFAULT);
  }

  /**
   * Moves to the last keyframe at or before {@code ticks} (stream ticks) and forgets what the
   * decoder held.
   */
  void seek(long ticks) throws VideoDecodeException {
    if (av_seek_frame(format, streamIndex, ticks, AVSEEK_FLAG_BACKWARD) < 0) {
      throw new VideoDecodeException("Cannot decode " + name
          + ": the file cannot be read from the middle (damaged index)");
    }
    avcodec_flush_buffers(codec);
    draining = false;
    // The decoder forgot every picture: what it decodes next cannot inherit earlier damage.
    taintedFromMicros = Long.MAX_VALUE;
    frameDamaged = false;
  }

  /**
   * {@link #seek}s to {@code ticks} and returns the first frame decoded from there (null at the
   * end). Some containers land after the requested time: while that frame is shown after
   * {@code micros}, or no frame comes at all, seeks again 2, 4, 8... s further back (never
   * before {@code floorTicks}), {@code attempts} times in all, and returns the last attempt's
   * frame whatever it shows. No frame at all is what FFmpeg's MPEG-TS seek gives for a time at
   * or after the last keyframe of a stream with B-frames (it lands at the end of the file).
   */
  AVFrame seekAtOrBefore(long ticks, long micros, long floorTicks, int attempts)
      throws VideoDecodeException {
    long target = ticks;
    for (int attempt = 1; ; attempt++) {
      seek(target);
      AVFrame first = next();
      if ((first != null && frameMicros() <= micros) || attempt >= attempts) {
        return first;
      }
      target = Math.max(floorTicks, target - (long) (ticksPerSecond() * (1L << attempt)));
    }
  }

  /**
   * The bytes of the file to read to decode the frames shown from {@code fromTicks} to
   * {@code toTicks} (stream ticks): from the last keyframe at or before {@code fromTicks} to
   * the first packet stored after every frame shown by {@code toTicks} (packets are stored in
   * decoding order, so a B-frame comes after the frames it depends on). Null when the container
   * has no index to tell (fragments not read yet, streams without one).
   */
  long[] bytesFor(long fromTicks, long toTicks) {
    AVStream stream = format.streams(streamIndex);
    int n = avformat_index_get_entries_count(stream);
    if (n == 0) {
      return null;
    }
    long from = -1;
    long to = -1;
    for (int i = 0; i < n; i++) {
      AVIndexEntry e = avformat_index_get_entry(stream, i);
      if ((e.flags() & AVINDEX_KEYFRAME) != 0 && e.timestamp() <= fromTicks) {
        from = e.pos();
      }
      if (e.timestamp() > toTicks) {
        to = e.pos();
        break;
      }
    }
    if (from < 0) {
      from = avformat_index_get_entry(stream, 0).pos();
    }
    if (to < 0) {
      AVIndexEntry last = avformat_index_get_entry(stream, n - 1);
      to = last.pos() + last.size();
    }
    return to > from ? new long[] {from, to} : null;
  }

  /** FFmpeg's AVINDEX_KEYFRAME flag of an index entry (a macro, not in the bindings). */
  private static final int AVINDEX_KEYFRAME = 1;

  /** Stream ticks of {@code micros} (not shifted by the start time). */
  long ticks(long micros) {
    return Math.floorDiv(micros * timeBaseDen, 1_000_000L * timeBaseNum);
  }

  /** Frames decoded so far. */
  long framesDecoded() {
    return framesDecoded;
  }

  /** Stream ticks per second. */
  double ticksPerSecond() {
    return (double) timeBaseDen / timeBaseNum;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    av_frame_free(frame);
    av_packet_free(packet);
    avcodec_free_context(codec);
    avformat_close_input(format);
  }
}
