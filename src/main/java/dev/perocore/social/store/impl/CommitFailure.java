package dev.perocore.social.store.impl;

/**
 * Why a write transaction failed, as {@code social_store_commit_failures_total{reason}} labels it.
 * The first three are the store's own trouble (the database, not the row): the writes are kept
 * and retried until they commit. {@link #OTHER} is taken to be the row's fault (a constraint, a
 * trigger): its batch is split so that only that row fails.
 */
enum CommitFailure {
  /** Another connection held the write lock for longer than store.busy_timeout. */
  BUSY("busy", "the database is locked by another connection for longer than store.busy_timeout",
      "find the process holding the lock"),
  /** SQLITE_FULL: the disk (or max_page_count) has no room for the new pages. */
  FULL("full", "the database or disk is full (SQLITE_FULL)", "free disk space"),
  /** SQLITE_IOERR and kin: the file system refused a read, write or sync. */
  IO("io", "disk I/O error", "check the disk and the file system under store.path"),
  OTHER("other", "the write itself failed", "see the row's error");

  private final String label;
  private final String description;
  private final String advice;

  CommitFailure(String label, String description, String advice) {
    this.label = label;
    this.description = description;
    this.advice = advice;
  }

  /** The metric label. */
  String label() {
    return label;
  }

  /** What went wrong, for the log line and readiness. */
  String description() {
    return description;
  }

  /** What an operator should do. */
  String advice() {
    return advice;
  }

  /** Whether writes that met this are kept and retried rather than failed. */
  boolean retried() {
    return this != OTHER;
  }
}
