package dev.perocore.social.store.impl;

import dev.perocore.social.store.StoreOpenException;
import dev.perocore.social.store.StoreOpenException.Reason;
import java.nio.file.Path;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns a failure to open the database into the one line an operator needs: what is wrong with
 * {@code store.path} and what to do about it. The fixes name the {@code backups/} folder the admin
 * API writes to, because restoring from it is the answer to a corrupt file.
 */
final class OpenFailures {

  private OpenFailures() {}

  /** A failure while creating the folder: the place is not writable. */
  static StoreOpenException folder(String path, Path folder, Exception e) {
    return new StoreOpenException(Reason.UNWRITABLE, "store.path " + path
        + ": cannot create the folder " + folder + " (" + e + "); fix: make it writable for this"
        + " user, or set store.path (SOCIAL_STORE_PATH) to a writable place", e);
  }

  /** {@code store.path} names a folder: there is no database file to open. */
  static StoreOpenException notAFile(String path) {
    return new StoreOpenException(Reason.UNWRITABLE, "store.path " + path
        + ": is a folder, not a database file; fix: set store.path to a file name such as"
        + " data/social.db", null);
  }

  /** The newer-schema refusal of {@link Migrator}. */
  static StoreOpenException newerSchema(String path, int found, int latest) {
    return new StoreOpenException(Reason.NEWER_SCHEMA, "store.path " + path
        + ": the database has schema version " + found + ", newer than this build's " + latest
        + " (a newer social-adapter wrote it); fix: run that newer build, or set store.path to a"
        + " backup made by this version", null);
  }

  /** Any other failure of the first open, migration or pragma. */
  static StoreOpenException classify(String path, Throwable failure) {
    if (failure instanceof StoreOpenException known) {
      return known;
    }
    String cause = describe(failure);
    Path file = Path.of(path);
    Path backups = file.toAbsolutePath().getParent() == null ? Path.of("backups")
        : Path.of(path).resolveSibling("backups");
    if (SqliteErrors.isBusy(failure)) {
      // Another process holds the write lock longer than store.busy_timeout (a sqlite3 shell in a
      // transaction, a backup tool, a second service on the same file): not a bug, nor corrupt.
      return new StoreOpenException(Reason.UNWRITABLE, "store.path " + path
          + ": the database is locked by another process for longer than store.busy_timeout ("
          + cause + "); fix: end that process's transaction or stop it (a sqlite3 shell, a backup"
          + " tool, another social-adapter on the same file), then start again", failure);
    }
    return switch (reason(failure)) {
      case CORRUPT -> new StoreOpenException(Reason.CORRUPT, "store.path " + path
          + ": the database is corrupt (" + cause + "); fix: stop the service, move " + path
          + " and its -wal/-shm files aside, then restore the newest copy from " + backups
          + " or start with an empty database (docs/runbook.md, \"Corrupt database\")", failure);
      case UNWRITABLE -> new StoreOpenException(Reason.UNWRITABLE, "store.path " + path
          + ": cannot write the database (" + cause + "); fix: make the file and its folder"
          + " writable for this user and free some disk space, or set store.path"
          + " (SOCIAL_STORE_PATH) to a writable place", failure);
      default -> new StoreOpenException(Reason.OTHER, "store.path " + path
          + ": cannot open the database: " + cause, failure);
    };
  }

  private static Reason reason(Throwable failure) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SQLiteException e) {
        int primary = e.getResultCode().code & 0xff;
        if (primary == SQLiteErrorCode.SQLITE_NOTADB.code
            || primary == SQLiteErrorCode.SQLITE_CORRUPT.code) {
          return Reason.CORRUPT;
        }
        if (primary == SQLiteErrorCode.SQLITE_CANTOPEN.code
            || primary == SQLiteErrorCode.SQLITE_READONLY.code
            || primary == SQLiteErrorCode.SQLITE_PERM.code
            || primary == SQLiteErrorCode.SQLITE_FULL.code
            || primary == SQLiteErrorCode.SQLITE_IOERR.code) {
          return Reason.UNWRITABLE;
        }
        return Reason.OTHER;
      }
      String message = t.getMessage();
      if (message != null && (message.contains("SQLITE_NOTADB") || message.contains("SQLITE_CORRUPT"))) {
        return Reason.CORRUPT;
      }
      if (message != null && (message.contains("SQLITE_CANTOPEN")
          || message.contains("SQLITE_READONLY") || message.contains("SQLITE_PERM"))) {
        return Reason.UNWRITABLE;
      }
    }
    return Reason.OTHER;
  }

  /** The SQLite message without the driver's long prefix, or the exception's text. */
  private static String describe(Throwable failure) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SQLiteException e) {
        return e.getMessage();
      }
    }
    return failure.getMessage() == null ? failure.toString() : failure.getMessage();
  }
}
