package dev.perocore.social.app;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.brain.BrainVerticle;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.ops.HealthCheck;
import dev.perocore.social.ops.ManagementServer;
import dev.perocore.social.ops.Readiness;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * {@code java -jar social-adapter.jar brain} (issue 17): a node that serves only the brain's
 * addresses to the cluster ({@code social.brain}, summaries, request verdicts) and the management
 * port (metrics, probes). No gateway, no store, no QQ connection; the only holder of LLM keys.
 */
final class BrainNodeAssembly implements NodeAssembly {

  private final Readiness readiness = new Readiness();
  private final ManagementServer management;
  private final BrainVerticle brain;

  /** Built on the main thread (the brain prepares its HTTP client there). */
  BrainNodeAssembly(AppConfig config, Guard guard, PrometheusMeterRegistry registry,
      IntSupplier members) {
    this.management = new ManagementServer(guard, config.drainTimeout(), config.management(),
        registry, readiness, config.managementLimits());
    this.brain = new BrainVerticle(guard, config.drainTimeout(), config.brain());
    readiness.require("cluster", () -> HealthCheck.up(members.getAsInt() + " member(s)"));
  }

  @Override
  public List<Component> components() {
    return List.of(Component.single(management.name(), () -> management),
        Component.single(brain.name(), () -> brain));
  }

  @Override
  public Readiness readiness() {
    return readiness;
  }

  @Override
  public Future<Void> stopReading() {
    return Future.succeededFuture();
  }
}
