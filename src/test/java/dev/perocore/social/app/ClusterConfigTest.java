package dev.perocore.social.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.app.config.ConfigException;
import dev.perocore.social.brain.BrainRoute;
import dev.perocore.social.cluster.ClusterConfig;
import dev.perocore.social.testing.TestConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cluster.* keys and brain.local: defaults, and a bad value named on one line. */
class ClusterConfigTest {

  @Test
  void theDefaultsAreOneProcessWithTheDocumentedClusterSettings() {
    ClusterConfig c = TestConfig.defaults().app().cluster();
    assertEquals(new ClusterConfig(false, ClusterConfig.Join.TCP, List.of(), "", "127.0.0.1", 5701,
        0, Optional.empty(), Duration.ofSeconds(20), 1, true, "local",
        Duration.ofSeconds(2)), c, "no cluster: no host-name lookup for a name nobody reads");
    assertEquals(ClusterConfig.disabled(), c);
  }

  @Test
  void aKubernetesJoinReadsItsServiceDns() {
    ClusterConfig c = TestConfig.defaults().with("cluster.enabled", true)
        .with("cluster.join", "kubernetes")
        .with("cluster.kubernetes.service_dns", "social-cluster.social.svc.cluster.local")
        .with("cluster.public_host", "10.0.0.7").with("cluster.bus_port", 5801).app().cluster();
    assertEquals("kubernetes social-cluster.social.svc.cluster.local", c.seeds());
    assertEquals(Optional.of("10.0.0.7"), c.publicHost());
    assertEquals(5801, c.busPort());
  }

  @Test
  void oneProcessMayHandItsBrainToABridgeClient() {
    AppConfig config = TestConfig.defaults().with("brain.local", false)
        .with("bridge.enabled", true).with("bridge.token", "t").app();
    assertFalse(config.cluster().enabled());
    assertFalse(config.cluster().brainLocal());
    assertEquals(BrainRoute.CLUSTER, SocialApplication.fullNodeRoute(config));
    assertEquals(BrainRoute.LOCAL, SocialApplication.fullNodeRoute(TestConfig.defaults().app()));
  }

  @Test
  void badValuesNameTheirKey() {
    assertKey("cluster.members", TestConfig.defaults().with("cluster.members", List.of("nohost")));
    assertKey("cluster.join", TestConfig.defaults().with("cluster.join", "multicast"));
    assertKey("cluster.kubernetes.service_dns", TestConfig.defaults()
        .with("cluster.enabled", true).with("cluster.join", "kubernetes"));
    assertKey("cluster.port", TestConfig.defaults().with("cluster.port", 0));
    assertKey("brain.local", TestConfig.defaults().with("brain.local", false));
    assertKey("cluster.join_timeout", TestConfig.defaults().with("cluster.join_timeout", "10ms"));
  }

  private static void assertKey(String key, TestConfig config) {
    ConfigException e = assertThrows(ConfigException.class, config::app);
    assertTrue(e.getMessage().contains(key), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }
}
