package dev.perocore.social.session.impl;

import dev.perocore.social.brain.Memory;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.store.SummaryRow;
import java.util.ArrayList;
import java.util.List;

/** Stored summaries as the brain's memories, each labelled with where it was said. */
final class Recalled {

  private Recalled() {}

  static List<Memory> asMemories(ChatKey flushed, List<SummaryRow> rows) {
    List<Memory> memories = new ArrayList<>(rows.size());
    for (SummaryRow row : rows) {
      ChatKey from = row.session();
      String chat = from.equals(flushed) ? "this chat"
          : (from.type() == ChatType.GROUP ? "group " : "private chat with ") + from.peerId();
      memories.add(new Memory(row.summary(), row.keywords(), row.createdAt().getEpochSecond(),
          chat));
    }
    return memories;
  }
}
