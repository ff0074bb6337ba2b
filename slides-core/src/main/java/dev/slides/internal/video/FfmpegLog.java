package dev.slides.internal.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes FFmpeg's own log lines to slf4j (logger {@code dev.slides.ffmpeg}) instead of stderr.
 *
 * <p>FFmpeg has one log callback for the whole process, so installing ours replaces whatever an
 * application that uses FFmpeg itself had set. It is installed when the first video is opened,
 * unless the system property {@value #PROPERTY} is {@code off}: then FFmpeg's logging is left as
 * it is (by default FFmpeg prints to stderr).
 */
final class FfmpegLog extends LogCallback {
  private static final Logger log = LoggerFactory.getLogger("dev.slides.ffmpeg");
  private static final FfmpegLog INSTANCE = new FfmpegLog();
  /** The system property that turns the capture off: {@code -Ddev.slides.ffmpegLog=off}. */
  static final String PROPERTY = "dev.slides.ffmpegLog";

  private static volatile boolean installed;

  private FfmpegLog() {}

  /** Installs the callback once per JVM, unless turned off by {@value #PROPERTY}. */
  static void install() {
    if (installed || "off".equalsIgnoreCase(System.getProperty(PROPERTY, ""))) {
      return;
    }
    synchronized (FfmpegLog.class) {
      if (!installed) {
        avutil.av_log_set_level(log.isDebugEnabled() ? AV_LOG_INFO : AV_LOG_WARNING);
        avutil.setLogCallback(INSTANCE);
        installed = true;
      }
    }
  }

  @Override
  public void call(int level, BytePointer message) {
    String text = message.getString().strip();
    if (text.isEmpty()) {
      return;
    }
    if (level <= AV_LOG_ERROR) {
      // Damaged input is reported to the caller through exceptions; keep these at debug so
      // one bad upload does not flood the log.
      log.debug("{}", text);
    } else if (level <= AV_LOG_WARNING) {
      log.debug("{}", text);
    } else {
      log.trace("{}", text);
    }
  }
}
