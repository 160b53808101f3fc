package dev.perocore.social.store;

/** What an append did, once its transaction committed. Neither is an error. */
public enum AppendResult {
  /** The row is committed. */
  STORED,
  /**
   * The same event was already stored: a message with the same bot, chat, message id, sender and
   * event time (a redelivery; an id alone is a 31-bit hash, shared by different messages), a
   * notice with the same identity, a request with the same flag.
   */
  DUPLICATE
}
