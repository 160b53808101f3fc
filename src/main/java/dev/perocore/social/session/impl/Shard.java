package dev.perocore.social.session.impl;

import dev.perocore.social.brain.BrainClient;
import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.onebot.InboundEvent;
import dev.perocore.social.onebot.event.MessageEvent;
import dev.perocore.social.onebot.event.NoticeEvent;
import dev.perocore.social.session.OutboundMessages;
import dev.perocore.social.session.SessionConfig;
import dev.perocore.social.session.SessionDirectory;
import dev.perocore.social.store.Store;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.BooleanSupplier;
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
  private long evictionSweep = -1;

  /**
   * @param summariesEnabled false when no brain can summarize ({@code brain.kind none})
   * @param stickers the operator's stickers ({@code reply.stickers_dir}), loaded at start-up
   */
  public Shard(int shard, int shardCount, Vertx vertx, TaskSet tasks, SessionConfig config,
      Store store, BrainClient brain, OutboundMessages outbound, SessionDirectory directory,
      SessionMetrics metrics, BooleanSupplier summariesEnabled, StickerIndex stickers) {
    this.shard = shard;
    this.vertx = vertx;
    this.config = config;
    RateLimitedLog log = new RateLimitedLog(LOG, Duration.ofSeconds(5));
    this.sessions = new SessionTable(shard, directory, metrics, config.evictAfter());
    // The flight logs one line per failed flush, with the brain's reason (ReplyFlight).
    tasks.failuresExplainedByOwner(dev.perocore.social.brain.BrainClient.DECIDE, KIND_FLUSH);
    ReplyFlight flights = new ReplyFlight(vertx, tasks, config,
        new ContextBuilder(store, tasks, config.context(), metrics), brain, outbound, sessions,
        metrics, log, stickers);
    // A timer's due flush goes to the slots, built next; no timer is armed before a message.
    this.timers = new FlushTimers(vertx, config, sessions, this::flushDue);
    this.slots = new FlushSlots(config, sessions, timers, flights);
    Summarizer summarizer = new Summarizer(store, brain, tasks, config.summarizeAfter(),
        config.storeTimeout(), summariesEnabled, flights.summaryDeadline(), sessions::get);
    this.messages = new MessageIntake(tasks, config, store, sessions, new SummonRules(config),
        timers, flights, summarizer, metrics, log);
    this.mutes = new MuteWatch(config, outbound, sessions, log);
    this.notices = new NoticeIntake(tasks, config, store, sessions, mutes);
    this.scans = new ProactiveScan(shard, shardCount, vertx, tasks, config, store, sessions,
        slots);
  }

  /** Starts the periodic eviction sweep and, if enabled, the proactive scans. */
  public void start() {
    long sweep = Math.max(10, Math.min(60_000, config.evictAfter().toMillis() / 2));
    evictionSweep = vertx.setPeriodic(sweep, id -> evictIdle());
    scans.start();
  }

  /**
   * Stops timers. Buffered messages that will now never be flushed are stored already; they are
   * named in the log rather than dropped silently.
   */
  public void stop() {
    sessions.stop();
    if (evictionSweep != -1) {
      vertx.cancelTimer(evictionSweep);
      evictionSweep = -1;
    }
    scans.stop();
    int buffered = 0;
    int withBuffer = 0;
    for (SessionState s : sessions.all()) {
      timers.cancel(s);
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
