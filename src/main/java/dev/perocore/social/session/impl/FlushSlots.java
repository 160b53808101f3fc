package dev.perocore.social.session.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.session.SessionConfig;
import java.util.ArrayDeque;

/**
 * Whether a due flush starts now. At most one flight per session: a trigger during a flight is
 * kept as the session's pending trigger and flushes again after it (the follow-up). At most
 * {@code session.max_flushes} flights per shard: the rest wait for a slot in arrival order, their
 * messages still buffered. The flight itself is {@link ReplyFlight}.
 */
final class FlushSlots {

  private final SessionConfig config;
  private final SessionTable sessions;
  private final FlushTimers timers;
  private final ReplyFlight flights;
  /** Sessions due for a flush while {@code session.max_flushes} are in flight, oldest first. */
  private final ArrayDeque<ChatKey> waitingForSlot = new ArrayDeque<>();
  private int flushesInFlight;
  /** Messages of flights that ended while stopping: consumed, or not (for the stop line). */
  int stopFlushed;
  int stopUnanswered;

  FlushSlots(SessionConfig config, SessionTable sessions, FlushTimers timers,
      ReplyFlight flights) {
    this.config = config;
    this.sessions = sessions;
    this.timers = timers;
    this.flights = flights;
  }

  void flush(SessionState s, FlushTrigger trigger) {
    if (sessions.stopping()) {
      // Stored and not consumed: left for the next start (named in the stop line). Not flushed
      // now: the gateway has stopped reading the sockets, so no send could be acknowledged.
      return;
    }
    ReplyState r = s.reply();
    if (r.flight != null || r.waitingForSlot) {
      r.pendingTrigger = trigger; // one flush in flight: the next one follows it
      return;
    }
    if (s.buffered() == 0 && trigger != FlushTrigger.PROACTIVE) {
      timers.cancel(s);
      return;
    }
    timers.cancel(s);
    if (flushesInFlight >= config.maxFlushes()) {
      // A burst (e.g. thousands of summons at once) must not become thousands of concurrent
      // context reads and brain calls: the flush waits its turn, its messages stay buffered.
      r.pendingTrigger = trigger;
      if (!r.waitingForSlot) {
        r.waitingForSlot = true;
        waitingForSlot.addLast(s.key);
      }
      sessions.publish(s);
      return;
    }
    r.pendingTrigger = null;
    Flight flight = flights.prepare(s, trigger);
    if (flight != null) {
      r.flight = flight;
      flushesInFlight++;
      ChatKey key = s.key;
      flights.launch(key, flight, () -> flightEnded(key, flight));
    }
    sessions.publish(s);
  }

  private void flightEnded(ChatKey key, Flight flight) {
    flushesInFlight--;
    if (sessions.stopping() && !flight.cancelled) {
      if (flight.consumed) {
        stopFlushed += flight.lines.size();
      } else {
        stopUnanswered += flight.lines.size();
      }
    }
    SessionState s = sessions.get(key);
    if (s != null && s.reply().flight == flight) {
      followUp(s);
    }
    // else preempted: the session has moved on
    startWaiting();
  }

  private void startWaiting() {
    while (flushesInFlight < config.maxFlushes() && !waitingForSlot.isEmpty()) {
      SessionState next = sessions.get(waitingForSlot.pollFirst());
      ReplyState r = next == null ? null : next.reply();
      if (r != null && r.waitingForSlot) {
        r.waitingForSlot = false;
        flush(next, r.pendingTrigger == null ? FlushTrigger.IDLE : r.pendingTrigger);
      }
    }
  }

  /** After a flight: flush again if a trigger came during it, else let the idle timer decide. */
  private void followUp(SessionState s) {
    ReplyState r = s.reply();
    r.flight = null;
    if (r.buffered() > 0) {
      if (r.pendingTrigger != null || r.buffered() >= config.maxBuffer()) {
        flush(s, r.pendingTrigger == null ? FlushTrigger.SIZE : r.pendingTrigger);
        return;
      }
      if (r.idleTimer == SessionState.NO_TIMER && r.summonTimer == SessionState.NO_TIMER) {
        timers.armIdle(s);
      }
    }
    r.pendingTrigger = null;
    sessions.publish(s);
  }
}
