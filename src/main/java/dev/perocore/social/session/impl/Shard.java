package dev.perocore.social.session.impl;

import dev.perocore.social.brain.BotIdentity;
import dev.perocore.social.brain.BrainClient;
import dev.perocore.social.brain.BrainDecision;
import dev.perocore.social.brain.BrainRequest;
import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.guard.OperationTimeoutException;
import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.onebot.InboundEvent;
import dev.perocore.social.onebot.event.GroupBanNotice;
import dev.perocore.social.onebot.event.MessageEvent;
import dev.perocore.social.onebot.event.NoticeEvent;
import dev.perocore.social.session.BotPolicy;
import dev.perocore.social.session.GroupMode;
import dev.perocore.social.session.OutboundMessages;
import dev.perocore.social.session.SendOutcome;
import dev.perocore.social.session.SessionConfig;
import dev.perocore.social.session.SessionDirectory;
import dev.perocore.social.session.SessionKey;
import dev.perocore.social.session.SessionType;
import dev.perocore.social.store.AppendResult;
import dev.perocore.social.store.ChatType;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.NoticeRow;
import dev.perocore.social.store.SessionActivity;
import dev.perocore.social.store.Store;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of one shard and everything that happens to them: store, buffer, timers, flush
 * (context, brain, reply), notices, summaries, proactive scans, eviction. Every method runs on the
 * owning verticle's event loop; the state has no locks because nothing else ever touches it.
 */
public final class Shard {

  public static final String KIND_APPEND = "session.store.append";
  public static final String KIND_NOTICE = "session.store.notice";
  public static final String KIND_FLUSH = "session.flush";
  public static final String KIND_SUMMARY = "session.summary";
  public static final String KIND_SCAN = "session.proactive.scan";

  static final String IDLE = "idle";
  static final String SIZE = "size";
  static final String SUMMON = "summon";
  static final String PROACTIVE = "proactive";

  private static final Logger LOG = LoggerFactory.getLogger(Shard.class);

  private final int shard;
  private final int shardCount;
  private final Vertx vertx;
  private final TaskSet tasks;
  private final SessionConfig config;
  private final Store store;
  private final BrainClient brain;
  private final OutboundMessages outbound;
  private final ContextBuilder context;
  private final Summarizer summarizer;
  private final SessionDirectory directory;
  private final SessionMetrics metrics;
  private final BooleanSupplier summariesEnabled;
  private final Duration flushLimit;
  private final Map<SessionKey, SessionState> sessions = new HashMap<>();
  private final Set<Long> bots = new HashSet<>();
  private final Map<SessionKey, Long> ownerNotified = new HashMap<>();
  private final RateLimitedLog log = new RateLimitedLog(LOG, Duration.ofSeconds(5));
  private final List<Long> periodic = new ArrayList<>();
  /** Sessions due for a flush while {@code session.max_flushes} are in flight, oldest first. */
  private final ArrayDeque<SessionKey> waitingForSlot = new ArrayDeque<>();
  private int flushesInFlight;
  /** Stopping: no new flushes or timers; what is in flight drains. */
  private boolean stopped;

  /**
   * @param summariesEnabled false when no brain can summarize ({@code brain.kind none})
   */
  public Shard(int shard, int shardCount, Vertx vertx, TaskSet tasks, SessionConfig config,
      Store store, BrainClient brain, OutboundMessages outbound, SessionDirectory directory,
      SessionMetrics metrics, BooleanSupplier summariesEnabled) {
    this.shard = shard;
    this.shardCount = shardCount;
    this.vertx = vertx;
    this.tasks = tasks;
    this.config = config;
    this.store = store;
    this.brain = brain;
    this.outbound = outbound;
    this.directory = directory;
    this.metrics = metrics;
    this.summariesEnabled = summariesEnabled;
    this.context = new ContextBuilder(store, tasks, config.context(), metrics);
    this.summarizer = new Summarizer(store, brain, tasks, Math.max(1, config.summarizeAfter()),
        config.storeTimeout());
    Duration contextLimit = config.context().readTimeout().plus(config.context().relatedTimeout());
    // The flush's own deadline covers its steps' deadlines, so a step's named timeout fires first.
    this.flushLimit = contextLimit.plus(brain.timeout()).plus(config.sendTimeout())
        .plus(config.storeTimeout()).plusSeconds(1);
  }

