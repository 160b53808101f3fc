package dev.perocore.social.session.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.session.SessionConfig;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * When a session's buffer is due for a flush: the idle timer ({@code session.idle_flush}, moved by
 * each message), the fixed summon timer ({@code session.summon_private} / {@code summon_group},
 * armed when a summoning message arrives, not moved by later ones), the size limit ({@code
 * session.max_buffer}), and the summon-due sequence that holds a summon flush back until the
 * appends started before it have ended, so the context it reads includes what they stored.
 *
 * <p>A due flush goes to {@code due}, which is {@link FlushSlots#flush}; whether it starts now is
 * decided there.
 */
final class FlushTimers {

  private final Vertx vertx;
  private final SessionConfig config;
  private final SessionTable sessions;
  private final BiConsumer<SessionState, FlushTrigger> due;

  FlushTimers(Vertx vertx, SessionConfig config, SessionTable sessions,
      BiConsumer<SessionState, FlushTrigger> due) {
    this.vertx = vertx;
    this.config = config;
    this.sessions = sessions;
    this.due = due;
  }

  /** The fixed summon timer: later messages do not reset it. */
  void armSummon(SessionState s) {
    ReplyState r = s.reply();
    if (r.summonTimer != SessionState.NO_TIMER || r.summonDue || sessions.stopping()) {
      return;
    }
    ChatKey key = s.key;
    Duration delay = key.type() == ChatType.PRIVATE
        ? config.summonPrivate() : config.summonGroup();
    r.summonTimer = vertx.setTimer(delay.toMillis(), id -> {
      SessionState current = sessions.get(key);
      ReplyState cr = current == null ? null : current.replyIfAny();
      if (cr != null && cr.summonTimer == id) {
        cr.summonTimer = SessionState.NO_TIMER;
        if (current.appendsPending > 0) {
          // flushed by appendEnded once the appends started before now have ended
          cr.summonDue = true;
          cr.summonDueSeq = current.appendSeq;
          cr.summonWaitsFor = current.appendsPending;
        } else {
          due.accept(current, FlushTrigger.SUMMON);
        }
      }
    });
  }

  /**
   * The append numbered {@code seq} has ended (stored, duplicate or failed): the last of those a
   * due summon waits for lets it flush.
   */
  void appendEnded(SessionState s, long seq) {
    ReplyState r = s.replyIfAny(); // none: no summon is due (a stored-only session has none)
    if (r != null && r.summonDue && seq <= r.summonDueSeq && --r.summonWaitsFor == 0) {
      r.summonDue = false;
      due.accept(s, FlushTrigger.SUMMON); // nothing buffered (e.g. only a duplicate): no flush
    }
  }

  /** A message joined the buffer: (re)arm the timers, or flush at once if the buffer is full. */
  void messageBuffered(SessionState s, boolean summon) {
    ReplyState r = s.reply();
    if (summon) {
      r.summoned = true;
    }
    if (r.summoned) {
      // Normally armed on arrival; this covers a summon left over from a preempted flight.
      armSummon(s);
    }
    armIdle(s);
    if (r.buffered() >= config.maxBuffer()) {
      due.accept(s, FlushTrigger.SIZE);
    }
  }

  /**
   * (Re)starts the idle countdown. A busy session gets one message after another: moving a
   * deadline is cheap, cancelling and setting a timer per message is not, so the one armed timer
   * re-arms itself for what is left of the deadline when it fires early.
   */
  void armIdle(SessionState s) {
    if (sessions.stopping()) {
      cancel(s);
      return;
    }
    long delay = config.idleFlush().toNanos();
    ReplyState r = s.reply();
    r.idleDeadlineNanos = System.nanoTime() + delay;
    if (r.idleTimer == SessionState.NO_TIMER) {
      r.idleTimer = idleTimer(s.key, delay);
    }
  }

  private long idleTimer(ChatKey key, long delayNanos) {
    return vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos + 999_999)), id -> {
      SessionState current = sessions.get(key);
      ReplyState r = current == null ? null : current.replyIfAny();
      if (r == null || r.idleTimer != id) {
        return;
      }
      long left = r.idleDeadlineNanos - System.nanoTime();
      if (left > 0 && !sessions.stopping()) {
        r.idleTimer = idleTimer(key, left); // a message moved the deadline
        return;
      }
      r.idleTimer = SessionState.NO_TIMER;
      due.accept(current, FlushTrigger.IDLE);
    });
  }

  /** Cancels the session's idle and summon timers (a flush is starting, or the shard stops). */
  void cancel(SessionState s) {
    ReplyState r = s.replyIfAny();
    if (r == null) {
      return; // never armed one
    }
    if (r.idleTimer != SessionState.NO_TIMER) {
      vertx.cancelTimer(r.idleTimer);
      r.idleTimer = SessionState.NO_TIMER;
    }
    if (r.summonTimer != SessionState.NO_TIMER) {
      vertx.cancelTimer(r.summonTimer);
      r.summonTimer = SessionState.NO_TIMER;
    }
  }
}
