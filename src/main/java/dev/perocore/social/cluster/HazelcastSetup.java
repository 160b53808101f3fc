package dev.perocore.social.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Hazelcast as {@code cluster.*} says, on top of vertx-hazelcast's own default-cluster.xml (its
 * map and multimap settings are what the Vert.x cluster manager expects): multicast and
 * auto-detection off, so a node joins only the members it was told about; TCP-IP members or
 * Kubernetes DNS discovery (a headless Service; no API access, no RBAC).
 */
public final class HazelcastSetup {

  /** Hazelcast's cluster name: nodes of another application on the same hosts never merge in. */
  public static final String CLUSTER_NAME = "social-adapter";

  private static final String LOGGING = "hazelcast.logging.type";

  private HazelcastSetup() {}

  /** A cluster manager for {@code config}; Hazelcast starts only when Vert.x joins with it. */
  public static HazelcastClusterManager manager(ClusterConfig config) {
    // Read before any Config exists: Hazelcast's very first lines otherwise go to JUL's console.
    if (System.getProperty(LOGGING) == null) {
      System.setProperty(LOGGING, "slf4j");
    }
    return new HazelcastClusterManager(hazelcast(config));
  }

  /** The event bus's own address between nodes: {@code cluster.host}, bus_port, public_host. */
  public static VertxOptions eventBus(VertxOptions options, ClusterConfig config) {
    options.getEventBusOptions().setHost(config.host()).setPort(config.busPort());
    config.publicHost().ifPresent(h -> options.getEventBusOptions().setClusterPublicHost(h));
    return options;
  }

  static Config hazelcast(ClusterConfig config) {
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(CLUSTER_NAME);
    // Hazelcast's own join phase gets half of cluster.join_timeout: a first node whose peers are
    // not up yet then starts the cluster alone well before our deadline fails start-up.
    long joinSeconds = Math.max(1, config.joinTimeout().toSeconds() / 2);
    // Our logging, no phone-home, no JVM hook racing our own drain on SIGTERM.
    hz.setProperty(LOGGING, "slf4j");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    // Our metrics are Micrometer's (ClusterGauges). Hazelcast's own collector only cost a thread,
    // and on SIGTERM it logged a 27-line stack trace (a stats sleep interrupted by the shutdown).
    hz.getMetricsConfig().setEnabled(false);
    // Joining ends within cluster.join_timeout; the first node then starts the cluster alone.
    hz.setProperty("hazelcast.max.join.seconds", String.valueOf(joinSeconds));
    hz.setProperty("hazelcast.wait.seconds.before.join", "0");
    // A killed node is noticed in seconds, not Hazelcast's default minute: its brain
    // registrations and bot ownership go with it.
    hz.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    hz.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    // Two nodes that started alone at the same moment merge in seconds, not Hazelcast's 5 min.
    hz.setProperty("hazelcast.merge.first.run.delay.seconds", "10");
    hz.setProperty("hazelcast.merge.next.run.delay.seconds", "10");
    hz.setProperty("hazelcast.local.localAddress", config.host());
    NetworkConfig network = hz.getNetworkConfig();
    network.setPort(config.port()).setPortAutoIncrement(false);
    config.publicHost().ifPresent(h -> network.setPublicAddress(h + ":" + config.port()));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(false);
    join.getKubernetesConfig().setEnabled(false);
    switch (config.join()) {
      case TCP -> join.getTcpIpConfig().setEnabled(true).setMembers(config.members())
          .setConnectionTimeoutSeconds((int) Math.max(1, Math.min(joinSeconds / 2, 5)));
      case KUBERNETES -> join.getKubernetesConfig().setEnabled(true)
          .setProperty("service-dns", config.serviceDns())
          .setProperty("service-dns-timeout", String.valueOf(Math.max(1, Math.min(joinSeconds, 5))))
          .setProperty("service-port", String.valueOf(config.port()));
    }
    return hz;
  }
}
