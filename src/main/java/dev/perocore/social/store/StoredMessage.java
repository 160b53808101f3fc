package dev.perocore.social.store;

/**
 * A message read back from the store.
 *
 * @param rowId the store's own id: increases with insertion order; summaries cover ranges of it
 * @param row the message (its {@code rawJson} is not read back, it is null here)
 * @param summarized whether a summary already covers it
 */
public record StoredMessage(long rowId, MessageRow row, boolean summarized) {}
