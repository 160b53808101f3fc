package dev.perocore.social.app.config;

import dev.perocore.social.cluster.BridgeConfig;
import dev.perocore.social.cluster.ClusterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The {@code cluster:} section and {@code brain.local} (issue 17), each key checked here. */
final class ClusterConfigParser {

  private ClusterConfigParser() {}

  /** The {@code bridge:} section: a token is required once the bridge is on. */
  static BridgeConfig bridge(ConfigView c) {
    boolean enabled = c.bool("bridge.enabled");
    int port = c.integer("bridge.port", 1, 65535);
    Optional<String> token = c.optionalString("bridge.token").filter(t -> !t.isBlank());
    if (enabled && token.isEmpty()) {
      throw new ConfigException("bridge.token",
          "must be set when bridge.enabled is true (every frame's headers.token is checked)");
    }
    return new BridgeConfig(enabled, c.host("bridge.host"), port, token);
  }

  static ClusterConfig parse(ConfigView c) {
    boolean enabled = c.bool("cluster.enabled");
    ClusterConfig.Join join = ClusterConfig.Join.valueOf(
        c.oneOf("cluster.join", "tcp", "kubernetes").toUpperCase(Locale.ROOT));
    List<String> members = new ArrayList<>();
    for (String member : c.stringList("cluster.members")) {
      String m = member.trim();
      int colon = m.lastIndexOf(':');
      boolean valid = colon > 0 && m.substring(colon + 1).matches("\\d{1,5}")
          && Integer.parseInt(m.substring(colon + 1)) <= 65535
          && m.substring(0, colon).chars().noneMatch(Character::isWhitespace);
      if (!valid) {
        throw new ConfigException("cluster.members", member, "a list of host:port, e.g."
            + " 10.0.0.5:5701");
      }
      members.add(m);
    }
    String dns = c.optionalString("cluster.kubernetes.service_dns").orElse("").trim();
    if (enabled && join == ClusterConfig.Join.KUBERNETES && dns.isEmpty()) {
      throw new ConfigException("cluster.kubernetes.service_dns",
          "must name the headless Service (e.g. social-adapter-cluster.ns.svc.cluster.local)"
              + " when cluster.join is kubernetes");
    }
    int port = c.port("cluster.port");
    if (port == 0) {
      throw new ConfigException("cluster.port", 0, "a fixed port: cluster.members lists it");
    }
    boolean brainLocal = c.bool("brain.local");
    // One process may hand its brain to a bridge client (e.g. PeroCore's Python agent).
    if (!brainLocal && !enabled && !c.bool("bridge.enabled")) {
      throw new ConfigException("brain.local", false, "needs cluster.enabled: true (brain nodes"
          + " answer over the cluster) or bridge.enabled: true (a bridge client serves"
          + " social.brain)");
    }
    // Only a cluster needs a name: without one, no host-name lookup (slow where DNS is) and no
    // refusal on a host whose name does not resolve.
    String nodeName = c.optionalString("cluster.node_name").orElseGet(
        () -> enabled ? ClusterConfig.defaultNodeName() : "local").trim();
    if (nodeName.isEmpty()) {
      throw new ConfigException("cluster.node_name",
          "must be set: neither HOSTNAME nor the host's name is known to default it to");
    }
    return new ClusterConfig(
        enabled,
        join,
        members,
        dns,
        c.host("cluster.host"),
        port,
        c.port("cluster.bus_port"),
        c.optionalString("cluster.public_host").map(String::trim).filter(h -> !h.isEmpty()),
        c.duration("cluster.join_timeout", Duration.ofSeconds(1), Duration.ofMinutes(10)),
        c.integer("cluster.expected_members", 1, 1000),
        brainLocal,
        nodeName,
        c.duration("cluster.admin_timeout", Duration.ofMillis(100), Duration.ofMinutes(1)));
  }
}
