package dev.perocore.social.ops;

import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.JarProcess;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * SIGTERM while a bot streams at {@code rate}/s: the simulator's frames sent, the message events
 * the gateway says it received ("received in all", logged when it stops reading), and the rows in
 * the SQLite file after the exit. Lost = received - stored (what the service had accepted); frames
 * sent but never read were still on the wire when the sockets stopped being read.
 */
final class SigtermUnderLoad {

  private SigtermUnderLoad() {}

  static FaultRow run(Vertx vertx, int n, double rate) throws Exception {
    Path dir = Files.createTempDirectory("fault-sigterm");
    try (JarProcess service = JarProcess.start(dir, Map.of())) {
      service.awaitReady(Duration.ofSeconds(60));
      OneBotSimulator bot = FaultRun.connectBot(vertx, service, FaultRun.SELF_ID);
      bot.startTraffic(rate);
      FaultRun.awaitSent(bot, (long) (rate * 2), Duration.ofSeconds(30)); // ~2 s of traffic
      long sentAtSigterm = bot.eventsSent();
      long t0 = System.nanoTime();
      int status = service.terminate(Duration.ofSeconds(60)); // traffic still flowing
      double exitSeconds = (System.nanoTime() - t0) / 1e9;
      bot.stopTraffic();
      long sent = bot.eventsSent();
      String log = service.output();
      long received = FaultRun.receivedInAll(log);
      long stored = FaultRun.storedRows(dir.resolve("data/social.db"));
      String notes = String.format("%d sent when SIGTERM was sent (the bot went on until the"
          + " close); exit %d in %.1f s; \"stopped cleanly\" %d; ERROR lines %d; %d frame(s)"
          + " written by the bot but never read by the gateway", sentAtSigterm, status, exitSeconds,
          FaultRun.lines(log, "stopped cleanly"), FaultRun.lines(log, " ERROR "),
          sent - received);
      return new FaultRow("SIGTERM at " + (int) rate + "/s, run " + n, sent, received, stored,
          received - stored, "-", notes);
    }
  }
}
