package dev.perocore.social.store.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.guard.Backpressure;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.store.AppendResult;
import dev.perocore.social.store.Conversation;
import dev.perocore.social.store.HistoryDeletion;
import dev.perocore.social.store.MediaLink;
import dev.perocore.social.store.Claim;
import dev.perocore.social.store.MessageRef;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.NoticeRow;
import dev.perocore.social.store.PendingRequest;
import dev.perocore.social.store.RequestResolution;
import dev.perocore.social.store.RequestRow;
import dev.perocore.social.store.SessionActivity;
import dev.perocore.social.store.Store;
import dev.perocore.social.store.StoreConfig;
import dev.perocore.social.store.StoreOpenException;
import dev.perocore.social.store.StoreStatus;
import dev.perocore.social.store.StoredMessage;
import dev.perocore.social.store.StoredRequest;
import dev.perocore.social.store.SummaryRow;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite {@link Store}: a writer pool of exactly one connection used only through {@link
 * Writer} transactions, and a reader pool that never opens a transaction (both, and the threads
 * beside them, are its {@link Connections}). Open it with {@link #open} on the owning verticle's
 * context. This class opens, wires and closes; the work is done by {@link Writes} and the {@link
 * Writer} (appends, group commit), {@link Reads}, {@link Claims}, {@link Checkpointer}, {@link
 * Housekeeping} and {@link Backup}.
 */
public final class SqliteStore implements Store {

  private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);

  /** Names of the pools in {@code vertx_pool_*{pool_type="sql",pool_name=...}}. */
  public static final String WRITER_POOL = "store-writer";
  public static final String READER_POOL = "store-readers";

  private final Vertx vertx;
  private final StoreConfig config;
  private final Path file;
  private final StoreMetrics metrics;
  private final Connections connections;
  private final CommitHealth health;
  private final Writer writer;
  private final Writes writes;
  private final Reads reads;
  private final Claims claims;
  private final Checkpointer checkpoints;
  private final Housekeeping housekeeping;
  private final Backup backup;
  private final TaskSet tasks;
  private volatile boolean open;
  private volatile int schemaVersion;

  private SqliteStore(Guard guard, TaskSet tasks, StoreConfig config, Path file, Context owner,
      Backpressure pressure) {
    this.vertx = guard.vertx();
    this.config = config;
    this.file = file;
    this.metrics = new StoreMetrics(guard.registry());
    this.connections = Connections.create(vertx, file, config);
    this.health = new CommitHealth(metrics, config.writeTimeout(), this::reclaimWal);
    this.writer = new Writer(vertx, owner, connections.writerPool(), connections.commitThread(),
        tasks, config, metrics, health, pressure);
    this.writes = new Writes(writer, config);
    this.reads = new Reads(connections.readerPool(), tasks, config, metrics, this::isOpen);
    this.claims = new Claims(writer, metrics);
    this.checkpoints = new Checkpointer(vertx, tasks, config, metrics, writer,
        connections.checkpointThread(), file, this::isOpen);
    this.housekeeping = new Housekeeping(vertx, tasks, config, writer, this::isOpen);
    this.backup = new Backup(vertx, connections.readerPool(), tasks, this::isOpen);
    this.tasks = tasks;
  }

  /**
   * Creates the folder, opens the pools, migrates the schema and starts the periodic
   * checkpoints and housekeeping. Fails with a one-line {@link StoreOpenException} when the path
   * cannot be used or the schema is newer than this build. Call on the owner's context.
   */
  public static Future<SqliteStore> open(Guard guard, TaskSet tasks, StoreConfig config,
      Backpressure pressure) {
    Vertx vertx = guard.vertx();
    Path file = Path.of(config.path()).toAbsolutePath().normalize();
    Context owner = vertx.getOrCreateContext();
    // Built on a worker: the pools, threads and their first use load and link many classes,
    // hundreds of ms on a loaded machine, which on the owner's event loop trips the blocked alert.
    return vertx.executeBlocking(() -> {
      Path folder = file.getParent();
      try {
        if (folder != null) {
          Files.createDirectories(folder);
        }
      } catch (Exception e) {
        throw OpenFailures.folder(config.path(), folder, e);
      }
      if (Files.isDirectory(file)) {
        throw OpenFailures.notAFile(config.path());
      }
      return new SqliteStore(guard, tasks, config, file, owner, pressure);
    })
        .compose(store -> store.start()
            .recover(failure -> store.connections.close().transform(ignored -> Future.failedFuture(
                OpenFailures.classify(config.path(), failure)))));
  }

  private Future<SqliteStore> start() {
    return tasks.track("store.migrate", config.path(), Migrator.DEADLINE,
            connections.writerPool().withConnection(conn -> Migrator.migrate(conn, config.path())))
        .compose(version -> {
          schemaVersion = version;
          // Claims belong to summarizers of a previous run: give their messages back.
          return tasks.track("store.release_claims", "at open", config.writeTimeout(),
              connections.writerPool().withConnection(conn -> Transactions.immediate(conn,
                  c -> c.query(Sql.RELEASE_ALL).execute())));
        })
        .compose(v -> pragma("journal_mode"))
        .map(mode -> {
          if (!"wal".equalsIgnoreCase(mode)) {
            LOG.warn("store: journal_mode is {} (WAL unavailable on this file system?)", mode);
          }
          open = true;
          checkpoints.start();
          housekeeping.start();
          LOG.info("store: {} open, schema version {}, {} reader(s), batch_max {}", file,
              schemaVersion, config.readers(), config.batchMax());
          return this;
        });
  }

  // ---- writes: queued on the writer ----

  @Override
  public Future<AppendResult> append(MessageRow row) {
    return writes.append(row);
  }

  @Override
  public Future<AppendResult> append(NoticeRow row) {
    return writes.append(row);
  }

  @Override
  public Future<AppendResult> append(RequestRow row) {
    return writes.append(row);
  }

  @Override
  public Future<Boolean> resolveRequest(long selfId, String requestType, String flag,
      RequestResolution resolution, String note, Instant at) {
    return writes.resolveRequest(selfId, requestType, flag, resolution, note, at);
  }

  @Override
  public Future<Void> upsertUser(long userId, String nickname, Instant seenAt) {
    return writes.upsertUser(userId, nickname, seenAt);
  }

  @Override
  public Future<Void> upsertGroup(long groupId, String name, Instant seenAt) {
    return writes.upsertGroup(groupId, name, seenAt);
  }

  // ---- reads ----

  @Override
  public Future<List<StoredMessage>> recent(ChatKey session, int limit) {
    return reads.recent(session, limit);
  }

  @Override
  public Future<List<StoredMessage>> privateHistory(long selfId, long userId, int limit) {
    return reads.privateHistory(selfId, userId, limit);
  }

  @Override
  public Future<Optional<Long>> latestGroupOf(long selfId, long userId) {
    return reads.latestGroupOf(selfId, userId);
  }

  @Override
  public Future<List<SessionActivity>> sessionsByActivity(long selfId, ChatType type, int limit) {
    return reads.sessionsByActivity(selfId, type, limit);
  }

  @Override
  public Future<List<StoredMessage>> search(ChatKey session, String text, int limit) {
    return reads.search(session, text, limit);
  }

  @Override
  public Future<Integer> countUnsummarized(ChatKey session) {
    return reads.countUnsummarized(session);
  }

  @Override
  public Future<List<SummaryRow>> summaries(ChatKey session, int limit) {
    return reads.summaries(session, limit);
  }

  @Override
  public Future<List<NoticeRow>> notices(ChatKey session, int limit) {
    return reads.notices(session, limit);
  }

  @Override
  public Future<List<SummaryRow>> recall(ChatKey session, String text, List<Long> participants,
      boolean groupsToo, int limit) {
    return reads.recall(session, text, participants, groupsToo, limit);
  }

  @Override
  public Future<List<PendingRequest>> pendingRequests(long selfId, int limit) {
    return reads.pendingRequests(selfId, limit);
  }

  @Override
  public Future<List<PendingRequest>> pendingRequests(int limit) {
    return reads.pendingRequests(limit);
  }

  @Override
  public Future<Optional<StoredRequest>> request(long rowId) {
    return reads.request(rowId);
  }

  @Override
  public Future<List<Conversation>> conversations(String query, int limit) {
    return reads.conversations(query, limit);
  }

  @Override
  public Future<List<StoredMessage>> before(ChatKey session, long beforeRowId, int limit) {
    return reads.before(session, beforeRowId, limit);
  }

  @Override
  public Future<Void> linkMedia(ChatKey session, List<MediaLink> links) {
    return writes.linkMedia(session, links);
  }

  @Override
  public Future<List<MediaLink>> media(ChatKey session, List<Long> messageIds) {
    return reads.media(session, messageIds);
  }

  @Override
  public Future<HistoryDeletion> deleteUserHistory(long userId) {
    return writes.deleteUserHistory(userId);
  }

  /** A pragma's value as the reader pool's connections see it (tests, status). */
  public Future<String> pragma(String name) {
    return reads.pragma(name);
  }

  // ---- claims and summaries ----

  @Override
  public Future<Claim> claim(ChatKey session, int limit) {
    return claims.claim(session, limit);
  }

  @Override
  public Future<Void> release(Claim claim) {
    return claims.release(claim);
  }

  @Override
  public Future<Long> storeSummary(Claim claim, String summary, List<String> keywords) {
    return claims.storeSummary(claim, summary, keywords);
  }

  // ---- answered exactly once ----

  @Override
  public Future<Void> consume(ChatKey session, List<MessageRef> messages) {
    return writes.consume(session, messages);
  }

  @Override
  public Future<Boolean> consumed(ChatKey session, MessageRef message) {
    return reads.consumed(session, message);
  }

  @Override
  public Future<List<StoredMessage>> unconsumed(Instant since, int limit) {
    return reads.unconsumed(since, limit);
  }

  // ---- admin and maintenance ----

  @Override
  public Future<Void> backup(Path target) {
    return backup.to(target);
  }

  @Override
  public Future<Long> housekeep() {
    return housekeeping.housekeep();
  }

  @Override
  public Future<Long> checkpoint(boolean truncate) {
    return checkpoints.checkpoint(truncate);
  }

  /** The WAL file's size now (0 if there is none); updates {@code social_store_wal_bytes}. */
  public Future<Long> walSize() {
    return checkpoints.walSize();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public StoreStatus status() {
    CommitHealth.Trouble trouble = health.trouble();
    return new StoreStatus(open, file.toString(), schemaVersion, writer.depth(),
        metrics.walBytes.get(), trouble == null ? null : trouble.describe());
  }

  /**
   * Test hook: {@code PRAGMA max_page_count} on the writer's commit connection — a low value
   * makes commits fail with SQLITE_FULL as on a full disk, a high one "frees space" (SQLite never
   * sets it below the file's current size). Completes with the value now in force.
   */
  public Future<Long> maxPageCount(long pages) {
    return connections.commitThread().run(conn -> {
      try (var statement = conn.createStatement();
          var rs = statement.executeQuery("PRAGMA max_page_count = " + pages)) {
        return rs.next() ? rs.getLong(1) : -1L;
      }
    });
  }

  /** After commits failed for want of space or I/O (see {@link Checkpointer#reclaim}). */
  private void reclaimWal() {
    checkpoints.reclaim();
  }

  public Path file() {
    return file;
  }

  // ---- shutdown ----

  /**
   * Stops taking writes and commits everything queued; fails after {@code deadline} if the
   * database stays locked (what was lost is logged). Call on the owner's context.
   */
  public Future<Void> closeIntake(Duration deadline) {
    open = false;
    checkpoints.stop();
    housekeeping.stop();
    return writer.closeIntake(deadline);
  }

  /** Final checkpoint (TRUNCATE), then closes both pools and both threads. */
  public Future<Void> close() {
    open = false;
    return checkpoint(true)
        .onFailure(e -> LOG.warn("store: final checkpoint failed: {}", e.toString()))
        .transform(ignored -> {
          writer.closed();
          return connections.close();
        })
        .andThen(ar -> LOG.info("store: {} closed", file));
  }
}
