package dev.perocore.social.ops;

import dev.perocore.social.guard.TaskSet;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the registry's Prometheus text, written on a worker thread.
 *
 * <p>Why not on the management server's event loop (Vert.x's {@code PrometheusScrapingHandler}
 * does that): a scrape walks every series and builds the whole text at once. On a busy 2-core
 * machine that took longer than {@code guard.max_event_loop_execute}, so the scrape that was to
 * report a stall was itself reported as a blocked loop (PrometheusEndToEndIT saw EventLoopBlocked
 * fire with the scrape on the blocked thread's stack). A worker keeps the loop free for the
 * probes, which share its port. Scrapes that arrive while one is being built share it, so slow
 * scrapes and Prometheus's retries never pile up on the workers; each is a task of the server's
 * set ({@value #KIND}) under a named deadline.
 */
final class MetricsScrape implements Handler<RoutingContext> {

  /** The task kind (and timeout op) of one scrape. */
  static final String KIND = "ops.metrics.scrape";
  /** Prometheus's own default scrape timeout: an answer later than this is read by nobody. */
  static final Duration LIMIT = Duration.ofSeconds(10);

  /** Prometheus's text exposition format, as the Vert.x handler sends it. */
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final Supplier<TaskSet> tasks;
  private final PrometheusMeterRegistry registry;
  /** The scrape being built, shared by requests that arrive meanwhile; on the server's loop. */
  private Future<String> building;

  MetricsScrape(Vertx vertx, Supplier<TaskSet> tasks, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.tasks = tasks;
    this.registry = registry;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (building == null || building.isComplete()) {
      building = tasks.get().run(KIND, "", LIMIT,
          () -> vertx.executeBlocking(registry::scrape, false));
    }
    building
        .onSuccess(text -> ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
            .end(text)
            .onFailure(ignored -> { })) // the scraper went away; the next scrape says the same
        .onFailure(ctx::fail);
  }
}
