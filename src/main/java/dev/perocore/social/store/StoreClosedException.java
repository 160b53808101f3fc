package dev.perocore.social.store;

/** The store is shutting down or closed and takes no more work. */
public final class StoreClosedException extends RuntimeException {

  public StoreClosedException(String message) {
    super(message, null, false, false);
  }
}
