package dev.perocore.social.session.impl;

import dev.perocore.social.brain.BrainClient;
import dev.perocore.social.brain.BrainRequest;
import dev.perocore.social.media.MediaCache;
import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.onebot.InboundEvent;
import dev.perocore.social.onebot.OneBotActions;
import dev.perocore.social.onebot.event.MessageEvent;
import dev.perocore.social.onebot.event.NoticeEvent;
import dev.perocore.social.session.OutboundMessages;
import dev.perocore.social.session.SessionConfig;
import dev.perocore.social.session.SessionDirectory;
import dev.perocore.social.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard of the session state machine: the sessions routed to this shard and the parts that
 * act on them, wired here. Events are dispatched to {@link MessageIntake} and {@link
 * NoticeIntake}; the rest follows from there (see {@code package-info.java} for the whole flow).
 * Every method of every part runs on the owning verticle's event loop; the state has no locks
 * because nothing else ever touches it.
 */
public final class Shard {

  // The TaskSet kinds of the state machine's tasks: labels of social_tasks_* metrics.
  public static final String KIND_APPEND = "session.store.append";
  public static final String KIND_NOTICE = "session.store.notice";
  public static final String KIND_FLUSH = "session.flush";
  public static final String KIND_SUMMARY = "session.summary";
  public static final String KIND_SCAN = "session.proactive.scan";
  public static final String KIND_CONSUME = "session.store.consume";
  public static final String KIND_REBUFFER = "session.rebuffer";

  /** The shard's log category, shared by all its parts. */
  private static final Logger LOG = LoggerFactory.getLogger(Shard.class);

  private final int shard;
  private final Vertx vertx;
  private final SessionConfig config;
  private final SessionTable sessions;
  private final FlushTimers timers;
  private final FlushSlots slots;
  private final MessageIntake messages;
  private final NoticeIntake notices;
  private final MuteWatch mutes;
  private final ProactiveScan scans;
  private final Rebuffer rebuffer;
  private long evictionSweep = -1;
  /** False under brain.kind none, which never answers. */
  private final BooleanSupplier brainAnswers;

  /**
   * @param summariesEnabled false under {@code brain.kind none}, which never answers nor
   *     summarizes: messages are then stored consumed and never buffered ({@link MessageIntake})
   * @param stickers the operator's stickers ({@code reply.stickers_dir}), loaded at start-up
   * @param media the image cache; null when {@code media.enabled} is false
   * @param botConnected whether a bot can take actions now (re-buffered answers wait for it)
   * @param actions the gateway's actions, for group names ({@code get_group_info})
   */
  public Shard(int shard, int shardCount, Vertx vertx, TaskSet tasks, SessionConfig config,
      Store store, BrainClient brain, OutboundMessages outbound, SessionDirectory directory,
      SessionMetrics metrics, BooleanSupplier summariesEnabled, StickerIndex stickers,
      MediaCache media, OneBotActions actions, LongPredicate botConnected) {
    this.shard = shard;
    this.brainAnswers = summariesEnabled;
    this.vertx = vertx;
    this.config = config;
    RateLimitedLog log = new RateLimitedLog(LOG, Duration.ofSeconds(5));
    this.sessions = new SessionTable(shard, directory, metrics, config.evictAfter());
    // The flight logs one line per failed flush, with the brain's reason (ReplyFlight).
    tasks.failuresExplainedByOwner(dev.perocore.social.brain.BrainClient.DECIDE, KIND_FLUSH);
    Consumption consumption = new Consumption(tasks, config, store, sessions, log);
    ReplyFlight flights = new ReplyFlight(vertx, tasks, config,
        new ContextBuilder(store, tasks, config.context(), metrics,
            new GroupNames(tasks, actions, store, config.context().groupNameTimeout(),
                config.context().groupNameExpiry(), config.storeTimeout(),
                System::currentTimeMillis)), brain, outbound, sessions,
        metrics, log, stickers, consumption,
        summariesEnabled, new FlushImages(tasks, store, media, sessions,
            config.context().readTimeout()));
    // A timer's due flush goes to the slots, built next; no timer is armed before a message.
    this.timers = new FlushTimers(vertx, config, sessions, this::flushDue);
    this.slots = new FlushSlots(config, sessions, timers, flights);
    Summarizer summarizer = new Summarizer(store, brain, tasks, config.summarizeAfter(),
        config.storeTimeout(), summariesEnabled, flights.summaryDeadline(), sessions::get,
        selfId -> config.bot(selfId).name());
    SummonRules rules = new SummonRules(config);
    this.messages = new MessageIntake(tasks, config, store, sessions, rules,
        timers, flights, summarizer, metrics, log,
        new MediaIntake(tasks, store, media, sessions, config.storeTimeout()), summariesEnabled);
    this.rebuffer = new Rebuffer(shard, shardCount, tasks, config, store, sessions, rules, timers,
        metrics, botConnected, consumption, summariesEnabled);
    this.mutes = new MuteWatch(config, outbound, sessions, log);
    this.notices = new NoticeIntake(tasks, config, store, sessions, mutes);
    this.scans = new ProactiveScan(shard, shardCount, vertx, tasks, config, store, sessions,
        slots);
  }

