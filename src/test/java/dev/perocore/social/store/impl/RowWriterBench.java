package dev.perocore.social.store.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.StoreConfig;
import dev.perocore.social.store.impl.WriteItem.MessageWrite;
import dev.perocore.social.store.impl.WriteItem.RowWrite;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.Promise;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The writer thread's cost per message, alone: group-commit batches of bench service's ingest
 * shape (group chatter over {@code sessions} groups and {@code users} speakers, raw JSON kept)
 * written by {@link RowWriter} inside BEGIN IMMEDIATE .. COMMIT on one connection with the
 * shipped pragmas, no Vert.x around it. Receive times advance at {@code rate} messages per second
 * (what the service would see at that ingest rate). A benchmark, not a test: a {@code main} run
 * with the test classpath. Arguments: {@code [rows] [sessions] [users] [rate] [rounds]}
 * (defaults 200000 1000 997 30000 3). Prints ns of wall and CPU time per message per round.
 */
public final class RowWriterBench {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** CPU time spent in COMMIT itself (writing the WAL), this round. */
  private static long commitCpu;

  private RowWriterBench() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int users = args.length > 2 ? Integer.parseInt(args[2]) : 997;
    int rate = args.length > 3 ? Integer.parseInt(args[3]) : 30_000;
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    Path dir = Files.createTempDirectory("rowwriter-bench");
    StoreConfig config = TestConfig.defaults().with("store.path", dir.resolve("x.db"))
        .with("store.batch_max", Integer.getInteger("bench.batch", 256)).store();
    System.out.printf("RowWriterBench: %,d rows, %d groups, %d users, batch %d, %,d msgs/s of"
        + " receive time%n", rows, sessions, users, config.batchMax(), rate);
    for (int round = 0; round <= rounds; round++) {
      Path file = dir.resolve("round" + round + ".db");
      long[] ns = once(file, config, round == 0 ? Math.min(rows, 50_000) : rows, sessions, users,
          rate);
      int n = round == 0 ? Math.min(rows, 50_000) : rows;
      System.out.printf("  %s: %,7.0f ns wall, %,7.0f ns CPU per message (%,.0f msgs/s);"
              + " of which COMMIT %,.0f ns%n",
          round == 0 ? "warm-up" : "round " + round, ns[0] / (double) n, ns[1] / (double) n,
          n / (ns[0] / 1e9), commitCpu / (double) n);
      Files.deleteIfExists(file);
      Files.deleteIfExists(Path.of(file + "-wal"));
      Files.deleteIfExists(Path.of(file + "-shm"));
    }
    Files.deleteIfExists(dir);
  }

  private static long[] once(Path file, StoreConfig config, int rows, int sessions, int users,
      int rate) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (Connection conn = DataSources.create(file.toString(), config).getConnection()) {
      try (Statement s = conn.createStatement()) {
        for (List<String> version : Migrations.VERSIONS) {
          for (String sql : version) {
            s.execute(sql);
          }
        }
        // An experiment's pragmas, e.g. -Dbench.pragmas=cache_size=-32000;mmap_size=0
        for (String pragma : System.getProperty("bench.pragmas", "").split(";")) {
          if (!pragma.isBlank()) {
            s.execute("PRAGMA " + pragma);
          }
        }
      }
      long base = Instant.parse("2026-11-30T12:00:00Z").toEpochMilli();
      List<List<RowWrite>> batches = new ArrayList<>();
      List<RowWrite> batch = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        batch.add(new MessageWrite(row(i, sessions, users, base + (long) i * 1000 / rate),
            Promise.promise()));
        if (batch.size() == config.batchMax()) {
          batches.add(batch);
          batch = new ArrayList<>();
        }
      }
      if (!batch.isEmpty()) {
        batches.add(batch);
      }
      Statements kept = new Statements(conn);
      RowWriter writer = new RowWriter();
      commitCpu = 0;
      long cpu = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      for (List<RowWrite> b : batches) {
        commit(kept, writer, b);
      }
      kept.close();
      return new long[] {System.nanoTime() - start, threads.getCurrentThreadCpuTime() - cpu};
    }
  }

  /** One group commit as the writer's thread runs it. */
  private static void commit(Statements kept, RowWriter writer, List<RowWrite> batch)
      throws Exception {
    try (Statement control = kept.connection().createStatement()) {
      control.execute("BEGIN IMMEDIATE");
      writer.write(kept, batch);
      long before = THREADS.getCurrentThreadCpuTime();
      control.execute("COMMIT");
      commitCpu += THREADS.getCurrentThreadCpuTime() - before;
      writer.committed();
    }
  }

  /** What the simulator sends in bench service's ingest phase, as the session stores it. */
  private static MessageRow row(int i, int sessions, int users, long at) {
    long group = 30_000 + i % sessions;
    long sender = 20_000 + i % users;
    String text = "message " + i + " in a conversation about tea and the weather";
    String json = "[{\"type\":\"text\",\"data\":{\"text\":\"" + text + "\"}}]";
    Instant when = Instant.ofEpochMilli(at);
    String raw = "{\"time\":" + at / 1000 + ",\"self_id\":10000,\"post_type\":\"message\","
        + "\"message_type\":\"group\",\"sub_type\":\"normal\",\"message_id\":" + (i + 1)
        + ",\"group_id\":" + group + ",\"user_id\":" + sender + ",\"message\":" + json
        + ",\"raw_message\":\"" + text + "\",\"font\":14,\"sender\":{\"user_id\":" + sender
        + ",\"nickname\":\"user" + sender + "\",\"card\":\"\",\"role\":\"member\"}}";
    return MessageRow.received(ChatKey.group(10_000, group), i + 1, sender, "user" + sender, text,
        json, when, when, raw);
  }
}
