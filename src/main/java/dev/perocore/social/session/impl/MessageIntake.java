package dev.perocore.social.session.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.onebot.InboundEvent;
import dev.perocore.social.onebot.event.MessageEvent;
import dev.perocore.social.session.GroupMode;
import dev.perocore.social.session.SessionConfig;
import dev.perocore.social.store.AppendResult;
import dev.perocore.social.store.MessageRef;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.RawJson;
import dev.perocore.social.store.Store;
import dev.perocore.social.store.StoreClosedException;
import dev.perocore.social.store.StoreOverloadedException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A message's way into its session: appended to the store at once (a {@link Shard#KIND_APPEND}
 * task); whether it may be answered and whether it summons the bot is decided on arrival ({@link
 * SummonRules}), so the summon timer runs while the row commits. When the store has said the
 * message is new it is counted toward the next summary and joins the buffer, which (re)arms the
 * {@link FlushTimers}; with {@code on_new_message: preempt} it also cancels a flight that has not
 * started sending. The bot's own messages are stored and remembered, never a trigger.
 *
 * <p>Under {@code brain.kind none} a message is only stored, already consumed: never answerable,
 * it joins no buffer, arms no timer, starts no flight, and no later run owes it an answer.
 */
final class MessageIntake {

  private final TaskSet tasks;
  private final SessionConfig config;
  private final Store store;
  private final SessionTable sessions;
  private final SummonRules rules;
  private final FlushTimers timers;
  private final ReplyFlight flights;
  private final Summarizer summarizer;
  private final RateLimitedLog log;
  private final SessionMetrics metrics;
  private final MediaIntake media;
  /** False under {@code brain.kind none}: messages are stored consumed and never buffered. */
  private final BooleanSupplier brainAnswers;

  MessageIntake(TaskSet tasks, SessionConfig config, Store store, SessionTable sessions,
      SummonRules rules, FlushTimers timers, ReplyFlight flights, Summarizer summarizer,
      SessionMetrics metrics, RateLimitedLog log, MediaIntake media,
      BooleanSupplier brainAnswers) {
    this.tasks = tasks;
    this.brainAnswers = brainAnswers;
    this.media = media;
    this.metrics = metrics;
    this.config = config;
    this.store = store;
    this.sessions = sessions;
    this.rules = rules;
    this.timers = timers;
    this.flights = flights;
    this.summarizer = summarizer;
    this.log = log;
  }

  void onMessage(MessageEvent event, InboundEvent inbound) {
    long receivedAt = inbound.receivedAtMillis();
    ChatKey key = EventKeys.of(event);
    sessions.botSeen(key.selfId());
    boolean answers = brainAnswers.getAsBoolean();
    MessageRow row;
    try {
      long id = Long.parseLong(event.messageId().trim());
      // The frame's own bytes go to raw_json: no String made of it on the way in.
      RawJson raw = RawJson.utf8(inbound.frameBytes());
      Instant at = Instant.ofEpochSecond(event.time());
      Instant received = Instant.ofEpochMilli(receivedAt);
      row = answers
          ? MessageRow.receivedFrame(key, id, event.userId(), event.sender().displayName(),
              event.message().toCqString(), event.message().jsonText(), at, received, raw)
          : MessageRow.receivedConsumed(key, id, event.userId(), event.sender().displayName(),
              event.message().toCqString(), event.message().jsonText(), at, received, raw);
    } catch (NumberFormatException e) {
      log.warn("bad-id", "session {}: message id {} is not a number: not stored, not answered",
          key, event.messageId());
      return;
    }
    SessionState s = sessions.state(key);
    s.lastActivityMillis = System.currentTimeMillis();
    // Decided now, from the event alone, so the summon timer runs while the row commits; the
    // flush still waits for this append (appendsPending), and the message joins the buffer only
    // once the store has said whether it is new.
    // A stale message (NapCat's offline burst after QQ reconnects) is stored and enters context,
    // but nobody expects an answer to it any more.
    boolean stale = receivedAt - event.time() * 1000 > config.staleAfter().toMillis();
    if (stale && !event.fromSelf()) {
      metrics.staleMessage();
    }
    boolean answerable = answers && !event.fromSelf() && !stale && rules.answerable(key, event);
    boolean summon = answerable && rules.summons(key, s, event);
    if (summon) {
      timers.armSummon(s);
    }
    // Beside the append, not behind it: the image URL may expire before a slow commit ends.
    media.onMessage(key, event, row.messageId());
    s.appendsPending++;
    Arrival arrival = new Arrival(s, event, row, ++s.appendSeq, answerable, summon);
    // The session key is the task's detail as it is: made text only if a line names the task.
    tasks.run(Shard.KIND_APPEND, key, config.storeTimeout(), arrival).onComplete(arrival);
  }

