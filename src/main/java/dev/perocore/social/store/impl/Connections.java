package dev.perocore.social.store.impl;

import dev.perocore.social.guard.VertxInternals;
import dev.perocore.social.store.StoreConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the store holds open on its file, made together and closed together: the writer
 * pool (exactly one connection, for the {@link Writer}'s operations), the reader pool, and two
 * {@link ConnectionThread}s, one for the writer's group commits and one for the background
 * checkpoints. Each has a name of its own, so its meters and its thread say which it is.
 *
 * <p>Nothing connects here: each pool and thread opens its connection on first use.
 */
record Connections(Pool writerPool, Pool readerPool, ConnectionThread commitThread,
    ConnectionThread checkpointThread) {

  /** A commit or checkpoint running longer than this is reported as a blocked thread. */
  private static final Duration THREAD_MAX_EXECUTE = Duration.ofSeconds(10);
  private static final AtomicLong INSTANCES = new AtomicLong();

  /**
   * Slow the first time (it loads and links many classes): {@link SqliteStore#open} calls it on
   * a worker.
   */
  static Connections create(Vertx vertx, Path file, StoreConfig config) {
    var dataSource = DataSources.create(file.toString(), config);
    // Named, so each pool's vertx_sql_* meters are its own (client_namespace).
    Pool writerPool = VertxInternals.jdbcPool(vertx, dataSource,
        new PoolOptions().setMaxSize(1).setName(SqliteStore.WRITER_POOL), SqliteStore.WRITER_POOL);
    Pool readerPool = VertxInternals.jdbcPool(vertx, dataSource,
        new PoolOptions().setMaxSize(config.readers()).setName(SqliteStore.READER_POOL),
        SqliteStore.READER_POOL);
    long instance = INSTANCES.incrementAndGet();
    ConnectionThread commitThread = new ConnectionThread(vertx,
        DataSources.forWriter(file.toString(), config), "social-store-writer-" + instance,
        THREAD_MAX_EXECUTE.toMillis());
    ConnectionThread checkpointThread = new ConnectionThread(vertx, dataSource,
        "social-store-checkpointer-" + instance, THREAD_MAX_EXECUTE.toMillis());
    return new Connections(writerPool, readerPool, commitThread, checkpointThread);
  }

  /** Closes all four; completes when each has closed or failed to. */
  Future<Void> close() {
    return Future.join(List.of(commitThread.close(), checkpointThread.close(), writerPool.close(),
        readerPool.close())).mapEmpty();
  }
}
