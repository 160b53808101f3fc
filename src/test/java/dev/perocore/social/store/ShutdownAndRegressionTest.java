package dev.perocore.social.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.testing.OnContext;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing queued is lost on shutdown; the writer never leaves a write uncommitted (#356). */
class ShutdownAndRegressionTest {

  @TempDir Path dir;

  @Test
  void undeployingWithAFullQueueCommitsEverythingQueued() throws Exception {
    // A linger far longer than the test: without the shutdown flush nothing would commit.
    try (StoreHarness h = StoreHarness.open(dir,
        Map.of("store.batch_max", 10_000, "store.batch_linger", "60s", "store.queue_max", 2_000))) {
      Store store = h.store();
      List<Future<AppendResult>> queued = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        queued.add(store.append(StoreHarness.inbound(ChatKey.group(1, i % 10), 8, "q" + i)));
      }
      assertEquals(2_000, store.status().queueDepth());
      assertEquals(0, h.count("SELECT count(*) FROM messages"), "still queued, not committed");

      h.undeploy();   // what SIGTERM does to every verticle

      for (Future<AppendResult> f : queued) {
        assertEquals(AppendResult.STORED, f.result(), "acknowledged by shutdown");
      }
      assertFalse(store.isOpen());
      Future<AppendResult> late = store.append(StoreHarness.inbound(ChatKey.group(1, 1), 8, "late"));
      assertInstanceOf(StoreClosedException.class, OnContext.failure(late));
      // The final checkpoint emptied the WAL into the database file.
      Path wal = Path.of(h.config.path() + "-wal");
      assertTrue(!wal.toFile().exists() || wal.toFile().length() == 0, "WAL truncated");

      h.deploy();     // reopen and count
      assertEquals(2_000, h.count("SELECT count(*) FROM messages"));
      assertEquals(200, OnContext.await(h.store().recent(ChatKey.group(1, 3), 1_000)).size());
    }
  }

  /**
   * vert-x3/vertx-jdbc-client#356: after withTransaction the pooled connection stayed in manual
   * commit mode and sqlite-jdbc re-opened a transaction at once, so the writer held the write lock
   * between batches and a later write could stay uncommitted. Each step below fails in that state.
   */
  @Test
  void aCommittedWriteIsVisibleElsewhereAndTheWriterHoldsNoLockBetweenBatches() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      ChatKey session = ChatKey.privateChat(1, 77);
      assertEquals(AppendResult.STORED,
          OnContext.await(store.append(StoreHarness.inbound(session, 77, "first"))));
      // Another connection (the reader pool) sees it.
      assertEquals(1, OnContext.await(store.recent(session, 10)).size());
      // A write of another process gets the lock at once: busy_timeout 0, no waiting allowed.
      try (Connection c = h.jdbc(); Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = 0");
        s.execute("BEGIN IMMEDIATE");
        s.execute("INSERT INTO users (user_id, nickname, first_seen_at, last_seen_at)"
            + " VALUES (1, 'outsider', 0, 0)");
        s.execute("COMMIT");
      }
      // A claim (an operation, not a row batch) and a second append, then close and reopen.
      Claim claim = OnContext.await(store.claim(session, 10));
      assertEquals(1, claim.messages().size());
      OnContext.await(store.release(claim));
      OnContext.await(store.append(StoreHarness.inbound(session, 77, "second")));
      try (Connection c = h.jdbc(); Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = 0");
        s.execute("BEGIN IMMEDIATE");
        s.execute("ROLLBACK");
      }
      h.undeploy();
      h.deploy();
      assertEquals(2, h.count("SELECT count(*) FROM messages"));
      assertEquals(1, h.count("SELECT count(*) FROM users WHERE nickname = 'outsider'"));
      assertEquals(2, OnContext.await(h.store().countUnsummarized(session)));
    }
  }
}
