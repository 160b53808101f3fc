package dev.perocore.social.session;

import static dev.perocore.social.session.SessionHarness.SELF;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.store.MessageStatus;
import dev.perocore.social.testing.OnContext;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 4, end to end over real WebSockets and a real SQLite file: a message is a
 * duplicate by identity (chat, id, sender, time), decided by the store, not by a gateway cache that
 * remembered an id the store never committed.
 */
class IdentityEndToEndTest {

  @TempDir Path dir;

  @Test
  void twoDifferentMessagesWithTheSameIdInOneChatAreBothStored() throws Exception {
    try (SessionHarness h = SessionHarness.echo(dir, SessionHarness.fastConfig())) {
      JsonObject first = h.sim.groupMessage(30001, 47, "first of two").put("message_id", 777)
          .put("time", 1_700_000_000L);
      JsonObject second = h.sim.groupMessage(30001, 48, "second of two").put("message_id", 777)
          .put("time", 1_700_000_005L);
      h.send(first);
      h.send(second);
      h.waitForRows("both stored", ChatKey.group(SELF, 30001),
          rows -> h.count(rows, MessageStatus.RECEIVED) == 2);
      h.waitFor("the collision counted", () -> h.counter("social.store.id.collisions") == 1.0);
      assertEquals(0.0, h.counter("social.store.duplicates"));
      assertEquals(0.0, h.counter("social.onebot.events.duplicate"));
    }
  }

  @Test
  void aRedeliveryOnANewConnectionIsStoredOnceAndNotAnsweredAgain() throws Exception {
    try (SessionHarness h = SessionHarness.echo(dir, SessionHarness.fastConfig())) {
      JsonObject message = h.sim.privateMessage(43, "answer me once");
      h.send(message);
      h.waitFor("a reply", () -> h.replies("sent") == 1);
      // NapCat reconnects and sends it again: no gateway cache stops it, the store does.
      h.sim.dropConnections();
      OneBotSimulator again = new OneBotSimulator(h.gv.vertx, SELF).heartbeat(Duration.ZERO);
      try {
        OnContext.await(again.connectUniversal(h.port(), OneBotGatewayVerticle.PATH_UNIVERSAL));
        OnContext.await(again.sendRaw(message.encode()));
        h.waitFor("the redelivery found stored", () -> h.counter("social.store.duplicates") == 1);
        // Issue 3's name for the same count.
        assertEquals(1.0, h.counter("social.onebot.events.duplicate"));
        h.waitFor("its append ended", () -> h.sessionTasksInFlight() == 0);
        assertEquals(1, h.count(h.messages(ChatKey.privateChat(SELF, 43)),
            MessageStatus.RECEIVED));
        assertEquals(1.0, h.replies("sent"));
        assertEquals(0.0, h.counter("social.store.id.collisions"));
      } finally {
        OnContext.await(again.close());
      }
    }
  }

  @Test
  void aMessageTheStoreRefusedIsStoredWhenItComesAgain() throws Exception {
    try (SessionHarness h = SessionHarness.echo(dir, SessionHarness.fastConfig())) {
      h.store.refuseOnceContaining.add("refused then resent");
      // A group message nobody summons: what matters here is only what is stored.
      JsonObject message = h.sim.groupMessage(30002, 49, "refused then resent");
      h.send(message);
      h.waitFor("the first append refused", () -> h.store.refused.get() == 1);
      // The same frame again at once (well within the old 10-minute dedupe window).
      OnContext.await(h.sim.sendRaw(message.encode()));
      h.waitForRows("stored on the second delivery", ChatKey.group(SELF, 30002),
          rows -> h.count(rows, MessageStatus.RECEIVED) == 1);
      h.waitFor("its append ended", () -> h.sessionTasksInFlight() == 0);
      assertEquals(0.0, h.counter("social.store.duplicates"));
    }
  }

  @Test
  void aNoticeReportedTwiceIsStoredOnce() throws Exception {
    try (SessionHarness h = SessionHarness.echo(dir, SessionHarness.fastConfig())) {
      JsonObject poke = h.sim.pokeNotice(30003, 50);
      h.send(poke);
      h.send(poke.copy()); // NapCat's second report of the same poke
      h.waitFor("the second report found stored", () -> h.counter("social.store.duplicates") == 1);
      assertEquals(1, h.sqlCount("SELECT count(*) FROM notices WHERE notice_type = 'notify'"));
      assertEquals(1.0, h.counter("social.store.rows", "kind", "notice"));
    }
  }
}
