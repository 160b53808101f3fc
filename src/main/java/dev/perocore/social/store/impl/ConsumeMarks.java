package dev.perocore.social.store.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.store.MessageRef;
import dev.perocore.social.store.impl.WriteItem.ConsumeWrite;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Marks received messages consumed (schema v6), inside a group commit's transaction and after its
 * rows, so a message appended in the same batch is marked too. Each mark probes
 * messages_by_identity; a message not stored (yet) is simply not marked.
 *
 * <p>Blocking by design: only the writer's {@link ConnectionThread} calls it, through {@link
 * RowWriter}.
 */
final class ConsumeMarks {

  private ConsumeMarks() {}

  static void write(Statements statements, List<ConsumeWrite> writes) throws SQLException {
    if (writes.isEmpty()) {
      return;
    }
    PreparedStatement update = statements.get(Sql.CONSUME);
    for (ConsumeWrite write : writes) {
      ChatKey s = write.session();
      for (MessageRef m : write.messages()) {
        RowWriter.bind(update, write.atMillis(), s.selfId(), m.messageId(), s.type().label(),
            s.peerId(), m.senderId(), m.eventTimeMillis());
        update.addBatch();
      }
    }
    update.executeBatch();
  }
}
