package dev.perocore.social.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.testing.OnContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit: concurrent appends share transactions; duplicates; overload; caller context. */
class GroupCommitTest {

  @TempDir Path dir;

  @Test
  void concurrentAppendsFromManyContextsCommitInFewTransactions() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      int contexts = 8;
      int perContext = 250;
      List<Future<?>> all = new ArrayList<>();
      ConcurrentLinkedQueue<String> wrongContext = new ConcurrentLinkedQueue<>();
      for (int c = 0; c < contexts; c++) {
        Context context = h.gv.vertx.getOrCreateContext();
        ChatKey session = ChatKey.group(1, 500 + c);
        Promise<Void> done = Promise.promise();
        all.add(done.future());
        context.runOnContext(v -> {
          List<Future<AppendResult>> mine = new ArrayList<>();
          for (int i = 0; i < perContext; i++) {
            Future<AppendResult> f = store.append(StoreHarness.inbound(session, 7000 + i, "m" + i));
            f.onComplete(ar -> {
              if (h.gv.vertx.getOrCreateContext() != context) {
                wrongContext.add("completed on another context");
              }
            });
            mine.add(f);
          }
          Future.all(mine).<Void>mapEmpty().onComplete(done);
        });
      }
      OnContext.await(Future.all(all));
      assertTrue(wrongContext.isEmpty(), "futures complete on the caller's context");
      long rows = contexts * perContext;
      assertEquals(rows, h.count("SELECT count(*) FROM messages"));
      var batches = h.gv.registry.find("social.store.batch.rows").summary();
      assertEquals(rows, (long) batches.totalAmount());
      assertTrue(batches.count() < rows / 4,
          "rows share transactions: " + batches.count() + " commits for " + rows + " rows");
      assertEquals(rows, (long) h.gv.counter("social.store.rows", "kind", "message"));
      assertTrue(h.gv.registry.find("social.store.commit").timer().count() >= 1);
      // Users, groups and session activity are written by the same transactions.
      assertEquals(250, h.count("SELECT count(*) FROM users"));
      assertEquals(contexts, h.count("SELECT count(*) FROM groups WHERE last_seen_at > 0"));
      assertEquals(contexts, h.count("SELECT count(*) FROM sessions"));
    }
  }

  @Test
  void aDuplicateIsStoredOnceAndReportedAsDuplicate() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      ChatKey session = ChatKey.privateChat(1, 42);
      MessageRow row = StoreHarness.inbound(session, 99, 42, "hello");
      // Twice in the same batch, then again in a later one.
      Future<AppendResult> a = store.append(row);
      Future<AppendResult> b = store.append(row);
      List<AppendResult> first = List.of(OnContext.await(a), OnContext.await(b));
      assertTrue(first.contains(AppendResult.STORED) && first.contains(AppendResult.DUPLICATE),
          first.toString());
      assertEquals(AppendResult.DUPLICATE, OnContext.await(store.append(row)));
      // The same message id for another bot is another message.
      assertEquals(AppendResult.STORED, OnContext.await(store.append(
          StoreHarness.inbound(ChatKey.privateChat(2, 42), 99, 42, "hello"))));
      assertEquals(1, h.count("SELECT count(*) FROM messages WHERE self_id = 1"));
      assertEquals(2.0, h.gv.counter("social.store.duplicates"));
      // Failed sends have no message id: each is its own row.
      var now = java.time.Instant.now();
      OnContext.await(store.append(MessageRow.failed(session, 1400, "bot", "hi", "[]", now)));
      OnContext.await(store.append(MessageRow.failed(session, 1400, "bot", "hi", "[]", now)));
      assertEquals(2, h.count("SELECT count(*) FROM messages WHERE status = 'failed'"
          + " AND retcode = 1400 AND message_id IS NULL"));
    }
  }

  @Test
  void pastQueueMaxRowsAreQueuedAndOperationsFailFast() throws Exception {
    // A long linger and a huge batch keep everything queued while we overfill the queue.
    try (StoreHarness h = StoreHarness.open(dir,
        Map.of("store.batch_max", 10_000, "store.batch_linger", "1000ms", "store.queue_max", 50,
            "store.queue_high_water", 40, "store.queue_low_water", 10))) {
      Store store = h.store();
      ChatKey session = ChatKey.group(1, 7);
      List<Future<AppendResult>> accepted = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        accepted.add(store.append(StoreHarness.inbound(session, 1, "fill " + i)));
      }
      // An inbound row is never refused for our own overload: the signal asks for a pause.
      assertEquals(80, h.gv.gauge("social.store.queue.depth"));
      assertTrue(h.verticle().pressure().engaged(), "above store.queue_high_water");
      Future<Claim> refused = store.claim(session, 10);
      assertTrue(refused.failed(), "an operation past queue_max is refused at once");
      assertInstanceOf(StoreOverloadedException.class, refused.cause());
      assertTrue(refused.cause().getMessage().contains("store overloaded"));
      assertEquals(1.0, h.gv.counter("social.store.rejected"));
      OnContext.await(Future.all(accepted));
      assertEquals(80, h.count("SELECT count(*) FROM messages"));
      assertEquals(0, h.gv.gauge("social.store.queue.depth"));
      assertFalse(h.verticle().pressure().engaged(), "back at or below store.queue_low_water");
      assertEquals(1, h.verticle().pressure().engagements());
    }
  }

  @Test
  void appendIsSafeFromAnyThread() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      List<Thread> threads = new ArrayList<>();
      ConcurrentLinkedQueue<Future<AppendResult>> futures = new ConcurrentLinkedQueue<>();
      for (int t = 0; t < 4; t++) {
        ChatKey session = ChatKey.privateChat(3, t);
        Thread thread = new Thread(() -> {
          for (int i = 0; i < 100; i++) {
            futures.add(store.append(StoreHarness.inbound(session, 9, "t" + i)));
          }
        });
        threads.add(thread);
        thread.start();
      }
      for (Thread thread : threads) {
        thread.join();
      }
      OnContext.await(Future.all(new ArrayList<>(futures)));
      assertEquals(400, h.count("SELECT count(*) FROM messages"));
      assertSame(AppendResult.STORED, futures.peek().result());
    }
  }
}
