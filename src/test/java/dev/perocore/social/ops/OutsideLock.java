package dev.perocore.social.ops;

import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.JarProcess;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Another process's write lock: a second JDBC connection on the same file runs {@code BEGIN
 * IMMEDIATE} and holds it {@code lockSeconds} while the bot streams {@code total} messages at
 * {@code rate}/s. Readiness is polled throughout; afterwards the run waits until the stored count
 * stops moving, then reads the refusals ("store overloaded": {@code social_store_rejected_total})
 * and the commit failures before SIGTERM.
 */
final class OutsideLock {

  private OutsideLock() {}

  static FaultRow run(Vertx vertx, int n, double rate, int total, int lockSeconds,
      Integer queueMax) throws Exception {
    Path dir = Files.createTempDirectory("fault-lock");
    Map<String, String> env = new HashMap<>();
    if (queueMax != null) {
      env.put("SOCIAL_STORE_QUEUE_MAX", queueMax.toString());
    }
    Path db = dir.resolve("data/social.db");
    try (JarProcess service = JarProcess.start(dir, env)) {
      service.awaitReady(Duration.ofSeconds(60));
      OneBotSimulator bot = FaultRun.connectBot(vertx, service, FaultRun.SELF_ID);
      try (ReadinessWatch watch = new ReadinessWatch(service)) {
        bot.startTraffic(rate);
        FaultRun.awaitSent(bot, (long) (rate * 3), Duration.ofSeconds(30));
        long lockedAt;
        long releasedAt;
        try (Connection outside = DriverManager.getConnection("jdbc:sqlite:" + db);
            Statement s = outside.createStatement()) {
          s.execute("PRAGMA busy_timeout = 10000");
          s.execute("BEGIN IMMEDIATE");
          lockedAt = bot.eventsSent();
          Thread.sleep(lockSeconds * 1000L); // the fault: a lock held this long
          s.execute("COMMIT");
          releasedAt = bot.eventsSent();
        }
        FaultRun.awaitSent(bot, total, Duration.ofSeconds(120));
        bot.stopTraffic();
        long sent = bot.eventsSent();
        settle(service, Duration.ofSeconds(60));
        double rejected = FaultRun.metric(service, "social_store_rejected_total", "");
        double busy = FaultRun.metric(service, "social_store_commit_failures_total", "busy");
        String readinessAfter = FaultRun.readiness(service);
        watch.close();
        int status = service.terminate(Duration.ofSeconds(60));
        String log = service.output();
        long received = FaultRun.receivedInAll(log);
        long stored = FaultRun.storedRows(db);
        String notes = String.format("lock held %d s from message %d to %d; queue_max %s;"
            + " social_store_rejected_total %.0f; commit failures (busy) %.0f; \"overloaded\" log"
            + " lines %d; ERROR lines %d; WARN lines %d; after: %s; exit %d; states: %s",
            lockSeconds, lockedAt, releasedAt, queueMax == null ? "10000 (default)" : queueMax,
            rejected, busy, FaultRun.lines(log, "overloaded"), FaultRun.lines(log, " ERROR "),
            FaultRun.lines(log, " WARN "), readinessAfter.startsWith("UP") ? "UP" : "DOWN", status,
            watch.states());
        return new FaultRow(String.format("%d s outside lock at %d/s, run %d%s", lockSeconds,
            (int) rate, n, queueMax == null ? "" : " (queue_max " + queueMax + ")"), sent,
            received, stored, sent - stored, watch.summary(), notes);
      }
    }
  }

  /** Until social_store_rows_total{kind="message"} has not moved for 2 s (or the deadline). */
  static void settle(JarProcess service, Duration deadline) throws Exception {
    long giveUp = System.nanoTime() + deadline.toNanos();
    double last = -1;
    long stableSince = System.nanoTime();
    while (System.nanoTime() < giveUp) {
      double now = FaultRun.metric(service, "social_store_rows_total", "kind=\"message\"");
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > Duration.ofSeconds(2).toNanos()) {
        return;
      }
      Thread.sleep(200);
    }
  }
}
