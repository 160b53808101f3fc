package dev.perocore.social.store;

/**
 * The database cannot be used: its folder cannot be created, the file cannot be opened, or its
 * schema is newer than this build. The message is the one line start-up prints: the cause, the key
 * ({@code store.path}) and the fix; {@link #reason()} picks the exit status.
 */
public final class StoreOpenException extends RuntimeException {

  /** Why the database cannot be used: each is its own exit status and its own fix. */
  public enum Reason {
    /** The folder or file cannot be created or written (permissions, read-only mount, full disk). */
    UNWRITABLE,
    /** The file is not a SQLite database, or its pages are damaged. */
    CORRUPT,
    /** A newer build migrated it past what this build knows. */
    NEWER_SCHEMA,
    /** Anything else (a bug, a driver failure): the message says what. */
    OTHER
  }

  private final Reason reason;

  public StoreOpenException(String message, Throwable cause) {
    this(Reason.OTHER, message, cause);
  }

  public StoreOpenException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
