package dev.perocore.social.app;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.JarProcess;
import dev.perocore.social.testing.Poll;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two full nodes as real processes (issue 17 item 3): the second refuses a bot the first serves
 * (1008 naming it); once the first is killed (SIGKILL: no claim released, no goodbye to the
 * cluster) the second takes the bot as soon as Hazelcast has seen the member go.
 */
class FullNodeKillJarIT {

  private static final Logger LOG = LoggerFactory.getLogger(FullNodeKillJarIT.class);
  private static final String TOKEN = "kill-it-admin-token";
  private static final String PATH = "/onebot/v11/ws";

  private static Map<String, String> env(String name, int port, int seed) {
    Map<String, String> env = new HashMap<>(Map.of("SOCIAL_CLUSTER_ENABLED", "true",
        "SOCIAL_CLUSTER_PORT", Integer.toString(port),
        "SOCIAL_CLUSTER_MEMBERS", "127.0.0.1:" + seed, "SOCIAL_CLUSTER_JOIN_TIMEOUT", "60s",
        "SOCIAL_CLUSTER_NODE_NAME", name, "SOCIAL_ADMIN_TOKEN", TOKEN,
        "SOCIAL_CLUSTER_EXPECTED_MEMBERS", "2"));
    return env;
  }

  private static Future<Boolean> serves(WebClient http, JarProcess node, long selfId) {
    return http.get(node.httpPort, "127.0.0.1", "/api/v1/bots")
        .putHeader("Authorization", "Bearer " + TOKEN).send()
        .map(r -> r.statusCode() == 200 && r.bodyAsJsonObject().getJsonArray("bots").stream()
            .map(JsonObject.class::cast)
            .anyMatch(b -> b.getLong("self_id") == selfId && b.getBoolean("connected")))
        .otherwise(false);
  }

  @Test
  void aKilledNodesBotIsTakenOverByTheOther(@TempDir Path dir) throws Exception {
    int seed = ClusterFullNode.freePort();
    Vertx clients = Vertx.vertx();
    WebClient http = WebClient.create(clients);
    try (JarProcess a = JarProcess.start(Files.createDirectories(dir.resolve("a")),
            env("node-a", seed, seed));
        JarProcess b = JarProcess.start(Files.createDirectories(dir.resolve("b")),
            env("node-b", ClusterFullNode.freePort(), seed))) {
      a.awaitReady(Duration.ofSeconds(90));
      b.awaitReady(Duration.ofSeconds(90));
      await(Poll.until(clients, Duration.ofMillis(100), Duration.ofSeconds(30), "two members",
          () -> metric(http, b, "social_cluster_members 2.0")));

      OneBotSimulator onA = new OneBotSimulator(clients, 10001);
      await(onA.connectUniversal(a.httpPort, PATH));
      await(Poll.until(clients, Duration.ofMillis(50), Duration.ofSeconds(10), "A serves 10001",
          () -> serves(http, a, 10001)));
      WebSocketBase refused = await(new OneBotSimulator(clients, 10001)
          .connectUniversal(b.httpPort, PATH));
      await(Poll.untilTrue(clients, "B refuses", refused::isClosed));
      assertEquals((short) 1008, refused.closeStatusCode(), b.output());
      assertEquals("bot 10001 is served by node node-a", refused.closeReason());

      a.close(); // SIGKILL
      long killed = System.nanoTime();
      OneBotSimulator again = new OneBotSimulator(clients, 10001);
      await(Poll.until(clients, Duration.ofMillis(100), Duration.ofSeconds(30),
          "B takes 10001 over", () -> again.connected() ? serves(http, b, 10001)
              : again.connectUniversal(b.httpPort, PATH).map(ws -> false).otherwise(false)));
      long millis = (System.nanoTime() - killed) / 1_000_000;
      LOG.info("takeover after SIGKILL: B served the bot {} ms after A was killed", millis);
      assertTrue(b.output().contains("taken over from node node-a, which left the cluster"),
          b.output());
      assertTrue(await(metric(http, b, "social_bot_owner_conflicts_total "))
          && !await(metric(http, b, "social_bot_owner_conflicts_total 0.0")), "counted on B");
      assertEquals(0, b.terminate(Duration.ofSeconds(30)), b.output());
    } finally {
      await(clients.close());
    }
  }

  private static Future<Boolean> metric(WebClient http, JarProcess node, String text) {
    return http.get(node.managementPort, "127.0.0.1", "/metrics").send()
        .map(r -> r.bodyAsString().contains(text)).otherwise(false);
  }
}
