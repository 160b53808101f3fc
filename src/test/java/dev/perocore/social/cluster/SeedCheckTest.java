package dev.perocore.social.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A seed whose name does not resolve (an audit: a typo in cluster.members started a cluster of
 * one, silently): start-up stops with one line when no seed host resolves, and goes on when one
 * does. The resolver is played by a set of names, so no test waits on DNS.
 */
class SeedCheckTest {

  private static ClusterConfig config(List<String> members) {
    return TestConfig.defaults().with(Map.of("cluster.enabled", true, "cluster.join", "tcp",
        "cluster.members", members, "cluster.port", 47_011, "cluster.join_timeout", "1s"))
        .app().cluster();
  }

  @Test
  void theHostsAreTheMembersOrTheService() {
    assertEquals(List.of("node-a", "10.0.0.5", "::1"),
        SeedCheck.hosts(config(List.of("node-a:5701", "10.0.0.5:5701", "node-a:5702",
            "[::1]:5701"))));
    // Hazelcast's range and wildcard forms name no host: nothing to resolve, no check.
    assertEquals(List.of(), SeedCheck.hosts(config(List.of("node-a:5701", "10.0.0.1-5:5701"))));
    assertEquals(List.of(), SeedCheck.hosts(config(List.of("10.0.0.*:5701"))));
    ClusterConfig k8s = TestConfig.defaults().with(Map.of("cluster.enabled", true,
        "cluster.join", "kubernetes",
        "cluster.kubernetes.service_dns", "social-cluster.ns.svc.cluster.local")).app().cluster();
    assertEquals(List.of("social-cluster.ns.svc.cluster.local"), SeedCheck.hosts(k8s));
  }

  @Test
  void oneResolvingSeedIsEnoughAndALateNameIsWaitedFor() throws Exception {
    SeedCheck some = new SeedCheck(Set.of("node-b")::contains, Duration.ZERO);
    assertEquals(Optional.empty(), some.problem(List.of("typo", "node-b"), "cluster.members",
        Duration.ofSeconds(1)));
    // In DNS from the third look on (a headless Service catching up with a new pod).
    AtomicInteger looks = new AtomicInteger();
    SeedCheck late = new SeedCheck(host -> looks.incrementAndGet() >= 3, Duration.ZERO);
    assertEquals(Optional.empty(), late.problem(List.of("social-cluster"), "cluster.members",
        Duration.ofSeconds(30)));
    assertEquals(3, looks.get());
  }

  @Test
  void noResolvingSeedStopsStartUpWithOneLineBeforeHazelcastStarts() {
    ClusterConfig config = config(List.of("no-such-host.invalid:47011", "typo:47012"));
    AtomicInteger built = new AtomicInteger();
    ClusterJoinException failed = assertInstanceOf(ClusterJoinException.class,
        OnContext.failure(new JoinDeadline(new CountingBuilder(built), config,
            new SeedCheck(host -> false, Duration.ZERO)).buildClustered()));
    assertEquals("cluster: could not join (tcp no-such-host.invalid:47011,typo:47012, this node"
        + " 127.0.0.1:47011): no seed host resolves (no-such-host.invalid, typo) within 1000 ms;"
        + " check cluster.members", failed.getMessage());
    assertFalse(failed.getMessage().contains("\n"));
    assertEquals(0, built.get(), "Hazelcast was never started");
    assertTrue(failed.getStackTrace().length == 0);
  }

  /** Counts the clustered builds it was asked for; a test that reaches one has failed. */
  private record CountingBuilder(AtomicInteger built) implements VertxBuilder {

    @Override
    public Future<Vertx> buildClustered() {
      built.incrementAndGet();
      return Future.failedFuture("not in this test");
    }

    @Override
    public Vertx build() {
      throw new UnsupportedOperationException();
    }

    @Override
    public VertxBuilder with(VertxOptions options) {
      return this;
    }

    @Override
    public VertxBuilder withMetrics(VertxMetricsFactory factory) {
      return this;
    }

    @Override
    public VertxBuilder withTracer(VertxTracerFactory factory) {
      return this;
    }

    @Override
    public VertxBuilder withTransport(Transport transport) {
      return this;
    }

    @Override
    public VertxBuilder withClusterManager(ClusterManager manager) {
      return this;
    }
  }
}
