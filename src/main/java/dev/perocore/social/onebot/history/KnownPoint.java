package dev.perocore.social.onebot.history;

import java.util.Set;

/**
 * Where a chat's stored history ends: paging stops at the first message that is already stored
 * (by id) or older than {@code floorSecond}, the newest stored event time before the bot
 * (re)connected, or the start of the look-back window for a chat with nothing stored.
 *
 * @param storedIds message ids stored for the chat before the (re)connect
 * @param floorSecond event time in epoch seconds; older messages are not fetched
 */
public record KnownPoint(Set<Long> storedIds, long floorSecond) {

  public KnownPoint {
    storedIds = Set.copyOf(storedIds);
  }

  /** True when {@code messageId} at {@code second} is at or behind what is stored. */
  boolean reached(long messageId, long second) {
    return storedIds.contains(messageId) || second < floorSecond;
  }
}
