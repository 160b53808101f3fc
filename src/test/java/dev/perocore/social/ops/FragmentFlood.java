package dev.perocore.social.ops;

import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.JarProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A token holder's fragment flood against the shipped defaults and the Dockerfile's JVM flags
 * (heap = 70% of the pod's 512 MiB limit, exit on OOM): {@code connections} bots each open a
 * Universal connection and send an unfinished fragmented message just under the per-connection
 * cap (31 frames of 32 KiB = 992 KiB of 1 MiB). Then an honest bot streams {@code honest}
 * messages; the run reads the refusals, limits, pending bytes and heap from /metrics.
 */
final class FragmentFlood {

  static final List<String> DOCKERFILE_HEAP =
      List.of("-Xmx358m", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseG1GC");
  private static final int FRAME = 32 * 1024;

  private FragmentFlood() {}

  static FaultRow run(Vertx vertx, int n, int connections, int honest) throws Exception {
    Path dir = Files.createTempDirectory("fault-flood");
    try (JarProcess service = JarProcess.start(dir, Map.of(), DOCKERFILE_HEAP)) {
      service.awaitReady(Duration.ofSeconds(60));
      double heapBefore = FaultRun.metric(service, "jvm_memory_used_bytes", "area=\"heap\"");
      List<Future<WebSocketBase>> opens = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        opens.add(new OneBotSimulator(vertx, 20001 + i)
            .connectUniversal(service.httpPort, OneBotGatewayVerticle.PATH_UNIVERSAL));
      }
      Future.join(opens).otherwiseEmpty().toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      List<WebSocketBase> open = new ArrayList<>();
      opens.stream().filter(Future::succeeded).forEach(f -> open.add(f.result()));
      List<Future<Void>> writes = new ArrayList<>();
      for (WebSocketBase ws : open) {
        writes.add(ws.writeFrame(WebSocketFrame.textFrame("x".repeat(FRAME), false)));
        for (int k = 1; k < 31; k++) {
          writes.add(ws.writeFrame(
              WebSocketFrame.continuationFrame(Buffer.buffer("y".repeat(FRAME)), false)));
        }
      }
      Future.join(writes).otherwiseEmpty().toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      Thread.sleep(2000); // let the gateway take in what was written
      long closed = open.stream().filter(WebSocketBase::isClosed).count();
      double pending = FaultRun.metric(service, "social_onebot_pending_bytes", "");
      double heapFlood = FaultRun.metric(service, "jvm_memory_used_bytes", "area=\"heap\"");
      String refused = labelled(service, "social_onebot_connections_refused_total");
      String limited = labelled(service, "social_onebot_connections_limited_total");
      boolean aliveAfterFlood = service.alive();

      OneBotSimulator bot = FaultRun.connectBot(vertx, service, FaultRun.SELF_ID);
      bot.blast(honest, i -> bot.randomMessage().encode()).toCompletionStage()
          .toCompletableFuture().get(60, TimeUnit.SECONDS);
      OutsideLock.settle(service, Duration.ofSeconds(30));
      String readiness = FaultRun.readiness(service);
      int status = service.terminate(Duration.ofSeconds(60));
      String log = service.output();
      long stored = FaultRun.storedRows(dir.resolve("data/social.db"));
      String notes = String.format("%d connections tried, %d opened, %d closed by the gateway;"
          + " refused %s; limited %s; pending bytes held %.0f; heap used %.0f MiB before, %.0f MiB"
          + " during the flood (-Xmx358m); alive after the flood %b; honest bot %d sent, %d"
          + " stored; OutOfMemory lines %d; exit %d", connections, open.size(), closed, refused,
          limited, pending, heapBefore / (1 << 20), heapFlood / (1 << 20), aliveAfterFlood,
          honest, stored, FaultRun.lines(log, "OutOfMemory"), status);
      return new FaultRow(String.format("fragment flood, %d connections x 992 KiB, run %d",
          connections, n), honest, FaultRun.receivedInAll(log), stored, honest - stored,
          readiness.startsWith("UP") ? "UP" : readiness, notes);
    }
  }

  /** "reason=value, ..." for the non-zero series of a labelled counter. */
  private static String labelled(JarProcess service, String name) throws Exception {
    List<String> parts = new ArrayList<>();
    for (String line : service.get(service.managementPort, "/metrics").body().split("\n")) {
      if (line.startsWith(name + "{")) {
        double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        if (v > 0) {
          String labels = line.substring(line.indexOf('{') + 1, line.indexOf('}'));
          parts.add(labels.replaceAll(".*reason=\"([^\"]*)\".*", "$1") + "=" + (long) v);
        }
      }
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }
}
