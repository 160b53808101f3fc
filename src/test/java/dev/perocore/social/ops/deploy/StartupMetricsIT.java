package dev.perocore.social.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.testing.JarProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing silent from the first scrape: the real jar, with a configured bot that never connects
 * and an LLM brain nobody answers for, exports every social_* family the code registers right after
 * /health/ready, and the absent bot as {@code social_onebot_bot_up{self_id} 0} — so OneBotBotDown
 * can fire for a bot that never comes back after a restart.
 */
class StartupMetricsIT {

  private static final String ABSENT_BOT = "3141592653";

  /**
   * Registered only on a cluster or with the TCP bridge on (issue 17), never in this one-process
   * default: ClusterJarIT sees the cluster gauges from the first scrape of a clustered jar,
   * TcpBridgeTest the bridge's counter and its brain clients (brain.local: false only).
   */
  private static final Set<String> CLUSTER_ONLY = Set.of("social_cluster_members",
      "social_cluster_expected_members", "social_cluster_brain_nodes",
      "social_bridge_frames_refused_total", "social_bridge_brain_clients");

  @Test
  void everyFamilyExistsAtStartupAndAConfiguredBotThatNeverConnectsIsDown(@TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("overlay.yaml");
    Files.writeString(config, String.join("\n",
        "session:",
        "  bots:",
        "    \"" + ABSENT_BOT + "\": {name: Absent}",
        "brain:",
        "  kind: llm",
        "  llm:",
        "    base_url: http://127.0.0.1:" + closedPort() + "/v1",
        "    fallbacks:",
        "      - {base_url: http://127.0.0.1:" + closedPort() + "/v1, model: backup-model}",
        ""));
    try (JarProcess service = JarProcess.start(dir, Map.of(), "run", "--config", config.toString())) {
      service.awaitReady(Duration.ofSeconds(60));
      String body = service.get(service.managementPort, "/metrics").body();

      Set<String> exported = new java.util.TreeSet<>();
      body.lines().filter(l -> !l.startsWith("#") && l.startsWith("social_"))
          .forEach(l -> exported.add(l.split("[{ ]", 2)[0]));
      List<String> missing = new ArrayList<>();
      for (CodeMetrics.Family family : CodeMetrics.families()) {
        if (exported.stream().noneMatch(family::exports)
            && !CLUSTER_ONLY.contains(family.prometheus())) {
          missing.add(family.prometheus() + " (" + family.type() + " \"" + family.dotted() + "\")");
        }
      }
      assertTrue(missing.isEmpty(), "families the code registers but the first scrape lacks: " + missing);

      String up = "social_onebot_bot_up{self_id=\"" + ABSENT_BOT + "\"} 0.0";
      assertTrue(body.contains(up), "no " + up + " in:\n" + grep(body, "social_onebot_bot_up"));
      assertTrue(body.contains("social_onebot_heartbeat_age_seconds{self_id=\"" + ABSENT_BOT + "\"} NaN"),
          grep(body, "social_onebot_heartbeat_age_seconds"));
      // The closed sets the alerts rate over exist at zero.
      for (String series : List.of(
          "social_replies_total{outcome=\"error\"} 0.0",
          "social_brain_llm_circuit_open{model=\"gpt-4o-mini\"} 0.0",
          "social_brain_llm_circuit_open{model=\"backup-model\"} 0.0",
          "social_brain_decisions_total{decision=\"reply\",mode=\"summoned\",model=\"backup-model\"} 0.0",
          "social_timeouts_total{op=\"brain.llm\"} 0.0",
          "social_timeouts_total{op=\"session.flush\"} 0.0",
          "social_tasks_in_flight{kind=\"session.flush\"} 0.0",
          "social_onebot_events_total{post_type=\"message\"} 0.0",
          "social_brain_decisions_total{decision=\"error\",mode=\"summoned\",model=\"none\"} 0.0")) {
        assertTrue(body.contains(series), series + " missing at start-up");
      }
      System.out.printf("start-up scrape: %d social_* series names, %d families registered in code%n",
          exported.size(), CodeMetrics.families().size());
      assertEquals(0, service.terminate(Duration.ofSeconds(30)), service.output());
    }
  }

  private static String grep(String body, String prefix) {
    return String.join("\n", body.lines().filter(l -> l.startsWith(prefix)).toList());
  }

  /** A loopback port nothing listens on (bound, then released). */
  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
