package dev.perocore.social.store;

import dev.perocore.social.chat.ChatKey;
import java.time.Instant;
import java.util.Objects;

/**
 * One chat message as the store keeps it: an inbound message event, or one of our own sends.
 *
 * @param session the conversation it belongs to
 * @param messageId OneBot's {@code message_id} (inbound) or the id returned by the send action;
 *     null for a send that failed. Not unique: NapCat's ids are 31-bit hashes. A row is a
 *     duplicate (not stored again) only when its chat, id, sender and event time match a stored
 *     one; see store.impl.MessageIdentity.
 * @param status received, sent or failed
 * @param retcode the OneBot action retcode of a send (null for inbound)
 * @param senderId the user who wrote it (the bot's own id for our sends)
 * @param senderName display name at the time (card or nickname)
 * @param contentCq the content as a CQ-code string
 * @param contentJson the content as a segment array in JSON
 * @param eventTime when OneBot says it happened
 * @param receivedAt when we received (or sent) it
 * @param rawJson the raw event JSON as received (UTF-8 bytes, never decoded on the way in),
 *     pruned after {@code store.raw_retention}; may be null
 * @param origin pushed live, or fetched from history after a (re)connect (never answered)
 * @param consumedAt when the message was consumed, written with the row; null (the usual case) =
 *     not yet: a reply or pass marks it later. Set on arrival only under {@code brain.kind none},
 *     which never answers: the row needs no later UPDATE, and no later run owes it an answer. A
 *     duplicate keeps the stored row's own mark.
 */
public record MessageRow(
    ChatKey session,
    Long messageId,
    MessageStatus status,
    Integer retcode,
    long senderId,
    String senderName,
    String contentCq,
    String contentJson,
    Instant eventTime,
    Instant receivedAt,
    RawJson rawJson,
    MessageOrigin origin,
    Instant consumedAt) {

  public MessageRow {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(receivedAt, "receivedAt");
    senderName = senderName == null ? "" : senderName;
    contentCq = contentCq == null ? "" : contentCq;
    contentJson = contentJson == null ? "[]" : contentJson;
    if (status == MessageStatus.RECEIVED && messageId == null) {
      throw new IllegalArgumentException("an inbound message needs its message_id");
    }
  }

  /** A row not consumed when written (every row but one received under brain.kind none). */
  public MessageRow(ChatKey session, Long messageId, MessageStatus status, Integer retcode,
      long senderId, String senderName, String contentCq, String contentJson, Instant eventTime,
      Instant receivedAt, String rawJson, MessageOrigin origin) {
    this(session, messageId, status, retcode, senderId, senderName, contentCq, contentJson,
        eventTime, receivedAt, RawJson.of(rawJson), origin, null);
  }

  /** A live row (every row but a backfilled one). */
  public MessageRow(ChatKey session, Long messageId, MessageStatus status, Integer retcode,
      long senderId, String senderName, String contentCq, String contentJson, Instant eventTime,
      Instant receivedAt, String rawJson) {
    this(session, messageId, status, retcode, senderId, senderName, contentCq, contentJson,
        eventTime, receivedAt, rawJson, MessageOrigin.LIVE);
  }

  /** An inbound message event. */
  public static MessageRow received(ChatKey session, long messageId, long senderId,
      String senderName, String contentCq, String contentJson, Instant eventTime,
      Instant receivedAt, String rawJson) {
    return receivedFrame(session, messageId, senderId, senderName, contentCq, contentJson,
        eventTime, receivedAt, RawJson.of(rawJson));
  }

  /** An inbound message event, its frame kept as received. */
  public static MessageRow receivedFrame(ChatKey session, long messageId, long senderId,
      String senderName, String contentCq, String contentJson, Instant eventTime,
      Instant receivedAt, RawJson rawJson) {
    return new MessageRow(session, messageId, MessageStatus.RECEIVED, null, senderId, senderName,
        contentCq, contentJson, eventTime, receivedAt, rawJson, MessageOrigin.LIVE, null);
  }

  /**
   * An inbound message event consumed as it is stored ({@code brain.kind none}: nobody will ever
   * answer it), marked at its receipt.
   */
  public static MessageRow receivedConsumed(ChatKey session, long messageId, long senderId,
      String senderName, String contentCq, String contentJson, Instant eventTime,
      Instant receivedAt, RawJson rawJson) {
    return new MessageRow(session, messageId, MessageStatus.RECEIVED, null, senderId, senderName,
        contentCq, contentJson, eventTime, receivedAt, rawJson, MessageOrigin.LIVE, receivedAt);
  }

  /** Our send that OneBot accepted, with the id it returned. */
  public static MessageRow sent(ChatKey session, long messageId, String botName,
      String contentCq, String contentJson, Instant at) {
    return new MessageRow(session, messageId, MessageStatus.SENT, 0, session.selfId(), botName,
        contentCq, contentJson, at, at, null);
  }

  /** Our send that failed, kept so the conversation shows what we tried to say and why it failed. */
  public static MessageRow failed(ChatKey session, int retcode, String botName,
      String contentCq, String contentJson, Instant at) {
    return new MessageRow(session, null, MessageStatus.FAILED, retcode, session.selfId(), botName,
        contentCq, contentJson, at, at, null);
  }

  /** The same row without its raw event JSON (store.raw_retention 0: raw JSON is never kept). */
  public MessageRow withoutRaw() {
    return rawJson == null ? this : new MessageRow(session, messageId, status, retcode, senderId,
        senderName, contentCq, contentJson, eventTime, receivedAt, null, origin, consumedAt);
  }

  /** The same row with another origin (history rows are built as received, then marked). */
  public MessageRow withOrigin(MessageOrigin newOrigin) {
    return new MessageRow(session, messageId, status, retcode, senderId, senderName, contentCq,
        contentJson, eventTime, receivedAt, rawJson, newOrigin, consumedAt);
  }
}
