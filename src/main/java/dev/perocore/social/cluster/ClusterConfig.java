package dev.perocore.social.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code cluster:} section, and {@code brain.local}.
 *
 * @param enabled whether this node joins a cluster ({@code cluster.enabled}; false = one process)
 * @param join how members find each other ({@code cluster.join}: tcp or kubernetes)
 * @param members {@code host:port} of Hazelcast members for {@code join: tcp} ({@code
 *     cluster.members})
 * @param serviceDns the headless Service for {@code join: kubernetes} ({@code
 *     cluster.kubernetes.service_dns})
 * @param host this node's Hazelcast address and the event bus's bind host ({@code cluster.host})
 * @param port this node's Hazelcast port ({@code cluster.port}, 5701)
 * @param busPort the event bus's port between nodes ({@code cluster.bus_port}, 0 = any)
 * @param publicHost the event bus address other nodes use, when not {@code host} ({@code
 *     cluster.public_host})
 * @param joinTimeout how long start-up may take to join ({@code cluster.join_timeout})
 * @param expectedMembers how many members a healthy cluster has ({@code
 *     cluster.expected_members}; below it, ClusterPartitioned fires)
 * @param brainLocal whether this full node runs its own brain ({@code brain.local}); false = every
 *     brain request goes to the brain nodes of the cluster
 * @param nodeName this node's human name: bot ownership refusals and the admin API's {@code node}
 *     field name it ({@code cluster.node_name}; default the HOSTNAME variable, i.e. the pod name)
 * @param adminTimeout how long the admin API waits for every full node's answer ({@code
 *     cluster.admin_timeout}); a node that does not answer in time is listed as missing
 */
public record ClusterConfig(
    boolean enabled, Join join, List<String> members, String serviceDns, String host, int port,
    int busPort, Optional<String> publicHost, Duration joinTimeout, int expectedMembers,
    boolean brainLocal, String nodeName, Duration adminTimeout) {

  /** {@code cluster.join}. */
  public enum Join {
    TCP, KUBERNETES;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ClusterConfig {
    Objects.requireNonNull(join, "join");
    members = List.copyOf(members);
    serviceDns = Objects.requireNonNullElse(serviceDns, "");
    Objects.requireNonNull(host, "host");
    publicHost = publicHost == null ? Optional.empty() : publicHost;
    Objects.requireNonNull(joinTimeout, "joinTimeout");
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(adminTimeout, "adminTimeout");
  }

  /** The embedded default: no cluster, the brain in this process. */
  public static ClusterConfig disabled() {
    return new ClusterConfig(false, Join.TCP, List.of(), "", "127.0.0.1", 5701, 0,
        Optional.empty(), Duration.ofSeconds(20), 1, true, "local",
        Duration.ofSeconds(2));
  }

  /**
   * {@code cluster.node_name} when left empty: the HOSTNAME variable (a pod's name, which is what an
   * operator reads in {@code kubectl get pods}), else the host's name, else "" (start-up refuses).
   */
  public static String defaultNodeName() {
    String host = System.getenv("HOSTNAME");
    if (host != null && !host.isBlank()) {
      return host.trim();
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /** Where this node looks for the others, for log lines. */
  public String seeds() {
    return join == Join.TCP ? "tcp " + String.join(",", members) : "kubernetes " + serviceDns;
  }
}
