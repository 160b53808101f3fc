package dev.perocore.social.app;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.ops.AdminAuth;
import dev.perocore.social.ops.ChaosRoutes;
import dev.perocore.social.ops.ManagementServer;
import dev.perocore.social.ops.Readiness;
import dev.perocore.social.ops.RouteMount;
import dev.perocore.social.ops.ServiceServer;
import dev.perocore.social.ops.TasksApi;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the service together: which verticles exist, in which order, and what the service port
 * carries. The only place that knows every package.
 */
final class ServiceAssembly {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceAssembly.class);

  private final AppConfig config;
  private final Guard guard;
  private final PrometheusMeterRegistry registry;
  private final Readiness readiness = new Readiness();
  private final AtomicReference<ManagementServer> management = new AtomicReference<>();

  ServiceAssembly(AppConfig config, Guard guard, PrometheusMeterRegistry registry) {
    this.config = config;
    this.guard = guard;
    this.registry = registry;
  }

  Readiness readiness() {
    return readiness;
  }

  /** Deployment order; shutdown runs it backwards. */
  List<Component> components() {
    List<Component> list = new ArrayList<>();
    list.add(Component.single("management-server", () -> {
      ManagementServer server = new ManagementServer(guard, config.drainTimeout(),
          config.management(), registry, readiness);
      management.set(server);
      return server;
    }));
    list.add(Component.single("service-server",
        () -> new ServiceServer(guard, config.drainTimeout(), config.http(), serviceRoutes())));
    return list;
  }

  private List<RouteMount> serviceRoutes() {
    List<RouteMount> mounts = new ArrayList<>();
    mounts.add(new AdminAuth(config.adminToken()));
    mounts.add(new TasksApi(guard));
    if (config.debugChaos()) {
      LOG.warn("debug.chaos is on: POST /api/v1/debug/block can block an event loop on purpose");
      mounts.add(new ChaosRoutes(this::protectedLoops));
    }
    return mounts;
  }

  private Set<EventLoop> protectedLoops() {
    ManagementServer server = management.get();
    return server == null || server.eventLoop() == null ? Set.of() : Set.of(server.eventLoop());
  }
}
