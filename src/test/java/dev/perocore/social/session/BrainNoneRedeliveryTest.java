package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.testing.OnContext;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message a brain that answers left owed (stored, not consumed, not summoned, so the start-time
 * marking under none skips it) is redelivered while brain.kind is none: it is marked consumed
 * then (found in review: it stayed unconsumed, and a later run with a brain that answers took it
 * as owed, source=redelivery).
 */
class BrainNoneRedeliveryTest {

  @TempDir Path dir;

  private static SessionConfig slow() {
    return SessionHarness.fast().with("session.summon_group", "1h")
        .with("session.idle_flush", "1h").session();
  }

  /** brain.kind none, as BrainNoneStoreOnlyTest.none. */
  private static SessionHarness none(Path dir) {
    return new SessionHarness(dir, slow(), dev.perocore.social.testing.TestConfig.brain(
        java.util.Map.of("brain.kind", "none")), java.time.Duration.ofSeconds(5),
        java.time.Duration.ofSeconds(2));
  }

  private static void stopShards(SessionHarness h) {
    for (String id : h.sessionDeployments) {
      OnContext.await(h.gv.vertx.undeploy(id));
    }
  }

  @Test
  void aMessageRedeliveredUnderNoneIsNotOwedToALaterRun() throws Exception {
    ChatKey group = ChatKey.group(SessionHarness.SELF, 601);
    JsonObject chatter;
    try (SessionHarness echo = SessionHarness.echo(dir, slow())) {
      chatter = echo.sim.groupMessage(601, 92, "plain chatter, buffered for an idle flush");
      echo.send(chatter.copy());
      echo.waitForRows("stored", group, rows -> rows.size() == 1);
      echo.waitFor("append ended", () -> echo.sessionTasksInFlight() == 0);
      stopShards(echo);
      assertEquals(1, echo.sqlCount("SELECT count(*) FROM messages WHERE consumed_at IS NULL"),
          "owed by the answering run");
    }

    try (SessionHarness none = none(dir)) {
      // NapCat pushes it again (reconnect) while the service runs store-only.
      none.send(chatter.copy());
      none.send(none.sim.groupMessage(601, 93, "a fresh one").put("message_id", 990_002));
      none.waitForOnTestThread("fresh one stored",
          () -> none.sqlCount("SELECT count(*) FROM messages") == 2);
      none.waitFor("appends ended", () -> none.sessionTasksInFlight() == 0);
      stopShards(none);
      // README: under none "every message is stored already consumed ... a later run with a
      // brain that answers does not answer them". The redelivered one is not.
      assertEquals(0, none.sqlCount("SELECT count(*) FROM messages WHERE consumed_at IS NULL"),
          "a message received under brain none must not stay owed");
    }
  }

  @Test
  void andALaterEchoRunTakesItAsOwed() throws Exception {
    ChatKey group = ChatKey.group(SessionHarness.SELF, 602);
    JsonObject chatter;
    try (SessionHarness echo = SessionHarness.echo(dir, slow())) {
      chatter = echo.sim.groupMessage(602, 92, "plain chatter");
      echo.send(chatter.copy());
      echo.waitForRows("stored", group, rows -> rows.size() == 1);
      echo.waitFor("append ended", () -> echo.sessionTasksInFlight() == 0);
      stopShards(echo);
    }
    try (SessionHarness none = none(dir)) {
      none.send(chatter.copy());
      none.waitForOnTestThread("the redelivered copy marked consumed", () -> none.sqlCount(
          "SELECT count(*) FROM messages WHERE consumed_at IS NULL") == 0);
      none.waitFor("appends ended", () -> none.sessionTasksInFlight() == 0);
      stopShards(none);
    }
    try (SessionHarness echo = SessionHarness.echo(dir, slow())) {
      echo.send(chatter.copy());
      // Same chat, same connection: once the next message is stored, the copy was handled.
      echo.send(echo.sim.groupMessage(602, 93, "the next one").put("message_id", 990_003));
      echo.waitForOnTestThread("the next one stored",
          () -> echo.sqlCount("SELECT count(*) FROM messages") == 2);
      echo.waitFor("appends ended", () -> echo.sessionTasksInFlight() == 0);
      // Before the fix: 1.0 (re-buffered as owed although it arrived under none).
      assertEquals(0.0, echo.counter("social.session.rebuffered.messages", "source",
          "redelivery"), "received under none, it must not be owed to this run");
    }
  }
}
