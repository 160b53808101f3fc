package dev.perocore.social.store.impl;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.store.AppendResult;
import dev.perocore.social.store.ChatType;
import dev.perocore.social.store.Claim;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.MessageStatus;
import dev.perocore.social.store.NoticeRow;
import dev.perocore.social.store.PendingRequest;
import dev.perocore.social.store.RequestResolution;
import dev.perocore.social.store.RequestRow;
import dev.perocore.social.store.SessionActivity;
import dev.perocore.social.store.SessionRef;
import dev.perocore.social.store.Store;
import dev.perocore.social.store.StoreClosedException;
import dev.perocore.social.store.StoreConfig;
import dev.perocore.social.store.StoreOpenException;
import dev.perocore.social.store.StoreStatus;
import dev.perocore.social.store.StoredMessage;
import dev.perocore.social.store.StoredRequest;
import dev.perocore.social.store.SummaryRow;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite {@link Store}: a writer pool of exactly one connection used only through {@link
 * Writer} transactions, and a reader pool that never opens a transaction. Open it with {@link
 * #open} on the owning verticle's context.
 */
public final class SqliteStore implements Store {

  private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);

  /** Names of the pools in {@code vertx_pool_*{pool_type="sql",pool_name=...}}. */
  public static final String WRITER_POOL = "store-writer";
  public static final String READER_POOL = "store-readers";
  /** A commit or checkpoint running longer than this is reported as a blocked thread. */
  private static final Duration THREAD_MAX_EXECUTE = Duration.ofSeconds(10);
  private static final AtomicLong INSTANCES = new AtomicLong();

  private final Vertx vertx;
  private final TaskSet tasks;
  private final StoreConfig config;
  private final Path file;
  private final StoreMetrics metrics;
  private final Pool writerPool;
  private final Pool readerPool;
  private final ConnectionThread commits;
  private final ConnectionThread checkpointer;
  private final Writer writer;
  private final AtomicLong claimIds = new AtomicLong();
  private volatile boolean open;
  private volatile int schemaVersion;
  private long checkpointTimer = -1;
  private long committedAtCheckpoint;
  private boolean checkpointing;
  private long housekeepingTimer = -1;
  private boolean housekeeping;

  private SqliteStore(Guard guard, TaskSet tasks, StoreConfig config, Path file) {
    this.vertx = guard.vertx();
    this.tasks = tasks;
    this.config = config;
    this.file = file;
    this.metrics = new StoreMetrics(guard.registry());
    var dataSource = DataSources.create(file.toString(), config);
    this.writerPool = JDBCPool.pool(vertx, dataSource,
        new PoolOptions().setMaxSize(1).setName(WRITER_POOL));
    this.readerPool = JDBCPool.pool(vertx, dataSource,
        new PoolOptions().setMaxSize(config.readers()).setName(READER_POOL));
    long instance = INSTANCES.incrementAndGet();
    this.commits = new ConnectionThread(vertx, dataSource, "social-store-writer-" + instance,
        THREAD_MAX_EXECUTE.toMillis());
    this.checkpointer = new ConnectionThread(vertx, dataSource,
        "social-store-checkpointer-" + instance, THREAD_MAX_EXECUTE.toMillis());
    this.writer = new Writer(vertx, (ContextInternal) vertx.getOrCreateContext(), writerPool,
        commits, tasks, config, metrics);
  }

  /**
   * Creates the folder, opens the pools, migrates the schema and starts the periodic
   * checkpoints and housekeeping. Fails with a one-line {@link StoreOpenException} when the path
   * cannot be used or the schema is newer than this build. Call on the owner's context.
   */
  public static Future<SqliteStore> open(Guard guard, TaskSet tasks, StoreConfig config) {
    Vertx vertx = guard.vertx();
    Path file = Path.of(config.path()).toAbsolutePath().normalize();
    return vertx.executeBlocking(() -> {
      Path folder = file.getParent();
      try {
        if (folder != null) {
          Files.createDirectories(folder);
        }
      } catch (Exception e) {
        throw new StoreOpenException("store.path " + config.path() + ": cannot create folder "
            + folder + " (" + e + ")", e);
      }
      if (Files.isDirectory(file)) {
        throw new StoreOpenException("store.path " + config.path() + ": is a folder, not a"
            + " database file", null);
      }
      return file;
    }).map(f -> new SqliteStore(guard, tasks, config, f))
        .compose(store -> store.start()
            .recover(failure -> store.closePools().transform(ignored -> Future.failedFuture(
                failure instanceof StoreOpenException ? failure
                    : new StoreOpenException("store.path " + config.path()
                        + ": cannot open the database: " + failure.getMessage(), failure)))));
  }

  private Future<SqliteStore> start() {
    return writerPool.withConnection(conn -> Migrator.migrate(conn, config.path()))
        .compose(version -> {
          schemaVersion = version;
          // Claims belong to summarizers of a previous run: give their messages back.
          return writerPool.withConnection(conn -> Transactions.immediate(conn,
              c -> c.query(Sql.RELEASE_ALL).execute()));
        })
        .compose(v -> pragma("journal_mode"))
        .map(mode -> {
          if (!"wal".equalsIgnoreCase(mode)) {
            LOG.warn("store: journal_mode is {} (WAL unavailable on this file system?)", mode);
          }
          open = true;
          checkpointTimer = vertx.setPeriodic(config.checkpointInterval().toMillis(),
              id -> checkpointTick());
          long firstHousekeeping = Math.min(config.housekeepingInterval().toMillis(), 30_000);
          housekeepingTimer = vertx.setTimer(firstHousekeeping, id -> housekeepingTick());
          LOG.info("store: {} open, schema version {}, {} reader(s), batch_max {}", file,
              schemaVersion, config.readers(), config.batchMax());
          return this;
        });
  }

  // ---- writes ----

  @Override
  public Future<AppendResult> append(MessageRow row) {
    // raw_retention 0 means never kept, not "kept until the next housekeeping pass".
    return writer.submitRow(config.rawRetention().isZero() ? row.withoutRaw() : row);
  }

  @Override
  public Future<AppendResult> append(NoticeRow row) {
    return writer.submitRow(row);
  }

  @Override
  public Future<AppendResult> append(RequestRow row) {
    return writer.submitRow(row);
  }

  @Override
  public Future<Boolean> resolveRequest(long selfId, String requestType, String flag,
      RequestResolution resolution, String note, Instant at) {
    Tuple args = Tuple.from(Arrays.asList(resolution.column(), at.toEpochMilli(), note, selfId,
        requestType, flag));
    return write("store.request.resolve", flag,
        conn -> conn.preparedQuery(Sql.RESOLVE_REQUEST).execute(args).map(rs -> rs.rowCount() > 0));
  }

  @Override
  public Future<Void> upsertUser(long userId, String nickname, Instant seenAt) {
    return writer.submitRow(new RowWriter.UserUpsert(userId, nickname, seenAt.toEpochMilli()));
  }

  @Override
  public Future<Void> upsertGroup(long groupId, String name, Instant seenAt) {
    return writer.submitRow(new RowWriter.GroupUpsert(groupId, name, seenAt.toEpochMilli()));
  }

  // ---- reads ----

  @Override
  public Future<List<StoredMessage>> recent(SessionRef session, int limit) {
    return read("recent", session.toString(), () -> readerPool.preparedQuery(Sql.RECENT)
        .execute(Tuple.of(session.selfId(), session.type().column(), session.peerId(), limit))
        .map(rs -> oldestFirst(messages(rs))));
  }

  @Override
  public Future<List<StoredMessage>> privateHistory(long selfId, long userId, int limit) {
    SessionRef session = SessionRef.ofPrivate(selfId, userId);
    return read("private_history", session.toString(), () -> readerPool.preparedQuery(Sql.RECENT)
        .execute(Tuple.of(selfId, ChatType.PRIVATE.column(), userId, limit))
        .map(rs -> oldestFirst(messages(rs))));
  }

  @Override
  public Future<Optional<Long>> latestGroupOf(long selfId, long userId) {
    return read("latest_group", selfId + ":" + userId, () -> readerPool
        .preparedQuery(Sql.LATEST_GROUP).execute(Tuple.of(selfId, userId))
        .map(rs -> rs.size() == 0 ? Optional.<Long>empty()
            : Optional.of(rs.iterator().next().getLong(0))));
  }

  @Override
  public Future<List<SessionActivity>> sessionsByActivity(long selfId, ChatType type, int limit) {
    return read("sessions_by_activity", selfId + ":" + type.column(), () -> readerPool
        .preparedQuery(Sql.SESSIONS_BY_ACTIVITY).execute(Tuple.of(selfId, type.column(), limit))
        .map(rs -> {
          List<SessionActivity> list = new ArrayList<>(rs.size());
          for (Row row : rs) {
            list.add(new SessionActivity(new SessionRef(row.getLong(0),
                ChatType.fromColumn(row.getString(1)), row.getLong(2)),
                Instant.ofEpochMilli(row.getLong(3))));
          }
          return list;
        }));
  }

  @Override
  public Future<List<StoredMessage>> search(SessionRef session, String text, int limit) {
    String pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        + "%";
    return read("search", session.toString(), () -> readerPool.preparedQuery(Sql.SEARCH)
        .execute(Tuple.of(session.selfId(), session.type().column(), session.peerId(), pattern,
            limit))
        .map(SqliteStore::messages));
  }

  @Override
  public Future<Integer> countUnsummarized(SessionRef session) {
    return read("count_unsummarized", session.toString(), () -> readerPool
        .preparedQuery(Sql.COUNT_UNSUMMARIZED)
        .execute(Tuple.of(session.selfId(), session.type().column(), session.peerId(),
            session.selfId(), session.type().column(), session.peerId()))
        .map(rs -> rs.iterator().next().getInteger(0)));
  }

  @Override
  public Future<List<SummaryRow>> summaries(SessionRef session, int limit) {
    return read("summaries", session.toString(), () -> readerPool.preparedQuery(Sql.SUMMARIES)
        .execute(Tuple.of(session.selfId(), session.type().column(), session.peerId(), limit))
        .map(rs -> {
          List<SummaryRow> list = new ArrayList<>(rs.size());
          for (Row row : rs) {
            List<String> keywords = new ArrayList<>();
            new JsonArray(row.getString(4)).forEach(k -> keywords.add(String.valueOf(k)));
            list.add(new SummaryRow(session, row.getString(3), keywords, row.getLong(5),
                row.getLong(6), row.getInteger(7), Instant.ofEpochMilli(row.getLong(8))));
          }
          Collections.reverse(list);
          return list;
        }));
  }

  @Override
  public Future<List<PendingRequest>> pendingRequests(long selfId, int limit) {
    return read("pending_requests", String.valueOf(selfId), () -> readerPool
        .preparedQuery(Sql.PENDING_REQUESTS).execute(Tuple.of(selfId, limit))
        .map(SqliteStore::pending));
  }

  @Override
  public Future<List<PendingRequest>> pendingRequests(int limit) {
    return read("pending_requests", "all", () -> readerPool
        .preparedQuery(Sql.PENDING_REQUESTS_ALL).execute(Tuple.of(limit))
        .map(SqliteStore::pending));
  }

  @Override
  public Future<Optional<StoredRequest>> request(long rowId) {
    return read("request", String.valueOf(rowId), () -> readerPool
        .preparedQuery(Sql.REQUEST_BY_ID).execute(Tuple.of(rowId))
        .map(rs -> {
          if (rs.size() == 0) {
            return Optional.<StoredRequest>empty();
          }
          Row row = rs.iterator().next();
          String resolution = row.getString(10);
          Long resolvedAt = row.getLong(11);
          return Optional.of(new StoredRequest(row.getLong(0), requestRow(row),
              Optional.ofNullable(resolution)
                  .map(r -> RequestResolution.valueOf(r.toUpperCase(java.util.Locale.ROOT))),
              Optional.ofNullable(resolvedAt).map(Instant::ofEpochMilli), row.getString(12)));
        }));
  }

  private static List<PendingRequest> pending(RowSet<Row> rs) {
    List<PendingRequest> list = new ArrayList<>(rs.size());
    for (Row row : rs) {
      list.add(new PendingRequest(row.getLong(0), requestRow(row)));
    }
    return list;
  }

  private static RequestRow requestRow(Row row) {
    return new RequestRow(row.getLong(1), row.getString(2), row.getString(3), row.getLong(4),
        row.getLong(5), row.getString(6), row.getString(7), Instant.ofEpochMilli(row.getLong(8)),
        Instant.ofEpochMilli(row.getLong(9)));
  }

  // ---- claims ----

  @Override
  public Future<Claim> claim(SessionRef session, int limit) {
    long id = claimIds.incrementAndGet();
    return write("store.claim", session.toString(), conn -> conn.preparedQuery(Sql.CLAIM)
        .execute(Tuple.of(id, session.selfId(), session.type().column(), session.peerId(),
            session.selfId(), session.type().column(), session.peerId(), limit))
        .map(rs -> {
          List<StoredMessage> claimed = messages(rs);
          // RETURNING gives no order guarantee.
          claimed.sort((a, b) -> Long.compare(a.rowId(), b.rowId()));
          return new Claim(id, session, claimed);
        }));
  }

  @Override
  public Future<Void> release(Claim claim) {
    return write("store.release", claim.session().toString(), conn -> conn
        .preparedQuery(Sql.RELEASE).execute(Tuple.of(claim.id())).mapEmpty());
  }

  @Override
  public Future<Long> storeSummary(Claim claim, String summary, List<String> keywords) {
    if (claim.isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException("an empty claim has no summary"));
    }
    SessionRef s = claim.session();
    List<StoredMessage> messages = claim.messages();
    Tuple insert = Tuple.of(s.selfId(), s.type().column(), s.peerId(), summary,
        new JsonArray(new ArrayList<>(keywords)).encode(), messages.get(0).rowId(),
        messages.get(messages.size() - 1).rowId(), messages.size(),
        System.currentTimeMillis());
    return write("store.summary", s.toString(), conn -> conn.preparedQuery(Sql.INSERT_SUMMARY)
        .execute(insert)
        .compose(rs -> conn.preparedQuery(Sql.MARK_SUMMARIZED).execute(Tuple.of(claim.id()))
            .map(marked -> {
              if (marked.rowCount() != messages.size()) {
                // Only a bug could do this (claims are exclusive); fail rather than store a lie.
                throw new IllegalStateException("claim " + claim.id() + " held "
                    + marked.rowCount() + " of its " + messages.size() + " messages");
              }
              return rs.iterator().next().getLong(0);
            }))
        .compose(summaryId -> conn.preparedQuery(Sql.ADVANCE_FLOOR).execute(sessionThrice(s))
            .map(advanced -> {
              metrics.rows("summary").increment();
              return summaryId;
            })));
  }

  private static Tuple sessionThrice(SessionRef s) {
    Tuple tuple = Tuple.tuple();
    for (int i = 0; i < 3; i++) {
      tuple.addLong(s.selfId()).addString(s.type().column()).addLong(s.peerId());
    }
    return tuple;
  }

  // ---- admin and housekeeping ----

  @Override
  public Future<Void> backup(Path target) {
    if (!open) {
      return Future.failedFuture(new StoreClosedException("store closed"));
    }
    Path absolute = target.toAbsolutePath().normalize();
    Future<Void> work = vertx.fileSystem().exists(absolute.toString())
        .compose(exists -> exists
            ? Future.failedFuture(new IllegalArgumentException(absolute + " already exists"))
            : vertx.fileSystem().mkdirs(String.valueOf(absolute.getParent())))
        // VACUUM INTO reads a consistent snapshot: a reader connection suffices, writes go on.
        .compose(v -> readerPool.query("VACUUM INTO " + SqliteErrors.literal(absolute.toString()))
            .execute())
        .mapEmpty();
    return tasks.track("store.backup", absolute.toString(), work);
  }

  @Override
  public Future<Long> housekeep() {
    long now = System.currentTimeMillis();
    long rowsBefore = now - config.retention().toMillis();
    long rawBefore = now - config.rawRetention().toMillis();
    int batch = config.pruneBatch();
    AtomicLong total = new AtomicLong();
    Future<Long> work = drainInSteps(Sql.DELETE_OLD_MESSAGES, rowsBefore, batch, total)
        .compose(v -> drainInSteps(Sql.DELETE_OLD_NOTICES, rowsBefore, batch, total))
        .compose(v -> drainInSteps(Sql.DELETE_OLD_REQUESTS, rowsBefore, batch, total))
        .compose(v -> drainInSteps(Sql.PRUNE_RAW, rawBefore, batch, total))
        .map(v -> total.get());
    return tasks.track("store.housekeeping", "retention", work);
  }

  /** One small transaction per step, queued behind appends, until a step finds fewer rows. */
  private Future<Void> drainInSteps(String sql, long before, int batch, AtomicLong total) {
    return writer.<Integer>submitOp(new Writer.Op("store.prune", true,
            conn -> conn.preparedQuery(sql).execute(Tuple.of(before, batch))
                .map(rs -> (Object) rs.rowCount())))
        .compose(count -> {
          total.addAndGet(count);
          return count < batch || !open ? Future.succeededFuture()
              : drainInSteps(sql, before, batch, total);
        });
  }

  @Override
  public Future<Long> checkpoint(boolean truncate) {
    String mode = truncate ? "TRUNCATE" : "PASSIVE";
    // Not in a transaction (SQLite refuses a checkpoint inside one); on the writer, so it never
    // competes with our own write transactions. The writer connection is in autocommit mode.
    Future<Object> run = writer.submitInternal(new Writer.Op("store.checkpoint", false,
        conn -> conn.query("PRAGMA wal_checkpoint(" + mode + ")").execute().map(rs -> null)));
    return run.compose(v -> walSize());
  }

  /**
   * Commits never checkpoint (wal_autocheckpoint is off: see {@link DataSources}); this does, every
   * checkpoint_interval in which something was committed, in two steps. First the bulk: a PASSIVE
   * checkpoint on the checkpointer's own connection and thread copies the WAL into the database
   * and syncs it while the writer goes on committing. Then, queued between two batches on the
   * writer, a second PASSIVE copies only what arrived meanwhile; with no commit running beside it
   * it completes, so the next commit starts the WAL over from its beginning instead of growing it.
   * A WAL file over wal_max_bytes is truncated by that second step.
   */
  private Future<Long> periodicCheckpoint() {
    long committed = metrics.commit.count();
    if (committed == committedAtCheckpoint) {
      return walSize();
    }
    committedAtCheckpoint = committed;
    Future<Void> bulk = checkpointer.run(conn -> {
      try (var statement = conn.createStatement()) {
        statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
      }
      return null;
    });
    return tasks.track("store.checkpoint", "passive, beside commits", config.writeTimeout(), bulk)
        .compose(v -> walSize())
        .compose(size -> checkpoint(size > config.walMaxBytes()));
  }

  /** One periodic checkpoint at a time: a slow disk makes ticks skip, never pile up. */
  private void checkpointTick() {
    if (!open || checkpointing) {
      return;
    }
    checkpointing = true;
    tasks.run("store.checkpoint", "periodic", this::periodicCheckpoint)
        .onComplete(ar -> checkpointing = false);
  }

  private void housekeepingTick() {
    if (!open) {
      return;
    }
    if (!housekeeping) {
      housekeeping = true;
      housekeep().onComplete(ar -> {
        housekeeping = false;
        if (ar.succeeded() && ar.result() > 0) {
          LOG.info("store: housekeeping deleted or pruned {} row(s)", ar.result());
        }
      });
    }
    housekeepingTimer = vertx.setTimer(config.housekeepingInterval().toMillis(),
        id -> housekeepingTick());
  }

  /** The WAL file's size now (0 if there is none); updates {@code social_store_wal_bytes}. */
  public Future<Long> walSize() {
    String wal = file + "-wal";
    return vertx.fileSystem().exists(wal)
        .compose(exists -> exists ? vertx.fileSystem().props(wal).map(p -> p.size())
            : Future.succeededFuture(0L))
        .andThen(ar -> {
          if (ar.succeeded()) {
            metrics.walBytes.set(ar.result());
          }
        });
  }

  /** A pragma's value as the reader pool's connections see it (tests, status). */
  public Future<String> pragma(String name) {
    return readerPool.query("PRAGMA " + name).execute()
        .map(rs -> String.valueOf(rs.iterator().next().getValue(0)));
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public StoreStatus status() {
    return new StoreStatus(open, file.toString(), schemaVersion, writer.depth(),
        metrics.walBytes.get());
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
    vertx.cancelTimer(checkpointTimer);
    vertx.cancelTimer(housekeepingTimer);
    return writer.closeIntake(deadline);
  }

  /** Final checkpoint (TRUNCATE), then closes both pools. */
  public Future<Void> close() {
    open = false;
    return checkpoint(true)
        .onFailure(e -> LOG.warn("store: final checkpoint failed: {}", e.toString()))
        .transform(ignored -> {
          writer.closed();
          return closePools();
        })
        .andThen(ar -> LOG.info("store: {} closed", file));
  }

  private Future<Void> closePools() {
    return Future.join(List.of(commits.close(), checkpointer.close(), writerPool.close(),
        readerPool.close())).mapEmpty();
  }

  // ---- helpers ----

  private <T> Future<T> read(String query, String detail, Supplier<Future<T>> work) {
    if (!open) {
      return Future.failedFuture(new StoreClosedException("store closed: read refused"));
    }
    long started = System.nanoTime();
    Future<T> timed = work.get().andThen(ar -> metrics.read(query)
        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
    return tasks.track("store.read." + query, detail, config.readTimeout(), timed);
  }

  @SuppressWarnings("unchecked")
  private <T> Future<T> write(String kind, String detail,
      java.util.function.Function<SqlConnection, Future<T>> body) {
    Future<T> queued = writer.submitOp(new Writer.Op(kind, true,
        conn -> (Future<Object>) body.apply(conn)));
    return guardTimeout(kind, detail, queued);
  }

  private <T> Future<T> guardTimeout(String kind, String detail, Future<T> work) {
    return tasks.track(kind, detail, config.writeTimeout(), work);
  }

  static List<StoredMessage> messages(RowSet<Row> rs) {
    List<StoredMessage> list = new ArrayList<>(rs.size());
    for (Row row : rs) {
      SessionRef session = new SessionRef(row.getLong(1), ChatType.fromColumn(row.getString(2)),
          row.getLong(3));
      MessageRow message = new MessageRow(session, row.getLong(4),
          MessageStatus.fromColumn(row.getString(5)), row.getInteger(6), row.getLong(7),
          row.getString(8), row.getString(9), row.getString(10),
          Instant.ofEpochMilli(row.getLong(11)), Instant.ofEpochMilli(row.getLong(12)), null);
      list.add(new StoredMessage(row.getLong(0), message, row.getInteger(13) != 0));
    }
    return list;
  }

  private static List<StoredMessage> oldestFirst(List<StoredMessage> newestFirst) {
    Collections.reverse(newestFirst);
    return newestFirst;
  }
}
