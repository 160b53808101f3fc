package dev.perocore.social.store;

/** What an append did, once its transaction committed. Neither is an error. */
public enum AppendResult {
  /** The row is committed. */
  STORED,
  /** An identical event (same bot and message id / request flag) was already stored. */
  DUPLICATE
}
