package dev.perocore.social.store.impl;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Classifies SQLite failures: who is at fault decides whether writes are retried. */
final class SqliteErrors {

  private SqliteErrors() {}

  /**
   * Whether the failure means "someone else holds the lock" (SQLITE_BUSY / SQLITE_LOCKED and
   * their extended codes): worth retrying later, never a reason to drop the writes.
   */
  static boolean isBusy(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException e) {
        int primary = e.getResultCode().code & 0xff;
        return primary == SQLiteErrorCode.SQLITE_BUSY.code
            || primary == SQLiteErrorCode.SQLITE_LOCKED.code;
      }
      String message = t.getMessage();
      if (message != null && (message.contains("SQLITE_BUSY") || message.contains("SQLITE_LOCKED"))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * Classifies a failed write: busy/locked, full, I/O (SQLITE_IOERR, SQLITE_CANTOPEN,
   * SQLITE_READONLY: the file, not the row) or other. Looks through causes and, for wrappers that
   * keep only the text, at the message.
   */
  static CommitFailure classify(Throwable failure) {
    if (isBusy(failure)) {
      return CommitFailure.BUSY;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException e) {
        int primary = e.getResultCode().code & 0xff;
        if (primary == SQLiteErrorCode.SQLITE_FULL.code) {
          return CommitFailure.FULL;
        }
        if (primary == SQLiteErrorCode.SQLITE_IOERR.code
            || primary == SQLiteErrorCode.SQLITE_CANTOPEN.code
            || primary == SQLiteErrorCode.SQLITE_READONLY.code) {
          return CommitFailure.IO;
        }
        return CommitFailure.OTHER;
      }
      String message = t.getMessage();
      if (message != null && message.contains("SQLITE_FULL")) {
        return CommitFailure.FULL;
      }
      if (message != null && (message.contains("SQLITE_IOERR")
          || message.contains("SQLITE_CANTOPEN") || message.contains("SQLITE_READONLY"))) {
        return CommitFailure.IO;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return CommitFailure.OTHER;
  }

  /**
   * Whether the failure is a row's own fault (a constraint or trigger, a type mismatch, a value too
   * big): its batch's other rows would commit without it. Anything else (a corrupt page, a schema
   * error) would fail every part of the batch alike.
   */
  static boolean isRowFault(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException e) {
        int primary = e.getResultCode().code & 0xff;
        return primary == SQLiteErrorCode.SQLITE_CONSTRAINT.code
            || primary == SQLiteErrorCode.SQLITE_MISMATCH.code
            || primary == SQLiteErrorCode.SQLITE_TOOBIG.code;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** Quotes a string literal for SQL (VACUUM INTO takes no bound parameter in all versions). */
  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
