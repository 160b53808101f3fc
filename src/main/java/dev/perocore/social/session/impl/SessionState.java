package dev.perocore.social.session.impl;

import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.session.SessionDirectory;
import java.util.ArrayDeque;
import java.util.TreeMap;
import java.util.ArrayList;
import java.util.List;

/**
 * One session's mutable state. Owned by one shard and touched only on its event loop, so it has no
 * locks and no volatile fields. Kept small (the buffer and the bot's message ids are allocated only
 * when needed): a shard may hold 100k idle sessions.
 */
final class SessionState {

  private static final int BOT_IDS = 16;
  static final long NO_TIMER = -1;

  final ChatKey key;
  /** Where this session is published for the admin API: found on its first publish. */
  SessionDirectory.Listing listing;
  /** Evicted from its table: a callback that outlived it publishes nothing (it stays out of view). */
  boolean evicted;
  private ArrayDeque<ChatLine> buffer;
  long idleTimer = NO_TIMER;
  /**
   * When the idle flush is due (System.nanoTime). Each message moves the deadline; the one armed
   * timer checks it when it fires and re-arms for the rest, instead of a cancel + set per message.
   */
  long idleDeadlineNanos;
  long summonTimer = NO_TIMER;
  boolean summoned;
  /** The id of the latest message that summoned the bot since the last flush ("" = none). */
  String summonMessageId = "";
  /** Image downloads of this session's messages not yet ended (MediaIntake); a flush waits. */
  final List<io.vertx.core.Future<Void>> mediaInFlight = new ArrayList<>(0);
  /** Appends of this session's messages not yet committed (or failed). */
  int appendsPending;
  /** Sequence number of this session's latest append. */
  long appendSeq;
  /**
   * Appends that ended before an earlier one of the same session, by sequence number, waiting
   * for it: messages join the buffer in the order they arrived, whatever order commits (or a
   * retried batch, or a timeout) end in. Null while nothing waits, the common case.
   */
  TreeMap<Long, Runnable> appendsEndedEarly;
  /** Sequence number of the latest append whose message was handed on (in arrival order). */
  long appendSeqReleased;
  /**
   * The summon timer (armed when the message arrived) fired while appends were still pending:
   * the flush runs once those appends (up to {@link #summonDueSeq}; not later ones, so a busy chat
   * cannot hold it back) have ended, so the context it reads includes what they stored.
   */
  boolean summonDue;
  long summonDueSeq;
  int summonWaitsFor;
  /** The flush in flight, or null: at most one per session. */
  Flight flight;
  /** A timer fired or the buffer filled while a flush was in flight: flush again after it. */
  FlushTrigger pendingTrigger;
  /** Due for a flush but the shard is at session.max_flushes: queued for a slot. */
  boolean waitingForSlot;
  long lastActivityMillis;
  long lastBotSpokeMillis;
  /** Replies are paused until then (the bot is muted in the group); 0 = not paused. */
  long pausedUntilMillis;
  int unsummarized;
  boolean summarizing;
  private long[] botMessageIds;
  private int botMessageNext;
  /** The latest messages a flight consumed (issue 13): a redelivery of one is not answered. */
  private ChatLine[] consumed;
  private int consumedNext;

  SessionState(ChatKey key, long now) {
    this.key = key;
    this.lastActivityMillis = now;
  }

  int buffered() {
    return buffer == null ? 0 : buffer.size();
  }

  /**
   * Buffers a message; past {@code cap} the oldest buffered one is let go (it is stored, it just
   * will not be in the next flush). Returns whether one was let go.
   */
  boolean buffer(ChatLine line, int cap) {
    if (buffer == null) {
      buffer = new ArrayDeque<>(4);
    }
    buffer.addLast(line);
    if (buffer.size() > cap) {
      buffer.pollFirst();
      return true;
    }
    return false;
  }

  /** Puts a preempted flush's messages back in front of what arrived since. */
  void requeueFront(List<ChatLine> lines) {
    if (buffer == null) {
      buffer = new ArrayDeque<>(lines.size() + 4);
    }
    for (int i = lines.size() - 1; i >= 0; i--) {
      buffer.addFirst(lines.get(i));
    }
  }

  /** The newest buffered message; the buffer must not be empty. */
  ChatLine newestBuffered() {
    return buffer.peekLast();
  }

  /** Takes every buffered message (oldest first) and empties the buffer. */
  List<ChatLine> drainBuffer() {
    if (buffer == null) {
      return List.of();
    }
    List<ChatLine> lines = new ArrayList<>(buffer);
    buffer = null;
    return lines;
  }

  void rememberBotMessage(long messageId) {
    if (botMessageIds == null) {
      botMessageIds = new long[BOT_IDS];
    }
    botMessageIds[botMessageNext] = messageId;
    botMessageNext = (botMessageNext + 1) % BOT_IDS;
  }

  /** A OneBot message id as the number the bot's-messages memory keeps; 0 when not a number. */
  static long messageId(String id) {
    try {
      return Long.parseLong(id.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Whether {@code messageId} is one of the bot's recent messages in this session. */
  boolean isBotMessage(long messageId) {
    if (botMessageIds == null || messageId == 0) {
      return false;
    }
    for (long id : botMessageIds) {
      if (id == messageId) {
        return true;
      }
    }
    return false;
  }

  /** Remembers messages a flight consumed, before the store has said it committed the mark. */
  void rememberConsumed(List<ChatLine> lines) {
    if (consumed == null) {
      consumed = new ChatLine[BOT_IDS];
    }
    for (ChatLine line : lines) {
      consumed[consumedNext] = line;
      consumedNext = (consumedNext + 1) % BOT_IDS;
    }
  }

  /**
   * Whether this run already has the message in hand: buffered, in the flight, or consumed lately.
   * A redelivery of it (or a copy re-read at start-up) must not join the buffer a second time.
   */
  boolean holds(ChatLine line) {
    return contains(buffer, line) || (flight != null && contains(flight.lines, line))
        || (consumed != null && contains(java.util.Arrays.asList(consumed), line));
  }

  private static boolean contains(Iterable<ChatLine> lines, ChatLine line) {
    if (lines == null) {
      return false;
    }
    for (ChatLine held : lines) {
      if (held != null && held.senderId() == line.senderId()
          && held.epochSeconds() == line.epochSeconds()
          && held.messageId().equals(line.messageId())) {
        return true;
      }
    }
    return false;
  }

  boolean paused(long now) {
    return pausedUntilMillis > now;
  }

  /** Nothing pending, nothing running: the session may be forgotten once idle long enough. */
  boolean quiescent() {
    return buffered() == 0 && flight == null && idleTimer == NO_TIMER
        && summonTimer == NO_TIMER && appendsPending == 0 && !summonDue && !summarizing && pausedUntilMillis == 0 && !waitingForSlot;
  }

  String stateLabel(long now) {
    if (paused(now)) {
      return "paused";
    }
    if (flight != null) {
      return "flushing";
    }
    return buffered() > 0 ? "buffering" : "idle";
  }
}
