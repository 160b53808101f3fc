package dev.perocore.social.store;

import java.time.Duration;

/**
 * The {@code store:} section of the configuration.
 *
 * @param path the database file; its folder is created
 * @param synchronousFull {@code synchronous=FULL} instead of NORMAL (NORMAL in WAL mode can lose
 *     the last commits on power loss, never on a process crash)
 * @param busyTimeout how long a connection waits for a lock held by someone else
 * @param readers size of the reader pool
 * @param batchMax most rows committed in one transaction
 * @param batchLinger how long the first queued row waits for company before a commit starts
 * @param queueMax operations (claims, summaries, housekeeping...) that may wait; past it they fail
 *     fast with "store overloaded". Inbound rows are never refused: above {@code queueHighWater}
 *     the gateway stops reading the sockets instead
 * @param retention rows older than this are deleted
 * @param rawRetention raw event JSON older than this is pruned
 * @param walMaxBytes a WAL file larger than this is checkpointed with TRUNCATE
 * @param checkpointInterval period of the background checkpoint (commits never checkpoint) and
 *     the WAL size check
 * @param housekeepingInterval period of retention and raw pruning
 * @param pruneBatch rows deleted or pruned per transaction by housekeeping
 * @param readTimeout named deadline of every read
 * @param writeTimeout named deadline of claim, release, summary, housekeeping and checkpoint
 *     writes; write transactions failing for longer (locked, full, I/O) are said once in the log,
 *     and still retried
 * @param retryBackoffMax longest pause between retries of a batch that found the database locked
 * @param queueHighWater queued writes above which the OneBot sockets are paused (backpressure)
 * @param queueLowWater queued writes at or below which paused sockets are read again
 * @param writerCacheBytes SQLite's page cache on the writer's own connection (native memory,
 *     outside the heap; SQLite's default is 2 MiB)
 */
public record StoreConfig(
    String path,
    boolean synchronousFull,
    Duration busyTimeout,
    int readers,
    int batchMax,
    Duration batchLinger,
    int queueMax,
    Duration retention,
    Duration rawRetention,
    long walMaxBytes,
    Duration checkpointInterval,
    Duration housekeepingInterval,
    int pruneBatch,
    Duration readTimeout,
    Duration writeTimeout,
    Duration retryBackoffMax,
    int queueHighWater,
    int queueLowWater,
    long writerCacheBytes) {
}
