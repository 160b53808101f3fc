package dev.perocore.social.store;

/**
 * A received message of a known chat by its identity (what the unique index messages_by_identity
 * keys on besides the chat): enough to mark it consumed or ask whether it was, without its row id,
 * which a session never learns.
 *
 * @param messageId OneBot's message_id
 * @param senderId who wrote it
 * @param eventTimeMillis its event time as stored (OneBot's seconds times 1000)
 */
public record MessageRef(long messageId, long senderId, long eventTimeMillis) {}
