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
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The Vert.x meters the service registers (issue 12): no {@code vertx_eventbus_*} — their lookups
 * per message and per consumer were the largest share of the gateway -> shard hand-off — while the
 * other Vert.x families (pools, the JVM's) stay on.
 */
class MetricsSetupTest {

  @Test
  void theEventBusIsNotMeteredButTheOtherVertxFamiliesAre() {
    List<String> names = metersAfterOneLocalPublish(MetricsSetup.options());
    assertTrue(names.stream().noneMatch(n -> n.startsWith("vertx.eventbus")), names.toString());
    assertTrue(names.stream().anyMatch(n -> n.startsWith("vertx.pool")), names.toString());
    assertTrue(names.stream().anyMatch(n -> n.startsWith("jvm.memory")), names.toString());
  }

  @Test
  void withTheCategoryOnTheSamePublishIsMetered() {
    // The control: the same traffic through options that leave the category on registers the
    // family, so the test above sees the setting, not an absence of traffic. (Quietly: Vert.x
    // registers the pending gauge again per message, and Micrometer warns about it once.)
    Logger meterRegistry = (Logger) LoggerFactory.getLogger(MeterRegistry.class);
    Level level = meterRegistry.getLevel();
    meterRegistry.setLevel(Level.ERROR);
    List<String> names;
    try {
      names = metersAfterOneLocalPublish(
          MetricsSetup.options().setDisabledMetricsCategories(new HashSet<>()));
    } finally {
      meterRegistry.setLevel(level);
    }
    assertTrue(names.contains("vertx.eventbus.published"), names.toString());
    assertTrue(names.contains("vertx.eventbus.received"), names.toString());
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
