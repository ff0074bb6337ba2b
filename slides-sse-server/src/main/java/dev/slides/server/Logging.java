package dev.slides.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels for the command line: the progress bar and summary say enough by default. */
final class Logging {
  private Logging() {}

  static void quietUnless(boolean verbose) {
    if (LoggerFactory.getLogger("dev.slides") instanceof Logger logger) {
      logger.setLevel(verbose ? Level.DEBUG : Level.WARN);
    }
  }
}
