package dev.perocore.social.store;

/**
 * The store's state for readiness checks and the admin API.
 *
 * @param open accepting writes and reads
 * @param path the database file
 * @param schemaVersion {@code PRAGMA user_version} after migrations
 * @param queueDepth writes waiting for a transaction
 * @param walBytes size of the WAL file at the last check
 */
public record StoreStatus(boolean open, String path, int schemaVersion, int queueDepth,
    long walBytes) {}
