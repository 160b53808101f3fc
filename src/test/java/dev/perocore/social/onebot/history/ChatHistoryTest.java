package dev.perocore.social.onebot.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.onebot.ActionRequest;
import dev.perocore.social.onebot.ActionResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Paging one chat's history per implementation: the strategy by app_name, each one's parameters,
 * the walk back to the known point, repeats of the anchor dropped, the caps and a failure. The
 * implementations are played by a function over a list (these futures complete at once); the
 * NapCat simulator plays them over real WebSockets in session.BackfillTest.
 */
class ChatHistoryTest {

  static final ChatKey GROUP = ChatKey.group(1, 500);
  static final ChatKey FRIEND = ChatKey.privateChat(1, 81);

  @Test
  void theStrategyComesFromAppName() {
    assertEquals(HistoryStrategy.NAPCAT, HistoryStrategy.of("NapCat.Onebot"));
    assertEquals(HistoryStrategy.LAGRANGE, HistoryStrategy.of("Lagrange.OneBot"));
    assertEquals(HistoryStrategy.LLONEBOT, HistoryStrategy.of("LLOneBot"));
    assertEquals(HistoryStrategy.LLONEBOT, HistoryStrategy.of("LuckyLilliaBot"));
    assertEquals(HistoryStrategy.GO_CQHTTP, HistoryStrategy.of("go-cqhttp"));
    assertEquals(HistoryStrategy.NONE, HistoryStrategy.of("Shamrock"));
    assertEquals(HistoryStrategy.NONE, HistoryStrategy.of(null));
    assertFalse(HistoryStrategy.GO_CQHTTP.supports(FRIEND.type()));
    assertTrue(HistoryStrategy.GO_CQHTTP.supports(GROUP.type()));
    assertTrue(HistoryStrategy.NAPCAT.hasRecentContacts());
    assertFalse(HistoryStrategy.LAGRANGE.hasRecentContacts());
  }

  @Test
  void eachImplementationIsAskedInItsOwnWords() {
    JsonObject napcat = HistoryStrategy.NAPCAT.page(GROUP, OptionalLong.of(7), 50).params();
    assertEquals(7L, napcat.getLong("message_seq"));
    assertEquals(true, napcat.getBoolean("reverse_order"));
    assertEquals("500", napcat.getString("group_id"));
    assertEquals(7L, HistoryStrategy.LAGRANGE.page(GROUP, OptionalLong.of(7), 50).params()
        .getLong("message_id"));
    assertEquals(7L, HistoryStrategy.LLONEBOT.page(FRIEND, OptionalLong.of(7), 50).params()
        .getLong("message_seq"));
    ActionRequest newest = HistoryStrategy.NAPCAT.page(FRIEND, OptionalLong.empty(), 50);
    assertEquals("get_friend_msg_history", newest.action());
    assertFalse(newest.params().containsKey("message_seq"));
    assertEquals("81", newest.params().getString("user_id"));
  }

  @Test
  void pagesBackToTheLastStoredMessageDroppingTheRepeatedAnchor() {
    // 20 messages (ids 1..20, one a second); 1..8 are stored; pages of 5, newest first.
    Backwards impl = new Backwards(20, false);
    HistoryResult r = fetch(HistoryStrategy.LAGRANGE, impl, known(8), 10, 5);
    assertEquals(BackfillOutcome.COMPLETE, r.outcome());
    assertEquals(List.of(9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L), ids(r));
    // 16..20, then 12..16 (anchor 16 repeated), 8..12, which reaches 8.
    assertEquals(3, r.pages());
    assertEquals(List.of(-1L, 16L, 12L), impl.anchors);
  }

  @Test
  void aMessageSharingOnlyItsIdWithAStoredOneIsFetchedAndPagingGoesOn() {
    // Stored: 1..8, and another message with id 12 (another sender, long ago): NapCat's 31-bit
    // ids collide. History's 12 is a different message, missed like 9..11 behind it.
    Set<KnownPoint.Stored> stored = new java.util.HashSet<>(known(8).stored());
    stored.add(new KnownPoint.Stored(12, 3, 900));
    HistoryResult r = fetch(HistoryStrategy.LAGRANGE, new Backwards(20, false),
        new KnownPoint(stored, 1008), 10, 5);
    assertEquals(BackfillOutcome.COMPLETE, r.outcome());
    assertEquals(List.of(9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L), ids(r));
  }

  @Test
  void pagesNewestFirstFromAnImplementationAreSortedOldestFirst() {
    HistoryResult r = fetch(HistoryStrategy.LLONEBOT, new Backwards(6, true), known(3), 10, 10);
    assertEquals(BackfillOutcome.COMPLETE, r.outcome());
    assertEquals(List.of(4L, 5L, 6L), ids(r));
  }

