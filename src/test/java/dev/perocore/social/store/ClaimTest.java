package dev.perocore.social.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.testing.OnContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exactly-once summarization: concurrent claimers never share a message. */
class ClaimTest {

  @TempDir Path dir;

  @Test
  void concurrentClaimersNeverGetTheSameMessage() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      ChatKey session = ChatKey.group(1, 600);
      List<Future<AppendResult>> appends = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        appends.add(store.append(StoreHarness.inbound(session, 10 + i % 7, "m" + i)));
      }
      OnContext.await(Future.all(appends));
      ConcurrentLinkedQueue<Claim> claims = new ConcurrentLinkedQueue<>();
      List<Future<?>> claimers = new ArrayList<>();
      for (int c = 0; c < 6; c++) {
        Context context = h.gv.vertx.getOrCreateContext();
        Promise<Void> done = Promise.promise();
        claimers.add(done.future());
        context.runOnContext(v -> claimUntilEmpty(store, session, claims, done));
      }
      OnContext.await(Future.all(claimers));
      Set<Long> seen = new HashSet<>();
      int total = 0;
      for (Claim claim : claims) {
        List<StoredMessage> messages = claim.messages();
        for (int i = 1; i < messages.size(); i++) {
          assertTrue(messages.get(i - 1).rowId() < messages.get(i).rowId(), "oldest first");
        }
        for (StoredMessage m : messages) {
          assertTrue(seen.add(m.rowId()), "message " + m.rowId() + " claimed twice");
          total++;
        }
      }
      assertEquals(300, total);
      assertEquals(0, OnContext.await(store.countUnsummarized(session)));
    }
  }

  private static void claimUntilEmpty(Store store, ChatKey session,
      ConcurrentLinkedQueue<Claim> claims, Promise<Void> done) {
    store.claim(session, 7).onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
      } else if (ar.result().isEmpty()) {
        done.complete();
      } else {
        claims.add(ar.result());
        claimUntilEmpty(store, session, claims, done);
      }
    });
  }

  @Test
  void releaseGivesMessagesBackAndASummaryMarksThemSummarized() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      ChatKey session = ChatKey.privateChat(1, 9);
      for (int i = 0; i < 40; i++) {
        OnContext.await(store.append(StoreHarness.inbound(session, 9, "line " + i)));
      }
      assertEquals(40, OnContext.await(store.countUnsummarized(session)));
      Claim first = OnContext.await(store.claim(session, 30));
      assertEquals(30, first.messages().size());
      assertEquals("line 0", first.messages().get(0).row().contentCq(), "the oldest are claimed");
      assertEquals(10, OnContext.await(store.countUnsummarized(session)));
      OnContext.await(store.release(first));  // the summarizer failed
      assertEquals(40, OnContext.await(store.countUnsummarized(session)));

      Claim again = OnContext.await(store.claim(session, 30));
      assertEquals(first.messages().get(0).rowId(), again.messages().get(0).rowId());
      long summaryId = OnContext.await(store.storeSummary(again, "they talked", List.of("a", "b")));
      assertTrue(summaryId > 0);
      assertEquals(10, OnContext.await(store.countUnsummarized(session)));
      List<SummaryRow> summaries = OnContext.await(store.summaries(session, 5));
      assertEquals(1, summaries.size());
      SummaryRow summary = summaries.get(0);
      assertEquals(List.of("a", "b"), summary.keywords());
      assertEquals(30, summary.messageCount());
      assertEquals(again.messages().get(0).rowId(), summary.firstRowId());
      assertEquals(again.messages().get(29).rowId(), summary.lastRowId());
      assertEquals(30, h.count("SELECT count(*) FROM messages WHERE summarized = 1"));
      assertEquals(1.0, h.gv.counter("social.store.rows", "kind", "summary"));
      // A claim left open by a crashed run is given back at the next start.
      Claim orphan = OnContext.await(store.claim(session, 10));
      assertEquals(10, orphan.messages().size());
      h.undeploy();
      h.deploy();
      assertEquals(10, OnContext.await(h.store().countUnsummarized(session)));
    }
  }

  /**
   * The summary floor (schema v4) moves up only to the first row still unsummarized: a released
   * claim's rows hold it down and are claimed again; summarized history is skipped.
   */
  @Test
  void theSummaryFloorNeverPassesARowStillUnsummarized() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      ChatKey session = ChatKey.group(1, 700);
      for (int i = 0; i < 10; i++) {
        OnContext.await(store.append(StoreHarness.inbound(session, 10, "m" + i)));
      }
      String floor = "SELECT summary_floor FROM sessions WHERE peer_id = 700";
      Claim first = OnContext.await(store.claim(session, 3));
      Claim second = OnContext.await(store.claim(session, 3));
      assertEquals(List.of("m3", "m4", "m5"), texts(second));
      OnContext.await(store.release(first));
      OnContext.await(store.storeSummary(second, "s", List.of()));
      assertEquals(first.messages().get(0).rowId(), h.count(floor),
          "the released rows m0-m2 hold the floor down");
      assertEquals(7, OnContext.await(store.countUnsummarized(session)));

      Claim again = OnContext.await(store.claim(session, 3));
      assertEquals(List.of("m0", "m1", "m2"), texts(again), "released rows are claimed again");
      OnContext.await(store.storeSummary(again, "s", List.of()));
      Claim rest = OnContext.await(store.claim(session, 10));
      assertEquals(List.of("m6", "m7", "m8", "m9"), texts(rest));
      assertEquals(rest.messages().get(0).rowId(), h.count(floor), "past all summarized rows");
      OnContext.await(store.storeSummary(rest, "s", List.of()));
      assertEquals(rest.messages().get(3).rowId() + 1, h.count(floor), "one past the last row");
      assertEquals(0, OnContext.await(store.countUnsummarized(session)));
      OnContext.await(store.append(StoreHarness.inbound(session, 10, "m10")));
      assertEquals(List.of("m10"), texts(OnContext.await(store.claim(session, 10))));
    }
  }

  private static List<String> texts(Claim claim) {
    return claim.messages().stream().map(m -> m.row().contentCq()).toList();
  }
}
