package dev.perocore.social.store;

/**
 * The store's state for readiness checks and the admin API.
 *
 * @param open accepting writes and reads
 * @param path the database file
 * @param schemaVersion {@code PRAGMA user_version} after migrations
 * @param queueDepth writes waiting for a transaction
 * @param walBytes size of the WAL file at the last check
 * @param commitFailure why the latest write transaction failed (the reason, since when, what to
 *     do), or null while writes commit; readiness is down while it is set
 */
public record StoreStatus(boolean open, String path, int schemaVersion, int queueDepth,
    long walBytes, String commitFailure) {

  /** Whether the latest write transaction failed (writes are kept and retried meanwhile). */
  public boolean commitsFailing() {
    return commitFailure != null;
  }
}
