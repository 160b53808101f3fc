package dev.perocore.social.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.Poll;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another process holding the write lock longer than busy_timeout: writes wait and retry, none is
 * lost, and no event loop waits (BlockHound fails the test if one does).
 */
class LockedDatabaseTest {

  @TempDir Path dir;

  @Test
  void anExclusiveLockLongerThanBusyTimeoutDelaysWritesButLosesNone() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir)) {   // busy_timeout 100ms
      Store store = h.store();
      OutsideLock lock = OutsideLock.hold(h, "BEGIN EXCLUSIVE");

      Context caller = h.gv.vertx.getOrCreateContext();
      List<Future<AppendResult>> appends = OnContext.call(caller, () -> {
        List<Future<AppendResult>> list = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          list.add(store.append(StoreHarness.inbound(ChatKey.group(1, 9), 5, "w" + i)));
        }
        return list;
      });
      // Wait (on timers) until the writer has met the lock and retried a few times.
      OnContext.await(Poll.untilTrue(h.gv.vertx, "busy retries",
          () -> h.gv.counter("social.store.busy.retries") >= 2));
      assertTrue(appends.stream().noneMatch(Future::isComplete), "nothing acknowledged yet");
      // The caller's event loop is free the whole time.
      assertEquals("free", OnContext.call(caller, () -> "free"));
      // Reads go on meanwhile (WAL: readers do not wait for the writer's lock).
      assertEquals(0, OnContext.await(store.recent(ChatKey.group(1, 9), 5)).size());

      lock.release();
      List<AppendResult> results = new ArrayList<>();
      for (Future<AppendResult> f : appends) {
        results.add(OnContext.await(f));
      }
      assertTrue(results.stream().allMatch(r -> r == AppendResult.STORED), results.toString());
      assertEquals(20, h.count("SELECT count(*) FROM messages"));
      assertFalse(store.status().queueDepth() > 0);
    }
  }

  @Test
  void aFailingRowDoesNotSinkItsBatch() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir,
        Map.of("store.batch_max", 100, "store.batch_linger", "50ms"))) {
      Store store = h.store();
      // A trigger makes exactly one row fail; its neighbours in the same batch must commit.
      try (Connection c = h.jdbc(); Statement s = c.createStatement()) {
        s.execute("CREATE TRIGGER refuse BEFORE INSERT ON messages WHEN NEW.content_cq = 'bad'"
            + " BEGIN SELECT RAISE(ABORT, 'refused by test'); END");
      }
      ChatKey session = ChatKey.group(1, 3);
      Future<AppendResult> good1 = store.append(StoreHarness.inbound(session, 4, "good"));
      Future<AppendResult> bad = store.append(StoreHarness.inbound(session, 4, "bad"));
      Future<AppendResult> good2 = store.append(StoreHarness.inbound(session, 4, "fine"));
      assertEquals(AppendResult.STORED, OnContext.await(good1));
      assertEquals(AppendResult.STORED, OnContext.await(good2));
      assertTrue(OnContext.failure(bad).getMessage().contains("refused by test"));
      assertEquals(2, h.count("SELECT count(*) FROM messages"));
    }
  }

  /**
   * Two failing rows in a large batch: the batch is halved until each stands alone, every other
   * row commits, and the rows keep the order they were appended in.
   */
  @Test
  void failingRowsAreSingledOutOfALargeBatchInOrder() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir,
        Map.of("store.batch_max", 1024, "store.batch_linger", "200ms"))) {
      Store store = h.store();
      try (Connection c = h.jdbc(); Statement s = c.createStatement()) {
        s.execute("CREATE TRIGGER refuse BEFORE INSERT ON messages WHEN NEW.content_cq LIKE 'bad%'"
            + " BEGIN SELECT RAISE(ABORT, 'refused by test'); END");
      }
      ChatKey session = ChatKey.group(1, 3);
      List<Future<AppendResult>> appends = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        String text = (i == 17 || i == 480 ? "bad-" : "row-") + i;
        appends.add(store.append(StoreHarness.inbound(session, 4, text)));
        if (text.startsWith("row-")) {
          expected.add(text);
        }
      }
      for (int i = 0; i < appends.size(); i++) {
        if (i == 17 || i == 480) {
          assertTrue(OnContext.failure(appends.get(i)).getMessage().contains("refused by test"));
        } else {
          assertEquals(AppendResult.STORED, OnContext.await(appends.get(i)), "row " + i);
        }
      }
      List<String> stored = new ArrayList<>();
      try (Connection c = h.jdbc(); Statement s = c.createStatement();
          var rs = s.executeQuery("SELECT content_cq FROM messages ORDER BY id")) {
        while (rs.next()) {
          stored.add(rs.getString(1));
        }
      }
      assertEquals(expected, stored);
      // Halving: a few dozen transactions, where one per row would be ~600.
      long commits = h.gv.registry.find("social.store.commit").timers().stream()
          .mapToLong(t -> t.count()).sum();
      assertTrue(commits < 100, commits + " commits");
    }
  }
}
