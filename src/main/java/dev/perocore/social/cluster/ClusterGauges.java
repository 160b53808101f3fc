package dev.perocore.social.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.RegistrationInfo;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What this node sees of the cluster, as metrics: {@code social_cluster_members} (Hazelcast
 * members, this one included), {@code social_cluster_expected_members} ({@code
 * cluster.expected_members}; ClusterPartitioned compares the two) and, on a node that sends its
 * brain requests to the cluster, {@code social_cluster_brain_nodes} (nodes that registered {@code
 * social.brain} cluster-wide; NoBrainNode fires at 0).
 */
public final class ClusterGauges {

  /** How often the brain nodes are counted (a read of the cluster manager's local copy). */
  static final long REFRESH_MS = 1000;

  private final AtomicInteger brainNodes = new AtomicInteger(-1);

  private ClusterGauges() {}

  /**
   * Registers the gauges; with {@code brainAddress} present, counts the nodes serving it every
   * second on a timer of {@code vertx} (cancelled when Vert.x closes).
   */
  public static ClusterGauges install(Vertx vertx, ClusterManager manager, MeterRegistry registry,
      ClusterConfig config, String brainAddress) {
    ClusterGauges gauges = new ClusterGauges();
    Gauge.builder("social.cluster.members", manager, m -> m.getNodes().size())
        .description("Cluster members this node sees, itself included").register(registry);
    Gauge.builder("social.cluster.expected.members", config, ClusterConfig::expectedMembers)
        .description("cluster.expected_members: fewer members seen is a partition")
        .register(registry);
    if (brainAddress != null) {
      Gauge.builder("social.cluster.brain.nodes", gauges.brainNodes, AtomicInteger::get)
          .description("Cluster nodes serving the brain's address (0 = no brain node)")
          .register(registry);
      gauges.refresh(manager, brainAddress);
      vertx.setPeriodic(REFRESH_MS, id -> gauges.refresh(manager, brainAddress));
    }
    return gauges;
  }

  /** The last count of brain nodes (-1 before the first count). */
  public int brainNodes() {
    return brainNodes.get();
  }

  private void refresh(ClusterManager manager, String address) {
    manager.getRegistrations(address, (list, failure) -> {
      if (failure == null) {
        List<String> live = manager.getNodes();
        brainNodes.set((int) list.stream().filter(r -> !r.localOnly())
            .map(RegistrationInfo::nodeId).filter(live::contains).distinct().count());
      }
    });
  }
}
