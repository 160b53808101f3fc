package dev.perocore.social.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.perocore.social.testing.OnContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The Vert.x meters the service registers: every {@code vertx_*} family stays on (ARCHITECTURE's
 * metrics contract), the event bus's too. Built here with vertx-micrometer's own factory, which
 * looks each event-bus meter up per message (HandOffBenchmark); the service counts the same
 * meters through LeanEventBusMetrics, which LeanEventBusMetricsTest holds to this scrape.
 */
class MetricsSetupTest {

  @Test
  void theVertxFamiliesStayOnTheEventBusIncluded() {
    // Quietly: Vert.x registers the pending gauge again per message, and Micrometer warns once.
    Logger meterRegistry = (Logger) LoggerFactory.getLogger(MeterRegistry.class);
    Level level = meterRegistry.getLevel();
    meterRegistry.setLevel(Level.ERROR);
    List<String> names;
    try {
      names = metersAfterOneLocalPublish(MetricsSetup.options());
    } finally {
      meterRegistry.setLevel(level);
    }
    assertTrue(names.contains("vertx.eventbus.published"), names.toString());
    assertTrue(names.contains("vertx.eventbus.received"), names.toString());
    assertTrue(names.stream().anyMatch(n -> n.startsWith("vertx.pool")), names.toString());
    assertTrue(names.stream().anyMatch(n -> n.startsWith("jvm.memory")), names.toString());
  }

  private static List<String> metersAfterOneLocalPublish(MicrometerMetricsOptions options) {
    PrometheusMeterRegistry registry = MetricsSetup.newRegistry();
    Vertx vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(options))
        .withMetrics(new MicrometerMetricsFactory(registry)).build();
    try {
      Promise<String> heard = Promise.promise();
      MessageConsumer<String> consumer = vertx.eventBus()
          .localConsumer("social.session.0", m -> heard.tryComplete(m.body()));
      OnContext.await(consumer.completion());
      vertx.eventBus().publish("social.session.0", "event");
      assertEquals("event", OnContext.await(heard.future()));
      return registry.getMeters().stream().map(Meter::getId).map(Meter.Id::getName).distinct()
          .sorted().toList();
    } finally {
      OnContext.await(vertx.close());
    }
  }
}
