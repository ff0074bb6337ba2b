package dev.slides.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/** Log levels and format for the command line. */
final class Logging {
  private Logging() {}

  /**
   * The progress bar and summary say enough by default. What the extraction warns about (a
   * failure, a damaged video) the command reports itself, in its summary: its log lines would
   * say it twice.
   */
  static void quietUnless(boolean verbose) {
    if (LoggerFactory.getLogger("dev.slides") instanceof Logger logger) {
      logger.setLevel(verbose ? Level.DEBUG : Level.WARN);
    }
    if (LoggerFactory.getLogger("dev.slides.internal.extract") instanceof Logger logger) {
      logger.setLevel(verbose ? null : Level.ERROR);
    }
  }

  /**
   * Applies {@code SLIDES_LOG_FORMAT}: null or {@code text} keeps logback.xml's lines,
   * {@code json} makes every console line one JSON object (logback's own {@link JsonEncoder})
   * for log collectors. Done here rather than in logback.xml, which can only choose between
   * appenders and then warns on its console about the one left unused.
   *
   * @return false for any other value
   */
  static boolean useFormat(String format) {
    if (format == null || format.equals("text")) {
      return true;
    }
    if (!format.equals("json")) {
      return false;
    }
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return true; // another slf4j backend: its own configuration decides
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
        JsonEncoder json = new JsonEncoder();
        json.setContext(context);
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithFormattedMessage(true);
        json.start();
        console.stop();
        console.setEncoder(json);
        console.start();
      }
    }
    return true;
  }
}
