package dev.perocore.social.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.JarProcess;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while a bot streams messages: every message event the gateway received is stored. The
 * gateway names, when it stops reading, how many message events it received over its life; the
 * SQLite file, read after the process exited, must hold exactly that many received rows.
 */
class ShutdownUnderLoadIT {

  private static final Pattern RECEIVED =
      Pattern.compile("(\\d+) message event\\(s\\) received in all");
  private static final long SELF_ID = 10001;

  @Test
  void sigtermUnderLoadStoresEveryMessageTheGatewayReceived(@TempDir Path dir) throws Exception {
    Vertx vertx = Vertx.vertx();
    try (JarProcess service = JarProcess.start(dir, Map.of())) {
      service.awaitReady(Duration.ofSeconds(60));
      OneBotSimulator bot = new OneBotSimulator(vertx, SELF_ID).population(50, 20);
      bot.connectUniversal(service.httpPort, OneBotGatewayVerticle.PATH_UNIVERSAL)
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      bot.startTraffic(3000);
      long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (bot.eventsSent() < 1500 && System.nanoTime() < giveUp) {
        Thread.sleep(20); // the test thread waits for the simulator; nothing is asserted on time
      }
      assertTrue(bot.eventsSent() >= 1500, "the simulator could not stream");

      int status = service.terminate(Duration.ofSeconds(60)); // traffic still flowing
      bot.stopTraffic();
      String log = service.output();
      assertEquals(0, status, log);

      Matcher m = RECEIVED.matcher(log);
      assertTrue(m.find(), "the gateway did not say how many message events it received:\n" + log);
      long received = Long.parseLong(m.group(1));
      long stored = storedReceivedRows(dir.resolve("data/social.db"));
      System.out.printf("SIGTERM under load: simulator sent %d, gateway received %d, stored %d%n",
          bot.eventsSent(), received, stored);
      assertTrue(received > 0, log);
      assertEquals(received, stored, "received message events vs rows stored:\n" + log);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static long storedReceivedRows(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM messages WHERE status = 'received'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
