package dev.perocore.social.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.testing.OnContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conversation is read in the order it was said, not the order it was stored: history fetched
 * after an outage (backfill, stored after the live messages that came in since the reconnect)
 * takes its place by event time, in the context's recent history and in the messages API's pages.
 */
class HistoryOrderTest {

  @TempDir Path dir;

  private static final ChatKey GROUP = ChatKey.group(1, 600);
  private static final Instant T = Instant.ofEpochSecond(1_700_000_000);

  private static MessageRow said(long id, String text, long secondsAfterT) {
    return MessageRow.received(GROUP, id, 2, "u2", text, "[]", T.plusSeconds(secondsAfterT),
        Instant.now(), null);
  }

  private static List<String> texts(List<StoredMessage> rows) {
    return rows.stream().map(m -> m.row().contentCq()).toList();
  }

  @Test
  void backfilledRowsStoredAfterLiveOnesAreReadInEventTimeOrder() {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      // Before the outage, then the reconnect: live messages arrive at once...
      append(store, said(1, "before the outage", 0));
      append(store, said(5, "live after the reconnect", 500));
      append(store, said(6, "live, newest", 600));
      // ...while the backfill stores what was said during the outage (higher row ids).
      append(store, said(2, "missed 1", 100).withOrigin(MessageOrigin.BACKFILL));
      append(store, said(3, "missed 2", 200).withOrigin(MessageOrigin.BACKFILL));
      append(store, said(4, "missed 3", 300).withOrigin(MessageOrigin.BACKFILL));

      assertEquals(List.of("before the outage", "missed 1", "missed 2", "missed 3",
          "live after the reconnect", "live, newest"), texts(OnContext.await(store.recent(GROUP, 10))));
      // The latest N by event time: the newest live messages are never pushed out by old history.
      assertEquals(List.of("missed 3", "live after the reconnect", "live, newest"),
          texts(OnContext.await(store.recent(GROUP, 3))));

      // The messages API pages back from the oldest row of a page, in the same order.
      List<StoredMessage> page = OnContext.await(store.recent(GROUP, 2));
      List<StoredMessage> older = OnContext.await(store.before(GROUP, page.get(0).rowId(), 3));
      assertEquals(List.of("missed 1", "missed 2", "missed 3"), texts(older));
      assertEquals(List.of("before the outage"),
          texts(OnContext.await(store.before(GROUP, older.get(0).rowId(), 3))));
    }
  }

  private static void append(Store store, MessageRow row) {
    assertEquals(AppendResult.STORED, OnContext.await(store.append(row)));
  }
}
