package dev.perocore.social.store.impl;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Classifies SQLite failures. */
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

  /** Quotes a string literal for SQL (VACUUM INTO takes no bound parameter in all versions). */
  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
