package dev.perocore.social.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.testing.OnContext;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Duplicates by identity (issue 13): NapCat's message_id is a 31-bit hash, so a row is a
 * duplicate only with the same bot, chat, id, sender and event time; notices by theirs.
 */
class IdentityTest {

  @TempDir Path dir;

  private static final ChatKey GROUP = ChatKey.group(1, 500);
  private static final Instant T = Instant.ofEpochSecond(1_700_000_000);

  private static MessageRow message(ChatKey chat, long id, long sender, Instant time, String text) {
    return MessageRow.received(chat, id, sender, "u" + sender, text, "[]", time, Instant.now(),
        null);
  }

  @Test
  void twoDifferentMessagesSharingAnIdAreBothStoredAndCounted() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      assertNotNull(h.gv.registry.find("social.store.id.collisions").counter(),
          "registered at 0 from start-up, so rate() has a series before the first collision");
      assertEquals(0.0, h.gv.counter("social.store.id.collisions"));
      assertEquals(AppendResult.STORED, OnContext.await(store.append(message(GROUP, 77, 2, T, "a"))));
      // Another sender, and the same sender at another time: different messages, same hash.
      assertEquals(AppendResult.STORED, OnContext.await(store.append(message(GROUP, 77, 3, T, "b"))));
      assertEquals(AppendResult.STORED,
          OnContext.await(store.append(message(GROUP, 77, 2, T.plusSeconds(60), "c"))));
      // The same id in another chat of the same bot is simply another message, no collision.
      assertEquals(AppendResult.STORED,
          OnContext.await(store.append(message(ChatKey.group(1, 501), 77, 2, T, "d"))));
      assertEquals(List.of("a", "b", "c"), OnContext.await(store.recent(GROUP, 10)).stream()
          .map(m -> m.row().contentCq()).sorted().toList());
      assertEquals(2.0, h.gv.counter("social.store.id.collisions"));
      assertEquals(0.0, h.gv.counter("social.store.duplicates"));
      assertEquals(4.0, h.gv.counter("social.store.rows", "kind", "message"));
    }
  }

  @Test
  void aRedeliveryIsStoredOnceWithinABatchAndAcrossBatches() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      MessageRow first = message(GROUP, 88, 2, T, "hello");
      // NapCat's redelivery carries a later received_at and its own raw JSON: still the same.
      MessageRow again = MessageRow.received(GROUP, 88, 2, "renamed", "hello", "[]", T,
          Instant.now().plusSeconds(5), "{}");
      Future<AppendResult> a = store.append(first);
      Future<AppendResult> b = store.append(again);
      assertEquals(AppendResult.STORED, OnContext.await(a));
      assertEquals(AppendResult.DUPLICATE, OnContext.await(b), "same batch");
      assertEquals(AppendResult.DUPLICATE, OnContext.await(store.append(again)), "later batch");
      assertEquals(1, h.count("SELECT count(*) FROM messages WHERE message_id = 88"));
      assertEquals(2.0, h.gv.counter("social.store.duplicates"));
      assertEquals(2.0, h.gv.counter("social.onebot.events.duplicate"));
      assertEquals(0.0, h.gv.counter("social.store.id.collisions"));
    }
  }

  @Test
  void ourSendAndItsEchoAreOneMessageAndFailedSendsStayApart() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      ChatKey chat = ChatKey.privateChat(1, 42);
      Instant sentAt = T.plusMillis(1_750);
      assertEquals(AppendResult.STORED, OnContext.await(store.append(
          MessageRow.sent(chat, 555, "bot", "hi", "[]", sentAt))));
      // NapCat's message_sent report: QQ's time in whole seconds, a little off our clock.
      assertEquals(AppendResult.DUPLICATE, OnContext.await(store.append(
          message(chat, 555, 1, T.plusSeconds(3), "hi"))));
      // Someone else's message with our send's id is another message.
      assertEquals(AppendResult.STORED, OnContext.await(store.append(
          message(chat, 555, 42, T.plusSeconds(3), "other"))));
      OnContext.await(store.append(MessageRow.failed(chat, 1200, "bot", "x", "[]", sentAt)));
      OnContext.await(store.append(MessageRow.failed(chat, 1200, "bot", "x", "[]", sentAt)));
      assertEquals(2, h.count("SELECT count(*) FROM messages WHERE status = 'failed'"));
      assertEquals(1, h.count("SELECT count(*) FROM messages WHERE status = 'sent'"));
      assertEquals(0, h.count("SELECT count(*) FROM messages WHERE status = 'received'"
          + " AND sender_id = 1"));
      // The echo is a duplicate for the store, not an event NapCat delivered again.
      assertEquals(1.0, h.gv.counter("social.store.duplicates"));
      assertEquals(0.0, h.gv.counter("social.onebot.events.duplicate"));
    }
  }

  @Test
  void aNoticeReportedTwiceIsStoredOnce() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      NoticeRow recall = notice("group_recall", null, 500L, 2L, 3L,
          "{\"notice_type\":\"group_recall\",\"message_id\":123}", T);
      // Twice in one batch, then NapCat's second report later.
      Future<AppendResult> a = store.append(recall);
      Future<AppendResult> b = store.append(recall);
      assertEquals(AppendResult.STORED, OnContext.await(a));
      assertEquals(AppendResult.DUPLICATE, OnContext.await(b));
      assertEquals(AppendResult.DUPLICATE, OnContext.await(store.append(notice("group_recall",
          null, 500L, 2L, 3L, "{\"message_id\":\"123\",\"extra\":1}", T))));
      // A recall of another message at the same second is another notice.
      assertEquals(AppendResult.STORED, OnContext.await(store.append(notice("group_recall", null,
          500L, 2L, 3L, "{\"message_id\":124}", T))));
      // A private poke (no group, no operator) twice: NULLs compare equal in the identity.
      NoticeRow poke = notice("notify", "poke", null, 42L, null, "{}", T);
      assertEquals(AppendResult.STORED, OnContext.await(store.append(poke)));
      assertEquals(AppendResult.DUPLICATE, OnContext.await(store.append(poke)));
      // The same poke a second later is a new one.
      assertEquals(AppendResult.STORED, OnContext.await(store.append(
          notice("notify", "poke", null, 42L, null, "{}", T.plusSeconds(1)))));
      assertEquals(4, h.count("SELECT count(*) FROM notices"));
      assertEquals(123, h.count("SELECT message_id FROM notices ORDER BY id LIMIT 1"));
      assertEquals(3.0, h.gv.counter("social.store.duplicates"));
      assertEquals(4.0, h.gv.counter("social.store.rows", "kind", "notice"));
    }
  }

  static NoticeRow notice(String type, String subType, Long group, Long user, Long operator,
      String json, Instant time) {
    return new NoticeRow(1, type, subType, group, user, operator, json, time, Instant.now());
  }
}