  @Test
  void goCqhttpsFixedPagesAreNotTakenForTheEndOfTheHistory() {
    // go-cqhttp answers 19 messages whatever count says: a page shorter than asked is not the end.
    Backwards impl = new Backwards(60, false) {
      @Override
      public Future<ActionResult> apply(ActionRequest request) {
        return super.apply(ActionRequest.of(request.selfId(), request.action(),
            request.params().copy().put("count", 19)));
      }
    };
    HistoryResult r = fetch(HistoryStrategy.GO_CQHTTP, impl, known(20), 5, 50);
    assertEquals(BackfillOutcome.COMPLETE, r.outcome());
    assertEquals(40, r.messages().size(), "21..60 over three pages");
    assertEquals(3, r.pages());
  }

  @Test
  void theCapsGiveCappedAndKeepWhatWasFetched() {
    HistoryResult pages = fetch(HistoryStrategy.NAPCAT, new Backwards(100, false), known(0), 2, 5);
    assertEquals(BackfillOutcome.CAPPED, pages.outcome());
    assertEquals(9, pages.messages().size(), "5, then 4 new behind the repeated anchor");
    ChatHistory late = new ChatHistory(HistoryStrategy.NAPCAT, new Backwards(100, false), 5, 5,
        () -> 1_000L);
    HistoryResult budget = late.fetch(GROUP, known(0), 999L).result();
    assertEquals(BackfillOutcome.CAPPED, budget.outcome());
    assertEquals(0, budget.pages());
  }

  @Test
  void aFailedCallFailsTheChatAndAnUnsupportedChatAsksNothing() {
    Function<ActionRequest, Future<ActionResult>> failing =
        request -> Future.failedFuture(new IllegalStateException("boom"));
    HistoryResult r = fetch(HistoryStrategy.NAPCAT, failing, known(0), 5, 5);
    assertEquals(BackfillOutcome.FAILED, r.outcome());
    assertEquals("boom", r.why());
    assertEquals(BackfillOutcome.UNSUPPORTED, new ChatHistory(HistoryStrategy.GO_CQHTTP, failing,
        5, 5, System::nanoTime).fetch(FRIEND, known(0), Long.MAX_VALUE).result().outcome());
  }

  private static HistoryResult fetch(HistoryStrategy strategy,
      Function<ActionRequest, Future<ActionResult>> calls, KnownPoint known, int maxPages,
      int pageSize) {
    ChatHistory history = new ChatHistory(strategy, calls, maxPages, pageSize, () -> 0L);
    return history.fetch(GROUP, known, Long.MAX_VALUE).result();
  }

  /** Stored: ids 1..{@code last} of user 2, id i at second 1000 + i (as Backwards serves them). */
  private static KnownPoint known(long last) {
    Set<KnownPoint.Stored> stored = new java.util.HashSet<>();
    for (long i = 1; i <= last; i++) {
      stored.add(new KnownPoint.Stored(i, 2, 1000 + i));
    }
    return new KnownPoint(stored, last == 0 ? 0 : 1000 + last);
  }

  private static List<Long> ids(HistoryResult r) {
    return r.messages().stream().map(m -> Long.parseLong(m.messageId())).toList();
  }

  /** An implementation that walks backwards from its anchor, anchor included (Lagrange's way). */
  static class Backwards implements Function<ActionRequest, Future<ActionResult>> {
    final int size;
    final boolean newestFirst;
    final List<Long> anchors = new ArrayList<>();

    Backwards(int size, boolean newestFirst) {
      this.size = size;
      this.newestFirst = newestFirst;
    }

    @Override
    public Future<ActionResult> apply(ActionRequest request) {
      JsonObject p = request.params();
      long anchor = p.getLong("message_id", p.getLong("message_seq", -1L));
      anchors.add(anchor);
      long end = anchor < 0 ? size : anchor;
      int count = p.getInteger("count");
      JsonArray messages = new JsonArray();
      for (long id = Math.max(1, end - count + 1); id <= end; id++) {
        messages.add(new JsonObject().put("message_id", id).put("time", 1000 + id)
            .put("user_id", 2).put("message", "m" + id).put("message_type", "group")
            .put("group_id", 500).put("sender", new JsonObject().put("user_id", 2)));
      }
      if (newestFirst) {
        List<Object> list = new ArrayList<>(messages.getList());
        java.util.Collections.reverse(list);
        messages = new JsonArray(list);
      }
      return Future.succeededFuture(
          new ActionResult("ok", 0, new JsonObject().put("messages", messages)));
    }
  }
}
