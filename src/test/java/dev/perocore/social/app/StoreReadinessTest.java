package dev.perocore.social.app;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.app.config.ConfigLoader;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.Poll;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health/ready} on the management port, as the service assembles it: down with the
 * reason while the store's write transactions fail (here: the database locked from outside when
 * housekeeping writes), up again once one commits.
 */
class StoreReadinessTest {

  @TempDir Path dir;

  @Test
  void readinessIsDownWithTheReasonWhileTheDatabaseIsLockedAndUpAfter() throws Exception {
    JsonObject merged = ConfigLoader.defaults();
    Path db = dir.resolve("social.db");
    ConfigLoader.overlay(merged, Map.of("http.port", 0, "management.port", 0,
        "store.path", db, "store.busy_timeout", "100ms", "store.write_timeout", "300ms",
        "store.retry_backoff_max", "50ms", "store.housekeeping_interval", "1s"));
    AppConfig config = AppConfig.from(merged);
    GuardedVertx gv = GuardedVertx.fast();
    try {
      ServiceAssembly assembly = new ServiceAssembly(config, gv.guard, gv.registry);
      await(gv.vertx.deployVerticle(new ServiceSupervisor(assembly.components(), gv.guard,
          assembly.readiness(), Duration.ofSeconds(2), assembly::stopReading)));
      WebClient http = WebClient.create(gv.vertx);
      assertEquals(200, ready(http, assembly).getInteger("code"));

      try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement s = other.createStatement()) {
        s.execute("BEGIN IMMEDIATE");   // another process holds the write lock
        await(Poll.until(gv.vertx, Duration.ofMillis(50), Duration.ofSeconds(20),
            "readiness down: the store's writes fail (busy)", () -> readyFuture(http, assembly)
                .map(r -> r.getInteger("code") == 503 && r.getJsonObject("body").encode()
                    .contains("commits failing (busy)"))));
        s.execute("COMMIT");
      }
      await(Poll.until(gv.vertx, Duration.ofMillis(50), Duration.ofSeconds(20),
          "readiness up again", () -> readyFuture(http, assembly)
              .map(r -> r.getInteger("code") == 200)));
      assertTrue(gv.counter("social.store.commit.failures", "reason", "busy") >= 1);
      assertEquals(0.0, gv.gauge("social.store.commits.failing"));
    } finally {
      gv.close();
    }
  }

  private static JsonObject ready(WebClient http, ServiceAssembly assembly) {
    return await(readyFuture(http, assembly));
  }

  private static Future<JsonObject> readyFuture(WebClient http, ServiceAssembly assembly) {
    return http.get(assembly.managementPort(), "127.0.0.1", "/health/ready").send()
        .map(r -> new JsonObject().put("code", r.statusCode())
            .put("body", r.bodyAsJsonObject() == null ? new JsonObject() : r.bodyAsJsonObject()));
  }
}
