package dev.slides.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The lines one class logs at INFO and above while this is open. Other tests of the same JVM
 * may have run a command that set the {@code dev.slides} level to WARN: the class's own level
 * is lowered to INFO meanwhile, and put back on {@link #close()}.
 */
final class LogLines implements AutoCloseable {
  private final Logger logger;
  private final Level level;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  LogLines(Class<?> of) {
    logger = (Logger) LoggerFactory.getLogger(of);
    level = logger.getLevel();
    logger.setLevel(Level.INFO);
    appender.start();
    logger.addAppender(appender);
  }

  /** The formatted messages so far that start with {@code prefix}. */
  List<String> startingWith(String prefix) {
    synchronized (appender) {
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage)
          .filter(line -> line.startsWith(prefix)).toList();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(level);
  }
}