  /**
   * One message on its way from the append to the buffer: the append task's work, its outcome's
   * handler and the hand-on in arrival order, in one object (three lambdas per message before).
   * Holds its session: a session with an append pending is never evicted.
   */
  private final class Arrival
      implements Supplier<Future<Fate>>, Handler<AsyncResult<Fate>>, Runnable {
    final SessionState s;
    final MessageEvent event;
    final MessageRow row;
    final long seq;
    final boolean answerable;
    final boolean summon;
    AsyncResult<Fate> stored;

    Arrival(SessionState s, MessageEvent event, MessageRow row, long seq, boolean answerable,
        boolean summon) {
      this.s = s;
      this.event = event;
      this.row = row;
      this.seq = seq;
      this.answerable = answerable;
      this.summon = summon;
    }

    /** The append task's work: the append, and what it means. */
    @Override
    public Future<Fate> get() {
      return store.append(row).compose(result -> fate(row, result, answerable));
    }

    /** The append task ended: handed on in arrival order. */
    @Override
    public void handle(AsyncResult<Fate> ended) {
      stored = ended;
      AppendOrder.ended(s, seq, this);
    }

    /** Its turn in arrival order. */
    @Override
    public void run() {
      afterStored(this);
    }
  }

  /** What a committed append means for the buffer. */
  private enum Fate {
    /** Stored now: a new message. */
    NEW,
    /** Stored before and never consumed (the service stopped first): answered now, once. */
    UNANSWERED,
    /** Stored before and consumed, or never to be answered: nothing to do. */
    HANDLED
  }

  private Future<Fate> fate(MessageRow row, AppendResult result, boolean answerable) {
    if (result == AppendResult.STORED) {
      return Future.succeededFuture(Fate.NEW);
    }
    MessageRef ref = new MessageRef(row.messageId(), row.senderId(),
        row.eventTime().toEpochMilli());
    if (row.consumedAt() != null) {
      // Brain none: the row was built consumed, but a copy stored before (a run with a brain that
      // answers stopped first) kept its own mark. Marked now, or a later run would owe it.
      return store.consume(row.session(), List.of(ref))
          .map(Fate.HANDLED)
          .otherwise(failure -> {
            log.warn("none-mark", "session {}: message {} stored before could not be marked"
                + " consumed ({}); a later run with a brain that answers may answer it",
                row.session(), row.messageId(), String.valueOf(failure));
            return Fate.HANDLED;
          });
    }
    if (!answerable) {
      return Future.succeededFuture(Fate.HANDLED);
    }
    // A failed read answers nothing: a second answer is worse than a missed one here, and the
    // message was stored and seen before.
    return store.consumed(row.session(), ref)
        .map(consumed -> consumed ? Fate.HANDLED : Fate.UNANSWERED)
        .otherwise(Fate.HANDLED);
  }

  private void afterStored(Arrival arrival) {
    SessionState s = arrival.s;
    MessageEvent event = arrival.event;
    MessageRow row = arrival.row;
    AsyncResult<Fate> stored = arrival.stored;
    ChatKey key = s.key;
    if (stored.failed() && (stored.cause() instanceof StoreOverloadedException
        || stored.cause() instanceof StoreClosedException)) {
      // Refused: nothing was written. Answering it anyway answered it twice once it was sent
      // again (the resend is stored as new); unanswered now, it is answered when it comes again.
      log.warn("refused", "session {}: message {} not stored ({}): not answered now; answered"
          + " once if it is sent again", key, event.messageId(), String.valueOf(stored.cause()));
    } else if (stored.failed() || stored.result() == Fate.NEW) {
      // A failed append (a timeout: the row may still commit) was logged and counted by the
      // TaskSet; the message is still answered, and its consumption is queued behind the row.
      stored(s, event, row, arrival.answerable, arrival.summon);
    } else if (stored.result() == Fate.UNANSWERED && !event.fromSelf()
        && !s.holds(ChatLines.of(event, row.contentCq()))) {
      // Stored before, never consumed, not in hand in this run: answered now, once.
      metrics.rebuffered(SessionMetrics.REBUFFER_REDELIVERY, 1);
      stored(s, event, row, arrival.answerable, arrival.summon);
    }
    timers.appendEnded(s, arrival.seq);
  }

  private void stored(SessionState s, MessageEvent event, MessageRow row, boolean answerable,
      boolean summon) {
    ChatKey key = s.key;
    long now = System.currentTimeMillis();
    s.lastActivityMillis = now;
    if (event.fromSelf()) {
      // The bot's own message (NapCat's message_sent, or another client of the same account):
      // stored, remembered for reply detection, never a trigger.
      ReplyState r = s.reply();
      r.rememberBotMessage(SessionState.messageId(event.messageId()));
      r.lastBotSpokeMillis = now;
      sessions.publish(s);
      return;
    }
    if (key.type() != ChatType.GROUP
        || config.bot(key.selfId()).groupMode(key.peerId(), config.groupMode()) != GroupMode.OFF) {
      summarizer.messageStored(s);
    }
    if (!answerable) {
      sessions.publish(s);
      return;
    }
    ReplyState r = s.reply();
    // While a slow flush is in flight a busy group keeps talking: the buffer stays bounded.
    if (r.buffer(ChatLines.of(event, row.contentCq()), config.maxBuffer() * 10)) {
      log.warn("buffer-cap", "session {}: more than {} messages waiting for a flush;"
          + " the oldest stay stored but leave the buffer", key, config.maxBuffer() * 10);
    }
    if (summon) {
      r.summonMessageId = event.messageId() == null ? "" : event.messageId();
    }
    if (r.flight != null && r.flight.sending) {
      r.flight.interrupted = true; // its remaining parts follow on_new_message (ReplyDelivery)
    } else if (r.flight != null && config.onNewMessage() == SessionConfig.OnNewMessage.PREEMPT) {
      flights.preempt(s);
    }
    timers.messageBuffered(s, summon);
    sessions.publish(s);
  }
}
