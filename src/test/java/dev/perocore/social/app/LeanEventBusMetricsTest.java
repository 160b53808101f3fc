package dev.perocore.social.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.Poll;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.MessageConsumerOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The lean event-bus metrics scrape exactly as vertx-micrometer's own after the same traffic:
 * publishes, sends, a request nobody answers, messages discarded by a full paused consumer,
 * consumers registered and unregistered, internal addresses left out.
 */
class LeanEventBusMetricsTest {

  @Test
  void scrapesExactlyAsTheStockEventBusMetrics() {
    // Quietly: the stock metrics register the pending gauge again per message and Micrometer warns.
    Logger meterRegistry = (Logger) LoggerFactory.getLogger(MeterRegistry.class);
    Level level = meterRegistry.getLevel();
    meterRegistry.setLevel(Level.ERROR);
    List<String> stock;
    List<String> lean;
    try {
      stock = eventBusLinesAfterTraffic(MicrometerMetricsFactory::new);
      lean = eventBusLinesAfterTraffic(LeanMetricsFactory::new);
    } finally {
      meterRegistry.setLevel(level);
    }
    assertFalse(stock.isEmpty());
    assertTrue(stock.stream().anyMatch(l -> l.startsWith("vertx_eventbus_published_total{side=\"local\"} 6.0")),
        stock.toString());
    assertTrue(stock.stream().anyMatch(l -> l.startsWith("vertx_eventbus_discarded_total{side=\"local\"}")),
        stock.toString());
    assertEquals(stock, lean);
  }

  private static List<String> eventBusLinesAfterTraffic(
      Function<PrometheusMeterRegistry, VertxMetricsFactory> factory) {
    PrometheusMeterRegistry registry = MetricsSetup.newRegistry();
    Vertx vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(MetricsSetup.options()))
        .withMetrics(factory.apply(registry)).build();
    try {
      EventBus bus = vertx.eventBus();
      AtomicInteger heard = new AtomicInteger();
      MessageConsumer<String> a = bus.localConsumer("test.a", m -> heard.incrementAndGet());
      MessageConsumer<String> b = bus.consumer("test.b", m -> m.reply("ok"));
      MessageConsumer<String> full = bus.<String>consumer(new MessageConsumerOptions()
          .setAddress("test.full").setLocalOnly(true).setMaxBufferedMessages(1), m -> { });
      full.pause();
      OnContext.await(a.completion());
      OnContext.await(b.completion());
      OnContext.await(full.completion());
      for (int i = 0; i < 3; i++) {
        bus.publish("test.a", "p" + i);
        bus.publish("test.full", "f" + i);
      }
      bus.send("test.a", "s0");
      bus.send("test.a", "s1", new DeliveryOptions().setLocalOnly(true));
      OnContext.await(bus.request("test.b", "r"));
      OnContext.failure(bus.request("test.nobody", "r"));
      OnContext.await(Poll.untilTrue(vertx, "five heard on test.a", () -> heard.get() == 5));
      OnContext.await(Poll.untilTrue(vertx, "processed and discarded counted", () -> {
        var processed = registry.find("vertx.eventbus.processed").tag("side", "local").counter();
        var discarded = registry.find("vertx.eventbus.discarded").tag("side", "local").counter();
        return processed != null && processed.count() == 6 && discarded != null && discarded.count() == 2;
      }));
      OnContext.await(a.unregister());
      return Arrays.stream(registry.scrape().split("\n")).filter(l -> l.contains("vertx_eventbus"))
          .sorted().toList();
    } finally {
      OnContext.await(vertx.close());
    }
  }
}