  /** Starts the periodic eviction sweep and, if enabled, the proactive scans. */
  public void start() {
    long sweep = Math.max(10, Math.min(60_000, config.evictAfter().toMillis() / 2));
    periodic.add(vertx.setPeriodic(sweep, id -> evictIdle()));
    SessionConfig.Proactive proactive = config.proactive();
    if (proactive.enabled()) {
      if (proactive.groupTop() > 0) {
        periodic.add(vertx.setPeriodic(proactive.groupInterval().toMillis(),
            id -> scan(ChatType.GROUP, proactive.groupTop())));
      }
      if (proactive.privateTop() > 0) {
        periodic.add(vertx.setPeriodic(proactive.privateInterval().toMillis(),
            id -> scan(ChatType.PRIVATE, proactive.privateTop())));
      }
    }
  }

  /**
   * Stops timers. Buffered messages that will now never be flushed are stored already; they are
   * named in the log rather than dropped silently.
   */
  public void stop() {
    stopped = true;
    periodic.forEach(vertx::cancelTimer);
    periodic.clear();
    int buffered = 0;
    int withBuffer = 0;
    for (SessionState s : sessions.values()) {
      cancelTimers(s);
      if (s.buffered() > 0) {
        buffered += s.buffered();
        withBuffer++;
      }
    }
    if (buffered > 0) {
      LOG.warn("session shard {}: stopping with {} buffered message(s) in {} session(s) not"
          + " flushed (they are stored; no reply will be sent)", shard, buffered, withBuffer);
    }
  }

  public int size() {
    return sessions.size();
  }

  // ---- inbound ----

  public void onEvent(InboundEvent inbound) {
    if (inbound.event() instanceof MessageEvent message) {
      onMessage(message, inbound);
    } else if (inbound.event() instanceof NoticeEvent notice) {
      onNotice(notice, inbound.receivedAtMillis());
    }
  }

  private void onMessage(MessageEvent event, InboundEvent inbound) {
    long receivedAt = inbound.receivedAtMillis();
    SessionKey key = EventKeys.of(event);
    bots.add(key.selfId());
    MessageRow row;
    try {
      row = MessageRow.received(key.ref(), Long.parseLong(event.messageId().trim()),
          event.userId(), event.sender().displayName(), event.message().toCqString(),
          event.message().toJsonArray().encode(), Instant.ofEpochSecond(event.time()),
          Instant.ofEpochMilli(receivedAt), inbound.frameText());
    } catch (NumberFormatException e) {
      log.warn("bad-id", "session {}: message id {} is not a number: not stored, not answered",
          key, event.messageId());
      return;
    }
    SessionState s = state(key);
    s.lastActivityMillis = System.currentTimeMillis();
    // Decided now, from the event alone, so the summon timer runs while the row commits; the
    // flush still waits for this append (appendsPending), and the message joins the buffer only
    // once the store has said whether it is new.
    boolean answerable = !event.fromSelf() && answerable(key, event);
    boolean summon = answerable && summons(key, s, event);
    if (summon) {
      armSummon(s);
    }
    s.appendsPending++;
    long seq = ++s.appendSeq;
    tasks.run(KIND_APPEND, key.toString(), config.storeTimeout(), () -> store.append(row))
        .onComplete(ar -> afterStored(key, event, row, seq, answerable, summon, ar));
  }

  /** Whether a message from a user in this chat may be answered at all (group mode, allow lists). */
  private boolean answerable(SessionKey key, MessageEvent event) {
    BotPolicy policy = config.bot(key.selfId());
    GroupMode mode = key.type() == SessionType.GROUP
        ? policy.groupMode(key.peerId(), config.groupMode())
        : GroupMode.REPLY;
    return mode == GroupMode.REPLY && policy.userAllowed(event.userId());
  }

  private boolean summons(SessionKey key, SessionState s, MessageEvent event) {
    return key.type() == SessionType.PRIVATE || event.mentionsSelf()
        || event.message().replyToMessageId().map(id -> s.isBotMessage(parseId(id))).orElse(false)
        || keyword(config.bot(key.selfId()), event);
  }

