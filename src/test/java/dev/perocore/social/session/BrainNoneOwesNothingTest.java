package dev.perocore.social.session;

import static dev.perocore.social.session.SessionHarness.SELF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.session.impl.Shard;
import dev.perocore.social.testing.LogCapture;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code brain.kind: none} nobody will ever answer: a summoned message still buffered at stop
 * is let go (marked consumed), not owed to the next start — which, with a brain that answers, would
 * otherwise re-buffer it and reply to a message the previous run never meant to answer.
 */
class BrainNoneOwesNothingTest {

  @TempDir Path dir;

  @Test
  void aSummonedMessageBufferedAtStopUnderBrainNoneIsConsumedAndNotAnsweredAfterRestart()
      throws Exception {
    SessionConfig slowSummon = SessionHarness.fast().with("session.summon_private", "1h")
        .with("session.idle_flush", "1h").session();
    try (LogCapture shardLog = LogCapture.of(Shard.class)) {
      try (SessionHarness none = new SessionHarness(dir, slowSummon,
          TestConfig.brain(Map.of("brain.kind", "none")), Duration.ofSeconds(5),
          Duration.ofSeconds(2))) {
        none.send(none.sim.privateMessage(81, "nobody answers this run"));
        none.waitForRows("stored", ChatKey.privateChat(SELF, 81), rows -> rows.size() == 1);
        none.waitFor("append ended", () -> none.sessionTasksInFlight() == 0);
        assertEquals(0, none.sqlCount("SELECT count(*) FROM messages WHERE consumed_at IS NOT NULL"));
        // As the service stops: the sessions before the store (ServiceSupervisor's reverse order).
        for (String id : none.sessionDeployments) {
          OnContext.await(none.gv.vertx.undeploy(id));
        }
        assertEquals(1, none.sqlCount("SELECT count(*) FROM messages WHERE consumed_at IS NOT NULL"),
            "let go at the stop, not owed to the next start");
      }
      assertTrue(shardLog.lines().stream().anyMatch(l -> l.contains("brain.kind none never"
          + " answers: 1 message(s) of 1 session(s) let go (marked consumed)")),
          shardLog.lines().toString());
    }

    SessionConfig answering = SessionHarness.fast().session();
    try (SessionHarness echo = SessionHarness.echo(dir, answering)) {
      assertEquals(1, echo.sqlCount("SELECT count(*) FROM messages WHERE status = 'received'"
          + " AND consumed_at IS NOT NULL"), "let go at the stop");
      assertEquals(0.0, echo.counter("social.session.rebuffered.messages", "source", "startup"));
      echo.send(echo.sim.privateMessage(82, "a fresh one"));
      echo.waitFor("the fresh one answered", () -> echo.replies("sent") == 1);
      echo.waitFor("flights ended", () -> echo.sessionTasksInFlight() == 0);
      assertEquals(1, echo.sends("send_private_msg").size(), "only the fresh message");
      assertEquals(82L, echo.sends("send_private_msg").get(0).getJsonObject("params")
          .getLong("user_id"));
    }
  }
}
