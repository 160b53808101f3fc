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
    if (s.flight != null || s.waitingForSlot) {
      s.pendingTrigger = trigger; // one flush in flight: the next one follows it
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
      s.pendingTrigger = trigger;
      if (!s.waitingForSlot) {
        s.waitingForSlot = true;
        waitingForSlot.addLast(s.key);
      }
      sessions.publish(s);
      return;
    }
    s.pendingTrigger = null;
    Flight flight = flights.prepare(s, trigger);
    if (flight != null) {
      s.flight = flight;
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
        flush(next, next.pendingTrigger == null ? FlushTrigger.IDLE : next.pendingTrigger);
      }
    }
  }

  /** After a flight: flush again if a trigger came during it, else let the idle timer decide. */
  private void followUp(SessionState s) {
    s.flight = null;
    if (s.buffered() > 0) {
      if (s.pendingTrigger != null || s.buffered() >= config.maxBuffer()) {
        flush(s, s.pendingTrigger == null ? FlushTrigger.SIZE : s.pendingTrigger);
        return;
      }
      if (s.idleTimer == SessionState.NO_TIMER && s.summonTimer == SessionState.NO_TIMER) {
        timers.armIdle(s);
      }
    }
    s.pendingTrigger = null;
    sessions.publish(s);
  }
}
