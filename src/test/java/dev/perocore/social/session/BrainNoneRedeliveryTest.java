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

  private static SessionHarness none(Path dir) {
    return BrainNoneStoreOnlyTest.none(dir, slow());
  }

  private static void stopShards(SessionHarness h) {
    for (String id : h.sessionDeployments) {
      OnContext.await(h.gv.vertx.undeploy(id));
    }
  }

  /** A run with the echo brain stores plain chatter in {@code groupId} and stops still owing it. */
  private JsonObject owedByAnEchoRun(long groupId) throws Exception {
    try (SessionHarness echo = SessionHarness.echo(dir, slow())) {
      JsonObject chatter = echo.sim.groupMessage(groupId, 92, "plain chatter");
      echo.send(chatter.copy());
      echo.waitForRows("stored", ChatKey.group(SessionHarness.SELF, groupId),
          rows -> rows.size() == 1);
      echo.waitFor("append ended", () -> echo.sessionTasksInFlight() == 0);
      stopShards(echo);
      assertEquals(1, echo.sqlCount("SELECT count(*) FROM messages WHERE consumed_at IS NULL"),
          "owed by the answering run");
      return chatter;
    }
  }

  @Test
  void aMessageRedeliveredUnderNoneIsNotOwedToALaterRun() throws Exception {
    JsonObject chatter = owedByAnEchoRun(601);

    try (SessionHarness none = none(dir)) {
      // NapCat pushes it again (reconnect) while the service runs store-only.
      none.send(chatter.copy());
      none.send(none.sim.groupMessage(601, 93, "a fresh one").put("message_id", 990_002));
      none.waitForOnTestThread("fresh one stored",
          () -> none.sqlCount("SELECT count(*) FROM messages") == 2);
      none.waitFor("appends ended", () -> none.sessionTasksInFlight() == 0);
      stopShards(none);
      assertEquals(0, none.sqlCount("SELECT count(*) FROM messages WHERE consumed_at IS NULL"),
          "a message received under brain none must not stay owed");
    }
  }

  @Test
  void soALaterRunWithABrainDoesNotAnswerIt() throws Exception {
    JsonObject chatter = owedByAnEchoRun(602);
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
