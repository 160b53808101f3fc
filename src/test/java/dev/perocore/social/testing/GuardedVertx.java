package dev.perocore.social.testing;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.GuardConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A Vert.x instance whose blocked-thread checker and guard run on short test durations. */
public final class GuardedVertx {

  public final Vertx vertx;
  public final PrometheusMeterRegistry registry;
  public final Guard guard;

  private GuardedVertx(GuardConfig config, int eventLoops) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    vertx = Vertx.vertx(new VertxOptions()
        .setEventLoopPoolSize(eventLoops)
        .setBlockedThreadCheckInterval(config.blockedCheckInterval().toMillis())
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setMaxEventLoopExecuteTime(config.maxEventLoopExecute().toMillis())
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setMaxWorkerExecuteTime(config.maxWorkerExecute().toMillis())
        .setMaxWorkerExecuteTimeUnit(TimeUnit.MILLISECONDS));
    guard = Guard.install(vertx, registry, config);
  }

  /** Checks every 50 ms, counts a loop task over 100 ms as blocking, stalls after 150 ms. */
  public static GuardedVertx fast() {
    return new GuardedVertx(TestConfig.guard(Map.of(
        "guard.blocked_check_interval", "50ms",
        "guard.max_event_loop_execute", "100ms",
        "guard.max_worker_execute", "300ms",
        "guard.lag_probe_interval", "20ms",
        "guard.stall_after", "150ms",
        "guard.liveness_block_limit", "300ms")), 4);
  }

  public static GuardedVertx with(GuardConfig config) {
    return new GuardedVertx(config, 4);
  }

  /** The sum over every series of {@code name} that has {@code tags} (and maybe others). */
  public double counter(String name, String... tags) {
    return registry.find(name).tags(tags).counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
  }

  public double gauge(String name, String... tags) {
    var gauge = registry.find(name).tags(tags).gauge();
    return gauge == null ? 0 : gauge.value();
  }

  public void close() {
    OnContext.await(vertx.close());
  }
}
