package dev.perocore.social.store;

/**
 * The database cannot be used: its folder cannot be created, the file cannot be opened, or its
 * schema is newer than this build. The message is the one line start-up prints.
 */
public final class StoreOpenException extends RuntimeException {

  public StoreOpenException(String message, Throwable cause) {
    super(message, cause);
  }
}
