package dev.perocore.social.session.impl;

import dev.perocore.social.brain.ChatLine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the reply machinery keeps for one session: its buffer, flush timers, summon, flight, slot,
 * mute pause, summary count and the memory of the bot's and the consumed messages. Allocated on the
 * session's first use of any of it ({@link SessionState#reply()}): a session that is only stored
 * (brain {@code none}, or no message that may be answered) never has one, and a shard may hold
 * 100k of those, each copied by every young collection while it is new. Owned by the session's
 * shard like its {@link SessionState}: no locks, no volatile fields.
 */
final class ReplyState {

  private static final int BOT_IDS = 16;

  private ArrayDeque<ChatLine> buffer;
  long idleTimer = SessionState.NO_TIMER;
  /**
   * When the idle flush is due (System.nanoTime). Each message moves the deadline; the one armed
   * timer checks it when it fires and re-arms for the rest, instead of a cancel + set per message.
   */
  long idleDeadlineNanos;
  long summonTimer = SessionState.NO_TIMER;
  boolean summoned;
  /** The id of the latest message that summoned the bot since the last flush ("" = none). */
  String summonMessageId = "";
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

  /** Buffered, in the flight, or consumed lately: see {@link SessionState#holds}. */
  boolean holds(ChatLine line) {
    return contains(buffer, line) || (flight != null && contains(flight.lines, line))
        || (consumed != null && contains(Arrays.asList(consumed), line));
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

  /** No flush buffered, due, timed, queued or running. */
  boolean quiet() {
    return buffered() == 0 && flight == null && idleTimer == SessionState.NO_TIMER
        && summonTimer == SessionState.NO_TIMER && !summonDue && !waitingForSlot;
  }
}
