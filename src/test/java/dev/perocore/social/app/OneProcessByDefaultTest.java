package dev.perocore.social.app;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.testing.TestConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** cluster.enabled false (the default): the embedded single process, exactly as before. */
class OneProcessByDefaultTest {

  @Test
  void theDefaultStartsNoHazelcastAndNoClusterThreads() {
    AppConfig config = TestConfig.defaults().app();
    assertFalse(config.cluster().enabled());
    assertTrue(config.cluster().brainLocal());
    Vertx vertx = VertxSetup.builder(config,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new VertxOptions()).build();
    try {
      assertFalse(vertx.isClustered());
      List<String> hazelcast = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
          .filter(n -> n.startsWith("hz.") || n.toLowerCase().contains("hazelcast")).toList();
      assertEquals(List.of(), hazelcast);
    } finally {
      await(vertx.close());
    }
  }
}
