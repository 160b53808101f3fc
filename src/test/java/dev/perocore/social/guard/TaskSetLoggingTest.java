package dev.perocore.social.guard;

import static dev.perocore.social.testing.OnContext.call;
import static dev.perocore.social.testing.OnContext.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.perocore.social.testing.GuardedVertx;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What a task's failure writes: one line with its context (MDC), or none when its owner explains it. */
class TaskSetLoggingTest {

  private GuardedVertx gv;
  private Context context;
  private TaskSet tasks;
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(TaskSet.class);

  @BeforeEach
  void setUp() {
    gv = GuardedVertx.fast();
    context = gv.vertx.getOrCreateContext();
    tasks = call(context, () -> gv.guard.newTaskSet("logging-owner"));
    events.start();
    logger.addAppender(events);
  }

  @AfterEach
  void tearDown() {
    logger.detachAppender(events);
    gv.close();
  }

  private List<ILoggingEvent> warnings() {
    return events.list.stream().filter(e -> e.getLevel().toInt() >= ch.qos.logback.classic.Level.WARN_INT)
        .toList();
  }

  @Test
  void aFailedTaskIsLoggedWithTaskSessionAndBotAsMdcFields() {
    failure(call(context, () -> tasks.run("brain.call.decide", "10001:group:555 summon",
        () -> Future.failedFuture(new IllegalStateException("provoked")))));
    List<ILoggingEvent> warned = warnings();
    assertEquals(1, warned.size(), warned.toString());
    assertEquals("brain.call.decide", warned.get(0).getMDCPropertyMap().get("task"));
    assertEquals("10001:group:555", warned.get(0).getMDCPropertyMap().get("session"));
    assertEquals("10001", warned.get(0).getMDCPropertyMap().get("bot"));
    // Set around the one call only: the loop's next line carries nothing of it.
    assertTrue(call(context, () -> org.slf4j.MDC.getCopyOfContextMap() == null
        || org.slf4j.MDC.getCopyOfContextMap().isEmpty()));
  }

  @Test
  void aKindItsOwnerExplainsIsCountedButNotWarnedAbout() {
    call(context, () -> {
      tasks.failuresExplainedByOwner("session.flush");
      return null;
    });
    failure(call(context, () -> tasks.run("session.flush", "10001:private:7 summon",
        () -> Future.failedFuture(new IllegalStateException("provoked")))));
    failure(call(context, () -> tasks.run("other", "x",
        () -> Future.failedFuture(new IllegalStateException("provoked")))));
    assertEquals(1, gv.guard.taskCount("session.flush", TaskOutcome.FAILURE));
    List<String> warned = warnings().stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertEquals(1, warned.size(), warned.toString());
    assertTrue(warned.get(0).contains("task other [x] failed"), warned.toString());
  }
}
