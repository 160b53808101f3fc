package dev.perocore.social.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log.level} and {@code log.format} to logback once the configuration is read.
 * logback.xml stays the single description of the appenders (an async appender in front of the
 * console, so event loops never write to it); only the console's encoder is swapped for JSON.
 */
final class LogSetup {

  private LogSetup() {}

  static void apply(String level, String format) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext logback)) {
      return;
    }
    logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(level));
    if (format.equals("json")) {
      consoles(logback).forEach(console -> {
        JsonLogEncoder json = new JsonLogEncoder();
        json.setContext(logback);
        json.start();
        swap(console, json);
      });
    }
  }

  /**
   * Quiets, while Vert.x joins the cluster, the loggers that report a failed join (its port in
   * use) as ERRORs with stack traces — Hazelcast's address picker, Vert.x's clustered start-up and
   * its leave after that failure — before the same failure reaches the start-up, whose one line
   * naming cluster.* is the contract (its stack follows at DEBUG). Not at DEBUG, and only for the
   * join: the returned action restores them once joined.
   */
  static Runnable quietDuringJoin() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext logback)
        || logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).isDebugEnabled()) {
      return () -> { };
    }
    List<ch.qos.logback.classic.Logger> quieted = new ArrayList<>();
    List<Level> levels = new ArrayList<>();
    for (String name : List.of("com.hazelcast.instance.AddressPicker",
        "io.vertx.core.impl.VertxImpl")) {
      ch.qos.logback.classic.Logger logger = logback.getLogger(name);
      quieted.add(logger);
      levels.add(logger.getLevel());
      logger.setLevel(Level.OFF);
    }
    return () -> {
      for (int i = 0; i < quieted.size(); i++) {
        quieted.get(i).setLevel(levels.get(i));
      }
    };
  }

  /** Flushes what the async appender holds: before an exit that skips the shutdown hooks' logs. */
  static void flush() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.stop();
    }
  }

  private static void swap(OutputStreamAppender<ILoggingEvent> console, Encoder<ILoggingEvent> encoder) {
    Encoder<ILoggingEvent> old = console.getEncoder();
    console.setEncoder(encoder);
    if (old != null) {
      old.stop();
    }
  }

  /** Every console-like appender under the root, also behind an async appender. */
  private static List<OutputStreamAppender<ILoggingEvent>> consoles(LoggerContext logback) {
    List<OutputStreamAppender<ILoggingEvent>> found = new ArrayList<>();
    Iterator<Appender<ILoggingEvent>> it =
        logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
    while (it.hasNext()) {
      collect(it.next(), found);
    }
    return found;
  }

  private static void collect(Appender<ILoggingEvent> appender,
      List<OutputStreamAppender<ILoggingEvent>> found) {
    if (appender instanceof OutputStreamAppender<ILoggingEvent> stream) {
      found.add(stream);
    } else if (appender instanceof AsyncAppenderBase<ILoggingEvent> async) {
      async.iteratorForAppenders().forEachRemaining(inner -> collect(inner, found));
    }
  }
}
