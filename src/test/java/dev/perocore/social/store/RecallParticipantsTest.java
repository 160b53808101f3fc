package dev.perocore.social.store;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.store.impl.Migrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Summaries about the participants (issue 15, schema version 11), on a real SQLite file: a stored
 * summary records the senders of its messages (not the bot); recall brings a participant's
 * summaries of other groups into a group and — with group_in_private — into their private chat,
 * never a private summary into a group; the rows go with their summaries (retention, a user's
 * history deleted) and a version 9 file is backfilled from its summaries' message ranges.
 */
class RecallParticipantsTest {

  static final long SELF = 1;
  static final ChatKey GROUP_A = ChatKey.group(SELF, 500);
  static final ChatKey GROUP_B = ChatKey.group(SELF, 501);
  static final ChatKey GROUP_C = ChatKey.group(SELF, 502);
  static final long U = 42;
  static final long V = 43;

  @TempDir
  Path dir;

  /** Stores messages from {@code senders} (and one of the bot) and a summary of them. */
  private static long summary(Store store, ChatKey session, String text, long... senders) {
    for (long sender : senders) {
      await(store.append(StoreHarness.inbound(session, sender, "m")));
    }
    await(store.append(MessageRow.sent(session, System.nanoTime() & 0xffffff, "bot", "me", "[]",
        Instant.now())));
    Claim claim = await(store.claim(session, 100));
    return await(store.storeSummary(claim, text, List.of()));
  }

  private static List<String> recall(Store store, ChatKey session, List<Long> participants,
      boolean groupsToo) {
    return await(store.recall(session, "嗯", participants, groupsToo, 5)).stream()
        .map(SummaryRow::summary).toList();
  }

  @Test
  void aParticipantsSummariesOfOtherGroupsAreRecalledAndPrivateStaysPrivate() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      long a = summary(store, GROUP_A, "U told group A about their cat", U, V);
      summary(store, GROUP_B, "only V spoke in group B", V);
      summary(store, ChatKey.privateChat(SELF, U), "U's private worries", U);
      assertEquals(2, h.count("SELECT count(*) FROM summary_participants WHERE summary_id = " + a),
          "U and V; the bot is no participant");

      // U speaks in group C: group A's summary about U comes; group B (without U) and U's
      // private chat never.
      assertEquals(List.of("U told group A about their cat"),
          recall(store, GROUP_C, List.of(U), false));
      // Even with groupsToo (it has no meaning for a group) a private summary stays out.
      assertEquals(List.of("U told group A about their cat"),
          recall(store, GROUP_C, List.of(U), true));
      assertEquals(List.of("U told group A about their cat", "only V spoke in group B"),
          recall(store, GROUP_C, List.of(V), false));
      // In group A itself the summary is the session's own, once.
      assertEquals(List.of("U told group A about their cat"),
          recall(store, GROUP_A, List.of(U), false));
      // U's private chat: their groups only with context.group_in_private.
      ChatKey direct = ChatKey.privateChat(SELF, U);
      assertEquals(List.of("U's private worries"), recall(store, direct, List.of(U), false));
      assertEquals(List.of("U told group A about their cat", "U's private worries"),
          recall(store, direct, List.of(U), true));
      // Another user's private chat never sees U's private summary.
      assertEquals(List.of(), recall(store, ChatKey.privateChat(SELF, V), List.of(U), false));
    }
  }

  @Test
  void theSessionsNewestAndAParticipantsSummaryBothKeepAPlace() {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      summary(store, GROUP_A, "U in group A", U);
      for (int i = 0; i < 3; i++) {
        summary(store, GROUP_C, "group C note " + i, V);
      }
      assertEquals(List.of("U in group A", "group C note 2"),
          await(store.recall(GROUP_C, "嗯", List.of(U), false, 2)).stream()
              .map(SummaryRow::summary).toList());
    }
  }

  @Test
  void participantRowsGoWithTheirSummaries() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir, Map.of("store.retention", "90d"))) {
      Store store = h.store();
      long old = summary(store, GROUP_A, "long ago", U);
      summary(store, GROUP_B, "yesterday", U, V);
      summary(store, GROUP_C, "V alone", V);
      try (Connection c = h.jdbc(); Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE summaries SET created_at = "
            + Instant.now().minus(Duration.ofDays(100)).toEpochMilli() + " WHERE id = " + old);
        // The summary outlives its messages (retention of messages ran first): the participant
        // row still finds it when U's history is deleted.
        s.executeUpdate("DELETE FROM messages WHERE peer_id = 501");
      }
      await(store.housekeep());
      assertEquals(0, h.count("SELECT count(*) FROM summary_participants WHERE summary_id = "
          + old));
      HistoryDeletion deleted = await(store.deleteUserHistory(U));
      assertEquals(1, deleted.summaries(), "group B's summary, found by its participant row");
      assertEquals(0, h.count("SELECT count(*) FROM summary_participants WHERE user_id = " + U));
      assertEquals(List.of("V alone"), recall(store, GROUP_A, List.of(V), false));
    }
  }

  @Test
  void aVersion10FileGetsItsParticipantsFromTheSummarisedRanges() throws Exception {
    Files.createDirectories(dir.resolve("data"));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/social.db"));
        Statement s = c.createStatement()) {
      for (int v = 1; v <= 10; v++) {
        for (String sql : Migrations.VERSIONS.get(v - 1)) {
          s.execute(sql);
        }
      }
      s.execute("PRAGMA user_version = 10");
      String message = "INSERT INTO messages (self_id, chat_type, peer_id, message_id, status,"
          + " sender_id, sender_name, content_cq, content_json, event_time, received_at,"
          + " summarized) VALUES ";
      s.execute(message + "(1, 'group', 500, 1, 'received', 42, 'u', 'a', '[]', 0, 0, 1),"
          + " (1, 'group', 500, 2, 'sent', 1, 'bot', 'b', '[]', 0, 0, 1),"
          + " (1, 'group', 501, 3, 'received', 43, 'v', 'c', '[]', 0, 0, 1),"
          + " (1, 'group', 500, 4, 'received', 44, 'w', 'not summarised', '[]', 0, 0, 0)");
      s.execute("INSERT INTO summaries (self_id, chat_type, peer_id, summary, keywords,"
          + " first_row_id, last_row_id, message_count, created_at) VALUES"
          + " (1, 'group', 500, 'old summary', '[]', 1, 2, 2, " + System.currentTimeMillis() + ")");
    }
    try (StoreHarness h = StoreHarness.open(dir)) {
      assertEquals(Migrations.LATEST, h.count("PRAGMA user_version"));
      assertEquals(1, h.count("SELECT count(*) FROM summary_participants"));
      assertEquals(42, h.count("SELECT user_id FROM summary_participants"));
      assertEquals(List.of("old summary"), recall(h.store(), GROUP_C, List.of(42L), false));
    }
  }
}
