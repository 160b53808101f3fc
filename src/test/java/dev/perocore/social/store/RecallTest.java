package dev.perocore.social.store;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perocore.social.chat.ChatKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall over stored summaries (issue 15, schema version 7) on a real SQLite file: two-character
 * Chinese keywords match exactly, longer words through FTS5 trigrams, the session's newest always
 * has a place, a private chat's summary is never recalled into a group, a group's only into the
 * private chat of a user who took part in it, and retention prunes
 * summaries with their search rows.
 */
class RecallTest {

  static final ChatKey GROUP = ChatKey.group(1, 500);
  static final ChatKey OTHER_GROUP = ChatKey.group(1, 501);
  static final ChatKey PRIVATE = ChatKey.privateChat(1, 42);
  static final ChatKey STRANGER = ChatKey.privateChat(1, 77);

  @TempDir
  Path dir;

  private static void summary(Store store, ChatKey session, String text, List<String> keywords) {
    await(store.append(StoreHarness.inbound(session, 42, "m")));
    Claim claim = await(store.claim(session, 10));
    await(store.storeSummary(claim, text, keywords));
  }

  private static List<String> recall(Store store, ChatKey session, String text, boolean groups,
      int limit) {
    return await(store.recall(session, text, List.of(), groups, limit)).stream().map(SummaryRow::summary)
        .toList();
  }

  @Test
  void keywordsAndWordsMatchTheNewestAlwaysComesAndPrivateStaysPrivate() {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      summary(store, GROUP, "小明养了一只叫团子的橘猫", List.of("团子", "橘猫"));
      summary(store, GROUP, "大家讨论了周末去爬山的计划", List.of("爬山", "周末"));
      summary(store, GROUP, "we argued about pineapple pizza", List.of("pizza"));
      summary(store, GROUP, "最近在聊新出的游戏", List.of("游戏"));
      summary(store, PRIVATE, "42号私下说他的团子生病了", List.of("团子", "生病"));
      summary(store, OTHER_GROUP, "另一个群也有人养团子", List.of("团子"));

      // A two-character keyword (FTS5 trigrams cannot match it) found inside the buffered text.
      assertEquals(List.of("小明养了一只叫团子的橘猫", "最近在聊新出的游戏"),
          recall(store, GROUP, "[CQ:at,qq=1] 团子今天怎么样", false, 2));
      // A word of the summary text (trigram match), no keyword involved.
      assertEquals(List.of("we argued about pineapple pizza", "最近在聊新出的游戏"),
          recall(store, GROUP, "any more PINEAPPLE opinions?", false, 2));
      // Nothing matches: the newest ones, oldest first.
      assertEquals(List.of("we argued about pineapple pizza", "最近在聊新出的游戏"),
          recall(store, GROUP, "嗯", false, 2));
      // Never another chat's private summary in a group, nor another group's.
      assertEquals(List.of("小明养了一只叫团子的橘猫", "大家讨论了周末去爬山的计划",
              "we argued about pineapple pizza", "最近在聊新出的游戏"),
          recall(store, GROUP, "团子", false, 10));
      // A private chat: its own, plus the bot's groups only when allowed.
      assertEquals(List.of("42号私下说他的团子生病了"), recall(store, PRIVATE, "团子", false, 5));
      assertEquals(List.of("小明养了一只叫团子的橘猫", "42号私下说他的团子生病了", "另一个群也有人养团子"),
          recall(store, PRIVATE, "团子", true, 5));
      // ...and only groups the user took part in (42 wrote every group message above): a
      // stranger who guesses a group's topics in a private chat is told nothing of it.
      assertEquals(List.of(), recall(store, STRANGER, "团子 pineapple 爬山", true, 5));
      summary(store, STRANGER, "77号问过团子是谁", List.of("团子"));
      assertEquals(List.of("77号问过团子是谁"),
          recall(store, STRANGER, "团子 pineapple", true, 5));
    }
  }

  @Test
  void retentionPrunesSummariesAndTheirSearchRows() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir, Map.of("store.retention", "90d"))) {
      Store store = h.store();
      summary(store, GROUP, "很久以前聊过团子", List.of("团子"));
      summary(store, GROUP, "昨天聊过团子", List.of("团子"));
      long old = Instant.now().minus(Duration.ofDays(100)).toEpochMilli();
      try (Connection c = h.jdbc(); Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE summaries SET created_at = " + old
            + " WHERE summary = '很久以前聊过团子'");
      }
      await(store.housekeep());
      assertEquals(1, h.count("SELECT count(*) FROM summaries"));
      assertEquals(1, h.count("SELECT count(*) FROM summary_keywords"));
      assertEquals(1, h.count("SELECT count(*) FROM summaries_fts WHERE summaries_fts MATCH '聊过团'"));
      assertEquals(List.of("昨天聊过团子"), recall(store, GROUP, "团子", false, 5));
      assertEquals(1, h.count("SELECT count(*) FROM summaries_fts"));
    }
  }
}
