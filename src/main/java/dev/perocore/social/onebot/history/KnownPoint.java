package dev.perocore.social.onebot.history;

import java.util.Set;

/**
 * Where a chat's stored history ends: paging stops at the first message that is already stored
 * or older than {@code floorSecond}, the newest event time of a message received before the bot
 * (re)connected, or the start of the look-back window for a chat with nothing stored.
 *
 * <p>Stored means the same identity as the store's (issue 13): id, sender and event time. A
 * message that only shares its id with a stored one is a different message (NapCat's ids are 31
 * bits of a hash): missed like any other, fetched, stored and counted as a collision.
 *
 * @param stored the messages stored for the chat before the (re)connect
 * @param floorSecond event time in epoch seconds; older messages are not fetched
 */
public record KnownPoint(Set<Stored> stored, long floorSecond) {

  /** A stored message as a history page shows it: id, sender, event time in epoch seconds. */
  public record Stored(long messageId, long senderId, long second) {}

  public KnownPoint {
    stored = Set.copyOf(stored);
  }

  /** True when the message is at or behind what is stored. */
  boolean reached(long messageId, long senderId, long second) {
    return second < floorSecond || stored.contains(new Stored(messageId, senderId, second));
  }
}
