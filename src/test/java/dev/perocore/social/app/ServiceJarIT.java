package dev.perocore.social.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.testing.BlockHoundJarMain;
import dev.perocore.social.testing.JarProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as users run it: a separate process, real ports, a real signal. */
class ServiceJarIT {

  @Test
  void startsOnItsDefaultsServesHealthAndMetricsAndStopsCleanlyOnSigterm(@TempDir Path dir)
      throws Exception {
    // Under BlockHound: a blocking call on an event loop, at start-up, while serving or while
    // stopping, prints a line. (The blocked-thread checker's wall clock is no proof either way: on
    // a loaded machine a loop that only computes is descheduled past its 200 ms.)
    try (JarProcess service = JarProcess.startUnderBlockHound(dir, Map.of())) {
      Duration ready = service.awaitReady(Duration.ofSeconds(60));
      System.out.printf("jar ready after %d ms (process start to /health/ready 200)%n", ready.toMillis());

      assertEquals(200, service.get(service.managementPort, "/health/live").statusCode());
      HttpResponse<String> metrics = service.get(service.managementPort, "/metrics");
      assertEquals(200, metrics.statusCode());
      for (String family : List.of("social_loop_blocked_events_total", "social_loop_blocked_episodes_total",
          "social_loop_blocked_seconds_max", "social_eventloop_lag_seconds_bucket", "vertx_http_server",
          "vertx_pool_", "jvm_memory_used_bytes", "jvm_gc_", "process_cpu_usage", "process_uptime_seconds",
          "process_files_open_files")) {
        assertTrue(metrics.body().contains(family), family + " missing from /metrics");
      }
      // Vert.x's families stay on (ARCHITECTURE), the event bus's too, whatever they cost a burst.
      assertTrue(metrics.body().contains("vertx_eventbus_"), "vertx_eventbus_* missing from /metrics");
      // Each SQL pool and each server has its own series (no gauge registered twice).
      for (String series : List.of("vertx_sql_processing_pending{client_namespace=\"store-writer\"}",
          "vertx_sql_processing_pending{client_namespace=\"store-readers\"}",
          "vertx_http_server_active_connections{local=\"127.0.0.1:" + service.managementPort)) {
        assertTrue(metrics.body().contains(series), series + " missing from /metrics");
      }

      assertEquals(0, service.terminate(Duration.ofSeconds(30)), service.output());
      String log = service.output();
      assertTrue(log.contains(BlockHoundJarMain.INSTALLED), "BlockHound was not on:\n" + log);
      assertFalse(log.contains(BlockHoundJarMain.MARK),
          "a cold start must not make a blocking call on an event loop:\n" + log);
      assertTrue(log.contains("SIGTERM received"), log);
      assertTrue(log.contains("stopped service-server"), log);
      assertTrue(log.indexOf("stopped service-server") < log.indexOf("stopped management-server"),
          "the service port stops first, the management port last");
      assertTrue(log.contains("stopped cleanly"), log);
      assertFalse(log.contains("has been already registered"), log);
      assertEquals(1, log.lines().filter(l -> l.contains("SIGTERM received")).count(), log);
    }
  }

  @Test
  void theChaosEndpointBlocksALoopAndTheLoopGuardCountsIt(@TempDir Path dir) throws Exception {
    try (JarProcess service = JarProcess.start(dir, Map.of(
        "SOCIAL_DEBUG_CHAOS", "true", "SOCIAL_ADMIN_TOKEN", "it-token"))) {
      service.awaitReady(Duration.ofSeconds(60));
      assertEquals(401, service.post(service.httpPort, "/api/v1/debug/block?ms=500", "wrong").statusCode());
      // Counted from here: a loaded machine's cold start may have had episodes of its own, and
      // this test proves only that its own block is counted.
      double before = eventLoopEpisodes(service);
      assertEquals(202, service.post(service.httpPort, "/api/v1/debug/block?ms=800", "it-token").statusCode());
      long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      double after = before;
      while (System.nanoTime() < giveUp) {
        after = eventLoopEpisodes(service);
        if (after > before && service.output().contains("debug.chaos: released")) {
          break;
        }
        Thread.sleep(100); // polls another process's metrics; nothing is asserted on time
      }
      assertTrue(service.output().contains("debug.chaos: released"), service.output());
      assertTrue(after >= before + 1, "the chaos block counted no episode (" + before + " before, "
          + after + " after):\n" + service.output());
      assertEquals(0, service.terminate(Duration.ofSeconds(30)), service.output());
    }
  }

  private static double eventLoopEpisodes(JarProcess service) throws Exception {
    String prefix = "social_loop_blocked_episodes_total{thread_kind=\"event_loop\"} ";
    return service.get(service.managementPort, "/metrics").body().lines()
        .filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()).trim()))
        .findFirst().orElseThrow(() -> new AssertionError("no " + prefix.trim() + " series"));
  }

  @Test
  void aBadConfigValueExitsTwoWithOneLineNamingTheKey(@TempDir Path dir) throws Exception {
    try (JarProcess service = JarProcess.start(dir, Map.of("SOCIAL_GUARD_STALL_AFTER", "soon"))) {
      assertEquals(2, service.awaitExit(Duration.ofSeconds(30)));
      List<String> lines = service.output().lines().filter(l -> !l.isBlank()).toList();
      assertEquals(1, lines.size(), lines.toString());
      assertTrue(lines.get(0).contains("guard.stall_after"), lines.get(0));
      assertTrue(lines.get(0).contains("soon"), lines.get(0));
    }
  }

  @Test
  void anUnknownCommandExitsTwoWithTheUsage(@TempDir Path dir) throws Exception {
    try (JarProcess service = JarProcess.start(dir, Map.of(), "launch-rockets")) {
      assertEquals(2, service.awaitExit(Duration.ofSeconds(30)));
      assertTrue(service.output().contains("usage:"), service.output());
    }
  }
}