  /** The fixed summon timer: later messages do not reset it. */
  private void armSummon(SessionState s) {
    if (s.summonTimer != SessionState.NO_TIMER || s.summonDue || stopped) {
      return;
    }
    SessionKey key = s.key;
    Duration delay = key.type() == SessionType.PRIVATE
        ? config.summonPrivate() : config.summonGroup();
    s.summonTimer = vertx.setTimer(delay.toMillis(), id -> {
      SessionState current = sessions.get(key);
      if (current != null && current.summonTimer == id) {
        current.summonTimer = SessionState.NO_TIMER;
        if (current.appendsPending > 0) {
          // flushed by afterStored once the appends started before now have ended
          current.summonDue = true;
          current.summonDueSeq = current.appendSeq;
          current.summonWaitsFor = current.appendsPending;
        } else {
          flush(current, SUMMON);
        }
      }
    });
  }

  private void afterStored(SessionKey key, MessageEvent event, MessageRow row, long seq,
      boolean answerable, boolean summon, AsyncResult<AppendResult> stored) {
    SessionState s = state(key);
    s.appendsPending--;
    if (!(stored.succeeded() && stored.result() == AppendResult.DUPLICATE)) {
      // A duplicate was stored and handled once before (a redelivery after a reconnect): never
      // answered twice. A failed append was logged and counted by the TaskSet; the message is
      // still answered.
      stored(s, event, row, answerable, summon);
    }
    if (s.summonDue && seq <= s.summonDueSeq && --s.summonWaitsFor == 0) {
      s.summonDue = false;
      flush(s, SUMMON); // nothing buffered (e.g. only a duplicate): flush does nothing
    }
  }

  private void stored(SessionState s, MessageEvent event, MessageRow row, boolean answerable,
      boolean summon) {
    SessionKey key = s.key;
    long now = System.currentTimeMillis();
    s.lastActivityMillis = now;
    if (event.fromSelf()) {
      // The bot's own message (NapCat's message_sent, or another client of the same account):
      // stored, remembered for reply detection, never a trigger.
      s.rememberBotMessage(parseId(event.messageId()));
      s.lastBotSpokeMillis = now;
      publish(s);
      return;
    }
    if (key.type() != SessionType.GROUP
        || config.bot(key.selfId()).groupMode(key.peerId(), config.groupMode()) != GroupMode.OFF) {
      s.unsummarized++;
      maybeSummarize(s);
    }
    if (!answerable) {
      publish(s);
      return;
    }
    // While a slow flush is in flight a busy group keeps talking: the buffer stays bounded.
    if (s.buffer(ChatLines.of(event, row.contentCq()), config.maxBuffer() * 10)) {
      log.warn("buffer-cap", "session {}: more than {} messages waiting for a flush;"
          + " the oldest stay stored but leave the buffer", key, config.maxBuffer() * 10);
    }
    if (s.flight != null && !s.flight.sending
        && config.onNewMessage() == SessionConfig.OnNewMessage.PREEMPT) {
      preempt(s);
    }
    if (summon) {
      s.summoned = true;
    }
    if (s.summoned) {
      // Normally armed on arrival; this covers a summon left over from a preempted flight.
      armSummon(s);
    }
    armIdle(s);
    if (s.buffered() >= config.maxBuffer()) {
      flush(s, SIZE);
    }
    publish(s);
  }

