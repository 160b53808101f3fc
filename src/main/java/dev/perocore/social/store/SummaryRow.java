package dev.perocore.social.store;

import dev.perocore.social.chat.ChatKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A summary of a run of messages of one session.
 *
 * @param session the conversation
 * @param summary the text
 * @param keywords its keywords
 * @param firstRowId the first message ({@link StoredMessage#rowId()}) it covers
 * @param lastRowId the last message it covers
 * @param messageCount how many messages it covers
 * @param createdAt when it was written
 */
public record SummaryRow(ChatKey session, String summary, List<String> keywords,
    long firstRowId, long lastRowId, int messageCount, Instant createdAt) {

  public SummaryRow {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(createdAt, "createdAt");
    keywords = keywords == null ? List.of() : List.copyOf(keywords);
  }
}
