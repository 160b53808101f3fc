package dev.perocore.social.ops;

import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.JarProcess;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A full disk, for real: the database lives on a tmpfs of {@code sizeMiB} (needs root: {@code
 * mount -t tmpfs}); the bot streams {@code total} messages at {@code rate}/s; the run watches
 * readiness and counts the WARN/ERROR lines of the episode over {@code observeSeconds}; then space
 * returns ({@code mount -o remount,size=64m}, as when a volume is grown or files are deleted)
 * and the run waits until the kept rows are committed. The log is outside the tmpfs.
 */
final class FullDisk {

  private FullDisk() {}

  static FaultRow run(Vertx vertx, int n, double rate, int total, int sizeMiB, int observeSeconds,
      Integer queueMax) throws Exception {
    Path dir = Files.createTempDirectory("fault-disk");
    Path disk = Files.createDirectories(dir.resolve("disk"));
    sh("mount", "-t", "tmpfs", "-o", "size=" + sizeMiB + "m", "tmpfs", disk.toString());
    try {
      Path db = disk.resolve("social.db");
      Map<String, String> env = new HashMap<>(Map.of("SOCIAL_STORE_PATH", db.toString()));
      if (queueMax != null) {
        env.put("SOCIAL_STORE_QUEUE_MAX", queueMax.toString());
      }
      try (JarProcess service = JarProcess.start(dir, env)) {
        service.awaitReady(Duration.ofSeconds(60));
        OneBotSimulator bot = FaultRun.connectBot(vertx, service, FaultRun.SELF_ID);
        try (ReadinessWatch watch = new ReadinessWatch(service)) {
          long t0 = System.nanoTime();
          bot.startTraffic(rate);
          FaultRun.awaitSent(bot, total, Duration.ofSeconds(120));
          bot.stopTraffic();
          long sent = bot.eventsSent();
          long remaining = observeSeconds * 1000L - (System.nanoTime() - t0) / 1_000_000;
          Thread.sleep(Math.max(0, remaining)); // the episode, observed for observeSeconds
          String duringLog = service.output();
          long warnDuring = FaultRun.lines(duringLog, " WARN ");
          long errorDuring = FaultRun.lines(duringLog, " ERROR ");
          long storedFull = FaultRun.storedRows(db);
          double fullFailures =
              FaultRun.metric(service, "social_store_commit_failures_total", "full");
          String df = sh("df", "-k", disk.toString());

          sh("mount", "-o", "remount,size=64m", disk.toString()); // space returns
          OutsideLock.settle(service, Duration.ofSeconds(60));
          Thread.sleep(2500); // one checkpoint interval (1 s) and more: the WAL is truncated
          long walAfter = Files.exists(disk.resolve("social.db-wal"))
              ? Files.size(disk.resolve("social.db-wal")) : 0;
          String readinessAfter = FaultRun.readiness(service);
          double rejected = FaultRun.metric(service, "social_store_rejected_total", "");
          watch.close();
          int status = service.terminate(Duration.ofSeconds(60));
          String log = service.output();
          long received = FaultRun.receivedInAll(log);
          long stored = FaultRun.storedRows(db);
          String notes = String.format("tmpfs %d MiB (%s); during the %d s episode: stored %d,"
              + " commit failures (full) %.0f, WARN lines %d, ERROR lines %d; after remount to"
              + " 64 MiB: readiness %s, WAL %d bytes, \"WAL checkpointed and truncated\" %d,"
              + " \"commit again\" %d; queue_max %s, social_store_rejected_total %.0f; exit %d;"
              + " states: %s", sizeMiB, lastLine(df), observeSeconds, storedFull, fullFailures, warnDuring,
              errorDuring, readinessAfter.startsWith("UP") ? "UP" : "DOWN", walAfter,
              FaultRun.lines(log, "WAL checkpointed and truncated"),
              FaultRun.lines(log, "commit again"),
              queueMax == null ? "10000 (default)" : queueMax, rejected, status, watch.states());
          return new FaultRow(String.format("full disk (%d MiB tmpfs) at %d/s, run %d", sizeMiB,
              (int) rate, n) + (queueMax == null ? "" : " (queue_max " + queueMax + ")"), sent, received, stored, sent - stored, watch.summary(), notes);
        }
      }
    } finally {
      sh("umount", disk.toString());
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1].replaceAll("\\s+", " ");
  }

  static String sh(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }
}
