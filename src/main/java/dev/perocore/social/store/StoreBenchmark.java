package dev.perocore.social.store;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.GuardConfig;
import dev.perocore.social.store.impl.Migrations;
import dev.perocore.social.store.impl.Sql;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;

/**
 * {@code bench store}: (a) raw sqlite-jdbc inserting message rows in batched transactions on one
 * connection — what this machine's disk and SQLite allow — against (b) {@link Store#append} with
 * many concurrent callers on several event loops, with the largest event-loop lag seen during (b).
 * Arguments: {@code [rows] [callers] [window]} (defaults 100000, 64, 32). Prints a plain report.
 */
public final class StoreBenchmark {

  private StoreBenchmark() {}

  /**
   * @param configs the store section of the shipped defaults with these dotted keys overlaid (the
   *     application's loader: this package does not see {@code app})
   * @param guardConfig the guard section of the shipped defaults
   */
  public static void run(String[] args, Function<Map<String, Object>, StoreConfig> configs,
      GuardConfig guardConfig) throws Exception {

    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int callers = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int window = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    Path dir = Files.createTempDirectory("store-bench");
    try {
      // The shipped store settings, with room in the queue for every caller's window.
      Map<String, Object> queue = Map.of("store.queue_max", Math.max(10_000, callers * window * 2));
      StoreConfig config = storeConfig(configs, queue, dir.resolve("ours.db"));
      // Warm both paths up (JIT, page cache), then measure.
      raw(dir.resolve("warm-raw.db"), Math.min(rows, 20_000), config.batchMax());
      ours(storeConfig(configs, queue, dir.resolve("warm-ours.db")), guardConfig,
          Math.min(rows, 20_000), callers, window);
      double rawRate = raw(dir.resolve("raw.db"), rows, config.batchMax());
      Result ours = ours(config, guardConfig, rows, callers, window);
      System.out.printf("store benchmark: %d message rows, batch %d, synchronous NORMAL, WAL%n",
          rows, config.batchMax());
      System.out.printf("(a) raw sqlite-jdbc, one connection, batched transactions: %,.0f rows/s%n",
          rawRate);
      System.out.printf("(b) Store.append, %d concurrent callers x %d in flight: %,.0f rows/s"
          + " (%d transactions, %.1f rows each)%n", callers, window, ours.rate, ours.commits,
          ours.commits == 0 ? 0.0 : (double) rows / ours.commits);
      System.out.printf("ratio (b)/(a): %.0f%% (target >= 60%%)%n", 100 * ours.rate / rawRate);
      System.out.printf("max event-loop lag during (b): %d ms (target < 20 ms)%n",
          ours.maxLag.toMillis());
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private record Result(double rate, long commits, Duration maxLag) {}

  /** (a): the same INSERT, the same pragmas, batch_max rows per transaction, one connection. */
  private static double raw(Path file, int rows, int batch) throws Exception {
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    sqlite.setBusyTimeout(5000);
    try (Connection c = sqlite.createConnection("jdbc:sqlite:" + file)) {
      try (Statement s = c.createStatement()) {
        for (List<String> version : Migrations.VERSIONS) {
          for (String sql : version) {
            s.execute(sql);
          }
        }
      }
      c.setAutoCommit(false);
      long start = System.nanoTime();
      try (PreparedStatement ps = c.prepareStatement(Sql.INSERT_MESSAGE)) {
        for (int i = 0; i < rows; i++) {
          MessageRow row = row(i % 64, i);
          ChatKey s = row.session();
          ps.setLong(1, s.selfId());
          ps.setString(2, s.type().label());
          ps.setLong(3, s.peerId());
          ps.setLong(4, row.messageId());
          ps.setString(5, row.status().column());
          ps.setObject(6, null);
          ps.setLong(7, row.senderId());
          ps.setString(8, row.senderName());
          ps.setString(9, row.contentCq());
          ps.setString(10, row.contentJson());
          ps.setLong(11, row.eventTime().toEpochMilli());
          ps.setLong(12, row.receivedAt().toEpochMilli());
          ps.setString(13, row.rawJson() == null ? null : row.rawJson().text());
          ps.setString(14, row.origin().column());
          ps.setObject(15, null); // consumed_at: not consumed
          ps.addBatch();
          if ((i + 1) % batch == 0 || i == rows - 1) {
            ps.executeBatch();
            c.commit();
          }
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      c.setAutoCommit(true);
      return rows / seconds;
    }
  }

  private static StoreConfig storeConfig(Function<Map<String, Object>, StoreConfig> configs,
      Map<String, Object> overlay, Path file) {
    Map<String, Object> keys = new HashMap<>(overlay);
    keys.put("store.path", file);
    return configs.apply(keys);
  }

  /** (b): the store as the service runs it, fed by {@code callers} contexts. */
  private static Result ours(StoreConfig config, GuardConfig guardConfig, int rows,
      int callers, int window)
      throws Exception {
    Vertx vertx = Vertx.vertx();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Guard guard = Guard.install(vertx, registry, guardConfig);
    try {
      StoreVerticle verticle = new StoreVerticle(guard, config, Duration.ofSeconds(30));
      vertx.deployVerticle(verticle).await(60, TimeUnit.SECONDS);
      Store store = verticle.store();
      AtomicLong next = new AtomicLong();
      List<Future<Void>> done = new ArrayList<>();
      guard.loopGuard().takeMaxLag();
      long start = System.nanoTime();
      for (int c = 0; c < callers; c++) {
        int caller = c;
        Context context = vertx.getOrCreateContext();
        Promise<Void> finished = Promise.promise();
        done.add(finished.future());
        context.runOnContext(v -> {
          Feeder feeder = new Feeder(store, caller, rows, next, finished);
          for (int w = 0; w < window; w++) {
            feeder.one();
          }
        });
      }
      Future.all(done).await(10, TimeUnit.MINUTES);
      double seconds = (System.nanoTime() - start) / 1e9;
      Duration lag = guard.loopGuard().takeMaxLag();
      long commits = registry.find("social.store.batch.rows").summary().count();
      return new Result(rows / seconds, commits, lag);
    } finally {
      vertx.close().await(60, TimeUnit.SECONDS);
    }
  }

  /** One caller: keeps {@code window} appends in flight until all rows are taken. */
  private static final class Feeder {
    private final Store store;
    private final int caller;
    private final int rows;
    private final AtomicLong next;
    private final Promise<Void> finished;
    private int inFlight;

    Feeder(Store store, int caller, int rows, AtomicLong next, Promise<Void> finished) {
      this.store = store;
      this.caller = caller;
      this.rows = rows;
      this.next = next;
      this.finished = finished;
    }

    void one() {
      long i = next.getAndIncrement();
      if (i >= rows) {
        if (inFlight == 0) {
          finished.tryComplete();
        }
        return;
      }
      inFlight++;
      store.append(row(caller, i)).onComplete(ar -> {
        inFlight--;
        if (ar.failed()) {
          finished.tryFail(ar.cause());
        } else {
          one();
        }
      });
    }
  }

  private static MessageRow row(int session, long i) {
    Instant now = Instant.now();
    String text = "message " + i + " in a conversation about tea and the weather";
    return MessageRow.received(ChatKey.group(10001, 700_000 + session), i, 20_000 + i % 50,
        "user" + (i % 50), text, "[{\"type\":\"text\",\"data\":{\"text\":\"" + text + "\"}}]",
        now, now, "{\"post_type\":\"message\",\"message_type\":\"group\",\"message_id\":" + i
            + ",\"raw_message\":\"" + text + "\"}");
  }
}
