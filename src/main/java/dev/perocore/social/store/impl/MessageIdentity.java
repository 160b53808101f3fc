package dev.perocore.social.store.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.store.MessageRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Whether a message row is one already stored: the same bot and chat, the same {@code message_id},
 * the same sender and the same event time — a redelivery. NapCat's id alone is 31 bits of an MD5,
 * so a row that shares only the id is a different message (a collision): stored, and counted.
 *
 * <p>One exception on time: the bot's own messages. Our row of a send carries our clock at the
 * moment the action returned; NapCat's {@code message_sent} report of the same message carries
 * QQ's time, in seconds. For the bot as sender the times need only be within {@link #OWN_SKEW}: a
 * second message of ours in the same chat with the same 31-bit id within that span is not a
 * realistic event, a skewed clock is.
 *
 * <p>Runs on the writer's thread inside the batch's transaction, so it sees the rows written
 * earlier in the same batch, and nothing else writes between the look-up and the insert.
 */
final class MessageIdentity implements AutoCloseable {

  /** What storing a row means, decided before it is inserted. */
  enum Verdict {
    /** No stored row has this id in this chat. */
    NEW,
    /** Rows share the id but none is this message: stored anyway, and counted. */
    COLLISION,
    /** The same message is already stored (a redelivery, or our send and its echo). */
    DUPLICATE
  }

  static final Duration OWN_SKEW = Duration.ofMinutes(2);

  private final PreparedStatement lookup;

  MessageIdentity(Connection conn) throws SQLException {
    this.lookup = conn.prepareStatement(Sql.MESSAGES_WITH_ID);
  }

  Verdict of(MessageRow row) throws SQLException {
    if (row.messageId() == null) {
      return Verdict.NEW; // a failed send: it has no id to share
    }
    ChatKey chat = row.session();
    lookup.setLong(1, chat.selfId());
    lookup.setLong(2, row.messageId());
    lookup.setString(3, chat.type().label());
    lookup.setLong(4, chat.peerId());
    long time = row.eventTime().toEpochMilli();
    boolean any = false;
    try (ResultSet rs = lookup.executeQuery()) {
      while (rs.next()) {
        any = true;
        long sender = rs.getLong(1);
        if (sender == row.senderId() && sameTime(chat.selfId() == sender, rs.getLong(2), time)) {
          return Verdict.DUPLICATE;
        }
      }
    }
    return any ? Verdict.COLLISION : Verdict.NEW;
  }

  private static boolean sameTime(boolean ownMessage, long storedMillis, long millis) {
    return ownMessage ? Math.abs(storedMillis - millis) <= OWN_SKEW.toMillis()
        : storedMillis == millis;
  }

  @Override
  public void close() throws SQLException {
    lookup.close();
  }
}
