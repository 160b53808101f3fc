package dev.perocore.social.session.impl;

import dev.perocore.social.brain.BrainRequest;
import dev.perocore.social.brain.ChatLine;
import java.util.List;

/**
 * One flush in flight: the messages it took, and whether its answer still counts. What a flight
 * does is in {@link ReplyFlight}.
 */
final class Flight {

  final List<ChatLine> lines;
  final BrainRequest.Mode mode;
  final FlushTrigger trigger;
  final long startNanos;
  /** Preempted by a newer message: its answer is discarded, its messages were requeued. */
  boolean cancelled;
  /** The send has started: from here on it cannot be preempted (no reply twice). */
  boolean sending;
  /**
   * The message the answer replies to (the flush's last summoning message), for the quote; empty
   * when none summoned the bot (then the flush's last message is answered).
   */
  String answeredId = "";
  /** A newer message arrived while parts were being sent: what {@code on_new_message} decides. */
  boolean interrupted;
  /** Its messages are recorded consumed in the store (the brain decided): see {@link Consumption}. */
  boolean consumed;

  Flight(List<ChatLine> lines, BrainRequest.Mode mode, FlushTrigger trigger, long startNanos) {
    this.lines = lines;
    this.mode = mode;
    this.trigger = trigger;
    this.startNanos = startNanos;
  }
}
