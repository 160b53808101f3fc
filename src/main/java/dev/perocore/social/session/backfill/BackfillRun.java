package dev.perocore.social.session.backfill;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.onebot.ActionFailedException;
import dev.perocore.social.onebot.ActionRequest;
import dev.perocore.social.onebot.ActionResult;
import dev.perocore.social.onebot.BackfillConfig;
import dev.perocore.social.onebot.history.BackfillOutcome;
import dev.perocore.social.onebot.history.ChatHistory;
import dev.perocore.social.onebot.history.HistoryResult;
import dev.perocore.social.onebot.history.HistoryStrategy;
import dev.perocore.social.onebot.history.KnownPoint;
import dev.perocore.social.onebot.history.RecentContacts;
import dev.perocore.social.store.AppendResult;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.MessageStatus;
import dev.perocore.social.store.SessionActivity;
import dev.perocore.social.store.Store;
import dev.perocore.social.store.StoredMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One bot's backfill after a (re)connect at {@code connectedAtMillis}: which implementation (by
 * {@code get_version_info}), which chats (stored activity within the look-back window, plus
 * NapCat's recent contacts), then each chat in turn, paged back to what the store held before the
 * connect and stored with origin backfill. Runs on the verticle's context; every call is paced by
 * {@code calls} and bounded by a named deadline.
 */
final class BackfillRun {

  /** Chats of each type read from the store's activity, most recent first. */
  static final int MAX_CHATS_PER_TYPE = 200;
  /** Stored rows read to find where a chat's history ends. */
  static final int KNOWN_ROWS = 50;
  /** Recent contacts asked for (NapCat's default is 10). */
  static final int RECENT_CONTACTS = 50;

  private final long selfId;
  private final long connectedAtMillis;
  private final BackfillConfig config;
  private final Store store;
  private final TaskSet tasks;
  private final Function<ActionRequest, Future<ActionResult>> calls;
  private final Duration storeTimeout;
  private final long deadlineNanos;
  final Map<BackfillOutcome, Integer> outcomes = new EnumMap<>(BackfillOutcome.class);
  int recovered;
  String appName = "";
  HistoryStrategy strategy = HistoryStrategy.NONE;

  BackfillRun(long selfId, long connectedAtMillis, BackfillConfig config, Store store,
      TaskSet tasks, Function<ActionRequest, Future<ActionResult>> calls, Duration storeTimeout) {
    this.selfId = selfId;
    this.connectedAtMillis = connectedAtMillis;
    this.config = config;
    this.store = store;
    this.tasks = tasks;
    this.calls = calls;
    this.storeTimeout = storeTimeout;
    this.deadlineNanos = System.nanoTime() + config.budget().toNanos();
  }

  /**
   * Who the implementation is. One that refuses get_version_info is unknown, so unsupported; a
   * timeout or a missing connection fails (the caller counts every chat failed).
   */
  Future<HistoryStrategy> identify() {
    return calls.apply(ActionRequest.of(selfId, "get_version_info", new JsonObject()))
        .map(result -> result.dataObject().getString("app_name", ""))
        .recover(cause -> cause instanceof ActionFailedException failed
            ? Future.succeededFuture("(get_version_info refused: retcode " + failed.retcode() + ")")
            : Future.failedFuture(cause))
        .map(name -> {
          appName = name;
          strategy = HistoryStrategy.of(name);
          return strategy;
        });
  }

  /** The chats to check: stored activity within the look-back window, plus recent contacts. */
  Future<List<ChatKey>> chats() {
    long since = connectedAtMillis - config.lookback().toMillis();
    Future<List<SessionActivity>> privates =
        store.sessionsByActivity(selfId, ChatType.PRIVATE, MAX_CHATS_PER_TYPE);
    Future<List<SessionActivity>> groups =
        store.sessionsByActivity(selfId, ChatType.GROUP, MAX_CHATS_PER_TYPE);
    Future<Set<ChatKey>> contacts = strategy.hasRecentContacts()
        ? calls.apply(RecentContacts.request(selfId, RECENT_CONTACTS))
            .map(result -> RecentContacts.chats(selfId, result, since / 1000))
            // Only a hint: the stored chats are still checked without it.
            .otherwise(Set.of())
        : Future.succeededFuture(Set.of());
    return Future.all(privates, groups, contacts).map(all -> {
      // Most recently active first, either type: when the budget runs out, the chats left are
      // the quietest.
      Set<ChatKey> chats = new LinkedHashSet<>();
      java.util.stream.Stream.concat(privates.result().stream(), groups.result().stream())
          .filter(a -> a.lastActiveAt().toEpochMilli() >= since)
          .sorted(java.util.Comparator.comparing(SessionActivity::lastActiveAt).reversed())
          .forEach(a -> chats.add(a.session()));
      chats.addAll(contacts.result());
      return new ArrayList<>(chats);
    });
  }

  /** One chat: where its stored history ends, the missed pages, the rows stored. */
  Future<BackfillOutcome> chat(ChatKey chat) {
    ChatHistory history = new ChatHistory(strategy, calls, config.maxPages(), config.pageSize(),
        System::nanoTime);
    return store.recent(chat, KNOWN_ROWS)
        .map(this::knownPoint)
        .compose(known -> history.fetch(chat, known, deadlineNanos))
        .compose(result -> store(chat, result).map(stored -> {
          recovered += stored;
          count(result.outcome());
          return result.outcome();
        }));
  }

  /** Every chat is counted with {@code outcome} (unsupported, or failed when identify failed). */
  void countAll(List<ChatKey> chats, BackfillOutcome outcome) {
    chats.forEach(c -> count(outcome));
  }

  boolean overBudget() {
    return System.nanoTime() - deadlineNanos >= 0;
  }

  void count(BackfillOutcome outcome) {
    outcomes.merge(outcome, 1, Integer::sum);
  }

  private KnownPoint knownPoint(List<StoredMessage> rows) {
    Set<KnownPoint.Stored> stored = new HashSet<>();
    long floor = (connectedAtMillis - config.lookback().toMillis()) / 1000;
    for (StoredMessage m : rows) {
      MessageRow row = m.row();
      // Rows stored since the connect are live messages of the new connection: they say nothing
      // about where the gap before it ends.
      if (row.receivedAt().toEpochMilli() < connectedAtMillis) {
        if (row.messageId() != null) {
          stored.add(new KnownPoint.Stored(row.messageId(), row.senderId(),
              row.eventTime().getEpochSecond()));
        }
        // Only QQ's times bound the gap. Our own send rows carry our clock at the attempt, which
        // may fall in the gap itself: a reply that failed at T+3 while NapCat was away would
        // hide the user's messages of T+1 and T+2.
        if (row.status() == MessageStatus.RECEIVED) {
          floor = Math.max(floor, row.eventTime().getEpochSecond());
        }
      }
    }
    return new KnownPoint(stored, floor);
  }

  private Future<Integer> store(ChatKey chat, HistoryResult result) {
    if (result.messages().isEmpty()) {
      return Future.succeededFuture(0);
    }
    Instant now = Instant.now();
    return tasks.run(BackfillVerticle.KIND_STORE, chat.toString(), storeTimeout, () -> {
      List<Future<AppendResult>> appends = new ArrayList<>();
      result.messages().forEach(event -> {
        MessageRow row = HistoryRows.of(chat, event, now);
        if (row != null) {
          appends.add(store.append(row));
        }
      });
      // A refused append (store overloaded) loses only that row; the rest still count.
      return Future.join(appends).transform(all -> Future.succeededFuture((int) appends.stream()
          .filter(f -> f.succeeded() && f.result() == AppendResult.STORED).count()));
    });
  }
}
