package dev.perocore.social.session.impl;

import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.onebot.message.Message;
import dev.perocore.social.session.SessionConfig;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.Store;
import dev.perocore.social.store.StoredMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up's half of "answered exactly once" (issue 13): messages stored by an earlier run that no
 * reply or pass consumed, younger than {@code session.stale_after}, are read back before the shard
 * takes events; a session where one of them summons the bot (as {@link SummonRules} decide today;
 * replies to the bot are recognised from the bot's messages in the store) gets them buffered again
 * and its summon timer armed, so they are answered once. Unsummoned leftovers stay stored and
 * enter context as history; nobody is waiting for an answer to them.
 *
 * <p>The timer is armed only once the session's bot can take the answer: at start-up NapCat is
 * usually still reconnecting, and a reply flushed before that went nowhere ("never connected")
 * while its messages were marked answered — the one reply owed was lost. A session whose bot is
 * not connected yet waits for {@link #botConnected}.
 *
 * <p>Under {@code brain.kind none} (a switch from a brain that answers) those summoned leftovers
 * are not buffered: they are marked consumed once, at start, so no later run owes them an answer.
 */
final class Rebuffer {

  /** The shard's log category, shared by all its parts. */
  private static final Logger LOG = LoggerFactory.getLogger(Shard.class);
  /** At most this many leftovers are read: minutes of traffic, normally a handful. */
  static final int LIMIT = 10_000;
  /** The bot's recent messages read per session to recognise replies to it. */
  private static final int BOT_LOOKBACK = 50;

  private final int shard;
  private final int shardCount;
  private final TaskSet tasks;
  private final SessionConfig config;
  private final Store store;
  private final SessionTable sessions;
  private final SummonRules rules;
  private final FlushTimers timers;
  private final SessionMetrics metrics;
  private final LongPredicate connected;
  private final Consumption consumption;
  /** False under {@code brain.kind none}: leftovers are let go (marked consumed), not buffered. */
  private final BooleanSupplier brainAnswers;
  /** Re-buffered sessions whose bot has not connected since, by bot. */
  private final Map<Long, List<ChatKey>> awaitingBot = new LinkedHashMap<>();

  Rebuffer(int shard, int shardCount, TaskSet tasks, SessionConfig config, Store store,
      SessionTable sessions, SummonRules rules, FlushTimers timers, SessionMetrics metrics,
      LongPredicate connected, Consumption consumption, BooleanSupplier brainAnswers) {
    this.consumption = consumption;
    this.brainAnswers = brainAnswers;
    this.shard = shard;
    this.shardCount = shardCount;
    this.tasks = tasks;
    this.config = config;
    this.store = store;
    this.sessions = sessions;
    this.rules = rules;
    this.timers = timers;
    this.metrics = metrics;
    this.connected = connected;
  }

  /**
   * Bot {@code selfId} can take actions (again): the sessions re-buffered for it get their summon
   * timers now. A session answered meanwhile (a live message flushed it) has nothing left to arm.
   */
  void botConnected(long selfId) {
    List<ChatKey> keys = awaitingBot.remove(selfId);
    if (keys == null) {
      return;
    }
    int armed = 0;
    int stale = 0;
    long staleBefore = Instant.now().minus(config.staleAfter()).getEpochSecond();
    for (ChatKey key : keys) {
      SessionState s = sessions.get(key);
      if (s == null || s.buffered() == 0) {
        continue;
      }
      if (s.reply().newestBuffered().epochSeconds() < staleBefore) {
        // The bot came back later than session.stale_after: too old to answer now, as at start-up.
        // They stay stored (and in later contexts as history), unconsumed and never re-buffered.
        ReplyState r = s.reply();
        r.drainBuffer();
        r.summoned = false;
        r.summonMessageId = "";
        stale++;
        continue;
      }
      timers.messageBuffered(s, true);
      armed++;
    }
    LOG.info("session shard {}: bot {} connected: answering the {} re-buffered session(s) that"
        + " waited for it{}", shard, selfId, armed, stale == 0 ? ""
        : "; " + stale + " more went stale meanwhile (session.stale_after): not answered");
  }

  /** Reads and re-buffers; a failed read is logged and start-up goes on (never fails it). */
  Future<Void> run() {
    Instant since = Instant.now().minus(config.staleAfter());
    return tasks.run(Shard.KIND_REBUFFER, "shard " + shard, config.storeTimeout(),
            () -> store.unconsumed(since, LIMIT))
        .compose(rows -> {
          Map<ChatKey, List<StoredMessage>> mine = mine(rows);
          List<Future<Void>> botIds = new ArrayList<>();
          mine.forEach((key, list) -> {
            if (list.stream().anyMatch(m -> repliesToSomeone(m))) {
              botIds.add(rememberBotMessages(key));
            }
          });
          return Future.join(botIds).transform(ignored -> Future.succeededFuture(mine));
        })
        .compose(this::buffer)
        .otherwise(cause -> {
          LOG.warn("session shard {}: could not read the messages a previous run left"
              + " unanswered ({}); they stay stored, not answered", shard, String.valueOf(cause));
          return null;
        });
  }

  /** This shard's answerable leftovers by session, oldest first. */
  private Map<ChatKey, List<StoredMessage>> mine(List<StoredMessage> rows) {
    Map<ChatKey, List<StoredMessage>> mine = new LinkedHashMap<>();
    for (StoredMessage m : rows) {
      ChatKey key = m.row().session();
      if (key.shard(shardCount) == shard && rules.answerable(key, m.row().senderId())) {
        mine.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
      }
    }
    return mine;
  }

  private Future<Void> rememberBotMessages(ChatKey key) {
    return tasks.run(Shard.KIND_REBUFFER, key.toString(), config.storeTimeout(),
            () -> store.recent(key, BOT_LOOKBACK))
        .map(recent -> {
          SessionState s = sessions.state(key);
          for (StoredMessage m : recent) {
            MessageRow row = m.row();
            if ((row.status().outbound() || row.senderId() == key.selfId())
                && row.messageId() != null) {
              s.reply().rememberBotMessage(row.messageId());
            }
          }
          return (Void) null;
        })
        .otherwise((Void) null);
  }

  /** Completes once what is let go (brain.kind none) is marked; buffering itself is at once. */
  private Future<Void> buffer(Map<ChatKey, List<StoredMessage>> mine) {
    boolean answers = brainAnswers.getAsBoolean();
    List<Future<Void>> marks = new ArrayList<>();
    int messages = 0;
    int summoning = 0;
    int inSessions = 0;
    int waiting = 0;
    for (Map.Entry<ChatKey, List<StoredMessage>> entry : mine.entrySet()) {
      ChatKey key = entry.getKey();
      SessionState s = sessions.state(key);
      String summonId = "";
      int summons = 0;
      for (StoredMessage m : entry.getValue()) {
        if (rules.summons(key, s, message(m))) {
          summons++;
          summonId = String.valueOf(m.row().messageId());
        }
      }
      if (summons == 0) {
        continue;
      }
      if (!answers) {
        marks.add(consumption.consume(key, ChatLines.of(entry.getValue())));
        messages += entry.getValue().size();
        inSessions++;
        continue;
      }
      int buffered = 0;
      for (StoredMessage m : entry.getValue()) {
        ChatLine line = ChatLines.of(m);
        if (!s.holds(line)) {
          s.reply().buffer(line, config.maxBuffer() * 10);
          buffered++;
        }
      }
      s.reply().summonMessageId = summonId;
      s.lastActivityMillis = System.currentTimeMillis();
      if (connected.test(key.selfId())) {
        timers.messageBuffered(s, true);
      } else {
        s.reply().summoned = true;
        awaitingBot.computeIfAbsent(key.selfId(), id -> new ArrayList<>()).add(key);
        waiting++;
      }
      sessions.publish(s);
      messages += buffered;
      summoning += summons;
      inSessions++;
    }
    if (!answers) {
      if (messages > 0) {
        LOG.info("session shard {}: brain.kind none never answers: {} message(s) of {} session(s)"
            + " a previous run left unanswered let go (marked consumed)", shard, messages,
            inSessions);
      }
      return Future.join(marks).mapEmpty();
    }
    if (messages > 0) {
      metrics.rebuffered(SessionMetrics.REBUFFER_STARTUP, messages);
      LOG.info("session shard {}: re-buffered {} message(s) ({} summoning) of {} session(s),"
          + " stored but not answered before the last stop: answering them once ({} of them"
          + " once their bot connects)", shard, messages, summoning, inSessions, waiting);
    }
    return Future.succeededFuture();
  }

  private static boolean repliesToSomeone(StoredMessage m) {
    return m.row().contentJson().contains("\"reply\"");
  }

  /** The stored segments; a row that does not parse is plain text (it can still be private). */
  private static Message message(StoredMessage m) {
    try {
      return Message.parse(new JsonArray(m.row().contentJson()));
    } catch (RuntimeException e) {
      return Message.ofText(m.row().contentCq());
    }
  }
}
