package dev.perocore.social.session.impl;

import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.onebot.event.MessageEvent;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.StoredMessage;
import java.util.ArrayList;
import java.util.List;

/** Messages as the brain sees them. */
public final class ChatLines {

  private ChatLines() {}

  public static ChatLine of(MessageEvent event) {
    return new ChatLine(event.messageId(), event.userId(), event.sender().displayName(),
        event.message().toCqString(), event.time(), event.fromSelf());
  }

  /** As {@link #of(MessageEvent)}, with the CQ text already encoded for the stored row. */
  static ChatLine of(MessageEvent event, String contentCq) {
    return new ChatLine(event.messageId(), event.userId(), event.sender().displayName(),
        contentCq, event.time(), event.fromSelf());
  }

  public static ChatLine of(StoredMessage stored) {
    MessageRow row = stored.row();
    return new ChatLine(row.messageId() == null ? "" : Long.toString(row.messageId()),
        row.senderId(), row.senderName(), row.contentCq(), row.eventTime().getEpochSecond(),
        row.status().outbound() || row.senderId() == row.session().selfId());
  }

  public static List<ChatLine> of(List<StoredMessage> stored) {
    List<ChatLine> lines = new ArrayList<>(stored.size());
    for (StoredMessage message : stored) {
      lines.add(of(message));
    }
    return lines;
  }
}
