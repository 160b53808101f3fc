package dev.perocore.social.app;

import static dev.perocore.social.testing.OnContext.await;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.brain.BrainRoute;
import dev.perocore.social.cluster.HazelcastSetup;
import dev.perocore.social.cluster.JoinDeadline;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.testing.TestConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A whole full node (gateway, sessions, store, admin API) as the service assembles it, on a real
 * Vert.x clustered over loopback (Hazelcast TCP-IP join on 127.0.0.1), with its own SQLite file.
 */
final class ClusterFullNode implements AutoCloseable {

  static final String TOKEN = "cluster-admin-token-for-tests";

  final String name;
  final Vertx vertx;
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final HazelcastClusterManager manager;
  final ServiceAssembly assembly;
  final WebClient http;
  private boolean closed;

  ClusterFullNode(String name, Path dir, int port, int seedPort, Map<String, ?> more) {
    this.name = name;
    AppConfig config = TestConfig.defaults().with(Map.of(
        "http.port", 0, "management.port", 0, "admin.token", TOKEN,
        "store.path", dir.resolve(name + ".db").toString(),
        "cluster.enabled", true, "cluster.members", List.of("127.0.0.1:" + seedPort),
        "cluster.port", port, "cluster.node_name", name, "cluster.join_timeout", "30s",
        "cluster.admin_timeout", "1s")).with(more).app();
    this.manager = HazelcastSetup.manager(config.cluster());
    this.vertx = await(new JoinDeadline(Vertx.builder()
        .with(HazelcastSetup.eventBus(new VertxOptions().setEventLoopPoolSize(2), config.cluster()))
        .withClusterManager(manager), config.cluster()).buildClustered());
    BrainRoute.set(vertx, BrainRoute.LOCAL);
    Guard guard = Guard.install(vertx, registry, config.guard());
    this.assembly = new ServiceAssembly(config, guard, registry, manager);
    await(vertx.deployVerticle(new ServiceSupervisor(assembly.components(),
        guard, assembly.readiness(), Duration.ofSeconds(5), assembly::stopReading)));
    this.http = WebClient.create(vertx);
  }

  int servicePort() {
    return assembly.servicePort();
  }

  /** {@code GET /api/v1/<path>} with the admin token; the JSON body. */
  Future<JsonObject> admin(String path) {
    return http.get(servicePort(), "127.0.0.1", "/api/v1/" + path)
        .putHeader("Authorization", "Bearer " + TOKEN).send()
        .map(r -> {
          if (r.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.bodyAsString());
          }
          return r.bodyAsJsonObject();
        });
  }

  /** {@code POST /api/v1/<path>} with the admin token: the status and the JSON body. */
  Future<Map.Entry<Integer, JsonObject>> adminPost(String path, JsonObject body) {
    return http.post(servicePort(), "127.0.0.1", "/api/v1/" + path)
        .putHeader("Authorization", "Bearer " + TOKEN).sendJsonObject(body)
        .map(r -> Map.entry(r.statusCode(), r.bodyAsJsonObject()));
  }

  /** Tasks of {@code kind} started on this node, whatever their outcome. */
  double tasks(String kind) {
    return registry.find("social.tasks").tag("kind", kind).counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  double counter(String metric) {
    return registry.find(metric).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  /** A clean stop, as on SIGTERM: closing Vert.x runs the ordered shutdown, then leaves. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    await(vertx.close());
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
