package dev.perocore.social.app;

import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.EnumSet;

/**
 * One Prometheus registry for everything: Vert.x's own {@code vertx_*} meters, the JVM's {@code
 * jvm_*} and {@code process_*}, and our {@code social_*}. Created before Vert.x so the same
 * instance is both handed to Vert.x and injected into our components (an argument-less
 * PrometheusRequestHandler would scrape an empty registry of its own).
 */
final class MetricsSetup {

  private MetricsSetup() {}

  static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // JVM memory, GC, threads, CPU and uptime come from vertx-micrometer's JVM metrics; open
    // files are the one process_* family it leaves out.
    new FileDescriptorMetrics().bindTo(registry);
    return registry;
  }

  static MicrometerMetricsOptions options() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        // Low-cardinality labels only: no remote addresses, no raw paths. The local address tells
        // the service and management servers apart (one value per server): without it they share
        // one vertx_http_server_active_connections gauge and Micrometer warns at start-up.
        .setLabels(EnumSet.of(Label.POOL_TYPE, Label.POOL_NAME, Label.HTTP_METHOD, Label.HTTP_CODE,
            Label.HTTP_ROUTE, Label.EB_SIDE, Label.EB_FAILURE, Label.CLASS_NAME, Label.NAMESPACE,
            Label.CLIENT_NAME, Label.LOCAL));
  }
}
