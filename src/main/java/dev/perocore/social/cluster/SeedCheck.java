package dev.perocore.social.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before Hazelcast starts, at least one seed's host must resolve. Hazelcast's join takes a seed it
 * cannot resolve for nobody being there and starts a cluster of one: a typo in {@code
 * cluster.members} (or {@code cluster.kubernetes.service_dns}) would run a second cluster beside
 * the real one, silently (with {@code cluster.expected_members} 1 no alert fires). A name may
 * appear in DNS moments after this node starts (compose, a headless Service), so the check asks
 * again every {@link #RETRY} within its budget, which must outlast the JVM's memory of a failed
 * look-up ({@code networkaddress.cache.negative.ttl}, 10 s: until then a retry gets the same
 * answer). A range or wildcard member (Hazelcast's forms) turns the check off. A seed that does
 * not resolve while another does is
 * said once (WARN) and left to Hazelcast: a member that is down may have no name meanwhile, and
 * the node must still start.
 *
 * <p>Blocking (DNS): runs on a thread of its own before the clustered Vert.x exists.
 */
final class SeedCheck {

  private static final Logger LOG = LoggerFactory.getLogger(SeedCheck.class);
  static final Duration RETRY = Duration.ofMillis(500);
  /** Hazelcast's own member forms: an address range (10.0.0.1-5) or a wildcard (10.0.0.*). */
  private static final java.util.regex.Pattern HAZELCAST_PATTERN =
      java.util.regex.Pattern.compile(".*\\*.*|\\d{1,3}(\\.\\d{1,3}){3}-\\d{1,3}");

  /** Past the JVM's memory of a failed look-up ({@code networkaddress.cache.negative.ttl}). */
  static final Duration DNS_LEAST_BUDGET = Duration.ofSeconds(11);

  private final Predicate<String> resolves;
  private final Duration leastBudget;

  /**
   * @param resolves whether a host name resolves now (blocking)
   * @param leastBudget the shortest time the check may take before it gives up
   */
  SeedCheck(Predicate<String> resolves, Duration leastBudget) {
    this.resolves = resolves;
    this.leastBudget = leastBudget;
  }

  /** The system's resolver. */
  static SeedCheck dns() {
    return new SeedCheck(host -> {
      try {
        return InetAddress.getAllByName(host).length > 0;
      } catch (UnknownHostException e) {
        return false;
      }
    }, DNS_LEAST_BUDGET);
  }

  Duration leastBudget() {
    return leastBudget;
  }

  /** The hosts to resolve: the members' hosts ({@code join: tcp}) or the Service's name. */
  static List<String> hosts(ClusterConfig config) {
    if (config.join() == ClusterConfig.Join.KUBERNETES) {
      return config.serviceDns().isBlank() ? List.of() : List.of(config.serviceDns());
    }
    Set<String> hosts = new LinkedHashSet<>();
    for (String member : config.members()) {
      int colon = member.lastIndexOf(':');
      String host = colon > 0 ? member.substring(0, colon) : member;
      if (HAZELCAST_PATTERN.matcher(host).matches()) {
        return List.of(); // a range or wildcard: Hazelcast probes it, no name to resolve
      }
      // An IPv6 literal is written in brackets, e.g. [::1]:5701.
      hosts.add(host.startsWith("[") && host.endsWith("]")
          ? host.substring(1, host.length() - 1) : host);
    }
    return List.copyOf(hosts);
  }

  /**
   * Empty when some host resolves (or there is none to check); otherwise, once {@code budget} has
   * passed, why not, in one line naming the key to fix.
   */
  Optional<String> problem(List<String> hosts, String key, Duration budget)
      throws InterruptedException {
    if (hosts.isEmpty()) {
      return Optional.empty();
    }
    long giveUpAt = System.nanoTime() + budget.toNanos();
    while (true) {
      List<String> unresolved = new ArrayList<>();
      for (String host : hosts) {
        if (!resolves.test(host)) {
          unresolved.add(host);
        }
      }
      if (unresolved.size() < hosts.size()) {
        if (!unresolved.isEmpty()) {
          LOG.warn("cluster: seed host(s) {} do not resolve; joining through the others ({})",
              unresolved, key);
        }
        return Optional.empty();
      }
      if (System.nanoTime() - giveUpAt >= 0) {
        return Optional.of("no seed host resolves (" + String.join(", ", unresolved)
            + ") within " + budget.toMillis() + " ms; check " + key);
      }
      Thread.sleep(RETRY.toMillis());
    }
  }
}
