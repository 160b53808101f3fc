package dev.perocore.social.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what a logger writes during a test, so a test can assert that a failure was said. */
public final class LogCapture implements AutoCloseable {

  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(String name) {
    logger = (Logger) LoggerFactory.getLogger(name);
    appender.start();
    logger.addAppender(appender);
  }

  public static LogCapture of(Class<?> type) {
    return new LogCapture(type.getName());
  }

  public static LogCapture of(String name) {
    return new LogCapture(name);
  }

  /**
   * Formatted messages written so far. The appender adds to a plain list from whichever thread
   * logs, holding its own monitor (AppenderBase.doAppend is synchronized): a copy taken under that
   * monitor is never read while it grows.
   */
  public List<String> lines() {
    List<ILoggingEvent> events;
    synchronized (appender) {
      events = List.copyOf(appender.list);
    }
    return events.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  public boolean contains(String... parts) {
    return lines().stream().anyMatch(line -> {
      for (String part : parts) {
        if (!line.contains(part)) {
          return false;
        }
      }
      return true;
    });
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
  }
}
