package dev.perocore.social.session.impl;

import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.session.SessionDirectory;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One session's mutable state. Owned by one shard and touched only on its event loop, so it has no
 * locks; its one volatile field is what the admin API reads from other threads ({@link
 * #published}). Kept to what every session needs (56 bytes, its directory entry included): a
 * shard may hold 100k idle sessions, and a burst of new chats is copied by every young collection
 * while it is new. What only a session that may be answered needs is in its {@link ReplyState},
 * allocated on first use.
 */
final class SessionState implements SessionDirectory.Listed {

  static final long NO_TIMER = -1;

  final ChatKey key;
  /**
   * What the admin API sees ({@link SessionDirectory#snapshot}): written whole, read anywhere;
   * {@link SessionDirectory#UNLISTED} (0, the default) until first published.
   */
  volatile long published;
  /** The reply machinery's part, or null until the session first needs it. */
  private ReplyState reply;
  /** Image downloads of this session's messages not yet ended (MediaIntake); null when none. */
  private List<Future<Void>> mediaInFlight;
  long lastActivityMillis;
  /** Sequence number of this session's latest append. */
  long appendSeq;
  /**
   * Appends of this session's messages not yet handed on (committed, failed or timed out, in
   * arrival order): those numbered above {@link #appendSeqReleased()}, up to {@link #appendSeq}.
   */
  int appendsPending;
  /**
   * Appends that ended before an earlier one of the same session, by sequence number, waiting
   * for it: messages join the buffer in the order they arrived, whatever order commits (or a
   * retried batch, or a timeout) end in. Null while nothing waits, the common case.
   */
  TreeMap<Long, Runnable> appendsEndedEarly;

  SessionState(ChatKey key, long now) {
    this.key = key;
    this.lastActivityMillis = now;
  }

  @Override
  public ChatKey key() {
    return key;
  }

  @Override
  public long snapshot() {
    return published;
  }

  /** The reply machinery's part, allocated now if the session had none. */
  ReplyState reply() {
    if (reply == null) {
      reply = new ReplyState();
    }
    return reply;
  }

  /** The reply machinery's part, or null if the session never needed one: for reads only. */
  ReplyState replyIfAny() {
    return reply;
  }

  /** Sequence number of the latest append whose message was handed on (in arrival order). */
  long appendSeqReleased() {
    return appendSeq - appendsPending;
  }

  void mediaStarted(Future<Void> download) {
    if (mediaInFlight == null) {
      mediaInFlight = new ArrayList<>(2);
    }
    mediaInFlight.add(download);
  }

  void mediaEnded(Future<Void> download) {
    if (mediaInFlight != null && mediaInFlight.remove(download) && mediaInFlight.isEmpty()) {
      mediaInFlight = null;
    }
  }

  /** A copy of the downloads not yet ended. */
  List<Future<Void>> mediaInFlight() {
    return mediaInFlight == null ? List.of() : List.copyOf(mediaInFlight);
  }

  int buffered() {
    return reply == null ? 0 : reply.buffered();
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
    return reply != null && reply.isBotMessage(messageId);
  }

  /**
   * Whether this run already has the message in hand: buffered, in the flight, or consumed lately.
   * A redelivery of it (or a copy re-read at start-up) must not join the buffer a second time.
   */
  boolean holds(ChatLine line) {
    return reply != null && reply.holds(line);
  }

  boolean paused(long now) {
    return reply != null && reply.paused(now);
  }

  /** No flush buffered, due, timed, queued or running, and no append pending. */
  boolean quiet() {
    return appendsPending == 0 && (reply == null || reply.quiet());
  }

  /** Nothing pending, nothing running: the session may be forgotten once idle long enough. */
  boolean quiescent() {
    return quiet()
        && (reply == null || (!reply.summarizing && reply.pausedUntilMillis == 0));
  }

  SessionDirectory.State state(long now) {
    if (paused(now)) {
      return SessionDirectory.State.PAUSED;
    }
    if (reply != null && reply.flight != null) {
      return SessionDirectory.State.FLUSHING;
    }
    return buffered() > 0 ? SessionDirectory.State.BUFFERING : SessionDirectory.State.IDLE;
  }
}
