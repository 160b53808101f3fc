package dev.perocore.social.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.store.impl.SqliteStore;
import dev.perocore.social.testing.LogCapture;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.Poll;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's health is visible and bounded: a database locked from outside past busy_timeout and
 * store.write_timeout, and a full disk (SQLITE_FULL through max_page_count), turn readiness down
 * with the reason, are counted by reason and said once; every message is kept and stored once
 * the database takes writes again, and none is refused.
 */
class StoreHealthTest {

  private static final String HEALTH_LOG = "dev.perocore.social.store.impl.CommitHealth";
  private static final Map<String, ?> FAST = Map.of(
      "store.write_timeout", "300ms", "store.retry_backoff_max", "50ms");

  @TempDir Path dir;

  @Test
  void aLockHeldPastTheTimeoutsTurnsReadinessDownAndLosesNothing() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir, FAST);   // busy_timeout 100ms
        LogCapture log = LogCapture.of(HEALTH_LOG)) {
      Store store = h.store();
      assertEquals(0.0, h.gv.counter("social.store.commit.failures", "reason", "busy"));
      assertTrue(h.gv.registry.find("social.store.commits.failing").gauge() != null);
      OutsideLock lock = OutsideLock.hold(h, "BEGIN IMMEDIATE");

      List<Future<AppendResult>> appends = appendMany(h, ChatKey.group(1, 9), 300);
      await(h, "readiness down: busy", () -> h.verticle().unready()
          .filter(why -> why.contains("busy") && why.contains("locked")).isPresent());
      assertEquals(1.0, h.gv.gauge("social.store.commits.failing"));
      // Past store.write_timeout: said once, in one line naming the cause.
      await(h, "the one line", () -> log.contains("write_timeout", "locked by another"));
      await(h, "more failed attempts",
          () -> h.gv.counter("social.store.commit.failures", "reason", "busy") >= 6);
      assertEquals(1, errors(log), log.lines().toString());

      lock.release();
      for (Future<AppendResult> f : appends) {
        assertEquals(AppendResult.STORED, OnContext.await(f));
      }
      assertEquals(300, h.count("SELECT count(*) FROM messages"));
      assertTrue(h.verticle().unready().isEmpty(), "ready again");
      assertEquals(0.0, h.gv.gauge("social.store.commits.failing"));
      assertEquals(0.0, h.gv.counter("social.store.rejected"));
      assertEquals(1, errors(log), log.lines().toString());
      assertTrue(log.contains("commit again"), log.lines().toString());
    }
  }

  @Test
  void aFullDiskIsSaidOnceTurnsReadinessDownAndEverythingIsStoredWhenSpaceReturns()
      throws Exception {
    try (StoreHarness h = StoreHarness.open(dir, FAST);
        LogCapture log = LogCapture.of(HEALTH_LOG);
        LogCapture storeLog = LogCapture.of(SqliteStore.class)) {
      SqliteStore store = (SqliteStore) h.store();
      for (String reason : List.of("busy", "full", "io", "other")) {
        // Registered at start, every reason at 0 (an alert's rate() needs the series).
        var counter = h.gv.registry.find("social.store.commit.failures").tag("reason", reason)
            .counter();
        assertTrue(counter != null && counter.count() == 0, reason);
      }
      ChatKey chat = ChatKey.group(1, 4);
      for (Future<AppendResult> f : appendMany(h, chat, 20)) {
        assertEquals(AppendResult.STORED, OnContext.await(f));
      }
      assertTrue(h.verticle().unready().isEmpty());
      // "The disk is full": the file may not grow by one page.
      OnContext.await(store.maxPageCount(1));

      List<Future<AppendResult>> appends = appendMany(h, chat, 2_000);
      await(h, "readiness down: full", () -> h.verticle().unready()
          .filter(why -> why.contains("full") && why.contains("free disk space")).isPresent());
      assertEquals(1.0, h.gv.gauge("social.store.commits.failing"));
      await(h, "the one line", () -> log.contains("SQLITE_FULL", "free disk space"));
      await(h, "many failed attempts",
          () -> h.gv.counter("social.store.commit.failures", "reason", "full") >= 10);
      assertEquals(1, errors(log), log.lines().toString());
      assertTrue(appends.stream().anyMatch(f -> !f.isComplete()), "rows kept, not failed");
      assertTrue(appends.stream().noneMatch(Future::failed), "none refused or failed");

      // "Space returns".
      OnContext.await(store.maxPageCount(1_073_741_823L));
      for (Future<AppendResult> f : appends) {
        assertEquals(AppendResult.STORED, OnContext.await(f));
      }
      assertEquals(2_020, h.count("SELECT count(*) FROM messages"));
      assertTrue(h.verticle().unready().isEmpty(), "ready again");
      assertEquals(0.0, h.gv.gauge("social.store.commits.failing"));
      assertEquals(0.0, h.gv.counter("social.store.rejected"));
      await(h, "the WAL truncated", () -> storeLog.contains("WAL checkpointed and truncated"));
      assertEquals(1, errors(log), log.lines().toString());
      try (Connection c = h.jdbc(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
        rs.next();
        assertEquals("ok", rs.getString(1));
      }
    }
  }

  private static List<Future<AppendResult>> appendMany(StoreHarness h, ChatKey chat, int n) {
    Context caller = h.gv.vertx.getOrCreateContext();
    return OnContext.call(caller, () -> {
      List<Future<AppendResult>> list = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        list.add(h.store().append(StoreHarness.inbound(chat, 5,
            "message " + i + " " + "x".repeat(200))));
      }
      return list;
    });
  }

  private static void await(StoreHarness h, String what, Supplier<Boolean> condition) {
    OnContext.await(Poll.untilTrue(h.gv.vertx, what, condition));
  }

  /** Lines at WARN or above about failing writes (the episode's one line). */
  private static long errors(LogCapture log) {
    return log.lines().stream().filter(line -> line.contains("have failed for")).count();
  }
}
