package dev.perocore.social.store.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.store.MessageRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A message's identity: the same bot and chat, the same {@code message_id}, the same sender and
 * the same event time — a redelivery. NapCat's id alone is 31 bits of an MD5, so a row that shares
 * only the id is a different message (a collision): stored, and counted. For others' messages the
 * unique index messages_by_identity says it in the database, batched.
 *
 * <p>This class handles the one exception on time: the bot's own messages. Our row of a send
 * carries our clock at the moment the action returned; NapCat's {@code message_sent} report of
 * the same message carries QQ's time, in seconds. For the bot as sender the times need only be
 * within {@link #OWN_SKEW}: a second message of ours in the same chat with the same 31-bit id
 * within that span is not a realistic event, a skewed clock is.
 *
 * <p>Runs on the writer's thread inside the batch's transaction, so it sees the rows written
 * earlier in the same batch, and nothing else writes between the look-up and the insert.
 */
final class MessageIdentity {

  static final Duration OWN_SKEW = Duration.ofMinutes(2);

  private final Statements statements;

  MessageIdentity(Statements statements) {
    this.statements = statements;
  }

  /** The bot's own message (a send of ours, or its echo) with an id to match. */
  static boolean own(MessageRow row) {
    return row.messageId() != null && row.senderId() == row.session().selfId();
  }

  /** True if an own message with this chat and id is stored within {@link #OWN_SKEW} of it. */
  boolean ownDuplicate(MessageRow row) throws SQLException {
    PreparedStatement lookup = statements.get(Sql.MESSAGES_WITH_ID);
    ChatKey chat = row.session();
    lookup.setLong(1, chat.selfId());
    lookup.setLong(2, row.messageId());
    lookup.setString(3, chat.type().label());
    lookup.setLong(4, chat.peerId());
    long time = row.eventTime().toEpochMilli();
    try (ResultSet rs = lookup.executeQuery()) {
      while (rs.next()) {
        if (rs.getLong(1) == row.senderId()
            && Math.abs(rs.getLong(2) - time) <= OWN_SKEW.toMillis()) {
          return true;
        }
      }
    }
    return false;
  }
}
