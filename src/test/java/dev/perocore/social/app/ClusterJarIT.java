package dev.perocore.social.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.testing.JarProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar as a cluster (issue 17): {@code brain} starts a brain node, a full node with {@code
 * brain.local: false} sees it join and leave; a node that cannot join stops with one line.
 */
class ClusterJarIT {

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static Map<String, String> cluster(int port, int seed) {
    return Map.of("SOCIAL_CLUSTER_ENABLED", "true", "SOCIAL_CLUSTER_PORT", Integer.toString(port),
        "SOCIAL_CLUSTER_MEMBERS", "127.0.0.1:" + seed, "SOCIAL_CLUSTER_JOIN_TIMEOUT", "60s");
  }

  private static String awaitMetric(JarProcess node, String line, Duration deadline)
      throws Exception {
    long giveUp = System.nanoTime() + deadline.toNanos();
    String body = "";
    while (System.nanoTime() < giveUp) {
      body = node.get(node.managementPort, "/metrics").body();
      if (body.contains(line)) {
        return body;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(line + " never seen; metrics:\n" + body + "\nlog:\n" + node.output());
  }

  @Test
  void aBrainNodeJoinsAFullNodeWithoutLocalBrainAndItsDepartureIsSeen(@TempDir Path dir)
      throws Exception {
    int seed = freePort();
    Path full = Files.createDirectories(dir.resolve("full"));
    Path brainDir = Files.createDirectories(dir.resolve("brain"));
    Map<String, String> fullEnv = new java.util.HashMap<>(cluster(seed, seed));
    fullEnv.put("SOCIAL_BRAIN_LOCAL", "false");
    fullEnv.put("SOCIAL_CLUSTER_EXPECTED_MEMBERS", "2");
    try (JarProcess node = JarProcess.start(full, fullEnv)) {
      node.awaitReady(Duration.ofSeconds(90));
      awaitMetric(node, "social_cluster_brain_nodes 0.0", Duration.ofSeconds(10));
      awaitMetric(node, "social_cluster_expected_members 2.0", Duration.ofSeconds(10));
      awaitMetric(node, "social_cluster_members 1.0", Duration.ofSeconds(10));
      Map<String, String> brainEnv = new java.util.HashMap<>(cluster(freePort(), seed));
      brainEnv.put("SOCIAL_BRAIN_KIND", "echo");
      try (JarProcess brain = JarProcess.start(brainDir, brainEnv, "brain")) {
        brain.awaitReady(Duration.ofSeconds(90));
        awaitMetric(node, "social_cluster_brain_nodes 1.0", Duration.ofSeconds(30));
        awaitMetric(node, "social_cluster_members 2.0", Duration.ofSeconds(30));
        assertTrue(brain.output().contains("(brain node) in"), brain.output());
        assertTrue(!brain.output().contains("onebot") || !brain.output().contains("gateway"),
            "a brain node runs no gateway:\n" + brain.output());
        assertEquals(0, brain.terminate(Duration.ofSeconds(30)), brain.output());
      }
      awaitMetric(node, "social_cluster_brain_nodes 0.0", Duration.ofSeconds(30));
      assertTrue(node.output().contains("(full node) in"), node.output());
      assertEquals(0, node.terminate(Duration.ofSeconds(30)), node.output());
    }
  }

  @Test
  void aNodeThatCannotJoinStopsWithOneLineNamingTheCluster(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      try (JarProcess node = JarProcess.start(dir, cluster(port, port))) {
        assertEquals(8, node.awaitExit(Duration.ofSeconds(90)), node.output());
        List<String> ours = node.output().lines()
            .filter(l -> l.contains("start-up failed (exit 8): cluster: could not join")).toList();
        assertEquals(1, ours.size(), node.output());
        assertTrue(ours.get(0).contains("127.0.0.1:" + port), ours.get(0));
        // One line is the contract: Hazelcast's and Vert.x's own reports of the bind stay quiet.
        assertEquals(ours, node.output().lines().filter(l -> l.contains(" ERROR ")).toList(),
            node.output());
        assertFalse(node.output().lines().anyMatch(l -> l.startsWith("\tat ")), node.output());
      }
    }
  }

  @Test
  void theBrainCommandWithoutAClusterExitsTwoWithOneLine(@TempDir Path dir) throws Exception {
    try (JarProcess node = JarProcess.start(dir, Map.of(), "brain")) {
      assertEquals(2, node.awaitExit(Duration.ofSeconds(30)));
      List<String> lines = node.output().lines().filter(l -> !l.isBlank()).toList();
      assertEquals(1, lines.size(), lines.toString());
      assertTrue(lines.get(0).contains("cluster.enabled"), lines.get(0));
    }
  }
}
