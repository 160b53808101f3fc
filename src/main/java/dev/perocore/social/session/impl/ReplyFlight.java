package dev.perocore.social.session.impl;

import dev.perocore.social.brain.BotIdentity;
import dev.perocore.social.brain.BrainContext;
import dev.perocore.social.brain.BrainClient;
import dev.perocore.social.brain.BrainDecision;
import dev.perocore.social.brain.BrainRequest;
import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.brain.ReplyPart;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.guard.OperationTimeoutException;
import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.session.OutboundMessages;
import dev.perocore.social.session.SessionConfig;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one flush does, the reply flight: take the buffered messages, build the context, ask the
 * brain, send its reply; then count the {@link ReplyOutcome}. Runs as a {@link Shard#KIND_FLUSH}
 * task under one deadline that covers its steps' own named timeouts.
 *
 * <p>With {@code session.on_new_message: preempt} a newer message cancels a flight that has not
 * started sending ({@link #preempt}); its messages go back to the buffer and its answer is
 * discarded. Which flush starts when, and what follows a flight, is {@link FlushSlots}' business.
 */
final class ReplyFlight {

  /** The shard's log category, shared by all its parts. */
  private static final Logger LOG = LoggerFactory.getLogger(Shard.class);

  private final TaskSet tasks;
  private final SessionConfig config;
  private final ContextBuilder context;
  private final BrainClient brain;
  private final ReplyDelivery delivery;
  private final SessionTable sessions;
  private final SessionMetrics metrics;
  private final RateLimitedLog log;
  private final Duration deadline;
  private final Duration summaryDeadline;
  private final StickerIndex stickers;
  private final Consumption consumption;
  private final BooleanSupplier brainAnswers;
  private final FlushImages images;

  /** @param brainAnswers false when the brain never answers ({@code brain.kind none}) */
  ReplyFlight(Vertx vertx, TaskSet tasks, SessionConfig config, ContextBuilder context,
      BrainClient brain, OutboundMessages outbound, SessionTable sessions, SessionMetrics metrics,
      RateLimitedLog log, StickerIndex stickers, Consumption consumption,
      BooleanSupplier brainAnswers, FlushImages images) {
    this.brainAnswers = brainAnswers;
    this.images = images;
    this.tasks = tasks;
    this.consumption = consumption;
    this.config = config;
    this.context = context;
    this.brain = brain;
    this.delivery = new ReplyDelivery(vertx, tasks, config, outbound, sessions, metrics,
        stickers);
    this.stickers = stickers;
    this.sessions = sessions;
    this.metrics = metrics;
    this.log = log;
    Duration contextLimit = config.context().readTimeout().plus(config.context().relatedTimeout());
    // The flush's own deadline covers its steps' deadlines, so a step's named timeout fires first.
    Duration asking = contextLimit.plus(brain.timeout());
    this.deadline = asking.plus(delivery.deadline()).plusSeconds(1);
    // A summary asks the brain and stores one row: it needs none of the parts' pauses and sends.
    this.summaryDeadline = asking.plus(config.sendTimeout()).plus(config.storeTimeout())
        .plusSeconds(1);
  }

  /** The flight's own deadline: asking, then every part's pause, send and store. */
  Duration deadline() {
    return deadline;
  }

  /** The summary task's deadline (what a flight's was before replies came in parts). */
  Duration summaryDeadline() {
    return summaryDeadline;
  }

  /**
   * Takes the session's buffered messages for a flight and decides how the brain is asked. Null
   * when the bot is muted here: the messages are let go unanswered, counted as passed.
   */
  Flight prepare(SessionState s, FlushTrigger trigger) {
    long now = System.currentTimeMillis();
    ReplyState r = s.reply();
    boolean engaged = r.lastBotSpokeMillis > 0
        && now - r.lastBotSpokeMillis < config.observeCooldown().toMillis();
    // PeroCore asked its cheap "secretary" only when nobody summoned the bot and it had not spoken
    // for observe_cooldown; while it is in a conversation it answers fully.
    BrainRequest.Mode mode = trigger != FlushTrigger.PROACTIVE && (r.summoned || engaged)
        ? BrainRequest.Mode.SUMMONED : BrainRequest.Mode.OBSERVING;
    r.summoned = false;
    String answeredId = r.summonMessageId;
    r.summonMessageId = "";
    List<ChatLine> lines = r.drainBuffer();
    metrics.flush(trigger);
    if (r.paused(now)) {
      metrics.reply(ReplyOutcome.PASSED);
      // Let go on purpose (muted): a restart must not answer them either.
      consumption.consume(s.key, lines).onComplete(ar -> { });
      log.info("paused", "session {}: muted, {} message(s) not answered", s.key,
          lines.size());
      return null;
    }
    Flight flight = new Flight(lines, mode, trigger, System.nanoTime());
    flight.answeredId = answeredId;
    return flight;
  }

  /** Runs the flight as a tracked task; counts its outcome, then calls {@code ended}. */
  void launch(ChatKey key, Flight flight, Runnable ended) {
    tasks.run(Shard.KIND_FLUSH, key + " " + flight.trigger, deadline,
            () -> runFlight(key, flight))
        .onComplete(ar -> {
          ReplyOutcome outcome = outcome(key, flight, ar);
          metrics.reply(outcome);
          if (outcome == ReplyOutcome.TIMEOUT) {
            // The chain runs on past its deadline: an answer that comes late is dropped, not sent
            // after (or beside) the reply to what came next.
            flight.cancelled = true;
          }
          if (!flight.consumed
              && (outcome == ReplyOutcome.ERROR || outcome == ReplyOutcome.TIMEOUT)) {
            // The brain failed them and the session moves on (the next flush shows them as
            // history): let go, as a muted flush's are, or a restart within stale_after answers
            // them late, after replies to what came next.
            consumption.consume(key, flight.lines).onComplete(done -> { });
          }
          ended.run();
        });
  }

  private Future<ReplyOutcome> runFlight(ChatKey key, Flight flight) {
    BotIdentity bot = new BotIdentity(key.selfId(), config.bot(key.selfId()).name());
    // A brain that never answers reads no context: under a burst those reads would only compete
    // with the replies of a brain that does.
    Future<BrainContext> built = brainAnswers.getAsBoolean()
        ? context.build(key, flight.lines) : Future.succeededFuture(BrainContext.empty());
    return built
        .compose(ctx -> {
          if (flight.cancelled) {
            return Future.succeededFuture((BrainDecision) new BrainDecision.Pass("preempted"));
          }
          return images.of(key, flight.lines).compose(seen -> {
            long asked = System.nanoTime();
            return brain.decide(new BrainRequest(key.toString(), flight.mode, flight.lines, ctx,
                    bot, stickers.names(), seen))
                .andThen(ar -> metrics.brainWait(System.nanoTime() - asked));
          });
        })
        // The brain decided: the messages are consumed, recorded before anything is sent.
        .compose(decision -> flight.cancelled ? Future.succeededFuture(decision)
            : consumption.consume(key, flight.lines).map(v -> {
              flight.consumed = true;
              return decision;
            }))
        .compose(decision -> {
          if (flight.cancelled) {
            return Future.succeededFuture(ReplyOutcome.PREEMPTED);
          }
          if (decision instanceof BrainDecision.Pass pass) {
            LOG.debug("session {}: brain passed ({}): {}", key, flight.mode.label(), pass.reason());
            return Future.succeededFuture(ReplyOutcome.PASSED);
          }
          BrainDecision.Reply answer = (BrainDecision.Reply) decision;
          SessionState s = sessions.get(key);
          if (answer.text().isBlank() || (s != null && s.paused(System.currentTimeMillis()))) {
            return Future.succeededFuture(ReplyOutcome.PASSED);
          }
          // The secretary's answer is one short line: never split into parts.
          List<List<ReplyPart>> parts = ReplySplit.messages(answer.parts(),
              config.reply().split() && flight.mode == BrainRequest.Mode.SUMMONED,
              config.reply().maxParts());
          return parts.isEmpty() ? Future.succeededFuture(ReplyOutcome.PASSED)
              : delivery.deliver(key, flight, parts);
        });
  }

  private ReplyOutcome outcome(ChatKey key, Flight flight, AsyncResult<ReplyOutcome> result) {
    if (flight.cancelled) {
      return ReplyOutcome.PREEMPTED;
    }
    if (result.succeeded()) {
      return result.result();
    }
    ReplyOutcome outcome = result.cause() instanceof OperationTimeoutException
        ? ReplyOutcome.TIMEOUT : ReplyOutcome.ERROR;
    log.warn("flush:" + outcome.label(), "session {}: flush ({}) ended without a reply ({}): {}",
        key, flight.trigger, outcome, String.valueOf(result.cause()));
    return outcome;
  }

  /** PeroCore's behaviour: a new message cancels the in-flight answer; its messages go back. */
  void preempt(SessionState s) {
    ReplyState r = s.reply();
    Flight flight = r.flight;
    flight.cancelled = true;
    r.flight = null;
    r.requeueFront(flight.lines);
    if (flight.mode == BrainRequest.Mode.SUMMONED) {
      r.summoned = true;
    }
    if (r.summonMessageId.isEmpty()) {
      r.summonMessageId = flight.answeredId;
    }
    LOG.debug("session {}: flush preempted by a new message; {} message(s) requeued", s.key,
        flight.lines.size());
  }
}
