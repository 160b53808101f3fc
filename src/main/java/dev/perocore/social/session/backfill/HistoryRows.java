package dev.perocore.social.session.backfill;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.onebot.event.MessageEvent;
import dev.perocore.social.store.MessageOrigin;
import dev.perocore.social.store.MessageRow;
import java.time.Instant;

/** A message from history as the store keeps it: like a live one, with origin backfill. */
final class HistoryRows {

  private HistoryRows() {}

  /** The row, or null for an id that is not a number (the live path refuses those too). */
  static MessageRow of(ChatKey chat, MessageEvent event, Instant fetchedAt) {
    long id;
    try {
      id = Long.parseLong(event.messageId().trim());
    } catch (NumberFormatException e) {
      return null;
    }
    return MessageRow.received(chat, id, event.userId(), event.sender().displayName(),
            event.message().toCqString(), event.message().jsonText(),
            Instant.ofEpochSecond(event.time()), fetchedAt, event.raw().encode())
        .withOrigin(MessageOrigin.BACKFILL);
  }
}
