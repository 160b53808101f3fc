package dev.perocore.social.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.testing.OnContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reads of issue 4, point 9, plus notices, requests, users and groups as written. */
class ReadsTest {

  @TempDir Path dir;

  @Test
  void readsAnswerWhatWasWritten() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      ChatKey group = ChatKey.group(1, 100);
      ChatKey otherGroup = ChatKey.group(1, 200);
      ChatKey alice = ChatKey.privateChat(1, 11);
      for (int i = 0; i < 5; i++) {
        OnContext.await(store.append(StoreHarness.inbound(group, 11, "group line " + i)));
      }
      OnContext.await(store.append(StoreHarness.inbound(otherGroup, 11, "50% off_sale")));
      OnContext.await(store.append(StoreHarness.inbound(alice, 11, "hi bot")));
      OnContext.await(store.append(MessageRow.sent(alice, 555, "bot", "hi alice", "[]",
          Instant.now())));

      List<StoredMessage> recent = OnContext.await(store.recent(group, 3));
      assertEquals(List.of("group line 2", "group line 3", "group line 4"),
          recent.stream().map(m -> m.row().contentCq()).toList(), "newest 3, oldest first");

      List<StoredMessage> history = OnContext.await(store.privateHistory(1, 11, 10));
      assertEquals(2, history.size());
      assertEquals(MessageStatus.SENT, history.get(1).row().status());
      assertEquals(555L, history.get(1).row().messageId());

      assertEquals(Optional.of(200L), OnContext.await(store.latestGroupOf(1, 11)));
      assertEquals(Optional.empty(), OnContext.await(store.latestGroupOf(1, 12)));

      List<SessionActivity> groups = OnContext.await(store.sessionsByActivity(1, ChatType.GROUP, 5));
      assertEquals(List.of(otherGroup, group), groups.stream().map(SessionActivity::session).toList());

      // LIKE wildcards in the search text are taken literally.
      assertEquals(1, OnContext.await(store.search(otherGroup, "50% off_", 5)).size());
      assertEquals(0, OnContext.await(store.search(otherGroup, "50%%", 5)).size());
      assertEquals(2, OnContext.await(store.search(group, "line", 2)).size());

      assertTrue(h.gv.registry.find("social.store.read").tag("query", "recent").timer().count() >= 1);

      // users and groups: last seen actually written; names kept.
      OnContext.await(store.upsertGroup(100, "Tea Room", Instant.now()));
      OnContext.await(store.upsertUser(11, null, Instant.now()));
      assertEquals(1, h.count("SELECT count(*) FROM users WHERE user_id = 11"
          + " AND nickname = 'user11' AND last_seen_at > 0"));
      assertEquals(1, h.count("SELECT count(*) FROM groups WHERE group_id = 100"
          + " AND name = 'Tea Room' AND last_seen_at > 0"));

      // Notices and requests, and a request's resolution.
      Instant now = Instant.now();
      assertEquals(AppendResult.STORED, OnContext.await(store.append(new NoticeRow(1, "group_ban",
          "ban", 100L, 1L, 2L, "{\"duration\":600}", now, now))));
      RequestRow request = new RequestRow(1, "friend", null, 33, null, "let me in", "flag-1",
          now, now);
      assertEquals(AppendResult.STORED, OnContext.await(store.append(request)));
      assertEquals(AppendResult.DUPLICATE, OnContext.await(store.append(request)));
      assertEquals(1, OnContext.await(store.pendingRequests(1, 10)).size());
      assertTrue(OnContext.await(store.resolveRequest(1, "friend", "flag-1",
          RequestResolution.APPROVED, "polite", now)));
      assertEquals(0, OnContext.await(store.pendingRequests(1, 10)).size());
      assertEquals(1, h.count("SELECT count(*) FROM requests WHERE resolution = 'approved'"));
      assertEquals(1, h.count("SELECT count(*) FROM notices WHERE notice_type = 'group_ban'"));
    }
  }

  /** user_last_group: the newest received group message wins, in one batch and across them. */
  @Test
  void theLatestGroupFollowsTheNewestMessageWithinAndAcrossBatches() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir,
        Map.of("store.batch_max", 256, "store.batch_linger", "50ms"))) {
      Store store = h.store();
      // Queued together inside one linger window: one batch, 300 then 301 then 302.
      List<io.vertx.core.Future<AppendResult>> oneBatch = List.of(
          store.append(StoreHarness.inbound(ChatKey.group(1, 300), 21, "a")),
          store.append(StoreHarness.inbound(ChatKey.group(1, 301), 21, "b")),
          store.append(StoreHarness.inbound(ChatKey.group(1, 302), 21, "c")),
          store.append(StoreHarness.inbound(ChatKey.group(2, 900), 21, "other bot")));
      OnContext.await(io.vertx.core.Future.all(oneBatch));
      assertEquals(1, h.gv.registry.find("social.store.batch.rows").summary().count(),
          "the four rows went in one batch");
      assertEquals(Optional.of(302L), OnContext.await(store.latestGroupOf(1, 21)));
      assertEquals(Optional.of(900L), OnContext.await(store.latestGroupOf(2, 21)), "per bot");

      OnContext.await(store.append(StoreHarness.inbound(ChatKey.group(1, 300), 21, "d")));
      assertEquals(Optional.of(300L), OnContext.await(store.latestGroupOf(1, 21)));
      // The bot's own sends and private messages do not move it.
      OnContext.await(store.append(MessageRow.sent(ChatKey.group(1, 303), 777, "bot", "x",
          "[]", Instant.now())));
      OnContext.await(store.append(StoreHarness.inbound(ChatKey.privateChat(1, 21), 21, "dm")));
      assertEquals(Optional.of(300L), OnContext.await(store.latestGroupOf(1, 21)));
    }
  }
}
