package dev.perocore.social.app;

import dev.perocore.social.app.config.AppConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;

/**
 * The Vert.x instance the service runs on: threads and blocked-thread limits from {@code guard.*}
 * and {@code vertx.*}, metrics into the one shared registry. The service and the whole-service
 * benchmark both build it here, so the benchmark measures what production runs.
 */
final class VertxSetup {

  private VertxSetup() {}

  static VertxBuilder builder(AppConfig config, PrometheusMeterRegistry registry, VertxOptions options) {
    options
        .setBlockedThreadCheckInterval(config.guard().blockedCheckInterval().toMillis())
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setMaxEventLoopExecuteTime(config.guard().maxEventLoopExecute().toMillis())
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setMaxWorkerExecuteTime(config.guard().maxWorkerExecute().toMillis())
        .setMaxWorkerExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setWarningExceptionTime(config.guard().maxEventLoopExecute().toMillis())
        .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS)
        .setWorkerPoolSize(config.workerPoolSize())
        .setMetricsOptions(MetricsSetup.options())
        .setPreferNativeTransport(config.nativeTransport());
    if (config.eventLoops() > 0) {
      options.setEventLoopPoolSize(config.eventLoops());
    }
    return Vertx.builder().with(options).withMetrics(new LeanMetricsFactory(registry));
  }

  /** Which transport the event loops run on, and why when it is not the one asked for. */
  static String transport(Vertx vertx, AppConfig config) {
    if (vertx.isNativeTransportEnabled()) {
      return "vertx: event loops on epoll (vertx.native_transport)";
    }
    if (!config.nativeTransport()) {
      return "vertx: event loops on Java NIO (vertx.native_transport: false)";
    }
    Throwable cause = vertx.unavailableNativeTransportCause();
    return "vertx: event loops on Java NIO: the native transport is unavailable here ("
        + (cause == null ? "no reason given" : String.valueOf(cause.getMessage())) + ")";
  }
}