  /**
   * Starts the periodic eviction sweep and, if enabled, the proactive scans: not with brain.kind
   * none, whose every flight would only pass (store-only: nothing is flushed under none).
   */
  public void start() {
    long sweep = Math.max(10, Math.min(60_000, config.evictAfter().toMillis() / 2));
    evictionSweep = vertx.setPeriodic(sweep, id -> evictIdle());
    if (brainAnswers.getAsBoolean()) {
      scans.start();
    } else if (config.proactive().enabled() && shard == 0) {
      LOG.info("proactive: brain.kind is none, so proactive.enabled has no effect");
    }
  }

  /**
   * Stops timers and intake. Flights in flight drain; a buffer not yet flushed stays stored and
   * unconsumed for the next start ({@link #stopped()} says so): the gateway has stopped reading the
   * sockets, so a send started now could not be acknowledged. Under {@code brain.kind none} no
   * buffer holds anything: every message was stored consumed ({@link MessageIntake}).
   */
  public void stop() {
    sessions.stop();
    if (evictionSweep != -1) {
      vertx.cancelTimer(evictionSweep);
      evictionSweep = -1;
    }
    scans.stop();
    for (SessionState s : sessions.all()) {
      timers.cancel(s);
    }
  }

  /**
   * After the drain: one line saying what became of buffered messages — answered (or passed) by a
   * flight that finished during the drain, or left for the next start (stored, not consumed;
   * summoned ones younger than session.stale_after are re-buffered and answered then, see {@link
   * Rebuffer}). Never silently dropped.
   */
  public void stopped() {
    int left = slots.stopUnanswered;
    int leftSessions = 0;
    int leftSummoned = 0;
    for (SessionState s : sessions.all()) {
      ReplyState r = s.replyIfAny();
      if (r == null) {
        continue; // stored only: holds nothing
      }
      boolean flying = r.flight != null && !r.flight.consumed; // abandoned by the drain
      int held = r.buffered() + (flying ? r.flight.lines.size() : 0);
      if (held > 0) {
        left += held;
        leftSessions++;
        if (r.summoned || r.summonDue || !r.summonMessageId.isEmpty()
            || (flying && r.flight.mode == BrainRequest.Mode.SUMMONED)) {
          leftSummoned++;
        }
      }
    }
    if (left == 0 && slots.stopFlushed == 0) {
      return;
    }
    LOG.info("session shard {}: stopped: {} message(s) answered (or passed) during the drain; {}"
        + " message(s) of {} session(s) ({} summoned) left for the next start, stored and not"
        + " consumed", shard, slots.stopFlushed, left, leftSessions, leftSummoned);
  }

  /**
   * Buffers again what an earlier run stored and summoned but never answered ({@link Rebuffer});
   * call after {@link #start()} and before the shard takes events. Never fails.
   */
  public Future<Void> rebuffer() {
    return rebuffer.run();
  }

  /** A bot's connection can take actions (again): see {@link Rebuffer#botConnected}. */
  public void botConnected(long selfId) {
    rebuffer.botConnected(selfId);
  }

  public int size() {
    return sessions.size();
  }

  /** The session's state, or null when not held: for tests of this package. */
  SessionState session(dev.perocore.social.chat.ChatKey key) {
    return sessions.get(key);
  }

  public void onEvent(InboundEvent inbound) {
    if (inbound.event() instanceof MessageEvent message) {
      messages.onMessage(message, inbound);
    } else if (inbound.event() instanceof NoticeEvent notice) {
      notices.onNotice(notice, inbound.receivedAtMillis());
    }
  }

  private void flushDue(SessionState s, FlushTrigger trigger) {
    slots.flush(s, trigger);
  }

  private void evictIdle() {
    long now = System.currentTimeMillis();
    sessions.evictIdle(now);
    mutes.forgetOldNotices(now);
  }
}
