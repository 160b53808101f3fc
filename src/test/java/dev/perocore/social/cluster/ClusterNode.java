package dev.perocore.social.cluster;

import static dev.perocore.social.testing.OnContext.await;

import dev.perocore.social.brain.BrainRoute;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.testing.TestConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

/** A real Vert.x node clustered over loopback (Hazelcast TCP-IP join on 127.0.0.1). */
final class ClusterNode implements AutoCloseable {

  final Vertx vertx;
  final Guard guard;
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final HazelcastClusterManager manager;
  final ClusterConfig config;
  final long joinMillis;

  private ClusterNode(ClusterConfig config, BrainRoute route) {
    this.config = config;
    this.manager = HazelcastSetup.manager(config);
    long started = System.nanoTime();
    this.vertx = await(new JoinDeadline(Vertx.builder()
        .with(HazelcastSetup.eventBus(new VertxOptions().setEventLoopPoolSize(2), config))
        .withClusterManager(manager), config).buildClustered());
    this.joinMillis = (System.nanoTime() - started) / 1_000_000;
    org.slf4j.LoggerFactory.getLogger(ClusterNode.class).info("joined {} in {} ms",
        config.port(), joinMillis);
    BrainRoute.set(vertx, route);
    this.guard = Guard.install(vertx, registry, TestConfig.guard(Map.of(
        "guard.blocked_check_interval", "100ms", "guard.max_event_loop_execute", "500ms",
        "guard.max_worker_execute", "5s", "guard.stall_after", "10s")));
  }

  /** The first node: it lists only itself, so it starts the cluster without waiting for peers. */
  static ClusterNode seed(int port, BrainRoute route) {
    return join(port, List.of(port), route);
  }

  /** A node at {@code port} that looks for members on {@code ports} (all on 127.0.0.1). */
  static ClusterNode join(int port, List<Integer> ports, BrainRoute route) {
    return new ClusterNode(config(port, ports), route);
  }

  static ClusterConfig config(int port, List<Integer> ports) {
    return TestConfig.defaults().with(Map.of(
        "cluster.enabled", true,
        "cluster.join", "tcp",
        "cluster.members", ports.stream().map(p -> "127.0.0.1:" + p).toList(),
        "cluster.host", "127.0.0.1",
        "cluster.port", port,
        "cluster.join_timeout", "30s")).app().cluster();
  }

  /** A port free on loopback now (Hazelcast binds it a moment later). */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int members() {
    return manager.getNodes().size();
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
