package dev.perocore.social.sim;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Misbehaviour per event, on command: the next events dropped silently, the next message events
 * sent twice (as after a reconnect). Faults of a whole connection (dropped without a close frame,
 * frozen) act on the connections and live in {@link SimLinks}; garbage frames are {@link
 * SimFrames#garbage()}.
 */
final class Faults {

  private final AtomicInteger duplicateNext = new AtomicInteger();
  private final AtomicInteger dropNext = new AtomicInteger();

  void duplicateNext(int n) {
    duplicateNext.addAndGet(n);
  }

  void dropNext(int n) {
    dropNext.addAndGet(n);
  }

  /** Whether this event is one of the next ones to drop (and counts it). */
  boolean dropThis() {
    return takeOne(dropNext);
  }

  /** Whether this event is a message event to send twice (and counts it). */
  boolean duplicateThis(JsonObject event) {
    return "message".equals(event.getString("post_type")) && takeOne(duplicateNext);
  }

  private static boolean takeOne(AtomicInteger owed) {
    return owed.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }
}