  private boolean keyword(BotPolicy policy, MessageEvent event) {
    if (config.summonKeywords().isEmpty() && policy.name().isEmpty()) {
      return false;
    }
    String text = event.message().plainText().toLowerCase(Locale.ROOT);
    if (!policy.name().isEmpty() && text.contains(policy.name().toLowerCase(Locale.ROOT))) {
      return true;
    }
    for (String word : config.summonKeywords()) {
      if (text.contains(word.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /**
   * (Re)starts the idle countdown. A busy session gets one message after another: moving a
   * deadline is cheap, cancelling and setting a timer per message is not, so the one armed timer
   * re-arms itself for what is left of the deadline when it fires early.
   */
  private void armIdle(SessionState s) {
    if (stopped) {
      cancelTimers(s);
      return;
    }
    long delay = config.idleFlush().toNanos();
    s.idleDeadlineNanos = System.nanoTime() + delay;
    if (s.idleTimer == SessionState.NO_TIMER) {
      s.idleTimer = idleTimer(s.key, delay);
    }
  }

  private long idleTimer(SessionKey key, long delayNanos) {
    return vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos + 999_999)), id -> {
      SessionState current = sessions.get(key);
      if (current == null || current.idleTimer != id) {
        return;
      }
      long left = current.idleDeadlineNanos - System.nanoTime();
      if (left > 0 && !stopped) {
        current.idleTimer = idleTimer(key, left); // a message moved the deadline
        return;
      }
      current.idleTimer = SessionState.NO_TIMER;
      flush(current, IDLE);
    });
  }

  private void cancelTimers(SessionState s) {
    if (s.idleTimer != SessionState.NO_TIMER) {
      vertx.cancelTimer(s.idleTimer);
      s.idleTimer = SessionState.NO_TIMER;
    }
    if (s.summonTimer != SessionState.NO_TIMER) {
      vertx.cancelTimer(s.summonTimer);
      s.summonTimer = SessionState.NO_TIMER;
    }
  }

  /** PeroCore's behaviour: a new message cancels the in-flight answer; its messages go back. */
  private void preempt(SessionState s) {
    Flight flight = s.flight;
    flight.cancelled = true;
    s.flight = null;
    s.requeueFront(flight.lines);
    if (flight.mode == BrainRequest.Mode.SUMMONED) {
      s.summoned = true;
    }
    LOG.debug("session {}: flush preempted by a new message; {} message(s) requeued", s.key,
        flight.lines.size());
  }

  // ---- flush ----

  private void flush(SessionState s, String trigger) {
    if (stopped) {
      return; // stored; named in the stop log if it was buffered
    }
    if (s.flight != null || s.waitingForSlot) {
      s.pendingTrigger = trigger; // one flush in flight: the next one follows it
      return;
    }
    if (s.buffered() == 0 && !PROACTIVE.equals(trigger)) {
      cancelTimers(s);
      return;
    }
    cancelTimers(s);
    if (flushesInFlight >= config.maxFlushes()) {
      // A burst (e.g. thousands of summons at once) must not become thousands of concurrent
      // context reads and brain calls: the flush waits its turn, its messages stay buffered.
      s.pendingTrigger = trigger;
      if (!s.waitingForSlot) {
        s.waitingForSlot = true;
        waitingForSlot.addLast(s.key);
      }
      publish(s);
      return;
    }
    s.pendingTrigger = null;
    long now = System.currentTimeMillis();
    boolean engaged = s.lastBotSpokeMillis > 0
        && now - s.lastBotSpokeMillis < config.observeCooldown().toMillis();
    // PeroCore asked its cheap "secretary" only when nobody summoned the bot and it had not spoken
    // for observe_cooldown; while it is in a conversation it answers fully.
    BrainRequest.Mode mode = !PROACTIVE.equals(trigger) && (s.summoned || engaged)
        ? BrainRequest.Mode.SUMMONED : BrainRequest.Mode.OBSERVING;
    s.summoned = false;
    List<ChatLine> lines = s.drainBuffer();
    metrics.flush(trigger);
    if (s.paused(now)) {
      metrics.reply(SessionMetrics.PASSED);
      log.info("paused", "session {}: muted, {} message(s) not answered", s.key,
          lines.size());
      publish(s);
      return;
    }
    Flight flight = new Flight(lines, mode, trigger, System.nanoTime());
    s.flight = flight;
    flushesInFlight++;
    SessionKey key = s.key;
    tasks.run(KIND_FLUSH, key + " " + trigger, flushLimit, () -> runFlight(key, flight))
        .onComplete(ar -> flightEnded(key, flight, ar));
    publish(s);
  }

  private Future<String> runFlight(SessionKey key, Flight flight) {
    BotIdentity bot = new BotIdentity(key.selfId(), config.bot(key.selfId()).name());
    return context.build(key, flight.lines)
        .compose(ctx -> {
          if (flight.cancelled) {
            return Future.succeededFuture((BrainDecision) new BrainDecision.Pass("preempted"));
          }
          long asked = System.nanoTime();
          return brain.decide(new BrainRequest(key.toString(), flight.mode, flight.lines, ctx, bot))
              .andThen(ar -> metrics.brainWait(System.nanoTime() - asked));
        })
        .compose(decision -> {
          if (flight.cancelled) {
            return Future.succeededFuture(SessionMetrics.PREEMPTED);
          }
          if (decision instanceof BrainDecision.Pass pass) {
            LOG.debug("session {}: brain passed ({}): {}", key, flight.mode.label(), pass.reason());
            return Future.succeededFuture(SessionMetrics.PASSED);
          }
          String text = ((BrainDecision.Reply) decision).text();
          SessionState s = sessions.get(key);
          if (text.isBlank() || (s != null && s.paused(System.currentTimeMillis()))) {
            return Future.succeededFuture(SessionMetrics.PASSED);
          }
          flight.sending = true;
          return outbound.send(key, text, "reply", answered -> {
            if (answered.sent()) {
              metrics.replyLatency(System.nanoTime() - flight.startNanos);
            }
          }).map(outcome -> sent(key, flight, outcome));
        });
  }

  private String sent(SessionKey key, Flight flight, SendOutcome outcome) {
    if (!outcome.sent()) {
      return SessionMetrics.FAILED;
    }
    SessionState s = sessions.get(key);
    if (s != null) {
      s.lastBotSpokeMillis = System.currentTimeMillis();
      s.lastActivityMillis = s.lastBotSpokeMillis;
      outcome.messageId().ifPresent(id -> s.rememberBotMessage(parseId(id)));
    }
    return SessionMetrics.SENT;
  }

  private void flightEnded(SessionKey key, Flight flight, AsyncResult<String> result) {
    String outcome;
    if (flight.cancelled) {
      outcome = SessionMetrics.PREEMPTED;
    } else if (result.succeeded()) {
      outcome = result.result();
    } else {
      outcome = result.cause() instanceof OperationTimeoutException
          ? SessionMetrics.TIMEOUT : SessionMetrics.ERROR;
      log.warn("flush:" + outcome, "session {}: flush ({}) ended without a reply ({}): {}", key,
          flight.trigger, outcome, String.valueOf(result.cause()));
    }
    metrics.reply(outcome);
    flushesInFlight--;
    SessionState s = sessions.get(key);
    if (s != null && s.flight == flight) {
      followUp(s);
    }
    // else preempted: the session has moved on
    startWaiting();
  }

  private void startWaiting() {
    while (flushesInFlight < config.maxFlushes() && !waitingForSlot.isEmpty()) {
      SessionState next = sessions.get(waitingForSlot.pollFirst());
      if (next != null && next.waitingForSlot) {
        next.waitingForSlot = false;
        flush(next, next.pendingTrigger == null ? IDLE : next.pendingTrigger);
      }
    }
  }

  private void followUp(SessionState s) {
    s.flight = null;
    if (s.buffered() > 0) {
      if (s.pendingTrigger != null || s.buffered() >= config.maxBuffer()) {
        flush(s, s.pendingTrigger == null ? SIZE : s.pendingTrigger);
        return;
      }
      if (s.idleTimer == SessionState.NO_TIMER && s.summonTimer == SessionState.NO_TIMER) {
        armIdle(s);
      }
    }
    s.pendingTrigger = null;
    publish(s);
  }

  // ---- notices ----

  private void onNotice(NoticeEvent notice, long receivedAt) {
    SessionKey key = EventKeys.of(notice);
    long group = EventKeys.groupId(notice.raw());
    long user = EventKeys.number(notice.raw(), "user_id");
    long operator = EventKeys.number(notice.raw(), "operator_id");
    NoticeRow row = new NoticeRow(notice.selfId(), notice.noticeType(),
        notice.subType().isEmpty() ? null : notice.subType(), group > 0 ? group : null,
        user > 0 ? user : null, operator > 0 ? operator : null, notice.raw().encode(),
        Instant.ofEpochSecond(notice.time()), Instant.ofEpochMilli(receivedAt));
    String detail = (key == null ? notice.selfId() + ":-" : key.toString()) + " "
        + notice.noticeType();
    // A failure is counted and logged by the TaskSet with the notice named in its detail.
    tasks.run(KIND_NOTICE, detail, config.storeTimeout(), () -> store.append(row))
        .onSuccess(result -> LOG.debug("notice {}: {}", detail, result));
    if (notice instanceof GroupBanNotice ban && key != null
        && (ban.userId() == ban.selfId() || ban.wholeGroup())) {
      onBotMuted(state(key), ban);
    }
  }

  private void onBotMuted(SessionState s, GroupBanNotice ban) {
    long now = System.currentTimeMillis();
    if (ban.lifted()) {
      s.pausedUntilMillis = 0;
      LOG.info("session {}: mute lifted; replies resume", s.key);
    } else {
      s.pausedUntilMillis = ban.duration() > 0 ? now + ban.duration() * 1000 : Long.MAX_VALUE;
      LOG.warn("session {}: the bot is muted{} ({} s); replies paused", s.key,
          ban.wholeGroup() ? " (whole group)" : "", ban.duration());
      notifyOwner(s.key, "I was muted in group " + s.key.peerId()
          + (ban.duration() > 0 ? " for " + ban.duration() + " s" : "")
          + " by " + ban.operatorId() + ".");
    }
    publish(s);
  }

  private void notifyOwner(SessionKey about, String text) {
    long owner = config.owner().qq();
    if (owner == 0) {
      return;
    }
    long now = System.currentTimeMillis();
    Long last = ownerNotified.get(about);
    if (last != null && now - last < config.owner().notifyInterval().toMillis()) {
      return;
    }
    ownerNotified.put(about, now);
    outbound.send(SessionKey.privateChat(about.selfId(), owner), text, "owner-notice")
        .onComplete(ar -> {
          if (ar.succeeded() && !ar.result().sent()) {
            log.warn("owner-notice", "could not tell owner {} about {}: {}", owner, about,
                ar.result().error());
          }
        });
  }

  // ---- summaries ----

  private void maybeSummarize(SessionState s) {
    if (config.summarizeAfter() == 0 || s.summarizing || s.unsummarized < config.summarizeAfter()
        || !summariesEnabled.getAsBoolean()) {
      return;
    }
    s.summarizing = true;
    s.unsummarized = 0;
    SessionKey key = s.key;
    tasks.run(KIND_SUMMARY, key.toString(), flushLimit, () -> summarizer.summarizeOnce(key))
        .onComplete(ar -> {
          SessionState current = sessions.get(key);
          if (current != null) {
            current.summarizing = false;
          }
        });
  }

  // ---- proactive ----

  private void scan(ChatType type, int top) {
    SessionConfig.Proactive proactive = config.proactive();
    if (proactive.quiet(LocalTime.now(proactive.zone()))) {
      return;
    }
    for (long selfId : List.copyOf(bots)) {
      tasks.run(KIND_SCAN, selfId + " " + type.column(), config.context().readTimeout(),
              () -> store.sessionsByActivity(selfId, type, top))
          .onSuccess(active -> {
            for (SessionActivity activity : active) {
              SessionKey key = SessionKey.of(activity.session());
              if (key.shard(shardCount) == shard) {
                poke(key);
              }
            }
          });
    }
  }

  private void poke(SessionKey key) {
    BotPolicy policy = config.bot(key.selfId());
    boolean speaks = key.type() == SessionType.GROUP
        ? policy.groupMode(key.peerId(), config.groupMode()) == GroupMode.REPLY
        : policy.userAllowed(key.peerId());
    SessionState s = state(key);
    // A session with messages waiting has its own flush coming (possibly a summon, which a
    // proactive, observing flush must not swallow); only quiet sessions are poked.
    boolean quiet = s.flight == null && !s.waitingForSlot && s.buffered() == 0
        && s.idleTimer == SessionState.NO_TIMER && s.summonTimer == SessionState.NO_TIMER
        && s.appendsPending == 0 && !s.summonDue;
    if (speaks && quiet && !s.paused(System.currentTimeMillis())) {
      flush(s, PROACTIVE);
    }
  }

  // ---- bookkeeping ----

  private SessionState state(SessionKey key) {
    SessionState s = sessions.get(key);
    if (s == null) {
      s = new SessionState(key, System.currentTimeMillis());
      sessions.put(key, s);
      metrics.sessionAdded();
    }
    return s;
  }

  private void publish(SessionState s) {
    long now = System.currentTimeMillis();
    directory.publish(new SessionDirectory.Entry(s.key, s.lastActivityMillis, s.buffered(),
        s.stateLabel(now), shard));
  }

  private void evictIdle() {
    long now = System.currentTimeMillis();
    long idleFor = config.evictAfter().toMillis();
    var it = sessions.values().iterator();
    while (it.hasNext()) {
      SessionState s = it.next();
      if (s.pausedUntilMillis != 0 && !s.paused(now)) {
        s.pausedUntilMillis = 0; // a timed mute has passed
      }
      if (s.quiescent() && now - s.lastActivityMillis >= idleFor) {
        it.remove();
        directory.remove(s.key);
        metrics.sessionRemoved();
      }
    }
    ownerNotified.values().removeIf(at -> now - at >= config.owner().notifyInterval().toMillis());
  }

  private static long parseId(String id) {
    try {
      return Long.parseLong(id.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
