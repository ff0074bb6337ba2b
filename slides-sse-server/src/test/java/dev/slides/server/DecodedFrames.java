package dev.slides.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The decoder's own count of what it decoded, from its debug line ("decoded N of M frames"):
 * how a test sees, without timing anything, whether stretches were skipped.
 */
final class DecodedFrames {
  private static final Pattern COUNT = Pattern.compile("decoded (\\d+) of (\\d+) frames");

  /** Work that decodes one video. */
  interface Work {
    void run() throws Exception;
  }

  private DecodedFrames() {}

  /** Frames decoded by {@code work}, and the frames its video has. */
  static long[] during(Work work) throws Exception {
    Logger video = (Logger) LoggerFactory.getLogger("dev.slides.internal.video");
    Level level = video.getLevel();
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    video.setLevel(Level.DEBUG);
    video.addAppender(logged);
    try {
      work.run();
    } finally {
      video.detachAppender(logged);
      video.setLevel(level);
    }
    return logged.list.stream().map(e -> COUNT.matcher(e.getFormattedMessage()))
        .filter(Matcher::find)
        .map(m -> new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))})
        .findFirst().orElseThrow(() -> new AssertionError("no count of decoded frames logged"));
  }
}
