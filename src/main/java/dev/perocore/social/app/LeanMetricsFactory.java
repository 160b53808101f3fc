package dev.perocore.social.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.impl.MicrometerMetrics;

/**
 * vertx-micrometer's metrics, all of them, with the event-bus part swapped for {@link
 * LeanEventBusMetrics} (same meters, looked up once) when the address label is off.
 */
final class LeanMetricsFactory implements VertxMetricsFactory {

  private final MicrometerMetricsFactory stock;
  private final MeterRegistry registry;

  LeanMetricsFactory(MeterRegistry registry) {
    this.stock = new MicrometerMetricsFactory(registry);
    this.registry = registry;
  }

  @Override
  public VertxMetrics metrics(VertxOptions options) {
    VertxMetrics metrics = stock.metrics(options);
    if (options.getMetricsOptions() instanceof MicrometerMetricsOptions micrometer
        && !micrometer.getLabels().contains(Label.EB_ADDRESS)) {
      return new Lean(metrics, micrometer);
    }
    return metrics;
  }

  @Override
  public MetricsOptions newOptions() {
    return stock.newOptions();
  }

  @Override
  public MetricsOptions newOptions(MetricsOptions options) {
    return stock.newOptions(options);
  }

  @Override
  public MetricsOptions newOptions(JsonObject json) {
    return stock.newOptions(json);
  }

  /**
   * Every call to the stock metrics, but the event bus's. A MicrometerMetrics too, as the stock
   * one is, so MetricsService still finds its registry.
   */
  private final class Lean implements VertxMetrics, MicrometerMetrics {
    private final VertxMetrics stock;
    private final MicrometerMetricsOptions options;

    Lean(VertxMetrics stock, MicrometerMetricsOptions options) {
      this.stock = stock;
      this.options = options;
    }

    /**
     * The registry the stock metrics write to: vertx-micrometer shares one per registry name in a
     * JVM, so with two Vert.x alive at once it may not be the one this factory was given.
     */
    @Override
    public MeterRegistry registry() {
      return stock instanceof MicrometerMetrics micrometer ? micrometer.registry() : registry;
    }

    @Override
    public String baseName() {
      return stock instanceof MicrometerMetrics micrometer ? micrometer.baseName() : "";
    }

    @Override
    public EventBusMetrics<?> createEventBusMetrics() {
      EventBusMetrics<?> eventBus = stock.createEventBusMetrics();
      return eventBus == null ? null
          : new LeanEventBusMetrics(eventBus, registry(),
              options.getMetricsNaming().withBaseName(MetricsDomain.EVENT_BUS.getPrefix()),
              options.getLabels());
    }

    @Override
    public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions o, SocketAddress a) {
      return stock.createHttpServerMetrics(o, a);
    }

    @Override
    public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress a, String type, String namespace) {
      return stock.createClientMetrics(a, type, namespace);
    }

    @Override
    public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions o) {
      return stock.createHttpClientMetrics(o);
    }

    @Override
    public TCPMetrics<?> createNetServerMetrics(NetServerOptions o, SocketAddress a) {
      return stock.createNetServerMetrics(o, a);
    }

    @Override
    public TCPMetrics<?> createNetClientMetrics(NetClientOptions o) {
      return stock.createNetClientMetrics(o);
    }

    @Override
    public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions o) {
      return stock.createDatagramSocketMetrics(o);
    }

    @Override
    public PoolMetrics<?, ?> createPoolMetrics(String type, String name, int maxSize) {
      return stock.createPoolMetrics(type, name, maxSize);
    }

    @Override
    public void vertxCreated(Vertx vertx) {
      stock.vertxCreated(vertx);
    }

    @Override
    public boolean isMetricsEnabled() {
      return stock.isMetricsEnabled();
    }

    @Override
    public void close() {
      stock.close();
    }
  }
}
